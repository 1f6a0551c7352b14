//! DS025: path leaves its folder.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// path leaves its folder.
pub static RULE: Rule = Rule {
    id: "DS025",
    hadolint: None,
    severity: Severity::Error,
    title: "path leaves its folder",
    what: "Reports a name that becomes a path but would leave its folder: a `file=` name that is absolute, climbs with `..` or holds a NUL or backslash. The block is not a project file.",
    why: "The download would unpack outside its folder (zip-slip) and `docsite test` would write outside its working copy.",
    bad: "```python file=../../tmp/app.py\nprint(\"hello\")\n```\n",
    good: "```python file=app/app.py\nprint(\"hello\")\n```\n",
    check: Check::Site,
};
