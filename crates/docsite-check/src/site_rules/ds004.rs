//! DS004: front-matter value of the wrong type.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// front-matter value of the wrong type.
pub static RULE: Rule = Rule {
    id: "DS004",
    hadolint: None,
    severity: Severity::Error,
    title: "front-matter value of the wrong type",
    what: "Reports a known front-matter key whose value has the wrong type: `draft` that is not `true`/`false`, a `weight` that is not a whole number, a `title` that is a list. The key is ignored when the rule is lowered to a warning.",
    why: "A value docsite cannot use would be dropped without a word.",
    bad: "---\ntitle: Deploying\ndraft: maybe\n---\n\nText.\n",
    good: "---\ntitle: Deploying\ndraft: false\n---\n\nText.\n",
    check: Check::Site,
};
