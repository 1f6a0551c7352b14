//! Files for machines: the Atom and RSS feed contexts (the theme's `atom.xml`/`rss.xml` render
//! them), `sitemap.xml` and `robots.txt`.

use serde_json::{json, Value};

use super::{OutputContent, OutputFile, PageValues};
use crate::content::{Page, Site};
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

/// Words of each page's text the search index keeps: enough for matching and snippets while a
/// thousand-page index stays a few megabytes before compression.
const SEARCH_WORDS: usize = 300;

/// `search-index.json`: per page its title, URL, description, keywords, headings and the start
/// of its text, which the theme's search box loads and searches in the browser.
pub fn search_index(site: &Site, values: &PageValues) -> OutputFile {
    let entries: Vec<&str> = site
        .pages_by_date()
        .into_iter()
        .map(|index| values.search[index].as_str())
        .collect();
    // The same JSON as `{"pages": [...], "version": 1}` serialised whole, from entries made once
    // per page (`search_entry`), so an edit re-serialises one entry, not the whole index.
    let body = format!("{{\"pages\":[{}],\"version\":1}}", entries.join(","));
    OutputFile {
        path: "search-index.json".into(),
        content: OutputContent::Bytes(std::sync::Arc::new(body.into_bytes())),
    }
}

/// One page's entry of `search-index.json`, as JSON text.
pub fn search_entry(page: &Page) -> String {
    let mut headings = Vec::new();
    let mut stack: Vec<&crate::markdown::TocEntry> = page.rendered.toc.iter().collect();
    while let Some(entry) = stack.pop() {
        headings.push(entry.title.as_str());
        stack.extend(&entry.children);
    }
    let text: Vec<&str> = page
        .rendered
        .text
        .split_whitespace()
        .take(SEARCH_WORDS)
        .collect();
    json!({
        "t": page.title(),
        "u": page.url,
        "d": page.meta.description,
        "k": page.meta.keywords,
        "h": headings.join(" · "),
        "b": text.join(" "),
    })
    .to_string()
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
