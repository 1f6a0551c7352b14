//! DS018: unknown code-block language.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// unknown code-block language.
pub static RULE: Rule = Rule {
    id: "DS018",
    hadolint: None,
    severity: Severity::Warning,
    title: "unknown code-block language",
    what: "Reports a code block whose language no grammar knows (```` ```pyhton ````), suggesting the closest known one. The block is shown as plain text and not checked.",
    why: "A misspelt language turns off both highlighting and the checks of the block.",
    bad: "```pyhton\nprint(\"hello\")\n```\n",
    good: "```python\nprint(\"hello\")\n```\n",
    check: Check::Site,
};
