//! DS010: invalid YAML block.

use crate::problem::ProblemKind;
use crate::rule::{Check, Rule};
use crate::diagnostic::Severity;

/// invalid YAML block.
pub static RULE: Rule = Rule {
    id: "DS010",
    hadolint: None,
    severity: Severity::Error,
    title: "invalid YAML block",
    what: "Reports a YAML block (every document of it) that does not parse. A block that is not a project file may use placeholders (`%%IMAGE%%`, `{{ .Values.image }}`, a whole-line `{{- if … }}`), `...` elisions and a key given twice (two alternatives shown together); a `file=` block must be strict YAML.",
    why: "Readers copy configuration as it is; invalid YAML fails wherever it is used.",
    bad: "```yaml\nservices:\n  api:\n    ports: [\"5000:5000\"\n\n```",
    good: "```yaml\nservices:\n  api:\n    ports: [\"5000:5000\"]\n\n```",
    check: Check::Problem(ProblemKind::InvalidYaml),
};
