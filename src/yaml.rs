//! YAML helpers shared by `docsite.yaml` and front matter: errors and key positions in file coordinates.
//!
//! serde_yaml reports positions relative to the YAML text it was given; front matter starts a
//! line below the top of its Markdown file, so every position here takes a line offset.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};

/// Turn a serde_yaml error into a diagnostic in the coordinates of `file`, whose full text is
/// `file_text` and whose YAML starts after `line_offset` lines.
pub fn error_diagnostic(
    rule: &'static docsite_check::rule::Rule,
    what: &str,
    err: &serde_yaml::Error,
    file: &Path,
    file_text: &str,
    line_offset: usize,
) -> Diagnostic {
    let message = docsite_check::data::without_position(err.to_string());
    let mut diagnostic = rule.diagnostic(format!("{what}: {message}"));
    let (line, column) = match err.location() {
        Some(location) => (location.line() + line_offset, location.column()),
        None => (line_offset + 1, 1),
    };
    diagnostic = diagnostic.at(Location::in_text(file, file_text, line, column));
    if message.starts_with("unknown field") {
        diagnostic = diagnostic.help("check the spelling; the README lists every key");
    }
    diagnostic
}

/// The 1-based line and column where the value of top-level `key` starts in `yaml`, if the key is
/// written there as a plain `key:` mapping entry.
pub fn value_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    position_of(yaml, key, false)
}

/// Like `value_position`, for a key at any indentation (the first match wins).
pub fn value_position_anywhere(yaml: &str, key: &str) -> Option<(usize, usize)> {
    position_of(yaml, key, true)
}

fn position_of(yaml: &str, key: &str, nested: bool) -> Option<(usize, usize)> {
    yaml.lines().enumerate().find_map(|(index, line)| {
        let start = if nested { line.trim_start() } else { line };
        let rest = start.strip_prefix(key)?;
        let after_colon = rest.trim_start().strip_prefix(':')?;
        let value_start = line.len() - after_colon.trim_start().len();
        let column = line[..value_start].chars().count() + 1;
        Some((index + 1, column))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_position_points_at_the_value() {
        let yaml = "title: x\ndate_published: 31/02/2021\n";
        assert_eq!(value_position(yaml, "date_published"), Some((2, 17)));
        assert_eq!(value_position(yaml, "date"), None);
    }
}
