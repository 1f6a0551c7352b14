//! DF010: base image without a tag.

use crate::dockerfile::Dockerfile;
use crate::dockerfile::ImageRef;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// base image without a tag.
pub static RULE: Rule = Rule {
    id: "DF010",
    hadolint: Some("DL3006"),
    severity: Severity::Warning,
    title: "base image without a tag",
    what: "Reports `FROM image` with neither a tag nor a digest. `scratch`, earlier stage names and images given by a variable are exempt.",
    why: "An untagged image means `latest`, which changes under you: the same Dockerfile builds a different image next month.",
    bad: "```dockerfile\nFROM python\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11.9-slim-bookworm\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag `FROM` images without tag or digest.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for (index, stage) in dockerfile.stages.iter().enumerate() {
        let image = stage.image.as_str();
        let is_earlier_stage = dockerfile.stages[..index]
            .iter()
            .any(|earlier| earlier.name.as_deref() == Some(image.to_ascii_lowercase().as_str()));
        let reference = ImageRef::parse(image);
        if image.is_empty() || image == "scratch" || image.starts_with('$') || is_earlier_stage {
            continue;
        }
        if reference.tag.is_none() && reference.digest.is_none() {
            let (line, column, len) = dockerfile.instructions[stage.from].args_span();
            findings.push(
                Finding::new(&RULE, line, column, len.min(image.chars().count()))
                    .message(format!("base image `{image}` has no tag"))
                    .help(format!("pin a version, e.g. `{image}:<version>`")),
            );
        }
    }
}
