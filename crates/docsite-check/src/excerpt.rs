//! A block that is not a project file is an excerpt, and is read as one: its placeholders
//! (`<pod-name>`, `%%IMAGE%%`, `{{ .Values.x }}`) are the reader's to fill in, JSON may carry
//! comments and trailing commas, YAML may show a key twice, and a shell block without prompts
//! may show a command's output after it. What is left after that reading is a real error;
//! content that is plainly not the block's language is DS027, not an error per line. Project
//! files (`file=`, bundle files, `run` blocks) never come here: they are checked as they run.

use crate::article::Kind;
use crate::console::{self, BashError, ShellBlock};
use crate::data::{self, DataError};
use crate::reading::is_command;
use crate::reading::placeholder::{self, StandIn};

/// What an excerpt is, once read leniently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<E> {
    /// It parses.
    Fine,
    /// It does not, for a reason a reader would meet too.
    Error(E),
    /// It is not the language it is labelled as at all.
    Instead(Kind),
}

/// A YAML, JSON or TOML excerpt.
pub fn data(kind: Kind, text: &str) -> Verdict<DataError> {
    match kind {
        Kind::Yaml => yaml(text),
        Kind::Json => json(text),
        _ => match repaired(&as_documented(text), &[placeholder::for_json], data::toml) {
            None => Verdict::Fine,
            Some(error) => Verdict::Error(error),
        },
    }
}

/// A TOML excerpt as documentation writes it, read as TOML: the `+++` lines around front
/// matter (Zola's, Hugo's) are its delimiters, not TOML, and a key listed without a value
/// (`date =`) has the reader's value to come, as a placeholder does.
fn as_documented(text: &str) -> String {
    let empty_value = |line: &str| {
        let Some((key, value)) = line.split_once('=') else {
            return false;
        };
        let key = key.trim();
        let value = value.trim();
        !key.is_empty()
            && !key.starts_with('#')
            && !key.starts_with('[')
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | '\'' | ' '))
            && (value.is_empty() || value.starts_with('#'))
    };
    text.split_inclusive('\n')
        .map(|line| match line.split_once('=') {
            None if line.trim() == "+++" => line.replacen("+++", "#++", 1),
            Some((key, rest)) if empty_value(line) => {
                let comment = rest
                    .trim()
                    .strip_prefix('#')
                    .map(|comment| format!(" #{comment}"))
                    .unwrap_or_default();
                let ending = if line.ends_with('\n') { "\n" } else { "" };
                format!("{key}= \"\"{comment}{ending}")
            }
            _ => line.to_owned(),
        })
        .collect()
}

/// The error of `text` under `parse` once its placeholders are replaced where it fails.
fn repaired(
    text: &str,
    stand_ins: &[StandIn],
    parse: fn(&str) -> Option<DataError>,
) -> Option<DataError> {
    placeholder::repair(text, stand_ins, &|text: &str| {
        parse(text).map(|error| (error.line, error))
    })
}

fn yaml(text: &str) -> Verdict<DataError> {
    match repaired(text, &[placeholder::for_yaml], data::yaml_syntax) {
        None => Verdict::Fine,
        Some(_) if !looks_like_yaml(text) => Verdict::Instead(Kind::Text),
        Some(error) => Verdict::Error(error),
    }
}

/// JSON as posts show it: members without their object (`"coordinates": {…},`), `...` for a
/// value or for items, a Python dict (single quotes) labelled `json`.
fn json(text: &str) -> Verdict<DataError> {
    let stand_ins: &[StandIn] = &[placeholder::for_json, placeholder::for_json_value];
    let text = &elisions_and_their_commas_blanked(text);
    let Some(error) = repaired(text, stand_ins, data::jsonc) else {
        return Verdict::Fine;
    };
    // Members without their object (`"coordinates": {…},`), or items cut off after a comma.
    let cut_after_comma = text
        .lines()
        .rfind(|line| !line.trim().is_empty())
        .is_some_and(|line| line.trim_end().ends_with(','));
    let fragment = [("{", "}"), ("[", "]")].iter().any(|(open, close)| {
        let wrapped = format!("{open}\n{text}\n{close}\n");
        match repaired(&wrapped, stand_ins, data::jsonc) {
            None => true,
            Some(error) => cut_after_comma && error.message.starts_with("EOF while parsing"),
        }
    });
    if fragment {
        return Verdict::Fine;
    }
    if !looks_like_json(text) {
        return Verdict::Instead(Kind::Text);
    }
    // A Python dict, or the members of one (`"query": {"terms": {"key": entity_keys}}`).
    let python = [text.to_owned(), format!("{{\n{text}\n}}\n")]
        .iter()
        .any(|source| crate::python::syntax_error(source).is_none());
    if python {
        return Verdict::Instead(Kind::Python);
    }
    Verdict::Error(error)
}

