//! DF008: duplicate stage name.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// duplicate stage name.
pub static RULE: Rule = Rule {
    id: "DF008",
    hadolint: Some("DL3024"),
    severity: Severity::Error,
    title: "stage name used twice",
    what: "Reports a `FROM … AS name` whose name an earlier stage already has.",
    why: "`docker build` rejects duplicate stage names.",
    bad: "```dockerfile\nFROM python:3.11-slim AS build\nFROM python:3.11-slim AS build\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim AS build\nFROM python:3.11-slim AS runtime\nUSER 1000\n```",
    check: Check::Problem(ProblemKind::DuplicateStageName),
};
