//! The site model: pages, sections and assets, built from `content/` and nothing else.
//!
//! `load` reads the disk once (`walk`), then `assemble` turns those sources into a `Site`
//! without further I/O, parsing pages in parallel and collecting every problem, so one build
//! reports them all.

pub mod date;
pub mod front_matter;
pub mod links;
pub mod taxonomy;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::error::Result;
use crate::markdown::{self, Rendered};
use docsite_check::site_rules as rules;
use front_matter::FrontMatter;
use links::LinkMap;
use serde::{Deserialize, Serialize};
use walk::{MarkdownSource, Sources, CONTENT_DIR};

/// A rendered Markdown page. Kept between builds without its text and HTML (`hollow`): a
/// rebuild reads those again only for the pages it renders again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    /// Source path relative to the site root, e.g. `content/posts/x/index.md`.
    pub source: PathBuf,
    /// The section folder it belongs to, relative to `content/`.
    pub section_dir: PathBuf,
    /// Site URL with base path, e.g. `/posts/x/`.
    pub url: String,
    /// Output folder relative to the output root, e.g. `posts/x`.
    pub output_dir: PathBuf,
    /// Front matter; `title` is always set once the page is loaded.
    pub meta: FrontMatter,
    /// True when the title is the page's own first `#` heading, which themes then show as the
    /// page's heading instead of adding another.
    pub title_in_content: bool,
    /// The body as HTML and what came with it.
    pub rendered: Rendered,
    /// For a page bundle: its folder relative to `content/`.
    pub bundle_dir: Option<PathBuf>,
    /// The folder (relative to `content/`) whose files are its project: its bundle, or its
    /// `project:` folder.
    pub project_dir: Option<PathBuf>,
    /// The files of its project: a bundle's other files, or those of its `project:` folder.
    pub assets: Vec<BundleFile>,
    /// The Markdown file's whole text, for diagnostics that quote it.
    #[serde(skip)]
    pub text: String,
    /// True when the page was kept from the previous build without its text, HTML, code
    /// blocks, sections and project texts: it must be read again before it is rendered.
    #[serde(skip)]
    pub hollow: bool,
}

/// A file of a page bundle, beside its `index.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleFile {
    /// Path relative to the bundle folder, e.g. `app.py` or `img/diagram.svg`.
    pub rel: PathBuf,
    /// Its text, when it is small UTF-8 text.
    #[serde(skip)]
    pub text: Option<String>,
}

impl Page {
    /// The title: from the front matter, else the first `#` heading, else the file name.
    pub fn title(&self) -> &str {
        self.meta.title.as_deref().unwrap_or_default()
    }

    /// A page `content/example.md` made of `markdown` alone (no front matter, no files beside
    /// it, links as written), for rule examples and `docsite explain`.
    pub fn example(markdown: &str) -> Page {
        let context = markdown::RenderContext {
            read: &|path| Err(format!("no file `{path}`")),
            links: &markdown::AsWritten,
            highlight: None,
            heading_ids: crate::config::HeadingIdScheme::default(),
            limits: &crate::config::Limits::default(),
        };
        Page {
            source: PathBuf::from("content/example.md"),
            section_dir: PathBuf::new(),
            url: "/example/".into(),
            output_dir: PathBuf::from("example"),
            meta: FrontMatter::default(),
            title_in_content: false,
            rendered: markdown::render(markdown, 0, &context),
            bundle_dir: None,
            project_dir: None,
            assets: Vec::new(),
            text: markdown.to_owned(),
            hollow: false,
        }
    }

    /// The source path relative to `content/`.
    pub fn content_path(&self) -> &Path {
        self.source
            .strip_prefix(CONTENT_DIR)
            .unwrap_or(&self.source)
    }
}

/// A folder of `content/` that holds Markdown (the root included), with its own page: its
/// `_index.md`, else its `README.md`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    /// Folder relative to `content/`; empty for the home page.
    pub dir: PathBuf,
    /// Site URL with base path.
    pub url: String,
    /// Output folder relative to the output root.
    pub output_dir: PathBuf,
    /// The section's own page (`_index.md` or `README.md`), if it has one.
    pub index: Option<Page>,
    /// Indexes into `Site::pages`, newest first.
    pub pages: Vec<usize>,
    /// Indexes into `Site::sections`.
    pub subsections: Vec<usize>,
}

impl Section {
    /// Its title: from its page, else the folder name, else (home) the site title.
    pub fn title(&self, config: &Config) -> String {
        if let Some(title) = self.index.as_ref().and_then(|page| page.meta.title.clone()) {
            return title;
        }
        match self.dir.file_name() {
            Some(name) => title_case(&name.to_string_lossy()),
            None => config.title.clone(),
        }
    }
}

