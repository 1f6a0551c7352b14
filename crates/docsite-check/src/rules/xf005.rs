//! XF005: app listens on localhost inside the container.

use crate::article::Article;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// app listens on localhost inside the container.
pub static RULE: Rule = Rule {
    id: "XF005",
    hadolint: None,
    severity: Severity::Warning,
    title: "app listens on localhost inside the container",
    what: "Reports an app that binds `127.0.0.1`/`localhost` — explicitly, or by the default of `app.run()`, `flask run` or `uvicorn` — when a Dockerfile runs it.",
    why: "Inside a container, localhost is the container itself: the published port reaches nothing and `curl` from the host gets \"connection reset\".",
    bad: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(port=5000)\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY app.py .\nUSER 1000\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n```",
    good: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY app.py .\nUSER 1000\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n```",
    check: Check::Article(check),
};

/// Flag apps bound to the loopback interface inside a container.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    let Some(bind) = article.bind() else { return };
    let host = bind.host.as_deref().unwrap_or("");
    if matches!(host, "127.0.0.1" | "localhost" | "::1") {
        findings.push((
            bind.unit,
            Finding::new(&RULE, bind.line, bind.column, bind.len)
                .message(format!("the app listens on `{host}` inside the container"))
                .label("unreachable from outside the container")
                .help("bind to all interfaces: host `0.0.0.0`"),
        ));
    }
}
