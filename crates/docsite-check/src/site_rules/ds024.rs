//! DS024: control characters in a Markdown file.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// control characters in a Markdown file.
pub static RULE: Rule = Rule {
    id: "DS024",
    hadolint: None,
    severity: Severity::Warning,
    title: "control characters in a Markdown file",
    what: "Reports NUL and other C0 control characters (tab, line feed and carriage return excepted) in a Markdown file; they are replaced by U+FFFD before anything reads the page.",
    why: "Browsers and feed readers reject or mangle them; they come from binary data pasted by accident.",
    bad: "==> content/a.md <==\n# A\n\nText with a NUL: \u{0}.\n",
    good: "==> content/a.md <==\n# A\n\nText without one.\n",
    check: Check::Site,
};
