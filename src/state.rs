//! What a build leaves for the next one, so that a rebuild after an edit redoes only the edited
//! pages: the site as loaded (each page without its text and HTML), the search index without its
//! files' bytes, the build's warnings, and what every input file looked like.
//!
//! It is one file beside the output folder (`.public.docsite-state`), among docsite's own working
//! folders, so it is never published. It names the output it belongs to by the hash of that
//! output's manifest: an output changed or replaced since is not trusted, and the build is then
//! a full one. So is a build by another docsite, with other options, or after any change that is
//! not the text of existing pages (a template, the configuration, a static file, a page added or
//! removed).

use std::collections::BTreeMap;
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::Site;
use crate::diagnostic::{Diagnostic, Location, Severity};

/// The most bytes of state read: beyond, it is not used.
const MOST_BYTES: u64 = 1 << 30;

/// The state file of the output folder `output`.
pub fn path(output: &Path) -> PathBuf {
    crate::output::beside(output, "state")
}

/// One input file: size and modification time, as `stat` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    modified: i64,
}

/// Every file a build reads, by path relative to the site root: `docsite.yaml`,
/// `.hadolint.yaml`, and everything under `content/`, `templates/`, `themes/` and `static/`.
pub fn inputs(root: &Path) -> BTreeMap<PathBuf, Stamp> {
    let mut found = BTreeMap::new();
    for file in [
        crate::config::CONFIG_FILE,
        ".hadolint.yaml",
        ".hadolint.yml",
    ] {
        if let Ok(metadata) = fs::symlink_metadata(root.join(file)) {
            found.insert(PathBuf::from(file), stamp(&metadata));
        }
    }
    for folder in ["content", "templates", "themes", "static"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_dir() {
                continue;
            }
            let (Ok(rel), Ok(metadata)) = (entry.path().strip_prefix(root), entry.metadata())
            else {
                continue;
            };
            found.insert(rel.to_path_buf(), stamp(&metadata));
        }
    }
    found
}

fn stamp(metadata: &fs::Metadata) -> Stamp {
    Stamp {
        size: metadata.len(),
        modified: crate::output::modified_nanos(metadata),
    }
}

/// What changed between two sets of inputs.
#[derive(Debug, PartialEq, Eq)]
pub enum Changes {
    /// Only the text of these Markdown files of `content/` (paths relative to the site root).
    Pages(Vec<PathBuf>),
    /// Something a page edit cannot account for.
    Other,
}

/// What changed from `before` to `now`.
pub fn changes(before: &BTreeMap<PathBuf, Stamp>, now: &BTreeMap<PathBuf, Stamp>) -> Changes {
    if before.len() != now.len() || before.keys().ne(now.keys()) {
        return Changes::Other;
    }
    let mut pages = Vec::new();
    for ((path, old), new) in before.iter().zip(now.values()) {
        if old == new {
            continue;
        }
        let markdown = path.starts_with(crate::content::walk::CONTENT_DIR)
            && path.extension().is_some_and(|e| e == "md");
        if !markdown {
            return Changes::Other;
        }
        pages.push(path.clone());
    }
    Changes::Pages(pages)
}

/// A diagnostic as kept: its rule by id, found again in the registry when read.
#[derive(Debug, Serialize, Deserialize)]
struct KeptDiagnostic {
    severity: Severity,
    code: String,
    message: String,
    location: Option<Location>,
    label: Option<String>,
    help: Option<String>,
    notes: Vec<String>,
}

impl KeptDiagnostic {
    fn of(diagnostic: &Diagnostic) -> KeptDiagnostic {
        KeptDiagnostic {
            severity: diagnostic.severity,
            code: diagnostic.code.to_owned(),
            message: diagnostic.message.clone(),
            location: diagnostic.location.clone(),
            label: diagnostic.label.clone(),
            help: diagnostic.help.clone(),
            notes: diagnostic.notes.clone(),
        }
    }

    /// The diagnostic, or `None` for a rule this docsite does not have.
    fn restore(self) -> Option<Diagnostic> {
        let rule = crate::check::rules::find(&self.code)?;
        let mut diagnostic = rule.diagnostic(self.message);
        diagnostic.severity = self.severity;
        diagnostic.hadolint = rule.hadolint;
        diagnostic.location = self.location;
        diagnostic.label = self.label;
        diagnostic.help = self.help;
        diagnostic.notes = self.notes;
        Some(diagnostic)
    }
}

