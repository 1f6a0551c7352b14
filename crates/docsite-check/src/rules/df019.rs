//! DF019: shell form for `CMD` or `ENTRYPOINT`.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// shell form for `CMD` or `ENTRYPOINT`.
pub static RULE: Rule = Rule {
    id: "DF019",
    hadolint: Some("DL3025"),
    severity: Severity::Warning,
    title: "shell form for `CMD` or `ENTRYPOINT`",
    what: "Reports `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` written in shell form (`CMD python app.py`).",
    why: "In shell form the command runs under `/bin/sh -c` (or the `SHELL` the Dockerfile sets), which does not forward SIGTERM: `docker stop` waits ten seconds and kills the app.",
    bad: "```dockerfile\nFROM python:3.11-slim\nUSER 1000\nCMD python app.py\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nUSER 1000\nCMD [\"python\", \"app.py\"]\n```",
    check: Check::Dockerfile(check),
};

/// Flag shell-form `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD`.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in &dockerfile.instructions {
        let text = instruction.args.text.trim();
        let shell_form = match instruction.keyword.as_str() {
            "CMD" | "ENTRYPOINT" => !matches!(instruction.exec, Some(Some(_))),
            "HEALTHCHECK" => text
                .strip_prefix("CMD")
                .is_some_and(|rest| !rest.trim_start().starts_with('[')),
            _ => false,
        };
        if shell_form && !text.is_empty() {
            let (line, column, len) = instruction.args_span();
            let shell = instruction.shell_command();
            findings.push(
                Finding::new(&RULE, line, column, len)
                    .message(format!(
                        "shell form for `{}`: it runs under `{shell}`",
                        instruction.keyword
                    ))
                    .label(format!("runs under {shell}"))
                    .help("use JSON form: [\"executable\", \"arg\", …]"),
            );
        }
    }
}
