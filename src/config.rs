//! `docsite.yaml`: the site's settings, every one with a default so a bare `content/` folder builds.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::error::{Error, Result};
use crate::yaml;
use docsite_check::site_rules as rules;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "docsite.yaml";

/// How heading ids are made from heading text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIdScheme {
    /// GitHub's: lowercase, punctuation dropped, each space a `-` (`## 3.1 Deploying` →
    /// `31-deploying`), so links written against GitHub keep working.
    #[default]
    Github,
    /// Zola's: a slug, runs of anything but letters and digits collapsed into one `-`.
    Slug,
}

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
    /// Whether to write the search index (`search/`), which the theme's search box reads.
    pub search: bool,
    /// Code-check settings.
    pub checks: ChecksConfig,
    /// Free-form values for templates, as `config.extra.KEY`.
    pub extra: serde_yaml::Mapping,
    /// How heading ids are made: `github` (default) or `slug`.
    pub heading_ids: HeadingIdScheme,
    /// Bounds on the work one input may cost.
    pub limits: Limits,
    /// The Python the site's posts are written for (`"3.12"`), when their image does not say;
    /// kept as written, read by [`Config::python_version`].
    pub python: Option<serde_yaml::Value>,
    /// The site's `.hadolint.yaml`, honoured by the Dockerfile rules.
    #[serde(skip)]
    pub hadolint: HadolintConfig,
    /// Problems in `docsite.yaml` that do not stop the build (unknown rule ids), reported with
    /// the site's other diagnostics.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// Bounds on what one file or code block may cost, so hostile or accidental input (a 50 MB
/// Markdown file, a 20 MB one-line JSON block, a 100,000-deep TOML array) stays cheap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Bytes of a Markdown file; a larger one is refused (DS023).
    pub file_size: u64,
    /// Bytes of a code block highlighted and checked; a larger one is shown as plain text (DS026).
    pub block_size: usize,
    /// Characters of one line of a code block highlighted and checked.
    pub line_length: usize,
    /// Nesting of brackets in a code block highlighted and checked.
    pub block_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size: 10 * 1024 * 1024,
            block_size: 512 * 1024,
            line_length: 10_000,
            block_depth: 256,
        }
    }
}

impl Limits {
    /// Why `code` is beyond these limits, if it is: shown as plain text, not highlighted or
    /// checked.
    pub fn exceeded_by(&self, code: &str) -> Option<String> {
        if code.len() > self.block_size {
            return Some(format!(
                "it has {} bytes, more than `limits.block_size` ({})",
                code.len(),
                self.block_size
            ));
        }
        if let Some((number, line)) = code.lines().enumerate().find(|(_, line)| {
            line.len() > self.line_length && line.chars().count() > self.line_length
        }) {
            return Some(format!(
                "its line {} has {} characters, more than `limits.line_length` ({})",
                number + 1,
                line.chars().count(),
                self.line_length
            ));
        }
        let mut depth = 0usize;
        let mut deepest = 0usize;
        for line in code.lines() {
            let indent = line.len() - line.trim_start().len();
            deepest = deepest.max(indent / 2);
            for byte in line.bytes() {
                match byte {
                    b'(' | b'[' | b'{' => {
                        depth += 1;
                        deepest = deepest.max(depth);
                    }
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
        (deepest > self.block_depth).then(|| {
            format!(
                "it nests {deepest} levels deep, more than `limits.block_depth` ({})",
                self.block_depth
            )
        })
    }
}

/// The keys `docsite.yaml` may hold, by the path of the mapping that holds them.
const KNOWN_KEYS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "title",
            "description",
            "base_url",
            "language",
            "author",
            "author_social",
            "theme",
            "output_dir",
            "highlight",
            "taxonomies",
            "paginate_by",
            "feed_limit",
            "search",
            "checks",
            "extra",
            "heading_ids",
            "limits",
            "python",
        ],
    ),
    ("highlight", &["light_theme", "dark_theme"]),
    ("checks", &["rules", "deny_warnings"]),
    (
        "limits",
        &["file_size", "block_size", "line_length", "block_depth"],
    ),
];

pub use docsite_check::settings::{ChecksConfig, HadolintConfig, HadolintOverrides, RuleLevel};

/// Read `.hadolint.yaml` (or `.yml`) at `root`; a missing file is empty.
pub fn load_hadolint(root: &Path) -> Result<HadolintConfig> {
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
                &rules::ds001::RULE,
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
            search: true,
            checks: ChecksConfig::default(),
            extra: serde_yaml::Mapping::new(),
            heading_ids: HeadingIdScheme::default(),
            limits: Limits::default(),
            python: None,
            hadolint: HadolintConfig::default(),
            warnings: Vec::new(),
        }
    }
}

