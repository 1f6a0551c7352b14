//! `docsite build`: the site into its output folder, replaced only on success.

use std::path::PathBuf;
use std::process::ExitCode;

use docsite::{BuildOptions, Result};

use super::{counted, print_diagnostics, SiteRoot};

/// Build the site into its output folder (default `public/`), replacing it only on success
#[derive(clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    site: SiteRoot,
    /// Output folder (relative paths are taken from the site root)
    #[arg(long)]
    output: Option<PathBuf>,
    /// Override `base_url` from docsite.yaml
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
}

/// Build, print the warnings and a one-line summary.
pub fn run(args: BuildArgs) -> Result<ExitCode> {
    let options = BuildOptions {
        root: args.site.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
    };
    docsite::build(&options).map(|report| {
        print_diagnostics(&report.warnings);
        let writes = report.writes;
        // A resumed build says how many pages it read again.
        let changed = report
            .changed_pages
            .map(|changed| format!(", {changed} changed"))
            .unwrap_or_default();
        eprintln!(
            "built {}{changed} and {} ({}: {} written, {} unchanged) into {} in {} ms",
            counted(report.pages, "page"),
            counted(report.sections, "section"),
            counted(report.files, "file"),
            writes.written,
            writes.kept,
            report.output.display(),
            report.elapsed.as_millis()
        );
        ExitCode::SUCCESS
    })
}
