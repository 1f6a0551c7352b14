//! XF001: file defined twice with different contents.

use crate::check::rule::Rule;
use crate::diagnostic::Severity;

/// file defined twice with different contents.
pub static RULE: Rule = Rule {
    id: "XF001",
    hadolint: None,
    severity: Severity::Error,
    title: "file defined twice with different contents",
    what: "Reports a code block that names a file (`file=app.py`) whose contents differ from the real file beside the post, or from an earlier block naming the same file.",
    why: "The reader copies one version and the project runs another: the post no longer shows the code that runs.",
    bad: "```python file=app.py\nprint(\"one\")\n```\n\n```python file=app.py\nprint(\"two\")\n```",
    good: "```python file=app.py\nprint(\"one\")\n```\n\n```python file=main.py\nprint(\"two\")\n```",
};
