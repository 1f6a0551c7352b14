//! Markdown as others write it (`tests/fixtures/sites/blocks-as-written`, one page per pattern
//! found in real documentation trees): a block is judged by what it is, not by its label;
//! placeholders, excerpts and prompts are no errors; each block gets at most one parse error;
//! Python is judged as the Python the article runs on; and every real mistake is still there.

use super::{docsite, json_lines, report};
use crate::common::SiteTest;

#[test]
fn blocks_are_judged_by_what_they_are_and_only_real_mistakes_are_errors() {
    let site = SiteTest::fixture("blocks-as-written");
    assert_eq!(
        report(site.root()),
        [
            // A command's output after it, a server's configuration, a Python dict and
            // `pip install` are not the languages of their labels: one warning each.
            "warning[DS027] content/excerpts.md:65:1: this `bash` block reads as a console session (commands and their output)",
            "warning[DS027] content/excerpts.md:73:1: this `bash` block reads as plain text (output, configuration or prose)",
            "warning[DS027] content/excerpts.md:88:1: this `json` block reads as Python",
            "warning[DS027] content/excerpts.md:94:1: this `python` block reads as shell commands",
            "warning[DS027] content/excerpts.md:100:1: this `python` block reads as shell commands",
            // The project's image is Python 3.11.
            "error[PY001] content/image-311/index.md:14:6: `type` statements need Python 3.12; this article's image is `python:3.11-slim`",
            // Three typos in one Dockerfile, two mistakes in one YAML block: the first of each.
            "error[DF001] content/one-error-per-block.md:7:1: unknown instruction `RUNN`",
            "error[DS010] content/one-error-per-block.md:17:5: invalid YAML block: did not find expected ',' or ']'",
            r#"error[PY001] content/python-312-page.md:12:13: type parameter defaults need Python 3.13; this page's front matter says `python: "3.12"`"#,
            "error[PY001] content/real-errors.md:6:6: '(' was never closed",
            "error[SH001] content/real-errors.md:10:1: shell syntax error: unexpected EOF while looking for matching `\"'",
            "error[DS011] content/real-errors.md:16:3: invalid JSON block: expected `,` or `}`",
            "error[DS010] content/real-errors.md:24:12: invalid YAML block: mapping values are not allowed in this context",
            // A placeholder in a project file (`file=app.py`) is an error: it runs as shown.
            "error[PY001] content/real-errors.md:28:24: invalid syntax",
            "warning[DS027] content/sessions-labelled-docker.md:7:1: this `docker` block reads as a console session (commands and their output)",
            "warning[DS027] content/sessions-labelled-docker.md:14:1: this `docker` block reads as a console session (commands and their output)",
            "warning[DS027] content/sessions-labelled-docker.md:21:1: this `dockerfile` block reads as shell commands",
            "warning[DS027] content/sessions-labelled-docker.md:26:1: this `docker` block reads as YAML",
            "warning[DS027] content/sessions-labelled-docker.md:35:1: this `docker` block reads as plain text (output, configuration or prose)",
            "warning[DS027] content/sessions-labelled-docker.md:47:1: this `dockerfile` block goes on with shell commands or their output from line 5",
            "error[DF001] content/sessions-labelled-docker.md:55:1: unknown instruction `RUNN`",
        ]
    );
}

#[test]
fn a_placeholder_in_a_project_file_is_named_in_the_help() {
    let site = SiteTest::fixture("blocks-as-written");
    let output = docsite(site.root(), &["check", "--format", "json"]);
    let placeholder = json_lines(&output)
        .into_iter()
        .find(|d| d["file"] == "content/real-errors.md" && d["line"] == 28)
        .expect("the project file's error");
    assert_eq!(
        placeholder["help"],
        "`<your key>` is a placeholder: a project file runs as it is shown, so put the real value in it (or show the code in a block without `file=`)"
    );
}

#[test]
fn the_python_a_post_names_decides_what_is_new_syntax() {
    let body = "```python\ntype Point = tuple[float, float]\n```\n";
    let site = SiteTest::new()
        .file("docsite.yaml", "title: T\npython: \"3.11\"\n")
        .file("content/site.md", &format!("---\ntitle: S\n---\n{body}"))
        .file(
            "content/page.md",
            &format!("---\ntitle: P\npython: \"3.12\"\n---\n{body}"),
        )
        .file(
            "content/image.md",
            &format!("---\ntitle: I\npython: \"3.11\"\n---\n```dockerfile\nFROM python:3.13-slim\nUSER 1000\n```\n\n{body}"),
        );
    assert_eq!(
        report(site.root()),
        ["error[PY001] content/site.md:5:6: `type` statements need Python 3.12; `docsite.yaml` says `python: \"3.11\"`"],
        "the page's `python:` wins over the site's, the image over both"
    );
    let unquoted = SiteTest::new()
        .file("docsite.yaml", "title: T\npython: 3.10\n")
        .file("content/a.md", "# A\n");
    let stderr = unquoted.build_fails();
    assert!(
        stderr.contains(
            r#"invalid `python`: YAML reads `3.10` as the number 3.1: write `python: "3.10"`"#
        ),
        "{stderr}"
    );
}

#[test]
fn a_block_is_highlighted_as_what_it_is() {
    let site = SiteTest::fixture("blocks-as-written").file("docsite.yaml", "title: T\nchecks:\n  rules:\n    DF001: warning\n    DS010: warning\n    DS011: warning\n    PY001: warning\n    SH001: warning\n    DS014: warning\n");
    site.build_ok();
    let page = site.html("sessions-labelled-docker/index.html");
    let blocks = page.attrs("figure.code-block", "data-lang");
    assert_eq!(
        blocks,
        [
            "console",
            "console",
            "bash",
            "yaml",
            "text",
            "dockerfile",
            "dockerfile"
        ],
        "each block's language is what its content is"
    );
    let prompts = page.texts("figure.code-block span.prompt");
    assert_eq!(prompts, ["$", "root@ubuntu:~#"]);
    let sessions = site.html("terminal-sessions/index.html");
    assert_eq!(
        sessions.texts("figure.code-block span.prompt"),
        [
            "$",
            ">",
            ">",
            "$",
            "$",
            ">",
            ">",
            ">",
            "$",
            "ubuntu@ip-10-0-0-1:~/app$",
            "(.venv) $",
            "~$",
            "/ #",
            "PS C:\\app>",
            "$"
        ],
        "continuation prompts are prompts too; a here-document's pasted lines are not"
    );
    assert_eq!(
        sessions.texts("figure.code-block span.output"),
        [
            "app.log.gz",
            "PING db (172.18.0.2): 56 data bytes",
            "> db.getName();",
            "test"
        ]
    );
}