/// JSON with each `...` (or `…`) that stands for members or items blanked out with its comma
/// (`{ ... , "project": "p1" }`, `[ {…}, ... ]`), every other character kept in place.
fn elisions_and_their_commas_blanked(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let regions = data::regions(&chars);
    let mut i = 0;
    while i < chars.len() {
        let width = match chars[i] {
            _ if regions[i] != data::Region::Code => 0,
            '.' if chars[i..].starts_with(&['.', '.', '.']) => 3,
            '…' => 1,
            _ => 0,
        };
        if width == 0 {
            i += 1;
            continue;
        }
        let after = (i + width..chars.len())
            .find(|&at| chars[at] != ' ')
            .unwrap_or(chars.len());
        let before = (0..i).rev().find(|&at| chars[at] != ' ');
        let blank = if chars.get(after) == Some(&',') {
            i..after + 1
        } else if let Some(comma) = before.filter(|&at| chars[at] == ',') {
            comma..i + width
        } else {
            i..i
        };
        let end = blank.end.max(i + width);
        chars[blank].iter_mut().for_each(|c| *c = ' ');
        i = end;
    }
    chars.into_iter().collect()
}

/// The first line that says "YAML": a `key:`, a `- ` item, a flow collection or a document
/// marker (comments and blank lines skipped).
fn looks_like_yaml(text: &str) -> bool {
    let Some(first) = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
    else {
        return true;
    };
    let key = first.split_once(':').is_some_and(|(key, rest)| {
        !key.is_empty() && !key.contains(' ') && (rest.is_empty() || rest.starts_with(' '))
    });
    key || first.starts_with("- ")
        || first == "-"
        || first.starts_with(['{', '[', '"', '\''])
        || first.starts_with("---")
}

/// JSON starts with a value.
fn looks_like_json(text: &str) -> bool {
    let first = text.trim_start();
    first.is_empty()
        || first.starts_with(['{', '[', '"', '-', '/'])
        || first.starts_with(|c: char| c.is_ascii_digit())
}

