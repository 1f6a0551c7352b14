//! DS023: Markdown file too large.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// Markdown file too large.
pub static RULE: Rule = Rule {
    id: "DS023",
    hadolint: None,
    severity: Severity::Error,
    title: "Markdown file too large",
    what: "Reports a Markdown file larger than `limits.file_size` in `docsite.yaml` (10 MiB by default); it is not read.",
    why: "A page that large is almost always a mistake (a log or data file saved as `.md`), and reading it costs memory and time every build.",
    bad: "==> docsite.yaml <==\nlimits:\n  file_size: 20\n==> content/a.md <==\n# A page longer than twenty bytes\n",
    good: "==> docsite.yaml <==\nlimits:\n  file_size: 200\n==> content/a.md <==\n# A page longer than twenty bytes\n",
    check: Check::Site,
};
