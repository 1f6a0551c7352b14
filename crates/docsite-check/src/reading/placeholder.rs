//! Placeholders writers leave for the reader to fill in: `<name>`, `[OPTIONS]`, `{{ x }}`,
//! `{% if %}`, `%%IMAGE%%`, `${X}`, `$TOKEN` (in Python), and the elisions `...` and `…`.
//! A block that does not parse only because of them is not wrong: the reader replaces them.
//!
//! The repair is led by the parser's own errors: only a placeholder on the line an error points
//! at (or the line before, where YAML and JSON errors often land) is replaced, by a stand-in
//! of the same width, and the text is parsed again. A placeholder that breaks nothing is never
//! touched, and an error on a line without one is a real error, at its real place.

use std::ops::Range;

/// Parses tried before a repair gives up: a block has few placeholders that each break it.
const ATTEMPTS: usize = 24;

/// Byte ranges of the placeholders in `line`, left to right.
pub fn find(line: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        match placeholder_len(rest) {
            Some(len) => {
                found.push(at..at + len);
                at += len;
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// The length in bytes of the placeholder at the start of `text`, if one starts there.
fn placeholder_len(text: &str) -> Option<usize> {
    let closed = |open: &str, close: &str| {
        text.strip_prefix(open)?
            .find(close)
            .map(|end| open.len() + end + close.len())
    };
    // `#...#` and `<...>`: "something goes here" (`df = #...#`).
    for wrapped in ["#...#", "<...>", "#…#", "<…>"] {
        if text.starts_with(wrapped) {
            return Some(wrapped.len());
        }
    }
    if text.starts_with("...") {
        return Some(3);
    }
    if text.starts_with('…') {
        return Some('…'.len_utf8());
    }
    if text.starts_with("{{") {
        return closed("{{", "}}");
    }
    if text.starts_with("{%") {
        return closed("{%", "%}");
    }
    if text.starts_with("${") {
        return closed("${", "}");
    }
    if let Some(rest) = text.strip_prefix("%%") {
        let name = rest.find("%%")?;
        let is_name = name > 0
            && rest[..name]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        return is_name.then_some(name + 4);
    }
    if let Some(rest) = text.strip_prefix('$') {
        let len = rest
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(rest.len());
        return (len > 0 && rest.starts_with(|c: char| c.is_ascii_uppercase())).then_some(len + 1);
    }
    if let Some(rest) = text.strip_prefix('<') {
        let end = rest.find('>')?;
        let inner = &rest[..end];
        let is_name = rest.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && end <= 80
            && !inner.contains(['<', '"', '\'', '=', '(', ')', ';']);
        return is_name.then_some(end + 2);
    }
    if let Some(rest) = text.strip_prefix('[') {
        let end = rest.find(']')?;
        let inner = &rest[..end];
        let is_name = inner.starts_with(|c: char| c.is_ascii_uppercase())
            && inner
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_-. |".contains(c));
        // `[Your Google Analytics tracking ID]`: words for the reader, not a list or code.
        let words = inner
            .split(' ')
            .filter(|word| !word.is_empty() && word.chars().all(char::is_alphabetic))
            .count();
        let is_prose = words >= 3 && !inner.contains([',', '=']);
        return (is_name || is_prose).then_some(end + 2);
    }
    None
}

/// True for an elision: `...` or `…`.
pub fn is_elision(placeholder: &str) -> bool {
    placeholder == "..." || placeholder == "…"
}

/// A way to replace a placeholder: given it and whether it fills its line, a stand-in of the
/// same width.
pub type StandIn = fn(&str, bool) -> String;

/// Parse `text` with `parse` (its first error and that error's 1-based line), replacing the
/// placeholders an error points at until it parses or fails on a line without any; each line
/// takes the first of `stand_ins` that gets the parser further. Gives the error that remains,
/// at its place in `text` (stand-ins keep widths); `None` when placeholders were all that kept
/// `text` from parsing.
pub fn repair<E>(
    text: &str,
    stand_ins: &[StandIn],
    parse: &dyn Fn(&str) -> Option<(usize, E)>,
) -> Option<E> {
    let mut current = text.to_owned();
    let mut error = parse(&current);
    for _ in 0..ATTEMPTS {
        let Some((line, _)) = &error else {
            break;
        };
        let line = *line;
        let Some(number) = [line, line.saturating_sub(1)]
            .into_iter()
            .find(|&number| number > 0 && has_placeholder(&current, number))
        else {
            break;
        };
        // The stand-in that gets the parser furthest is kept, and only if it does not fail
        // earlier: one that broke an earlier line would move the report away from the real
        // mistake.
        let best = stand_ins
            .iter()
            .filter_map(|stand_in| {
                let repaired = replace_on_line(&current, number, *stand_in)?;
                let next = parse(&repaired);
                let reached = next
                    .as_ref()
                    .map_or(usize::MAX, |(next_line, _)| *next_line);
                (reached >= line).then_some((reached, repaired, next))
            })
            .reduce(|best, candidate| {
                if candidate.0 > best.0 {
                    candidate
                } else {
                    best
                }
            });
        let Some((_, repaired, next)) = best else {
            break;
        };
        current = repaired;
        error = next;
    }
    error.map(|(_, error)| error)
}

fn has_placeholder(text: &str, number: usize) -> bool {
    text.split_inclusive('\n')
        .nth(number - 1)
        .is_some_and(|line| !find(line).is_empty())
}

/// `text` with the placeholders of its line `number` replaced; `None` when that line has none.
fn replace_on_line(text: &str, number: usize, stand_in: StandIn) -> Option<String> {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line = *lines.get(number - 1)?;
    let ranges = find(line);
    if ranges.is_empty() {
        return None;
    }
    let body = line.trim_end_matches(['\n', '\r']);
    let mut repaired = String::with_capacity(line.len());
    let mut last = 0;
    for range in ranges {
        let placeholder = &line[range.clone()];
        let fills_line = body.trim() == placeholder;
        let replacement = stand_in(placeholder, fills_line);
        debug_assert_eq!(replacement.chars().count(), placeholder.chars().count());
        repaired.push_str(&line[last..range.start]);
        repaired.push_str(&replacement);
        last = range.end;
    }
    repaired.push_str(&line[last..]);
    lines[number - 1] = &repaired;
    Some(lines.concat())
}

/// A stand-in that reads as a name: `_` for each character, spaces for an elision.
pub fn as_name(placeholder: &str, _fills_line: bool) -> String {
    let fill = if is_elision(placeholder) { ' ' } else { '_' };
    std::iter::repeat_n(fill, placeholder.chars().count()).collect()
}

/// A stand-in for Python where an elision stands for arguments (`f(a=1, ..., b=2)`): `**_`,
/// which any argument list takes.
pub fn for_python_arguments(placeholder: &str, fills_line: bool) -> String {
    match placeholder {
        "..." => "**_".to_owned(),
        _ => as_name(placeholder, fills_line),
    }
}

/// A stand-in for YAML: a name, or a comment where the placeholder is the whole line (a
/// template's `{{- if .Values.x }}`).
pub fn for_yaml(placeholder: &str, fills_line: bool) -> String {
    let width = placeholder.chars().count();
    if fills_line {
        std::iter::once('#')
            .chain(std::iter::repeat_n(' ', width - 1))
            .collect()
    } else {
        as_name(placeholder, fills_line)
    }
}

/// A stand-in for JSON: a string of the same width, spaces for an elision.
pub fn for_json(placeholder: &str, fills_line: bool) -> String {
    let width = placeholder.chars().count();
    if is_elision(placeholder) || width < 2 {
        return as_name(placeholder, fills_line).replace('_', " ");
    }
    format!("\"{}\"", "_".repeat(width - 2))
}

/// A stand-in for JSON where an elision stands for a value (`"key": ...`): a string.
pub fn for_json_value(placeholder: &str, fills_line: bool) -> String {
    match placeholder {
        "..." => "\"_\"".to_owned(),
        "…" => "0".to_owned(),
        _ => for_json(placeholder, fills_line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(line: &str) -> Vec<&str> {
        find(line).into_iter().map(|range| &line[range]).collect()
    }

    #[test]
    fn placeholders_as_writers_write_them() {
        assert_eq!(
            placeholders("docker run <OPTIONS> -d %%IMAGE%% [COMMAND] [ARG...]"),
            ["<OPTIONS>", "%%IMAGE%%", "[COMMAND]", "[ARG...]"]
        );
        assert_eq!(
            placeholders("image: {{ .Values.image }}:${TAG} … done..."),
            ["{{ .Values.image }}", "${TAG}", "…", "..."]
        );
        assert_eq!(
            placeholders("{'p': <value>, 'key': $API_KEY}"),
            ["<value>", "$API_KEY"]
        );
        assert_eq!(placeholders("{% if x %}"), ["{% if x %}"]);
        assert_eq!(placeholders("df = #...#"), ["#...#"]);
        assert_eq!(
            placeholders("google_analytics: [Your Google Analytics tracking ID]"),
            ["[Your Google Analytics tracking ID]"]
        );
        for none in [
            "a < b > c",
            "if [ -f x ]",
            "echo $home",
            "x = [1, 2]",
            "<<EOF",
            "class Box[T = int]:",
        ] {
            assert_eq!(placeholders(none), Vec::<&str>::new(), "{none}");
        }
    }

    #[test]
    fn only_the_placeholders_an_error_points_at_are_replaced() {
        // A parser that fails on the first line holding `<` or `%`.
        let parse = |text: &str| {
            text.lines()
                .position(|line| line.contains(['<', '%']))
                .map(|index| (index + 1, index + 1))
        };
        let names: &[StandIn] = &[as_name];
        assert_eq!(
            repair("ok <keep>\n", names, &|_: &str| None::<(usize, usize)>),
            None
        );
        assert_eq!(
            repair("a\nrun <pod-name>\nimage: %%IMAGE%%\n", names, &parse),
            None
        );
        assert_eq!(
            repair("a <x>\nb < c\n", names, &parse),
            Some(2),
            "an error on a line without placeholders stays"
        );
    }

    #[test]
    fn stand_ins_keep_widths() {
        assert_eq!(as_name("<value>", false), "_______");
        assert_eq!(as_name("…", false), " ");
        assert_eq!(for_yaml("{{- if .Values.x }}", true), "#                  ");
        assert_eq!(for_json("<value>", false), "\"_____\"");
        assert_eq!(for_json("...", false), "   ");
    }
}
