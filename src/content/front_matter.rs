//! Front matter: the YAML between `---` lines at the top of a Markdown file, as real posts write it.
//!
//! The YAML is read into a generic value first, so syntax errors carry serde_yaml's position, and
//! each known key is then checked by hand, so a wrong value points at its own line and column.

use std::path::Path;

use serde_json::{Map, Value as Json};
use serde_yaml::Value as Yaml;

use super::date::PageDate;
use crate::diagnostic::{Diagnostic, Location};
use crate::yaml;
use docsite_check::site_rules as rules;

/// The known fields of a page's front matter; every other key lands in `extra`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    /// Page title (required on pages, optional on `_index.md`).
    pub title: Option<String>,
    /// One-sentence description.
    pub description: Option<String>,
    /// Author name.
    pub author: Option<String>,
    /// Link to the author's profile.
    pub author_social: Option<String>,
    /// `date_published`, or `date`.
    pub date: Option<PageDate>,
    /// When the page was last changed: `updated` (Zola), or `lastmod` (Hugo).
    pub updated: Option<PageDate>,
    /// Old URLs of the page (`/old/path/`), each published as a redirect to it.
    pub aliases: Vec<String>,
    /// Where `aliases` is written, for a clash between an alias and a page.
    pub aliases_location: Option<Location>,
    /// Keywords, trimmed, empties dropped, in the author's order.
    pub keywords: Vec<String>,
    /// Left out of the site unless drafts are asked for.
    pub draft: bool,
    /// Replaces the last URL segment.
    pub slug: Option<String>,
    /// Template to render the page with instead of `page.html`.
    pub template: Option<String>,
    /// Where `template` is written, to point at it when no such template exists.
    pub template_location: Option<Location>,
    /// Orders pages with equal dates.
    pub weight: Option<i64>,
    /// Test commands run by `docsite test` in the article's project folder.
    pub test: Vec<String>,
    /// Seconds each test step may take.
    pub test_timeout: Option<u64>,
    /// A folder of `content/` whose files are this article's project, relative to the page's
    /// folder (`../files`): the parts of a series share one project.
    pub project: Option<String>,
    /// Where `project` is written, to point at it when the folder does not exist.
    pub project_location: Option<Location>,
    /// The Python this page's code is checked as when its image names none (`python: "3.12"`).
    #[serde(with = "kept::python")]
    pub python: Option<docsite_check::python::PythonVersion>,
    /// Unknown keys, kept for templates as `page.extra`.
    #[serde(with = "kept::json")]
    pub extra: Map<String, Json>,
    /// Keys other generators read as taxonomies (`tags`, `categories`), with where they are
    /// written: they do something only when the site lists them under `taxonomies`.
    pub foreign_taxonomies: Vec<(String, Location)>,
}

/// How the fields that have no serde form of their own are kept between builds: the compact
/// binary format cannot hold JSON values as such, so `extra` is kept as JSON text.
mod kept {
    pub mod json {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};
        use serde_json::{Map, Value};

        pub fn serialize<S: Serializer>(
            map: &Map<String, Value>,
            to: S,
        ) -> Result<S::Ok, S::Error> {
            serde_json::to_string(map)
                .map_err(serde::ser::Error::custom)?
                .serialize(to)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            from: D,
        ) -> Result<Map<String, Value>, D::Error> {
            let text = String::deserialize(from)?;
            serde_json::from_str(&text).map_err(serde::de::Error::custom)
        }
    }

    pub mod python {
        use docsite_check::python::PythonVersion;
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        pub fn serialize<S: Serializer>(
            version: &Option<PythonVersion>,
            to: S,
        ) -> Result<S::Ok, S::Error> {
            version.map(|v| (v.major, v.minor)).serialize(to)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            from: D,
        ) -> Result<Option<PythonVersion>, D::Error> {
            let version = Option::<(u8, u8)>::deserialize(from)?;
            Ok(version.map(|(major, minor)| PythonVersion { major, minor }))
        }
    }
}

/// Keys Zola, Hugo and Jekyll read as taxonomies by default.
pub const FOREIGN_TAXONOMIES: &[&str] = &["tags", "categories"];

