//! DS006: Markdown file is not UTF-8.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// Markdown file is not UTF-8.
pub static RULE: Rule = Rule {
    id: "DS006",
    hadolint: None,
    severity: Severity::Error,
    title: "Markdown file is not UTF-8",
    what: "Reports a Markdown file that is not valid UTF-8 (a file saved as Latin-1, say). When lowered, the page is built with replacement characters.",
    why: "Browsers and feeds read the site as UTF-8; other bytes show as garbage.",
    bad: "==> content/cafe.md (latin-1) <==\n# Café\n",
    good: "==> content/cafe.md <==\n# Café\n",
    check: Check::Site,
};
