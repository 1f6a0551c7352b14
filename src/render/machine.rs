//! Files for machines: the Atom and RSS feed contexts (the theme's `atom.xml`/`rss.xml` render
//! them), `sitemap.xml`, `robots.txt` and the redirect pages of `aliases`. The search files are
//! `search`'s.

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
    // The feed changed when its newest entry was published or one of its entries was updated.
    let updated = newest
        .iter()
        .filter_map(|&i| site.pages[i].meta.updated.or(site.pages[i].meta.date))
        .max_by_key(|date| date.sort_key())
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

/// `sitemap.xml`: every page, section and taxonomy page, with the page's `updated` date (else its
/// date) as `lastmod`.
pub fn sitemap(site: &Site) -> OutputFile {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for section in &site.sections {
        entries.push((site.config.permalink(&section.url), None));
    }
    for page in &site.pages {
        entries.push((
            site.config.permalink(&page.url),
            page.meta.updated.or(page.meta.date).map(|d| d.iso()),
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
    // One URL a line: as readable as indented XML, and a sixth of the bytes fewer.
    for (loc, lastmod) in entries {
        xml.push_str(&format!("<url><loc>{}</loc>", escape_html(&loc)));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("<lastmod>{lastmod}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        content: OutputContent::Bytes(std::sync::Arc::new(xml.into_bytes())),
    }
}

/// The redirect pages of `page`'s `aliases`: each old URL (a path from the site's root) gets a
/// page that sends the reader on to the page, as Zola and Hugo write them, and tells search
/// engines where the page now is.
pub fn aliases(site: &Site, page: &crate::content::Page) -> Vec<OutputFile> {
    let url = escape_html(&page.url);
    let canonical = if site.config.has_absolute_base_url() {
        format!(
            "<link rel=\"canonical\" href=\"{}\">",
            escape_html(&site.config.permalink(&page.url))
        )
    } else {
        String::new()
    };
    page.meta
        .aliases
        .iter()
        .map(|alias| {
            let alias = alias.trim_start_matches('/');
            let path = if alias.ends_with(".html") || alias.ends_with(".htm") {
                std::path::PathBuf::from(alias)
            } else {
                std::path::Path::new(alias).join("index.html")
            };
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\"><meta charset=\"utf-8\">\
                 <title>Moved to {url}</title>{canonical}<meta name=\"robots\" content=\"noindex\">\
                 <meta http-equiv=\"refresh\" content=\"0; url={url}\">\
                 <p>This page has moved to <a href=\"{url}\">{url}</a>.</p></html>\n",
                lang = escape_html(&site.config.language),
            );
            OutputFile {
                path,
                content: OutputContent::Bytes(std::sync::Arc::new(html.into_bytes())),
            }
        })
        .collect()
}

/// `robots.txt`, allowing everything and pointing at the sitemap when its URL can be absolute
/// (a relative `Sitemap:` line is ignored by crawlers; `build` warns about the `base_url`).
pub fn robots(site: &Site) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if site.config.has_absolute_base_url() {
        let sitemap = site
            .config
            .permalink(&format!("{}sitemap.xml", site.config.base_path()));
        text.push_str(&format!("Sitemap: {sitemap}\n"));
    }
    OutputFile {
        path: "robots.txt".into(),
        content: OutputContent::Bytes(std::sync::Arc::new(text.into_bytes())),
    }
}
