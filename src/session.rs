//! A built site kept in memory: what `build` writes and `serve` serves, plus the fast path that
//! redoes only what an edited page touches (the page, its lists, its download).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::check;
use crate::config::Config;
use crate::content::{self, CodeHtml, LoadOptions, Site};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::error::{Error, Result};
use crate::render::{listing, OutputContent, OutputFile, PageValues, Renderer};

/// How a site is loaded.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    /// The site root.
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Override `base_url`.
    pub base_url: Option<String>,
    /// The site is being published (`build`): what only matters to a published site, such as
    /// a `base_url` that cannot make absolute URLs (DS028), is reported too.
    pub publish: bool,
}

/// A site loaded, checked and rendered, with everything needed to update it.
pub struct Session {
    options: SessionOptions,
    /// `None` when the templates do not compile (the session then only reports).
    renderer: Option<Renderer>,
    /// The site model.
    pub site: Site,
    values: PageValues,
    /// Every output file, by path relative to the output root (empty when the build wrote them
    /// to its staging folder as they came).
    pub files: BTreeMap<PathBuf, OutputContent>,
    /// How many output files the last full render made.
    pub output_count: usize,
    /// Every warning of the last full load.
    warnings: Vec<Diagnostic>,
    /// The files of the previous output a resumed build keeps (empty otherwise): they exist,
    /// for the link checks, though this session did not render them.
    previous_outputs: HashSet<PathBuf>,
    /// Files an edit made obsolete (replaced search shards), to leave out of the output.
    pub removed: BTreeSet<PathBuf>,
    /// Pages a resumed build is about to apply edits to: their files already hold the new text,
    /// so they are not read again for another page's sake (their own edit reads them).
    pending: HashSet<PathBuf>,
}

/// What the site showed of a page before its edit, to tell what the edit changed.
struct BeforeEdit {
    /// Every list's pages, in order.
    lists: ListOrders,
    /// The pages that showed it beside them (previous/next, sidebar).
    beside: Vec<usize>,
    /// Its code's pairs of colours.
    pairs: Vec<u32>,
}

/// What an edit of a page touches besides the page itself.
struct Touched {
    changed: crate::render::Changed,
    /// The list pages to render again, when its list entry changed.
    only: Option<listing::Only>,
    /// The sections whose lists show it.
    showing: Vec<usize>,
    /// The pages that show it beside them, before and after the edit.
    beside: Vec<usize>,
    /// Whether the feeds change.
    feeds: bool,
}

/// Every list of the site, by the URL of its first page: a section's, the home page's, each
/// taxonomy term's (and the terms of each taxonomy, with their counts).
struct ListOrders(HashMap<String, Vec<usize>>);

impl ListOrders {
    fn of(site: &Site) -> ListOrders {
        let mut lists = HashMap::new();
        for (index, section) in site.sections.iter().enumerate() {
            let order = if index == 0 {
                site.pages_by_date()
            } else {
                section.pages.clone()
            };
            lists.insert(section.url.clone(), order);
        }
        let base = site.config.base_path();
        for taxonomy in &site.taxonomies {
            let url = format!("{base}{}/", taxonomy.name);
            // The list of terms, as term counts: it changes when a term appears, goes or grows.
            lists.insert(
                url.clone(),
                taxonomy.terms.iter().map(|t| t.pages.len()).collect(),
            );
            for term in &taxonomy.terms {
                lists.insert(format!("{url}{}/", term.slug), term.pages.clone());
            }
        }
        ListOrders(lists)
    }

