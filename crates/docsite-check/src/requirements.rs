//! requirements.txt: pip's line format read by hand (continuations, comments, options) with each
//! requirement parsed by pep508_rs.

use std::str::FromStr;

use pep508_rs::{Requirement, VersionOrUrl};

use crate::problem::{Problem, ProblemKind};

/// Options pip accepts on a line of its own; those in `WITH_VALUE` take an argument.
const OPTIONS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "--no-index",
    "-f",
    "--find-links",
    "--pre",
    "--prefer-binary",
    "--only-binary",
    "--no-binary",
    "--trusted-host",
    "--use-feature",
    "--require-hashes",
];

/// One requirement line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Distribution name normalised per PEP 503 (`scikit-learn`).
    pub name: String,
    /// The requirement as written.
    pub written: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// True for `==`/`===` pins and direct URLs.
    pub pinned: bool,
}

/// A parsed requirements file.
#[derive(Debug, Clone, Default)]
pub struct Requirements {
    /// Requirements in order.
    pub entries: Vec<Entry>,
    /// Lines that could not be read.
    pub errors: Vec<Problem>,
}

impl Requirements {
    /// True when a requirement provides distribution `name` (any spelling).
    pub fn provides(&self, name: &str) -> bool {
        let name = normalize(name);
        self.entries.iter().any(|entry| entry.name == name)
    }
}

/// PEP 503 normalisation: lowercase, runs of `-`, `_`, `.` become one `-`.
pub fn normalize(name: &str) -> String {
    let mut normalized = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !normalized.ends_with('-') {
                normalized.push('-');
            }
        } else {
            normalized.push(c.to_ascii_lowercase());
        }
    }
    normalized
}

/// Parse the text of a requirements file.
pub fn parse(text: &str) -> Requirements {
    let mut requirements = Requirements::default();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((index, first)) = lines.next() {
        let mut logical = first.to_owned();
        while logical.ends_with('\\') {
            logical.pop();
            match lines.next() {
                Some((_, next)) => logical.push_str(next),
                None => break,
            }
        }
        let without_comment = strip_comment(&logical);
        let trimmed = without_comment.trim();
        if trimmed.is_empty() {
            continue;
        }
        let column = logical.len() - logical.trim_start().len() + 1;
        read_line(trimmed, index + 1, column, &mut requirements);
    }
    requirements
}

fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(at) => &line[..at],
        None => line,
    }
}

fn read_line(text: &str, line: usize, column: usize, requirements: &mut Requirements) {
    if text.starts_with('-') {
        let option = text
            .split(|c: char| c == '=' || c.is_whitespace())
            .next()
            .unwrap_or(text);
        let known = OPTIONS.contains(&option)
            || (option.len() > 2
                && OPTIONS
                    .iter()
                    .any(|o| o.len() == 2 && option.starts_with(o)));
        if !known {
            requirements.errors.push(
                Problem::new(ProblemKind::UnreadableRequirement, line, column, option.chars().count())
                    .message(format!("unknown pip option `{option}`"))
                    .help("pip accepts -r, -c, -e, -i/--index-url, --extra-index-url, -f, --pre, --hash and a few more"),
            );
        }
        return;
    }
    // Per-requirement options (`--hash=…`) follow the requirement itself.
    let requirement_text = text.split(" --").next().unwrap_or(text).trim();
    let is_path = requirement_text.starts_with('.')
        || requirement_text.starts_with('/')
        || (requirement_text.contains("://") && !requirement_text.contains('@'));
    if is_path {
        return;
    }
    if let Some((at, text, message, help)) = refused_before_pep508(requirement_text) {
        let at = requirement_text[..at].chars().count();
        requirements.errors.push(
            Problem::new(
                ProblemKind::UnreadableRequirement,
                line,
                column + at,
                text.chars().count(),
            )
            .message(format!("cannot read requirement: {message}"))
            .help(help),
        );
        return;
    }
    match Requirement::<pep508_rs::VerbatimUrl>::from_str(requirement_text) {
        Ok(requirement) => {
            let pinned = match &requirement.version_or_url {
                Some(VersionOrUrl::Url(_)) => true,
                Some(VersionOrUrl::VersionSpecifier(specifiers)) => specifiers.iter().any(|s| {
                    matches!(
                        s.operator(),
                        pep440_rs::Operator::Equal | pep440_rs::Operator::ExactEqual
                    )
                }),
                None => false,
            };
            requirements.entries.push(Entry {
                name: normalize(requirement.name.as_ref()),
                written: requirement_text.to_owned(),
                line,
                column,
                pinned,
            });
        }
        Err(err) => {
            let message = err.message.to_string();
            let at = requirement_text[..err.start.min(requirement_text.len())]
                .chars()
                .count();
            requirements.errors.push(
                Problem::new(
                    ProblemKind::UnreadableRequirement,
                    line,
                    column + at,
                    err.len.max(1),
                )
                .message(format!("cannot read requirement: {message}"))
                .help("write `name==version`, optionally with [extras] and a `; marker`"),
            );
        }
    }
}

