//! Watching the site's folders and sorting debounced file events into what must be redone.
//!
//! The debouncer joins the bursts editors make (write to a temp file then rename, truncate then
//! write) and `git checkout` storms into one batch; swap and backup files are ignored.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::content::walk::is_editor_junk;
use crate::error::{Error, Result};

/// How long the debouncer waits for a burst of events to settle.
const DEBOUNCE: Duration = Duration::from_millis(40);

/// What a batch of file changes asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// These existing Markdown files changed (paths relative to the site root).
    Pages(Vec<PathBuf>),
    /// Only stylesheets under `static/` or a theme's `static/` changed.
    Styles,
    /// Other static files changed: served fresh from disk, the page just reloads.
    Static,
    /// Templates, config, or the set of files changed: rebuild everything.
    Everything,
}

/// Folders and files of the site that are watched.
const WATCHED: &[&str] = &[
    "content",
    "templates",
    "themes",
    "static",
    "docsite.yaml",
    ".hadolint.yaml",
];

/// A changed path, and whether the change created, removed or renamed it.
pub type Touched = (PathBuf, bool);

/// The watch on a site: the site's folders recursively, and the root itself for folders that
/// appear later (a first `templates/`), which `watch_new_folders` then adds.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Start watching `root`; batches of changed paths go to `sender`.
    pub fn start(root: &Path, sender: Sender<Vec<Touched>>) -> Result<Watcher> {
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            if let Ok(events) = result {
                // Reads are events too (inotify reports opens and closes); rebuilding reads
                // every file, so only changes count, or a rebuild would trigger the next one.
                let paths: Vec<Touched> = events
                    .into_iter()
                    .filter(|event| !event.event.kind.is_access() && !event.event.kind.is_other())
                    .flat_map(|event| {
                        let kind = event.event.kind;
                        let structural = kind.is_create()
                            || kind.is_remove()
                            || matches!(kind, EventKind::Modify(ModifyKind::Name(_)));
                        event
                            .event
                            .paths
                            .into_iter()
                            .map(move |path| (path, structural))
                    })
                    .collect();
                if !paths.is_empty() {
                    let _ = sender.send(paths);
                }
            }
        })
        .map_err(|err| Error::Watch {
            reason: err.to_string(),
        })?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        watcher.watch_new_folders()?;
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|err| Error::Watch {
                reason: err.to_string(),
            })?;
        Ok(watcher)
    }

    /// Watch the site's folders (and files) that exist now but were not watched. Edits inside a
    /// folder before it is watched are not lost: its appearing already asks for a full rebuild.
    pub fn watch_new_folders(&mut self) -> Result<()> {
        // A folder removed and made again needs a new watch.
        self.watched.retain(|path| path.exists());
        for name in WATCHED {
            let path = self.root.join(name);
            if path.exists() && !self.watched.contains(&path) {
                self.debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|err| Error::Watch {
                        reason: format!("{}: {err}", path.display()),
                    })?;
                self.watched.push(path);
            }
        }
        Ok(())
    }
}

/// The files of the site among `paths`, relative to the site root, for the terminal to name:
/// editor backups and `.git` left out.
pub fn site_files(root: &Path, paths: &[Touched]) -> Vec<PathBuf> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files: Vec<PathBuf> = paths
        .iter()
        .filter_map(|(path, _)| site_file(&root, path))
        .map(Path::to_path_buf)
        .collect();
    files.sort();
    files.dedup();
    files
}

/// `path` relative to the (canonical) site root, unless it is an editor's scratch file or
/// under `.git`.
fn site_file<'a>(root: &Path, path: &'a Path) -> Option<&'a Path> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let junk = is_editor_junk(&name)
        || rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with(".git"));
    (!junk).then_some(rel)
}

/// Sort changed absolute paths into the work they need; `None` when nothing relevant changed.
/// A static file that appeared or disappeared changes the site's file list: that is a rebuild.
pub fn classify(
    root: &Path,
    paths: &[Touched],
    known_pages: &dyn Fn(&Path) -> bool,
) -> Option<Change> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut pages = Vec::new();
    let mut styles_only = true;
    let mut statics = false;
    for (path, structural) in paths {
        let Some(rel) = site_file(&root, path) else {
            continue;
        };
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        match first.as_str() {
            "content"
                if rel.extension().is_some_and(|e| e == "md")
                    && path.exists()
                    && known_pages(rel) =>
            {
                pages.push(rel.to_path_buf());
                styles_only = false;
            }
            "static" if !structural && path.exists() => {
                statics = true;
                styles_only &= rel.extension().is_some_and(|e| e == "css");
            }
            "themes"
                if rel
                    .components()
                    .nth(2)
                    .is_some_and(|c| c.as_os_str() == "static")
                    && path.exists() =>
            {
                statics = true;
                styles_only &= rel.extension().is_some_and(|e| e == "css");
            }
            "content" | "templates" | "themes" | "static" | "docsite.yaml" | ".hadolint.yaml"
            | ".hadolint.yml" => {
                return Some(Change::Everything);
            }
            _ => {}
        }
    }
    if !pages.is_empty() {
        pages.sort();
        pages.dedup();
        Some(Change::Pages(pages))
    } else if statics && styles_only {
        Some(Change::Styles)
    } else if statics {
        Some(Change::Static)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_by_kind() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for file in ["content/a.md", "static/site.css", "static/logo.svg"] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "x").unwrap();
        }
        let known = |_: &Path| true;
        let edit = |rel: &str| (root.join(rel), false);
        let pages = classify(
            &root,
            &[edit("content/a.md"), edit("content/.a.md.swp")],
            &known,
        );
        assert_eq!(pages, Some(Change::Pages(vec!["content/a.md".into()])));
        assert_eq!(
            classify(&root, &[edit("static/site.css")], &known),
            Some(Change::Styles)
        );
        assert_eq!(
            classify(&root, &[edit("static/logo.svg")], &known),
            Some(Change::Static)
        );
        let created = (root.join("static/logo.svg"), true);
        assert_eq!(
            classify(&root, &[created], &known),
            Some(Change::Everything)
        );
        assert_eq!(
            classify(&root, &[edit("templates/page.html")], &known),
            Some(Change::Everything)
        );
        assert_eq!(
            classify(&root, &[edit("content/gone.md")], &known),
            Some(Change::Everything)
        );
        assert_eq!(classify(&root, &[edit("content/4913")], &known), None);
        let unknown = |_: &Path| false;
        let new_page = classify(&root, &[edit("content/a.md")], &unknown);
        assert_eq!(new_page, Some(Change::Everything), "a new page reloads");
    }
}
