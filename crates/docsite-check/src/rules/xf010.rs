//! XF010: `pip install -r` names a file the image does not have.

use crate::article::Article;
use crate::dockerfile::{
    is_pip_install, pip_install, requirement_file_name, Dockerfile, Instruction,
};
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;
use crate::project::Project;

/// `pip install -r` names a file the image does not have.
pub static RULE: Rule = Rule {
    id: "XF010",
    hadolint: None,
    severity: Severity::Error,
    title: "`pip install -r` names a file the image does not have",
    what: "Reports a `RUN pip install -r FILE` when no earlier `COPY`/`ADD` of the stage put FILE in the image: FILE is resolved against the `WORKDIR`, a copied folder (`COPY . .`) counts with the project files it holds. Stages built from another stage, `COPY --from`, `--mount` and paths with variables are not judged.",
    why: "`docker build` stops with \"Could not open requirements file: No such file or directory\".",
    bad: "```requirements file=requirements.txt\nflask==3.0.3\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirement.txt\nUSER 1000\n```",
    good: "```requirements file=requirements.txt\nflask==3.0.3\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 1000\n```",
    check: Check::Article(check),
};

/// What a stage's earlier `COPY`/`ADD`s put in the image.
#[derive(Default)]
struct Copied {
    /// Absolute paths of copied files.
    files: Vec<String>,
    /// `(project folder, image folder)` of copied folders: the image folder holds the project
    /// folder's files.
    folders: Vec<(String, String)>,
    /// True once something put unknown files in the image (a glob, `--from`, a URL, a heredoc).
    unknown: bool,
}

impl Copied {
    fn has(&self, context: &Project, path: &str) -> bool {
        self.files.iter().any(|file| file == path)
            || self.folders.iter().any(|(source, folder)| {
                let rel = if folder == "/" {
                    path.strip_prefix('/')
                } else {
                    path.strip_prefix(folder.as_str())
                        .and_then(|rest| rest.strip_prefix('/'))
                };
                rel.is_some_and(|rel| {
                    let in_project = crate::project::normalize(&format!("{source}/{rel}"));
                    context.files.contains_key(&in_project)
                })
            })
    }
}

/// Flag `pip install -r FILE` when the stage never copied FILE.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    for (unit, dockerfile) in article.dockerfiles() {
        let context = article.build_context(unit);
        for stage in 0..dockerfile.stages.len() {
            check_stage(&context, dockerfile, stage, &mut |finding| {
                findings.push((unit, finding));
            });
        }
    }
}

fn check_stage(
    context: &Project,
    dockerfile: &Dockerfile,
    stage: usize,
    report: &mut dyn FnMut(Finding),
) {
    // A stage built on an earlier one has that stage's files too.
    let image = &dockerfile.stages[stage].image;
    if dockerfile.stage_named(image).is_some_and(|s| s < stage) {
        return;
    }
    let mut workdir = String::from("/");
    let mut copied = Copied::default();
    let mut runs: Vec<&str> = Vec::new();
    for instruction in dockerfile.instructions.iter().filter(|i| i.stage == stage) {
        match instruction.keyword.as_str() {
            "WORKDIR" => {
                let path = instruction.args.text.trim().trim_matches('"');
                if path.contains('$') {
                    copied.unknown = true;
                }
                workdir = resolve(&workdir, path);
            }
            "COPY" | "ADD" => record_copy(instruction, &workdir, &mut copied),
            "RUN" => {
                runs.push(&instruction.args.text);
                if copied.unknown || instruction.flag("mount").is_some() {
                    continue;
                }
                for script in instruction.scripts() {
                    for command in script.commands.iter().filter(|c| is_pip_install(c)) {
                        for word in pip_install(command).requirement_files {
                            let name = requirement_file_name(word);
                            if name.contains('$') || name.contains("://") {
                                continue;
                            }
                            let path = resolve(&workdir, name);
                            // A `RUN` may write the file (`echo flask > r.txt && pip install -r
                            // r.txt`): any other mention of its name, and docsite does not judge.
                            let base = name.rsplit('/').next().unwrap_or(name);
                            let mentions: usize =
                                runs.iter().map(|run| run.matches(base).count()).sum();
                            if mentions > 1 || copied.has(context, &path) {
                                continue;
                            }
                            let (line, column, len) = script.span(word);
                            report(
                                Finding::new(&RULE, line, column, len)
                                    .message(format!(
                                        "`{name}` is not in the image: no earlier `COPY` puts it at `{path}`"
                                    ))
                                    .label("pip would fail here")
                                    .help("`COPY` the requirements file before this `RUN`, or fix its name"),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn record_copy(instruction: &Instruction, workdir: &str, copied: &mut Copied) {
    let items: Vec<String> = match &instruction.exec {
        Some(Some(items)) => items.clone(),
        Some(None) => Vec::new(),
        None => instruction
            .args
            .text
            .split_whitespace()
            .map(|item| item.trim_matches('"').to_owned())
            .collect(),
    };
    let Some((destination, sources)) = items.split_last() else {
        return;
    };
    let unreadable = instruction.flag("from").is_some()
        || !instruction.heredocs.is_empty()
        || destination.contains('$')
        || sources.iter().any(|source| {
            source.contains(['*', '?', '[', '$'])
                || source.contains("://")
                || source.starts_with("git@")
        });
    if unreadable {
        copied.unknown = true;
        return;
    }
    let target = resolve(workdir, destination);
    let into_folder = destination.ends_with('/') || sources.len() > 1 || destination == ".";
    for source in sources {
        let source = crate::project::normalize(source);
        let base = source.rsplit('/').next().unwrap_or(&source);
        // A folder's contents land in the destination; so does a file copied into a folder.
        copied.folders.push((source.clone(), target.clone()));
        if into_folder {
            copied.files.push(resolve(&target, base));
        } else {
            // `COPY a.txt /app/b.txt`, or `/app` may be an existing folder.
            copied.files.push(target.clone());
            copied.files.push(resolve(&target, base));
        }
    }
}

/// `path` resolved against `workdir`, `.` and `..` folded.
fn resolve(workdir: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{workdir}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_workdir() {
        assert_eq!(resolve("/", "app"), "/app");
        assert_eq!(
            resolve("/app", "./requirements.txt"),
            "/app/requirements.txt"
        );
        assert_eq!(resolve("/app", "/tmp/r.txt"), "/tmp/r.txt");
        assert_eq!(resolve("/app/src", "../r.txt"), "/app/r.txt");
    }
}
