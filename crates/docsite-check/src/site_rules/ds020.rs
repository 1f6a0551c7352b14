//! DS020: `project:` names no folder.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// `project:` names no folder.
pub static RULE: Rule = Rule {
    id: "DS020",
    hadolint: None,
    severity: Severity::Error,
    title: "`project:` names no folder",
    what: "Reports a `project:` front-matter key that names no folder of `content/` (it is taken from the page's own folder, like a link: `project: ../files`).",
    why: "The article's project would be empty: its download, its checks and `docsite test` would miss every file.",
    bad: "==> content/part-1.md <==\n---\nproject: files\n---\n# Part 1\n",
    good: "==> content/part-1.md <==\n---\nproject: files\n---\n# Part 1\n==> content/files/app.py <==\nprint(\"hello\")\n",
    check: Check::Site,
};