/// How front matter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `---` lines, as docsite, Jekyll and most tools write it.
    Yaml,
    /// Between `+++` lines, as Zola and Hugo write it.
    Toml,
}

/// A Markdown file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The front matter's text, when the file has front matter.
    pub yaml: Option<&'a str>,
    /// How it is written.
    pub format: Format,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// How many lines of the file come before `body`.
    pub body_line_offset: usize,
}

/// Separate front matter from the body. `text` is the whole file, `file` its path for messages.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let (format, fence) = match lines.next().map(str::trim_end) {
        Some("---") => (Format::Yaml, "---"),
        Some("+++") => (Format::Toml, "+++"),
        _ => {
            return Ok(Split {
                yaml: None,
                format: Format::Yaml,
                body: text,
                body_line_offset: 0,
            })
        }
    };
    let is_end = |line: &str| {
        let line = line.trim_end();
        line == fence || (format == Format::Yaml && line == "...")
    };
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if is_end(line) {
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                format,
                body: &text[offset + line.len()..],
                body_line_offset: index + 2,
            });
        }
        offset += line.len();
    }
    Err(rules::ds003::RULE
        .diagnostic("front matter is not closed")
        .at(Location::in_text(file, text, 1, 1).with_len(3))
        .label(format!("this `{fence}` opens front matter"))
        .help(format!(
            "end the front matter with a line holding only `{fence}`"
        )))
}

/// The keys docsite reads; any other key goes to `extra`.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "author",
    "author_social",
    "date",
    "date_published",
    "updated",
    "lastmod",
    "aliases",
    "keywords",
    "draft",
    "slug",
    "template",
    "weight",
    "test",
    "test_timeout",
    "project",
    "python",
];

/// Zola's `[taxonomies]` table (`tags = [...]`) and `[extra]` table, read as if their keys
/// were written at the top level, where docsite reads them.
fn flatten_zola_tables(mapping: serde_yaml::Mapping) -> serde_yaml::Mapping {
    let mut flat = serde_yaml::Mapping::new();
    for (key, value) in mapping {
        match (key.as_str(), value) {
            (Some("taxonomies" | "extra"), Yaml::Mapping(inner)) => {
                for (inner_key, inner_value) in inner {
                    if !flat.contains_key(&inner_key) {
                        flat.insert(inner_key, inner_value);
                    }
                }
            }
            (_, value) => {
                flat.insert(key, value);
            }
        }
    }
    flat
}

/// A TOML value as YAML's, so that both are read by the same code; a date is its text.
fn toml_to_yaml(value: toml::Value) -> Yaml {
    match value {
        toml::Value::String(text) => Yaml::String(text),
        toml::Value::Integer(number) => Yaml::Number(number.into()),
        toml::Value::Float(number) => Yaml::Number(number.into()),
        toml::Value::Boolean(flag) => Yaml::Bool(flag),
        toml::Value::Datetime(date) => Yaml::String(date.to_string()),
        toml::Value::Array(items) => Yaml::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(table) => Yaml::Mapping(
            table
                .into_iter()
                .map(|(key, value)| (Yaml::String(key), toml_to_yaml(value)))
                .collect(),
        ),
    }
}

/// A YAML error the writer can act on. An unclosed quote is pointed at where it opens (the YAML
/// parser only notices at the closing `---`); a `: ` inside a plain value (`title: Shipping
/// FastAPI: a 150 MB image`) gets the hint to quote the value.
fn actionable(diagnostic: Diagnostic, yaml_text: &str, file: &Path, file_text: &str) -> Diagnostic {
    // The YAML starts on the file's second line.
    let file_line = |index: usize| index + 2;
    if let Some((index, column, quote)) = unclosed_quote(yaml_text) {
        let line = yaml_text.lines().nth(index).unwrap_or_default();
        let len = line.chars().count().saturating_sub(column - 1);
        return Diagnostic {
            message: format!("invalid front matter: the {quote} opened here is never closed"),
            ..diagnostic
        }
        .at(Location::in_text(file, file_text, file_line(index), column).with_len(len))
        .help(format!(
            "close it at the end of the value: `{}{quote}`",
            line.trim_end()
        ));
    }
    if !diagnostic
        .message
        .contains("mapping values are not allowed")
    {
        return diagnostic;
    }
    let Some(location) = &diagnostic.location else {
        return diagnostic;
    };
    let Some(line) = file_text.lines().nth(location.line.saturating_sub(1)) else {
        return diagnostic;
    };
    match line.split_once(": ") {
        Some((key, value))
            if !key.trim().is_empty() && !value.trim_start().starts_with(['"', '\'']) =>
        {
            let value = value.trim().replace('"', "\\\"");
            diagnostic.help(format!(
                "a value holding `: ` must be quoted: `{}: \"{value}\"`",
                key.trim_end()
            ))
        }
        _ => diagnostic,
    }
}

