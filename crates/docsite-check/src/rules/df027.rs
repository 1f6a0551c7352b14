//! DF027: pipe in `RUN` without `pipefail`.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::shell::{self, Op};
use crate::diagnostic::Severity;

/// pipe in `RUN` without `pipefail`.
pub static RULE: Rule = Rule {
    id: "DF027",
    hadolint: Some("DL4006"),
    severity: Severity::Warning,
    title: "pipe in `RUN` without `pipefail`",
    what: "Reports a `RUN` with a pipe (`|`) when no earlier `SHELL` of the stage sets `-o pipefail` for bash, zsh or ash.",
    why: "The default `/bin/sh -c` only sees the last command of a pipe: `curl … | tar x` succeeds even when the download failed.",
    bad: "```dockerfile\nFROM debian:12-slim\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt\nUSER 1000\n```",
    good: "```dockerfile\nFROM debian:12-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag RUN pipes while the stage's shell lacks pipefail.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in &dockerfile.instructions {
        let pipefail = instruction.shell.as_deref().is_some_and(sets_pipefail);
        match instruction.keyword.as_str() {
            "RUN" if !pipefail => {
                let piped = instruction.scripts().into_iter().find_map(|script| {
                    let command = script
                        .commands
                        .iter()
                        .find(|c| c.op_after == Some(Op::Pipe))?;
                    command.name().map(|name| script.span(name))
                });
                if let Some((line, column, len)) = piped {
                    findings.push(
                        Finding::new(&RULE, line, column, len)
                            .label("a failure before the pipe is ignored")
                            .help("add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this `RUN`"),
                    );
                }
            }
            _ => {}
        }
    }
}

fn sets_pipefail(words: &[String]) -> bool {
    let joined = words.join(" ");
    if ["pwsh", "powershell", "cmd"]
        .iter()
        .any(|shell| joined.starts_with(shell))
    {
        return true;
    }
    shell::parse(&joined).iter().any(|command| {
        let shell_ok = ["/bin/bash", "/bin/zsh", "/bin/ash", "bash", "zsh", "ash"]
            .iter()
            .any(|name| command.name().is_some_and(|n| n.text == *name));
        shell_ok
            && command.has_flag(Some('o'), &[])
            && command.args().iter().any(|w| w.text == "pipefail")
    })
}
