//! DS011: invalid JSON block.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// invalid JSON block.
pub static RULE: Rule = Rule {
    id: "DS011",
    hadolint: None,
    severity: Severity::Error,
    title: "invalid JSON block",
    what: "Reports a JSON block that does not parse. A block that is not a project file is read as posts show JSON: `//` and `/* */` comments, trailing commas, several values one after another, `...` elisions and placeholders (`<value>`) are accepted; a `file=` block must be strict JSON.",
    why: "A request body or config copied from the post must be valid JSON to work.",
    bad: "```json\n{\"features\": [[0.1, 0.2, 0.3, 0.4]]\n \"id\": 7}\n```",
    good: "```json\n{\"features\": [[0.1, 0.2, 0.3, 0.4]],\n \"id\": 7}\n```",
    check: Check::Problem(ProblemKind::InvalidJson),
};
