//! Integration tests of the code checks through the real binary: `docsite check` (human and
//! JSON output), checks inside `docsite build`, bundle files, and this repository's tutorial.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use common::{docsite, write};
use serde_json::Value;

mod blocks_as_written;
#[path = "../common/mod.rs"]
mod common;
mod hadolint;
mod real_documentation;
mod snapshots;

fn json_lines(output: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}")))
        .collect()
}

/// `docsite check` on the site at `root`: every diagnostic as
/// `severity[RULE] file:line:column: message`, in report order.
fn report(root: &Path) -> Vec<String> {
    let output = docsite(root, &["check", "--format", "json"]);
    json_lines(&output)
        .iter()
        .map(|d| {
            format!(
                "{}[{}] {}:{}:{}: {}",
                d["severity"].as_str().unwrap_or(""),
                d["rule"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// The rules whose examples are article bodies (site-level rules' examples are whole sites,
/// run by `rule_examples`).
fn article_rules() -> impl Iterator<Item = &'static docsite::check::rule::Rule> {
    docsite::check::rules::RULES
        .iter()
        .copied()
        .filter(|rule| !matches!(rule.check, docsite::check::rule::Check::Site))
}

/// A site with one page per rule, each holding that rule's documented mistake.
#[test]
fn a_site_seeded_with_one_mistake_of_each_kind_reports_every_rule() {
    let dir = tempfile::tempdir().expect("temp dir");
    for rule in article_rules() {
        write(
            dir.path(),
            &format!("content/rules/{}.md", rule.id.to_lowercase()),
            &format!("---\ntitle: {}\n---\n\n{}\n", rule.id, rule.bad),
        );
    }
    let output = docsite(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "errors exit 1");
    let diagnostics = json_lines(&output);
    for rule in article_rules() {
        let id = rule.id;
        let page = format!("content/rules/{}.md", id.to_lowercase());
        assert!(
            diagnostics
                .iter()
                .any(|d| d["rule"] == id && d["file"] == page.as_str()),
            "{id} not reported in {page}"
        );
    }
    for diagnostic in &diagnostics {
        for key in [
            "file", "line", "column", "end", "rule", "severity", "message",
        ] {
            assert!(!diagnostic[key].is_null(), "{key} missing in {diagnostic}");
        }
    }
    let df012 = diagnostics
        .iter()
        .find(|d| d["rule"] == "DF012")
        .expect("DF012");
    assert_eq!(df012["hadolint"], "DL3042");
    assert_eq!(df012["severity"], "warning");
}

#[test]
fn human_output_is_rustc_style_with_a_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "content/x.md", "---\ntitle: X\n---\n\nText.\n\n```dockerfile\nFROM python:3.11.9-slim\nRUN pip install -r requirements.txt\nUSER 1000\n```\n");
    let output = docsite(dir.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "warnings alone pass: {stderr}"
    );
    assert!(
        stderr.contains("warning[DF012]: `pip install` without `--no-cache-dir`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/x.md:9:5"), "{stderr}");
    assert!(stderr.contains("= note: hadolint DL3042"), "{stderr}");
    assert!(stderr.contains("= help: add `--no-cache-dir`"), "{stderr}");
    assert!(
        stderr.contains("0 errors, 1 warning in 1 pages"),
        "{stderr}"
    );
    let denied = docsite(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn build_fails_on_check_errors_and_prints_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "content/x.md",
        "---\ntitle: X\n---\n\n```python\nprint \"hello\"\n```\n",
    );
    let output = docsite(dir.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[PY001]"), "{stderr}");
    assert!(stderr.contains("content/x.md:6:1"), "{stderr}");
    assert!(!dir.path().join("public").exists());

    write(
        dir.path(),
        "content/x.md",
        "---\ntitle: X\n---\n\n```requirements\nflask>=3\n```\n",
    );
    let output = docsite(dir.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("warning[RQ002]"), "{stderr}");
}

#[test]
fn bundle_files_are_checked_in_their_own_coordinates_and_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "content/posts/api/index.md",
        "---\ntitle: API\n---\n\nThe files are beside this post.\n",
    );
    write(root, "content/posts/api/app.py", "import numpy as np\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n");
    write(root, "content/posts/api/requirements.txt", "flask==3.0.3\n");
    write(root, "content/posts/api/Dockerfile", "FROM python:3.11.9-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app.py model.keras ./\nUSER 1000\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n");
    write(root, "content/posts/api/.dockerignore", "model.keras\n");
    let output = docsite(root, &["check", "--format", "json"]);
    let found: BTreeSet<(String, String, u64)> = json_lines(&output)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String, u64)> = [
        ("XF006", "content/posts/api/app.py", 1),
        ("XF002", "content/posts/api/Dockerfile", 5),
        ("XF004", "content/posts/api/Dockerfile", 7),
    ]
    .iter()
    .map(|(r, f, l)| ((*r).to_owned(), (*f).to_owned(), *l))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn the_repository_tutorial_checks_clean() {
    let output = docsite(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "--format", "json"],
    );
    let diagnostics = json_lines(&output);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert!(output.status.success());
}

