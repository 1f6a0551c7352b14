//! Front matter: the YAML between `---` lines at the top of a Markdown file, as real posts write it.
//!
//! The YAML is read into a generic value first, so syntax errors carry serde_yaml's position, and
//! each known key is then checked by hand, so a wrong value points at its own line and column.

use std::path::Path;

use serde_json::{Map, Value as Json};
use serde_yaml::Value as Yaml;

use super::date::PageDate;
use crate::check::rules;
use crate::diagnostic::{Diagnostic, Location};
use crate::yaml;

/// The known fields of a page's front matter; every other key lands in `extra`.
#[derive(Debug, Clone, Default)]
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
    pub python: Option<docsite_check::python::PythonVersion>,
    /// Unknown keys, kept for templates as `page.extra`.
    pub extra: Map<String, Json>,
}

/// A Markdown file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML text, when the file has front matter.
    pub yaml: Option<&'a str>,
    /// The Markdown after the front matter.
    pub body: &'a str,
    /// How many lines of the file come before `body`.
    pub body_line_offset: usize,
}

/// Separate front matter from the body. `text` is the whole file, `file` its path for messages.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let is_fence = |line: &str| line.trim_end() == "---";
    match lines.next() {
        Some(first) if is_fence(first) => {}
        _ => {
            return Ok(Split {
                yaml: None,
                body: text,
                body_line_offset: 0,
            })
        }
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if is_fence(line) || line.trim_end() == "..." {
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                body: &text[offset + line.len()..],
                body_line_offset: index + 2,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("DS003", "front matter is not closed")
        .at(Location::in_text(file, text, 1, 1).with_len(3))
        .label("this `---` opens front matter")
        .help("end the front matter with a line holding only `---`"))
}

/// The keys docsite reads; any other key goes to `extra`.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "author",
    "author_social",
    "date",
    "date_published",
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

