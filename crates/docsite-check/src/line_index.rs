//! Byte offsets to the 1-based lines and character columns every message shows, computed in one
//! place for both crates: [`LineIndex`] for a text asked about many times, [`line_column`] for
//! one question. A line ends at `\n`, `\r\n` or a lone `\r`, as CPython and CommonMark read it.

/// The start of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex<'s> {
    source: &'s str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    /// The index of `source`.
    pub fn new(source: &'s str) -> Self {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        for (at, &byte) in bytes.iter().enumerate() {
            match byte {
                b'\n' => starts.push(at + 1),
                b'\r' if bytes.get(at + 1) != Some(&b'\n') => starts.push(at + 1),
                _ => {}
            }
        }
        LineIndex { source, starts }
    }

    /// The text indexed.
    pub fn source(&self) -> &'s str {
        self.source
    }

    /// 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }

    /// 1-based line and 1-based character column of byte `offset` (an offset past the end is
    /// the end).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let column = self
            .source
            .get(start..offset.min(self.source.len()))
            .map_or(0, |before| before.chars().count());
        (line, column + 1)
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).position(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_every_kind_of_line_break() {
        let text = "ab\ncé\r\nx\ry";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 6), (2, 3), "columns count characters");
        assert_eq!(line_column(text, 8), (3, 1));
        assert_eq!(line_column(text, 10), (4, 1), "a lone \\r ends a line");
        assert_eq!(line_column(text, 99), (4, 2), "past the end is the end");
    }
}
