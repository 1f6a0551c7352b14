//! `docsite explain`: one rule's documentation.

use std::process::ExitCode;

use docsite::Result;

/// Explain a rule: what it checks, why, and a bad and a good example
#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A docsite rule id (DF012) or a hadolint id (DL3042)
    rule: String,
}

/// Print the rule's page; exit 2 for an unknown id.
pub fn run(args: ExplainArgs) -> Result<ExitCode> {
    Ok(match docsite::check::rules::find(&args.rule) {
        Some(rule) => {
            println!("{}", docsite::check::explain(rule));
            ExitCode::SUCCESS
        }
        None if docsite::check::rule_ids::is_hadolint_id(&args.rule) => {
            println!("{}", docsite::check::not_checked(&args.rule));
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "error: no rule `{}`; {}",
                args.rule,
                docsite::check::rule_ids::unknown_id_help(&args.rule)
            );
            ExitCode::from(2)
        }
    })
}
