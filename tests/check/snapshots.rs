//! Whole diagnostics, as a writer sees them, pinned as snapshots (insta): a site with one or two
//! mistakes in each language, checked and built. A change to any message, span, caret, help or
//! their order shows up here as a diff to review (`cargo insta review`, or `INSTA_UPDATE=always`).

use crate::common::SiteTest;

/// stderr with the run's duration, the only part that changes between runs, replaced.
fn stable(output: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    match text.rfind(" pages (") {
        Some(at) => {
            let end = text[at..]
                .find(" ms)")
                .map_or(text.len(), |end| at + end + 4);
            format!("{} pages (N ms){}", &text[..at], &text[end..])
        }
        None => text,
    }
}

#[test]
fn check_reports_every_language_rustc_style() {
    let site = SiteTest::fixture("diagnostics");
    let output = site.cmd(&["check"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stable(&output));
}

#[test]
fn check_reports_the_same_as_json_lines() {
    let site = SiteTest::fixture("diagnostics");
    let output = site
        .cmd(&["check", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn a_build_with_errors_fails_with_every_diagnostic() {
    let site = SiteTest::fixture("diagnostics");
    let output = site.cmd(&["build"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stable(&output));
    assert!(!site.root().join("public").exists(), "nothing published");
}
