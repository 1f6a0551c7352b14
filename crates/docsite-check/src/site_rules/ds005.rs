//! DS005: invalid date.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// invalid date.
pub static RULE: Rule = Rule {
    id: "DS005",
    hadolint: None,
    severity: Severity::Error,
    title: "invalid date",
    what: "Reports a `date` or `date_published` that cannot be read or does not exist (`31/02/2021`). Dates are `20/02/2021` (day first), `2021-02-20` or RFC 3339.",
    why: "A date that rolls over to another day misorders lists and feeds.",
    bad: "---\ntitle: Deploying\ndate_published: 31/02/2021\n---\n\nText.\n",
    good: "---\ntitle: Deploying\ndate_published: 28/02/2021\n---\n\nText.\n",
    check: Check::Site,
};