/// The first value that opens a quote no later text closes: its line (0-based, in `yaml`), the
/// quote's column (1-based) and the quote.
fn unclosed_quote(yaml: &str) -> Option<(usize, usize, char)> {
    let lines: Vec<&str> = yaml.lines().collect();
    lines.iter().enumerate().find_map(|(index, line)| {
        let (key, value) = line.split_once(':')?;
        let trimmed = value.trim_start();
        let quote = trimmed.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let opened = key.len() + 1 + (value.len() - trimmed.len());
        let rest = &trimmed[1..];
        let closes = |text: &str| match quote {
            '"' => text
                .char_indices()
                .any(|(at, c)| c == '"' && !text[..at].ends_with('\\')),
            _ => text.replace("''", "").contains('\''),
        };
        if closes(rest) || lines[index + 1..].iter().any(|later| closes(later)) {
            return None;
        }
        Some((index, line[..opened].chars().count() + 1, quote))
    })
}

/// Read the front matter YAML of `file` (whose full text is `file_text`; the YAML starts on line
/// 2). Every problem is reported; what could be read is kept, so the page can still be built
/// when the rules are lowered to warnings.
pub fn parse(
    yaml_text: &str,
    format: Format,
    file: &Path,
    file_text: &str,
) -> (FrontMatter, Vec<Diagnostic>) {
    let mapping = match mapping(yaml_text, format, file, file_text) {
        Ok(Some(mapping)) => mapping,
        Ok(None) => return (FrontMatter::default(), Vec::new()),
        Err(diagnostic) => return (FrontMatter::default(), vec![diagnostic]),
    };
    let reader = FieldReader {
        yaml_text,
        file,
        file_text,
    };
    let mut meta = FrontMatter::default();
    let mut diagnostics = Vec::new();
    for (key, value) in flatten_zola_tables(mapping) {
        let Some(key) = key.as_str().map(str::to_owned) else {
            diagnostics.push(reader.wrong("", "front matter keys must be text"));
            continue;
        };
        if let Err(diagnostic) = reader.field(&mut meta, key, value, &mut diagnostics) {
            diagnostics.push(diagnostic);
        }
    }
    (meta, diagnostics)
}

/// The front matter's keys and values, YAML or TOML; `None` when it is empty.
fn mapping(
    yaml_text: &str,
    format: Format,
    file: &Path,
    file_text: &str,
) -> Result<Option<serde_yaml::Mapping>, Diagnostic> {
    let value: Yaml = match format {
        Format::Yaml => serde_yaml::from_str(yaml_text).map_err(|err| {
            let diagnostic = yaml::error_diagnostic(
                &rules::ds002::RULE,
                "invalid front matter",
                &err,
                file,
                file_text,
                1,
            );
            actionable(diagnostic, yaml_text, file, file_text)
        })?,
        Format::Toml => match yaml_text.parse::<toml::Table>() {
            Ok(table) => toml_to_yaml(toml::Value::Table(table)),
            Err(err) => {
                let (line, column) = err
                    .span()
                    .map(|span| docsite_check::line_index::line_column(yaml_text, span.start))
                    .unwrap_or((1, 1));
                let message = err.message().trim().to_owned();
                return Err(rules::ds002::RULE
                    .diagnostic(format!("invalid front matter (TOML): {message}"))
                    .at(Location::in_text(file, file_text, line + 1, column)));
            }
        },
    };
    match value {
        Yaml::Null => Ok(None),
        Yaml::Mapping(mapping) => Ok(Some(mapping)),
        _ => Err(rules::ds004::RULE
            .diagnostic("front matter must be a list of `key: value` lines")
            .at(Location::in_text(file, file_text, 2, 1))),
    }
}

