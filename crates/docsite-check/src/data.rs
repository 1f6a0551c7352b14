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
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
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
}
