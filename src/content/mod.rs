//! The site model: pages, sections and assets, built from `content/` and nothing else.
//!
//! `load` reads the disk once (`walk`), then `assemble` turns those sources into a `Site`
//! without further I/O, parsing pages in parallel and collecting every problem before failing.

pub mod date;
pub mod front_matter;
mod links;
pub mod taxonomy;
pub mod walk;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::error::{Error, Result};
use crate::markdown::{self, Rendered};
use front_matter::FrontMatter;
use walk::{MarkdownSource, Sources, CONTENT_DIR};

/// A rendered Markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source path relative to the site root, e.g. `content/posts/x/index.md`.
    pub source: PathBuf,
    /// The section folder it belongs to, relative to `content/`.
    pub section_dir: PathBuf,
    /// Site URL with base path, e.g. `/posts/x/`.
    pub url: String,
    /// Output folder relative to the output root, e.g. `posts/x`.
    pub output_dir: PathBuf,
    /// Front matter.
    pub meta: FrontMatter,
    /// The body as HTML and what came with it.
    pub rendered: Rendered,
    /// For a page bundle: its folder relative to `content/`.
    pub bundle_dir: Option<PathBuf>,
    /// For a page bundle: its other files.
    pub assets: Vec<BundleFile>,
    /// The Markdown file's whole text, for diagnostics that quote it.
    pub text: String,
}

/// A file of a page bundle, beside its `index.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Path relative to the bundle folder, e.g. `app.py` or `img/diagram.svg`.
    pub rel: PathBuf,
    /// Its text, when it is small UTF-8 text.
    pub text: Option<String>,
}

impl Page {
    /// The title (pages are required to have one).
    pub fn title(&self) -> &str {
        self.meta.title.as_deref().unwrap_or_default()
    }
}

/// A folder of `content/` (the root included), with its optional `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/`; empty for the home page.
    pub dir: PathBuf,
    /// Site URL with base path.
    pub url: String,
    /// Output folder relative to the output root.
    pub output_dir: PathBuf,
    /// Front matter of `_index.md`, or empty.
    pub meta: FrontMatter,
    /// Body of `_index.md`, or empty.
    pub rendered: Rendered,
    /// Indexes into `Site::pages`, newest first.
    pub pages: Vec<usize>,
    /// Indexes into `Site::sections`.
    pub subsections: Vec<usize>,
}

impl Section {
    /// Its title: from `_index.md`, else the folder name, else (home) the site title.
    pub fn title<'a>(&'a self, config: &'a Config) -> String {
        if let Some(title) = &self.meta.title {
            return title.clone();
        }
        match self.dir.file_name() {
            Some(name) => title_case(&name.to_string_lossy()),
            None => config.title.clone(),
        }
    }
}

/// A file copied as-is into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to the site root.
    pub source: PathBuf,
    /// Path relative to the output root.
    pub output: PathBuf,
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings.
    pub config: Config,
    /// Published pages (drafts only when asked for).
    pub pages: Vec<Page>,
    /// Sections; index 0 is the home page.
    pub sections: Vec<Section>,
    /// Files from `content/` to copy.
    pub assets: Vec<Asset>,
}

impl Site {
    /// Every published page, newest first.
    pub fn pages_by_date(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.pages.len()).collect();
        sort_pages(&self.pages, &mut order);
        order
    }
}

/// Read `root/content` and build the site.
pub fn load(root: &Path, config: Config, include_drafts: bool, highlighted: bool) -> Result<Site> {
    let sources = walk::discover(root)?;
    assemble(config, sources, include_drafts, highlighted).map_err(Error::Diagnostics)
}

