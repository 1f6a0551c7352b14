//! DF005: `COPY --from` names a stage number not built yet.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `COPY --from` names a stage number not built yet.
pub static RULE: Rule = Rule {
    id: "DF005",
    hadolint: Some("DL3022"),
    severity: Severity::Error,
    title: "`COPY --from` names a stage number not built yet",
    what: "Reports `COPY --from=N` where N is not the number of an earlier stage (stages count from 0).",
    why: "BuildKit cannot copy from a stage that is not built yet: the build fails.",
    bad: "```dockerfile\nFROM python:3.11-slim AS build\nRUN pip wheel --no-cache-dir --wheel-dir /wheels flask==3.0.3\nFROM python:3.11-slim\nCOPY --from=2 /wheels /wheels\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim AS build\nRUN pip wheel --no-cache-dir --wheel-dir /wheels flask==3.0.3\nFROM python:3.11-slim\nCOPY --from=0 /wheels /wheels\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `COPY --from=N` for stages not built yet.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    // An excerpt does not show the stages it may copy from.
    if dockerfile.is_excerpt() {
        return;
    }
    for instruction in dockerfile.instructions.iter().filter(|i| i.is("COPY")) {
        let Some(flag) = instruction.flag("from") else {
            continue;
        };
        let value = flag.value.as_deref().unwrap_or("").trim_matches('"');
        let current = instruction.stage;
        if value.parse::<usize>().is_ok_and(|index| index > current) {
            findings.push(
                Finding::new(&RULE, flag.line, flag.column, flag.len)
                    .label(format!("stage {current} is being built here"))
                    .help("copy from an earlier stage, by its `AS` name or its number (the first stage is 0)"),
            );
        }
    }
}
