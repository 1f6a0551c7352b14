//! DS003: front matter is not closed.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// front matter is not closed.
pub static RULE: Rule = Rule {
    id: "DS003",
    hadolint: None,
    severity: Severity::Error,
    title: "front matter is not closed",
    what: "Reports a Markdown file that opens front matter with `---` on its first line and never closes it.",
    why: "The whole page would be read as YAML, or the YAML shown as text.",
    bad: "---\ntitle: Deploying\n\nText.\n",
    good: "---\ntitle: Deploying\n---\n\nText.\n",
    check: Check::Site,
};