/// Build the site model from what `walk::discover` found; `highlighted` is false when only
/// checking, which needs no HTML.
pub fn assemble(
    config: Config,
    sources: Sources,
    include_drafts: bool,
    highlighted: bool,
) -> Result<Site, Vec<Diagnostic>> {
    let mut diagnostics = sources.diagnostics;
    let texts: HashMap<&Path, Option<&str>> = sources
        .assets
        .iter()
        .map(|asset| (asset.rel.as_path(), asset.text.as_deref()))
        .collect();
    let parsed: Vec<std::result::Result<Parsed, Vec<Diagnostic>>> = sources
        .markdown
        .par_iter()
        .map(|source| parse_markdown(source, &texts, highlighted))
        .collect();

    let base_path = config.base_path();
    let mut sections: Vec<Section> = sources
        .sections
        .iter()
        .map(|dir| Section {
            dir: dir.clone(),
            url: url_for(&base_path, &url_segments(dir)),
            output_dir: url_segments(dir).iter().collect(),
            meta: FrontMatter::default(),
            rendered: Rendered::default(),
            pages: Vec::new(),
            subsections: Vec::new(),
        })
        .collect();
    if sections
        .first()
        .is_none_or(|home| !home.dir.as_os_str().is_empty())
    {
        sections.insert(0, empty_home(&base_path));
    }

    let mut pages = Vec::new();
    let mut drafted_bundles = Vec::new();
    for result in parsed {
        let parsed = match result {
            Ok(parsed) => parsed,
            Err(mut errors) => {
                diagnostics.append(&mut errors);
                continue;
            }
        };
        let rel = parsed.rel.clone();
        if rel.file_name().is_some_and(|name| name == "_index.md") {
            let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
            if let Some(section) = sections.iter_mut().find(|s| s.dir == dir) {
                section.meta = parsed.meta;
                section.rendered = parsed.rendered;
            }
            continue;
        }
        let source = Path::new(CONTENT_DIR).join(&rel);
        if parsed.meta.title.is_none() {
            diagnostics.push(
                Diagnostic::error("DS004", "page has no `title`")
                    .at(Location::in_text(&source, &parsed.text, 1, 1))
                    .help("add a `title: …` line to the front matter"),
            );
            continue;
        }
        let bundle_dir = (rel.file_name().is_some_and(|n| n == "index.md")
            && rel.parent().is_some_and(|p| !p.as_os_str().is_empty()))
        .then(|| rel.parent().expect("checked").to_path_buf());
        if parsed.meta.draft && !include_drafts {
            drafted_bundles.extend(bundle_dir);
            continue;
        }
        let page_path = bundle_dir.clone().unwrap_or_else(|| rel.with_extension(""));
        let mut segments = url_segments(&page_path);
        if let Some(slug) = &parsed.meta.slug {
            if let Some(last) = segments.last_mut() {
                *last = slug::slugify(slug);
            }
        }
        let section_dir = page_path.parent().unwrap_or(Path::new("")).to_path_buf();
        pages.push(Page {
            source,
            section_dir,
            url: url_for(&base_path, &segments),
            output_dir: segments.iter().collect(),
            meta: parsed.meta,
            rendered: parsed.rendered,
            bundle_dir,
            assets: Vec::new(),
            text: parsed.text,
        });
    }

    report_duplicate_urls(&pages, &mut diagnostics);
    diagnostics.extend(links::resolve(&mut pages));
    let assets = place_assets(&sources.assets, &mut pages, &drafted_bundles);
    link_sections(&mut sections, &pages);

    if diagnostics.is_empty() {
        Ok(Site {
            config,
            pages,
            sections,
            assets,
        })
    } else {
        diagnostics.sort_by(|a, b| {
            a.location
                .as_ref()
                .map(|l| &l.file)
                .cmp(&b.location.as_ref().map(|l| &l.file))
        });
        Err(diagnostics)
    }
}

/// Why a page could not be updated in place.
#[derive(Debug)]
pub enum Reparse {
    /// The page has problems.
    Invalid(Vec<Diagnostic>),
    /// Its URL, draft state or existence changed: the site must be loaded again.
    NeedsReload,
}

