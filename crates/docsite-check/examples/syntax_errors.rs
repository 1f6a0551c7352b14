//! What docsite says of each Python file given, with its CPython port and without it (ruff's
//! parser alone), one JSON line per file: `[path, with, without]`, each `[line, column,
//! message]` or `null`. `scripts/cpython-port.py` compares both with CPython on real code and
//! its mutants.
//!
//!     cargo run --release -p docsite-check --example syntax_errors -- 3.11 FILE...

use docsite_check::python::{ruff_syntax_error, syntax_error_with, Options, PythonVersion};

fn main() {
    let mut args = std::env::args().skip(1);
    let version = args.next().unwrap_or_default();
    let Some((major, minor)) = version
        .split_once('.')
        .and_then(|(major, minor)| Some((major.parse().ok()?, minor.parse().ok()?)))
    else {
        eprintln!("usage: syntax_errors MAJOR.MINOR FILE...");
        std::process::exit(2);
    };
    let version = PythonVersion { major, minor };
    let shown = |error: Option<docsite_check::python::SyntaxError>| {
        error.map(|error| serde_json::json!([error.line, error.column, error.message]))
    };
    for path in args {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        let with = syntax_error_with(
            &source,
            Options {
                version,
                excerpt: false,
            },
        );
        let without = ruff_syntax_error(&source, version);
        println!("{}", serde_json::json!([path, shown(with), shown(without)]));
    }
}
