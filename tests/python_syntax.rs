//! `docsite::check::python::syntax_error_with` against CPython itself, for every supported
//! version whose interpreter is installed here (`python3.X` on `PATH`, or pyenv's): every
//! sample in `tests/fixtures/python-syntax/` must be valid where CPython finds it valid, and
//! otherwise get CPython's line, column and message, unless the sample is listed below with the
//! reason. A version without an interpreter is reported as skipped, never passed.

use std::path::{Path, PathBuf};
use std::process::Command;

use docsite::check::python::{syntax_error_with, Options, PythonVersion, SyntaxError, SUPPORTED};

/// Prints, for each file given, `[path, [lineno, offset, msg]]` of the `SyntaxError` that
/// `compile()` raises, or `[path, null]`.
const CPYTHON: &str = r#"import json, sys
for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    try:
        compile(src, path, "exec")
        found = None
    except SyntaxError as e:
        found = [e.lineno, e.offset, e.msg]
    print(json.dumps([path, found]))
"#;

/// Samples whose column differs from CPython's, with the versions and the reason.
const KNOWN_COLUMN_DIFFERENCES: &[(&str, &str)] = &[(
    "ternary_with_stray_brace",
    "the stray `{` in `isdir(path{ else \"file\"` is never closed: CPython's parser fails \
     inside it and reports the `if` expression without `else`; the port does not parse what an \
     unclosed bracket holds, sees it run to the end of the file and reports the bracket",
)];

/// Samples whose message differs from CPython's (in every version), with the reason.
const KNOWN_MESSAGE_DIFFERENCES: &[(&str, &str)] = &[
    (
        "ternary_with_stray_brace",
        "see KNOWN_COLUMN_DIFFERENCES: the port reports the stray bracket, not the `if`",
    ),
    (
        "unclosed_brace_before_slice",
        "CPython's parser fails on the slice inside the unclosed `{` and says only \"invalid \
         syntax\" at the line and column docsite gives; docsite names the bracket left open, \
         which is the mistake to fix",
    ),
];

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

/// A CPython of `version`: `python3.X` on `PATH`, else pyenv's newest `3.X.*`.
fn interpreter(version: PythonVersion) -> Option<PathBuf> {
    let name = format!("python{}.{}", version.major, version.minor);
    let prefix = format!("Python {}.{}.", version.major, version.minor);
    let is_version = |python: &Path| {
        Command::new(python)
            .arg("--version")
            .output()
            .ok()
            .is_some_and(|output| {
                let printed = String::from_utf8_lossy(&output.stdout).to_string()
                    + &String::from_utf8_lossy(&output.stderr);
                printed.trim().starts_with(&prefix)
            })
    };
    let on_path = PathBuf::from(&name);
    if is_version(&on_path) {
        return Some(on_path);
    }
    let pyenv = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".pyenv")))?;
    let mut installed: Vec<PathBuf> = std::fs::read_dir(pyenv.join("versions"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|dir| {
            dir.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix[7..]))
        })
        .map(|dir| dir.join("bin").join(&name))
        .filter(|python| is_version(python))
        .collect();
    installed.sort();
    installed.pop()
}

/// CPython's verdict on each sample: line, column (an offset of 0 means the start of the line)
/// and message, or `None` for valid code.
fn cpython(python: &Path, samples: &[PathBuf]) -> Vec<Option<(usize, usize, String)>> {
    let output = Command::new(python)
        .args(["-c", CPYTHON])
        .args(samples)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let found = value[1].as_array()?;
            let number = |i: usize| found[i].as_u64().unwrap_or(0) as usize;
            Some((
                number(0),
                number(1).max(1),
                found[2].as_str().unwrap_or("").to_string(),
            ))
        })
        .collect()
}

/// What one version's comparison found.
#[derive(Default)]
struct Tally {
    broken: usize,
    lines: usize,
    columns: usize,
    messages: usize,
    problems: Vec<String>,
}

fn compare(version: PythonVersion, python: &Path, samples: &[PathBuf]) -> Tally {
    let options = Options {
        version,
        excerpt: false,
    };
    let mut tally = Tally::default();
    for (path, expected) in samples.iter().zip(cpython(python, samples)) {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(path).unwrap();
        let ours = syntax_error_with(&source, options);
        let (expected, ours): (_, SyntaxError) = match (expected, ours) {
            (None, None) => continue,
            (None, Some(ours)) => {
                tally.problems.push(format!(
                    "{name}: CPython {version} accepts it, docsite says {ours:?}"
                ));
                continue;
            }
            (Some(expected), None) => {
                tally.problems.push(format!(
                    "{name}: no error, CPython {version} says {expected:?}"
                ));
                continue;
            }
            (Some(expected), Some(ours)) => (expected, ours),
        };
        tally.broken += 1;
        if ours.line == expected.0 {
            tally.lines += 1;
        } else {
            tally.problems.push(format!(
                "{name}: line {} vs CPython {version} {expected:?}",
                ours.line
            ));
        }
        let known = KNOWN_COLUMN_DIFFERENCES
            .iter()
            .any(|(known, _)| *known == name);
        if (ours.line, ours.column) == (expected.0, expected.1) {
            tally.columns += 1;
            if known {
                tally.problems.push(format!(
                    "{name} now matches CPython {version}: remove it from KNOWN_COLUMN_DIFFERENCES"
                ));
            }
        } else if !known {
            tally.problems.push(format!(
                "{name}: {}:{} vs CPython {version} {}:{}",
                ours.line, ours.column, expected.0, expected.1
            ));
        }
        // Syntax a newer Python has is reported in docsite's words ("needs Python 3.12"), at
        // CPython's place; everything else in CPython's words.
        let known_message = KNOWN_MESSAGE_DIFFERENCES
            .iter()
            .any(|(known, _)| *known == name);
        if ours.message == expected.2 || ours.needs.is_some() {
            tally.messages += 1;
            if known_message {
                tally.problems.push(format!(
                    "{name} now has CPython {version}'s message: remove it from KNOWN_MESSAGE_DIFFERENCES"
                ));
            }
        } else if !known_message {
            tally.problems.push(format!(
                "{name}: message {:?} vs CPython {version} {:?}",
                ours.message, expected.2
            ));
        }
    }
    tally
}

#[test]
fn syntax_errors_match_cpython_of_each_supported_version() {
    let samples = fixtures();
    let mut compared = 0;
    let mut problems = Vec::new();
    for version in SUPPORTED {
        let Some(python) = interpreter(version) else {
            skip(&format!("CPython {version}: no interpreter installed here"));
            continue;
        };
        let tally = compare(version, &python, &samples);
        println!(
            "CPython {version} ({}): {} broken samples, same line {}, same column {}, same message {}",
            python.display(),
            tally.broken,
            tally.lines,
            tally.columns,
            tally.messages
        );
        assert!(tally.broken >= 25, "at least 25 broken samples");
        problems.extend(tally.problems);
        compared += 1;
    }
    if compared == 0 {
        skip("no CPython of a supported version is installed (pyenv or python3.X on PATH)");
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Say that part of the test did not run, past the test harness's capture, which would hide
/// it behind an "ok".
fn skip(reason: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIP syntax_errors_match_cpython_of_each_supported_version: {reason}"
    );
}