impl Config {
    /// Read `docsite.yaml` from `root`; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let hadolint = load_hadolint(root)?;
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            return Ok(Config {
                hadolint,
                ..Config::default()
            });
        }
        let bytes = std::fs::read(&path).map_err(Error::read(&path))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Diagnostics(vec![
                rules::ds001::RULE.diagnostic(format!("`{CONFIG_FILE}` is not valid UTF-8"))
            ])
        })?;
        let mut config = Config::parse(&text)?;
        config.hadolint = hadolint;
        Ok(config)
    }

    /// Parse the text of `docsite.yaml`, reporting every unknown key and every bad value at
    /// once.
    pub fn parse(text: &str) -> Result<Config> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let invalid = |err: &serde_yaml::Error| {
            Error::Diagnostics(vec![yaml::error_diagnostic(
                &rules::ds001::RULE,
                "invalid `docsite.yaml`",
                err,
                Path::new(CONFIG_FILE),
                text,
                0,
            )])
        };
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| invalid(&err))?;
        let unknown = unknown_keys(&value, text);
        if !unknown.is_empty() {
            return Err(Error::Diagnostics(unknown));
        }
        let config: Config = serde_yaml::from_str(text).map_err(|err| invalid(&err))?;
        let problems = config.invalid_values(text);
        if !problems.is_empty() {
            return Err(Error::Diagnostics(problems));
        }
        let mut config = config;
        config.warnings = config
            .checks
            .rules
            .keys()
            .filter(|id| !docsite_check::rule_ids::is_known_id(id))
            .map(|id| {
                let mut diagnostic = docsite_check::site_rules::ds019::RULE
                    .diagnostic(format!("unknown rule `{id}` in `checks.rules`"))
                    .help(docsite_check::rule_ids::unknown_id_help(id));
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

    /// Values that parse but cannot be used: unknown highlight themes, and names that become
    /// paths (the theme, taxonomies) that would leave their folder.
    fn invalid_values(&self, text: &str) -> Vec<Diagnostic> {
        // The value as written: on its key's line or a line below (a list).
        let at = |diagnostic: Diagnostic, key: &str, value: &str| {
            let Some((key_line, _)) = yaml::value_position_anywhere(text, key) else {
                return diagnostic;
            };
            let found = text
                .lines()
                .enumerate()
                .skip(key_line - 1)
                .find_map(|(index, line)| {
                    line.find(value)
                        .map(|byte| (index + 1, line[..byte].chars().count() + 1))
                });
            match found {
                Some((line, column)) => {
                    diagnostic.at(Location::in_text(CONFIG_FILE, text, line, column)
                        .with_len(value.chars().count()))
                }
                None => diagnostic,
            }
        };
        let mut problems = Vec::new();
        for (key, name) in [
            ("light_theme", &self.highlight.light_theme),
            ("dark_theme", &self.highlight.dark_theme),
        ] {
            if !crate::highlight::has_theme(name) {
                problems.push(at(
                    rules::ds001::RULE
                        .diagnostic(format!("unknown highlight theme `{name}`"))
                        .help(format!(
                            "use one of: {}",
                            crate::highlight::theme_names().join(", ")
                        )),
                    key,
                    name,
                ));
            }
        }
        if base_url_kind(&self.base_url) == BaseUrl::Unclear {
            problems.push(at(
                unclear_base_url(&self.base_url),
                "base_url",
                self.base_url.trim(),
            ));
        }
        if !is_folder_name(&self.theme) {
            problems.push(at(
                rules::ds001::RULE
                    .diagnostic(format!("theme `{}` is not a folder name", self.theme))
                    .help("name a folder of `themes/`, such as `default` or `my-theme`"),
                "theme",
                &self.theme,
            ));
        }
        if let Some(Err(message)) = self
            .python
            .as_ref()
            .map(docsite_check::interpreter::setting)
        {
            problems.push(at(
                rules::ds001::RULE.diagnostic(format!("invalid `python`: {message}"))
                    .help("the Python posts are checked as when their image does not name one, such as `python: \"3.12\"`"),
                "python",
                "",
            ));
        }
        for taxonomy in &self.taxonomies {
            if !is_folder_name(taxonomy) {
                problems.push(at(
                    rules::ds001::RULE.diagnostic(format!("taxonomy `{taxonomy}` is not a folder name"))
                        .help("a taxonomy is a front-matter key and a folder of the site, such as `keywords` or `tags`"),
                    "taxonomies",
                    taxonomy,
                ));
            }
        }
        problems
    }

    /// The Python the site's posts are checked as when their image names none (`python:`).
    pub fn python_version(&self) -> Option<docsite_check::python::PythonVersion> {
        self.python
            .as_ref()
            .and_then(|value| docsite_check::interpreter::setting(value).ok())
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

    /// True when `base_url` is a whole URL (`https://example.com/`), so that permalinks are
    /// absolute as sitemaps, feeds, canonical links and Open Graph require.
    pub fn has_absolute_base_url(&self) -> bool {
        base_url_kind(&self.base_url) == BaseUrl::Absolute
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

/// What a `base_url` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseUrl {
    /// `https://example.com/blog/`.
    Absolute,
    /// `/` or `/blog/`: URLs are right within the site, but cannot be absolute.
    Path,
    /// Neither, such as `example.com` (a scheme forgotten): used as a path it would put every
    /// URL under `/example.com/`.
    Unclear,
}

/// What `base_url` is.
pub fn base_url_kind(base_url: &str) -> BaseUrl {
    let url = base_url.trim();
    match url.split_once("://") {
        Some((scheme, rest))
            if !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
                && !rest.split('/').next().unwrap_or_default().is_empty() =>
        {
            BaseUrl::Absolute
        }
        _ if url.is_empty() || url.starts_with('/') => BaseUrl::Path,
        _ => BaseUrl::Unclear,
    }
}

/// The error for a `base_url` that is neither a URL nor a path, with the two ways to fix it.
pub fn unclear_base_url(base_url: &str) -> Diagnostic {
    let url = base_url.trim();
    let host = url.trim_end_matches('/');
    docsite_check::site_rules::ds001::RULE
        .diagnostic(format!("`base_url` `{url}` is neither a URL nor a path"))
        .help(format!(
            "write the whole URL, `https://{host}/`, or a path from the site's root, `/{host}/`"
        ))
}

/// True for one plain folder name: not empty, no `/` or `\\`, not `.` or `..`, no NUL or other
/// control character. Names from settings become paths; this keeps them inside their folder.
pub fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c == ':' || c.is_control())
}

/// Every key of `docsite.yaml` that docsite does not know, located.
fn unknown_keys(value: &serde_yaml::Value, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (path, known) in KNOWN_KEYS {
        let mapping = if path.is_empty() {
            value.as_mapping()
        } else {
            value.get(path).and_then(serde_yaml::Value::as_mapping)
        };
        for key in mapping.into_iter().flat_map(|m| m.keys()) {
            let name = key
                .as_str()
                .map_or_else(|| format!("{key:?}"), str::to_owned);
            if known.contains(&name.as_str()) {
                continue;
            }
            let place = if path.is_empty() {
                String::new()
            } else {
                format!(" in `{path}`")
            };
            let suggestion = docsite_check::suggest::closest(&name, known.iter().copied(), 2);
            let help = match suggestion {
                Some(k) => format!("did you mean `{k}`? the README lists every key"),
                None => format!("known keys{place}: {}", known.join(", ")),
            };
            let mut diagnostic = rules::ds001::RULE
                .diagnostic(format!("unknown field `{name}`{place}"))
                .help(help);
            let line = text.lines().position(|line| {
                let trimmed = line.trim_start();
                trimmed.starts_with(&name)
                    && trimmed[name.len()..].trim_start().starts_with(':')
                    && (path.is_empty() == (line.len() == trimmed.len()))
            });
            if let Some(line) = line {
                let line_text = text.lines().nth(line).unwrap_or("");
                let column = line_text.len() - line_text.trim_start().len() + 1;
                diagnostic = diagnostic.at(Location::in_text(CONFIG_FILE, text, line + 1, column)
                    .with_len(name.chars().count()));
            }
            found.push(diagnostic);
        }
    }
    found
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
    fn the_known_keys_are_the_fields() {
        let value = serde_yaml::to_value(Config::default()).expect("serialises");
        for (path, known) in KNOWN_KEYS {
            let mapping = if path.is_empty() {
                value.as_mapping()
            } else {
                value.get(path).and_then(serde_yaml::Value::as_mapping)
            }
            .expect("a mapping");
            let mut fields: Vec<&str> = mapping.keys().filter_map(|k| k.as_str()).collect();
            let mut listed = known.to_vec();
            fields.sort_unstable();
            listed.sort_unstable();
            assert_eq!(fields, listed, "`{path}`");
        }
    }

    #[test]
    fn every_unknown_key_and_bad_name_is_reported_at_once() {
        let Err(Error::Diagnostics(unknown)) =
            Config::parse("titel: x\nhighlight:\n  ligth_theme: y\nfeed_limt: 3\n")
        else {
            panic!("unknown keys must be rejected");
        };
        let found: Vec<(String, usize)> = unknown
            .iter()
            .map(|d| (d.message.clone(), d.location.as_ref().map_or(0, |l| l.line)))
            .collect();
        assert_eq!(
            found,
            vec![
                ("unknown field `titel`".to_owned(), 1),
                ("unknown field `feed_limt`".to_owned(), 4),
                ("unknown field `ligth_theme` in `highlight`".to_owned(), 3),
            ]
        );
        let Err(Error::Diagnostics(names)) =
            Config::parse("theme: ../../etc\ntaxonomies: [\"../../x\", \"/etc\", tags]\n")
        else {
            panic!("names that climb out must be rejected");
        };
        let found: Vec<(String, usize, usize)> = names
            .iter()
            .map(|d| {
                let l = d.location.as_ref().expect("located");
                (d.message.clone(), l.line, l.column)
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("theme `../../etc` is not a folder name".to_owned(), 1, 8),
                ("taxonomy `../../x` is not a folder name".to_owned(), 2, 15),
                ("taxonomy `/etc` is not a folder name".to_owned(), 2, 26),
            ]
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
