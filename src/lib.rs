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
pub mod diagnostic;
pub mod error;
pub mod highlight;
pub mod init;
pub mod markdown;
pub mod output;
pub mod render;
mod yaml;

use std::path::PathBuf;
use std::time::{Duration, Instant};

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

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages rendered.
    pub pages: usize,
    /// Sections rendered, the home page included.
    pub sections: usize,
    /// Files written in all.
    pub files: usize,
    /// The output folder.
    pub output: PathBuf,
    /// Wall time of the build.
    pub elapsed: Duration,
}

/// Build the site at `options.root` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let root = &options.root;
    if !root.join(content::walk::CONTENT_DIR).is_dir() {
        return Err(Error::NoContent { root: root.clone() });
    }
    let mut config = config::Config::load(root)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    let output = root.join(options.output.as_ref().unwrap_or(&config.output_dir));
    output::check_output_dir(root, &output)?;
    let renderer = render::Renderer::new(root, &config)?;
    let site = content::load(root, config, options.drafts)?;
    let files = renderer
        .render_site(&site, root)
        .map_err(Error::Diagnostics)?;
    output::write_site(&output, &files)?;
    Ok(BuildReport {
        pages: site.pages.len(),
        sections: site.sections.len(),
        files: files.len(),
        output,
        elapsed: started.elapsed(),
    })
}
