//! The typed errors of the library; `main.rs` is the one place that prints them.
//!
//! Problems in the author's files are `Diagnostics` (located, exit code 1); problems of the
//! environment (unreadable files, an unsafe output folder) are the other variants (exit code 2).

use std::io;
use std::path::PathBuf;

use crate::diagnostic::{summary, Diagnostic};

/// Everything that can stop a docsite command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's files have problems; each carries its own location.
    #[error("{}", summary(.0))]
    Diagnostics(Vec<Diagnostic>),
    /// A file or folder could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        source: io::Error,
    },
    /// A file or folder could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        /// What was being written.
        path: PathBuf,
        /// Why it failed.
        source: io::Error,
    },
    /// The output folder would overwrite or delete something docsite does not own.
    #[error("refusing to write the site to `{}`: {reason}", path.display())]
    UnsafeOutput {
        /// The output folder asked for.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// The site root has no `content/` folder.
    #[error("`{}` has no `content/` folder; is this a docsite site? (`docsite init DIR` creates one)", root.display())]
    NoContent {
        /// The site root given.
        root: PathBuf,
    },
    /// `docsite test NAME` named no page.
    #[error("no page `{name}`; name a page by its source path, URL or folder name")]
    NoSuchPage {
        /// What was asked for.
        name: String,
    },
    /// The dev server's port is taken.
    #[error("port {port} is already in use; choose another with `--port`, e.g. `docsite serve --port 1112`")]
    PortInUse {
        /// The port asked for.
        port: u16,
    },
    /// The dev server could not start.
    #[error("cannot start the server: {reason}")]
    Serve {
        /// Why.
        reason: String,
    },
    /// The file watcher could not start.
    #[error("cannot watch the site for changes: {reason}")]
    Watch {
        /// Why.
        reason: String,
    },
    /// `docsite init` was pointed at a folder that already holds a site.
    #[error("`{}` is not empty; `docsite init` only creates new sites", path.display())]
    InitNotEmpty {
        /// The folder given.
        path: PathBuf,
    },
}

impl Error {
    /// The process exit code for this error: 1 for problems in the site, 2 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Diagnostics(_) => 1,
            _ => 2,
        }
    }

    /// Wrap an I/O error met while reading `path`.
    pub fn read(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Read { path, source }
    }

    /// Wrap an I/O error met while writing `path`.
    pub fn write(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Error {
        let path = path.into();
        move |source| Error::Write { path, source }
    }
}

/// Shorthand for results of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
