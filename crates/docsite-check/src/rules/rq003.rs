//! RQ003: package listed twice.

use crate::requirements::Requirements;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// package listed twice.
pub static RULE: Rule = Rule {
    id: "RQ003",
    hadolint: None,
    severity: Severity::Error,
    title: "package listed twice",
    what: "Reports a package that appears twice in one requirements file, names compared after PEP 503 normalisation (`scikit_learn` is `scikit-learn`).",
    why: "pip refuses conflicting double requirements (\"Double requirement given\"); identical ones hide which pin is meant.",
    bad: "```requirements\nscikit-learn==1.5.0\nflask==3.0.3\nscikit_learn==1.4.2\n```",
    good: "```requirements\nscikit-learn==1.5.0\nflask==3.0.3\n```",
    check: Check::Requirements(check),
};

/// Flag the second and later mention of a package.
pub fn check(requirements: &Requirements, findings: &mut Vec<Finding>) {
    for (index, entry) in requirements.entries.iter().enumerate() {
        let first = requirements.entries[..index]
            .iter()
            .find(|e| e.name == entry.name && !has_marker(e) && !has_marker(entry));
        if let Some(first) = first {
            findings.push(
                Finding::new(
                    &RULE,
                    entry.line,
                    entry.column,
                    entry.written.chars().count(),
                )
                .message(format!("`{}` is listed twice", entry.name))
                .label(format!("first listed on line {}", first.line))
                .help("keep one line per package"),
            );
        }
    }
}

/// Requirements with environment markers may legitimately repeat a name for other platforms.
fn has_marker(entry: &crate::requirements::Entry) -> bool {
    entry.written.contains(';')
}