/// A file copied as-is into the output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    /// Path relative to the site root.
    pub source: PathBuf,
    /// Path relative to the output root.
    pub output: PathBuf,
}

/// The whole site, ready to render. Kept between builds without its configuration, which is
/// read again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Site {
    /// Settings.
    #[serde(skip)]
    pub config: Config,
    /// Published pages (drafts only when asked for).
    pub pages: Vec<Page>,
    /// Sections; index 0 is the home page.
    pub sections: Vec<Section>,
    /// Files from `content/` to copy.
    pub assets: Vec<Asset>,
    /// Where each file of `content/` is published, for links.
    pub links: LinkMap,
    /// For each page, its section and its position in that section's list.
    places: Vec<Option<(usize, usize)>>,
    /// The configured taxonomies and their terms, made once per load (and after an edit).
    pub taxonomies: Vec<taxonomy::Taxonomy>,
}

impl Site {
    /// Every published page, newest first.
    pub fn pages_by_date(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.pages.len()).collect();
        sort_pages(&self.pages, &mut order);
        order
    }

    /// True when page `index` is among the `count` newest (the first `count` of
    /// `pages_by_date`), found without sorting the site.
    pub fn is_among_newest(&self, index: usize, count: usize) -> bool {
        let newer = (0..self.pages.len())
            .filter(|&other| newest_first(&self.pages, other, index).is_lt())
            .count();
        newer < count
    }

    /// The older and the newer page beside page `index` in its section's list (newest first).
    pub fn neighbours(&self, index: usize) -> (Option<usize>, Option<usize>) {
        let Some((section, position)) = self.place(index) else {
            return (None, None);
        };
        let pages = &self.sections[section].pages;
        let newer = position.checked_sub(1).and_then(|p| pages.get(p)).copied();
        (pages.get(position + 1).copied(), newer)
    }

    /// The section whose sidebar belongs to page `index` (not the home page's), and the
    /// positions of the pages its sidebar lists: the whole section when it has at most
    /// [`SIDEBAR_PAGES`], else none (the breadcrumb and previous/next links remain).
    pub fn sidebar(&self, index: usize) -> Option<(usize, std::ops::Range<usize>)> {
        let (section, _) = self.place(index).filter(|(section, _)| *section != 0)?;
        let count = self.sections[section].pages.len();
        Some((section, 0..if count <= SIDEBAR_PAGES { count } else { 0 }))
    }

    /// The pages whose sidebar or previous/next links may show page `index`: its whole section
    /// when the sidebar lists it, else the page before and after it.
    pub fn shown_beside(&self, index: usize) -> Vec<usize> {
        let Some((section, position)) = self.place(index) else {
            return Vec::new();
        };
        let pages = &self.sections[section].pages;
        let (start, end) = if section != 0 && pages.len() <= SIDEBAR_PAGES {
            (0, pages.len())
        } else {
            (position.saturating_sub(1), (position + 2).min(pages.len()))
        };
        pages[start..end]
            .iter()
            .copied()
            .filter(|&page| page != index)
            .collect()
    }

    /// The section that lists page `index`, and where in it.
    pub fn place(&self, index: usize) -> Option<(usize, usize)> {
        self.places.get(index).copied().flatten()
    }

    /// Sort every section's pages (after a page's date, weight or title changed), note where
    /// each page now stands, and gather the taxonomies again.
    fn sort_sections(&mut self) {
        let pages = &self.pages;
        for section in &mut self.sections {
            sort_pages(pages, &mut section.pages);
        }
        self.places = vec![None; self.pages.len()];
        for (section_index, section) in self.sections.iter().enumerate() {
            for (position, &page) in section.pages.iter().enumerate() {
                self.places[page] = Some((section_index, position));
            }
        }
        self.taxonomies = taxonomy::collect(self);
    }

    /// Every rendered Markdown document: the pages, then the sections' own pages.
    pub fn documents(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().chain(
            self.sections
                .iter()
                .filter_map(|section| section.index.as_ref()),
        )
    }

    /// Every document, as references: the pages, then the sections' own pages.
    pub fn document_refs(&self) -> impl Iterator<Item = DocumentRef> + '_ {
        (0..self.pages.len()).map(DocumentRef::Page).chain(
            self.sections
                .iter()
                .enumerate()
                .filter(|(_, section)| section.index.is_some())
                .map(|(index, _)| DocumentRef::SectionIndex(index)),
        )
    }

    /// The document `document` names, if there is one.
    pub fn document(&self, document: DocumentRef) -> Option<&Page> {
        match document {
            DocumentRef::Page(index) => self.pages.get(index),
            DocumentRef::SectionIndex(index) => self.sections.get(index)?.index.as_ref(),
        }
    }

    /// The pairs of code colours the site's documents use, for its `syntax.css`.
    pub fn pairs_used(&self) -> std::collections::BTreeSet<u32> {
        self.documents()
            .flat_map(|page| page.rendered.pairs.iter().copied())
            .collect()
    }

    /// Every document kept without its text and HTML (see [`Page::hollow`]).
    pub fn hollow_out(&mut self) {
        for page in &mut self.pages {
            page.hollow = true;
        }
        for section in &mut self.sections {
            if let Some(page) = &mut section.index {
                page.hollow = true;
            }
        }
    }
}

