//! DF003: malformed JSON array in exec form.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// malformed JSON array in exec form.
pub static RULE: Rule = Rule {
    id: "DF003",
    hadolint: None,
    severity: Severity::Error,
    title: "malformed JSON array",
    what: "Reports `CMD`, `ENTRYPOINT`, `RUN`, `SHELL`, `COPY`, `ADD` or `VOLUME` arguments that start with `[` but are not a JSON array of strings (single quotes, a missing quote, a trailing comma).",
    why: "Docker silently falls back to shell form and runs the brackets as a command, so the container fails at start.",
    bad: "```dockerfile\nFROM python:3.11-slim\nCMD ['python', 'app.py']\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nCMD [\"python\", \"app.py\"]\n```",
    check: Check::Problem(ProblemKind::MalformedJson),
};