    /// The list pages (their URLs) to render again after page `index` changed its list entry:
    /// those that show it before or after, those whose pages differ, and every page of a list
    /// that appeared, went or changed its length.
    fn touched(&self, after: &ListOrders, index: usize, per_page: usize) -> listing::Only {
        let mut only = listing::Only::new();
        for (url, new) in &after.0 {
            let old = self.0.get(url).map(Vec::as_slice).unwrap_or(&[]);
            let old_pagers = listing::paginate(old, per_page, url);
            let new_pagers = listing::paginate(new, per_page, url);
            // Every page of a list shows how long it is ("5 posts").
            let resized = old.len() != new.len();
            for (pager, before) in new_pagers
                .iter()
                .zip(old_pagers.iter().map(Some).chain(std::iter::repeat(None)))
            {
                let moved = before.is_none_or(|before| before.items != pager.items);
                let shows = pager.items.contains(&index)
                    || before.is_some_and(|before| before.items.contains(&index));
                if resized || moved || shows {
                    only.insert(pager.url.clone());
                }
            }
        }
        only
    }
}

/// Where a session's rendered files go.
pub enum Destination<'a> {
    /// Kept in memory: `serve` answers from them.
    Memory,
    /// Only their paths are kept: `check` renders to find template errors, collisions and
    /// broken links, and writes nothing.
    Nowhere,
    /// Written into a build's staging folder as each is made, so none waits in memory.
    Staging(&'a crate::output::Staging),
}

/// The text of a file of `content/` (a path relative to it), read only when it is a regular
/// file: `None` when there is none, `Some(None)` when it is not text. Only the files a page asks
/// for are read (its includes, its project's files), never its whole folder, so an edit costs
/// the same in a folder of ten pages or of ten thousand.
fn text_on_disk(content_dir: &Path, path: &Path) -> Option<Option<String>> {
    let full = content_dir.join(path);
    match crate::read::kind(&full) {
        Ok(crate::read::Kind::File(_)) => Some(content::walk::read_code_text(&full).ok().flatten()),
        _ => None,
    }
}

/// DS028 for a `base_url` that is a path, at its line of `docsite.yaml` when it is written there.
fn relative_base_url(root: &Path, base_url: &str) -> Diagnostic {
    let diagnostic = check::rules::ds028::RULE
        .diagnostic(format!(
            "`base_url` is `{}`, a path: the sitemap, the feeds, robots.txt, canonical links, \
             og:url and the downloads' READMEs cannot have absolute URLs",
            base_url.trim()
        ))
        .help(
            "give the site's address: `base_url: https://example.com/` in docsite.yaml, or \
             `docsite build --base-url https://example.com/`",
        );
    let file = crate::config::CONFIG_FILE;
    let Ok(text) = std::fs::read_to_string(root.join(file)) else {
        return diagnostic;
    };
    match crate::yaml::value_position(&text, "base_url") {
        Some((line, column)) => {
            let value = text.lines().nth(line - 1).unwrap_or_default();
            let len = value.chars().count().saturating_sub(column - 1);
            diagnostic.at(Location::in_text(file, &text, line, column).with_len(len))
        }
        None => diagnostic,
    }
}

/// What made an output file, to name both sides of a collision.
#[derive(Debug, Clone)]
enum Made {
    Rendered,
    Copied(PathBuf),
    BuiltIn,
}

/// The rendered files of one full render, from every thread.
struct Outputs<'a> {
    destination: Destination<'a>,
    made: Mutex<HashMap<PathBuf, Made>>,
    kept: Mutex<BTreeMap<PathBuf, OutputContent>>,
    collisions: Mutex<Vec<(PathBuf, Made, Made)>>,
}

impl Outputs<'_> {
    /// Keep or write `file`; a second file at a path already made is a collision (the first
    /// stays).
    fn put(&self, file: OutputFile) -> Result<()> {
        let made = match &file.content {
            OutputContent::Bytes(_) => Made::Rendered,
            OutputContent::Copy(source) => Made::Copied(source.clone()),
            OutputContent::BuiltIn(_) => Made::BuiltIn,
        };
        {
            let mut all = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(first) = all.get(&file.path) {
                let first = first.clone();
                drop(all);
                self.collisions
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((file.path, first, made));
                return Ok(());
            }
            all.insert(file.path.clone(), made);
        }
        match self.destination {
            Destination::Memory => {
                self.kept
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(file.path, file.content);
                Ok(())
            }
            Destination::Nowhere => Ok(()),
            Destination::Staging(staging) => staging.write(&file.path, &file.content),
        }
    }
}

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// Only these output files changed.
    Files(Vec<PathBuf>),
    /// Everything was rebuilt.
    Everything,
}

