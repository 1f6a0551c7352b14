//! The `docsite` command line: arguments → a library call → printed results and an exit code.
//!
//! This is the only place that prints. Exit codes: 0 success, 1 problems in the site's files,
//! 2 usage or I/O errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use docsite::{BuildOptions, Error};

/// A static site generator whose code blocks are checked, runnable projects.
#[derive(Parser)]
#[command(name = "docsite", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (default `public/`), replacing it only on success
    Build {
        /// The site root, holding `docsite.yaml` and `content/`
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (relative paths are taken from the site root)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override `base_url` from docsite.yaml
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site in DIR (missing or empty) that builds with the default theme
    Init {
        /// Where to create the site
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
            };
            docsite::build(&options).map(|report| {
                eprintln!(
                    "built {} pages and {} sections ({} files) into {} in {} ms",
                    report.pages,
                    report.sections,
                    report.files,
                    report.output.display(),
                    report.elapsed.as_millis()
                );
            })
        }
        Command::Init { dir } => docsite::init::init(&dir).map(|()| {
            eprintln!("created a new site in {}", dir.display());
            eprintln!("next: cd {} && docsite build", dir.display());
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err);
            ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
        }
    }
}

/// Print an error for people: every diagnostic in rustc's format, then a one-line summary.
fn report(err: &Error) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if let Error::Diagnostics(diagnostics) = err {
        for diagnostic in diagnostics {
            eprintln!("{}\n", diagnostic.render(color));
        }
        eprintln!("error: build failed: {err}");
    } else {
        eprintln!("error: {err}");
    }
}
