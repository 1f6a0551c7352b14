//! The `docsite` command line: arguments → a library call → printed results and an exit code.
//!
//! This is the only place that prints. Exit codes: 0 success, 1 problems in the site's files,
//! 2 usage or I/O errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc instead of glibc's allocator: a build allocates and frees millions of small values
/// (template contexts, HTML strings), and glibc's malloc/free were a quarter of its CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use docsite::diagnostic::Diagnostic;
use docsite::runner::docker::DockerMode;
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
    /// Serve the site on 127.0.0.1, rebuild on every change and reload the browser; build errors
    /// show in the page. Builds in memory: public/ is not touched
    Serve {
        /// The site root, holding `docsite.yaml` and `content/`
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Run each article's project for real: its `run` blocks and `test:` steps, in a fresh
    /// temporary copy of the project
    Test {
        /// Articles to test (source path, URL or folder name); default: all with steps
        pages: Vec<String>,
        /// The site root, holding `docsite.yaml` and `content/`
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// List the steps without running them
        #[arg(long)]
        list: bool,
        /// Show what each passing step printed (its last 60 lines), as failing steps do
        #[arg(long)]
        show_output: bool,
        /// Seconds each step may take (default: the page's `test_timeout`, else 120)
        #[arg(long)]
        timeout: Option<u64>,
        /// Test pages marked `draft: true` too
        #[arg(long)]
        drafts: bool,
        /// When steps that need Docker run: `auto` when `docker info` answers (else they are
        /// skipped), `require` (they fail when no engine answers), `skip`
        #[arg(long, value_enum, env = "DOCSITE_DOCKER", default_value = "auto")]
        docker: DockerMode,
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
        Command::Serve {
            root,
            bind,
            port,
            open,
            drafts,
        } => {
            let _ = ctrlc::set_handler(|| {
                eprintln!("\nstopped");
                std::process::exit(0);
            });
            let options = docsite::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
            };
            docsite::serve::serve(options, &mut |event| print_serve_event(event, open))
                .map(|()| ExitCode::SUCCESS)
        }
        Command::Test {
            pages,
            root,
            list,
            show_output,
            timeout,
            drafts,
            docker,
        } => {
            let options = docsite::TestOptions {
                root,
                pages,
                timeout,
                drafts,
                docker,
            };
            if list {
                docsite::test_plan(&options).map(|plan| {
                    for (page, steps) in plan {
                        println!("{} ({})", page.source.display(), page.title());
                        for step in steps {
                            let docker = if step.needs_docker() {
                                "  [needs Docker]"
                            } else {
                                ""
                            };
                            println!("  {}{docker}\n      from {}", step.command, step.origin);
                        }
                    }
                    ExitCode::SUCCESS
                })
            } else {
                let _ = ctrlc::set_handler(|| {
                    eprintln!("\ninterrupted: stopping the step, then removing what it started");
                    docsite::runner::interrupt();
                });
                docsite::test(&options, &mut |event| print_test_event(event, show_output))
                    .map(|results| print_test_summary(&results))
            }
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

fn print_serve_event(event: docsite::serve::ServeEvent, open: bool) {
    use docsite::serve::ServeEvent;
    match event {
        ServeEvent::Listening(url) => {
            println!("serving at {url}  (Ctrl-C to stop)");
            use std::io::Write;
            let _ = std::io::stdout().flush();
            if open {
                let opener = if cfg!(target_os = "macos") {
                    "open"
                } else {
                    "xdg-open"
                };
                let _ = std::process::Command::new(opener).arg(url).spawn();
            }
        }
        ServeEvent::Built {
            what,
            elapsed,
            warnings,
        } => {
            print_diagnostics(warnings);
            eprintln!("rebuilt {what} in {} ms", elapsed.as_millis());
        }
        ServeEvent::Failed(err) => {
            report(err);
            eprintln!("still serving the last good site");
        }
    }
}

/// Lines of a failing step's output shown, from its end.
const OUTPUT_TAIL_LINES: usize = 60;

fn print_test_event(event: docsite::runner::Event, show_output: bool) {
    use docsite::runner::{Event, Outcome};
    match event {
        Event::Article { title, source } => eprintln!("\narticle {} — {title}", source.display()),
        Event::Started(step) => eprintln!("  RUN   {}", first_line(&step.command)),
        Event::Note(note) => eprintln!("  note: {note}"),
        Event::Finished(step, outcome, elapsed) => {
            let command = first_line(&step.command);
            let seconds = elapsed.as_secs_f64();
            let engine = if step.needs_docker() {
                ", under Docker"
            } else {
                ""
            };
            match outcome {
                Outcome::Passed { output } => {
                    eprintln!("  PASS  {command} ({seconds:.1} s{engine})");
                    if show_output && !output.is_empty() {
                        eprintln!("{}", tail(output));
                    }
                }
                Outcome::Skipped(reason) => eprintln!("  SKIP  {command} ({reason})"),
                Outcome::Failed { code, output } => {
                    let code = code.map_or("killed by a signal".to_owned(), |code| {
                        format!("exit code {code}")
                    });
                    eprintln!(
                        "  FAIL  {command} ({code}, {seconds:.1} s; {})\n{}",
                        step.origin,
                        tail(output)
                    );
                }
                Outcome::Error(reason) => {
                    eprintln!("  FAIL  {command} ({reason}; {})", step.origin);
                }
                Outcome::TimedOut {
                    seconds: limit,
                    output,
                } => {
                    eprintln!(
                        "  FAIL  {command} (timed out after {limit} s; {})\n{}",
                        step.origin,
                        tail(output)
                    );
                }
            }
        }
    }
}

fn first_line(command: &str) -> String {
    let mut lines = command.lines();
    let first = lines.next().unwrap_or("").to_owned();
    if lines.next().is_some() {
        format!("{first} …")
    } else {
        first
    }
}

fn tail(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let start = lines.len().saturating_sub(OUTPUT_TAIL_LINES);
    lines[start..]
        .iter()
        .map(|line| format!("      | {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "N passed, N failed, N skipped" over all steps; exit 1 when anything failed.
fn print_test_summary(results: &[docsite::runner::ArticleResult]) -> ExitCode {
    use docsite::runner::Outcome;
    let outcomes = || {
        results
            .iter()
            .flat_map(|r| r.steps.iter().map(|(_, outcome)| outcome))
    };
    let passed = outcomes()
        .filter(|o| matches!(o, Outcome::Passed { .. }))
        .count();
    let skipped = outcomes()
        .filter(|o| matches!(o, Outcome::Skipped(_)))
        .count();
    let failed = outcomes().count() - passed - skipped;
    let articles_failed = results.iter().filter(|r| !r.passed()).count();
    eprintln!(
        "\narticles tested: {}, failed: {articles_failed}",
        results.len()
    );
    println!("{passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
