//! DF028: `MAINTAINER` is deprecated.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `MAINTAINER` is deprecated.
pub static RULE: Rule = Rule {
    id: "DF028",
    hadolint: Some("DL4000"),
    severity: Severity::Warning,
    title: "`MAINTAINER` is deprecated",
    what: "Reports the `MAINTAINER` instruction.",
    why: "Docker deprecated it years ago; the `org.opencontainers.image.authors` label carries the same information where tools look for it.",
    bad: "```dockerfile\nFROM python:3.11-slim\nMAINTAINER Jane Doe <jane@example.com>\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nLABEL org.opencontainers.image.authors=\"jane@example.com\"\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag MAINTAINER.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile
        .instructions
        .iter()
        .filter(|i| i.is("MAINTAINER"))
    {
        let (line, column, len) = instruction.keyword_span();
        findings.push(
            Finding::new(&RULE, line, column, len)
                .help("use `LABEL org.opencontainers.image.authors=\"…\"`"),
        );
    }
}
