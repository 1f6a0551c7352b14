//! XF007: `docker run -p` publishes a port the app does not use.

use crate::article::Article;
use crate::rule::{Check, Finding, Rule};
use crate::rules::published_ports;
use crate::diagnostic::Severity;

/// `docker run -p` publishes a port the app does not use.
pub static RULE: Rule = Rule {
    id: "XF007",
    hadolint: None,
    severity: Severity::Error,
    title: "`docker run -p` publishes a port the app does not use",
    what: "Reports `docker run -p HOST:CONTAINER` in a shell block when CONTAINER is not the port the app listens on (or, when docsite cannot tell that port, not an exposed port).",
    why: "Docker publishes a port nothing listens on; the reader's requests hang or are refused.",
    bad: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY app.py .\nUSER 1000\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n```\n\n```console\n$ docker run -p 8000:8000 model-api\n```",
    good: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY app.py .\nUSER 1000\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n```\n\n```console\n$ docker run -p 8000:5000 model-api\n```",
    check: Check::Article(check),
};

/// Flag published container ports the app does not listen on.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    // The port the app binds is what answers, whatever `EXPOSE` says (XF004 reports that
    // disagreement); only when docsite cannot tell the app's port do exposed ports stand in.
    let mut known: Vec<u16> = match article.bind().and_then(|bind| bind.port) {
        Some(port) => vec![port],
        None => article.exposed_ports().iter().map(|(_, _, p)| *p).collect(),
    };
    known.sort_unstable();
    known.dedup();
    if known.is_empty() {
        return;
    }
    for publish in published_ports(article) {
        if let Some(container) = publish.container.filter(|port| !known.contains(port)) {
            findings.push((
                publish.unit,
                Finding::new(&RULE, publish.line, publish.column, publish.len)
                    .message(format!(
                        "`-p {}` publishes container port {container}, but the app listens on {}",
                        publish.text,
                        join(&known)
                    ))
                    .help(format!(
                        "publish the app's port: `-p {}:{}`",
                        publish.host.unwrap_or(known[0]),
                        known[0]
                    )),
            ));
        }
    }
}

fn join(ports: &[u16]) -> String {
    ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(" or ")
}