/// One document of the site: a page, or the page of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentRef {
    /// `Site::pages[n]`.
    Page(usize),
    /// The page of `Site::sections[n]`.
    SectionIndex(usize),
}

/// Read `root/content` and build the site, with every problem found on the way (errors
/// included: the caller decides whether they stop it).
pub fn load(root: &Path, config: Config, options: LoadOptions) -> Result<(Site, Vec<Diagnostic>)> {
    let sources = walk::discover(root, &config.limits)?;
    Ok(assemble(config, sources, options))
}

/// What a load includes and makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Pages marked `draft: true` are loaded too.
    pub drafts: bool,
    /// How code blocks are written in the pages' HTML.
    pub code: CodeHtml,
}

/// How code blocks are written: highlighted to publish, plain when the HTML is only checked
/// (the problems found are the same, and highlighting is most of a build's time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeHtml {
    /// Highlighted with syntect.
    Highlighted,
    /// Escaped text.
    Plain,
}

/// The most pages a section can have for its sidebar to list them all: a docs section is
/// listed whole, as mdBook and Material do; a blog's long list is left to the section page,
/// since a window of it would weigh on every page (2.8 KB for 24 titles) and tie each page to
/// its neighbours' titles.
pub const SIDEBAR_PAGES: usize = 40;

/// What a Markdown file is to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    /// A page (a `.md` file, or a bundle's `index.md`).
    Page,
    /// The page of the section at this folder (`_index.md`, or `README.md`).
    SectionIndex(PathBuf),
}

/// A Markdown file with its front matter read, before its body is rendered.
struct Head {
    source: MarkdownSource,
    meta: FrontMatter,
    /// Byte offset of the body (after the front matter) in the text.
    body_start: usize,
    body_line_offset: usize,
}

/// Build the site model from what `walk::discover` found, in named phases: read every front
/// matter, give each document its role, place it (its URL, before any Markdown is rendered, so
/// links are written right the first time), map every link target, render the documents, and
/// file the pages into their sections.
pub fn assemble(
    config: Config,
    mut sources: Sources,
    options: LoadOptions,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = sources.diagnostics.clone();
    let base_path = config.base_path();
    let heads = read_heads(std::mem::take(&mut sources.markdown), &mut diagnostics);
    let mut documents = with_roles(heads, &mut diagnostics);
    let (mut sections, section_of) = sections(&sources.sections, &base_path);
    let drafts = place(
        &mut documents,
        &sections,
        &section_of,
        &base_path,
        options.drafts,
        &mut diagnostics,
    );
    let (links, assets, bundle_files) = map_links(
        &documents,
        &drafts,
        &sources,
        (&sections, &section_of),
        &base_path,
    );
    let texts: HashMap<&Path, Option<&str>> = sources
        .assets
        .iter()
        .map(|asset| (asset.rel.as_path(), asset.text.as_deref()))
        .collect();
    let files = ProjectFiles {
        assets: &sources.assets,
        bundles: &bundle_files,
    };
    let built: Vec<(Role, Page, Vec<Diagnostic>)> = documents
        .into_par_iter()
        .filter_map(|document| {
            let placement = document.placement?;
            let (page, found) = build_page(
                document.head,
                placement,
                &|path: &Path| texts.get(path).map(|text| text.map(str::to_owned)),
                &files,
                &links,
                &config,
                options.code,
            );
            Some((document.role, page, found))
        })
        .collect();
    let mut pages = Vec::new();
    for (role, page, mut found) in built {
        diagnostics.append(&mut found);
        match role {
            Role::Page => pages.push(page),
            Role::SectionIndex(dir) => {
                if let Some(&index) = section_of.get(&dir) {
                    sections[index].index = Some(page);
                }
            }
        }
    }
    link_sections(&mut sections, &section_of, &pages);
    let mut site = Site {
        config,
        pages,
        sections,
        assets,
        links,
        places: Vec::new(),
        taxonomies: Vec::new(),
    };
    site.sort_sections();
    (site, diagnostics)
}

