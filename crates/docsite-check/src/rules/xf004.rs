//! XF004: `EXPOSE` differs from the port the app listens on.

use crate::article::Article;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `EXPOSE` differs from the port the app listens on.
pub static RULE: Rule = Rule {
    id: "XF004",
    hadolint: None,
    severity: Severity::Warning,
    title: "`EXPOSE` differs from the port the app listens on",
    what: "Reports an `EXPOSE` whose ports do not include the port the app binds: from the server's command line (`gunicorn -b`, `uvicorn --port`, `flask run -p`) or from `app.run(port=…)` in the script the container runs.",
    why: "Readers publish the exposed port (`docker run -p 5000:5000`) and reach nothing, because the app listens elsewhere.",
    bad: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=8080)\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY app.py .\nUSER 1000\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n```",
    good: "```python file=app.py\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=5000)\n```\n\n```dockerfile file=Dockerfile\nFROM python:3.11.9-slim\nWORKDIR /app\nCOPY app.py .\nUSER 1000\nEXPOSE 5000\nCMD [\"python\", \"app.py\"]\n```",
    check: Check::Article(check),
};

/// Flag EXPOSE lines that miss the app's port.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    let Some(port) = article.bind().and_then(|bind| bind.port) else {
        return;
    };
    let exposed = article.exposed_ports();
    if exposed.is_empty() || exposed.iter().any(|(_, _, p)| *p == port) {
        return;
    }
    let (unit, instruction, _) = exposed[0];
    let (line, column, len) = instruction.args_span();
    findings.push((
        unit,
        Finding::new(&RULE, line, column, len)
            .message(format!(
                "`EXPOSE {}` but the app listens on port {port}",
                instruction.args.text.trim()
            ))
            .help(format!(
                "`EXPOSE {port}`, or make the app listen on the exposed port"
            )),
    ));
}