impl Session {
    /// Load, check and render the whole site into memory. Any error (from any stage) fails it,
    /// with every problem of every file.
    pub fn open(options: SessionOptions) -> Result<Session> {
        let (mut session, diagnostics) =
            Session::assemble(options, CodeHtml::Highlighted, Destination::Memory)?;
        if diagnostics.iter().any(|d| d.severity == Severity::Error) {
            return Err(Error::Diagnostics(diagnostics));
        }
        session.warnings = diagnostics;
        Ok(session)
    }

    /// Load, check and render the whole site in one pass, and give every problem found —
    /// configuration, front matter, code, templates, collisions, links — sorted by file and
    /// line, errors included. Only an unreadable configuration or an I/O failure stops it early.
    /// `code` is `Plain` when only checking: the problems are the same, the HTML is not shown.
    pub fn assemble(
        options: SessionOptions,
        code: CodeHtml,
        destination: Destination,
    ) -> Result<(Session, Vec<Diagnostic>)> {
        let root = &options.root;
        if !root.join(content::walk::CONTENT_DIR).is_dir() {
            return Err(Error::NoContent { root: root.clone() });
        }
        let mut config = Self::config(&options)?;
        let mut diagnostics = std::mem::take(&mut config.warnings);
        if options.publish && !config.has_absolute_base_url() {
            diagnostics.push(relative_base_url(root, &config.base_url));
        }
        let renderer = match Renderer::new(root, &config) {
            Ok(renderer) => Some(renderer),
            Err(Error::Diagnostics(mut found)) => {
                diagnostics.append(&mut found);
                None
            }
            Err(other) => return Err(other),
        };
        let (site, mut found) = content::load(
            root,
            config,
            LoadOptions {
                drafts: options.drafts,
                code,
            },
        )?;
        diagnostics.append(&mut found);
        let documents: Vec<&content::Page> = site.documents().collect();
        diagnostics.extend(check_documents(&documents, &site.config));
        let values = PageValues::of(&site);
        let outputs = Outputs {
            destination,
            made: Mutex::default(),
            kept: Mutex::default(),
            collisions: Mutex::default(),
        };
        if let Some(renderer) = &renderer {
            diagnostics
                .extend(renderer.render_site(&site, &values, root, &|file| outputs.put(file))?);
            let made = outputs.made.lock().unwrap_or_else(|e| e.into_inner());
            for (path, first, second) in outputs
                .collisions
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
            {
                diagnostics.push(collision(&site, root, path, first, second));
            }
            diagnostics.extend(check::links::check(&site, &documents, &|path| {
                made.contains_key(path)
            }));
        }
        let output_count = outputs
            .made
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .len();
        let files = outputs.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let diagnostics = finish(&site.config, diagnostics);
        let session = Session {
            renderer,
            site,
            values,
            files,
            output_count,
            warnings: Vec::new(),
            previous_outputs: HashSet::new(),
            removed: BTreeSet::new(),
            pending: HashSet::new(),
            options,
        };
        Ok((session, diagnostics))
    }

    /// The session a previous build kept in `state`, to apply edits to: the configuration and
    /// templates read again, the pages kept without their text (read again as they are needed),
    /// `previous_outputs` the files of the output it made. `None` when the templates do not
    /// compile, which only a full build reports well.
    pub fn resume(
        options: SessionOptions,
        mut state: crate::state::State,
        previous_outputs: HashSet<PathBuf>,
    ) -> Result<Option<Session>> {
        let mut config = Self::config(&options)?;
        config.warnings.clear();
        let Ok(renderer) = Renderer::new(&options.root, &config) else {
            return Ok(None);
        };
        let warnings = state.take_warnings();
        let mut site = state.site;
        site.config = config;
        site.hollow_out();
        let values = PageValues::resume(&site, state.search);
        Ok(Some(Session {
            options,
            renderer: Some(renderer),
            site,
            values,
            files: BTreeMap::new(),
            output_count: state.output_count,
            warnings,
            previous_outputs,
            removed: BTreeSet::new(),
            pending: HashSet::new(),
        }))
    }

