//! DS007: two pages have the same URL.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// two pages have the same URL.
pub static RULE: Rule = Rule {
    id: "DS007",
    hadolint: None,
    severity: Severity::Error,
    title: "two pages have the same URL",
    what: "Reports two Markdown files that would be published at the same URL (`posts/x.md` and `posts/x/index.md`, or two `slug`s). The first keeps the URL.",
    why: "One page would silently replace the other.",
    bad: "==> content/about.md <==\n# About\n==> content/about/index.md <==\n# About us\n",
    good: "==> content/about.md <==\n# About\n==> content/about/index.md <==\n---\nslug: about-us\n---\n# About us\n",
    check: Check::Site,
};
