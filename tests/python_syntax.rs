//! `docsite::check::python::syntax_error` against CPython 3.11 itself: every sample in
//! `tests/fixtures/python-syntax/` must get CPython's line, and its column unless the sample is
//! listed in `KNOWN_COLUMN_DIFFERENCES` with the reason.

use std::path::{Path, PathBuf};
use std::process::Command;

use docsite::check::python::{syntax_error_with, Options, PythonVersion};

fn syntax_error(source: &str) -> Option<docsite::check::python::SyntaxError> {
    syntax_error_with(
        source,
        Options {
            version: PythonVersion::PY311,
            excerpt: false,
        },
    )
}

/// Prints `[lineno, offset, msg]` of the `SyntaxError` that `compile()` raises, or `null`.
const CPYTHON: &str = r#"import json, sys
src = open(sys.argv[1], encoding="utf-8").read()
try:
    compile(src, sys.argv[1], "exec")
    print("null")
except SyntaxError as e:
    print(json.dumps([e.lineno, e.offset, e.msg]))
"#;

/// Samples whose column differs from CPython's, with the reason.
const KNOWN_COLUMN_DIFFERENCES: &[(&str, &str)] = &[(
    "ternary_with_stray_brace",
    "the stray `{` in `isdir(path{ else \"file\"` is never closed: CPython's parser fails \
     inside it and reports the `if` expression without `else`; the port does not parse what an \
     unclosed bracket holds, sees it run to the end of the file and reports the bracket",
)];

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python-syntax");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|entry| entry.expect("a fixture").path())
        .filter(|path| path.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    files
}

/// `python3` when it is CPython 3.11.
fn python311() -> Option<&'static str> {
    let output = Command::new("python3").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    version
        .trim()
        .starts_with("Python 3.11.")
        .then_some("python3")
}

/// CPython's line, column (an offset of 0 means the start of the line) and message.
fn cpython(python: &str, path: &Path) -> Option<(usize, usize, String)> {
    let output = Command::new(python)
        .args(["-c", CPYTHON])
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    let array = value.as_array()?;
    let number = |i: usize| array[i].as_u64().unwrap_or(0) as usize;
    Some((
        number(0),
        number(1).max(1),
        array[2].as_str().unwrap_or("").to_string(),
    ))
}

#[test]
fn syntax_errors_match_cpython_311() {
    let Some(python) = python311() else {
        println!("skipped: python3 is missing or is not CPython 3.11");
        return;
    };
    let (mut broken, mut lines, mut columns, mut messages) = (0, 0, 0, 0);
    let mut line_mismatches = Vec::new();
    let mut column_mismatches = Vec::new();
    for path in fixtures() {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let expected = cpython(python, &path);
        let ours = syntax_error(&source);
        if name.starts_with("valid_") {
            assert_eq!(expected, None, "{name} must be valid Python 3.11");
            assert_eq!(ours, None, "{name}: CPython accepts it");
            continue;
        }
        let expected = expected.unwrap_or_else(|| panic!("{name} must not compile"));
        let ours = ours.unwrap_or_else(|| panic!("{name}: no error, CPython says {expected:?}"));
        broken += 1;
        if ours.line == expected.0 {
            lines += 1;
        } else {
            line_mismatches.push(format!(
                "{name}: line {} vs CPython {expected:?}",
                ours.line
            ));
        }
        if (ours.line, ours.column) == (expected.0, expected.1) {
            columns += 1;
        } else {
            column_mismatches.push(name.clone());
            println!(
                "column differs: {name}: ours {}:{} vs CPython {}:{}",
                ours.line, ours.column, expected.0, expected.1
            );
        }
        if ours.message == expected.2 {
            messages += 1;
        } else {
            println!(
                "message differs: {name}: {:?} vs CPython {:?}",
                ours.message, expected.2
            );
        }
    }
    println!(
        "{broken} broken samples: same line {lines}/{broken}, same column {columns}/{broken}, same message {messages}/{broken}"
    );
    assert!(broken >= 25, "at least 25 broken samples");
    assert!(line_mismatches.is_empty(), "{line_mismatches:#?}");
    for name in &column_mismatches {
        assert!(
            KNOWN_COLUMN_DIFFERENCES
                .iter()
                .any(|(known, _)| known == name),
            "{name}: the column differs from CPython's and is not a known difference"
        );
    }
    for (known, reason) in KNOWN_COLUMN_DIFFERENCES {
        assert!(
            column_mismatches.iter().any(|name| name == known),
            "{known} ({reason}) now matches CPython: remove it from the list"
        );
    }
}