    /// What the next build needs of this one: see [`crate::state`].
    pub fn keep(
        self,
        key: String,
        inputs: BTreeMap<PathBuf, crate::state::Stamp>,
        output_count: usize,
    ) -> crate::state::State {
        let search = self
            .values
            .search(&self.site)
            .map(crate::search::Index::kept);
        crate::state::State::new(key, inputs, self.site, search, &self.warnings, output_count)
    }

    fn config(options: &SessionOptions) -> Result<Config> {
        let mut config = Config::load(&options.root)?;
        if let Some(base_url) = &options.base_url {
            if crate::config::base_url_kind(base_url) == crate::config::BaseUrl::Unclear {
                return Err(Error::Diagnostics(vec![crate::config::unclear_base_url(
                    base_url,
                )]));
            }
            config.base_url = base_url.clone();
        }
        Ok(config)
    }

    /// Replace the warnings of the whole site (a build's, as `assemble` gave them).
    pub fn set_warnings(&mut self, warnings: Vec<Diagnostic>) {
        self.warnings = warnings;
    }

    /// The warnings of the whole site.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.warnings.clone()
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Rebuild everything (a template, config or structure change).
    pub fn reload(&mut self) -> Result<Update> {
        *self = Session::open(self.options.clone())?;
        Ok(Update::Everything)
    }

    /// Bring the site up to date after `source` (a Markdown file, relative to the site root)
    /// changed: the fast path when it is an existing page whose URL stays, else a reload.
    pub fn update_page(&mut self, source: &Path) -> Result<Update> {
        match self.apply_edit(source)? {
            Some(changed) => Ok(Update::Files(changed)),
            None => self.reload(),
        }
    }

    /// The fast path of `update_page`: the output files that changed, or `None` when the edit
    /// needs the whole site loaded again (a new page, a new URL, a page gone). In steps: the
    /// page read and checked again, what the edit touches, and that rendered.
    pub fn apply_edit(&mut self, source: &Path) -> Result<Option<Vec<PathBuf>>> {
        self.pending.remove(source);
        let Some(index) = self
            .site
            .pages
            .iter()
            .position(|page| page.source == source)
        else {
            return Ok(None);
        };
        // Through `read` (at most the size limit), so a page replaced by a FIFO cannot block
        // the rebuild; whatever is refused is left to the full reload to report.
        let Some(text) = self.source_text(source) else {
            return Ok(None);
        };
        if self.renderer.is_none() {
            return Ok(None);
        }
        let before = BeforeEdit {
            lists: ListOrders::of(&self.site),
            beside: self.site.shown_beside(index),
            pairs: self.site.pages[index].rendered.pairs.clone(),
        };
        if !self.reparse_and_check(index, source, text)? {
            return Ok(None);
        }
        let touched = self.touched_by_edit(index, &before);
        self.render_edit(index, touched, &before)
    }

    /// Read page `index` again from `text` and check it and the pages that link to it; its
    /// warnings replace its old ones. `false` when the edit needs a reload; an error when the
    /// page now has one.
    fn reparse_and_check(&mut self, index: usize, source: &Path, text: String) -> Result<bool> {
        let content_dir = self.options.root.join(content::walk::CONTENT_DIR);
        let mut page_findings = match content::reparse_page(&mut self.site, index, text, &|path| {
            text_on_disk(&content_dir, path)
        }) {
            Ok(found) => found,
            Err(content::NeedsReload) => return Ok(false),
        };
        page_findings.extend(check_documents(
            &[&self.site.pages[index]],
            &self.site.config,
        ));
        // The pages that link to it are checked again too: a heading renamed here breaks
        // their `#fragment`.
        let referrers = self.linking_to(index);
        for &referrer in &referrers {
            self.fill(referrer);
        }
        let (files, previous) = (&self.files, &self.previous_outputs);
        let exists = |path: &Path| files.contains_key(path) || previous.contains(path);
        let mut checked: Vec<&content::Page> = vec![&self.site.pages[index]];
        checked.extend(referrers.iter().filter_map(|&r| self.site.document(r)));
        let link_findings = check::links::check(&self.site, &checked, &exists);
        let rechecked: Vec<PathBuf> = checked.iter().map(|page| page.source.clone()).collect();
        page_findings.extend(link_findings);
        let page_findings = finish(&self.site.config, page_findings);
        if page_findings.iter().any(|d| d.severity == Severity::Error) {
            return Err(Error::Diagnostics(page_findings));
        }
        let link_rule = check::rules::ds014::RULE.id;
        self.warnings.retain(|d| {
            d.location.as_ref().is_none_or(|l| {
                l.file != source && !(d.code == link_rule && rechecked.contains(&l.file))
            })
        });
        self.warnings.extend(page_findings);
        Ok(true)
    }

