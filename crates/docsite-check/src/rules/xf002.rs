//! XF002: `COPY` source not in the project.

use crate::article::Article;
use crate::dockerignore::{DockerIgnore, Matches};
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `COPY` source not in the project.
pub static RULE: Rule = Rule {
    id: "XF002",
    hadolint: None,
    severity: Severity::Error,
    title: "`COPY` source not in the project",
    what: "Reports a `COPY`/`ADD` source (a path or glob) that matches no file of the build context, or only files its `.dockerignore` excludes. The build context is the Dockerfile's own folder in the project (`svc/Dockerfile` builds from `svc/`), or the folder the block's `context=` attribute names relative to it (`context=..`), never above the project.",
    why: "`docker build` fails with \"file not found\" — the reader cannot build the image from what the post gives them.",
    bad: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY requirements.txt server.py ./\nUSER 1000\n```",
    good: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY requirements.txt app.py ./\nUSER 1000\n```",
    check: Check::Article(check),
};

/// Flag COPY/ADD sources missing from the project.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    for (unit, dockerfile) in article.dockerfiles() {
        let context = article.build_context(unit);
        let ignore = DockerIgnore::new(context.text(".dockerignore").unwrap_or(""));
        for instruction in dockerfile
            .instructions
            .iter()
            .filter(|i| i.is("COPY") || i.is("ADD"))
        {
            if instruction.flag("from").is_some() || !instruction.heredocs.is_empty() {
                continue;
            }
            for source in instruction.copy_sources() {
                let path = source.trim_matches('"');
                if path.contains("://") || path.contains('$') || path.starts_with("git@") {
                    continue;
                }
                let matches = ignore.matching(&context, path);
                let problem = match matches {
                    Matches::Found => continue,
                    Matches::None if article.units[unit].build_context.is_empty() => {
                        format!("`{path}` is not in the article's project")
                    }
                    Matches::None => format!(
                        "`{path}` is not in the build context `{}/`",
                        article.units[unit].build_context
                    ),
                    Matches::OnlyIgnored => format!("`{path}` is excluded by `.dockerignore`"),
                };
                let offset = instruction.args.text.find(path).unwrap_or(0);
                let (line, column) = instruction.args.position(offset);
                findings.push((
                    unit,
                    Finding::new(&RULE, line, column, path.chars().count())
                        .message(problem)
                        .label("docker build would fail here")
                        .help("add the file to the post (a `file=` block or a file beside index.md), or fix the path"),
                ));
            }
        }
    }
}
