//! DF025: final stage never sets `USER`.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// final stage never sets `USER`.
pub static RULE: Rule = Rule {
    id: "DF025",
    hadolint: None,
    severity: Severity::Warning,
    title: "final stage never sets `USER`",
    what: "Reports a Dockerfile whose final stage has no `USER` instruction, so the container runs as root.",
    why: "Running as root is the default but rarely needed; a non-root user limits what a compromised app can do.",
    bad: "```dockerfile\nFROM python:3.11-slim\nCMD [\"python\", \"app.py\"]\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nRUN useradd --uid 10001 app\nUSER 10001\nCMD [\"python\", \"app.py\"]\n```",
    check: Check::Dockerfile(check),
};

/// Flag a final stage without USER.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    let Some(last) = dockerfile.stages.len().checked_sub(1) else {
        return;
    };
    // A later excerpt of the same file may set the user.
    if dockerfile.continued {
        return;
    }
    let has_user = dockerfile.instructions.iter().any(|i| {
        i.stage == last
            && i.is("USER")
            && i.line >= dockerfile.instructions[dockerfile.stages[last].from].line
    });
    if !has_user {
        let (line, column, len) =
            dockerfile.instructions[dockerfile.stages[last].from].keyword_span();
        findings.push(
            Finding::new(&RULE, line, column, len)
                .label("this stage runs as root")
                .help("create a user and switch to it: `RUN useradd --uid 10001 app` then `USER 10001`"),
        );
    }
}