/// One Markdown file on its way to a page: its front matter, what it is to the site, and where
/// it is published (`None` for a draft or a second page at one URL).
struct Document {
    head: Head,
    role: Role,
    placement: Option<Placement>,
}

/// The drafts left out: their files, and the bundles whose files go with them.
#[derive(Default)]
struct Drafts {
    files: Vec<PathBuf>,
    bundles: HashSet<PathBuf>,
}

/// Every file's front matter, read in parallel.
fn read_heads(markdown: Vec<MarkdownSource>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Head> {
    let heads: Vec<(Head, Vec<Diagnostic>)> = markdown.into_par_iter().map(read_head).collect();
    heads
        .into_iter()
        .map(|(head, mut found)| {
            diagnostics.append(&mut found);
            head
        })
        .collect()
}

/// What each file is: a page, or its folder's page (`_index.md`; else the folder's
/// `README.md`, as on GitHub, unless an `_index.md` is there too).
fn with_roles(heads: Vec<Head>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Document> {
    let has_index_md: HashSet<PathBuf> = heads
        .iter()
        .filter(|head| {
            head.source
                .rel
                .file_name()
                .is_some_and(|n| n == "_index.md")
        })
        .filter_map(|head| head.source.rel.parent().map(Path::to_path_buf))
        .collect();
    let mut taken_sections: HashSet<PathBuf> = HashSet::new();
    heads
        .into_iter()
        .map(|head| {
            let rel = &head.source.rel;
            let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
            let name = rel.file_name().map(|n| n.to_string_lossy().to_lowercase());
            let role = match name.as_deref() {
                Some("_index.md") => Role::SectionIndex(dir),
                Some("readme.md") if has_index_md.contains(dir.as_path()) => {
                    let file = Path::new(CONTENT_DIR).join(rel);
                    diagnostics.push(
                        rules::ds016::RULE
                            .diagnostic(format!("`{}` is not its folder's page: `_index.md` is", file.display()))
                            .at(Location::in_text(&file, &head.source.text, 1, 1))
                            .help("merge the README into `_index.md` and delete one of them, or keep both knowing the README is published as an ordinary page"),
                    );
                    Role::Page
                }
                Some("readme.md") if taken_sections.insert(dir.clone()) => Role::SectionIndex(dir),
                _ => Role::Page,
            };
            Document {
                head,
                role,
                placement: None,
            }
        })
        .collect()
}

/// A section for every folder found (the home first, made when `content/` has no page of its
/// own), and each folder's section by its path.
fn sections(dirs: &[PathBuf], base_path: &str) -> (Vec<Section>, HashMap<PathBuf, usize>) {
    let mut sections: Vec<Section> = dirs
        .iter()
        .map(|dir| Section {
            dir: dir.clone(),
            url: url_for(base_path, &url_segments(dir)),
            output_dir: url_segments(dir).iter().collect(),
            index: None,
            pages: Vec::new(),
            subsections: Vec::new(),
        })
        .collect();
    if sections
        .first()
        .is_none_or(|home| !home.dir.as_os_str().is_empty())
    {
        sections.insert(0, empty_home(base_path));
    }
    let section_of = sections
        .iter()
        .enumerate()
        .map(|(index, section)| (section.dir.clone(), index))
        .collect();
    (sections, section_of)
}

/// Where every document is published, before any is rendered; the drafts left out.
fn place(
    documents: &mut [Document],
    sections: &[Section],
    section_of: &HashMap<PathBuf, usize>,
    base_path: &str,
    with_drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Drafts {
    let mut drafts = Drafts::default();
    let mut first_by_url: HashMap<String, PathBuf> = HashMap::new();
    for document in documents.iter_mut() {
        let head = &document.head;
        let rel = &head.source.rel;
        document.placement = match &document.role {
            Role::SectionIndex(dir) => section_of.get(dir).map(|&index| Placement {
                url: sections[index].url.clone(),
                output_dir: sections[index].output_dir.clone(),
                section_dir: dir.clone(),
                bundle_dir: None,
            }),
            Role::Page => {
                let bundle_dir = (rel.file_name().is_some_and(|n| n == "index.md")
                    && rel.parent().is_some_and(|p| !p.as_os_str().is_empty()))
                .then(|| rel.parent().expect("checked").to_path_buf());
                if head.meta.draft && !with_drafts {
                    drafts.bundles.extend(bundle_dir);
                    drafts.files.push(rel.clone());
                    continue;
                }
                let page_path = bundle_dir.clone().unwrap_or_else(|| rel.with_extension(""));
                let mut segments = url_segments(&page_path);
                if let Some(slug) = &head.meta.slug {
                    if let Some(last) = segments.last_mut() {
                        *last = slug::slugify(slug);
                    }
                }
                let url = url_for(base_path, &segments);
                let source = Path::new(CONTENT_DIR).join(rel);
                if let Some(first) = first_by_url.get(&url) {
                    diagnostics.push(
                        rules::ds007::RULE
                            .diagnostic(format!("two pages have the URL `{url}`"))
                            .at(Location::in_text(&source, &head.source.text, 1, 1))
                            .help(format!(
                                "`{}` has it too; rename one or give it a `slug`",
                                first.display()
                            )),
                    );
                    continue;
                }
                first_by_url.insert(url.clone(), source);
                Some(Placement {
                    url,
                    output_dir: segments.iter().collect(),
                    section_dir: page_path.parent().unwrap_or(Path::new("")).to_path_buf(),
                    bundle_dir,
                })
            }
        };
    }
    drafts
}

/// Where every link target is published (documents, drafts, files, folders), and where each
/// file of `content/` is copied; also each bundle's files, for its project.
fn map_links(
    documents: &[Document],
    drafts: &Drafts,
    sources: &Sources,
    (sections, section_of): (&[Section], &HashMap<PathBuf, usize>),
    base_path: &str,
) -> (LinkMap, Vec<Asset>, HashMap<PathBuf, Vec<BundleFile>>) {
    let bundle_urls: HashMap<&Path, &Placement> = documents
        .iter()
        .filter_map(|document| document.placement.as_ref())
        .filter_map(|placement| placement.bundle_dir.as_deref().map(|dir| (dir, placement)))
        .collect();
    let mut links = LinkMap::new(base_path);
    for document in documents {
        if let Some(placement) = &document.placement {
            links.add_document(&document.head.source.rel, &placement.url);
        }
    }
    for draft in &drafts.files {
        links.add_draft(draft);
    }
    let (assets, bundle_files) =
        place_assets(&sources.assets, &bundle_urls, &drafts.bundles, &mut links);
    for folder in &sources.folders {
        links.add_folder(folder, None);
    }
    for (bundle, placement) in &bundle_urls {
        links.add_folder(bundle, Some((&bundle.join("index.md"), &placement.url)));
    }
    for document in documents {
        if let Role::SectionIndex(dir) = &document.role {
            if let Some(&index) = section_of.get(dir) {
                links.add_folder(dir, Some((&document.head.source.rel, &sections[index].url)));
            }
        }
    }
    for section in sections {
        links.set_folder_url(&section.dir, &section.url);
    }
    (links, assets, bundle_files)
}

/// Where a document is published.
#[derive(Debug, Clone)]
struct Placement {
    url: String,
    output_dir: PathBuf,
    section_dir: PathBuf,
    bundle_dir: Option<PathBuf>,
}

/// Where pages find the files of their projects.
struct ProjectFiles<'a> {
    assets: &'a [walk::AssetSource],
    /// Each bundle's files, relative to the bundle.
    bundles: &'a HashMap<PathBuf, Vec<BundleFile>>,
}

impl ProjectFiles<'_> {
    /// The files of `folder` (relative to `content/`), Markdown left out, relative to it.
    fn of_folder(&self, folder: &Path) -> Vec<BundleFile> {
        self.assets
            .iter()
            .filter_map(|asset| {
                let inside = asset.rel.strip_prefix(folder).ok()?;
                Some(BundleFile {
                    rel: inside.to_path_buf(),
                    text: asset.text.clone(),
                })
            })
            .collect()
    }
}

/// Split a Markdown file's front matter from its body and read it; problems are reported and
/// the file is still read (an unclosed front matter: the whole file is the body).
fn read_head(source: MarkdownSource) -> (Head, Vec<Diagnostic>) {
    let file = Path::new(CONTENT_DIR).join(&source.rel);
    let (meta, body_start, body_line_offset, found) = match front_matter::split(&source.text, &file)
    {
        Ok(split) => {
            let (meta, found) = match split.yaml {
                Some(yaml) => front_matter::parse(yaml, split.format, &file, &source.text),
                None => (FrontMatter::default(), Vec::new()),
            };
            (
                meta,
                source.text.len() - split.body.len(),
                split.body_line_offset,
                found,
            )
        }
        Err(unclosed) => (FrontMatter::default(), 0, 0, vec![unclosed]),
    };
    let head = Head {
        source,
        meta,
        body_start,
        body_line_offset,
    };
    (head, found)
}

/// Render a document's body and complete its page: title, project files.
fn build_page(
    head: Head,
    placement: Placement,
    texts: TextOf,
    files: &ProjectFiles,
    links: &LinkMap,
    config: &Config,
    code: CodeHtml,
) -> (Page, Vec<Diagnostic>) {
    let rel = &head.source.rel;
    let source = Path::new(CONTENT_DIR).join(rel);
    let mut diagnostics: Vec<Diagnostic> = head
        .meta
        .foreign_taxonomies
        .iter()
        .filter(|(key, _)| !config.taxonomies.contains(key))
        .map(|(key, location)| foreign_taxonomy(key, location))
        .collect();
    let folder = rel.parent().unwrap_or(Path::new(""));
    let rendered = render_body(&head, &placement.url, texts, links, config, code);
    diagnostics.extend(include_diagnostics(&rendered, &source, &head.source.text));
    diagnostics.extend(rendered.code_blocks.iter().filter_map(|block| {
        let reason = block.over_limit.as_ref()?;
        Some(
            rules::ds026::RULE
                .diagnostic(format!(
                    "code block shown as plain text and not checked: {reason}"
                ))
                .at(Location::in_text(
                    &source,
                    &head.source.text,
                    block.fence_line,
                    1,
                ))
                .help("split the block, or raise the limit under `limits:` in docsite.yaml"),
        )
    }));
    let mut meta = head.meta;
    let title_in_content = meta.title.is_none() && rendered.first_heading.is_some();
    if meta.title.is_none() {
        meta.title = Some(
            rendered
                .first_heading
                .clone()
                .unwrap_or_else(|| file_title(rel)),
        );
    }
    let (project_dir, assets) = match project_of(&meta, &placement, folder, files, links) {
        Ok(project) => project,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            (placement.bundle_dir.clone(), Vec::new())
        }
    };
    let page = Page {
        source,
        section_dir: placement.section_dir,
        url: placement.url,
        output_dir: placement.output_dir,
        meta,
        title_in_content,
        rendered,
        bundle_dir: placement.bundle_dir,
        project_dir,
        assets,
        text: head.source.text,
        hollow: false,
    };
    (page, diagnostics)
}

