//! A built site kept in memory: what `build` writes and `serve` serves, plus the fast path that
//! redoes only what an edited page touches (the page, its lists, its download).

use std::collections::{BTreeMap, HashMap};
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
    /// that appeared, went or changed its number of pages.
    fn touched(&self, after: &ListOrders, index: usize, per_page: usize) -> listing::Only {
        let mut only = listing::Only::new();
        for (url, new) in &after.0 {
            let old = self.0.get(url).map(Vec::as_slice).unwrap_or(&[]);
            let old_pagers = listing::paginate(old, per_page, url);
            let new_pagers = listing::paginate(new, per_page, url);
            let resized = old_pagers.len() != new_pagers.len();
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
            options,
        };
        Ok((session, diagnostics))
    }

    fn config(options: &SessionOptions) -> Result<Config> {
        let mut config = Config::load(&options.root)?;
        if let Some(base_url) = &options.base_url {
            config.base_url = base_url.clone();
        }
        Ok(config)
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
        let Some(index) = self
            .site
            .pages
            .iter()
            .position(|page| page.source == source)
        else {
            return self.reload();
        };
        let path = self.options.root.join(source);
        // Through `read` (at most 10 MiB), so a page replaced by a FIFO cannot block the
        // rebuild; whatever is refused is left to the full reload to report.
        let Some(text) = crate::read::bounded(&path, 10 << 20)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
        else {
            return self.reload();
        };
        let lists_before = ListOrders::of(&self.site);
        let beside_before = self.site.shown_beside(index);
        let highlight = &self.site.config.highlight;
        let schemes =
            crate::highlight::Schemes::named(&highlight.light_theme, &highlight.dark_theme).ok();
        let pairs_before = schemes.as_ref().map(|schemes| schemes.pairs_used());
        // Only the files the page asks for are read (its includes, its project's files), never
        // its whole folder: an edit costs the same in a folder of ten pages or of ten thousand.
        let content_dir = self.options.root.join(content::walk::CONTENT_DIR);
        let text_on_disk = |path: &Path| -> Option<Option<String>> {
            let full = content_dir.join(path);
            match crate::read::kind(&full) {
                Ok(crate::read::Kind::File(_)) => {
                    Some(content::walk::read_code_text(&full).ok().flatten())
                }
                _ => None,
            }
        };
        let mut page_findings =
            match content::reparse_page(&mut self.site, index, text, &text_on_disk) {
                Ok(found) => found,
                Err(content::NeedsReload) => return self.reload(),
            };
        let files = &self.files;
        let page = &self.site.pages[index];
        page_findings.extend(check_documents(&[page], &self.site.config));
        page_findings.extend(check::links::check(&self.site, &[page], &|path| {
            files.contains_key(path)
        }));
        let page_findings = finish(&self.site.config, page_findings);
        if page_findings.iter().any(|d| d.severity == Severity::Error) {
            return Err(Error::Diagnostics(page_findings));
        }
        let source = source.to_path_buf();
        self.warnings
            .retain(|d| d.location.as_ref().is_none_or(|l| l.file != source));
        self.warnings.extend(page_findings);
        let Some(renderer) = &self.renderer else {
            return self.reload();
        };
        let changed = self.values.update(&self.site, index);
        let mut results = vec![renderer.render_page(&self.site, index, &self.values)];
        // Code of a new pair of colours: the stylesheet gains its rule.
        if schemes.as_ref().map(|schemes| schemes.pairs_used()) != pairs_before {
            results.push(renderer.render_stylesheet(&self.site));
        }
        if let Some(archive) = renderer.render_archive(&self.site, index) {
            results.push(Ok(archive?));
        }
        for gone in &changed.search.gone {
            self.files.remove(gone);
        }
        results.extend(changed.search.files.into_iter().map(Ok));
        if changed.list {
            let (site, values) = (&self.site, &self.values);
            // Only the list pages that show the page, before or after the edit, or whose pages
            // moved because it moved.
            let only = lists_before.touched(&ListOrders::of(site), index, site.config.paginate_by);
            let lists: Vec<_> = self
                .sections_showing(index)
                .into_par_iter()
                .flat_map_iter(|section| {
                    renderer.render_section(site, section, values, Some(&only))
                })
                .collect();
            results.extend(lists);
            // The pages around it show its title: previous/next links and the section sidebar,
            // where it stood before the edit and where it stands now.
            let mut beside = site.shown_beside(index);
            beside.extend(&beside_before);
            beside.sort_unstable();
            beside.dedup();
            results.extend(
                beside
                    .into_par_iter()
                    .map(|other| renderer.render_page(site, other, values))
                    .collect::<Vec<_>>(),
            );
            results.extend(renderer.render_taxonomies(site, values, Some(&only)));
        }
        // The feeds hold the newest pages whole: a body edit of one of them changes them too.
        let in_feeds = || {
            let newest = self.site.config.feed_limit.max(1);
            self.site
                .pages_by_date()
                .into_iter()
                .take(newest)
                .any(|i| i == index)
        };
        if changed.list || in_feeds() {
            results.extend(renderer.render_machine_files(&self.site, &self.values));
        }
        let mut changed = Vec::new();
        let mut errors = Vec::new();
        for result in results {
            match result {
                Ok(file) => {
                    changed.push(file.path.clone());
                    self.files.insert(file.path, file.content);
                }
                Err(diagnostic) => errors.push(diagnostic),
            }
        }
        if errors.is_empty() {
            Ok(Update::Files(changed))
        } else {
            Err(Error::Diagnostics(errors))
        }
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
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
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
