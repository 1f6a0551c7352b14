//! DS001: invalid `docsite.yaml`.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// invalid `docsite.yaml`.
pub static RULE: Rule = Rule {
    id: "DS001",
    hadolint: None,
    severity: Severity::Error,
    title: "invalid `docsite.yaml`",
    what: "Reports a `docsite.yaml` that is not valid YAML, has a key docsite does not know, a value of the wrong type, or an unknown highlight theme. It cannot be lowered: without a readable configuration there is nothing to build with.",
    why: "A typo in a key would otherwise be ignored silently, and the site would build with a setting the writer did not ask for.",
    bad: "==> docsite.yaml <==\ntitel: My blog\n",
    good: "==> docsite.yaml <==\ntitle: My blog\n",
    check: Check::Site,
};
