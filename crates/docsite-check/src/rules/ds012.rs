//! DS012: invalid TOML block.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// invalid TOML block.
pub static RULE: Rule = Rule {
    id: "DS012",
    hadolint: None,
    severity: Severity::Error,
    title: "invalid TOML block",
    what: "Reports a TOML block that does not parse.",
    why: "A `pyproject.toml` copied from the post must parse for any tool to read it.",
    bad: "```toml\n[project]\nname = \"model-api\n\n```",
    good: "```toml\n[project]\nname = \"model-api\"\n\n```",
    check: Check::Problem(ProblemKind::InvalidToml),
};
