//! docsite's Dockerfile rules agree with hadolint on the probe Dockerfiles of
//! `tests/fixtures/dockerfiles` and `tests/fixtures/check-hadolint` (every rule that has a
//! hadolint twin).
//!
//! Needs hadolint: `.ci/test-deps.sh` installs it into `.ci/venv`; `HADOLINT=/path` overrides.
//! Without it the test prints a SKIP line past the harness's capture and returns, since
//! `.ci/run` always installs it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn hadolint() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("HADOLINT").map(PathBuf::from),
        Some(root.join(".ci/venv/bin/hadolint")),
        Some(PathBuf::from("hadolint")),
    ];
    candidates.into_iter().flatten().find(|path| {
        Command::new(path)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn dockerfile_rules_agree_with_hadolint() {
    let Some(hadolint) = hadolint() else {
        // Written past the test harness's capture, which would hide it behind an "ok".
        let _ = writeln!(
            std::io::stderr(),
            "SKIP dockerfile_rules_agree_with_hadolint: hadolint not found (run .ci/test-deps.sh)"
        );
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // `check-hadolint` holds the cases found on real Dockerfiles (issue 10).
    for folder in [
        "tests/fixtures/dockerfiles",
        "tests/fixtures/check-hadolint",
    ] {
        let output = Command::new("python3")
            .arg(root.join("scripts/hadolint-compare.py"))
            .arg(root.join(folder))
            .arg("--hadolint")
            .arg(&hadolint)
            .arg("--docsite")
            .arg(env!("CARGO_BIN_EXE_docsite"))
            .output()
            .expect("python3 runs the comparison script");
        let report = String::from_utf8_lossy(&output.stdout);
        eprintln!("{report}{}", String::from_utf8_lossy(&output.stderr));
        assert!(
            output.status.success(),
            "docsite and hadolint disagree on {folder}:\n{report}"
        );
        assert!(report.contains("100.0%"), "{folder}: {report}");
    }
}