/// Parse page `index` again from `text` (its file's new contents), reading included files from
/// disk under `root`. Lists are re-sorted. A change of URL or draft state asks for a reload.
pub fn reparse_page(
    site: &mut Site,
    root: &Path,
    index: usize,
    text: String,
) -> std::result::Result<(), Reparse> {
    let page = &site.pages[index];
    let rel = page
        .source
        .strip_prefix(CONTENT_DIR)
        .unwrap_or(&page.source)
        .to_path_buf();
    let folder = rel.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut texts_owned: HashMap<PathBuf, Option<String>> = HashMap::new();
    let read_dir = root.join(CONTENT_DIR).join(&folder);
    for entry in walkdir::WalkDir::new(&read_dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        if let Ok(inside) = entry.path().strip_prefix(root.join(CONTENT_DIR)) {
            texts_owned.insert(
                inside.to_path_buf(),
                std::fs::read_to_string(entry.path()).ok(),
            );
        }
    }
    let texts: HashMap<&Path, Option<&str>> = texts_owned
        .iter()
        .map(|(path, text)| (path.as_path(), text.as_deref()))
        .collect();
    let source = MarkdownSource { rel, text };
    let parsed = parse_markdown(&source, &texts, true).map_err(Reparse::Invalid)?;
    let old = &site.pages[index].meta;
    if parsed.meta.slug != old.slug || parsed.meta.draft != old.draft {
        return Err(Reparse::NeedsReload);
    }
    if parsed.meta.title.is_none() {
        return Err(Reparse::Invalid(vec![Diagnostic::error(
            "DS004",
            "page has no `title`",
        )
        .at(Location::in_text(
            &site.pages[index].source,
            &parsed.text,
            1,
            1,
        ))]));
    }
    let page = &mut site.pages[index];
    page.meta = parsed.meta;
    page.rendered = parsed.rendered;
    page.text = parsed.text;
    for asset in &mut page.assets {
        if let Some(bundle) = &page.bundle_dir {
            if let Some(Some(text)) = texts_owned.get(&bundle.join(&asset.rel)) {
                asset.text = Some(text.clone());
            }
        }
    }
    let broken = links::resolve(&mut site.pages);
    if !broken.is_empty() {
        return Err(Reparse::Invalid(broken));
    }
    let pages = &site.pages;
    for section in &mut site.sections {
        sort_pages(pages, &mut section.pages);
    }
    Ok(())
}

/// A Markdown file after front matter and body parsing.
struct Parsed {
    rel: PathBuf,
    text: String,
    meta: FrontMatter,
    rendered: Rendered,
}

fn parse_markdown(
    source: &MarkdownSource,
    texts: &HashMap<&Path, Option<&str>>,
    highlighted: bool,
) -> std::result::Result<Parsed, Vec<Diagnostic>> {
    let file = Path::new(CONTENT_DIR).join(&source.rel);
    let split = front_matter::split(&source.text, &file).map_err(|d| vec![d])?;
    let meta = match split.yaml {
        Some(yaml) => front_matter::parse(yaml, &file, &source.text)?,
        None => FrontMatter::default(),
    };
    let folder = source.rel.parent().unwrap_or(Path::new(""));
    let read = |path: &str| read_beside(folder, path, texts);
    let rendered = markdown::render(split.body, split.body_line_offset, &read, highlighted);
    if !rendered.include_errors.is_empty() {
        return Err(rendered
            .include_errors
            .iter()
            .map(|(line, message)| {
                let fence = source.text.lines().nth(line - 1).unwrap_or("");
                let column = fence.find("include").map_or(1, |byte| fence[..byte].chars().count() + 1);
                Diagnostic::error("DS013", format!("cannot include: {message}"))
                    .at(Location::in_text(&file, &source.text, *line, column).with_len(fence.chars().count().saturating_sub(column - 1)))
                    .help("include a text file of the page's folder: `include=\"app.py\"`, with `lines=\"3-9\"` or `region=\"name\"`")
            })
            .collect());
    }
    Ok(Parsed {
        rel: source.rel.clone(),
        text: source.text.clone(),
        meta,
        rendered,
    })
}

/// The text of `path` (relative to `folder`, both under `content/`), for `include=`.
fn read_beside(
    folder: &Path,
    path: &str,
    texts: &HashMap<&Path, Option<&str>>,
) -> std::result::Result<String, String> {
    if path.starts_with('/') {
        return Err(format!(
            "`{path}` is absolute; give a path relative to the page"
        ));
    }
    let mut resolved = PathBuf::new();
    for part in folder
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .chain(path.split('/').map(str::to_owned))
    {
        match part.as_str() {
            "" | "." => {}
            ".." => {
                if !resolved.pop() {
                    return Err(format!("`{path}` leaves the site's content folder"));
                }
            }
            _ => resolved.push(part),
        }
    }
    match texts.get(resolved.as_path()) {
        Some(Some(text)) => Ok((*text).to_owned()),
        Some(None) => Err(format!("`{path}` is not a text file")),
        None => Err(format!("no file `{path}` beside this page")),
    }
}