/// A document's body as HTML (highlighted unless only checking), with what it is made of.
fn render_body(
    head: &Head,
    url: &str,
    texts: TextOf,
    links: &LinkMap,
    config: &Config,
    code: CodeHtml,
) -> markdown::Rendered {
    let rel = &head.source.rel;
    let folder = rel.parent().unwrap_or(Path::new(""));
    let read = |path: &str| read_beside(folder, path, texts);
    // Unknown schemes are DS001 in the configuration; the page is then shown unhighlighted.
    let schemes = (code == CodeHtml::Highlighted)
        .then(|| {
            crate::highlight::Schemes::named(
                &config.highlight.light_theme,
                &config.highlight.dark_theme,
            )
            .ok()
        })
        .flatten();
    let context = markdown::RenderContext {
        read: &read,
        links: &links.from(rel, url),
        highlight: schemes.as_deref(),
        heading_ids: config.heading_ids,
        limits: &config.limits,
    };
    let body = &head.source.text[head.body_start..];
    let mut rendered = markdown::render(body, head.body_line_offset, &context);
    if let Some(schemes) = &schemes {
        rendered.pairs = schemes.pairs_in(&rendered.html);
    }
    rendered
}

/// A page's project: its folder (the one `project:` names, else its bundle's) and its files;
/// DS020 when `project:` names no folder.
fn project_of(
    meta: &FrontMatter,
    placement: &Placement,
    folder: &Path,
    files: &ProjectFiles,
    links: &LinkMap,
) -> std::result::Result<(Option<PathBuf>, Vec<BundleFile>), Diagnostic> {
    match (&meta.project, &placement.bundle_dir) {
        (Some(project), _) => {
            match project_folder(folder, project, &|dir| links.is_folder(dir)) {
                Some(dir) => Ok((Some(dir.clone()), files.of_folder(&dir))),
                None => {
                    let mut diagnostic = rules::ds020::RULE
                    .diagnostic(format!("no folder `{project}` for the project"))
                    .help("name a folder of `content/`, relative to this page: `project: ../files`");
                    if let Some(location) = &meta.project_location {
                        diagnostic = diagnostic.at(location.clone());
                    }
                    Err(diagnostic)
                }
            }
        }
        (None, Some(bundle)) => Ok((
            Some(bundle.clone()),
            files.bundles.get(bundle).cloned().unwrap_or_default(),
        )),
        (None, None) => Ok((None, Vec::new())),
    }
}

