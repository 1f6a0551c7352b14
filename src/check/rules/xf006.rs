//! XF006: import not in requirements.

use crate::check::article::Article;
use crate::check::dockerfile::{is_pip_install, pip_install, requirement_file_name};
use crate::check::python;
use crate::check::requirements::normalize;
use crate::check::rule::{Finding, Rule};
use crate::diagnostic::Severity;

/// import not in requirements.
pub static RULE: Rule = Rule {
    id: "XF006",
    hadolint: None,
    severity: Severity::Error,
    title: "import not in requirements",
    what: "Reports a third-party import in a Python file of the project whose distribution is not in its requirements file (or installed by a `pip install` in its Dockerfile). Standard-library modules and the project's own modules are known; common import/distribution mismatches (`sklearn` → scikit-learn, `cv2` → opencv-python, `PIL` → Pillow, `yaml` → PyYAML, `bs4` → beautifulsoup4) are mapped.",
    why: "The container starts and dies with `ModuleNotFoundError`.",
    bad: "```python file=app.py\nimport numpy as np\nfrom flask import Flask\n\napp = Flask(__name__)\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\n```",
    good: "```python file=app.py\nimport numpy as np\nfrom flask import Flask\n\napp = Flask(__name__)\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\nnumpy==1.26.4\n```",
};

/// Flag imports no requirement provides.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    let requirements: Vec<_> = article.requirements().map(|(_, r)| r).collect();
    let Some(installed) = dockerfile_pip_packages(article) else {
        return;
    };
    if requirements.is_empty() && installed.is_empty() {
        return;
    }
    let provided = |distribution: &str| {
        let distribution = normalize(distribution);
        requirements.iter().any(|r| r.provides(&distribution)) || installed.contains(&distribution)
    };
    for (unit, _, source) in article.python_files() {
        for import in python::imports(source) {
            let module = import.module.as_str();
            if python::is_stdlib(module) || is_project_module(article, module) {
                continue;
            }
            if python::import_provided_by(module)
                .iter()
                .any(|d| provided(d))
                || provided(python::distribution_for_import(module))
            {
                continue;
            }
            let distribution = python::distribution_for_import(module);
            findings.push((
                unit,
                Finding::new(&RULE, import.line, import.column, import.len)
                    .message(format!(
                        "`{module}` is imported but `{distribution}` is not in the requirements"
                    ))
                    .help(format!(
                        "add `{distribution}==<version>` to requirements.txt"
                    )),
            ));
        }
    }
}

fn is_project_module(article: &Article, module: &str) -> bool {
    article.project.files.contains_key(&format!("{module}.py"))
        || article.project.has_path(module)
            && article
                .project
                .files
                .keys()
                .any(|f| f.starts_with(&format!("{module}/")))
}

/// Distributions a Dockerfile installs by name (`RUN pip install flask==3.0.3`); `None` when
/// it also installs what docsite cannot see: a requirements file that is not in the project, a
/// path or an editable install.
fn dockerfile_pip_packages(article: &Article) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for (_, dockerfile) in article.dockerfiles() {
        for instruction in dockerfile.instructions.iter().filter(|i| i.is("RUN")) {
            for script in instruction.scripts() {
                for command in script.commands.iter().filter(|c| is_pip_install(c)) {
                    let install = pip_install(command);
                    let unseen_file = install.requirement_files.iter().any(|word| {
                        article
                            .project_file_for(requirement_file_name(word))
                            .is_none()
                    });
                    if install.unknown || unseen_file {
                        return None;
                    }
                    names.extend(install.packages);
                }
            }
        }
    }
    Some(names)
}
