//! SH001: shell syntax error.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// shell syntax error.
pub static RULE: Rule = Rule {
    id: "SH001",
    hadolint: None,
    severity: Severity::Error,
    title: "shell syntax error",
    what: "Runs `bash -n` on the commands of a shell block (after removing `$ ` prompts and output lines) and reports its syntax error. Skipped when bash is not installed.",
    why: "A reader who pastes the commands gets a syntax error instead of a result.",
    bad: "```console\n$ if [ -f model.keras ]; then echo \"trained\"\ntrained\n```",
    good: "```console\n$ if [ -f model.keras ]; then echo \"trained\"; fi\ntrained\n```",
    check: Check::Problem(ProblemKind::ShellSyntax),
};
