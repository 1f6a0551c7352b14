//! DF004: instruction without its arguments.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// instruction without its arguments.
pub static RULE: Rule = Rule {
    id: "DF004",
    hadolint: None,
    severity: Severity::Error,
    title: "instruction without its arguments",
    what: "Reports instructions missing required arguments: `FROM` without an image, `COPY`/`ADD` without a source and a destination, `ENV KEY` without a value, and any instruction with nothing after it.",
    why: "`docker build` rejects these lines.",
    bad: "```dockerfile\nFROM python:3.11-slim\nCOPY requirements.txt\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nCOPY requirements.txt .\n```",
    check: Check::Problem(ProblemKind::MissingArguments),
};
