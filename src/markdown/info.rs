//! Code-block info strings: ```` ```python file=app.py title="The API" ```` → language + attributes.
//!
//! One syntax for every attribute: the first word is the language unless it holds `=`; then
//! `key=value`, `key="value with spaces"`, or a bare `flag` (read as `flag=true`).

use std::collections::BTreeMap;

/// A parsed info string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeInfo {
    /// The language as written, lowercased; `None` for a bare fence.
    pub lang: Option<String>,
    /// Attributes after the language.
    pub attrs: BTreeMap<String, String>,
}

impl CodeInfo {
    /// Parse the text after the opening fence.
    pub fn parse(info: &str) -> CodeInfo {
        let mut words = split_words(info).into_iter().peekable();
        let lang = match words.peek() {
            Some(word) if !word.contains('=') => words.next().map(|w| w.to_lowercase()),
            _ => None,
        };
        let attrs = words
            .map(|word| match word.split_once('=') {
                Some((key, value)) => (key.to_owned(), value.to_owned()),
                None => (word, "true".to_owned()),
            })
            .collect();
        CodeInfo { lang, attrs }
    }

    /// The caption shown above the block: its `title`, else its `file`.
    pub fn caption(&self) -> Option<&str> {
        self.attrs
            .get("title")
            .or_else(|| self.attrs.get("file"))
            .map(String::as_str)
    }
}

/// Split on whitespace, keeping `"quoted values"` whole and dropping their quotes.
fn split_words(info: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    for ch in info.trim().chars() {
        match ch {
            '"' => in_quotes = !in_quotes,
            c if c.is_whitespace() && !in_quotes => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_attributes() {
        let info = CodeInfo::parse(r#"Python file=app.py title="The API" run"#);
        assert_eq!(info.lang.as_deref(), Some("python"));
        assert_eq!(info.attrs["file"], "app.py");
        assert_eq!(info.caption(), Some("The API"));
        assert_eq!(info.attrs["run"], "true");
    }

    #[test]
    fn attributes_without_language() {
        let info = CodeInfo::parse("file=Dockerfile");
        assert_eq!(info.lang, None);
        assert_eq!(info.caption(), Some("Dockerfile"));
    }
}
