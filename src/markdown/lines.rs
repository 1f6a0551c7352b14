//! Line numbers and highlighted lines for code blocks (`linenos`, `hl_lines="3-5 8"`): the
//! highlighted HTML is cut into one element per line, closing and reopening the spans that cross
//! a line break, so each line can be numbered and marked by CSS.

/// Parse `hl_lines` (`"3-5 8"`, commas allowed) into 1-based inclusive ranges.
pub fn parse_ranges(spec: &str) -> Vec<(usize, usize)> {
    spec.split([' ', ','])
        .filter(|part| !part.is_empty())
        .filter_map(|part| match part.split_once('-') {
            Some((first, last)) => Some((first.trim().parse().ok()?, last.trim().parse().ok()?)),
            None => part.trim().parse().ok().map(|line| (line, line)),
        })
        .collect()
}

/// Wrap each line of highlighted `html` in `<span class="line">` (plus ` hl` for lines in
/// `marked`), keeping the syntax spans balanced on every line.
pub fn split(html: &str, marked: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut open: Vec<&str> = Vec::new();
    let mut line = 1;
    let start_line = |out: &mut String, line: usize, open: &[&str]| {
        let hl = marked
            .iter()
            .any(|(first, last)| (*first..=*last).contains(&line));
        out.push_str(if hl {
            "<span class=\"line hl\">"
        } else {
            "<span class=\"line\">"
        });
        for tag in open {
            out.push_str(tag);
        }
    };
    start_line(&mut out, line, &open);
    let mut rest = html;
    while let Some(at) = rest.find(['<', '\n']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix('\n') {
            out.push_str(&"</span>".repeat(open.len()));
            out.push_str("</span>\n");
            rest = after;
            // The block's final newline is often followed only by closing tags: no new line.
            if rest.trim_start_matches("</span>").is_empty() {
                return out;
            }
            line += 1;
            start_line(&mut out, line, &open);
        } else {
            let end = rest.find('>').map_or(rest.len(), |end| end + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                open.pop();
            } else {
                open.push(tag);
            }
            out.push_str(tag);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out.push_str(&"</span>".repeat(open.len()));
    out.push_str("</span>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_crossing_lines_are_closed_and_reopened() {
        let html = "<span class=\"s\">\"a\nb\"</span> x\ny\n</span>";
        assert_eq!(
            split(html, &[(2, 2)]),
            "<span class=\"line\"><span class=\"s\">\"a</span></span>\n<span class=\"line hl\"><span class=\"s\">b\"</span> x</span>\n<span class=\"line\">y</span>\n"
        );
        assert_eq!(parse_ranges("3-5 8,10"), vec![(3, 5), (8, 8), (10, 10)]);
    }
}
