//! Files for machines: the Atom and RSS feed contexts (the theme's `atom.xml`/`rss.xml` render
//! them), `sitemap.xml` and `robots.txt`. The search files are `search`'s.

use serde_json::{json, Value};

use super::{OutputContent, OutputFile, PageValues};
use crate::content::Site;
use crate::highlight::escape_html;

/// The context of a feed template: the newest `feed_limit` pages with their full values.
pub fn feed_context(site: &Site, values: &PageValues, feed: &str) -> Value {
    let base = site.config.base_path();
    let newest: Vec<usize> = site
        .pages_by_date()
        .into_iter()
        .take(site.config.feed_limit.max(1))
        .collect();
    let pages: Vec<Value> = newest.iter().map(|&i| values.full(site, i)).collect();
    let updated = newest
        .first()
        .and_then(|&i| site.pages[i].meta.date)
        .map(|date| date.rfc3339());
    json!({
        "config": values.config,
        "pages": pages,
        "last_updated": updated,
        "feed_url": site.config.permalink(&format!("{base}{feed}")),
        "site_url": site.config.permalink(&base),
        "current_path": format!("{base}{feed}"),
    })
}

/// `sitemap.xml`: every page, section and taxonomy page, with the page's date as `lastmod`.
pub fn sitemap(site: &Site) -> OutputFile {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for section in &site.sections {
        entries.push((site.config.permalink(&section.url), None));
    }
    for page in &site.pages {
        entries.push((
            site.config.permalink(&page.url),
            page.meta.date.map(|d| d.iso()),
        ));
    }
    let base = site.config.base_path();
    for taxonomy in &site.taxonomies {
        let url = format!("{base}{}/", taxonomy.name);
        entries.push((site.config.permalink(&url), None));
        for term in &taxonomy.terms {
            entries.push((site.config.permalink(&format!("{url}{}/", term.slug)), None));
        }
    }
    entries.sort();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, lastmod) in entries {
        xml.push_str(&format!("  <url>\n    <loc>{}</loc>\n", escape_html(&loc)));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        content: OutputContent::Bytes(std::sync::Arc::new(xml.into_bytes())),
    }
}

/// `robots.txt`, allowing everything and pointing at the sitemap.
pub fn robots(site: &Site) -> OutputFile {
    let sitemap = site
        .config
        .permalink(&format!("{}sitemap.xml", site.config.base_path()));
    let text = format!("User-agent: *\nAllow: /\nSitemap: {sitemap}\n");
    OutputFile {
        path: "robots.txt".into(),
        content: OutputContent::Bytes(std::sync::Arc::new(text.into_bytes())),
    }
}
