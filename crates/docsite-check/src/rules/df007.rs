//! DF007: unterminated heredoc.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// unterminated heredoc.
pub static RULE: Rule = Rule {
    id: "DF007",
    hadolint: None,
    severity: Severity::Error,
    title: "unterminated heredoc",
    what:
        "Reports a `RUN <<EOF` (or `COPY`/`ADD`) heredoc whose closing delimiter line never comes.",
    why:
        "Docker reads the rest of the file as the heredoc body, so every later instruction is lost.",
    bad: "```dockerfile\nFROM debian:12-slim\nRUN <<EOF\necho hello\nUSER 1000\n```",
    good: "```dockerfile\nFROM debian:12-slim\nRUN <<EOF\necho hello\nEOF\nUSER 1000\n```",
    check: Check::Problem(ProblemKind::UnclosedHeredoc),
};
