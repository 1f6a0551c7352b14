//! DS009: theme not found.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// theme not found.
pub static RULE: Rule = Rule {
    id: "DS009",
    hadolint: None,
    severity: Severity::Error,
    title: "theme not found",
    what: "Reports a `theme` in `docsite.yaml` that is neither a folder under `themes/` nor the built-in `default`.",
    why: "Without its templates the site cannot be rendered.",
    bad: "==> docsite.yaml <==\ntheme: fancy\n",
    good: "==> docsite.yaml <==\ntheme: default\n",
    check: Check::Site,
};
