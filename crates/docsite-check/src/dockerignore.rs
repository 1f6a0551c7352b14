//! `.dockerignore` and `COPY` sources matched against an article's project files.
//!
//! Docker's rules, not gitignore's: patterns are anchored at the context root, `*` does not cross
//! `/`, `**` does, a pattern also excludes everything below a matching folder, and the last
//! matching line (`!` re-includes) wins.

use globset::{Glob, GlobBuilder, GlobMatcher};

use crate::project::{normalize, Project};

/// What a `COPY` source finds in the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matches {
    /// At least one file that the build context keeps.
    Found,
    /// Files, but `.dockerignore` excludes them all.
    OnlyIgnored,
    /// Nothing.
    None,
}

/// A parsed `.dockerignore`.
#[derive(Debug, Default)]
pub struct DockerIgnore {
    patterns: Vec<(bool, GlobMatcher)>,
}

fn matcher(pattern: &str) -> Option<GlobMatcher> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .or_else(|_| Glob::new(&globset::escape(pattern)))
        .ok()
        .map(|glob| glob.compile_matcher())
}

/// True when `glob` matches `path` or one of the folders above it.
fn matches_or_parent(glob: &GlobMatcher, path: &str) -> bool {
    let mut current = path;
    loop {
        if glob.is_match(current) {
            return true;
        }
        match current.rfind('/') {
            Some(slash) => current = &current[..slash],
            None => return false,
        }
    }
}

impl DockerIgnore {
    /// Read `.dockerignore` text.
    pub fn new(text: &str) -> DockerIgnore {
        let patterns = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (negated, pattern) = match line.strip_prefix('!') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, line),
                };
                matcher(&normalize(pattern)).map(|glob| (negated, glob))
            })
            .collect();
        DockerIgnore { patterns }
    }

    /// True when the build context leaves `path` out.
    pub fn excludes(&self, path: &str) -> bool {
        self.patterns
            .iter()
            .rev()
            .find(|(_, glob)| matches_or_parent(glob, path))
            .is_some_and(|(negated, _)| !negated)
    }

    /// What a `COPY` source (a path, a folder or a glob) finds in `project`.
    pub fn matching(&self, project: &Project, source: &str) -> Matches {
        let source = normalize(source);
        let glob = matcher(&source);
        let hits: Vec<&String> = project
            .files
            .keys()
            .filter(|file| {
                source.is_empty()
                    || **file == source
                    || file.starts_with(&format!("{source}/"))
                    || glob
                        .as_ref()
                        .is_some_and(|glob| matches_or_parent(glob, file))
            })
            .collect();
        if hits.is_empty() {
            Matches::None
        } else if hits.iter().all(|file| self.excludes(file)) {
            Matches::OnlyIgnored
        } else {
            Matches::Found
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::ProjectFile;

    fn project(files: &[&str]) -> Project {
        let mut project = Project::default();
        for file in files {
            project.files.insert(
                (*file).to_owned(),
                ProjectFile {
                    text: None,
                    block: None,
                    in_bundle: true,
                },
            );
        }
        project
    }

    #[test]
    fn sources_match_files_folders_and_globs() {
        let project = project(&["app.py", "src/model/net.py", "requirements.txt"]);
        let ignore = DockerIgnore::default();
        assert_eq!(ignore.matching(&project, "./app.py"), Matches::Found);
        assert_eq!(ignore.matching(&project, "src"), Matches::Found);
        assert_eq!(ignore.matching(&project, "*.txt"), Matches::Found);
        assert_eq!(ignore.matching(&project, "serve.py"), Matches::None);
        assert_eq!(ignore.matching(&project, "*.md"), Matches::None);
        assert_eq!(ignore.matching(&project, "."), Matches::Found);
    }

    #[test]
    fn dockerignore_excludes_and_reincludes() {
        let project = project(&["app.py", "notes.md", "README.md", "data/x.csv"]);
        let ignore = DockerIgnore::new("# docs\n*.md\n!README.md\ndata\n");
        assert_eq!(ignore.matching(&project, "notes.md"), Matches::OnlyIgnored);
        assert_eq!(ignore.matching(&project, "README.md"), Matches::Found);
        assert_eq!(
            ignore.matching(&project, "data/x.csv"),
            Matches::OnlyIgnored
        );
        assert!(ignore.excludes("data/x.csv"));
        assert!(!ignore.excludes("app.py"));
    }
}