/// A shell excerpt that `bash -n` refused as `script`: placeholders replaced where bash points;
/// what then still fails is an error when the block is commands (prompted, or every command
/// line reads as one), and otherwise commands with their output, or not shell at all.
pub fn shell(block: &ShellBlock, script: &str) -> Verdict<BashError> {
    let repair = placeholder::repair(script, &[placeholder::as_name], &|script: &str| {
        console::bash_syntax_error(script).map(|error| (error.line, error))
    });
    let Some(error) = repair else {
        return Verdict::Fine;
    };
    let first_line = |text: &str| text.lines().next().unwrap_or("").to_owned();
    let commands: Vec<bool> = block
        .commands
        .iter()
        .filter(|command| command.is_posix())
        .map(|command| is_command(&first_line(&command.text)))
        .collect();
    if block.has_prompts() || commands.iter().all(|&command| command) {
        Verdict::Error(error)
    } else if commands.first() == Some(&true) {
        Verdict::Instead(Kind::Session)
    } else {
        Verdict::Instead(Kind::Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_listing_keys_without_values_is_fine_and_a_real_mistake_is_not() {
        let keys = "+++\ntitle = \"\"\ndate =\n# the template\npage_template =   # optional\n[extra]\nauthor =\n+++\n";
        assert_eq!(data(Kind::Toml, keys), Verdict::Fine);
        assert!(matches!(
            data(Kind::Toml, "date =\nname = unquoted words\n"),
            Verdict::Error(DataError { line: 2, .. })
        ));
    }

    #[test]
    fn data_excerpts() {
        assert_eq!(
            data(Kind::Yaml, "services:\n  db:\n    image: %%IMAGE%%\n"),
            Verdict::Fine
        );
        assert_eq!(
            data(
                Kind::Yaml,
                "{{- if .Values.enabled }}\napiVersion: v1\nkind: {{ .Values.kind }}\n{{- end }}\n"
            ),
            Verdict::Fine
        );
        assert_eq!(
            data(Kind::Yaml, "template:\n  a: 1\ntemplate:\n  a: 2\n"),
            Verdict::Fine
        );
        assert!(matches!(
            data(
                Kind::Yaml,
                "spec:\n  containers:\n  - name: x\n      image: y\n"
            ),
            Verdict::Error(_)
        ));
        assert_eq!(
            data(
                Kind::Yaml,
                "kubectl create secret generic <name> [flags]: x: y\n"
            ),
            Verdict::Instead(Kind::Text)
        );
        assert_eq!(
            data(Kind::Json, "{\n  \"data\": [] // your data here\n}\n"),
            Verdict::Fine
        );
        assert_eq!(
            data(Kind::Json, "{\"probability\": <value>, \"ok\": true}\n"),
            Verdict::Fine
        );
        assert!(matches!(
            data(Kind::Json, "{\n  \"a\": 1\n  \"b\": 2\n}\n"),
            Verdict::Error(_)
        ));
        assert_eq!(
            data(Kind::Json, "data: {\"a\": 1}\ndata: [DONE]\n"),
            Verdict::Instead(Kind::Text)
        );
        assert_eq!(data(Kind::Toml, "[tool]\nname = <name>\n"), Verdict::Fine);
        assert_eq!(
            data(Kind::Json, "\"coordinates\": {\n  \"lat\": 40.6\n},\n"),
            Verdict::Fine
        );
        assert_eq!(
            data(
                Kind::Json,
                "\"coordinates\": {\n  \"start\": {\n    \"lat\": 40.6\n  },\n"
            ),
            Verdict::Fine
        );
        assert!(matches!(
            data(Kind::Json, "{\"a\": [1, 2\n"),
            Verdict::Error(_)
        ));
        assert_eq!(
            data(Kind::Json, "{\n  \"inputs\": [...],\n  \"options\": {...},\n  \"other\": ...   // optional\n}\n"),
            Verdict::Fine
        );
        assert_eq!(
            data(Kind::Json, "{'End_Lat': 40.742963,\n 'Fare_Amt': 45.0}\n"),
            Verdict::Instead(Kind::Python)
        );
        assert_eq!(
            data(
                Kind::Json,
                "{\n  \"relationships\": [ { ... , \"project\": \"p1\" }, ... ]\n}\n"
            ),
            Verdict::Fine
        );
        assert_eq!(
            data(
                Kind::Json,
                "\"query\": {\"terms\": {\"entity_key\": entity_keys}}\n"
            ),
            Verdict::Instead(Kind::Python)
        );
    }

    #[test]
    fn shell_excerpts() {
        if console::bash_syntax_error("(").is_none() {
            eprintln!("skipped: bash is not installed");
            return;
        }
        let verdict = |text: &str| {
            let block = ShellBlock::read(text);
            let (script, _) = block.script();
            shell(&block, &script)
        };
        assert_eq!(verdict("kubectl logs <pod-name>\n"), Verdict::Fine);
        assert!(matches!(verdict("echo \"unclosed\n"), Verdict::Error(_)));
        assert!(matches!(verdict("$ if true; then\n"), Verdict::Error(_)));
        assert_eq!(
            verdict("nvidia-smi\n| NVIDIA-SMI 545.29 (x) |\n+------+\n"),
            Verdict::Instead(Kind::Session)
        );
        assert_eq!(
            verdict("server {\n  location / { proxy_pass http://app; }\n}\n)\n"),
            Verdict::Instead(Kind::Text)
        );
    }
}
