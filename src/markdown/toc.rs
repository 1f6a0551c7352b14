//! The nested table of contents built from a page's headings.

use serde::Serialize;

/// One heading and the headings below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 1 for `<h1>` … 6 for `<h6>`.
    pub level: u8,
    /// The heading's id, for `#id` links.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
    /// Deeper headings until the next one of this level or higher.
    pub children: Vec<TocEntry>,
}

/// Nest a flat list of `(level, id, title)` headings; a heading that skips levels becomes a child
/// of the nearest shallower heading.
pub fn nest(headings: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        let mut siblings = &mut roots;
        while siblings.last().is_some_and(|last| last.level < level) {
            siblings = &mut siblings.last_mut().expect("checked non-empty").children;
        }
        siblings.push(entry);
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str) -> (u8, String, String) {
        (level, id.to_owned(), id.to_owned())
    }

    #[test]
    fn deeper_headings_nest_under_shallower_ones() {
        let toc = nest(vec![
            heading(2, "a"),
            heading(3, "b"),
            heading(4, "c"),
            heading(2, "d"),
        ]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].id, "b");
        assert_eq!(toc[0].children[0].children[0].id, "c");
        assert_eq!(toc[1].id, "d");
    }
}
