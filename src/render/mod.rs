//! Rendering: the Site model through Tera templates into a list of output files (no disk writes).
//!
//! Each page, section, the home page and `404.html` get a context documented in the README; page
//! values are serialised once and shared by every list that shows them.

pub mod listing;
mod machine;
mod recursion;
mod template_error;
pub mod theme;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{json, Value};
use tera::Tera;

use crate::config::Config;
use crate::content::{front_matter::yaml_to_json, Page, Section, Site};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::highlight;
pub use crate::output::{OutputContent, OutputFile};
use crate::project::{self, archive};
use docsite_check::site_rules as rules;
use theme::{TemplateSource, ThemeFile};

/// The stylesheet for highlighted code, at the output root.
pub const SYNTAX_CSS: &str = "syntax.css";

/// A compiled theme, ready to render any site that uses it.
pub struct Renderer {
    tera: Tera,
    templates: BTreeMap<String, TemplateSource>,
    static_files: BTreeMap<PathBuf, ThemeFile>,
}

impl Renderer {
    /// Resolve the theme for `config` and compile its templates.
    pub fn new(root: &Path, config: &Config) -> Result<Renderer> {
        let files = theme::resolve(root, config)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        // Tera's own escaping also turns `/` into `&#x2F;`, which mangles every URL in the HTML.
        tera.set_escape_fn(highlight::escape_html);
        let recursion = recursion::check(&files.templates);
        if !recursion.is_empty() {
            return Err(Error::Diagnostics(recursion));
        }
        let sources = files
            .templates
            .iter()
            .map(|(name, source)| (name.as_str(), source.text.as_str()));
        tera.add_raw_templates(sources).map_err(|err| {
            Error::Diagnostics(vec![template_error::diagnostic(&err, &files.templates)])
        })?;
        let base_path = config.base_path();
        tera.register_function("get_url", move |args: &HashMap<String, Value>| {
            let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
                tera::Error::msg(
                    "`get_url` needs a `path` argument, e.g. get_url(path=\"style.css\")",
                )
            })?;
            Ok(Value::String(format!(
                "{base_path}{}",
                path.trim_start_matches('/')
            )))
        });
        let taxonomy_base = config.base_path();
        tera.register_function("get_taxonomy_url", move |args: &HashMap<String, Value>| {
            let text = |key: &str| args.get(key).and_then(Value::as_str).map(str::to_owned);
            match (text("kind"), text("name")) {
                (Some(kind), Some(name)) => Ok(Value::String(format!("{taxonomy_base}{kind}/{}/", slug::slugify(name)))),
                _ => Err(tera::Error::msg("`get_taxonomy_url` needs `kind` and `name`, e.g. get_taxonomy_url(kind=\"keywords\", name=k)")),
            }
        });
        Ok(Renderer {
            tera,
            templates: files.templates,
            static_files: files.static_files,
        })
    }

    /// Render every page and list of `site`, plus its static and content files, handing each
    /// file to `emit` as soon as it is made (from any thread), and give the problems found on the
    /// way (template errors); what could not be rendered is left out.
    pub fn render_site(
        &self,
        site: &Site,
        values: &PageValues,
        root: &Path,
        emit: &(dyn Fn(OutputFile) -> Result<()> + Sync),
    ) -> Result<Vec<Diagnostic>> {
        let diagnostics = Mutex::new(Vec::new());
        let deliver = |result: std::result::Result<OutputFile, Diagnostic>| match result {
            Ok(file) => emit(file),
            Err(diagnostic) => {
                diagnostics
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(diagnostic);
                Ok(())
            }
        };
        // Lists, taxonomies and machine files are rendered beside the pages, not after them:
        // every part runs on both cores.
        let ((pages, sections), (taxonomies, machine)) = rayon::join(
            || {
                rayon::join(
                    || {
                        (0..site.pages.len())
                            .into_par_iter()
                            .try_for_each(|index| deliver(self.render_page(site, index, values)))
                    },
                    || {
                        (0..site.sections.len())
                            .into_par_iter()
                            .try_for_each(|index| {
                                self.render_section(site, index, values, None)
                                    .into_iter()
                                    .try_for_each(&deliver)
                            })
                    },
                )
            },
            || {
                rayon::join(
                    || {
                        self.render_taxonomies(site, values, None)
                            .into_iter()
                            .try_for_each(&deliver)
                    },
                    || {
                        self.render_machine_files(site, values)
                            .into_iter()
                            .chain(
                                values
                                    .search(site)
                                    .into_iter()
                                    .flat_map(|index| index.files())
                                    .map(Ok),
                            )
                            .try_for_each(&deliver)
                    },
                )
            },
        );
        pages.and(sections).and(taxonomies).and(machine)?;
        site.pages
            .par_iter()
            .filter_map(|page| project_archive(&site.config, page))
            .try_for_each(|archive| emit(archive?))?;
        site.pages
            .iter()
            .flat_map(|page| machine::aliases(site, page))
            .try_for_each(emit)?;
        let (extras, extra_diagnostics) = self.render_extras(site, root);
        extras.into_iter().try_for_each(emit)?;
        let mut diagnostics = diagnostics.into_inner().unwrap_or_else(|e| e.into_inner());
        diagnostics.extend(extra_diagnostics);
        Ok(diagnostics)
    }

    /// Render page `index` of `site` with its template.
    pub fn render_page(
        &self,
        site: &Site,
        index: usize,
        values: &PageValues,
    ) -> std::result::Result<OutputFile, Diagnostic> {
        let page = &site.pages[index];
        let template = page.meta.template.as_deref().unwrap_or("page.html");
        self.check_template_exists(template, page)?;
        let (earlier, later) = neighbours(site, index, values);
        let mut context = json!({
            "config": values.config, "earlier": earlier, "later": later,
            "current_url": values.list[index]["permalink"], "current_path": page.url,
            "section_nav": section_nav(site, index, values),
        });
        // Moved in, not serialised again: the page value holds its whole HTML.
        context["page"] = values.full(site, index);
        self.render(template, context, page.output_dir.join("index.html"))
    }

    /// Render section `index` of `site` (0 is the home page, with `index.html`): every list
    /// page, or only those `only` names.
    pub fn render_section(
        &self,
        site: &Site,
        index: usize,
        values: &PageValues,
        only: Option<&listing::Only>,
    ) -> Vec<std::result::Result<OutputFile, Diagnostic>> {
        let section = &site.sections[index];
        let value = section_value(site, section);
        // The home page lists every page of the site; a section, its own.
        let (template, listed) = if index == 0 {
            ("index.html", site.pages_by_date())
        } else {
            ("section.html", section.pages.clone())
        };
        listing::paginate(&listed, site.config.paginate_by, &section.url)
            .into_par_iter()
            .filter(|pager| only.is_none_or(|only| only.contains(&pager.url)))
            .map(|pager| {
                let items: Vec<&Value> = pager.items.iter().map(|&i| &values.list[i]).collect();
                let output = section.output_dir.join(&pager.output).join("index.html");
                let mut value = value.clone();
                value["pages"] = json!(items);
                let context = json!({
                    "config": values.config, "section": value, "pages": items,
                    "paginator": pager.value(&items),
                    "current_url": site.config.permalink(&pager.url), "current_path": pager.url,
                });
                self.render(template, context, output)
            })
            .collect()
    }

    /// The taxonomy pages: `/keywords/` listing the terms and `/keywords/docker/` per term,
    /// paginated like sections. Themes without `taxonomy_list.html`/`taxonomy_single.html` get
    /// none.
    pub fn render_taxonomies(
        &self,
        site: &Site,
        values: &PageValues,
        only: Option<&listing::Only>,
    ) -> Vec<std::result::Result<OutputFile, Diagnostic>> {
        if !self.templates.contains_key("taxonomy_list.html")
            || !self.templates.contains_key("taxonomy_single.html")
        {
            return Vec::new();
        }
        listing::taxonomy_pages(site, values, only, &|template, context, path| {
            self.render(template, context, path)
        })
    }

    /// Atom and RSS feeds (when the theme has `atom.xml`/`rss.xml`), `sitemap.xml` and
    /// `robots.txt`. The search files are the index's own (`PageValues::search`), which an edit
    /// updates file by file.
    pub fn render_machine_files(
        &self,
        site: &Site,
        values: &PageValues,
    ) -> Vec<std::result::Result<OutputFile, Diagnostic>> {
        let mut files = Vec::new();
        for feed in ["atom.xml", "rss.xml"] {
            if self.templates.contains_key(feed) {
                files.push(self.render(
                    feed,
                    machine::feed_context(site, values, feed),
                    PathBuf::from(feed),
                ));
            }
        }
        files.push(Ok(machine::sitemap(site)));
        files.push(Ok(machine::robots(site)));
        files
    }

    /// `project.zip` of page `index`, if its article has a project.
    pub fn render_archive(&self, site: &Site, index: usize) -> Option<Result<OutputFile>> {
        project_archive(&site.config, &site.pages[index])
    }

    /// `syntax.css`: the colours of the pairs of styles the site's code has used so far.
    pub fn render_stylesheet(&self, site: &Site) -> std::result::Result<OutputFile, Diagnostic> {
        let highlight = &site.config.highlight;
        let schemes = highlight::Schemes::named(&highlight.light_theme, &highlight.dark_theme)
            .map_err(|unknown| {
                rules::ds001::RULE.diagnostic(format!("unknown highlight theme `{unknown}`"))
            })?;
        Ok(OutputFile {
            path: SYNTAX_CSS.into(),
            content: OutputContent::Bytes(std::sync::Arc::new(
                schemes.stylesheet(&site.pairs_used()).into_bytes(),
            )),
        })
    }

    /// Everything that is not a page or a list: `404.html`, the code stylesheet, theme and site
    /// static files, and the files of `content/`.
    pub fn render_extras(&self, site: &Site, root: &Path) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut diagnostics = Vec::new();
        if self.templates.contains_key("404.html") {
            let not_found = site.config.base_path() + "404.html";
            let context = json!({
                "config": config_value(&site.config), "current_url": site.config.permalink(&not_found), "current_path": not_found,
            });
            match self.render("404.html", context, PathBuf::from("404.html")) {
                Ok(file) => files.push(file),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
        // Rendered after the pages: it holds the pairs of styles their code used.
        match self.render_stylesheet(site) {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
        for (path, origin) in &self.static_files {
            let content = match origin {
                ThemeFile::Disk { path, .. } => OutputContent::Copy(path.clone()),
                ThemeFile::BuiltIn(file) => OutputContent::BuiltIn(file.contents()),
            };
            files.push(OutputFile {
                path: path.clone(),
                content,
            });
        }
        for asset in &site.assets {
            files.push(OutputFile {
                path: asset.output.clone(),
                content: OutputContent::Copy(root.join(&asset.source)),
            });
        }
        (files, diagnostics)
    }

    fn render(
        &self,
        template: &str,
        context: Value,
        path: PathBuf,
    ) -> std::result::Result<OutputFile, Diagnostic> {
        let context = tera::Context::from_value(context)
            .map_err(|err| template_error::diagnostic(&err, &self.templates))?;
        let html = self
            .tera
            .render(template, &context)
            .map_err(|err| template_error::diagnostic(&err, &self.templates))?;
        Ok(OutputFile {
            path,
            content: OutputContent::Bytes(std::sync::Arc::new(html.into_bytes())),
        })
    }

    fn check_template_exists(
        &self,
        template: &str,
        page: &Page,
    ) -> std::result::Result<(), Diagnostic> {
        if self.templates.contains_key(template) {
            return Ok(());
        }
        let mut diagnostic = rules::ds008::RULE
            .diagnostic(format!("template `{template}` does not exist"))
            .help(format!(
                "add `templates/{template}` to the site, or use one of: {}",
                self.template_names()
            ));
        if let Some(location) = &page.meta.template_location {
            diagnostic = diagnostic.at(location.clone());
        }
        Err(diagnostic)
    }

    fn template_names(&self) -> String {
        self.templates
            .keys()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What an edit of a page changed of its values.
#[derive(Debug, Clone)]
pub struct Changed {
    /// Its list entry (title, date, summary…): the lists that show it are rendered again.
    pub list: bool,
    /// The search files its words and fragment touched.
    pub search: crate::search::Update,
}

/// Template values of every page, computed once and shared by every list that shows them.
#[derive(Debug, Clone)]
pub struct PageValues {
    /// `config` as templates see it.
    pub config: Value,
    /// Each page's list entry (`pages`, `section.pages`): its value without `content`, `toc`,
    /// `word_count`, `assets` and `project`. A list of a thousand pages stays small, and editing
    /// a page's text leaves its list entry, and so the lists, unchanged. The full value is made
    /// when the page itself is rendered (`full`), never kept: it holds the page's whole HTML.
    pub list: Vec<Value>,
    /// The site's search index (see [`PageValues::search`]): built by the render that first
    /// needs its files, beside the pages, or taken from the previous build.
    search: std::sync::OnceLock<crate::search::Index>,
}

impl PageValues {
    /// Values of every page of `site`.
    pub fn of(site: &Site) -> PageValues {
        PageValues {
            config: config_value(&site.config),
            list: site
                .pages
                .par_iter()
                .map(|page| list_value(&site.config, page))
                .collect(),
            search: std::sync::OnceLock::new(),
        }
    }

    /// The site's search index, unless `search: false`. Nothing a page shows comes from it, so a
    /// build makes it while the pages are rendered and written (`render_site`), not before.
    pub fn search(&self, site: &Site) -> Option<&crate::search::Index> {
        site.config
            .search
            .then(|| self.search.get_or_init(|| crate::search::Index::of(site)))
    }

    /// The values of `site` as kept by the previous build: list entries made again from the
    /// pages (which keep what they need), the search index as it was.
    pub fn resume(site: &Site, search: Option<crate::search::Kept>) -> PageValues {
        PageValues {
            config: config_value(&site.config),
            list: site
                .pages
                .par_iter()
                .map(|page| list_value(&site.config, page))
                .collect(),
            search: search
                .filter(|_| site.config.search)
                .map(crate::search::Index::from_kept)
                .map(std::sync::OnceLock::from)
                .unwrap_or_default(),
        }
    }

    /// Recompute the values of page `index` after it changed: whether its list entry changed
    /// (so the lists that show it must be rendered again) and whether its search entry did.
    pub fn update(&mut self, site: &Site, index: usize) -> Changed {
        let list = list_value(&site.config, &site.pages[index]);
        let changed = Changed {
            list: self.list[index] != list,
            search: match self.search(site) {
                Some(_) => self
                    .search
                    .get_mut()
                    .map(|search| search.update(site, index))
                    .unwrap_or_default(),
                None => crate::search::Update::default(),
            },
        };
        self.list[index] = list;
        changed
    }

    /// The full value of page `index`, for its own template and the feeds.
    pub fn full(&self, site: &Site, index: usize) -> Value {
        let page = &site.pages[index];
        let mut value = self.list[index].clone();
        if let Value::Object(object) = &mut value {
            let rendered = &page.rendered;
            object.insert("content".into(), Value::String(rendered.html.clone()));
            object.insert("toc".into(), json!(rendered.toc));
            object.insert("word_count".into(), json!(rendered.word_count));
            object.insert(
                "assets".into(),
                json!(page
                    .assets
                    .iter()
                    .map(|asset| &asset.rel)
                    .collect::<Vec<_>>()),
            );
            object.insert("project".into(), project_value(page));
        }
        value
    }
}

/// `project.zip` for a page whose article has project files.
fn project_archive(config: &Config, page: &Page) -> Option<Result<OutputFile>> {
    let project = project::of(page);
    if project.files.is_empty() {
        return None;
    }
    let files = project::download_files(&project, page, &config.permalink(&page.url));
    let path = page.output_dir.join(archive::ZIP_NAME);
    Some(match archive::zip(&files) {
        Ok(bytes) => Ok(OutputFile {
            path,
            content: OutputContent::Bytes(std::sync::Arc::new(bytes)),
        }),
        Err(source) => Err(Error::Write { path, source }),
    })
}

fn config_value(config: &Config) -> Value {
    json!({
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url,
        "language": config.language,
        "author": config.author,
        "author_social": config.author_social,
        "theme": config.theme,
        "taxonomies": config.taxonomies,
        "paginate_by": config.paginate_by,
        "search": config.search,
        "extra": yaml_to_json(serde_yaml::Value::Mapping(config.extra.clone())),
    })
}

/// A page's list entry: everything but its body and what comes with it (see `PageValues`).
fn list_value(config: &Config, page: &Page) -> Value {
    let meta = &page.meta;
    let rendered = &page.rendered;
    let summary = rendered.summary.clone().or_else(|| {
        meta.description
            .as_deref()
            .map(|d| format!("<p>{}</p>", highlight::escape_html(d)))
    });
    json!({
        "title": page.title(),
        "title_in_content": page.title_in_content,
        "description": meta.description,
        "author": meta.author,
        "author_social": meta.author_social,
        "date": meta.date.map(|d| d.iso()),
        "date_rfc3339": meta.date.map(|d| d.rfc3339()),
        "date_rfc2822": meta.date.map(|d| d.rfc2822()),
        "updated": meta.updated.map(|d| d.iso()),
        "updated_rfc3339": meta.updated.map(|d| d.rfc3339()),
        "keywords": meta.keywords,
        "draft": meta.draft,
        "slug": page.url.trim_end_matches('/').rsplit('/').next().unwrap_or(""),
        "weight": meta.weight,
        "extra": meta.extra,
        "summary": summary,
        "reading_time": rendered.reading_time(),
        "url": page.url,
        "permalink": config.permalink(&page.url),
        "path": page.source.strip_prefix(crate::content::walk::CONTENT_DIR).unwrap_or(&page.source),
    })
}

/// The older and the newer page of the same section, as list values (or null).
fn neighbours<'a>(
    site: &Site,
    index: usize,
    values: &'a PageValues,
) -> (Option<&'a Value>, Option<&'a Value>) {
    let (older, newer) = site.neighbours(index);
    (
        older.map(|i| &values.list[i]),
        newer.map(|i| &values.list[i]),
    )
}

/// `{title, url, count, pages: [{title, url, current}]}`: the page's section and the pages
/// around it, for the sidebar; null on the home page's own pages.
fn section_nav(site: &Site, index: usize, values: &PageValues) -> Value {
    let Some((section_index, window)) = site.sidebar(index) else {
        return Value::Null;
    };
    let section = &site.sections[section_index];
    let pages: Vec<Value> = section.pages[window]
        .iter()
        .map(|&page| {
            json!({
                "title": values.list[page]["title"],
                "url": values.list[page]["url"],
                "current": page == index,
            })
        })
        .collect();
    json!({
        "title": section.title(&site.config),
        "url": section.url,
        "count": section.pages.len(),
        "pages": pages,
    })
}

/// `{zip, files}` for an article with a project, else null.
fn project_value(page: &Page) -> Value {
    let project = project::of(page);
    if project.files.is_empty() {
        return Value::Null;
    }
    let files: Vec<&String> = project.files.keys().collect();
    json!({ "zip": archive::ZIP_NAME, "files": files })
}

/// A section's value without its pages: each list page adds its own (`section.pages` is the
/// current list page's pages, as `pages` is), so a list of N pages costs O(N) in all, not per page.
fn section_value(site: &Site, section: &Section) -> Value {
    let subsections: Vec<Value> = section
        .subsections
        .iter()
        .map(|&i| {
            let sub = &site.sections[i];
            json!({ "title": sub.title(&site.config), "url": sub.url })
        })
        .collect();
    json!({
        "title": section.title(&site.config),
        "description": section.index.as_ref().and_then(|page| page.meta.description.clone()),
        "content": section.index.as_ref().map_or("", |page| page.rendered.html.as_str()),
        "title_in_content": section.index.as_ref().is_some_and(|page| page.title_in_content),
        "url": section.url,
        "permalink": site.config.permalink(&section.url),
        "path": section.dir,
        "subsections": subsections,
        "extra": section.index.as_ref().map(|page| &page.meta.extra),
    })
}
