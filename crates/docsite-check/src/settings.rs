//! How a site wants its code checked: per-rule severities from `docsite.yaml`'s `checks:` and
//! from hadolint's own `.hadolint.yaml`. The site reads both files; the checks apply them.

use serde::{Deserialize, Serialize};

/// What `checks:` in `docsite.yaml` says.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChecksConfig {
    /// Severity per rule, by docsite id (`DF012`) or hadolint id (`DL3042`).
    pub rules: std::collections::BTreeMap<String, RuleLevel>,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
}

/// A configured severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Fails the build.
    Error,
    /// Reported only.
    Warning,
    /// Not reported.
    Off,
}

/// The parts of hadolint's `.hadolint.yaml` docsite honours; other keys are ignored, as
/// hadolint ignores what it does not know.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct HadolintConfig {
    /// Rule ids never reported.
    pub ignored: Vec<String>,
    /// Severity overrides by level name.
    #[serde(rename = "override")]
    pub overrides: HadolintOverrides,
}

/// `override:` of `.hadolint.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct HadolintOverrides {
    /// Rules raised to error.
    pub error: Vec<String>,
    /// Rules set to warning.
    pub warning: Vec<String>,
    /// Rules set to info (docsite: warning).
    pub info: Vec<String>,
    /// Rules set to style (docsite: warning).
    pub style: Vec<String>,
}

impl HadolintConfig {
    /// The level `.hadolint.yaml` gives rule `id`, if any; `error` wins when listed twice.
    pub fn level(&self, id: &str) -> Option<RuleLevel> {
        let listed = |ids: &[String]| ids.iter().any(|listed| listed == id);
        if listed(&self.ignored) {
            Some(RuleLevel::Off)
        } else if listed(&self.overrides.error) {
            Some(RuleLevel::Error)
        } else if [
            &self.overrides.warning,
            &self.overrides.info,
            &self.overrides.style,
        ]
        .iter()
        .any(|ids| listed(ids))
        {
            Some(RuleLevel::Warning)
        } else {
            None
        }
    }
}

/// What the checks of one page need from the site's configuration.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// `checks:` of `docsite.yaml`.
    pub checks: &'a ChecksConfig,
    /// `.hadolint.yaml`.
    pub hadolint: &'a HadolintConfig,
}