/// The known key that `key` misspells by one edit (a letter added, dropped, changed or two
/// swapped), if any.
fn one_edit_away(key: &str) -> Option<&'static str> {
    docsite_check::suggest::closest(key, KNOWN_KEYS.iter().copied(), 1)
}

/// Reads one field's value, pointing errors at that field's line.
struct FieldReader<'a> {
    yaml_text: &'a str,
    file: &'a Path,
    file_text: &'a str,
}

impl FieldReader<'_> {
    /// Read `key`'s value into `meta`; an unknown key is kept for templates (`page.extra`),
    /// with a warning when it is one edit from a key docsite knows.
    fn field(
        &self,
        meta: &mut FrontMatter,
        key: String,
        value: Yaml,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(), Diagnostic> {
        match key.as_str() {
            "title" => self.text(&key, &value).map(|v| meta.title = Some(v)),
            "description" => self.text(&key, &value).map(|v| meta.description = Some(v)),
            "author" => self.text(&key, &value).map(|v| meta.author = Some(v)),
            "author_social" => self
                .text(&key, &value)
                .map(|v| meta.author_social = Some(v)),
            "slug" => self.text(&key, &value).and_then(|v| {
                // The slug becomes a folder of the output: it must keep something of its own.
                if slug::slugify(&v).is_empty() {
                    return Err(self.wrong(&key, "`slug` must contain a letter or a digit"));
                }
                meta.slug = Some(v);
                Ok(())
            }),
            "template" => self.text(&key, &value).map(|v| {
                meta.template = Some(v);
                meta.template_location = Some(self.location(&key));
            }),
            "date_published" | "date" => self.date(&key, &value).map(|date| {
                // `date_published` is the seed's key; it wins when both are given.
                if key == "date_published" || meta.date.is_none() {
                    meta.date = Some(date);
                }
            }),
            "updated" | "lastmod" => self.date(&key, &value).map(|date| {
                if key == "updated" || meta.updated.is_none() {
                    meta.updated = Some(date);
                }
            }),
            "aliases" => self.aliases(&key, &value).map(|aliases| {
                meta.aliases = aliases;
                meta.aliases_location = Some(self.location(&key));
            }),
            "keywords" => self.keywords(&key, &value).map(|v| meta.keywords = v),
            "draft" => match value {
                Yaml::Bool(draft) => {
                    meta.draft = draft;
                    Ok(())
                }
                _ => Err(self.wrong(&key, "`draft` must be `true` or `false`")),
            },
            "test" => self.steps(&key, &value).map(|steps| meta.test = steps),
            "test_timeout" => match value.as_u64() {
                Some(seconds) if seconds > 0 => {
                    meta.test_timeout = Some(seconds);
                    Ok(())
                }
                _ => Err(self.wrong(&key, "`test_timeout` must be a whole number of seconds")),
            },
            "project" => self.text(&key, &value).map(|v| {
                meta.project = Some(v);
                meta.project_location = Some(self.location(&key));
            }),
            "python" => docsite_check::interpreter::setting(&value)
                .map(|version| meta.python = Some(version))
                .map_err(|message| self.wrong(&key, &message)),
            "weight" => match value.as_i64() {
                Some(weight) => {
                    meta.weight = Some(weight);
                    Ok(())
                }
                None => Err(self.wrong(&key, "`weight` must be a whole number")),
            },
            _ => {
                self.unknown(meta, key, value, diagnostics);
                Ok(())
            }
        }
    }

    /// A key docsite does not know: kept for templates (`page.extra`), with a warning when it
    /// is one edit from a known key, and noted when it is another generator's taxonomy.
    fn unknown(
        &self,
        meta: &mut FrontMatter,
        key: String,
        value: Yaml,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if let Some(known) = one_edit_away(&key) {
            diagnostics.push(
                rules::ds017::RULE
                    .diagnostic(format!("unknown front-matter key `{key}`"))
                    .at(self.key_location(&key))
                    .label(format!("did you mean `{known}`?"))
                    .help(format!(
                        "write `{known}`; keys docsite does not know are kept for templates as `page.extra.{key}`"
                    )),
            );
        }
        if FOREIGN_TAXONOMIES.contains(&key.as_str()) {
            meta.foreign_taxonomies
                .push((key.clone(), self.key_location(&key)));
        }
        meta.extra.insert(key, yaml_to_json(value));
    }

    /// `test:`: one command, or a list of them.
    fn steps(&self, key: &str, value: &Yaml) -> Result<Vec<String>, Diagnostic> {
        match value {
            Yaml::Sequence(items) => items
                .iter()
                .map(|item| {
                    scalar_text(item)
                        .ok_or_else(|| self.wrong(key, "each `test` step must be a command (text)"))
                })
                .collect(),
            other => scalar_text(other)
                .map(|step| vec![step])
                .ok_or_else(|| self.wrong(key, "`test` must be a command or a list of commands")),
        }
    }

    /// Where the value of `key` starts: `key: value` (YAML) or `key = value` (TOML).
    fn position(&self, key: &str) -> Option<(usize, usize)> {
        yaml::value_position(self.yaml_text, key).or_else(|| {
            self.yaml_text
                .lines()
                .enumerate()
                .find_map(|(index, line)| {
                    let rest = line.trim_start().strip_prefix(key)?.trim_start();
                    let value = rest.strip_prefix('=')?.trim_start();
                    let before = &line[..line.len() - value.len()];
                    Some((index + 1, before.chars().count() + 1))
                })
        })
    }

    /// The key itself, for problems with the key rather than its value.
    fn key_location(&self, key: &str) -> Location {
        let line = self.position(key).map_or(1, |(line, _)| line);
        Location::in_text(self.file, self.file_text, line + 1, 1).with_len(key.chars().count())
    }

    fn location(&self, key: &str) -> Location {
        let (line, column) = self.position(key).unwrap_or((1, 1));
        let location = Location::in_text(self.file, self.file_text, line + 1, column);
        let len = location
            .source_line
            .as_deref()
            .map_or(1, |text| text.chars().count().saturating_sub(column - 1));
        location.with_len(len)
    }

    /// Old URLs, each a path from the site's root (`/old/path/`, `old.html`), never leaving it.
    fn aliases(&self, key: &str, value: &Yaml) -> Result<Vec<String>, Diagnostic> {
        let items: Vec<&Yaml> = match value {
            Yaml::Sequence(items) => items.iter().collect(),
            other => vec![other],
        };
        items
            .into_iter()
            .map(|item| {
                let alias = scalar_text(item).ok_or_else(|| {
                    self.wrong(
                        key,
                        "each of `aliases` must be a path, such as `/old/path/`",
                    )
                })?;
                let inside = alias
                    .split('/')
                    .all(|segment| segment != ".." && segment != ".")
                    && !alias.contains(['\\', '\0', '?', '#'])
                    && !alias.contains("://")
                    && !alias.trim_matches('/').is_empty();
                if inside {
                    Ok(alias)
                } else {
                    Err(self.wrong(
                        key,
                        &format!(
                            "alias `{alias}` must be a path of this site, such as `/old/path/`"
                        ),
                    ))
                }
            })
            .collect()
    }

    fn wrong(&self, key: &str, message: &str) -> Diagnostic {
        rules::ds004::RULE
            .diagnostic(message)
            .at(self.location(key))
    }

    fn text(&self, key: &str, value: &Yaml) -> Result<String, Diagnostic> {
        scalar_text(value).ok_or_else(|| self.wrong(key, &format!("`{key}` must be text")))
    }

    fn date(&self, key: &str, value: &Yaml) -> Result<PageDate, Diagnostic> {
        let text = self.text(key, value)?;
        PageDate::parse(&text).map_err(|message| {
            rules::ds005::RULE
                .diagnostic(format!("invalid date in `{key}`"))
                .at(self.location(key))
                .label(message)
                .help("write the date as DD/MM/YYYY (20/02/2021), YYYY-MM-DD or RFC 3339")
        })
    }

    fn keywords(&self, key: &str, value: &Yaml) -> Result<Vec<String>, Diagnostic> {
        let items: Vec<String> = match value {
            Yaml::Null => Vec::new(),
            Yaml::Sequence(items) => items
                .iter()
                .map(|item| {
                    scalar_text(item).ok_or_else(|| self.wrong(key, "each keyword must be text"))
                })
                .collect::<Result<_, _>>()?,
            other => match scalar_text(other) {
                Some(text) => text.split(',').map(str::to_owned).collect(),
                None => {
                    return Err(
                        self.wrong(key, "`keywords` must be a comma-separated string or a list")
                    )
                }
            },
        };
        Ok(items
            .into_iter()
            .map(|item| item.trim().to_owned())
            .filter(|item| !item.is_empty())
            .collect())
    }
}

