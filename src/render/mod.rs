//! Rendering: the Site model through Tera templates into a list of output files (no disk writes).
//!
//! Each page, section, the home page and `404.html` get a context documented in the README; page
//! values are serialised once and shared by every list that shows them.

mod listing;
mod machine;
mod recursion;
mod template_error;
pub mod theme;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{json, Value};
use tera::Tera;

use crate::config::Config;
use crate::content::{front_matter::yaml_to_json, Page, Section, Site};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::highlight;
use crate::project::{archive, Project};
use theme::{Origin, TemplateSource};

/// The stylesheet for highlighted code, at the output root.
pub const SYNTAX_CSS: &str = "syntax.css";

/// What one output file holds.
#[derive(Debug, Clone)]
pub enum OutputContent {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// A copy of this file (absolute path).
    Copy(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

/// A file to write, relative to the output root.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder.
    pub path: PathBuf,
    /// Its content.
    pub content: OutputContent,
}

/// A compiled theme, ready to render any site that uses it.
pub struct Renderer {
    tera: Tera,
    templates: BTreeMap<String, TemplateSource>,
    static_files: BTreeMap<PathBuf, Origin>,
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

    /// Render every page and list of `site`, plus its static and content files, with the
    /// problems found on the way (template errors); what could not be rendered is left out.
    pub fn render_site(
        &self,
        site: &Site,
        values: &PageValues,
        root: &Path,
    ) -> Result<(Vec<OutputFile>, Vec<Diagnostic>)> {
        let pages = (0..site.pages.len())
            .into_par_iter()
            .map(|index| self.render_page(site, index, values));
        let sections = (0..site.sections.len())
            .into_par_iter()
            .flat_map_iter(|index| self.render_section(site, index, values))
            .chain(self.render_taxonomies(site, values))
            .chain(self.render_machine_files(site, values));
        let results: Vec<std::result::Result<OutputFile, Diagnostic>> =
            pages.chain(sections).collect();
        let (mut files, mut diagnostics) = split_results(results);
        let archives: Vec<OutputFile> = site
            .pages
            .par_iter()
            .filter_map(|page| project_archive(&site.config, page))
            .collect::<Result<_>>()?;
        files.extend(archives);
        let (extras, extra_diagnostics) = self.render_extras(site, root);
        files.extend(extras);
        diagnostics.extend(extra_diagnostics);
        Ok((files, diagnostics))
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
        let value = &values.full[index];
        let (earlier, later) = neighbours(site, index, values);
        let context = json!({
            "config": values.config, "page": value, "earlier": earlier, "later": later,
            "current_url": value["permalink"], "current_path": page.url,
        });
        self.render(template, context, page.output_dir.join("index.html"))
    }