/// Read the front matter YAML of `file` (whose full text is `file_text`; the YAML starts on line
/// 2). Every problem is reported; what could be read is kept, so the page can still be built
/// when the rules are lowered to warnings.
pub fn parse(yaml_text: &str, file: &Path, file_text: &str) -> (FrontMatter, Vec<Diagnostic>) {
    let value: Yaml = match serde_yaml::from_str(yaml_text) {
        Ok(value) => value,
        Err(err) => {
            let diagnostic =
                yaml::error_diagnostic("DS002", "invalid front matter", &err, file, file_text, 1);
            return (FrontMatter::default(), vec![diagnostic]);
        }
    };
    let mapping = match value {
        Yaml::Null => return (FrontMatter::default(), Vec::new()),
        Yaml::Mapping(mapping) => mapping,
        _ => {
            let diagnostic =
                Diagnostic::error("DS004", "front matter must be a list of `key: value` lines")
                    .at(Location::in_text(file, file_text, 2, 1));
            return (FrontMatter::default(), vec![diagnostic]);
        }
    };
    let reader = FieldReader {
        yaml_text,
        file,
        file_text,
    };
    let mut meta = FrontMatter::default();
    let mut diagnostics = Vec::new();
    for (key, value) in mapping {
        let Some(key) = key.as_str().map(str::to_owned) else {
            diagnostics.push(reader.wrong("", "front matter keys must be text"));
            continue;
        };
        let result = match key.as_str() {
            "title" => reader.text(&key, &value).map(|v| meta.title = Some(v)),
            "description" => reader
                .text(&key, &value)
                .map(|v| meta.description = Some(v)),
            "author" => reader.text(&key, &value).map(|v| meta.author = Some(v)),
            "author_social" => reader
                .text(&key, &value)
                .map(|v| meta.author_social = Some(v)),
            "slug" => reader.text(&key, &value).and_then(|v| {
                // The slug becomes a folder of the output: it must keep something of its own.
                if slug::slugify(&v).is_empty() {
                    return Err(reader.wrong(&key, "`slug` must contain a letter or a digit"));
                }
                meta.slug = Some(v);
                Ok(())
            }),
            "template" => reader.text(&key, &value).map(|v| {
                meta.template = Some(v);
                meta.template_location = Some(reader.location(&key));
            }),
            "date_published" | "date" => reader.date(&key, &value).map(|date| {
                // `date_published` is the seed's key; it wins when both are given.
                if key == "date_published" || meta.date.is_none() {
                    meta.date = Some(date);
                }
            }),
            "keywords" => reader.keywords(&key, &value).map(|v| meta.keywords = v),
            "draft" => match value {
                Yaml::Bool(draft) => {
                    meta.draft = draft;
                    Ok(())
                }
                _ => Err(reader.wrong(&key, "`draft` must be `true` or `false`")),
            },
            "test" => match &value {
                Yaml::Sequence(items) => items
                    .iter()
                    .map(|item| {
                        scalar_text(item).ok_or_else(|| {
                            reader.wrong(&key, "each `test` step must be a command (text)")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(|steps| meta.test = steps),
                other => match scalar_text(other) {
                    Some(step) => {
                        meta.test = vec![step];
                        Ok(())
                    }
                    None => {
                        Err(reader.wrong(&key, "`test` must be a command or a list of commands"))
                    }
                },
            },
            "test_timeout" => match value.as_u64() {
                Some(seconds) if seconds > 0 => {
                    meta.test_timeout = Some(seconds);
                    Ok(())
                }
                _ => Err(reader.wrong(&key, "`test_timeout` must be a whole number of seconds")),
            },
            "project" => reader.text(&key, &value).map(|v| {
                meta.project = Some(v);
                meta.project_location = Some(reader.location(&key));
            }),
            "python" => docsite_check::interpreter::setting(&value)
                .map(|version| meta.python = Some(version))
                .map_err(|message| reader.wrong(&key, &message)),
            "weight" => match value.as_i64() {
                Some(weight) => {
                    meta.weight = Some(weight);
                    Ok(())
                }
                None => Err(reader.wrong(&key, "`weight` must be a whole number")),
            },
            _ => {
                if let Some(known) = one_edit_away(&key) {
                    diagnostics.push(
                        rules::ds017::RULE
                            .diagnostic(format!("unknown front-matter key `{key}`"))
                            .at(reader.key_location(&key))
                            .label(format!("did you mean `{known}`?"))
                            .help(format!(
                                "write `{known}`; keys docsite does not know are kept for templates as `page.extra.{key}`"
                            )),
                    );
                }
                meta.extra.insert(key, yaml_to_json(value));
                Ok(())
            }
        };
        if let Err(diagnostic) = result {
            diagnostics.push(diagnostic);
        }
    }
    (meta, diagnostics)
}

/// The known key that `key` misspells by one edit (a letter added, dropped, changed or two
/// swapped), if any.
fn one_edit_away(key: &str) -> Option<&'static str> {
    KNOWN_KEYS
        .iter()
        .copied()
        .find(|known| strsim::damerau_levenshtein(key, known) == 1)
}

/// Reads one field's value, pointing errors at that field's line.
struct FieldReader<'a> {
    yaml_text: &'a str,
    file: &'a Path,
    file_text: &'a str,
}

impl FieldReader<'_> {
    /// The key itself, for problems with the key rather than its value.
    fn key_location(&self, key: &str) -> Location {
        let line = yaml::value_position(self.yaml_text, key).map_or(1, |(line, _)| line);
        Location::in_text(self.file, self.file_text, line + 1, 1).with_len(key.chars().count())
    }

    fn location(&self, key: &str) -> Location {
        let (line, column) = yaml::value_position(self.yaml_text, key).unwrap_or((1, 1));
        let location = Location::in_text(self.file, self.file_text, line + 1, column);
        let len = location
            .source_line
            .as_deref()
            .map_or(1, |text| text.chars().count().saturating_sub(column - 1));
        location.with_len(len)
    }

    fn wrong(&self, key: &str, message: &str) -> Diagnostic {
        Diagnostic::error("DS004", message).at(self.location(key))
    }

    fn text(&self, key: &str, value: &Yaml) -> Result<String, Diagnostic> {
        scalar_text(value).ok_or_else(|| self.wrong(key, &format!("`{key}` must be text")))
    }

    fn date(&self, key: &str, value: &Yaml) -> Result<PageDate, Diagnostic> {
        let text = self.text(key, value)?;
        PageDate::parse(&text).map_err(|message| {
            Diagnostic::error("DS005", format!("invalid date in `{key}`"))
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
        match parse(split.yaml.unwrap_or(""), Path::new("x.md"), text) {
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
