//! DF023: `sudo` in `RUN`.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `sudo` in `RUN`.
pub static RULE: Rule = Rule {
    id: "DF023",
    hadolint: Some("DL3004"),
    severity: Severity::Warning,
    title: "`sudo` in `RUN`",
    what: "Reports a `sudo` command in a `RUN`.",
    why: "Builds already run as root until a `USER` line; slim images do not even ship sudo, so the step fails or hides a privilege mix-up.",
    bad: "```dockerfile\nFROM debian:12-slim\nUSER 1000\nRUN sudo mkdir /data\n```",
    good: "```dockerfile\nFROM debian:12-slim\nRUN mkdir /data && chown 1000 /data\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `sudo` in RUN commands.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.runs_shell()) {
        for script in instruction.scripts() {
            for command in script
                .commands
                .iter()
                .filter(|c| c.name().is_some_and(|n| n.text == "sudo"))
            {
                let (line, column, len) = script.span(command.name().expect("sudo"));
                findings.push(
                    Finding::new(&RULE, line, column, len).help(
                        "run the step before `USER`, as root, or use `gosu` in an entrypoint",
                    ),
                );
            }
        }
    }
}
