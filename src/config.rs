//! `docsite.yaml`: the site's settings, every one with a default so a bare `content/` folder builds.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::error::{Error, Result};
use crate::yaml;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "docsite.yaml";

/// Site settings read from `docsite.yaml`. Unknown keys are rejected so typos cannot pass.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site title, shown in the header and `<title>`.
    pub title: String,
    /// One-line description of the site.
    pub description: String,
    /// Where the site is published, e.g. `https://example.com/blog/`; its path is prefixed to URLs.
    pub base_url: String,
    /// Language code for `<html lang>`.
    pub language: String,
    /// Default author of pages that name none.
    pub author: Option<String>,
    /// Default author link of pages that name none.
    pub author_social: Option<String>,
    /// Theme folder name under `themes/`; `default` falls back to the theme built into docsite.
    pub theme: String,
    /// Output folder, relative to the site root.
    pub output_dir: PathBuf,
    /// Syntax-highlighting colour schemes.
    pub highlight: HighlightConfig,
    /// Front-matter keys that group pages into term pages (`/keywords/docker/`).
    pub taxonomies: Vec<String>,
    /// Pages per list page on the home page and sections; 0 lists all on one page.
    pub paginate_by: usize,
    /// How many newest pages the Atom and RSS feeds carry.
    pub feed_limit: usize,
    /// Code-check settings.
    pub checks: ChecksConfig,
    /// Free-form values for templates, as `config.extra.KEY`.
    pub extra: serde_yaml::Mapping,
    /// How heading ids are made: `github` (default) or `slug`.
    pub heading_ids: crate::markdown::HeadingIdScheme,
    /// The site's `.hadolint.yaml`, honoured by the Dockerfile rules.
    #[serde(skip)]
    pub hadolint: HadolintConfig,
    /// Problems in `docsite.yaml` that do not stop the build (unknown rule ids), reported with
    /// the site's other diagnostics.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

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
    /// Read `.hadolint.yaml` (or `.yml`) at `root`; a missing file is empty.
    pub fn load(root: &Path) -> Result<HadolintConfig> {
        for name in [".hadolint.yaml", ".hadolint.yml"] {
            let path = root.join(name);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(Error::read(&path))?;
            if text.trim().is_empty() {
                return Ok(HadolintConfig::default());
            }
            return serde_yaml::from_str(&text).map_err(|err| {
                Error::Diagnostics(vec![yaml::error_diagnostic(
                    "DS001",
                    &format!("invalid `{name}`"),
                    &err,
                    Path::new(name),
                    &text,
                    0,
                )])
            });
        }
        Ok(HadolintConfig::default())
    }

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

/// Colour schemes for code, by syntect/bat theme name.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HighlightConfig {
    /// Scheme used in light mode.
    pub light_theme: String,
    /// Scheme used when the reader prefers dark mode.
    pub dark_theme: String,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig {
            light_theme: "Coldark-Cold".into(),
            dark_theme: "Coldark-Dark".into(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "docsite".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            author: None,
            author_social: None,
            theme: "default".into(),
            output_dir: PathBuf::from("public"),
            highlight: HighlightConfig::default(),
            taxonomies: vec!["keywords".into(), "author".into()],
            paginate_by: 10,
            feed_limit: 20,
            checks: ChecksConfig::default(),
            extra: serde_yaml::Mapping::new(),
            heading_ids: crate::markdown::HeadingIdScheme::default(),
            hadolint: HadolintConfig::default(),
            warnings: Vec::new(),
        }
    }
}

