//! DF011: base image tagged `latest`.

use crate::dockerfile::Dockerfile;
use crate::dockerfile::ImageRef;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// base image tagged `latest`.
pub static RULE: Rule = Rule {
    id: "DF011",
    hadolint: Some("DL3007"),
    severity: Severity::Warning,
    title: "base image tagged `latest`",
    what: "Reports `FROM image:latest` (without a digest).",
    why: "`latest` moves: builds stop being reproducible and can break without any change on your side.",
    bad: "```dockerfile\nFROM python:latest\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11.9-slim-bookworm\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `FROM image:latest`.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for stage in &dockerfile.stages {
        let reference = ImageRef::parse(&stage.image);
        if reference.tag == Some("latest") && reference.digest.is_none() {
            let (line, column, _) = dockerfile.instructions[stage.from].args_span();
            findings.push(
                Finding::new(&RULE, line, column, stage.image.chars().count()).help(format!(
                    "pin a release tag, e.g. `{}:<version>`",
                    reference.name
                )),
            );
        }
    }
}
