//! DS002: invalid front matter.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// invalid front matter.
pub static RULE: Rule = Rule {
    id: "DS002",
    hadolint: None,
    severity: Severity::Error,
    title: "invalid front matter",
    what: "Reports front matter (the YAML between the `---` lines at the top of a Markdown file) that is not valid YAML. The page is still built, without its front matter, when the rule is lowered to a warning.",
    why: "Every setting of the page (title, date, draft) is lost when its YAML cannot be read.",
    bad: "---\ntitle: [Deploying\n---\n\nText.\n",
    good: "---\ntitle: \"[Deploying]\"\n---\n\nText.\n",
    check: Check::Site,
};