    /// What the edit of page `index` touches besides the page: its list entry and search
    /// entry, the lists and neighbours that show it, the feeds. Pages kept without their text
    /// (a resumed build) are read again first.
    fn touched_by_edit(&mut self, index: usize, before: &BeforeEdit) -> Touched {
        let changed = self.values.update(&self.site, index);
        let only = changed.list.then(|| {
            before.lists.touched(
                &ListOrders::of(&self.site),
                index,
                self.site.config.paginate_by,
            )
        });
        let showing = self.sections_showing(index);
        let mut beside = self.site.shown_beside(index);
        beside.extend(&before.beside);
        beside.sort_unstable();
        beside.dedup();
        let newest = self.site.config.feed_limit.max(1);
        // The feeds hold the newest pages whole: a body edit of one of them changes them too.
        let feeds = changed.list || self.site.is_among_newest(index, newest);
        if changed.list {
            for &section in &showing {
                self.fill_section_index(section);
            }
            for &other in &beside {
                self.fill(content::DocumentRef::Page(other));
            }
        }
        // Only a resumed build has pages to read again; `serve` skips the sort.
        if feeds && self.site.pages.iter().any(|page| page.hollow) {
            for page in self.site.pages_by_date().into_iter().take(newest) {
                self.fill(content::DocumentRef::Page(page));
            }
        }
        Touched {
            changed,
            only,
            showing,
            beside,
            feeds,
        }
    }

    /// Render page `index` and what its edit touched; the files written, kept in the session.
    fn render_edit(
        &mut self,
        index: usize,
        touched: Touched,
        before: &BeforeEdit,
    ) -> Result<Option<Vec<PathBuf>>> {
        let Some(renderer) = &self.renderer else {
            return Ok(None);
        };
        let Touched {
            changed,
            only,
            showing,
            beside,
            feeds,
        } = touched;
        let (site, values) = (&self.site, &self.values);
        let mut results = vec![renderer.render_page(site, index, values)];
        // Code of another pair of colours: the stylesheet gains or loses its rule.
        if site.pages[index].rendered.pairs != before.pairs {
            results.push(renderer.render_stylesheet(site));
        }
        let archive = renderer.render_archive(site, index);
        let archive_gone = archive.is_none().then(|| {
            site.pages[index]
                .output_dir
                .join(crate::project::archive::ZIP_NAME)
        });
        if let Some(archive) = archive {
            results.push(Ok(archive?));
        }
        results.extend(changed.search.files.into_iter().map(Ok));
        if changed.list {
            // Only the list pages that show the page, before or after the edit, or whose pages
            // moved because it moved.
            let lists: Vec<_> = showing
                .into_par_iter()
                .flat_map_iter(|section| {
                    renderer.render_section(site, section, values, only.as_ref())
                })
                .collect();
            results.extend(lists);
            // The pages around it show its title: previous/next links and the section sidebar,
            // where it stood before the edit and where it stands now.
            results.extend(
                beside
                    .into_par_iter()
                    .map(|other| renderer.render_page(site, other, values))
                    .collect::<Vec<_>>(),
            );
            results.extend(renderer.render_taxonomies(site, values, only.as_ref()));
        }
        if feeds {
            results.extend(renderer.render_machine_files(site, values));
        }
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for result in results {
            match result {
                Ok(file) => {
                    files.push(file.path.clone());
                    self.removed.remove(&file.path);
                    self.files.insert(file.path, file.content);
                }
                Err(diagnostic) => errors.push(diagnostic),
            }
        }
        // A project emptied by the edit has no download any more.
        for gone in changed.search.gone.into_iter().chain(archive_gone) {
            self.files.remove(&gone);
            self.removed.insert(gone);
        }
        if errors.is_empty() {
            Ok(Some(files))
        } else {
            Err(Error::Diagnostics(errors))
        }
    }

