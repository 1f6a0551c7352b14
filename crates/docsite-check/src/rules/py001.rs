//! PY001: Python syntax error.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// Python syntax error.
pub static RULE: Rule = Rule {
    id: "PY001",
    hadolint: None,
    severity: Severity::Error,
    title: "Python syntax error",
    what: "Reports the first syntax error of a Python block or file, at the line and column CPython 3.11 reports, with CPython's message. Python 2 code (`print \"x\"`) is an error with a hint. Blocks of `>>>` sessions are checked without their prompts and output.",
    why: "A reader who copies the code gets a `SyntaxError` before anything runs.",
    bad: "```python\ndef predict(x)\n    return x * 2\n```",
    good: "```python\ndef predict(x):\n    return x * 2\n```",
    check: Check::Problem(ProblemKind::PythonSyntax),
};
