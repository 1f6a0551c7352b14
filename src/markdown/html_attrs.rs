//! Attributes inside raw HTML that Markdown files carry (`<img src="images/x.png">`,
//! `<a name="task1"></a>`): GitHub resolves their links and honours their anchors, so docsite
//! must read them too — without a full HTML parser, since only tags' attributes matter.

/// An attribute value found in raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    /// The attribute name, lowercased.
    pub name: String,
    /// The value as written, without quotes.
    pub value: &'a str,
    /// Byte offset of the value in the scanned text.
    pub offset: usize,
}

/// Every `name=value` attribute of every tag in `html`, in order.
pub fn attrs(html: &str) -> Vec<Attr<'_>> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = html[at..].find('<').map(|i| at + i) {
        at = open + 1;
        if !bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // Skip the tag name.
        while bytes
            .get(at)
            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
        {
            at += 1;
        }
        loop {
            while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            }
            match bytes.get(at) {
                None => return found,
                Some(b'>') => {
                    at += 1;
                    break;
                }
                Some(b'/') => {
                    at += 1;
                    continue;
                }
                Some(_) => {}
            }
            let name_start = at;
            while bytes
                .get(at)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
            {
                at += 1;
            }
            let name = html[name_start..at].to_ascii_lowercase();
            let mut after = at;
            while bytes.get(after).is_some_and(u8::is_ascii_whitespace) {
                after += 1;
            }
            if bytes.get(after) != Some(&b'=') {
                if at == name_start {
                    at += 1;
                }
                continue;
            }
            let (value_start, value_end, next) = value_after(html, after + 1);
            at = next;
            found.push(Attr {
                name,
                value: &html[value_start..value_end],
                offset: value_start,
            });
        }
    }
    found
}

/// The value that starts after the `=` at `at` (after any white space): its start and end, and
/// where reading goes on. Quoted with `"` or `'`, or bare up to white space or `>`.
fn value_after(html: &str, mut at: usize) -> (usize, usize, usize) {
    let bytes = html.as_bytes();
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => {
            let start = at + 1;
            let end = html[start..]
                .find(quote as char)
                .map_or(html.len(), |i| start + i);
            (start, end, (end + 1).min(html.len()))
        }
        _ => {
            let start = at;
            while bytes
                .get(at)
                .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
            {
                at += 1;
            }
            (start, at, at)
        }
    }
}

/// `html` with the values of some attributes replaced: `replace` gets each attribute and returns
/// its new value (already HTML-escaped) or `None` to keep it.
pub fn rewrite(html: &str, mut replace: impl FnMut(&Attr) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for attr in attrs(html) {
        if let Some(value) = replace(&attr) {
            out.push_str(&html[copied..attr.offset]);
            out.push_str(&value);
            copied = attr.offset + attr.value.len();
        }
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_unquoted_and_single_quoted_values() {
        let html = r#"<a name="task1"></a><img src='images/x.png' alt=x width=3><br/>"#;
        let found: Vec<(String, &str)> =
            attrs(html).into_iter().map(|a| (a.name, a.value)).collect();
        assert_eq!(
            found,
            vec![
                ("name".to_owned(), "task1"),
                ("src".to_owned(), "images/x.png"),
                ("alt".to_owned(), "x"),
                ("width".to_owned(), "3"),
            ]
        );
    }

    #[test]
    fn text_outside_tags_and_closing_tags_are_ignored() {
        assert!(attrs("a < b and x=1 </a> <!-- id=\"c\" -->").is_empty());
    }

    #[test]
    fn rewrites_only_what_is_asked() {
        let html = r#"<img SRC="a.png" alt="a.png">"#;
        let rewritten = rewrite(html, |a| (a.name == "src").then(|| "/b.png".to_owned()));
        assert_eq!(rewritten, r#"<img SRC="/b.png" alt="a.png">"#);
    }
}
