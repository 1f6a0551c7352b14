//! `docsite check`: every problem of the site, without building it.

use std::process::ExitCode;

use clap::ValueEnum;
use docsite::{CheckOptions, Result};

use super::{print_diagnostics, SiteRoot};

/// Check the whole site without writing it: the code blocks of every post (Dockerfiles,
/// Python, requirements.txt, shell and data blocks, each article's files together), front
/// matter, docsite.yaml, templates and links, as `build` does
#[derive(clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteRoot,
    /// Output format: `human` (rustc-style) or `json` (one object per line)
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Treat warnings as errors
    #[arg(long)]
    deny_warnings: bool,
    /// Check pages marked `draft: true` too
    #[arg(long)]
    drafts: bool,
}

/// How `docsite check` prints.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style text.
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
}

/// Check, print every diagnostic; exit 1 when there are errors.
pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let options = CheckOptions {
        root: args.site.root,
        drafts: args.drafts,
        deny_warnings: args.deny_warnings,
    };
    docsite::check(&options).map(|report| {
        match args.format {
            Format::Human => {
                print_diagnostics(&report.diagnostics);
                eprintln!(
                    "{} in {} pages ({} ms)",
                    docsite::diagnostic::summary(&report.diagnostics),
                    report.pages,
                    report.elapsed.as_millis()
                );
            }
            Format::Json => {
                for diagnostic in &report.diagnostics {
                    println!("{}", diagnostic.to_json());
                }
            }
        }
        if report.has_errors() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    })
}
