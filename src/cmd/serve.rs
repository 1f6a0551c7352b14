//! `docsite serve`: the site in memory on 127.0.0.1, rebuilt on every change.

use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

use docsite::diagnostic::{Diagnostic, Severity};
use docsite::serve::ServeEvent;
use docsite::{Error, Result};

use super::{counted, print_diagnostics, SiteRoot};

/// Serve the site on 127.0.0.1, rebuild on every change and reload the browser; build errors
/// show in the page. Builds in memory: public/ is not touched
#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    site: SiteRoot,
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
    /// Also answer requests for this name (repeatable; `.test` allows every name under
    /// `test`). IP addresses and localhost are always answered; other names are refused, so
    /// that no web page can point its own name at this server and read the drafts
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_hosts: Vec<String>,
}

/// Serve until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let _ = ctrlc::set_handler(|| {
        eprintln!("\nstopped");
        std::process::exit(0);
    });
    let open = args.open;
    let options = docsite::serve::ServeOptions {
        root: args.site.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        allow_hosts: args.allow_hosts,
    };
    let mut terminal = Terminal {
        open,
        shown: HashSet::new(),
        failing: false,
    };
    docsite::serve::serve(options, &mut |event| terminal.event(event)).map(|()| ExitCode::SUCCESS)
}

/// What the terminal has shown, so that a rebuild prints only what is new.
struct Terminal {
    open: bool,
    /// The diagnostics printed for the current state of the site, as printed.
    shown: HashSet<String>,
    /// The last build failed.
    failing: bool,
}

impl Terminal {
    fn event(&mut self, event: ServeEvent) {
        match event {
            ServeEvent::Listening(url) => {
                println!("serving at {url}  (Ctrl-C to stop)");
                let _ = std::io::stdout().flush();
                if self.open {
                    let opener = if cfg!(target_os = "macos") {
                        "open"
                    } else {
                        "xdg-open"
                    };
                    let _ = std::process::Command::new(opener).arg(url).spawn();
                }
            }
            ServeEvent::Built {
                changed,
                elapsed,
                warnings,
            } => {
                let fresh = self.only_new(warnings);
                print_diagnostics(&fresh);
                if std::mem::take(&mut self.failing) {
                    eprintln!("{} all errors fixed", now());
                }
                let what = if changed.is_empty() {
                    "built the site".to_owned()
                } else {
                    format!("rebuilt after {}", named(changed))
                };
                let ms = elapsed.as_millis();
                let count = match (warnings.len(), fresh.len()) {
                    (0, _) => String::new(),
                    (all, 0) => format!(" ({}, none new)", counted(all, "warning")),
                    (all, new) => format!(" ({}, {new} new)", counted(all, "warning")),
                };
                eprintln!("{} {what} in {ms} ms{count}", now());
            }
            ServeEvent::Failed(err) => {
                self.failing = true;
                match err {
                    Error::Diagnostics(diagnostics) => {
                        let fresh = self.only_new(diagnostics);
                        print_diagnostics(&fresh);
                        let errors = diagnostics
                            .iter()
                            .filter(|d| d.severity == Severity::Error)
                            .count();
                        let unchanged = if fresh.is_empty() { ", unchanged" } else { "" };
                        eprintln!(
                            "{} build failed: {}{unchanged}; the page shows them until they are fixed",
                            now(),
                            counted(errors, "error")
                        );
                    }
                    other => {
                        self.shown.clear();
                        eprintln!("{} error: {other}", now());
                    }
                }
            }
        }
    }

    /// The diagnostics not printed for the previous state; they become the state printed.
    fn only_new(&mut self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        let rendered: Vec<String> = diagnostics.iter().map(|d| d.render(false)).collect();
        let fresh = diagnostics
            .iter()
            .zip(&rendered)
            .filter(|(_, text)| !self.shown.contains(*text))
            .map(|(diagnostic, _)| diagnostic.clone())
            .collect();
        self.shown = rendered.into_iter().collect();
        fresh
    }
}

/// The local time, for each line about a build.
fn now() -> String {
    chrono::Local::now().format("[%H:%M:%S]").to_string()
}

/// The changed files, the first three by name.
fn named(changed: &[std::path::PathBuf]) -> String {
    let mut names: Vec<String> = changed
        .iter()
        .take(3)
        .map(|path| path.display().to_string())
        .collect();
    if changed.len() > 3 {
        names.push(format!("{} more", changed.len() - 3));
    }
    names.join(", ")
}
