//! Every rule docsite has: the checks' rules (the `docsite-check` crate) and the site's own,
//! reported by its stages (configuration, content, templates, links, output). Each site rule is
//! one file named after its id; the `registry!` line below is the only other place that names it.

use std::sync::LazyLock;

use crate::check::rule::Rule;

pub use docsite_check::rules::*;

docsite_check::registry! {
    /// The site's own rules, by id.
    SITE_RULES:
    ds001,
    ds002,
    ds003,
    ds004,
    ds005,
    ds006,
    ds007,
    ds008,
    ds009,
    ds013,
    ds014,
    ds015,
    ds016,
    ds017,
    ds018,
    ds019,
    ds020,
    ds021,
    ds022,
    ds023,
    ds024,
    ds025,
    ds026,
    ds028,
    ds029,
}

/// Every rule, by id.
pub static RULES: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    let mut rules: Vec<&'static Rule> = docsite_check::rules::RULES
        .iter()
        .chain(SITE_RULES)
        .copied()
        .collect();
    rules.sort_by_key(|rule| rule.id);
    rules
});

/// A rule by its docsite id or its hadolint id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| {
        rule.id.eq_ignore_ascii_case(id)
            || rule.hadolint.is_some_and(|h| h.eq_ignore_ascii_case(id))
    })
}
