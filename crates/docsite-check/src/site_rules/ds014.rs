//! DS014: broken link.

use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// broken link.
pub static RULE: Rule = Rule {
    id: "DS014",
    hadolint: None,
    severity: Severity::Error,
    title: "broken link",
    what: "Reports a link or image (Markdown or raw HTML) that leads to no page or file of the site, or whose `#fragment` names no heading and no element `id`/`name` of its target. Links are read as GitHub reads them: from the Markdown file's folder (`part-2.md`, `../setup/README.md#install`, `images/x.png`), `/` for the site root, `@/` for `content/`; a link that names no file of `content/` is also tried against the page's URL. External links are not fetched.",
    why: "A reader who follows a broken link lands on a 404.",
    bad: "[Next: part 2](part-2.md#running)\n",
    good: "==> content/example.md <==\n[Next: part 2](part-2.md#running)\n==> content/part-2.md <==\n# Part 2\n\n## Running\n",
    check: Check::Site,
};
