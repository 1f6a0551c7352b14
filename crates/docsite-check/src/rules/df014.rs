//! DF014: `apt-get install` without `-y`.

use crate::dockerfile::is_apt_get_install;
use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::shell::Command;
use crate::diagnostic::Severity;

/// `apt-get install` without `-y`.
pub static RULE: Rule = Rule {
    id: "DF014",
    hadolint: Some("DL3014"),
    severity: Severity::Warning,
    title: "`apt-get install` without `-y`",
    what: "Reports `apt-get install` without `-y`, `--yes`, `--assume-yes` or `-qq`.",
    why: "Without `-y`, apt-get asks for confirmation; a build has no one to answer and aborts.",
    bad: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1000\n```",
    good: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `apt-get install` commands that would wait for confirmation.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.runs_shell()) {
        for script in instruction.scripts() {
            for command in script.commands.iter().filter(|c| is_apt_get_install(c)) {
                if assumes_yes(command) {
                    continue;
                }
                let (line, column, len) = script.span(command.name().expect("apt-get"));
                findings.push(
                    Finding::new(&RULE, line, column, len).help("add `-y`: `apt-get install -y …`"),
                );
            }
        }
    }
}

fn assumes_yes(command: &Command) -> bool {
    let words: Vec<&str> = command.args().iter().map(|w| w.text.as_str()).collect();
    let quiet_count: usize = words
        .iter()
        .filter_map(|w| w.strip_prefix('-').filter(|f| !f.starts_with('-')))
        .map(|flags| flags.matches('q').count())
        .sum();
    let long_quiet = words.iter().filter(|w| **w == "--quiet").count();
    command.has_flag(Some('y'), &["--yes", "--assume-yes", "--qq"])
        || quiet_count == 2
        || long_quiet == 2
        || words.contains(&"-q=2")
}
