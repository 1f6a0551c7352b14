//! Recursive templates through the real binary (issue 11): each kind of cycle is refused before
//! rendering with a located DS008, where Tera would overflow the stack and abort (exit 134).
//! One fixture site per kind under `tests/fixtures/templates-*`.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Far above the few milliseconds the check takes; a stack overflow is quick too, this only
/// keeps a hang from stalling the suite.
const BOUND: Duration = Duration::from_secs(20);

/// Build a copy of fixture `templates-NAME`; its exit code and stderr.
fn build(name: &str) -> (Option<i32>, String) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("templates-{name}"));
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("fixture entry");
        let to = dir
            .path()
            .join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    let started = Instant::now();
    let output = Command::cargo_bin("docsite")
        .expect("binary built")
        // With the site's address, so that the only diagnostic is the one under test.
        .args(["build", "--base-url", "https://example.com/", "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .timeout(BOUND)
        .output()
        .expect("runs");
    assert!(started.elapsed() < BOUND, "{name}: timed out");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const TEMPLATES_HELP: &str = "  = help: a template cannot include or extend itself, even through other templates: move what they share into a template that each of them includes";
const IMPORT_HELP: &str = "  = help: macro files cannot import each other in a circle: import each file of macros only in the templates that call its macros";
const MACRO_HELP: &str = "  = help: Tera has no depth limit, so a macro that calls itself, even through other macros, is refused: unroll it into one loop per nesting level";

fn assert_refused(name: &str, diagnostic: &[&str]) {
    let (code, stderr) = build(name);
    let expected = format!(
        "{}\n\nerror: build failed: 1 error, 0 warnings\n",
        diagnostic.join("\n")
    );
    assert_eq!(
        (code, stderr.as_str()),
        (Some(1), expected.as_str()),
        "{name}"
    );
}

#[test]
fn a_template_including_itself_is_refused_at_the_include() {
    assert_refused(
        "include-self",
        &[
            "error[DS008]: template recursion: page.html → page.html",
            " --> templates/page.html:3:6",
            "  |",
            "3 |   {% include \"page.html\" %}",
            "  |      ^^^^^^^^^^^^^^^^^^^ `page.html` is included again here",
            "  |",
            TEMPLATES_HELP,
        ],
    );
}

#[test]
fn two_templates_including_each_other_are_refused() {
    assert_refused(
        "include-mutual",
        &[
            "error[DS008]: template recursion: footer.html → page.html → footer.html",
            " --> templates/page.html:2:4",
            "  |",
            "2 | {% include \"footer.html\" %}",
            "  |    ^^^^^^^^^^^^^^^^^^^^^ `footer.html` is included again here",
            "  |",
            TEMPLATES_HELP,
        ],
    );
}

#[test]
fn an_extends_cycle_is_refused() {
    assert_refused(
        "extends-cycle",
        &[
            "error[DS008]: template recursion: frame.html → layout.html → frame.html",
            " --> templates/layout.html:1:4",
            "  |",
            "1 | {% extends \"frame.html\" %}",
            "  |    ^^^^^^^^^^^^^^^^^^^^ `frame.html` is extended again here",
            "  |",
            TEMPLATES_HELP,
        ],
    );
}

#[test]
fn an_import_cycle_is_refused() {
    assert_refused(
        "import-cycle",
        &[
            "error[DS008]: template recursion: cards.html → chips.html → cards.html",
            " --> templates/chips.html:1:4",
            "  |",
            "1 | {% import \"cards.html\" as cards %}",
            "  |    ^^^^^^^^^^^^^^^^^^^ `cards.html` is imported again here",
            "  |",
            IMPORT_HELP,
        ],
    );
}

#[test]
fn a_macro_calling_itself_is_refused_at_the_call() {
    assert_refused(
        "macro-self",
        &[
            "error[DS008]: template recursion: tree.html::outline → tree.html::outline",
            " --> templates/tree.html:4:27",
            "  |",
            "4 |   <li>{{ entry.title }}{{ self::outline(entries=entries) }}</li>",
            "  |                           ^^^^^^^^^^^^^ `outline` is called again here",
            "  |",
            MACRO_HELP,
        ],
    );
}

#[test]
fn macros_calling_each_other_are_refused() {
    assert_refused(
        "macro-mutual",
        &[
            "error[DS008]: template recursion: tree.html::outline → tree.html::branch → tree.html::outline",
            " --> templates/tree.html:7:30",
            "  |",
            "7 |   {%- if entry.children %}{{ self::outline(entries=entry.children) }}{% endif -%}",
            "  |                              ^^^^^^^^^^^^^ `outline` is called again here",
            "  |",
            MACRO_HELP,
        ],
    );
}
