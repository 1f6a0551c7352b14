//! The site's own rules, reported by its stages (configuration, content, templates, links,
//! output). Declared here, at the bottom, so that every stage of the site crate names its rules
//! without importing the check stage. Each rule is one file named after its id; the `registry!`
//! line below is the only other place that names it.

crate::registry! {
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
