//! YAML, JSON and TOML blocks: they must parse; errors carry the parser's line and column.

/// A parse error at a 1-based line and column of the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The parser's message.
    pub message: String,
}

/// Parse every document of a YAML block.
pub fn yaml(text: &str) -> Option<DataError> {
    for document in serde_yaml::Deserializer::from_str(text) {
        if let Err(err) = serde::Deserialize::deserialize(document).map(|_: serde_yaml::Value| ()) {
            let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
            let message = without_position(err.to_string());
            return Some(DataError {
                line,
                column,
                message,
            });
        }
    }
    None
}

/// The syntax of every document of a YAML block, as a reader's tools accept it: a key given
/// twice is not a syntax error (PyYAML and Helm keep the last; a post often shows two
/// alternatives in one block).
pub fn yaml_syntax(text: &str) -> Option<DataError> {
    for document in serde_yaml::Deserializer::from_str(text) {
        if let Err(err) = <serde::de::IgnoredAny as serde::Deserialize>::deserialize(document) {
            let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
            return Some(DataError {
                line,
                column,
                message: without_position(err.to_string()),
            });
        }
    }
    None
}

/// JSON as posts show it: one or more values, with `//` and `/* */` comments and trailing
/// commas allowed (JSONC, what VS Code's settings and `tsconfig.json` take).
pub fn jsonc(text: &str) -> Option<DataError> {
    let plain = without_comments_and_trailing_commas(text);
    let mut values =
        serde_json::Deserializer::from_str(&plain).into_iter::<serde::de::IgnoredAny>();
    for value in values.by_ref() {
        if let Err(err) = value {
            return Some(DataError {
                line: err.line().max(1),
                column: err.column().max(1),
                message: without_position(err.to_string()),
            });
        }
    }
    None
}

/// What each character of a JSON(C) text is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// Code: punctuation, numbers, literals, whitespace.
    Code,
    /// A string, its quotes included.
    String,
    /// A `//` or `/* */` comment.
    Comment,
}

/// The region of each character of `chars`, read as JSON with comments.
pub fn regions(chars: &[char]) -> Vec<Region> {
    let mut regions = vec![Region::Code; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let (region, end) = match (chars[i], chars.get(i + 1)) {
            ('"', _) => {
                let mut end = i + 1;
                while end < chars.len() && chars[end] != '"' {
                    end += if chars[end] == '\\' { 2 } else { 1 };
                }
                (Region::String, (end + 1).min(chars.len()))
            }
            ('/', Some('/')) => {
                let end = (i..chars.len()).find(|&at| chars[at] == '\n');
                (Region::Comment, end.unwrap_or(chars.len()))
            }
            ('/', Some('*')) => {
                let end = (i + 2..chars.len())
                    .find(|&at| chars[at] == '*' && chars.get(at + 1) == Some(&'/'));
                (Region::Comment, end.map_or(chars.len(), |at| at + 2))
            }
            _ => {
                i += 1;
                continue;
            }
        };
        regions[i..end].fill(region);
        i = end;
    }
    regions
}

/// `text` with comments and trailing commas blanked out (each replaced by spaces), so every
/// other character keeps its line and column.
fn without_comments_and_trailing_commas(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let regions = regions(&chars);
    let mut last_comma: Option<usize> = None;
    for (at, region) in regions.iter().enumerate() {
        match (region, chars[at]) {
            (Region::Comment, '\n') => {}
            (Region::Comment, _) => chars[at] = ' ',
            (Region::String, _) => last_comma = None,
            (Region::Code, ',') => last_comma = Some(at),
            (Region::Code, '}' | ']') => {
                if let Some(comma) = last_comma.take() {
                    chars[comma] = ' ';
                }
            }
            (Region::Code, c) if c.is_whitespace() => {}
            (Region::Code, _) => last_comma = None,
        }
    }
    chars.into_iter().collect()
}

/// Parse a JSON block.
pub fn json(text: &str) -> Option<DataError> {
    serde_json::from_str::<serde_json::Value>(text)
        .err()
        .map(|err| DataError {
            line: err.line().max(1),
            column: err.column().max(1),
            message: without_position(err.to_string()),
        })
}

/// Parse a TOML block.
pub fn toml(text: &str) -> Option<DataError> {
    toml::from_str::<toml::Table>(text).err().map(|err| {
        let offset = err.span().map_or(0, |span| span.start);
        let (line, column) = crate::line_index::line_column(text, offset);
        DataError {
            line,
            column,
            message: err.message().to_owned(),
        }
    })
}

/// serde's messages end with " at line L column C"; docsite reports the position separately.
pub fn without_position(message: String) -> String {
    match message.split_once(" at line ") {
        Some((head, _)) => head.to_owned(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_reports_its_position() {
        assert_eq!(yaml("a: 1\nb: [1, 2\n").map(|e| e.line), Some(3));
        assert_eq!(json("{\n  \"a\": 1,\n}\n").map(|e| e.line), Some(3));
        assert_eq!(toml("a = 1\nb = \n").map(|e| e.line), Some(2));
        assert!(yaml("a: 1\n---\nb: 2\n").is_none());
        assert!(json("[1, 2]").is_none());
        assert!(toml("[x]\ny = 'z'\n").is_none());
    }

    #[test]
    fn lenient_readings_accept_what_readers_paste() {
        assert!(yaml("a: 1\na: 2\n").is_some());
        assert!(yaml_syntax("a: 1\na: 2\n").is_none());
        assert_eq!(yaml_syntax("a: [1\n").map(|e| e.line), Some(2));
        assert!(jsonc("{\n  \"a\": [1, 2,], // two\n  /* b */ \"b\": \"x//y\",\n}\n").is_none());
        assert!(jsonc("{\"a\": 1}\n{\"a\": 2}\n").is_none());
        assert_eq!(
            jsonc("{\n  \"a\": 1\n  \"b\": 2\n}\n").map(|e| (e.line, e.column)),
            Some((3, 3))
        );
    }
}
