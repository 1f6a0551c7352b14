//! RQ001: unreadable requirements line.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// unreadable requirements line.
pub static RULE: Rule = Rule {
    id: "RQ001",
    hadolint: None,
    severity: Severity::Error,
    title: "unreadable requirements line",
    what: "Reports a requirements.txt line that is neither a PEP 508 requirement, a path or URL, a comment, nor a pip option pip knows.",
    why: "`pip install -r` stops at the first line it cannot read.",
    bad: "```requirements\nflask==3.0.3\nnumpy = 1.26.4\n```",
    good: "```requirements\nflask==3.0.3\nnumpy==1.26.4\n```",
    check: Check::Problem(ProblemKind::UnreadableRequirement),
};
