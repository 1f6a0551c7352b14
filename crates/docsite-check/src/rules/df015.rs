//! DF015: `apt-get install` without `--no-install-recommends`.

use crate::dockerfile::is_apt_get_install;
use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `apt-get install` without `--no-install-recommends`.
pub static RULE: Rule = Rule {
    id: "DF015",
    hadolint: Some("DL3015"),
    severity: Severity::Warning,
    title: "`apt-get install` without `--no-install-recommends`",
    what: "Reports `apt-get install` without `--no-install-recommends` (or `-o APT::Install-Recommends=false`).",
    why: "Recommended packages are not needed to run your app but can double an image’s size and its attack surface.",
    bad: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1000\n```",
    good: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `apt-get install` commands that pull in recommended packages.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.runs_shell()) {
        for script in instruction.scripts() {
            for command in script.commands.iter().filter(|c| is_apt_get_install(c)) {
                let off = command.has_flag(None, &["--no-install-recommends"])
                    || command
                        .args()
                        .iter()
                        .any(|w| w.text == "APT::Install-Recommends=false");
                if !off {
                    let (line, column, len) = script.span(command.name().expect("apt-get"));
                    findings.push(
                        Finding::new(&RULE, line, column, len)
                            .help("add `--no-install-recommends`"),
                    );
                }
            }
        }
    }
}