/// Requirements pep508_rs 0.9 panics on instead of refusing: the byte offset and text of the
/// culprit, a message and a help.
fn refused_before_pep508(requirement: &str) -> Option<(usize, &str, String, &'static str)> {
    if let Some((at, name)) = name_ending_in_punctuation(requirement) {
        let message = format!("name `{name}` ends with punctuation");
        return Some((
            at,
            name,
            message,
            "a package or extra name ends with a letter or digit",
        ));
    }
    let (at, c) = non_ascii_in_marker(requirement)?;
    let message = format!("`{c}` in an environment marker");
    let help = "environment markers compare versions and platform names, written in ASCII";
    Some((at, &requirement[at..at + c.len_utf8()], message, help))
}

/// The byte offset of the first non-ASCII character after `;`: pep508_rs 0.9 measures the word
/// after a marker expression in characters and cuts it in bytes, so one there panics
/// (`a ; python_version < "3" x£`).
fn non_ascii_in_marker(requirement: &str) -> Option<(usize, char)> {
    let marker = requirement.find(';')?;
    requirement[marker..]
        .char_indices()
        .find(|(_, c)| !c.is_ascii())
        .map(|(at, c)| (marker + at, c))
}

/// The byte offset and text of a package or extra name ending in `-`, `_` or `.`, which
/// pep508_rs 0.9 reads up to and then panics on instead of refusing (`Flask-==1`, `x[dev-]`).
fn name_ending_in_punctuation(requirement: &str) -> Option<(usize, &str)> {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let dangling = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_alphanumeric()) && name.ends_with(['-', '_', '.'])
    };
    let name_len = requirement
        .find(|c| !is_name_char(c))
        .unwrap_or(requirement.len());
    let name = &requirement[..name_len];
    if dangling(name) {
        return Some((0, name));
    }
    let after_name = &requirement[name_len..];
    let extras = after_name.trim_start().strip_prefix('[')?;
    let extras_start = requirement.len() - extras.len();
    let extras = extras.find(']').map_or(extras, |end| &extras[..end]);
    let mut offset = extras_start;
    for item in extras.split(',') {
        let leading = item.len() - item.trim_start().len();
        let extra = item.trim_start();
        let extra = &extra[..extra.find(|c| !is_name_char(c)).unwrap_or(extra.len())];
        if dangling(extra) {
            return Some((offset + leading, extra));
        }
        offset += item.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_options_markers_and_extras() {
        let text = "# comment\n-r base.txt\n--index-url https://pypi.org/simple\nFlask==3.0.3  # web\nrequests[socks]>=2.31 ; python_version >= \"3.8\"\nscikit_learn==1.5.0 \\\n  --hash=sha256:abc\n./local-pkg\n";
        let parsed = parse(text);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let names: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.pinned, e.line))
            .collect();
        assert_eq!(
            names,
            [
                ("flask", true, 4),
                ("requests", false, 5),
                ("scikit-learn", true, 6)
            ]
        );
    }

    #[test]
    fn unreadable_lines_are_findings() {
        let parsed = parse("flask==3.0.3\nflask ==> 3\n--frobnicate\n");
        assert_eq!(parsed.errors.len(), 2);
        assert_eq!(parsed.errors[0].line, 2);
    }

    #[test]
    fn names_ending_in_punctuation_are_findings_not_pep508_panics() {
        // Found by the `requirements` fuzz target: pep508_rs 0.9 panics on these.
        let parsed = parse("Flask--==3.0\nrequests[socks-]\nx[a, b_ ]>=1\nok-name[dev]==1\n");
        let found: Vec<_> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.column, e.len))
            .collect();
        assert_eq!(found, [(1, 1, 7), (2, 10, 6), (3, 6, 2)]);
        assert_eq!(parsed.entries.len(), 1);
    }

    #[test]
    fn non_ascii_in_a_marker_is_a_finding_not_a_pep508_panic() {
        // Found by the `requirements` fuzz target: pep508_rs 0.9 cuts `x£` inside the `£`.
        let parsed = parse("a ; python_version < \"3\" x£\nb==1 ; os_name == \"ñ\"\n");
        let found: Vec<_> = parsed
            .errors
            .iter()
            .map(|e| (e.line, e.column, e.len))
            .collect();
        assert_eq!(found, [(1, 27, 1), (2, 20, 1)]);
    }
}
