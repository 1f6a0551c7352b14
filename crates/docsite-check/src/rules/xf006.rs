//! XF006: import not in requirements.

use crate::article::Article;
use crate::dockerfile::{is_pip_install, pip_install, requirement_file_name};
use crate::python;
use crate::requirements::normalize;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// import not in requirements.
pub static RULE: Rule = Rule {
    id: "XF006",
    hadolint: None,
    severity: Severity::Error,
    title: "import not in requirements",
    what: "Reports a third-party import in a Python file of the project whose distribution is not in its requirements file (or installed by a `pip install` in its Dockerfile). Standard-library modules and the project's own modules are known; common import/distribution mismatches (`sklearn` → scikit-learn, `cv2` → opencv-python, `PIL` → Pillow, `yaml` → PyYAML, `bs4` → beautifulsoup4) are mapped, and any of several distributions may provide one import (`mysql`: mysql-connector-python or mysql-connector; `psycopg2`: psycopg2 or psycopg2-binary). A module imported several times is reported once, at its first import. A module a listed requirement installs as its own dependency is XF009, a warning.",
    why: "The container starts and dies with `ModuleNotFoundError`.",
    bad: "```python file=app.py\nimport numpy as np\nfrom flask import Flask\n\napp = Flask(__name__)\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\n```",
    good: "```python file=app.py\nimport numpy as np\nfrom flask import Flask\n\napp = Flask(__name__)\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\nnumpy==1.26.4\n```",
    check: Check::Article(check),
};

/// Flag imports no requirement provides.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    for missing in unprovided_imports(article) {
        if !missing.required_by.is_empty() {
            continue;
        }
        let (module, distribution) = (&missing.module, &missing.distribution);
        findings.push((
            missing.unit,
            missing
                .finding(&RULE, article)
                .message(format!(
                    "`{module}` is imported but `{distribution}` is not in the requirements"
                ))
                .help(format!(
                    "add `{distribution}==<version>` to requirements.txt"
                )),
        ));
    }
}

/// A third-party module a project file imports that no requirement names.
pub struct Unprovided {
    /// The unit of the Python file.
    pub unit: usize,
    /// The top-level module.
    pub module: String,
    /// The distribution to require for it.
    pub distribution: String,
    /// The first import of the module in the file.
    pub first: python::Import,
    /// Lines of the file's other imports of the module.
    pub other_lines: Vec<usize>,
    /// Requirements that depend on the distribution and so install it anyway (XF009).
    pub required_by: Vec<String>,
}

impl Unprovided {
    /// A finding of `rule` at the first import, naming the lines of the others in the file the
    /// author edits.
    pub fn finding(&self, rule: &'static Rule, article: &Article) -> Finding {
        let import = &self.first;
        let finding = Finding::new(rule, import.line, import.column, import.len);
        let origin = &article.units[self.unit].origin;
        let lines: Vec<usize> = self.other_lines.iter().map(|l| origin.line(*l)).collect();
        match lines.as_slice() {
            [] => finding,
            [line] => finding.label(format!("also imported on line {line}")),
            lines => finding.label(format!(
                "also imported on lines {}",
                lines
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// Every third-party module imported by the project's Python files that no requirement (nor a
/// `pip install` of a Dockerfile) names: one entry per module and file, at its first import.
/// Empty when the article has no requirements, or installs what docsite cannot see.
pub fn unprovided_imports(article: &Article) -> Vec<Unprovided> {
    let requirements: Vec<_> = article.requirements().map(|(_, r)| r).collect();
    let Some(installed) = dockerfile_pip_packages(article) else {
        return Vec::new();
    };
    if requirements.is_empty() && installed.is_empty() {
        return Vec::new();
    }
    let provided = |distribution: &str| {
        let distribution = normalize(distribution);
        requirements.iter().any(|r| r.provides(&distribution)) || installed.contains(&distribution)
    };
    let mut found: Vec<Unprovided> = Vec::new();
    for (unit, _, source) in article.python_files() {
        for import in python::imports(source) {
            let module = import.module.as_str();
            if python::is_stdlib(module) || is_project_module(article, module) {
                continue;
            }
            let distribution = python::distribution_for_import(module).to_owned();
            if python::import_provided_by(module)
                .iter()
                .any(|d| provided(d))
                || provided(&distribution)
            {
                continue;
            }
            if let Some(earlier) = found
                .iter_mut()
                .find(|f| f.unit == unit && f.module == module)
            {
                if earlier.first.line != import.line && !earlier.other_lines.contains(&import.line)
                {
                    earlier.other_lines.push(import.line);
                }
                continue;
            }
            let required_by = python::required_by(&normalize(&distribution))
                .iter()
                .filter(|dependent| provided(dependent))
                .map(|dependent| (*dependent).to_owned())
                .collect();
            found.push(Unprovided {
                unit,
                module: module.to_owned(),
                distribution,
                first: import,
                other_lines: Vec::new(),
                required_by,
            });
        }
    }
    found
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
    for (unit, dockerfile) in article.dockerfiles() {
        let context = &article.units[unit].build_context;
        for instruction in dockerfile.instructions.iter().filter(|i| i.is("RUN")) {
            for script in instruction.scripts() {
                for command in script.commands.iter().filter(|c| is_pip_install(c)) {
                    let install = pip_install(command);
                    let unseen_file = install.requirement_files.iter().any(|word| {
                        article
                            .project_file_for(context, requirement_file_name(word))
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