    /// Put the warnings in report order, after edits added theirs at the end.
    pub fn sort_warnings(&mut self) {
        self.warnings = finish(&self.site.config, std::mem::take(&mut self.warnings));
    }

    /// Edits about to be applied, one after the other (see `pending`).
    pub fn expect_edits(&mut self, sources: &[PathBuf]) {
        self.pending.extend(sources.iter().cloned());
    }

    /// The output file of every list page (see [`listing::list_paths`]).
    pub fn list_paths(&self) -> BTreeSet<PathBuf> {
        listing::list_paths(&self.site)
    }

    /// Files a rebuild leaves out of the output: those an edit made obsolete.
    pub fn remove_outputs(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        for path in paths {
            self.files.remove(&path);
            self.removed.insert(path);
        }
    }

    /// The text of `source` (relative to the site root), read within the size limit.
    fn source_text(&self, source: &Path) -> Option<String> {
        let path = self.options.root.join(source);
        crate::read::bounded(&path, self.site.config.limits.file_size)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
    }

    /// The documents (pages and section pages) whose links lead to page `index`.
    fn linking_to(&self, index: usize) -> Vec<content::DocumentRef> {
        let page = &self.site.pages[index];
        // Compared as bytes: the paths are made by the same code, and `Path`'s own equality
        // parses components, which over every link of 10,000 pages is most of an edit's time.
        let source = page.content_path().as_os_str().as_encoded_bytes();
        let folder = page.output_dir.as_os_str().as_encoded_bytes();
        // An output link names the page's folder or its `index.html`.
        let is_page = |path: &[u8]| {
            path == folder
                || path
                    .strip_prefix(folder)
                    .is_some_and(|rest| rest == b"/index.html")
        };
        let links_here = |document: &content::Page| {
            document
                .rendered
                .links
                .iter()
                .any(|link| match &link.target {
                    crate::markdown::LinkTarget::Document(path) => {
                        path.as_os_str().as_encoded_bytes() == source
                    }
                    crate::markdown::LinkTarget::Output(path) => {
                        is_page(path.as_os_str().as_encoded_bytes())
                    }
                    _ => false,
                })
        };
        self.site
            .document_refs()
            .filter(|&other| other != content::DocumentRef::Page(index))
            .filter(|&other| {
                // A page with an edit of its own still to come checks its links then.
                self.site.document(other).is_some_and(|document| {
                    links_here(document) && !self.pending.contains(&document.source)
                })
            })
            .collect()
    }

    /// Read `document` again from its file when it was kept from the previous build without
    /// its text and HTML, so that it can be rendered and quoted.
    fn fill(&mut self, document: content::DocumentRef) {
        let Some(page) = self.site.document(document) else {
            return;
        };
        if !page.hollow || self.pending.contains(&page.source) {
            return;
        }
        let source = page.source.clone();
        let Some(text) = self.source_text(&source) else {
            return;
        };
        let content_dir = self.options.root.join(content::walk::CONTENT_DIR);
        content::refill(&mut self.site, document, text, &|path| {
            text_on_disk(&content_dir, path)
        });
    }

    fn fill_section_index(&mut self, section: usize) {
        self.fill(content::DocumentRef::SectionIndex(section));
    }

