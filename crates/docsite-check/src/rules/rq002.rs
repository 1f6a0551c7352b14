//! RQ002: unpinned requirement.

use crate::python;
use crate::requirements::Requirements;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// unpinned requirement.
pub static RULE: Rule = Rule {
    id: "RQ002",
    hadolint: None,
    severity: Severity::Warning,
    title: "unpinned requirement",
    what: "Reports a requirement without an exact `==` version (or a direct URL).",
    why: "Unpinned requirements resolve to whatever is newest on the day of the build; the tutorial that worked last month breaks.",
    bad: "```requirements\nflask>=3.0\nnumpy==1.26.4\n```",
    good: "```requirements\nflask==3.0.3\nnumpy==1.26.4\n```",
    check: Check::Requirements(check),
};

/// Flag requirements without an exact version.
pub fn check(requirements: &Requirements, findings: &mut Vec<Finding>) {
    for entry in requirements.entries.iter().filter(|e| !e.pinned) {
        let at = Finding::new(
            &RULE,
            entry.line,
            entry.column,
            entry.written.chars().count(),
        );
        findings.push(match python::replacement_for(&entry.name) {
            Some(replacement) => at
                .message(format!("`{}` is a deprecated name on PyPI", entry.name))
                .help(format!(
                    "require `{replacement}==<version>` instead: installing `{}` fails",
                    entry.name
                )),
            None => at
                .message(format!("`{}` is not pinned to a version", entry.name))
                .help(format!(
                    "pin it: `{}==<version>` (`pip freeze` shows what you have)",
                    entry.name
                )),
        });
    }
}