    /// Render section `index` of `site` (0 is the home page, with `index.html`).
    pub fn render_section(
        &self,
        site: &Site,
        index: usize,
        values: &PageValues,
    ) -> Vec<std::result::Result<OutputFile, Diagnostic>> {
        let section = &site.sections[index];
        let value = section_value(site, section, &values.list);
        // The home page lists every page of the site; a section, its own.
        let (template, listed) = if index == 0 {
            ("index.html", site.pages_by_date())
        } else {
            ("section.html", section.pages.clone())
        };
        listing::paginate(&listed, site.config.paginate_by, &section.url)
            .into_iter()
            .map(|pager| {
                let items: Vec<&Value> = pager.items.iter().map(|&i| &values.list[i]).collect();
                let output = section.output_dir.join(&pager.output).join("index.html");
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
    ) -> Vec<std::result::Result<OutputFile, Diagnostic>> {
        if !self.templates.contains_key("taxonomy_list.html")
            || !self.templates.contains_key("taxonomy_single.html")
        {
            return Vec::new();
        }
        listing::taxonomy_pages(site, values, &|template, context, path| {
            self.render(template, context, path)
        })
    }

    /// Atom and RSS feeds (when the theme has `atom.xml`/`rss.xml`), `sitemap.xml` and
    /// `robots.txt`.
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
        files.push(Ok(machine::search_index(site)));
        files.push(Ok(machine::robots(site)));
        files
    }

    /// `project.zip` of page `index`, if its article has a project.
    pub fn render_archive(&self, site: &Site, index: usize) -> Option<Result<OutputFile>> {
        project_archive(&site.config, &site.pages[index])
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
        match highlight::stylesheet(
            &site.config.highlight.light_theme,
            &site.config.highlight.dark_theme,
        ) {
            Ok(css) => files.push(OutputFile {
                path: SYNTAX_CSS.into(),
                content: OutputContent::Bytes(css.into_bytes()),
            }),
            Err(unknown) => diagnostics.push(Diagnostic::error(
                "DS001",
                format!("unknown highlight theme `{unknown}`"),
            )),
        }
        for (path, origin) in &self.static_files {
            let content = match origin {
                Origin::Disk { path, .. } => OutputContent::Copy(path.clone()),
                Origin::BuiltIn(file) => OutputContent::BuiltIn(file.contents()),
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
            content: OutputContent::Bytes(html.into_bytes()),
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
        let mut diagnostic =
            Diagnostic::error("DS008", format!("template `{template}` does not exist")).help(
                format!(
                    "add `templates/{template}` to the site, or use one of: {}",
                    self.template_names()
                ),
            );
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

/// Template values of every page, computed once and shared by every list that shows them.
#[derive(Debug, Clone)]
pub struct PageValues {
    /// `config` as templates see it.
    pub config: Value,
    /// `page` for each page's own template.
    pub full: Vec<Value>,
    /// The same without `content`, `toc`, `word_count`, `assets` and `project`, for lists
    /// (`pages`, `section.pages`): a list of a thousand pages stays small, and editing a page's
    /// text leaves its list entry, and so the lists, unchanged.
    pub list: Vec<Value>,
}

impl PageValues {
    /// Values of every page of `site`.
    pub fn of(site: &Site) -> PageValues {
        let (full, list) = site
            .pages
            .par_iter()
            .map(|page| Self::values(&site.config, page))
            .unzip();
        PageValues {
            config: config_value(&site.config),
            full,
            list,
        }
    }

    /// Recompute the values of page `index` after it changed; true when its list entry changed
    /// (so the lists that show it must be rendered again).
    pub fn update(&mut self, site: &Site, index: usize) -> bool {
        let (full, list) = Self::values(&site.config, &site.pages[index]);
        self.full[index] = full;
        let changed = self.list[index] != list;
        self.list[index] = list;
        changed
    }

    fn values(config: &Config, page: &Page) -> (Value, Value) {
        let full = page_value(config, page);
        // Copied key by key, so the page's content is never copied for its list entry.
        let list = match &full {
            Value::Object(object) => Value::Object(
                object
                    .iter()
                    .filter(|(key, _)| {
                        !matches!(
                            key.as_str(),
                            "content" | "toc" | "word_count" | "assets" | "project"
                        )
                    })
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect(),
            ),
            other => other.clone(),
        };
        (full, list)
    }
}

fn split_results(
    results: Vec<std::result::Result<OutputFile, Diagnostic>>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (files, diagnostics)
}

/// `project.zip` for a page whose article has project files.
fn project_archive(config: &Config, page: &Page) -> Option<Result<OutputFile>> {
    let project = Project::of(page);
    if project.files.is_empty() {
        return None;
    }
    let files = project.download_files(page, &config.permalink(&page.url));
    let path = page.output_dir.join(archive::ZIP_NAME);
    Some(match archive::zip(&files) {
        Ok(bytes) => Ok(OutputFile {
            path,
            content: OutputContent::Bytes(bytes),
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
        "extra": yaml_to_json(serde_yaml::Value::Mapping(config.extra.clone())),
    })
}

fn page_value(config: &Config, page: &Page) -> Value {
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
        "keywords": meta.keywords,
        "draft": meta.draft,
        "slug": page.url.trim_end_matches('/').rsplit('/').next().unwrap_or(""),
        "weight": meta.weight,
        "extra": meta.extra,
        "content": rendered.html,
        "summary": summary,
        "toc": rendered.toc,
        "word_count": rendered.word_count,
        "reading_time": rendered.reading_time(),
        "url": page.url,
        "permalink": config.permalink(&page.url),
        "path": page.source.strip_prefix(crate::content::walk::CONTENT_DIR).unwrap_or(&page.source),
        "assets": page.assets.iter().map(|asset| &asset.rel).collect::<Vec<_>>(),
        "project": project_value(page),
    })
}

/// The older and the newer page of the same section, as list values (or null).
fn neighbours<'a>(
    site: &Site,
    index: usize,
    values: &'a PageValues,
) -> (Option<&'a Value>, Option<&'a Value>) {
    let page = &site.pages[index];
    let Some(section) = site
        .sections
        .iter()
        .find(|section| section.dir == page.section_dir)
    else {
        return (None, None);
    };
    let Some(position) = section.pages.iter().position(|&i| i == index) else {
        return (None, None);
    };
    let at = |i: Option<usize>| {
        i.and_then(|i| section.pages.get(i))
            .map(|&p| &values.list[p])
    };
    (at(position.checked_add(1)), at(position.checked_sub(1)))
}

/// `{zip, files}` for an article with a project, else null.
fn project_value(page: &Page) -> Value {
    let project = Project::of(page);
    if project.files.is_empty() {
        return Value::Null;
    }
    let files: Vec<&String> = project.files.keys().collect();
    json!({ "zip": archive::ZIP_NAME, "files": files })
}

fn section_value(site: &Site, section: &Section, page_values: &[Value]) -> Value {
    let pages: Vec<&Value> = section.pages.iter().map(|&i| &page_values[i]).collect();
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
        "pages": pages,
        "subsections": subsections,
        "extra": section.index.as_ref().map(|page| &page.meta.extra),
    })
}
