//! A built site kept in memory: what `build` writes and `serve` serves, plus the fast path that
//! redoes only what an edited page touches (the page, its lists, its download).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check;
use crate::config::Config;
use crate::content::{self, Reparse, Site};
use crate::diagnostic::{Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::render::{OutputContent, PageValues, Renderer};

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
    renderer: Renderer,
    /// The site model.
    pub site: Site,
    values: PageValues,
    /// Every output file, by path relative to the output root.
    pub files: BTreeMap<PathBuf, OutputContent>,
    findings: BTreeMap<PathBuf, Vec<Diagnostic>>,
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
    /// Load, check and render the whole site. Errors (from any stage) fail it.
    pub fn open(options: SessionOptions) -> Result<Session> {
        let root = &options.root;
        if !root.join(content::walk::CONTENT_DIR).is_dir() {
            return Err(Error::NoContent { root: root.clone() });
        }
        let config = Self::config(&options)?;
        let renderer = Renderer::new(root, &config)?;
        let site = content::load(root, config, options.drafts, true)?;
        let findings: BTreeMap<PathBuf, Vec<Diagnostic>> = site
            .pages
            .par_iter()
            .map(|page| (page.source.clone(), check::check_page(page, &site.config)))
            .collect();
        if findings
            .values()
            .flatten()
            .any(|d| d.severity == Severity::Error)
        {
            return Err(Error::Diagnostics(
                findings.into_values().flatten().collect(),
            ));
        }
        let files = renderer
            .render_site(&site, root)
            .map_err(Error::Diagnostics)?;
        crate::output::check_unique_paths(&files)?;
        let written: std::collections::HashSet<&Path> =
            files.iter().map(|file| file.path.as_path()).collect();
        let all: Vec<usize> = (0..site.pages.len()).collect();
        let broken = check::links::check(&site, &all, &|path| written.contains(path));
        if !broken.is_empty() {
            return Err(Error::Diagnostics(broken));
        }
        let values = PageValues::of(&site);
        Ok(Session {
            renderer,
            site,
            values,
            files: files
                .into_iter()
                .map(|file| (file.path, file.content))
                .collect(),
            findings,
            options,
        })
    }

    fn config(options: &SessionOptions) -> Result<Config> {
        let mut config = Config::load(&options.root)?;
        if let Some(base_url) = &options.base_url {
            config.base_url = base_url.clone();
        }
        Ok(config)
    }

    /// The check warnings of the whole site.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.findings.values().flatten().cloned().collect()
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
        let Ok(text) = std::fs::read_to_string(&path) else {
            return self.reload();
        };
        match content::reparse_page(&mut self.site, &self.options.root, index, text) {
            Ok(()) => {}
            Err(Reparse::NeedsReload) => return self.reload(),
            Err(Reparse::Invalid(diagnostics)) => return Err(Error::Diagnostics(diagnostics)),
        }
        let files = &self.files;
        let mut page_findings = check::check_page(&self.site.pages[index], &self.site.config);
        page_findings.extend(check::links::check(&self.site, &[index], &|path| {
            files.contains_key(path)
        }));
        if page_findings.iter().any(|d| d.severity == Severity::Error) {
            return Err(Error::Diagnostics(page_findings));
        }
        self.findings.insert(source.to_path_buf(), page_findings);
        let list_changed = self.values.update(&self.site, index);
        let mut results = vec![self.renderer.render_page(&self.site, index, &self.values)];
        results.extend(self.renderer.render_archive(&self.site, index));
        if list_changed {
            let (site, renderer, values) = (&self.site, &self.renderer, &self.values);
            let lists: Vec<_> = self
                .sections_showing(index)
                .into_par_iter()
                .flat_map_iter(|section| renderer.render_section(site, section, values))
                .collect();
            results.extend(lists);
            // The pages before and after it link to it by title.
            let dir = &site.pages[index].section_dir;
            if let Some(section) = site.sections.iter().find(|section| &section.dir == dir) {
                if let Some(position) = section.pages.iter().position(|&i| i == index) {
                    for neighbour in [position.checked_sub(1), position.checked_add(1)]
                        .into_iter()
                        .flatten()
                    {
                        if let Some(&other) = section.pages.get(neighbour) {
                            results.push(renderer.render_page(site, other, values));
                        }
                    }
                }
            }
            results.extend(renderer.render_taxonomies(site, values));
            results.extend(renderer.render_machine_files(site, values));
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