/// A `project:` folder (relative to the page's folder) as a folder of `content/`, if it is one.
fn project_folder(
    page_folder: &Path,
    project: &str,
    is_folder: &dyn Fn(&Path) -> bool,
) -> Option<PathBuf> {
    links::normalize(page_folder, project).filter(|folder| is_folder(folder))
}

/// A title from a file name: `part-2.md` → `Part 2`; a folder's `README.md` or `index.md` →
/// the folder's name.
fn file_title(rel: &Path) -> String {
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned());
    let is_folder_page = stem
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("readme") || s == "index" || s == "_index");
    let name = match (is_folder_page, rel.parent().and_then(Path::file_name)) {
        (true, Some(folder)) => folder.to_string_lossy().into_owned(),
        _ => stem.unwrap_or_default(),
    };
    title_case(&name)
}

fn include_diagnostics(rendered: &Rendered, file: &Path, text: &str) -> Vec<Diagnostic> {
    rendered
        .include_errors
        .iter()
        .map(|(line, message)| {
            let fence = text.lines().nth(line - 1).unwrap_or("");
            let column = fence.find("include").map_or(1, |byte| fence[..byte].chars().count() + 1);
            rules::ds013::RULE.diagnostic(format!("cannot include: {message}"))
                .at(Location::in_text(file, text, *line, column).with_len(fence.chars().count().saturating_sub(column - 1)))
                .help("include a text file of the page's folder: `include=\"app.py\"`, with `lines=\"3-9\"` or `region=\"name\"`")
        })
        .collect()
}