/// What a build keeps for the next.
#[derive(Debug, Serialize, Deserialize)]
pub struct State {
    /// docsite's version and the build's options: another docsite or other options read
    /// nothing of it.
    key: String,
    /// The hash of the output's manifest when this state was written.
    manifest: u64,
    /// Every input file, as the build saw it.
    pub inputs: BTreeMap<PathBuf, Stamp>,
    /// The site, its pages kept without their text and HTML.
    pub site: Site,
    /// The search index, without its files' bytes.
    pub search: Option<crate::search::Kept>,
    warnings: Vec<KeptDiagnostic>,
    /// How many files the output holds.
    pub output_count: usize,
}

impl State {
    /// The state of a build that saw `inputs` and made `site`.
    pub fn new(
        key: String,
        inputs: BTreeMap<PathBuf, Stamp>,
        site: Site,
        search: Option<crate::search::Kept>,
        warnings: &[Diagnostic],
        output_count: usize,
    ) -> State {
        State {
            key,
            manifest: 0,
            inputs,
            site,
            search,
            warnings: warnings.iter().map(KeptDiagnostic::of).collect(),
            output_count,
        }
    }

    /// The warnings the build reported.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
            .into_iter()
            .filter_map(KeptDiagnostic::restore)
            .collect()
    }

    /// Write it for the output folder `output`, as it now is. A state that cannot be written
    /// only makes the next build a full one.
    pub fn save(mut self, output: &Path) {
        let Some(manifest) = manifest_hash(output) else {
            return;
        };
        self.manifest = manifest;
        let Ok(bytes) = postcard::to_stdvec(&self) else {
            return;
        };
        let target = path(output);
        let partial = target.with_extension("partial");
        if fs::write(&partial, bytes).is_ok() {
            let _ = fs::rename(&partial, &target);
        } else {
            let _ = fs::remove_file(&partial);
        }
    }

    /// The state kept for `output` by a build with this `key`, if it still describes that
    /// output.
    pub fn load(output: &Path, key: &str) -> Option<State> {
        let bytes = crate::read::bounded(&path(output), MOST_BYTES).ok()?;
        let state: State = postcard::from_bytes(&bytes).ok()?;
        (state.key == key && Some(state.manifest) == manifest_hash(output)).then_some(state)
    }
}

/// What makes a state usable by a build: this docsite (its version and the binary's size and
/// time, so that a rebuilt docsite starts afresh) and the build's options.
pub fn key(drafts: bool, base_url: Option<&str>) -> String {
    let binary = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|metadata| stamp(&metadata))
        .map(|stamp| format!("{}:{}", stamp.size, stamp.modified))
        .unwrap_or_default();
    format!(
        "docsite {} {binary} drafts={drafts} base_url={}",
        env!("CARGO_PKG_VERSION"),
        base_url.unwrap_or("")
    )
}

/// The hash of the output's manifest, which changes with every file of the output.
fn manifest_hash(output: &Path) -> Option<u64> {
    let bytes = crate::output::manifest(output)?;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(&bytes);
    Some(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps(files: &[(&str, u64)]) -> BTreeMap<PathBuf, Stamp> {
        files
            .iter()
            .map(|&(path, size)| (PathBuf::from(path), Stamp { size, modified: 1 }))
            .collect()
    }

    #[test]
    fn only_edited_pages_are_a_page_change() {
        let before = stamps(&[
            ("docsite.yaml", 1),
            ("content/a.md", 1),
            ("content/b.md", 1),
        ]);
        assert_eq!(changes(&before, &before), Changes::Pages(Vec::new()));
        let edited = stamps(&[
            ("docsite.yaml", 1),
            ("content/a.md", 2),
            ("content/b.md", 1),
        ]);
        assert_eq!(
            changes(&before, &edited),
            Changes::Pages(vec![PathBuf::from("content/a.md")])
        );
        let config = stamps(&[
            ("docsite.yaml", 2),
            ("content/a.md", 1),
            ("content/b.md", 1),
        ]);
        assert_eq!(changes(&before, &config), Changes::Other);
        let added = stamps(&[
            ("docsite.yaml", 1),
            ("content/a.md", 1),
            ("content/b.md", 1),
            ("content/c.md", 1),
        ]);
        assert_eq!(changes(&before, &added), Changes::Other);
        let image = stamps(&[
            ("docsite.yaml", 1),
            ("content/a.md", 1),
            ("content/b.md", 2),
        ]);
        let mut image_changed = image.clone();
        image_changed.insert(
            PathBuf::from("content/x.png"),
            Stamp {
                size: 1,
                modified: 1,
            },
        );
        assert_eq!(changes(&image, &image_changed), Changes::Other);
    }
}