impl Config {
    /// Read `docsite.yaml` from `root`; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let hadolint = HadolintConfig::load(root)?;
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            return Ok(Config {
                hadolint,
                ..Config::default()
            });
        }
        let bytes = std::fs::read(&path).map_err(Error::read(&path))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Diagnostics(vec![Diagnostic::error(
                "DS001",
                format!("`{CONFIG_FILE}` is not valid UTF-8"),
            )])
        })?;
        let mut config = Config::parse(&text)?;
        config.hadolint = hadolint;
        Ok(config)
    }

    /// Parse the text of `docsite.yaml`.
    pub fn parse(text: &str) -> Result<Config> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let config: Config = serde_yaml::from_str(text).map_err(|err| {
            Error::Diagnostics(vec![yaml::error_diagnostic(
                "DS001",
                "invalid `docsite.yaml`",
                &err,
                Path::new(CONFIG_FILE),
                text,
                0,
            )])
        })?;
        let highlight = &config.highlight;
        let unknown = [
            ("light_theme", &highlight.light_theme),
            ("dark_theme", &highlight.dark_theme),
        ]
        .into_iter()
        .find(|(_, name)| !crate::highlight::has_theme(name));
        if let Some((key, unknown)) = unknown {
            let mut diagnostic =
                Diagnostic::error("DS001", format!("unknown highlight theme `{unknown}`")).help(
                    format!("use one of: {}", crate::highlight::theme_names().join(", ")),
                );
            if let Some((line, column)) = yaml::value_position_anywhere(text, key) {
                diagnostic = diagnostic.at(Location::in_text(CONFIG_FILE, text, line, column)
                    .with_len(unknown.chars().count()));
            }
            return Err(Error::Diagnostics(vec![diagnostic]));
        }
        let mut config = config;
        config.warnings = config
            .checks
            .rules
            .keys()
            .filter(|id| !crate::check::rule::is_known_id(id))
            .map(|id| {
                let mut diagnostic = crate::check::rules::ds019::RULE
                    .diagnostic(format!("unknown rule `{id}` in `checks.rules`"))
                    .help(crate::check::rule::unknown_id_help(id));
                if let Some((line, _)) = yaml::value_position_anywhere(text, id) {
                    let line_text = text.lines().nth(line - 1).unwrap_or("");
                    let column = line_text
                        .find(id.as_str())
                        .map_or(1, |byte| line_text[..byte].chars().count() + 1);
                    diagnostic = diagnostic.at(Location::in_text(CONFIG_FILE, text, line, column)
                        .with_len(id.chars().count()));
                }
                diagnostic
            })
            .collect();
        Ok(config)
    }

    /// `diagnostics` with the configured severities: `checks.rules` (by docsite or hadolint
    /// id), then `.hadolint.yaml`, then `deny_warnings`; a rule set to `off` is dropped.
    pub fn apply_rule_levels(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let configured = |id: &str| {
            self.checks
                .rules
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(id))
                .map(|(_, level)| *level)
        };
        diagnostics
            .into_iter()
            .filter_map(|mut diagnostic| {
                let level = configured(diagnostic.code)
                    .or_else(|| diagnostic.hadolint.and_then(configured))
                    .or_else(|| diagnostic.hadolint.and_then(|id| self.hadolint.level(id)));
                match level {
                    Some(RuleLevel::Off) => return None,
                    Some(RuleLevel::Error) => diagnostic.severity = Severity::Error,
                    Some(RuleLevel::Warning) => diagnostic.severity = Severity::Warning,
                    None => {}
                }
                if self.checks.deny_warnings {
                    diagnostic.severity = Severity::Error;
                }
                Some(diagnostic)
            })
            .collect()
    }

    /// The path part of `base_url`, always starting and ending with `/`: the prefix of every URL.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
            None => url,
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_owned()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// The absolute URL of `url`, a site path such as `/posts/x/` that already carries the base
    /// path; without a scheme in `base_url` the site path itself is the best there is.
    pub fn permalink(&self, url: &str) -> String {
        match self.base_url.trim().split_once("://") {
            Some((scheme, rest)) => {
                let host = rest.split('/').next().unwrap_or(rest);
                format!("{scheme}://{host}{url}")
            }
            None => url.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_and_permalink_follow_base_url() {
        let mut config = Config::default();
        assert_eq!(config.base_path(), "/");
        config.base_url = "https://example.com/blog".into();
        assert_eq!(config.base_path(), "/blog/");
        assert_eq!(
            config.permalink("/blog/posts/x/"),
            "https://example.com/blog/posts/x/"
        );
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let Err(Error::Diagnostics(diagnostics)) = Config::parse(
            "title: x
titel: y
",
        ) else {
            panic!("an unknown key must be rejected");
        };
        assert!(diagnostics[0].message.contains("titel"));
        assert_eq!(diagnostics[0].location.as_ref().map(|l| l.line), Some(2));
    }
}
