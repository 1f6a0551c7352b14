//! DS026: code block too large to highlight and check.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// code block too large to highlight and check.
pub static RULE: Rule = Rule {
    id: "DS026",
    hadolint: None,
    severity: Severity::Warning,
    title: "code block too large to highlight and check",
    what: "Reports a code block beyond `limits` in `docsite.yaml`: more than `block_size` bytes (512 KiB), a line of more than `line_length` characters (10,000) or brackets nested deeper than `block_depth` (256). It is shown as plain text and not checked.",
    why: "Highlighting and parsing cost grows with such input (a 20 MB one-line JSON block took 43 s and 4 GB); the bound keeps every build fast.",
    bad: "==> docsite.yaml <==\nlimits:\n  block_depth: 3\n==> content/a.md <==\n```json\n[[[[1]]]]\n```\n",
    good: "==> docsite.yaml <==\nlimits:\n  block_depth: 3\n==> content/a.md <==\n```json\n[[[1]]]\n```\n",
    check: Check::Site,
};
