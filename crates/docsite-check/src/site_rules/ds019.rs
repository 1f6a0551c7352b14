//! DS019: unknown rule id.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// unknown rule id.
pub static RULE: Rule = Rule {
    id: "DS019",
    hadolint: None,
    severity: Severity::Warning,
    title: "unknown rule id",
    what: "Reports a rule id that no rule has, in `checks.rules` of `docsite.yaml`, in a block's `allow=`, or in a `# hadolint ignore=` comment (hadolint's own `DL` and ShellCheck `SC` ids are known).",
    why: "A misspelt id silences nothing, and the writer believes a rule is configured.",
    bad: "```dockerfile allow=DF102\nFROM python:3.11-slim\nRUN pip install --no-cache-dir flask==3.0.3\n```\n",
    good: "```dockerfile allow=DF012\nFROM python:3.11-slim\nRUN pip install --no-cache-dir flask==3.0.3\n```\n",
    check: Check::Site,
};
