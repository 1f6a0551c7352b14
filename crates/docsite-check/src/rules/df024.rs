//! DF024: last `USER` of a stage is root.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// last `USER` of a stage is root.
pub static RULE: Rule = Rule {
    id: "DF024",
    hadolint: Some("DL3002"),
    severity: Severity::Warning,
    title: "last `USER` of a stage is root",
    what: "Reports, for each stage, a last `USER` that is `root` or `0`.",
    why: "A process running as root inside the container is root on the host’s kernel if anything escapes.",
    bad: "```dockerfile\nFROM python:3.11-slim\nUSER 1000\nUSER root\nCMD [\"python\", \"app.py\"]\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nUSER root\nRUN useradd --uid 10001 app\nUSER 10001\nCMD [\"python\", \"app.py\"]\n```",
    check: Check::Dockerfile(check),
};

/// Flag stages whose last USER is root.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    let mut last_root: Vec<Option<usize>> = vec![None; dockerfile.stages.len()];
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        if !instruction.is("USER") || dockerfile.stages.is_empty() {
            continue;
        }
        let user = instruction.args.text.trim();
        let root = ["root", "0"]
            .iter()
            .any(|r| user == *r || user.starts_with(&format!("{r}:")));
        last_root[instruction.stage] = root.then_some(index);
    }
    // A later excerpt of the same file may switch the final stage to another user.
    if dockerfile.continued {
        last_root.pop();
    }
    for index in last_root.into_iter().flatten() {
        let (line, column, len) = dockerfile.instructions[index].args_span();
        findings.push(
            Finding::new(&RULE, line, column, len)
                .help("switch to an unprivileged user at the end of the stage, e.g. `USER 10001`"),
        );
    }
}
