//! DF029: `apt-get install` of a package without a version pin.

use crate::dockerfile::{is_apt_get_install, Dockerfile};
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `apt-get install` of a package without a version pin.
pub static RULE: Rule = Rule {
    id: "DF029",
    hadolint: Some("DL3008"),
    severity: Severity::Warning,
    title: "`apt-get install` without version pins",
    what: "Reports `apt-get install` of a package named without `=version` (a `.deb` file or a path is fine), as hadolint's DL3008 does.",
    why: "The image gets whatever version the mirror has on the day it is built, so two builds of the same Dockerfile can differ and a rebuild can break.",
    bad: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 1000\n```",
    good: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Options of `apt-get install` whose value is the next word.
const VALUE_OPTIONS: &[&str] = &["-t", "--target-release", "-o", "--option", "-c", "--config-file"];

/// Flag the first unpinned package of each `apt-get install`.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.runs_shell()) {
        for script in instruction.scripts() {
            for command in script.commands.iter().filter(|c| is_apt_get_install(c)) {
                let mut after_value_option = false;
                let unpinned: Vec<_> = command
                    .args()
                    .iter()
                    .filter(|word| {
                        let value = std::mem::take(&mut after_value_option);
                        after_value_option = VALUE_OPTIONS.contains(&word.text.as_str());
                        !value && !word.text.starts_with('-') && word.text != "install"
                    })
                    .filter(|word| {
                        !word.text.contains('=')
                            && !word.text.contains('/')
                            && !word.text.ends_with(".deb")
                    })
                    .collect();
                let Some(first) = unpinned.first() else {
                    continue;
                };
                let names: Vec<&str> = unpinned.iter().map(|word| word.text.as_str()).collect();
                let (line, column, len) = script.span(first);
                findings.push(
                    Finding::new(&RULE, line, column, len)
                        .message(format!(
                            "`apt-get install` without version pins: `{}`",
                            names.join("`, `")
                        ))
                        .help("pin each package (`curl=7.88.1-10+deb12u8`); `apt-cache policy curl` shows the versions"),
                );
            }
        }
    }
}
