//! DS016: README.md beside `_index.md`.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// README.md beside `_index.md`.
pub static RULE: Rule = Rule {
    id: "DS016",
    hadolint: None,
    severity: Severity::Warning,
    title: "README.md beside `_index.md`",
    what: "Reports a folder with both `_index.md` and `README.md`. `README.md` (any case) is its folder's page, as on GitHub, but `_index.md` wins; the README is then published as an ordinary page.",
    why: "The writer probably expects the README to be the folder's page, as GitHub shows it.",
    bad: "==> content/docs/_index.md <==\n---\ntitle: Docs\n---\n==> content/docs/README.md <==\n# Docs\n",
    good: "==> content/docs/README.md <==\n# Docs\n",
    check: Check::Site,
};
