//! `docsite test`'s memory of passing runs: an article whose whole project (every file, the
//! included ones and every code block too), steps, expected outputs, time limit and passed-through
//! environment are byte-identical to a run where every step passed is not run again.
//!
//! Keyed on everything a step can read, not on the Markdown file's date: Quarto's `freeze`
//! misses a change to an included file (quarto-dev/quarto-cli#6793); this key cannot.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{cache_dir, PASSED_THROUGH};
use crate::content::walk::CONTENT_DIR;
use crate::content::Page;
use crate::project::steps::Step;

/// Where passing runs are remembered: `<cache dir>/test-results/`.
pub struct ResultCache {
    dir: PathBuf,
}

impl Default for ResultCache {
    fn default() -> Self {
        Self {
            dir: cache_dir().join("test-results"),
        }
    }
}

/// What an article's run depends on, hashed.
pub fn key(root: &Path, page: &Page, steps: &[Step], seconds: u64) -> String {
    let mut hash = Sha256::new();
    let mut field = |name: &str, bytes: &[u8]| {
        hash.update(name.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    field("docsite", env!("CARGO_PKG_VERSION").as_bytes());
    let project = crate::project::of(page);
    for (name, file) in &project.files {
        field("file", name.as_bytes());
        match (&file.text, &page.project_dir) {
            (Some(text), _) => field("text", text.as_bytes()),
            (None, Some(folder)) => {
                let path = root.join(CONTENT_DIR).join(folder).join(name);
                field("bytes", &fs::read(path).unwrap_or_default());
            }
            (None, None) => {}
        }
    }
    // Blocks hold what `include=` read, also from outside the project.
    for block in &page.rendered.code_blocks {
        field("block", block.code.as_bytes());
    }
    for step in steps {
        field("step", step.command.as_bytes());
        for line in step.expected.iter().flat_map(|expected| &expected.lines) {
            field("expected", line.as_bytes());
        }
    }
    field("timeout", &seconds.to_le_bytes());
    for name in PASSED_THROUGH {
        if let Some(value) = std::env::var_os(name) {
            field(name, value.as_encoded_bytes());
        }
    }
    hex(&hash.finalize())
}

impl ResultCache {
    /// When the article last passed with this `key`, if it did.
    pub fn passed_at(&self, root: &Path, page: &Page, key: &str) -> Option<String> {
        let text = fs::read_to_string(self.entry(root, page)).ok()?;
        let (stored, when) = text.trim_end().split_once(' ')?;
        (stored == key).then(|| when.to_owned())
    }

    /// Remember that the article passed with this `key`, now. A cache that cannot be written
    /// only costs a run next time.
    pub fn record_pass(&self, root: &Path, page: &Page, key: &str) {
        let when = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC");
        if fs::create_dir_all(&self.dir).is_ok() {
            let _ = fs::write(self.entry(root, page), format!("{key} {when}\n"));
        }
    }

    /// One file per article of each site.
    fn entry(&self, root: &Path, page: &Page) -> PathBuf {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut hash = Sha256::new();
        hash.update(root.as_os_str().as_encoded_bytes());
        hash.update([0]);
        hash.update(page.source.as_os_str().as_encoded_bytes());
        self.dir.join(&hex(&hash.finalize())[..32])
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
