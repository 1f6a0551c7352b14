//! XF009: import installed only as another requirement's dependency.

use crate::article::Article;
use crate::rule::{Check, Finding, Rule};
use crate::rules::xf006::unprovided_imports;
use crate::diagnostic::Severity;

/// import installed only as another requirement's dependency.
pub static RULE: Rule = Rule {
    id: "XF009",
    hadolint: None,
    severity: Severity::Warning,
    title: "import installed only as another requirement's dependency",
    what: "Reports a third-party import that no requirement names, when a requirement that is listed depends on it and so installs it: `jinja2`, `werkzeug`, `click`, `itsdangerous` with `flask`; `pydantic`, `starlette` with `fastapi`; `numpy` with `pandas`, `scikit-learn`, `scipy`, `matplotlib`, `tensorflow` or `opencv-python`; `urllib3`, `idna`, `certifi`, `charset-normalizer` with `requests`; `click`, `h11` with `uvicorn`; `scipy`, `joblib` with `scikit-learn`; `python-dateutil`, `pytz` with `pandas`. Other imports no requirement names are XF006.",
    why: "The app runs today, but its import rests on another package's choice of dependencies and versions: an upgrade that drops or moves it breaks the app, and nothing in requirements.txt says which version the code was written for.",
    bad: "```python file=app.py\nimport numpy as np\nimport pandas as pd\n```\n\n```requirements file=requirements.txt\npandas==2.2.2\n```",
    good: "```python file=app.py\nimport numpy as np\nimport pandas as pd\n```\n\n```requirements file=requirements.txt\nnumpy==1.26.4\npandas==2.2.2\n```",
    check: Check::Article(check),
};

/// Flag imports that only a requirement's own dependencies provide.
pub fn check(article: &Article, findings: &mut Vec<(usize, Finding)>) {
    for missing in unprovided_imports(article) {
        let Some(dependent) = missing.required_by.first() else {
            continue;
        };
        let (module, distribution) = (&missing.module, &missing.distribution);
        findings.push((
            missing.unit,
            missing
                .finding(&RULE, article)
                .message(format!(
                    "`{module}` is only installed because `{dependent}` depends on it"
                ))
                .help(format!(
                    "pin it explicitly: add `{distribution}==<version>` to requirements.txt"
                )),
        ));
    }
}
