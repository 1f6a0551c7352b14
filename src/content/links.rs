//! `@/posts/x.md` links: written against content files, rewritten to the pages' URLs so they
//! survive renames of slugs and sections; a link to no page is an error at its position.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::walk::CONTENT_DIR;
use super::Page;
use crate::diagnostic::{Diagnostic, Location};

/// Rewrite the `@/` links of every page to URLs; report those that name no page.
pub fn resolve(pages: &mut [Page]) -> Vec<Diagnostic> {
    let urls: HashMap<PathBuf, String> = pages
        .iter()
        .map(|page| {
            (
                page.source
                    .strip_prefix(CONTENT_DIR)
                    .unwrap_or(&page.source)
                    .to_path_buf(),
                page.url.clone(),
            )
        })
        .collect();
    let mut diagnostics = Vec::new();
    for page in pages.iter_mut() {
        for link in page.rendered.links.clone() {
            let Some(target) = link.url.strip_prefix("@/") else {
                continue;
            };
            let (path, fragment) = match target.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (target, None),
            };
            match urls.get(Path::new(path)) {
                Some(url) => {
                    let resolved = match fragment {
                        Some(fragment) => format!("{url}#{fragment}"),
                        None => url.clone(),
                    };
                    let from = format!("href=\"{}\"", crate::highlight::escape_html(&link.url));
                    let to = format!("href=\"{}\"", crate::highlight::escape_html(&resolved));
                    page.rendered.html = page.rendered.html.replace(&from, &to);
                    if let Some(summary) = &mut page.rendered.summary {
                        *summary = summary.replace(&from, &to);
                    }
                }
                None => diagnostics.push(
                    Diagnostic::error("DS014", format!("broken link: `{}` names no page", link.url))
                        .at(Location::in_text(&page.source, &page.text, link.line, link.column).with_len(link.url.chars().count() + 2))
                        .help("`@/` links name a Markdown file under content/, e.g. `@/posts/x.md` or `@/posts/x/index.md`"),
                ),
            }
        }
    }
    diagnostics
}