/// Text of a scalar YAML value; numbers and booleans count as their written form.
fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(text) => Some(text.clone()),
        Yaml::Number(number) => Some(number.to_string()),
        Yaml::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// YAML to JSON for templates; non-text mapping keys become their written form.
pub fn yaml_to_json(value: Yaml) -> Json {
    match value {
        Yaml::Null => Json::Null,
        Yaml::Bool(flag) => Json::Bool(flag),
        Yaml::Number(number) => serde_json::to_value(&number).unwrap_or(Json::Null),
        Yaml::String(text) => Json::String(text),
        Yaml::Sequence(items) => Json::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Mapping(mapping) => Json::Object(
            mapping
                .into_iter()
                .map(|(key, value)| {
                    let key = scalar_text(&key).unwrap_or_else(|| format!("{key:?}"));
                    (key, yaml_to_json(value))
                })
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let split = split(text, Path::new("x.md")).expect("front matter closes");
        match parse(
            split.yaml.unwrap_or(""),
            split.format,
            Path::new("x.md"),
            text,
        ) {
            (meta, diagnostics) if diagnostics.is_empty() => Ok(meta),
            (_, diagnostics) => Err(diagnostics),
        }
    }

    #[test]
    fn a_key_one_edit_from_a_known_key_is_a_warning_with_the_known_key() {
        let errors =
            parse_text("---\ntitle: t\ndescripton: d\ndate_publised: 20/02/2021\nhero: x\n---\n")
                .unwrap_err();
        let found: Vec<(&str, Option<String>, usize, usize)> = errors
            .iter()
            .map(|d| {
                let location = d.location.as_ref().unwrap();
                (d.code, d.label.clone(), location.line, location.column)
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("DS017", Some("did you mean `description`?".into()), 3, 1),
                ("DS017", Some("did you mean `date_published`?".into()), 4, 1),
            ]
        );
        assert!(errors
            .iter()
            .all(|d| d.severity == crate::diagnostic::Severity::Warning));
    }

    #[test]
    fn keywords_string_and_list_give_the_same_trimmed_list() {
        let from_string = parse_text("---\ntitle: t\nkeywords: a, b ,, c\n---\n").unwrap();
        let from_list = parse_text("---\ntitle: t\nkeywords: [a, ' b', '', c]\n---\n").unwrap();
        assert_eq!(from_string.keywords, vec!["a", "b", "c"]);
        assert_eq!(from_list.keywords, from_string.keywords);
    }

    #[test]
    fn invalid_date_points_at_its_value() {
        let errors = parse_text("---\ntitle: t\ndate_published: 31/02/2021\n---\n").unwrap_err();
        let location = errors[0].location.clone().unwrap();
        assert_eq!(
            (errors[0].code, location.line, location.column),
            ("DS005", 3, 17)
        );
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let error = split("---\ntitle: t\n", Path::new("x.md")).unwrap_err();
        assert_eq!(error.code, "DS003");
    }

    #[test]
    fn body_offset_counts_the_fences() {
        let split = split("---\ntitle: t\n---\nbody\n", Path::new("x.md")).unwrap();
        assert_eq!((split.body, split.body_line_offset), ("body\n", 3));
    }
}
