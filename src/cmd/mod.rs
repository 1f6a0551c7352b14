//! One file per command: its arguments (`#[derive(Args)]`) and its `run`, which calls the
//! library and prints. `main.rs` only dispatches and turns an error into an exit code.

pub mod build;
pub mod check;
pub mod explain;
pub mod init;
pub mod rules;
pub mod serve;
pub mod test;

use std::io::IsTerminal;
use std::path::PathBuf;

use docsite::diagnostic::Diagnostic;
use docsite::Error;

/// `--root`, which every command that reads a site takes.
#[derive(clap::Args)]
pub struct SiteRoot {
    /// The site root, holding `docsite.yaml` and `content/`
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Print diagnostics in rustc's format, coloured on a terminal unless NO_COLOR is set.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        eprintln!("{}\n", diagnostic.render(color));
    }
}

/// `count` and `noun`, plural unless it is one: `1 page`, `2 pages`.
pub fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Print an error for people: every diagnostic in rustc's format, then a one-line summary.
pub fn report(err: &Error) {
    if let Error::Diagnostics(diagnostics) = err {
        print_diagnostics(diagnostics);
        eprintln!("error: build failed: {err}");
    } else {
        eprintln!("error: {err}");
    }
}
