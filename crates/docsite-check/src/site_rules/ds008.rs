//! DS008: template error.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// template error.
pub static RULE: Rule = Rule {
    id: "DS008",
    hadolint: None,
    severity: Severity::Error,
    title: "template error",
    what: "Reports a template that does not parse, uses a variable or filter that does not exist, or a `template` front-matter key naming no template; located in the template file.",
    why: "A page whose template fails cannot be written.",
    bad: "==> templates/page.html <==\n<h1>{{ page.titel }}</h1>\n==> content/a.md <==\n# A\n",
    good: "==> templates/page.html <==\n<h1>{{ page.title }}</h1>\n==> content/a.md <==\n# A\n",
    check: Check::Site,
};
