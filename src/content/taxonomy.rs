//! Taxonomies: front-matter keys whose values group pages (`keywords`, `author` by default), each
//! value a term with its own page listing the pages that carry it.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value as Json;

use super::{Page, Site};

/// One taxonomy (`keywords`) and its terms.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Taxonomy {
    /// The front-matter key.
    pub name: String,
    /// Its terms, by name.
    pub terms: Vec<Term>,
}

/// One value of a taxonomy (`docker`) and the pages that carry it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Term {
    /// The value as most pages write it.
    pub name: String,
    /// Its URL segment.
    pub slug: String,
    /// Indexes into `Site::pages`, newest first.
    pub pages: Vec<usize>,
}

/// The values a page has for taxonomy `name`: `keywords`, `author` (falling back to the site's
/// author), or any other front-matter key holding text or a list of text.
pub fn values(site: &Site, page: &Page, name: &str) -> Vec<String> {
    match name {
        "keywords" => page.meta.keywords.clone(),
        "author" => page
            .meta
            .author
            .clone()
            .or_else(|| site.config.author.clone())
            .into_iter()
            .collect(),
        other => match page.meta.extra.get(other) {
            Some(Json::String(text)) => text
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
            Some(Json::Array(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        },
    }
}

/// Every configured taxonomy of the site that some page uses, terms sorted by name, pages newest
/// first.
pub fn collect(site: &Site) -> Vec<Taxonomy> {
    let order = site.pages_by_date();
    site.config
        .taxonomies
        .iter()
        .map(|name| {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            let mut spellings: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for &index in &order {
                for value in values(site, &site.pages[index], name) {
                    let slug = slug::slugify(&value);
                    if slug.is_empty() {
                        continue;
                    }
                    spellings
                        .entry(slug.clone())
                        .or_default()
                        .push(value.clone());
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: value,
                        slug,
                        pages: Vec::new(),
                    });
                    // Pages come in order, so a page listed twice (`[Docker, docker]`) is the last.
                    if term.pages.last() != Some(&index) {
                        term.pages.push(index);
                    }
                }
            }
            // `Docker` and `docker` are one term, named as most pages write it (ties: the
            // spelling that sorts first).
            for (slug, term) in &mut terms {
                let mut counts: HashMap<&str, usize> = HashMap::new();
                for written in &spellings[slug] {
                    *counts.entry(written.as_str()).or_default() += 1;
                }
                let most = counts
                    .into_iter()
                    .max_by_key(|&(written, count)| (count, std::cmp::Reverse(written)));
                if let Some((most, _)) = most {
                    term.name = most.to_owned();
                }
            }
            Taxonomy {
                name: name.clone(),
                terms: terms.into_values().collect(),
            }
        })
        // A taxonomy no page uses (`author` on a site whose pages name none) gets no page and
        // no place in the sitemap: an empty list page helps no reader.
        .filter(|taxonomy| !taxonomy.terms.is_empty())
        .collect()
}
