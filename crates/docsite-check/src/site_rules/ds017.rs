//! DS017: unknown front-matter key close to a known one.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// unknown front-matter key close to a known one.
pub static RULE: Rule = Rule {
    id: "DS017",
    hadolint: None,
    severity: Severity::Warning,
    title: "unknown front-matter key close to a known one",
    what: "Reports a front-matter key one edit away from a key docsite knows (`descripton`, `date_publised`), with the key it probably means. Other unknown keys are kept for templates as `page.extra`.",
    why: "A misspelt key is silently moved to `page.extra`, and the setting never takes effect.",
    bad: "---\ntitle: Deploying\ndescripton: Ship it\n---\n\nText.\n",
    good: "---\ntitle: Deploying\ndescription: Ship it\n---\n\nText.\n",
    check: Check::Site,
};
