//! An article's project: the files a post describes, by path relative to the article — the real
//! files beside it and the code blocks that name a file (```` ```python file=app.py ````).
//!
//! The site builds it from a page; the checks ask it what a Dockerfile may `COPY`, what a
//! program imports, which ports a server binds.

use std::collections::BTreeMap;

/// A file of an article's project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFile {
    /// Its text; `None` for a binary bundle file (an image, an archive).
    pub text: Option<String>,
    /// The index of the code block that shows it, if any.
    pub block: Option<usize>,
    /// True when the file exists beside the page's `index.md`.
    pub in_bundle: bool,
}

/// A file defined twice with different contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The file's name in the project.
    pub name: String,
    /// The block that disagrees.
    pub block: usize,
    /// True when it disagrees with the real bundle file, false when with an earlier block.
    pub with_bundle: bool,
}

/// The files of one article, by path relative to the bundle (`/`-separated).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    /// Files by name.
    pub files: BTreeMap<String, ProjectFile>,
    /// Blocks that contradict another definition of their file.
    pub conflicts: Vec<Conflict>,
}

impl Project {
    /// A file beside the post (`text` is `None` for a binary file).
    pub fn add_bundle_file(&mut self, name: String, text: Option<String>) {
        self.files.insert(
            name,
            ProjectFile {
                text,
                block: None,
                in_bundle: true,
            },
        );
    }

    /// Code block `index` defines file `name`; `append` continues a file an earlier block
    /// started. A block that disagrees with an earlier definition is recorded as a conflict.
    pub fn add_block(&mut self, name: String, index: usize, code: &str, append: bool) {
        match self.files.get_mut(&name) {
            // `append` continues a file an earlier block started.
            Some(existing) if append && !existing.in_bundle => {
                existing.text.get_or_insert_with(String::new).push_str(code);
            }
            Some(existing) => {
                let same = existing
                    .text
                    .as_deref()
                    .is_some_and(|text| text.trim_end() == code.trim_end());
                if !same {
                    self.conflicts.push(Conflict {
                        name,
                        block: index,
                        with_bundle: existing.in_bundle && existing.block.is_none(),
                    });
                } else if existing.block.is_none() {
                    existing.block = Some(index);
                }
            }
            None => {
                self.files.insert(
                    name,
                    ProjectFile {
                        text: Some(code.to_owned()),
                        block: Some(index),
                        in_bundle: false,
                    },
                );
            }
        }
    }

    /// True when the project has a file or folder at `path` (`./` and trailing `/` ignored).
    pub fn has_path(&self, path: &str) -> bool {
        let path = normalize(path);
        path.is_empty()
            || self.files.contains_key(&path)
            || self
                .files
                .keys()
                .any(|name| name.starts_with(&format!("{path}/")))
    }

    /// True when the article declares a project: files beside its `index.md`, or at least one
    /// `file=` block. Cross-file checks only apply then.
    pub fn is_declared(&self) -> bool {
        !self.files.is_empty()
    }

    /// The files under `folder` (a project path, empty for the root), named relative to it: what
    /// a Docker build whose context is that folder sees.
    pub fn subfolder(&self, folder: &str) -> Project {
        let folder = normalize(folder);
        if folder.is_empty() {
            return self.clone();
        }
        let prefix = format!("{folder}/");
        Project {
            files: self
                .files
                .iter()
                .filter_map(|(name, file)| {
                    name.strip_prefix(&prefix)
                        .map(|rel| (rel.to_owned(), file.clone()))
                })
                .collect(),
            conflicts: Vec::new(),
        }
    }

    /// The text of a file, if the project has it as text.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.files
            .get(&normalize(name))
            .and_then(|file| file.text.as_deref())
    }
}

/// True when `name` is a path inside the project: relative, no `..`, no backslash, NUL or other
/// control character. Other names never become paths (the download, `docsite test`).
pub fn stays_inside(name: &str) -> bool {
    !name.starts_with('/')
        && !name.split('/').any(|part| part == "..")
        && !name.chars().any(|c| c == '\\' || c.is_control())
        && !normalize(name).is_empty()
}

/// The build context of a Dockerfile that is project file `dockerfile` (or an unnamed block,
/// `None`): its own folder, or the folder `context` names relative to it (`..`, `app`), kept
/// inside the project.
pub fn build_context(dockerfile: Option<&str>, context: Option<&str>) -> String {
    let folder = dockerfile
        .and_then(|name| name.rsplit_once('/'))
        .map_or("", |(folder, _)| folder);
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in context.unwrap_or("").split('/') {
        match part {
            "" | "." => {}
            // Above the project root there is nothing of the article's: stay at the root.
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// `./a/b/` → `a/b`; `.` → empty.
pub fn normalize(path: &str) -> String {
    path.split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_leave_the_project_are_not_project_files() {
        for name in [
            "../../../../tmp/x",
            "/etc/passwd",
            "a/../../b",
            "a\\..\\b",
            "x\u{0}y",
            ".",
        ] {
            assert!(!stays_inside(name), "{name}");
        }
        for name in ["app.py", "./app/main.py", "a/b/c.txt", ".dockerignore"] {
            assert!(stays_inside(name), "{name}");
        }
    }

    #[test]
    fn build_contexts_are_the_dockerfiles_folder_or_the_named_one_inside_the_project() {
        assert_eq!(build_context(Some("Dockerfile"), None), "");
        assert_eq!(build_context(Some("svc/Dockerfile"), None), "svc");
        assert_eq!(build_context(Some("svc/Dockerfile"), Some("..")), "");
        assert_eq!(build_context(None, Some("app")), "app");
        assert_eq!(build_context(Some("a/b/Dockerfile"), Some("../c")), "a/c");
        assert_eq!(build_context(None, Some("../../..")), "");
    }

    #[test]
    fn normalize_strips_dots_and_slashes() {
        assert_eq!(normalize("./app/"), "app");
        assert_eq!(normalize("."), "");
        assert_eq!(normalize("a//b"), "a/b");
    }
}
