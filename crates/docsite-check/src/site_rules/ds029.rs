//! DS029: `tags` or `categories` on a site without that taxonomy.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// `tags` or `categories` on a site without that taxonomy.
pub static RULE: Rule = Rule {
    id: "DS029",
    hadolint: None,
    severity: Severity::Warning,
    title: "`tags` or `categories` on a site without that taxonomy",
    what: "Reports front matter with `tags:` or `categories:`, which Zola, Hugo and Jekyll publish as taxonomies, on a site whose `taxonomies:` does not list them. docsite's own taxonomy for a post's topics is `keywords`; the key is kept for templates as `page.extra.tags`, and nothing is published for it.",
    why: "A post brought from another generator would lose its tags without a word: no tag pages, no links, no feed categories.",
    bad: "==> content/a.md <==\n---\ntitle: A\ntags: [docker, python]\n---\nText.\n",
    good: "==> content/a.md <==\n---\ntitle: A\nkeywords: [docker, python]\n---\nText.\n",
    check: Check::Site,
};
