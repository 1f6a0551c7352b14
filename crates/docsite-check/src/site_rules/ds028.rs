//! DS028: `base_url` is a path, so published URLs cannot be absolute.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// `base_url` is a path, so published URLs cannot be absolute.
pub static RULE: Rule = Rule {
    id: "DS028",
    hadolint: None,
    severity: Severity::Warning,
    title: "`base_url` is a path, so published URLs cannot be absolute",
    what: "Reports a build whose `base_url` is a path (`/`, the default, or `/blog/`) rather than the site's address. Links inside the site work, but the formats that require absolute URLs get relative ones or none: the sitemap's `<loc>`, the feeds' ids and links, `robots.txt`'s `Sitemap:` line (left out), canonical links and `og:url` (left out), and the link in each `project.zip`'s README. `docsite serve` sets its own address and is not affected.",
    why: "Search engines ignore a sitemap of relative URLs, feed readers cannot follow relative entry links, and a page shared on social media has no address; nothing else would say so.",
    bad: "==> docsite.yaml <==\ntitle: Blog\nbase_url: /\n==> content/a.md <==\n---\ntitle: A\n---\nText.\n",
    good: "==> docsite.yaml <==\ntitle: Blog\nbase_url: https://example.com/\n==> content/a.md <==\n---\ntitle: A\n---\nText.\n",
    check: Check::Site,
};
