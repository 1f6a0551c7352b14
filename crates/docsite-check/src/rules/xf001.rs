//! XF001: file defined twice with different contents.

use crate::article::Article;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// file defined twice with different contents.
pub static RULE: Rule = Rule {
    id: "XF001",
    hadolint: None,
    severity: Severity::Error,
    title: "file defined twice with different contents",
    what: "Reports a code block that names a file (`file=app.py`) whose contents differ from the real file beside the post, or from an earlier block naming the same file.",
    why: "The reader copies one version and the project runs another: the post no longer shows the code that runs.",
    bad: "```python file=app.py\nprint(\"one\")\n```\n\n```python file=app.py\nprint(\"two\")\n```",
    good: "```python file=app.py\nprint(\"one\")\n```\n\n```python file=main.py\nprint(\"two\")\n```",
    check: Check::Article(check),
};

/// Each conflict the project recorded while assembling its files, at the block that disagrees.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    for conflict in &article.project.conflicts {
        let Some(&(_, unit)) = article
            .block_units
            .iter()
            .find(|(block, _)| *block == conflict.block)
        else {
            continue;
        };
        let other = if conflict.with_bundle {
            "the file beside the post"
        } else {
            "an earlier block"
        };
        findings.push((
            unit,
            Finding::new(&RULE, 0, 1, 3)
                .message(format!(
                    "this block's `{}` differs from {other}",
                    conflict.name
                ))
                .help("show the same contents, or give the block another `file=` name"),
        ));
    }
}
