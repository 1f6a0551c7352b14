//! Every rule docsite has, in one list: the checks' rules and the site's own (both declared in
//! the `docsite-check` crate, `rules` and `site_rules`, so that every stage may name a rule
//! without importing the check stage).

pub use docsite_check::rules::*;
pub use docsite_check::site_rules::*;
// Every rule, not only the checks': named explicitly, it wins over the glob's `RULES`.
pub use docsite_check::rule_ids::{find, ALL_RULES as RULES};
