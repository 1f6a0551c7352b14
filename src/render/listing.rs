//! Lists of pages: pagination of the home page and sections (`/page/2/`), and the taxonomy
//! pages (`/keywords/`, `/keywords/docker/`).

use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::{OutputFile, PageValues};
use crate::content::taxonomy;
use crate::content::Site;
use crate::diagnostic::Diagnostic;

/// One page of a paginated list.
pub struct Pager {
    /// Page indexes on this list page.
    pub items: Vec<usize>,
    /// 1-based number of this list page.
    pub number: usize,
    /// How many list pages there are.
    pub count: usize,
    /// Its URL (the list's own URL for the first one).
    pub url: String,
    /// Its output folder relative to the list's (`page/2`, or empty).
    pub output: PathBuf,
    base: String,
}

impl Pager {
    fn url_of(base: &str, number: usize) -> String {
        if number == 1 {
            base.to_owned()
        } else {
            format!("{base}page/{number}/")
        }
    }

    /// The `paginator` template value.
    pub fn value(&self, items: &[&Value]) -> Value {
        let url = |number: usize| {
            (1..=self.count)
                .contains(&number)
                .then(|| Self::url_of(&self.base, number))
        };
        json!({
            "current_index": self.number,
            "number_pagers": self.count,
            "pages": items,
            "previous": url(self.number.wrapping_sub(1)),
            "next": url(self.number + 1),
            "first": url(1),
            "last": url(self.count),
        })
    }
}

/// Split `items` into list pages of `per_page` (0: one page) under the list URL `base`.
pub fn paginate(items: &[usize], per_page: usize, base: &str) -> Vec<Pager> {
    let chunks: Vec<Vec<usize>> = if per_page == 0 || items.is_empty() {
        vec![items.to_vec()]
    } else {
        items.chunks(per_page).map(<[usize]>::to_vec).collect()
    };
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(index, items)| {
            let number = index + 1;
            Pager {
                items,
                number,
                count,
                url: Pager::url_of(base, number),
                output: if number == 1 {
                    PathBuf::new()
                } else {
                    PathBuf::from(format!("page/{number}"))
                },
                base: base.to_owned(),
            }
        })
        .collect()
}

type Render<'a> = &'a (dyn Fn(&str, Value, PathBuf) -> Result<OutputFile, Diagnostic> + Sync);

/// The URLs of the list pages to render again (an edit's: see `session`); `None` renders all.
pub type Only = std::collections::HashSet<String>;

/// The output file of every list page of `site`: each section's and the home page's pages, each
/// taxonomy's list of terms and each term's pages, as `render_section` and `taxonomy_pages`
/// write them. A rebuild compares them before and after its edits to drop the lists that went.
pub fn list_paths(site: &Site) -> std::collections::BTreeSet<PathBuf> {
    let mut paths = std::collections::BTreeSet::new();
    for (index, section) in site.sections.iter().enumerate() {
        let listed = if index == 0 {
            site.pages_by_date()
        } else {
            section.pages.clone()
        };
        for pager in paginate(&listed, site.config.paginate_by, &section.url) {
            paths.insert(section.output_dir.join(&pager.output).join("index.html"));
        }
    }
    for taxonomy in &site.taxonomies {
        paths.insert(PathBuf::from(&taxonomy.name).join("index.html"));
        for term in &taxonomy.terms {
            for pager in paginate(&term.pages, site.config.paginate_by, "") {
                paths.insert(
                    PathBuf::from(&taxonomy.name)
                        .join(&term.slug)
                        .join(&pager.output)
                        .join("index.html"),
                );
            }
        }
    }
    paths
}

/// Render `/NAME/` (`taxonomy_list.html`) and `/NAME/TERM/` (`taxonomy_single.html`, paginated)
/// for every taxonomy (or only the list pages `only` names).
pub fn taxonomy_pages(
    site: &Site,
    values: &PageValues,
    only: Option<&Only>,
    render: Render,
) -> Vec<Result<OutputFile, Diagnostic>> {
    let base = site.config.base_path();
    let taxonomies: Vec<(&taxonomy::Taxonomy, String, Value, Vec<Value>)> = site
        .taxonomies
        .iter()
        .map(|taxonomy| {
            let url = format!("{base}{}/", taxonomy.name);
            let terms: Vec<Value> = taxonomy
                .terms
                .iter()
                .map(|term| json!({ "name": term.name, "slug": term.slug, "url": format!("{url}{}/", term.slug), "count": term.pages.len() }))
                .collect();
            let value = json!({ "name": taxonomy.name, "url": url, "permalink": site.config.permalink(&url), "terms": terms });
            (taxonomy, url, value, terms)
        })
        .collect();
    // Every list and term page is a job of its own, so they render on every core.
    let mut jobs: Vec<(usize, Option<(usize, Pager)>)> = Vec::new();
    let wanted = |url: &str| only.is_none_or(|only| only.contains(url));
    for (index, (taxonomy, url, _, _)) in taxonomies.iter().enumerate() {
        if wanted(url) {
            jobs.push((index, None));
        }
        for (term_index, term) in taxonomy.terms.iter().enumerate() {
            let term_url = format!("{url}{}/", term.slug);
            jobs.extend(
                paginate(&term.pages, site.config.paginate_by, &term_url)
                    .into_iter()
                    .filter(|pager| wanted(&pager.url))
                    .map(|pager| (index, Some((term_index, pager)))),
            );
        }
    }
    jobs.into_par_iter()
        .map(|(index, term)| {
            let (taxonomy, url, taxonomy_value, terms) = &taxonomies[index];
            let Some((term_index, pager)) = term else {
                let context = json!({
                    "config": values.config, "taxonomy": taxonomy_value,
                    "current_url": site.config.permalink(url), "current_path": url,
                });
                return render(
                    "taxonomy_list.html",
                    context,
                    PathBuf::from(&taxonomy.name).join("index.html"),
                );
            };
            let items: Vec<&Value> = pager.items.iter().map(|&i| &values.list[i]).collect();
            let mut term_value = terms[term_index].clone();
            term_value["pages"] = json!(items);
            let context = json!({
                "config": values.config, "taxonomy": taxonomy_value, "term": term_value,
                "paginator": pager.value(&items),
                "current_url": site.config.permalink(&pager.url), "current_path": pager.url,
            });
            let output = PathBuf::from(&taxonomy.name)
                .join(&taxonomy.terms[term_index].slug)
                .join(&pager.output)
                .join("index.html");
            render("taxonomy_single.html", context, output)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_with_urls_and_links() {
        let pagers = paginate(&[1, 2, 3, 4, 5], 2, "/posts/");
        assert_eq!(pagers.len(), 3);
        assert_eq!(pagers[0].url, "/posts/");
        assert_eq!(pagers[2].url, "/posts/page/3/");
        assert_eq!(pagers[2].items, vec![5]);
        let value = pagers[1].value(&[]);
        assert_eq!(value["previous"], "/posts/");
        assert_eq!(value["next"], "/posts/page/3/");
        assert!(pagers[0].value(&[])["previous"].is_null());
        assert_eq!(paginate(&[1, 2], 0, "/").len(), 1);
    }
}
