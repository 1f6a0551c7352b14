//! DF013: unpinned package in `pip install`.

use crate::dockerfile::is_pip_install;
use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::shell::Word;
use crate::diagnostic::Severity;

/// unpinned package in `pip install`.
pub static RULE: Rule = Rule {
    id: "DF013",
    hadolint: Some("DL3013"),
    severity: Severity::Warning,
    title: "unpinned package in `pip install`",
    what: "Reports packages installed by `pip install` in a `RUN` without an exact version (`flask` instead of `flask==3.0.3`). Installs from a requirements or constraints file, from a path or URL, are exempt.",
    why: "Without pins every build resolves afresh: a new release of any package can break the image overnight.",
    bad: "```dockerfile\nFROM python:3.11-slim\nRUN pip install --no-cache-dir flask gunicorn\nUSER 1000\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nRUN pip install --no-cache-dir flask==3.0.3 gunicorn==23.0.0\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Options whose value is the next word.
const TAKES_VALUE: &[&str] = &[
    "--abi",
    "-b",
    "--build",
    "-e",
    "--editable",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-i",
    "--index-url",
    "--implementation",
    "--no-binary",
    "--only-binary",
    "--platform",
    "--prefix",
    "--progress-bar",
    "--proxy",
    "--python",
    "--python-version",
    "--root",
    "--root-user-action",
    "--src",
    "-t",
    "--target",
    "--trusted-host",
    "--upgrade-strategy",
];

/// Flag each unpinned package of a `pip install`.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.runs_shell()) {
        for script in instruction.scripts() {
            for command in script.commands.iter().filter(|c| is_pip_install(c)) {
                let words = command.args();
                let from_file = words.iter().any(|w| {
                    matches!(
                        w.text.as_str(),
                        "-r" | "--requirement" | "." | "-c" | "--constraint"
                    ) || w.text.starts_with("--constraint=")
                });
                if from_file {
                    continue;
                }
                for word in packages(words) {
                    let (line, column, len) = script.span(word);
                    findings.push(
                        Finding::new(&RULE, line, column, len)
                            .message(format!(
                                "`{}` is installed without a pinned version",
                                word.text
                            ))
                            .help(format!(
                                "pin it: `{}==<version>`, or install from a requirements file",
                                word.text
                            )),
                    );
                }
            }
        }
    }
}

/// hadolint's notion of a pinned pip argument: a version operator, a VCS URL with `@ref`, a
/// wheel or sdist file, or a local path or URL.
fn is_pinned(text: &str) -> bool {
    let vcs = ["git", "hg+", "svn", "bzr+"]
        .iter()
        .any(|scheme| text.starts_with(scheme));
    ["==", ">=", "<=", ">", "<", "!=", "~=", "==="]
        .iter()
        .any(|op| text.contains(op))
        || (vcs && text.contains('@'))
        || text.ends_with(".whl")
        || text.ends_with(".tar.gz")
        || (!vcs && text.contains('/'))
}

/// The package words of a pip install that carry no exact version.
fn packages(words: &[Word]) -> impl Iterator<Item = &Word> {
    let mut skip_next = false;
    let mut after_install = false;
    words.iter().filter(move |word| {
        let text = word.text.as_str();
        if std::mem::take(&mut skip_next) {
            return false;
        }
        if TAKES_VALUE.contains(&text) {
            skip_next = true;
            return false;
        }
        if !after_install {
            after_install = text == "install";
            return false;
        }
        !text.starts_with('-') && !is_pinned(text)
    })
}
