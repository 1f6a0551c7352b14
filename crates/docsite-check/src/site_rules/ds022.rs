//! DS022: link to nothing.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// link to nothing.
pub static RULE: Rule = Rule {
    id: "DS022",
    hadolint: None,
    severity: Severity::Warning,
    title: "link to nothing",
    what: "Reports a symbolic link in `content/` whose target does not exist (or a loop of links); it is skipped.",
    why: "Whatever it pointed at is missing from the site.",
    bad: "==> content/a.md <==\n# A\n==> content/logo.png (link to missing.png) <==\n",
    good: "==> content/a.md <==\n# A\n==> content/logo.png (link to logo-v2.png) <==\n==> content/logo-v2.png <==\nPNG\n",
    check: Check::Site,
};
