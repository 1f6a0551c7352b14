//! docsite: a static site generator whose code blocks are real, checked, runnable projects.
//!
//! The pipeline runs one way: load (`config`, `content::walk`) → parse (`content`, `markdown`,
//! `highlight`) → render (`render`) → write (`output`). The entry points below are what the
//! command line calls; they return typed errors and print nothing.
#![warn(missing_docs)]
// Diagnostics travel in `Err` by design: they are built only when something is wrong, so their
// size never costs the happy path.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod highlight;
pub mod init;
pub mod markdown;
pub mod output;
pub mod project;
pub mod read;
mod rebuild;
pub mod render;
pub mod rule_examples;
pub mod runner;
pub mod search;
pub mod serve;
pub mod session;
pub mod state;
mod yaml;

use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use docsite_check::diagnostic;
pub use error::{Error, Result};

/// What `docsite build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holding `docsite.yaml` and `content/`).
    pub root: PathBuf,
    /// Output folder; relative paths are taken from the site root. Default: `output_dir` config.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
}

/// What `docsite check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site root.
    pub root: PathBuf,
    /// Check pages marked `draft: true` too.
    pub drafts: bool,
    /// Report warnings as errors.
    pub deny_warnings: bool,
}

/// What `docsite check` found.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Every finding, errors and warnings.
    pub diagnostics: Vec<diagnostic::Diagnostic>,
    /// Pages checked.
    pub pages: usize,
    /// Wall time.
    pub elapsed: Duration,
}

impl CheckReport {
    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == diagnostic::Severity::Error)
    }
}

/// Load, parse and check the site at `options.root`, writing nothing.
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    let started = Instant::now();
    require_content(&options.root)?;
    let (session, mut diagnostics) = session::Session::assemble(
        session::SessionOptions {
            root: options.root.clone(),
            drafts: options.drafts,
            base_url: None,
            publish: false,
        },
        content::CodeHtml::Plain,
        session::Destination::Nowhere,
    )?;
    if options.deny_warnings {
        for diagnostic in &mut diagnostics {
            diagnostic.severity = diagnostic::Severity::Error;
        }
    }
    Ok(CheckReport {
        diagnostics,
        pages: session.site.pages.len(),
        elapsed: started.elapsed(),
    })
}

fn require_content(root: &std::path::Path) -> Result<()> {
    if root.join(content::walk::CONTENT_DIR).is_dir() {
        Ok(())
    } else {
        Err(Error::NoContent {
            root: root.to_path_buf(),
        })
    }
}

/// What `docsite test` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// The site root.
    pub root: PathBuf,
    /// Pages to test (source path, URL or folder name); empty: every article with steps.
    pub pages: Vec<String>,
    /// Seconds a step may take, overriding the pages' `test_timeout`.
    pub timeout: Option<u64>,
    /// Include drafts.
    pub drafts: bool,
    /// When steps that need Docker run.
    pub docker: runner::docker::DockerMode,
    /// Skip an article that passed before with the same project, steps and environment.
    pub use_cache: bool,
}

/// Load the site and the articles `docsite test` would run, without running anything.
pub fn test_plan(options: &TestOptions) -> Result<Vec<(content::Page, Vec<project::steps::Step>)>> {
    require_content(&options.root)?;
    let config = config::Config::load(&options.root)?;
    let (site, diagnostics) = content::load(
        &options.root,
        config,
        content::LoadOptions {
            drafts: options.drafts,
            code: content::CodeHtml::Plain,
        },
    )?;
    let errors: Vec<diagnostic::Diagnostic> = site
        .config
        .apply_rule_levels(diagnostics)
        .into_iter()
        .filter(|d| d.severity == diagnostic::Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(Error::Diagnostics(errors));
    }
    let pages = runner::selected(&site, &options.pages)?;
    Ok(pages
        .into_iter()
        .map(|page| (page.clone(), project::steps::steps(page)))
        .collect())
}

