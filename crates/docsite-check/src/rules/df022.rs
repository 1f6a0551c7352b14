//! DF022: relative `WORKDIR`.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// relative `WORKDIR`.
pub static RULE: Rule = Rule {
    id: "DF022",
    hadolint: Some("DL3000"),
    severity: Severity::Warning,
    title: "relative `WORKDIR`",
    what: "Reports `WORKDIR` paths that are not absolute (and not a variable).",
    why: "A relative WORKDIR depends on every WORKDIR before it, including the base image’s, which you do not control.",
    bad: "```dockerfile\nFROM python:3.11-slim\nWORKDIR app\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nWORKDIR /app\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag relative WORKDIRs.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.is("WORKDIR")) {
        let path = instruction
            .args
            .text
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        let mut chars = path.chars();
        let windows_absolute =
            chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.next() == Some(':');
        if path.is_empty() || path.starts_with('/') || path.starts_with('$') || windows_absolute {
            continue;
        }
        let (line, column, len) = instruction.args_span();
        findings.push(
            Finding::new(&RULE, line, column, len)
                .help(format!("use an absolute path, e.g. `WORKDIR /{path}`")),
        );
    }
}
