//! DS015: two files would be written to the same place.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// two files would be written to the same place.
pub static RULE: Rule = Rule {
    id: "DS015",
    hadolint: None,
    severity: Severity::Error,
    title: "two files would be written to the same place",
    what: "Reports two outputs at one path: a page and a file of `content/` or `static/` (`about.md` and `about/index.html`), or a page and a taxonomy or feed page. Both sources are named.",
    why: "One would silently replace the other.",
    bad: "==> content/about.md <==\n# About\n==> content/about/index.html <==\n<p>Old about page</p>\n",
    good: "==> content/about.md <==\n# About\n==> content/about/old.html <==\n<p>Old about page</p>\n",
    check: Check::Site,
};
