//! DF021: `cd` inside `RUN`.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `cd` inside `RUN`.
pub static RULE: Rule = Rule {
    id: "DF021",
    hadolint: Some("DL3003"),
    severity: Severity::Warning,
    title: "`cd` inside `RUN`; use `WORKDIR`",
    what: "Reports a `cd` command anywhere in a `RUN`.",
    why: "The directory change ends with the `RUN`; later instructions run elsewhere than the reader thinks. `WORKDIR` persists and is explicit.",
    bad: "```dockerfile\nFROM python:3.11-slim\nRUN cd /app && python train.py\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nWORKDIR /app\nRUN python train.py\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `cd` in RUN commands.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.is("RUN")) {
        let found = instruction.scripts().into_iter().find_map(|script| {
            let command = script
                .commands
                .iter()
                .find(|c| c.name().is_some_and(|n| n.text == "cd"))?;
            command.name().map(|name| script.span(name))
        });
        if let Some((line, column, len)) = found {
            findings.push(
                Finding::new(&RULE, line, column, len)
                    .help("set the directory with `WORKDIR /path`"),
            );
        }
    }
}
