//! DS021: file skipped: not a regular file.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// file skipped: not a regular file.
pub static RULE: Rule = Rule {
    id: "DS021",
    hadolint: None,
    severity: Severity::Warning,
    title: "file skipped: not a regular file",
    what: "Reports a FIFO, socket, device or link to a folder in `content/`: it is skipped, never opened (a FIFO would block the build for ever; `/dev/zero` would fill memory).",
    why: "The writer may expect the file on the site; it will not be there.",
    bad: "==> content/a.md <==\n# A\n==> content/data (fifo) <==\n",
    good: "==> content/a.md <==\n# A\n==> content/data <==\nplain file\n",
    check: Check::Site,
};
