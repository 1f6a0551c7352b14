//! `docsite init`: a new site that builds with the default theme.

use std::path::PathBuf;
use std::process::ExitCode;

use docsite::Result;

/// Create a new site in DIR (missing or empty) that builds with the default theme
#[derive(clap::Args)]
pub struct InitArgs {
    /// Where to create the site
    dir: PathBuf,
}

/// Write the scaffold and say what to do next.
pub fn run(args: InitArgs) -> Result<ExitCode> {
    docsite::init::init(&args.dir).map(|()| {
        eprintln!("created a new site in {}", args.dir.display());
        eprintln!(
            "next: cd {} && docsite serve   (then open the address it prints)",
            args.dir.display()
        );
        ExitCode::SUCCESS
    })
}
