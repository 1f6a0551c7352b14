//! DF006: `COPY --from` names no earlier stage.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `COPY --from` names no earlier stage.
pub static RULE: Rule = Rule {
    id: "DF006",
    hadolint: Some("DL3022"),
    severity: Severity::Warning,
    title: "`COPY --from` names no earlier stage",
    what: "Reports `COPY --from=value` where the value is neither the name or number of an earlier stage nor an image reference with a tag or digest.",
    why: "A typo in a stage name is not an error to Docker: it tries to pull an image of that name, which fails or, worse, copies from an unrelated public image.",
    bad: "```dockerfile\nFROM python:3.11-slim AS build\nRUN pip wheel --no-cache-dir --wheel-dir /wheels flask==3.0.3\nFROM python:3.11-slim\nCOPY --from=builder /wheels /wheels\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim AS build\nRUN pip wheel --no-cache-dir --wheel-dir /wheels flask==3.0.3\nFROM python:3.11-slim\nCOPY --from=build /wheels /wheels\nCOPY --from=ghcr.io/astral-sh/uv:0.4.0 /uv /bin/uv\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `COPY --from` values that are no earlier stage and no tagged image reference.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    // An excerpt does not show the stages it may copy from.
    if dockerfile.is_excerpt() {
        return;
    }
    for instruction in dockerfile.instructions.iter().filter(|i| i.is("COPY")) {
        let Some(flag) = instruction.flag("from") else {
            continue;
        };
        let value = flag.value.as_deref().unwrap_or("");
        let earlier_stage = match value.parse::<usize>() {
            Ok(_) => true,
            Err(_) => dockerfile
                .stage_named(value)
                .is_some_and(|stage| stage <= instruction.stage),
        };
        if earlier_stage || value.contains(':') {
            continue;
        }
        findings.push(
            Finding::new(&RULE, flag.line, flag.column, flag.len)
                .message(format!("`COPY --from={value}` names no earlier stage"))
                .label("Docker will try to pull an image of this name")
                .help(
                    "name an earlier `FROM … AS name` stage, or give the image a tag (`image:1.2`)",
                ),
        );
    }
}
