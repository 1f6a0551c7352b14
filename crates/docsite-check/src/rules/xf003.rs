//! XF003: container command runs a file that is not there.

use crate::article::Article;
use crate::article::{command_words, container_command};
use crate::python;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// container command runs a file that is not there.
pub static RULE: Rule = Rule {
    id: "XF003",
    hadolint: None,
    severity: Severity::Error,
    title: "container command runs a file that is not there",
    what: "Reports a `CMD`, `ENTRYPOINT` or `RUN` that runs a project file that does not exist (`python serve.py`) or a `module:object` (gunicorn, uvicorn) whose module file or object is missing.",
    why: "The image builds, then the container exits at once with \"No such file\" or \"Failed to find attribute\".",
    bad: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\nEXPOSE 5000\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:5000\", \"main:app\"]\n```",
    good: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\nEXPOSE 5000\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:5000\", \"app:app\"]\n```",
    check: Check::Article(check),
};

/// Flag commands that run missing project files or objects: each `RUN`, and the container
/// command of each stage that sets one (`ENTRYPOINT` and `CMD` together, inherited ones too).
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    for (unit, dockerfile) in article.dockerfiles() {
        let runs = dockerfile
            .instructions
            .iter()
            .filter(|i| i.is("RUN"))
            .map(|i| (command_words(i), i));
        let starts = (0..dockerfile.stages.len())
            .filter(|stage| {
                dockerfile
                    .instructions
                    .iter()
                    .any(|i| i.stage == *stage && (i.is("CMD") || i.is("ENTRYPOINT")))
            })
            .filter_map(|stage| container_command(dockerfile, stage))
            .map(|start| (start.words, start.instruction));
        let mut reported = Vec::new();
        for (words, instruction) in runs.chain(starts) {
            let context = &article.units[unit].build_context;
            let Some(problem) = missing_target(article, context, &words) else {
                continue;
            };
            let (line, column, len) = instruction.args_span();
            if reported.contains(&(line, column)) {
                continue;
            }
            reported.push((line, column));
            findings.push((
                unit,
                Finding::new(&RULE, line, column, len)
                    .message(problem)
                    .help("run a file or object the article defines"),
            ));
        }
    }
}

fn missing_target(article: &Article, context: &str, words: &[String]) -> Option<String> {
    let program = words.first()?.rsplit('/').next()?;
    if program.starts_with("python") {
        let script = words.iter().skip(1).find(|w| !w.starts_with('-'))?;
        if words.iter().any(|w| w == "-m" || w == "-c") || !script.ends_with(".py") {
            return None;
        }
        return article
            .project_file_for(context, script)
            .is_none()
            .then(|| format!("`{script}` is not in the article's project"));
    }
    if program == "gunicorn" || program == "uvicorn" {
        let target = words.iter().skip(1).find(|w| {
            !w.starts_with('-')
                && w.contains(':')
                && !w.chars().next().is_some_and(|c| c.is_ascii_digit())
        })?;
        let (module, object) = target.split_once(':')?;
        let object = object.split('(').next().unwrap_or(object);
        let file = format!("{}.py", module.replace('.', "/"));
        let Some(found) = article.project_file_for(context, &file) else {
            return Some(format!(
                "`{target}`: module `{module}` (`{file}`) is not in the article's project"
            ));
        };
        let source = article.python_source(&found)?;
        return (!python::defines(source, object))
            .then(|| format!("`{target}`: `{file}` defines no `{object}`"));
    }
    None
}
