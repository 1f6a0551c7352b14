//! A rule's examples as small sites: the documented bad example of every rule must trigger it
//! and its good example must not, through the same session `docsite build` runs, so the docs
//! cannot go stale and site-level rules (front matter, links, templates) are held to it too.
//!
//! An example is the Markdown of `content/example.md`, or several files, each after a
//! `==> path <==` line: `(latin-1)` after the path writes the file as Latin-1, `(fifo)` makes a
//! FIFO, `(link to TARGET)` a symbolic link.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::session::{Session, SessionOptions};

/// One file of an example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleFile {
    /// A file with these bytes.
    Bytes(Vec<u8>),
    /// A FIFO (`==> path (fifo) <==`).
    Fifo,
    /// A symbolic link to a path relative to its folder (`==> path (link to target) <==`).
    Link(String),
}

/// The files of an example: path relative to the site root → what it is.
pub fn files(example: &str) -> Vec<(PathBuf, ExampleFile)> {
    if !example.starts_with("==> ") {
        return vec![(
            PathBuf::from("content/example.md"),
            ExampleFile::Bytes(example.as_bytes().to_vec()),
        )];
    }
    let mut files: Vec<(PathBuf, ExampleFile)> = Vec::new();
    let mut latin1 = false;
    for line in example.split_inclusive('\n') {
        if let Some(header) = line
            .strip_prefix("==> ")
            .and_then(|h| h.trim_end().strip_suffix(" <=="))
        {
            latin1 = false;
            let (path, file) = if let Some(path) = header.strip_suffix(" (latin-1)") {
                latin1 = true;
                (path, ExampleFile::Bytes(Vec::new()))
            } else if let Some(path) = header.strip_suffix(" (fifo)") {
                (path, ExampleFile::Fifo)
            } else if let Some((path, target)) = header
                .strip_suffix(')')
                .and_then(|h| h.split_once(" (link to "))
            {
                (path, ExampleFile::Link(target.to_owned()))
            } else {
                (header, ExampleFile::Bytes(Vec::new()))
            };
            files.push((PathBuf::from(path), file));
        } else if let Some((_, ExampleFile::Bytes(bytes))) = files.last_mut() {
            if latin1 {
                bytes.extend(
                    line.chars()
                        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')),
                );
            } else {
                bytes.extend_from_slice(line.as_bytes());
            }
        }
    }
    files
}

/// Every diagnostic `docsite build` gives on the example, written into `root`.
pub fn check(example: &str, root: &Path) -> Result<Vec<Diagnostic>> {
    std::fs::create_dir_all(root.join("content")).map_err(crate::Error::write(root))?;
    for (path, file) in files(example) {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(crate::Error::write(parent))?;
        }
        let written = match file {
            ExampleFile::Bytes(bytes) => std::fs::write(&target, bytes),
            ExampleFile::Link(to) => std::os::unix::fs::symlink(to, &target),
            ExampleFile::Fifo => make_fifo(&target),
        };
        written.map_err(crate::Error::write(&target))?;
    }
    // As a build sees it, so that the rules only a published site has are shown too.
    let options = SessionOptions {
        root: root.to_path_buf(),
        publish: true,
        ..SessionOptions::default()
    };
    match Session::assemble(
        options,
        crate::content::CodeHtml::Plain,
        crate::session::Destination::Nowhere,
    ) {
        Ok((_, diagnostics)) => Ok(diagnostics),
        Err(crate::Error::Diagnostics(diagnostics)) => Ok(diagnostics),
        Err(other) => Err(other),
    }
}

fn make_fifo(path: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: `name` is a NUL-terminated path that outlives the call.
    if unsafe { libc::mkfifo(name.as_ptr(), 0o644) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::RULES;

    #[test]
    fn every_rule_catches_its_bad_example_and_not_its_good_one() {
        let mut failures = Vec::new();
        for rule in RULES.iter() {
            let codes = |example: &str| -> Vec<String> {
                let dir = tempfile::tempdir().expect("temp dir");
                check(example, dir.path())
                    .expect("the example site loads")
                    .iter()
                    .filter(|d| d.code == rule.id)
                    .map(|d| d.message.clone())
                    .collect()
            };
            if codes(rule.bad).is_empty() {
                failures.push(format!("{}: bad example not caught", rule.id));
            }
            let good = codes(rule.good);
            if !good.is_empty() {
                failures.push(format!("{}: good example caught: {good:?}", rule.id));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn every_rule_file_is_registered() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut unregistered = Vec::new();
        let folders = [
            "crates/docsite-check/src/site_rules",
            "crates/docsite-check/src/rules",
        ];
        for entry in folders
            .iter()
            .flat_map(|folder| std::fs::read_dir(root.join(folder)).expect("rules folder"))
        {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            let Some(id) = name.strip_suffix(".rs").filter(|id| *id != "mod") else {
                continue;
            };
            if !RULES.iter().any(|rule| rule.id.eq_ignore_ascii_case(id)) {
                unregistered.push(id.to_owned());
            }
        }
        assert!(
            unregistered.is_empty(),
            "rule files not in RULES: {unregistered:?}"
        );
    }

    #[test]
    fn every_diagnostic_is_made_through_its_rule() {
        // `Diagnostic::error` is private to the check crate, so the site crate cannot name a
        // code as a string; this catches the check crate itself, and a struct literal.
        let mut bare = Vec::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        // `"DS001"`: two capitals and three digits, quoted.
        let is_code = |text: &str| {
            let bytes = text.as_bytes();
            bytes.len() >= 7
                && bytes[0] == b'"'
                && bytes[1..3].iter().all(u8::is_ascii_uppercase)
                && bytes[3..6].iter().all(u8::is_ascii_digit)
                && bytes[6] == b'"'
        };
        for entry in ["src", "crates"]
            .iter()
            .flat_map(|folder| walkdir::WalkDir::new(root.join(folder)))
        {
            let entry = entry.expect("entry");
            if entry.path().extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).expect("source");
            for before in ["Diagnostic::error(", "code:"] {
                for (at, _) in text.match_indices(before) {
                    let after = text[at + before.len()..].trim_start();
                    if is_code(after) {
                        bare.push(format!(
                            "{}: {before}{}",
                            entry.path().display(),
                            &after[..7]
                        ));
                    }
                }
            }
        }
        assert!(
            bare.is_empty(),
            "diagnostics made from a bare code, not `RULE.diagnostic`: {bare:?}"
        );
    }

    #[test]
    fn an_example_of_several_files_is_split_at_its_headers() {
        let files = files("==> docsite.yaml <==\ntitle: x\n==> content/a.md (latin-1) <==\nCafé\n");
        assert_eq!(
            files,
            vec![
                (
                    PathBuf::from("docsite.yaml"),
                    ExampleFile::Bytes(b"title: x\n".to_vec())
                ),
                (
                    PathBuf::from("content/a.md"),
                    ExampleFile::Bytes(b"Caf\xe9\n".to_vec())
                ),
            ]
        );
    }
}