/// Run the steps of the selected articles, reporting progress through `on_event`.
pub fn test(
    options: &TestOptions,
    on_event: &mut dyn FnMut(runner::Event),
) -> Result<Vec<runner::ArticleResult>> {
    let plan = test_plan(options)?;
    let mut gate = runner::DockerGate::new(options.docker);
    let cache = runner::cache::ResultCache::default();
    plan.iter()
        .map(|(page, steps)| {
            let seconds = options
                .timeout
                .or(page.meta.test_timeout)
                .unwrap_or(project::steps::DEFAULT_TIMEOUT_SECONDS);
            let key = runner::cache::key(&options.root, page, steps, seconds);
            if options.use_cache {
                if let Some(when) = cache.passed_at(&options.root, page, &key) {
                    on_event(runner::Event::Article {
                        title: page.title(),
                        source: &page.source,
                    });
                    on_event(runner::Event::Cached(&when));
                    return Ok(runner::ArticleResult {
                        source: page.source.clone(),
                        steps: Vec::new(),
                        cached: Some(when),
                    });
                }
            }
            let result =
                runner::run_article(&options.root, page, steps, seconds, &mut gate, on_event)?;
            if result.all_passed() && !result.steps.is_empty() {
                cache.record_pass(&options.root, page, &key);
            }
            Ok(result)
        })
        .collect()
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Warnings from the code checks (errors fail the build).
    pub warnings: Vec<diagnostic::Diagnostic>,
    /// Pages rendered.
    pub pages: usize,
    /// Sections rendered, the home page included.
    pub sections: usize,
    /// Files in the output.
    pub files: usize,
    /// Of those, how many were written and how many kept unchanged from the previous build.
    pub writes: output::Writes,
    /// The output folder.
    pub output: PathBuf,
    /// Wall time of the build.
    pub elapsed: Duration,
    /// When the build resumed the previous one: how many pages had changed (the others were
    /// neither read nor rendered again).
    pub changed_pages: Option<usize>,
}

/// Build the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let root = &options.root;
    require_content(root)?;
    // A previous run killed mid-swap is repaired first, whatever happens to this one (with the
    // default output folder when the configuration cannot be read).
    let config = config::Config::load(root);
    let configured = match &config {
        Ok(config) => config.output_dir.clone(),
        Err(_) => config::Config::default().output_dir,
    };
    let output = root.join(options.output.as_ref().unwrap_or(&configured));
    output::recover(&output)?;
    // An unreadable configuration stops here, before a staging folder is made.
    config?;
    output::check_output_dir(root, &output)?;
    let key = state::key(options.drafts, options.base_url.as_deref());
    let inputs = state::inputs(root);
    if let Some(report) = rebuild::try_rebuild(options, &output, &key, &inputs, started)? {
        return Ok(report);
    }
    // Files are written into the staging folder as they are rendered; a failed build drops it.
    let staging = output::Staging::create(&output)?;
    let (session, diagnostics) = session::Session::assemble(
        session::SessionOptions {
            root: root.clone(),
            drafts: options.drafts,
            base_url: options.base_url.clone(),
            publish: true,
        },
        content::CodeHtml::Highlighted,
        session::Destination::Staging(&staging),
    )?;
    if diagnostics
        .iter()
        .any(|d| d.severity == diagnostic::Severity::Error)
    {
        return Err(Error::Diagnostics(diagnostics));
    }
    let writes = staging.writes();
    staging.commit()?;
    let report = BuildReport {
        warnings: diagnostics.clone(),
        pages: session.site.pages.len(),
        sections: session.site.sections.len(),
        files: session.output_count,
        writes,
        output: output.clone(),
        elapsed: started.elapsed(),
        changed_pages: None,
    };
    let files = session.output_count;
    let mut session = session;
    session.set_warnings(diagnostics);
    session.keep(key, inputs, files).save(&output);
    Ok(report)
}
