//! DF020: more than one `CMD` in a stage.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// more than one `CMD` in a stage.
pub static RULE: Rule = Rule {
    id: "DF020",
    hadolint: Some("DL4003"),
    severity: Severity::Warning,
    title: "more than one `CMD` in a stage",
    what: "Reports every `CMD` after the first in the same stage.",
    why: "Only the last `CMD` takes effect; the others are dead code that misleads readers.",
    bad: "```dockerfile\nFROM python:3.11-slim\nUSER 1000\nCMD [\"python\", \"train.py\"]\nCMD [\"python\", \"app.py\"]\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nUSER 1000\nCMD [\"python\", \"app.py\"]\n```",
    check: Check::Dockerfile(check),
};

/// Flag repeated `CMD`s within a stage.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    let mut seen_in_stage: Option<usize> = None;
    for instruction in &dockerfile.instructions {
        if instruction.is("FROM") {
            seen_in_stage = None;
        }
        if instruction.is("CMD") {
            if seen_in_stage.is_some() {
                let (line, column, len) = instruction.keyword_span();
                findings.push(
                    Finding::new(&RULE, line, column, len)
                        .label("only the last `CMD` of a stage takes effect")
                        .help("keep one `CMD`; run other steps with `RUN`"),
                );
            }
            seen_in_stage = Some(instruction.line);
        }
    }
}