/// DS029 for `tags:` or `categories:` on a site that has no such taxonomy.
fn foreign_taxonomy(key: &str, location: &Location) -> Diagnostic {
    rules::ds029::RULE
        .diagnostic(format!(
            "`{key}` is not a taxonomy of this site, so it does nothing"
        ))
        .at(location.clone())
        .help(format!(
            "write them as `keywords: [...]`, docsite's tags, or add `{key}` to `taxonomies:` in \
             docsite.yaml to publish a page for each"
        ))
}

/// A page edit that cannot be applied in place: its URL, draft state, project or existence
/// changed, so the site must be loaded again.
#[derive(Debug)]
pub struct NeedsReload;

/// Parse page `index` again from `text` (its file's new contents), reading the files it asks
/// for (includes, its project's files) through `read`, and give the problems found in it. Lists
/// are re-sorted.
pub fn reparse_page(
    site: &mut Site,
    index: usize,
    text: String,
    read: TextOf,
) -> std::result::Result<Vec<Diagnostic>, NeedsReload> {
    let rel = site.pages[index].content_path().to_path_buf();
    let source = MarkdownSource { rel, text };
    let (head, mut diagnostics) = read_head(source);
    let old = &site.pages[index];
    if head.meta.slug != old.meta.slug
        || head.meta.draft != old.meta.draft
        || head.meta.project != old.meta.project
        || head.meta.aliases != old.meta.aliases
    {
        return Err(NeedsReload);
    }
    let (page, found) = rebuilt_in_place(site, old, head, read);
    diagnostics.extend(found);
    diagnostics.retain(|d| d.code != rules::ds020::RULE.id);
    let placed_alike = same_place(site, &site.pages[index], &page);
    site.pages[index] = page;
    // A body edit leaves every list as it was; re-sorting and re-collecting the taxonomies
    // costs tens of milliseconds at 10,000 pages.
    if !placed_alike {
        site.sort_sections();
    }
    Ok(diagnostics)
}

/// Read `document` again from `text`, its file's unchanged contents, when it was kept from the
/// previous build without them: it is then whole again, as the build that kept it made it.
pub fn refill(site: &mut Site, document: DocumentRef, text: String, read: TextOf) {
    let Some(old) = site.document(document) else {
        return;
    };
    let source = MarkdownSource {
        rel: old.content_path().to_path_buf(),
        text,
    };
    let (head, _) = read_head(source);
    let (page, _) = rebuilt_in_place(site, old, head, read);
    match document {
        DocumentRef::Page(index) => site.pages[index] = page,
        DocumentRef::SectionIndex(index) => site.sections[index].index = Some(page),
    }
}

/// The document `old` made again from `head` (its file read anew), where it was: its URL,
/// folders and project's file list stay (a new URL or file reloads the site), the project's
/// texts are read again through `read`.
fn rebuilt_in_place(site: &Site, old: &Page, head: Head, read: TextOf) -> (Page, Vec<Diagnostic>) {
    let placement = Placement {
        url: old.url.clone(),
        output_dir: old.output_dir.clone(),
        section_dir: old.section_dir.clone(),
        bundle_dir: old.bundle_dir.clone(),
    };
    let project_dir = old.project_dir.clone();
    let assets = with_texts(old.assets.clone(), project_dir.as_deref(), read);
    let files = ProjectFiles {
        assets: &[],
        bundles: &HashMap::new(),
    };
    let (mut page, found) = build_page(
        head,
        placement,
        read,
        &files,
        &site.links,
        &site.config,
        CodeHtml::Highlighted,
    );
    page.assets = assets;
    page.project_dir = project_dir;
    (page, found)
}

