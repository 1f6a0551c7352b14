//! DF012: `pip install` without `--no-cache-dir`.

use std::collections::HashMap;

use crate::dockerfile::Dockerfile;
use crate::dockerfile::{has_cache_mount, is_pip_install, is_truthy};
use crate::rule::{Check, Finding, Rule};
use crate::shell::{self, Command};
use crate::diagnostic::Severity;

/// `pip install` without `--no-cache-dir`.
pub static RULE: Rule = Rule {
    id: "DF012",
    hadolint: Some("DL3042"),
    severity: Severity::Warning,
    title: "`pip install` without `--no-cache-dir`",
    what: "Reports a `RUN` with a `pip install` that lacks `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set to a true value (by `ENV` in the stage or its parent, or inline in the `RUN`) or the pip cache is a `--mount=type=cache` mount.",
    why: "pip keeps every downloaded wheel in `~/.cache/pip`; in an image that cache is dead weight — hundreds of megabytes for TensorFlow.",
    bad: "```dockerfile\nFROM python:3.11-slim\nRUN pip install -r requirements.txt\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag RUNs that install with pip and keep its cache.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    // As hadolint does, a stage is keyed by its alias, or by its image when it has none, and
    // inherits the setting of the stage its image names.
    let mut disabled: HashMap<String, bool> = HashMap::new();
    let mut current = String::new();
    for instruction in &dockerfile.instructions {
        if instruction.is("FROM") {
            let image = dockerfile
                .stages
                .get(instruction.stage)
                .map(|stage| stage.image.clone())
                .unwrap_or_default();
            let inherited = disabled.get(&image).copied().unwrap_or(false);
            let alias = dockerfile
                .stages
                .get(instruction.stage)
                .and_then(|stage| stage.name.clone());
            current = alias.unwrap_or(image);
            disabled.insert(current.clone(), inherited);
            continue;
        }
        if instruction.is("ENV") {
            if let Some(value) = env_value(&instruction.args.text, "PIP_NO_CACHE_DIR") {
                disabled.insert(current.clone(), is_truthy(&value));
            }
            continue;
        }
        if !instruction.runs_shell() || disabled.get(&current).copied().unwrap_or(false) {
            continue;
        }
        let inline = instruction
            .args
            .text
            .split("PIP_NO_CACHE_DIR=")
            .skip(1)
            .any(|rest| {
                is_truthy(
                    rest.split(|c: char| c.is_whitespace() || c == ';' || c == '&')
                        .next()
                        .unwrap_or(""),
                )
            });
        if inline || has_cache_mount(instruction, ".cache/pip") {
            continue;
        }
        let offending = instruction.scripts().into_iter().find_map(|script| {
            let command = script.commands.iter().find(|command| {
                is_pip_install(command)
                    && !command
                        .args()
                        .iter()
                        .any(|word| word.text == "--no-cache-dir")
                    && !is_pip_wrapper(command)
            })?;
            command.name().map(|name| script.span(name))
        });
        if let Some((line, column, len)) = offending {
            findings.push(
                Finding::new(&RULE, line, column, len)
                    .label("keeps pip's download cache in the image")
                    .help("add `--no-cache-dir`: `pip install --no-cache-dir …`"),
            );
        }
    }
}

fn is_pip_wrapper(command: &Command) -> bool {
    let name = command.name().map_or("", |word| word.text.as_str());
    name.contains("pipx") || name.contains("pipenv")
}

/// The value `ENV` gives `key`, in either `ENV K=V …` or `ENV K V` form.
fn env_value(args: &str, key: &str) -> Option<String> {
    if let Some(rest) = args
        .strip_prefix(key)
        .filter(|rest| rest.starts_with(char::is_whitespace))
    {
        return Some(rest.trim().trim_matches('"').to_owned());
    }
    shell::parse(args)
        .into_iter()
        .flat_map(|command| command.words)
        .find_map(|word| {
            word.text
                .strip_prefix(&format!("{key}="))
                .map(str::to_owned)
        })
}
