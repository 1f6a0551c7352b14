//! DF009: `COPY --from` names its own stage.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `COPY --from` names its own stage.
pub static RULE: Rule = Rule {
    id: "DF009",
    hadolint: Some("DL3023"),
    severity: Severity::Error,
    title: "`COPY --from` names its own stage",
    what: "Reports `COPY --from=name` (or the number) of the stage the instruction is in.",
    why: "A stage cannot copy from itself: the build fails with a circular dependency.",
    bad: "```dockerfile\nFROM python:3.11-slim AS app\nCOPY --from=app /wheels /wheels\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim AS build\nRUN pip wheel --no-cache-dir --wheel-dir /wheels flask==3.0.3\nFROM python:3.11-slim AS app\nCOPY --from=build /wheels /wheels\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `COPY --from` naming the stage it is in.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.is("COPY")) {
        let Some(flag) = instruction.flag("from") else {
            continue;
        };
        let value = flag.value.as_deref().unwrap_or("");
        let own = value
            .parse::<usize>()
            .ok()
            .or_else(|| dockerfile.stage_named(value))
            == Some(instruction.stage);
        if own {
            findings.push(
                Finding::new(&RULE, flag.line, flag.column, flag.len)
                    .label("this is the stage being built")
                    .help("copy from an earlier stage"),
            );
        }
    }
}