#[test]
fn explain_and_rules_document_every_rule() {
    let output = Command::cargo_bin("docsite")
        .expect("binary")
        .args(["explain", "DL3042"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("DF012 (hadolint DL3042), warning by default"),
        "{text}"
    );
    assert!(text.contains("Use instead"));
    assert!(
        text.contains("\n\nTo silence it\n  - for one block: `allow=DF012` in its info string")
            && text.contains(
                "  - for one instruction: `# hadolint ignore=DL3042` on the line above it"
            )
            && text.contains("  - in `.hadolint.yaml`: `ignored: [DL3042]`")
            && text.contains(
                "  - for the whole site, in docsite.yaml: `checks: {rules: {DF012: off}}`"
            ),
        "{text}"
    );
    // A hadolint rule docsite has no twin of: said so, with what to do and the nearest twins.
    let output = Command::cargo_bin("docsite")
        .expect("binary")
        .args(["explain", "DL3059"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(
        text.starts_with("DL3059 is a hadolint rule that docsite does not check.\n\nRun hadolint")
            && text.contains("The hadolint rules docsite checks with the nearest ids:\n  DL"),
        "{text}"
    );
    let output = Command::cargo_bin("docsite")
        .expect("binary")
        .args(["explain", "DF9999"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let table = Command::cargo_bin("docsite")
        .expect("binary")
        .arg("rules")
        .output()
        .expect("runs");
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    assert!(
        readme.contains(&table),
        "README's rule table is out of date: paste `docsite rules` into it"
    );
}

#[test]
fn fragments_pass_but_a_project_dockerfile_needs_from() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "content/x.md",
        "---\ntitle: X\n---\n\nThen expose the port:\n\n```dockerfile\nEXPOSE 5000\n```\n",
    );
    let output = docsite(dir.path(), &["check", "--format", "json"]);
    assert!(
        json_lines(&output).is_empty(),
        "a fragment is not a Dockerfile"
    );
    write(
        dir.path(),
        "content/x.md",
        "---\ntitle: X\n---\n\n```dockerfile file=Dockerfile\nEXPOSE 5000\n```\n",
    );
    let output = docsite(dir.path(), &["check", "--format", "json"]);
    let diagnostics = json_lines(&output);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["rule"], "DF002");
}

#[test]
fn appended_blocks_are_checked_as_one_file_in_markdown_coordinates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = "---\ntitle: X\n---\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\n```\n\nThen:\n\n```dockerfile file=Dockerfile append\nRUN cd /app && ls\nUSER 1000\n```\n";
    write(dir.path(), "content/x.md", page);
    let output = docsite(dir.path(), &["check", "--format", "json"]);
    let diagnostics = json_lines(&output);
    let rules: Vec<&str> = diagnostics
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert_eq!(
        rules,
        ["DF021"],
        "one file: no DF002 for the appended part, no DF025"
    );
    assert_eq!(diagnostics[0]["line"], 13);
    assert_eq!(diagnostics[0]["column"], 5);
}

#[test]
fn included_files_are_checked_once_with_a_note_where_they_are_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "content/posts/api/index.md", "---\ntitle: API\n---\n\nThe build step:\n\n```dockerfile include=Dockerfile lines=2-3\n```\n");
    write(
        root,
        "content/posts/api/Dockerfile",
        "FROM python:3.11.9-slim\nWORKDIR /app\nRUN cd /app && ls\nUSER 1000\n",
    );
    let output = docsite(root, &["check", "--format", "json"]);
    let diagnostics = json_lines(&output);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["file"], "content/posts/api/Dockerfile");
    assert_eq!(diagnostics[0]["line"], 3);
    assert_eq!(
        diagnostics[0]["notes"][0],
        "shown at content/posts/api/index.md:9"
    );
}
