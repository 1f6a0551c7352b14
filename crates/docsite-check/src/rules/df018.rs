//! DF018: `ADD` of local files.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// `ADD` of local files.
pub static RULE: Rule = Rule {
    id: "DF018",
    hadolint: Some("DL3020"),
    severity: Severity::Warning,
    title: "`ADD` of local files; use `COPY`",
    what: "Reports `ADD` whose sources are not all URLs or tar archives.",
    why: "`ADD` also fetches URLs and unpacks archives; for plain files that magic only surprises. `COPY` says what it does.",
    bad: "```dockerfile\nFROM python:3.11-slim\nWORKDIR /app\nADD app.py .\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nWORKDIR /app\nCOPY app.py .\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

const ARCHIVES: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz",
    ".tpz", ".txz", ".xz",
];

/// Flag `ADD` used for local files.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.is("ADD")) {
        let sources = instruction.copy_sources();
        let all_special = !sources.is_empty()
            && sources.iter().all(|source| {
                let source = source.trim_matches('"');
                source.starts_with("http://")
                    || source.starts_with("https://")
                    || ARCHIVES.iter().any(|ext| source.ends_with(ext))
            });
        if !all_special {
            let (line, column, len) = instruction.keyword_span();
            findings.push(
                Finding::new(&RULE, line, column, len).help("use `COPY` for files and folders"),
            );
        }
    }
}
