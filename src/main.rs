//! The `docsite` command line: arguments → a library call → printed results and an exit code.
//!
//! This is the only place that prints. Exit codes: 0 success, 1 problems in the site's files,
//! 2 usage or I/O errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use docsite::diagnostic::Diagnostic;
use docsite::{BuildOptions, CheckOptions, Error};

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
    /// Check the code blocks of every post without building: Dockerfiles, Python,
    /// requirements.txt, shell and data blocks, and each article's files together
    Check {
        /// The site root, holding `docsite.yaml` and `content/`
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format: `human` (rustc-style) or `json` (one object per line)
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat warnings as errors
        #[arg(long)]
        deny_warnings: bool,
        /// Check pages marked `draft: true` too
        #[arg(long)]
        drafts: bool,
    },
    /// Explain a rule: what it checks, why, and a bad and a good example
    Explain {
        /// A docsite rule id (DF012) or a hadolint id (DL3042)
        rule: String,
    },
    /// List every rule as a Markdown table
    Rules,
    /// Create a new site in DIR (missing or empty) that builds with the default theme
    Init {
        /// Where to create the site
        dir: PathBuf,
    },
}

/// How `docsite check` prints.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style text.
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check {
            root,
            format,
            deny_warnings,
            drafts,
        } => {
            let options = CheckOptions {
                root,
                drafts,
                deny_warnings,
            };
            docsite::check(&options).map(|report| {
                match format {
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
                    return ExitCode::from(1);
                }
                ExitCode::SUCCESS
            })
        }
        Command::Explain { rule } => match docsite::check::rules::find(&rule) {
            Some(rule) => {
                println!("{}", docsite::check::explain(rule));
                Ok(ExitCode::SUCCESS)
            }
            None => {
                eprintln!("error: no rule `{rule}`; `docsite rules` lists them all");
                Ok(ExitCode::from(2))
            }
        },
        Command::Rules => {
            print!("{}", docsite::check::rules_table());
            Ok(ExitCode::SUCCESS)
        }
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
                print_diagnostics(&report.warnings);
                eprintln!(
                    "built {} pages and {} sections ({} files) into {} in {} ms",
                    report.pages,
                    report.sections,
                    report.files,
                    report.output.display(),
                    report.elapsed.as_millis()
                );
                ExitCode::SUCCESS
            })
        }
        Command::Init { dir } => docsite::init::init(&dir).map(|()| {
            eprintln!("created a new site in {}", dir.display());
            eprintln!("next: cd {} && docsite build", dir.display());
            ExitCode::SUCCESS
        }),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            report(&err);
            ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
        }
    }
}

/// Print diagnostics in rustc's format, coloured on a terminal unless NO_COLOR is set.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        eprintln!("{}\n", diagnostic.render(color));
    }
}

/// Print an error for people: every diagnostic in rustc's format, then a one-line summary.
fn report(err: &Error) {
    if let Error::Diagnostics(diagnostics) = err {
        print_diagnostics(diagnostics);
        eprintln!("error: build failed: {err}");
    } else {
        eprintln!("error: {err}");
    }
}
