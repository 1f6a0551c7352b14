//! `docsite rules`: every rule as the Markdown table the README embeds.

use std::process::ExitCode;

use docsite::Result;

/// List every rule as a Markdown table
#[derive(clap::Args)]
pub struct RulesArgs {}

/// Print the table.
pub fn run(_: RulesArgs) -> Result<ExitCode> {
    print!("{}", docsite::check::rules_table());
    Ok(ExitCode::SUCCESS)
}