/// `assets` with their texts read again from the project folder `dir`.
fn with_texts(mut assets: Vec<BundleFile>, dir: Option<&Path>, read: TextOf) -> Vec<BundleFile> {
    if let Some(dir) = dir {
        for asset in &mut assets {
            if let Some(Some(text)) = read(&dir.join(&asset.rel)) {
                asset.text = Some(text);
            }
        }
    }
    assets
}

/// True when pages `a` and `b` sort the same in every list (date, weight, title) and have the
/// same taxonomy terms.
fn same_place(site: &Site, a: &Page, b: &Page) -> bool {
    a.meta.date.map(|d| d.sort_key()) == b.meta.date.map(|d| d.sort_key())
        && a.meta.weight == b.meta.weight
        && a.title() == b.title()
        && site
            .config
            .taxonomies
            .iter()
            .all(|name| taxonomy::values(site, a, name) == taxonomy::values(site, b, name))
}

/// The text of a file of `content/` (a path relative to it): `None` when there is no such file,
/// `Some(None)` when it is not text.
pub type TextOf<'a> = &'a (dyn Fn(&Path) -> Option<Option<String>> + Sync);

fn read_beside(folder: &Path, path: &str, texts: TextOf) -> std::result::Result<String, String> {
    if path.starts_with('/') {
        return Err(format!(
            "`{path}` is absolute; give a path relative to the page"
        ));
    }
    let resolved = links::normalize(folder, path)
        .ok_or_else(|| format!("`{path}` leaves the site's content folder"))?;
    match texts(&resolved) {
        Some(Some(text)) => Ok(text),
        Some(None) => Err(format!("`{path}` is not a text file")),
        None => Err(format!("no file `{path}` beside this page")),
    }
}

fn empty_home(base_path: &str) -> Section {
    Section {
        dir: PathBuf::new(),
        url: base_path.to_owned(),
        output_dir: PathBuf::new(),
        index: None,
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

/// Where each file of `content/` is copied: a bundle's files next to its page (following its
/// URL), other files at their own path. Also gives each bundle's files, for its project.
fn place_assets(
    found: &[walk::AssetSource],
    bundle_urls: &HashMap<&Path, &Placement>,
    drafted: &HashSet<PathBuf>,
    links: &mut LinkMap,
) -> (Vec<Asset>, HashMap<PathBuf, Vec<BundleFile>>) {
    let mut assets = Vec::new();
    let mut bundles: HashMap<PathBuf, Vec<BundleFile>> = HashMap::new();
    for asset in found {
        let source = Path::new(CONTENT_DIR).join(&asset.rel);
        let output = match &asset.bundle {
            Some(bundle) if drafted.contains(bundle) => continue,
            Some(bundle) => {
                let Some(placement) = bundle_urls.get(bundle.as_path()) else {
                    continue;
                };
                let inside = asset
                    .rel
                    .strip_prefix(bundle)
                    .expect("asset is inside its bundle");
                bundles.entry(bundle.clone()).or_default().push(BundleFile {
                    rel: inside.to_path_buf(),
                    text: asset.text.clone(),
                });
                placement.output_dir.join(inside)
            }
            None => asset.rel.clone(),
        };
        links.add_file(&asset.rel, &output);
        assets.push(Asset { source, output });
    }
    (assets, bundles)
}

fn link_sections(sections: &mut [Section], section_of: &HashMap<PathBuf, usize>, pages: &[Page]) {
    for (index, page) in pages.iter().enumerate() {
        if let Some(&section) = section_of.get(&page.section_dir) {
            sections[section].pages.push(index);
        }
    }
    for index in 1..sections.len() {
        let parent = sections[index]
            .dir
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        if let Some(&position) = section_of.get(&parent) {
            sections[position].subsections.push(index);
        }
    }
}

/// Newest first; then by weight; then by title.
fn sort_pages(pages: &[Page], order: &mut [usize]) {
    order.sort_by(|&a, &b| newest_first(pages, a, b));
}

/// The order of lists: newest first, then by weight, then by title.
fn newest_first(pages: &[Page], a: usize, b: usize) -> std::cmp::Ordering {
    let (a, b) = (&pages[a], &pages[b]);
    let date = |p: &Page| p.meta.date.map(|d| d.sort_key());
    date(b)
        .cmp(&date(a))
        .then(a.meta.weight.unwrap_or(0).cmp(&b.meta.weight.unwrap_or(0)))
        .then_with(|| a.title().cmp(b.title()))
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
