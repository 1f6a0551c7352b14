//! Internal links: every link to a page, a file of the site or a `#fragment` must resolve when
//! the site is built. External links (with a scheme) are not fetched.

use std::path::{Path, PathBuf};

use crate::content::{Page, Site};
use crate::diagnostic::{Diagnostic, Location};

/// Broken internal links of `pages` (indexes into `site.pages`); `exists` says whether an output
/// file exists (a path relative to the output root, like `posts/x/index.html`).
pub fn check(site: &Site, pages: &[usize], exists: &dyn Fn(&Path) -> bool) -> Vec<Diagnostic> {
    let base = site.config.base_path();
    let mut diagnostics = Vec::new();
    for &index in pages {
        let page = &site.pages[index];
        for link in &page.rendered.links {
            let url = link.url.as_str();
            if let Some(target) = url.strip_prefix("@/") {
                // The content stage rewrote it (or reported it); only its fragment is left.
                let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
                let source = Path::new(crate::content::walk::CONTENT_DIR).join(path);
                let target_page = site.pages.iter().find(|p| p.source == source);
                if let (Some(target_page), false) = (target_page, fragment.is_empty()) {
                    if !target_page.rendered.heading_ids().contains(&fragment) {
                        diagnostics.push(broken(
                            page,
                            link,
                            &format!("`{}` has no heading `#{fragment}`", target_page.url),
                        ));
                    }
                }
                continue;
            }
            let external = url.contains(':') || url.starts_with("//") || url.is_empty();
            if external {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (url, None),
            };
            let path = path.split('?').next().unwrap_or(path);
            let problem = if path.is_empty() {
                fragment
                    .filter(|f| !page.rendered.heading_ids().contains(f))
                    .map(|f| format!("no heading `#{f}` on this page"))
            } else {
                let target = resolve(&page.url, path, &base);
                match find(site, &target, exists) {
                    Found::Nothing => Some(format!("`{url}` leads to no page or file of the site")),
                    Found::File => None,
                    Found::Page(target_page) => fragment
                        .filter(|f| !target_page.rendered.heading_ids().contains(f))
                        .map(|f| format!("`{}` has no heading `#{f}`", target_page.url)),
                }
            };
            if let Some(problem) = problem {
                diagnostics.push(broken(page, link, &problem));
            }
        }
    }
    diagnostics
}

fn broken(page: &Page, link: &crate::markdown::Link, problem: &str) -> Diagnostic {
    Diagnostic::error("DS014", format!("broken link: {problem}"))
        .at(Location::in_text(&page.source, &page.text, link.line, link.column).with_len(1))
        .help("link to a page's URL (`/posts/x/`), a file of the site, or a content file with `@/posts/x.md`")
}

enum Found<'a> {
    Nothing,
    File,
    Page(&'a Page),
}

/// The output path a link from the page at `from_url` leads to (without the base path).
fn resolve(from_url: &str, path: &str, base: &str) -> PathBuf {
    let absolute = if path.starts_with('/') {
        path.strip_prefix(base.trim_end_matches('/'))
            .filter(|rest| rest.starts_with('/'))
            .unwrap_or(path)
            .to_owned()
    } else {
        let from = from_url
            .strip_prefix(base.trim_end_matches('/'))
            .unwrap_or(from_url);
        format!("{from}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in absolute.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut resolved: PathBuf = parts.iter().collect();
    if absolute.ends_with('/') {
        resolved.push("index.html");
    }
    resolved
}

fn find<'a>(site: &'a Site, target: &Path, exists: &dyn Fn(&Path) -> bool) -> Found<'a> {
    let as_folder = target.join("index.html");
    for candidate in [target, as_folder.as_path()] {
        if let Some(page) = site
            .pages
            .iter()
            .find(|page| page.output_dir.join("index.html") == candidate)
        {
            return Found::Page(page);
        }
        if exists(candidate) {
            return Found::File;
        }
    }
    Found::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_page_url() {
        assert_eq!(
            resolve("/posts/x/", "../y/", "/"),
            PathBuf::from("posts/y/index.html")
        );
        assert_eq!(
            resolve("/posts/x/", "app.py", "/"),
            PathBuf::from("posts/x/app.py")
        );
        assert_eq!(
            resolve("/blog/posts/x/", "/blog/about/", "/blog/"),
            PathBuf::from("about/index.html")
        );
        assert_eq!(
            resolve("/posts/x/", "/about/", "/"),
            PathBuf::from("about/index.html")
        );
    }
}
