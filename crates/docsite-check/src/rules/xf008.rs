//! XF008: `curl` to a port no `docker run -p` publishes.

use crate::article::Article;
use crate::rule::{Check, Finding, Rule};
use crate::rules::published_ports;
use crate::shell;
use crate::diagnostic::Severity;

/// `curl` to a port no `docker run -p` publishes.
pub static RULE: Rule = Rule {
    id: "XF008",
    hadolint: None,
    severity: Severity::Error,
    title: "`curl` to a port no `docker run -p` publishes",
    what: "Reports `curl`/`wget`/`http` requests to `localhost:PORT` (or 127.0.0.1) in an article that declares a project when PORT is not a host port published by a `docker run -p` of the article.",
    why: "The request goes to a port where nothing listens: \"connection refused\".",
    bad: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n```\n\n```console\n$ docker run -d -p 8000:5000 model-api\n$ curl -s http://localhost:5000/health\n{\"status\": \"ok\"}\n```",
    good: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n```\n\n```console\n$ docker run -d -p 8000:5000 model-api\n$ curl -s http://localhost:8000/health\n{\"status\": \"ok\"}\n```",
    check: Check::Article(check),
};

/// Flag requests to local ports the article never publishes.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    let published: Vec<u16> = published_ports(article)
        .iter()
        .filter_map(|p| p.host)
        .collect();
    if published.is_empty() {
        return;
    }
    for (unit, block) in article.shell_blocks() {
        for line in &block.commands {
            for command in shell::parse(&line.text) {
                let client = ["curl", "wget", "http", "https"]
                    .iter()
                    .any(|name| command.is(name));
                if !client {
                    continue;
                }
                for word in command.args() {
                    let Some(port) = local_port(&word.text) else {
                        continue;
                    };
                    if published.contains(&port) {
                        continue;
                    }
                    let (line_in_block, column) = line.position(word.start);
                    findings.push((
                        unit,
                        Finding::new(&RULE, line_in_block, column, word.text.chars().count())
                            .message(format!(
                                "request to port {port}, which no `docker run -p` publishes"
                            ))
                            .help(format!(
                                "the article publishes {}",
                                published
                                    .iter()
                                    .map(u16::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                    ));
                }
            }
        }
    }
}

/// The port of a URL to localhost, 127.0.0.1 or 0.0.0.0.
fn local_port(text: &str) -> Option<u16> {
    let rest = text.split("://").last()?;
    let host_port = rest.split('/').next()?;
    let (host, port) = host_port.rsplit_once(':')?;
    matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0").then(|| port.parse().ok())?
}
