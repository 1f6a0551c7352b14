//! DF001: unknown Dockerfile instruction.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// unknown Dockerfile instruction.
pub static RULE: Rule = Rule {
    id: "DF001",
    hadolint: None,
    severity: Severity::Error,
    title: "unknown instruction",
    what: "Reports a line that does not start with a Dockerfile instruction.",
    why: "`docker build` stops at the first unknown instruction, so the image never builds.",
    bad: "```dockerfile\nFROM python:3.11-slim\nRUNN pip install --no-cache-dir flask==3.0.3\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nRUN pip install --no-cache-dir flask==3.0.3\n```",
    check: Check::Problem(ProblemKind::UnknownInstruction),
};
