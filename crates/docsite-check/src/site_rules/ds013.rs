//! DS013: include cannot be resolved.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// include cannot be resolved.
pub static RULE: Rule = Rule {
    id: "DS013",
    hadolint: None,
    severity: Severity::Error,
    title: "include cannot be resolved",
    what: "Reports a code block whose `include=` names a missing or binary file, a path outside `content/`, a bad `lines=` range, or an unknown or unclosed `region=`.",
    why: "The block would show nothing, or the wrong lines, while the post claims it shows the real file.",
    bad: "```python include=\"app.py\"\n```\n",
    good: "==> content/example.md <==\n```python include=\"app.py\"\n```\n==> content/app.py <==\nprint(\"hello\")\n",
    check: Check::Site,
};
