//! Internal links: every link to a page, a file of the site or a `#fragment` must resolve when
//! the site is built. The content stage already resolved each link from its source file (as
//! GitHub does); this checks that what it leads to is published, and that its fragment names a
//! heading or an element `id`/`name` there. External links are not fetched.

use std::collections::HashMap;
use std::path::Path;

use crate::check::rules;
use crate::content::{Page, Site};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::{Link, LinkTarget};

/// Broken internal links of `documents` (pages or sections' pages of `site`); `exists` says
/// whether an output file exists (a path relative to the output root, like `posts/x/index.html`).
pub fn check(site: &Site, documents: &[&Page], exists: &dyn Fn(&Path) -> bool) -> Vec<Diagnostic> {
    let by_source: HashMap<&Path, &Page> = site
        .documents()
        .map(|page| (page.content_path(), page))
        .collect();
    let by_output: HashMap<std::path::PathBuf, &Page> = site
        .documents()
        .map(|page| (page.output_dir.join("index.html"), page))
        .collect();
    let mut diagnostics = Vec::new();
    for page in documents {
        for link in &page.rendered.links {
            let fragment_on = |target: &Page| {
                link.fragment
                    .as_deref()
                    .filter(|fragment| !fragment.is_empty() && !has_anchor(target, fragment))
                    .map(|fragment| {
                        let problem = if std::ptr::eq(target, *page) {
                            format!("no heading or anchor `#{fragment}` on this page")
                        } else {
                            format!("`{}` has no heading or anchor `#{fragment}`", target.url)
                        };
                        let help = nearest_anchor(target, fragment)
                            .map(|anchor| format!("did you mean `#{anchor}`?"));
                        (problem, help)
                    })
            };
            let problem = match &link.target {
                LinkTarget::External | LinkTarget::File(_) => None,
                LinkTarget::SamePage => fragment_on(page),
                LinkTarget::Document(path) => match by_source.get(path.as_path()) {
                    Some(target) => fragment_on(target),
                    None if site.links.is_draft(path) => Some(draft(link)),
                    None => Some((
                        format!(
                            "`{}` names no published page (no `{}`)",
                            link.url,
                            Path::new(crate::content::walk::CONTENT_DIR)
                                .join(path)
                                .display()
                        ),
                        None,
                    )),
                },
                LinkTarget::Output(path) => match by_output
                    .get(path)
                    .or_else(|| by_output.get(&path.join("index.html")))
                {
                    Some(target) => fragment_on(target),
                    None if exists(path) || exists(&path.join("index.html")) => None,
                    None => Some((
                        format!("`{}` leads to no page or file of the site", link.url),
                        None,
                    )),
                },
                LinkTarget::Outside => Some((
                    format!("`{}` climbs above the site's `content/` folder", link.url),
                    None,
                )),
            };
            if let Some((problem, help)) = problem {
                let mut diagnostic = broken(page, link, &problem);
                if let Some(help) = help {
                    diagnostic = diagnostic.help(help);
                }
                diagnostics.push(diagnostic);
            }
        }
    }
    diagnostics
}

/// True when `target` has `fragment` as a heading id or element `id`/`name`; GitHub's ids are
/// lowercase, so a link written with capitals still finds its heading.
fn has_anchor(target: &Page, fragment: &str) -> bool {
    target
        .rendered
        .anchors
        .iter()
        .any(|anchor| anchor == fragment || anchor.eq_ignore_ascii_case(fragment))
}

/// The problem of a link to a draft, which the build leaves out, and what to do.
fn draft(link: &Link) -> (String, Option<String>) {
    (
        format!(
            "`{}` is a draft (`draft: true`), published only with `--drafts`",
            link.url
        ),
        Some("publish it (remove `draft: true`), or link to it once it is".to_owned()),
    )
}

/// The anchor of `target` nearest to a mistyped `fragment` (`#the-docker-file` for
/// `#the-dockerfile`): a quarter of its length in edits, at least two.
fn nearest_anchor<'a>(target: &'a Page, fragment: &str) -> Option<&'a str> {
    let most = (fragment.chars().count() / 4).max(2);
    let fragment = fragment.to_lowercase();
    crate::check::suggest::closest(
        &fragment,
        target.rendered.anchors.iter().map(String::as_str),
        most,
    )
}

fn broken(page: &Page, link: &Link, problem: &str) -> Diagnostic {
    rules::ds014::RULE
        .diagnostic(format!("broken link: {problem}"))
        .at(Location::in_text(&page.source, &page.text, link.line, link.column)
            .with_len(link.url.chars().count().max(1)))
        .help("links are read from this file's folder, as on GitHub: `part-2.md`, `../setup/README.md#install`, `images/x.png`; `/` is the site root")
}
