//! DF017: `apt-get upgrade` in a Dockerfile.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `apt-get upgrade` in a Dockerfile.
pub static RULE: Rule = Rule {
    id: "DF017",
    hadolint: None,
    severity: Severity::Warning,
    title: "`apt-get upgrade` in a Dockerfile",
    what: "Reports `apt-get upgrade` and `apt-get dist-upgrade` (and the `apt` spellings).",
    why: "Upgrading inside a build makes the image depend on the day it was built; update the base image tag instead.",
    bad: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\nUSER 1000\n```",
    good: "```dockerfile\nFROM debian:12.7-slim\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag package upgrades during the build.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.is("RUN")) {
        for script in instruction.scripts() {
            for command in &script.commands {
                let is_apt = command.is("apt-get") || command.is("apt");
                let upgrade = command.operands().find(|w| {
                    w.text == "upgrade" || w.text == "dist-upgrade" || w.text == "full-upgrade"
                });
                if let (true, Some(word)) = (is_apt, upgrade) {
                    let (line, column, len) = script.span(word);
                    findings.push(
                        Finding::new(&RULE, line, column, len)
                            .help("use a newer base image tag instead of upgrading in the build"),
                    );
                }
            }
        }
    }
}