fn empty_home(base_path: &str) -> Section {
    Section {
        dir: PathBuf::new(),
        url: base_path.to_owned(),
        output_dir: PathBuf::new(),
        meta: FrontMatter::default(),
        rendered: Rendered::default(),
        pages: Vec::new(),
        subsections: Vec::new(),
    }
}

/// URL path segments for a content path: each component slugified, as Zola does.
fn url_segments(path: &Path) -> Vec<String> {
    path.components()
        .map(|c| slug::slugify(c.as_os_str().to_string_lossy()))
        .filter(|s| !s.is_empty())
        .collect()
}

fn url_for(base_path: &str, segments: &[String]) -> String {
    if segments.is_empty() {
        base_path.to_owned()
    } else {
        format!("{base_path}{}/", segments.join("/"))
    }
}

fn report_duplicate_urls(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut first_by_url: HashMap<&str, &Path> = HashMap::new();
    for page in pages {
        if let Some(first) = first_by_url.insert(&page.url, &page.source) {
            diagnostics.push(
                Diagnostic::error("DS007", format!("two pages have the URL `{}`", page.url))
                    .at(Location {
                        file: page.source.clone(),
                        line: 1,
                        column: 1,
                        len: 1,
                        source_line: None,
                    })
                    .help(format!(
                        "`{}` has it too; rename one or give it a `slug`",
                        first.display()
                    )),
            );
        }
    }
}

/// Bundle files go next to their page (following its URL); other files keep their path.
fn place_assets(
    found: &[walk::AssetSource],
    pages: &mut [Page],
    drafted: &[PathBuf],
) -> Vec<Asset> {
    let mut assets = Vec::new();
    for asset in found {
        let source = Path::new(CONTENT_DIR).join(&asset.rel);
        let output = match &asset.bundle {
            Some(bundle) if drafted.contains(bundle) => continue,
            Some(bundle) => {
                let Some(page) = pages
                    .iter_mut()
                    .find(|p| p.bundle_dir.as_ref() == Some(bundle))
                else {
                    continue;
                };
                let inside = asset
                    .rel
                    .strip_prefix(bundle)
                    .expect("asset is inside its bundle");
                page.assets.push(BundleFile {
                    rel: inside.to_path_buf(),
                    text: asset.text.clone(),
                });
                page.output_dir.join(inside)
            }
            None => asset.rel.clone(),
        };
        assets.push(Asset { source, output });
    }
    assets
}

fn link_sections(sections: &mut [Section], pages: &[Page]) {
    for (index, page) in pages.iter().enumerate() {
        if let Some(section) = sections.iter_mut().find(|s| s.dir == page.section_dir) {
            section.pages.push(index);
        }
    }
    let dirs: Vec<PathBuf> = sections.iter().map(|s| s.dir.clone()).collect();
    for (index, dir) in dirs.iter().enumerate().skip(1) {
        let parent = dir.parent().unwrap_or(Path::new(""));
        if let Some(position) = dirs.iter().position(|d| d == parent) {
            sections[position].subsections.push(index);
        }
    }
    for section in sections.iter_mut() {
        sort_pages(pages, &mut section.pages);
    }
}

/// Newest first; then by weight; then by title.
fn sort_pages(pages: &[Page], order: &mut [usize]) {
    order.sort_by(|&a, &b| {
        let (a, b) = (&pages[a], &pages[b]);
        let date = |p: &Page| p.meta.date.map(|d| d.sort_key());
        date(b)
            .cmp(&date(a))
            .then(a.meta.weight.unwrap_or(0).cmp(&b.meta.weight.unwrap_or(0)))
            .then_with(|| a.title().cmp(b.title()))
    });
}

fn title_case(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace(['-', '_'], " "),
        None => String::new(),
    }
}
