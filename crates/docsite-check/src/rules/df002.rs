//! DF002: instruction before the first `FROM`.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// instruction before the first `FROM`.
pub static RULE: Rule = Rule {
    id: "DF002",
    hadolint: None,
    severity: Severity::Error,
    title: "instruction before the first `FROM`",
    what: "Reports any instruction other than `ARG` that comes before the first `FROM`, and a Dockerfile of the project (a `file=` block or a bundle file) with no `FROM` at all. A block without any `FROM` and without a file name is a fragment and is not reported.",
    why: "`docker build` rejects a Dockerfile that does not start with `FROM` (only `ARG` may precede it).",
    bad: "```dockerfile\nWORKDIR /app\nFROM python:3.11-slim\n```",
    good: "```dockerfile\nARG PYTHON=3.11\nFROM python:${PYTHON}-slim\nWORKDIR /app\n```",
    check: Check::Problem(ProblemKind::MissingFrom),
};