    /// The home page, the page's section and every section above it.
    fn sections_showing(&self, page: usize) -> Vec<usize> {
        let dir = &self.site.pages[page].section_dir;
        let mut indexes: Vec<usize> = self
            .site
            .sections
            .iter()
            .enumerate()
            .filter(|(_, section)| dir.starts_with(&section.dir))
            .map(|(index, _)| index)
            .collect();
        if !indexes.contains(&0) {
            indexes.push(0);
        }
        indexes
    }
}

/// The documents' own findings: their code, the typos in their settings, names that would leave
/// their project.
fn check_documents(documents: &[&content::Page], config: &Config) -> Vec<Diagnostic> {
    let gathered: Vec<check::Gathered> = documents
        .par_iter()
        .map(|page| check::gather(page, config))
        .collect();
    // Every page's shell code, checked by a few `bash -n` processes for the whole site.
    let scripts: Vec<Option<String>> = gathered
        .par_iter()
        .map(check::Gathered::shell_script)
        .collect();
    let present: Vec<&str> = scripts.iter().flatten().map(String::as_str).collect();
    let mut verdicts = check::console::accepted(&present).into_iter();
    let accepted: Vec<bool> = scripts
        .iter()
        .map(|script| script.is_some() && verdicts.next().unwrap_or(false))
        .collect();
    gathered
        .into_par_iter()
        .zip(accepted)
        .zip(documents.par_iter())
        .flat_map_iter(|((gathered, accepted), page)| {
            let mut found = gathered.finish(accepted);
            found.extend(check::typos::check(page));
            found.extend(crate::project::names_leaving_the_project(page));
            found
        })
        .collect()
}

/// Configured severities applied (`checks.rules`, `.hadolint.yaml`, `deny_warnings`), rules
/// turned off dropped, and the rest sorted by file, line and column.
fn finish(config: &Config, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut diagnostics = config.apply_rule_levels(diagnostics);
    // By file, then line; a file's cross-file findings (XF006 "not in the requirements") come
    // after its own problems, which are often their cause (RQ001 on that requirement, further
    // down the post).
    fn key(d: &Diagnostic) -> Option<(&PathBuf, bool, usize, usize)> {
        d.location
            .as_ref()
            .map(|l| (&l.file, d.code.starts_with("XF"), l.line, l.column))
    }
    diagnostics.sort_by(|a, b| {
        key(a)
            .is_none()
            .cmp(&key(b).is_none())
            .then_with(|| key(a).cmp(&key(b)))
    });
    diagnostics.dedup();
    diagnostics
}

/// DS015: two outputs at `path`; both sources are named.
fn collision(site: &Site, root: &Path, path: &Path, first: &Made, second: &Made) -> Diagnostic {
    let documents: Vec<&content::Page> = site
        .documents()
        .filter(|page| page.output_dir.join("index.html") == path)
        .collect();
    // Two rendered pages at one place (`x.md` and `x/README.md`) are two documents: each
    // `Rendered` names the next one, so the help never names one file twice.
    let mut rendered = documents.iter();
    let mut describe = |made: &Made| match made {
        Made::Copied(file) => format!("`{}`", file.strip_prefix(root).unwrap_or(file).display()),
        Made::BuiltIn => "a file of the built-in theme".to_owned(),
        Made::Rendered => match rendered.next() {
            Some(page) => format!("the page of `{}`", page.source.display()),
            None => "a page docsite generates (a list, taxonomy or feed page)".to_owned(),
        },
    };
    let mut diagnostic = check::rules::ds015::RULE
        .diagnostic(format!(
            "two files would be written to `{}`",
            path.display()
        ))
        .help(format!(
            "{} and {} are both published there; rename or move one (or give the page a `slug`)",
            describe(first),
            describe(second)
        ));
    if let Some(page) = documents.first() {
        diagnostic = diagnostic.at(Location::in_text(&page.source, &page.text, 1, 1));
    } else if let Made::Copied(file) = second {
        let file = file.strip_prefix(root).unwrap_or(file);
        diagnostic = diagnostic.at(Location::in_text(file, "", 1, 1));
    }
    diagnostic
}
