//! A port of the error paths of CPython 3.11's tokenizer (`Parser/tokenizer.c`): ruff's lexer
//! accepts or positions several things differently, and CPython's tokenizer errors take
//! priority over its parser's, so the tokens and the first tokenizer error come from here.

use super::SyntaxError;

/// CPython's `TABSIZE`: a tab moves to the next multiple of 8 columns.
const TAB_SIZE: usize = 8;
/// CPython's `MAXINDENT`.
const MAX_INDENT: usize = 100;
/// CPython's `MAXLEVEL`: the deepest nesting of brackets.
const MAX_LEVEL: usize = 200;

/// The kind of a token, as far as the compatibility layer needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Name,
    Number,
    String,
    Op,
    Newline,
    Indent,
    Dedent,
    EndMarker,
}

/// A token with CPython's position: 1-based line, 0-based column in characters.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub kind: Kind,
    pub line: usize,
    pub col: usize,
    pub end_line: usize,
    pub end_col: usize,
    /// Byte offsets into the source.
    pub start: usize,
    pub end: usize,
}

/// Whether CPython raises a tokenizer error as soon as it is met, even after a parser error
/// earlier in the file (`PyErr` set by `syntaxerror()`), or only when the parser reaches it
/// (errors signalled through `tok->done`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Priority {
    /// Raised when the full source is tokenized after a parser error: wins over it.
    Always,
    /// Only raised if the parser gets this far.
    WhenReached,
}

/// The first error the tokenizer meets.
#[derive(Debug, Clone)]
pub(super) struct TokError {
    pub error: SyntaxError,
    pub priority: Priority,
}

/// An opening bracket still open at the end of the file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Unclosed {
    pub bracket: char,
    pub line: usize,
    pub col: usize,
}

/// The tokens up to the first error, the error, and the innermost bracket left open at the end.
#[derive(Debug, Clone, Default)]
pub(super) struct Tokenized {
    pub tokens: Vec<Token>,
    pub error: Option<TokError>,
    pub unclosed: Option<Unclosed>,
}

impl Tokenized {
    /// The text of a token.
    pub fn text<'s>(&self, source: &'s str, index: usize) -> &'s str {
        self.tokens
            .get(index)
            .and_then(|t| source.get(t.start..t.end))
            .unwrap_or("")
    }

    /// Index of the first token starting at or after byte `offset`.
    pub fn index_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }
}

/// Tokenizes `source` the way CPython 3.11 does, stopping at the first error. With `pep701`
/// (3.12 on), an f-string is still one token, but it ends where 3.12's grammar ends it: its
/// replacement fields are code, which may hold strings in the same quotes, comments and line
/// breaks.
pub(super) fn tokenize(source: &str, pep701: bool) -> Tokenized {
    let mut t = Tokenizer::new(source);
    t.pep701 = pep701;
    let mut out = Tokenized::default();
    loop {
        match t.tok_get() {
            Ok(token) => {
                let end = token.kind == Kind::EndMarker;
                out.tokens.push(token);
                if end {
                    break;
                }
            }
            Err(Stop::Error(error)) => {
                out.error = Some(error);
                break;
            }
            Err(Stop::Unclosed(unclosed)) => {
                out.unclosed = Some(unclosed);
                break;
            }
        }
    }
    out
}

enum Stop {
    Error(TokError),
    Unclosed(Unclosed),
}

struct Tokenizer<'a> {
    source: &'a str,
    /// The source as CPython sees it: `\r\n` and `\r` read as `\n`, a final newline added.
    chars: Vec<char>,
    /// Byte offset in `source` of each char (one extra entry for the end).
    offsets: Vec<usize>,
    /// Char index of the start of each line.
    lines: Vec<usize>,
    /// Index of the next char to read (`tok->cur`).
    cur: usize,
    /// Index one past the end of the current line (`tok->inp`).
    inp: usize,
    /// Start of the current line (`tok->line_start`).
    line_start: usize,
    /// Start of the buffer (`tok->buf`): the current line, or the first line of a logical
    /// line joined by backslashes or holding a multi-line string.
    buf: usize,
    /// Whether a token is being read (`tok->start` set): a line read then keeps the buffer.
    in_token: bool,
    lineno: usize,
    /// Start of the current token (`tok->start`).
    start: usize,
    atbol: bool,
    pendin: isize,
    indstack: Vec<usize>,
    altindstack: Vec<usize>,
    parens: Vec<Unclosed>,
    /// Read f-strings as 3.12 does (PEP 701).
    pep701: bool,
}

impl<'a> Tokenizer<'a> {
    fn new(source: &'a str) -> Self {
        let mut chars = Vec::with_capacity(source.len() + 1);
        let mut offsets = Vec::with_capacity(source.len() + 2);
        let mut iter = source.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c == '\r' {
                if let Some(&(_, '\n')) = iter.peek() {
                    iter.next();
                }
                chars.push('\n');
            } else {
                chars.push(c);
            }
            offsets.push(i);
        }
        if chars.last() != Some(&'\n') {
            chars.push('\n');
            offsets.push(source.len());
        }
        offsets.push(source.len());
        let lines = std::iter::once(0)
            .chain(
                chars
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| c == '\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Tokenizer {
            source,
            chars,
            offsets,
            lines,
            cur: 0,
            inp: 0,
            line_start: 0,
            buf: 0,
            in_token: false,
            lineno: 0,
            start: 0,
            atbol: true,
            pendin: 0,
            indstack: vec![0],
            altindstack: vec![0],
            parens: Vec::new(),
            pep701: false,
        }
    }

    /// `tok_nextc`: the next char, reading a new line (and counting it) when needed.
    fn nextc(&mut self) -> Option<char> {
        if self.cur >= self.chars.len() {
            return None;
        }
        if self.cur == self.inp {
            self.lineno += 1;
            self.line_start = self.cur;
            if !self.in_token {
                self.buf = self.cur;
            }
            self.inp = self.chars[self.cur..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(self.chars.len(), |p| self.cur + p + 1);
        }
        let c = self.chars[self.cur];
        self.cur += 1;
        Some(c)
    }

    /// `tok_backup`.
    fn backup(&mut self, c: Option<char>) {
        if c.is_some() && self.cur > 0 {
            self.cur -= 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.cur).copied()
    }

    fn byte(&self, index: usize) -> usize {
        self.offsets
            .get(index)
            .copied()
            .unwrap_or(self.source.len())
    }

    fn token(&self, kind: Kind, start: usize, end: usize) -> Token {
        let (line, col) = self.position(start);
        let (end_line, end_col) = self.position(end);
        Token {
            kind,
            line,
            col,
            end_line,
            end_col,
            start: self.byte(start),
            end: self.byte(end),
        }
    }

    /// Line (1-based) and column (0-based, in chars) of a char index.
    fn position(&self, index: usize) -> (usize, usize) {
        let line = self.lines.partition_point(|&start| start <= index).max(1);
        (line, index - self.lines[line - 1])
    }

    /// `syntaxerror()`: the offset is the number of chars from the line start to `cur`.
    fn syntax_error(&self, message: String) -> Stop {
        let col = self.cur.saturating_sub(self.line_start);
        self.error_at(self.lineno, col, 1, message, Priority::Always)
    }

    fn error_at(
        &self,
        line: usize,
        column: usize,
        len: usize,
        message: String,
        priority: Priority,
    ) -> Stop {
        Stop::Error(TokError {
            error: SyntaxError {
                line: line.max(1),
                column: column.max(1),
                len: len.max(1),
                message,
                help: None,
                needs: None,
            },
            priority,
        })
    }

    /// Errors signalled through `tok->done`, positioned by the parser's `tokenizer_error`.
    fn done_error(&mut self, kind: Done) -> Stop {
        let line_len = self.inp.saturating_sub(self.line_start);
        self.start = self.line_start;
        let (column, message) = match kind {
            Done::TabSpace => (
                1,
                "inconsistent use of tabs and spaces in indentation".to_string(),
            ),
            Done::TooDeep => (1, "too many levels of indentation".to_string()),
            // The offset is where the tokenizer stopped: the end of the line.
            Done::Dedent => (
                line_len,
                "unindent does not match any outer indentation level".to_string(),
            ),
        };
        self.error_at(self.lineno, column, 1, message, Priority::WhenReached)
    }

    fn tok_get(&mut self) -> Result<Token, Stop> {
        let mut blankline = false;
        'nextline: loop {
            self.in_token = false;
            if self.atbol {
                self.atbol = false;
                blankline = false;
                let (mut col, mut altcol) = (0usize, 0usize);
                let mut c;
                loop {
                    c = self.nextc();
                    match c {
                        Some(' ') => {
                            col += 1;
                            altcol += 1;
                        }
                        Some('\t') => {
                            col = (col / TAB_SIZE + 1) * TAB_SIZE;
                            altcol += 1;
                        }
                        Some('\x0c') => {
                            col = 0;
                            altcol = 0;
                        }
                        _ => break,
                    }
                }
                self.backup(c);
                // Comment lines, blank lines and lines starting with a backslash leave the
                // indentation alone.
                if matches!(c, Some('#' | '\n' | '\\')) {
                    blankline = true;
                }
                if !blankline && self.parens.is_empty() {
                    self.indentation(col, altcol)?;
                }
            }

            self.start = self.cur;
            if self.pendin != 0 {
                let kind = if self.pendin < 0 {
                    self.pendin += 1;
                    Kind::Dedent
                } else {
                    self.pendin -= 1;
                    Kind::Indent
                };
                return Ok(self.token(kind, self.cur, self.cur));
            }

            loop {
                // Skip spaces.
                self.in_token = false;
                let mut c = self.nextc();
                while matches!(c, Some(' ' | '\t' | '\x0c')) {
                    c = self.nextc();
                }
                self.start = if c.is_some() { self.cur - 1 } else { self.cur };
                self.in_token = true;

                if c == Some('#') {
                    while !matches!(c, None | Some('\n')) {
                        c = self.nextc();
                    }
                }

                let Some(ch) = c else {
                    if let Some(&innermost) = self.parens.last() {
                        return Err(Stop::Unclosed(innermost));
                    }
                    return Ok(self.token(Kind::EndMarker, self.cur, self.cur));
                };

                if is_potential_identifier_start(ch) {
                    return self.identifier_or_string(ch);
                }

                if ch == '\n' {
                    self.atbol = true;
                    if blankline || !self.parens.is_empty() {
                        continue 'nextline;
                    }
                    return Ok(self.token(Kind::Newline, self.start, self.cur));
                }

                if ch == '.' {
                    let c2 = self.nextc();
                    if c2.is_some_and(|c| c.is_ascii_digit()) {
                        return self.number_fraction(c2);
                    }
                    if c2 == Some('.') && self.peek() == Some('.') {
                        self.nextc();
                    } else {
                        self.cur = self.start + 1;
                    }
                    return Ok(self.token(Kind::Op, self.start, self.cur));
                }

                if ch.is_ascii_digit() {
                    return self.number(ch);
                }

                if ch == '\'' || ch == '"' {
                    return self.string(ch);
                }

                if ch == '\\' {
                    let c2 = self.nextc();
                    if c2 != Some('\n') {
                        // `tokenizer_error` for E_LINECONT: the column after the backslash,
                        // counted from the start of the buffer.
                        let col = self.cur.saturating_sub(self.buf);
                        return Err(self.error_at(
                            self.lineno,
                            col,
                            1,
                            "unexpected character after line continuation character".to_string(),
                            Priority::WhenReached,
                        ));
                    }
                    let c3 = self.nextc();
                    if c3.is_none() {
                        if let Some(&innermost) = self.parens.last() {
                            return Err(Stop::Unclosed(innermost));
                        }
                        let col = self.inp.saturating_sub(self.line_start);
                        return Err(self.error_at(
                            self.lineno,
                            col,
                            1,
                            "unexpected EOF while parsing".to_string(),
                            Priority::WhenReached,
                        ));
                    }
                    self.backup(c3);
                    continue;
                }

                return self.operator(ch);
            }
        }
    }

    /// The indentation of a new logical line: INDENT/DEDENT bookkeeping and its errors.
    fn indentation(&mut self, col: usize, altcol: usize) -> Result<(), Stop> {
        let top = self.indstack.len() - 1;
        if col == self.indstack[top] {
            if altcol != self.altindstack[top] {
                return Err(self.done_error(Done::TabSpace));
            }
        } else if col > self.indstack[top] {
            if self.indstack.len() >= MAX_INDENT {
                return Err(self.done_error(Done::TooDeep));
            }
            if altcol <= self.altindstack[top] {
                return Err(self.done_error(Done::TabSpace));
            }
            self.pendin += 1;
            self.indstack.push(col);
            self.altindstack.push(altcol);
        } else {
            while self.indstack.len() > 1 && col < self.indstack[self.indstack.len() - 1] {
                self.pendin -= 1;
                self.indstack.pop();
                self.altindstack.pop();
            }
            let top = self.indstack.len() - 1;
            if col != self.indstack[top] {
                return Err(self.done_error(Done::Dedent));
            }
            if altcol != self.altindstack[top] {
                return Err(self.done_error(Done::TabSpace));
            }
        }
        Ok(())
    }

    fn identifier_or_string(&mut self, first: char) -> Result<Token, Stop> {
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f) = (false, false, false, false);
        let mut c = Some(first);
        loop {
            match c {
                Some('b' | 'B') if !(saw_b || saw_u || saw_f) => saw_b = true,
                Some('u' | 'U') if !(saw_b || saw_u || saw_r || saw_f) => saw_u = true,
                Some('r' | 'R') if !(saw_r || saw_u) => saw_r = true,
                Some('f' | 'F') if !(saw_f || saw_b || saw_u) => saw_f = true,
                _ => break,
            }
            c = self.nextc();
            if let Some(q @ ('"' | '\'')) = c {
                if saw_f && self.pep701 {
                    return self.fstring(q);
                }
                return self.string(q);
            }
        }
        let mut nonascii = false;
        while let Some(ch) = c.filter(|&ch| is_potential_identifier_char(ch)) {
            nonascii |= !ch.is_ascii();
            c = self.nextc();
        }
        self.backup(c);
        if nonascii {
            self.verify_identifier()?;
        }
        Ok(self.token(Kind::Name, self.start, self.cur))
    }

    /// `verify_identifier`: the first char that cannot be part of an identifier.
    fn verify_identifier(&mut self) -> Result<(), Stop> {
        let word = &self.chars[self.start..self.cur];
        let invalid = word.iter().enumerate().position(|(i, &ch)| {
            if i == 0 {
                !is_xid_start(ch)
            } else {
                !is_xid_continue(ch)
            }
        });
        let Some(invalid) = invalid else {
            return Ok(());
        };
        let ch = word[invalid];
        self.cur = self.start + invalid + 1;
        let hex = format!("{:04X}", u32::from(ch));
        let message = if is_printable(ch) {
            format!("invalid character '{ch}' (U+{hex})")
        } else {
            format!("invalid non-printable character U+{hex}")
        };
        Err(self.syntax_error(message))
    }

    fn string(&mut self, quote: char) -> Result<Token, Stop> {
        let first_lineno = self.lineno;
        let multi_line_start = self.line_start;
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut c = self.nextc();
        if c == Some(quote) {
            c = self.nextc();
            if c == Some(quote) {
                quote_size = 3;
            } else {
                end_quote_size = 1;
            }
        }
        if c != Some(quote) {
            self.backup(c);
        }
        while end_quote_size != quote_size {
            let c = self.nextc();
            let Some(ch) = c.filter(|&ch| quote_size == 3 || ch != '\n') else {
                let detected = self.lineno;
                let col = self.start + 1 - multi_line_start;
                let message = if quote_size == 3 {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {detected})"
                    )
                } else {
                    format!("unterminated string literal (detected at line {detected})")
                };
                return Err(self.error_at(first_lineno, col, 1, message, Priority::Always));
            };
            if ch == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if ch == '\\' {
                    self.nextc();
                }
            }
        }
        Ok(self.token(Kind::String, self.start, self.cur))
    }

    /// A 3.12 f-string (PEP 701): its literal parts like a string's, its replacement fields
    /// read as code up to their `}`, nested strings and f-strings included.
    /// An f-string that does not end as 3.12 reads it (`f"Hello {name"`, a field left open) is
    /// read again as a plain string, so the token ends where 3.12's tokenizer gives up and
    /// ruff's error inside it (`versions::fstring_error`) is the one reported.
    fn fstring(&mut self, quote: char) -> Result<Token, Stop> {
        let at = (self.cur, self.inp, self.line_start, self.buf, self.lineno);
        let triple = self.opening_quotes(quote);
        if self.fstring_body(quote, triple, false).is_some() {
            return Ok(self.token(Kind::String, self.start, self.cur));
        }
        (self.cur, self.inp, self.line_start, self.buf, self.lineno) = at;
        self.string(quote)
    }

    /// Reads past the opening quotes of a string whose first quote was just read; true for
    /// triple quotes. An empty string (`""`) is left with its closing quote unread.
    fn opening_quotes(&mut self, quote: char) -> bool {
        let second = self.nextc();
        if second == Some(quote) {
            let third = self.nextc();
            if third == Some(quote) {
                return true;
            }
            self.backup(third);
        }
        self.backup(second);
        false
    }

    /// Reads an f-string's literal text up to its closing quotes (or, in a format spec, up to
    /// the `}` that ends it, left unread); `None` at a line end or the file's end first.
    fn fstring_body(&mut self, quote: char, triple: bool, in_spec: bool) -> Option<()> {
        loop {
            let c = self.nextc()?;
            match c {
                '\n' if !triple && !in_spec => return None,
                '\\' => {
                    self.nextc()?;
                }
                '{' if self.peek() == Some('{') => {
                    self.nextc();
                }
                '{' => self.replacement_field(quote, triple)?,
                '}' if in_spec => {
                    self.backup(Some('}'));
                    return Some(());
                }
                c if c == quote && !in_spec => {
                    if !triple {
                        return Some(());
                    }
                    let (second, third) = (self.nextc(), self.nextc());
                    if second == Some(quote) && third == Some(quote) {
                        return Some(());
                    }
                    self.backup(third);
                    self.backup(second);
                }
                _ => {}
            }
        }
    }

    /// Reads a replacement field's code after its `{`, through its closing `}`.
    fn replacement_field(&mut self, quote: char, triple: bool) -> Option<()> {
        let mut depth = 0usize;
        loop {
            let c = self.nextc()?;
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                '}' if depth == 0 => return Some(()),
                '}' => depth -= 1,
                ':' if depth == 0 => {
                    self.fstring_body(quote, triple, true)?;
                    self.nextc();
                    return Some(());
                }
                '#' => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.nextc();
                    }
                }
                '\'' | '"' => {
                    let prefix = self.chars[..self.cur - 1]
                        .iter()
                        .rev()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .any(|c| matches!(c, 'f' | 'F'));
                    let nested_triple = self.opening_quotes(c);
                    if prefix {
                        self.fstring_body(c, nested_triple, false)?;
                    } else {
                        self.plain_string_body(c, nested_triple)?;
                    }
                }
                _ => {}
            }
        }
    }

    /// Reads a plain string's text after its opening quotes, through its closing ones.
    fn plain_string_body(&mut self, quote: char, triple: bool) -> Option<()> {
        let mut closing = 0;
        while closing < if triple { 3 } else { 1 } {
            let c = self.nextc()?;
            if c == quote {
                closing += 1;
                continue;
            }
            closing = 0;
            match c {
                '\n' if !triple => return None,
                '\\' => {
                    self.nextc()?;
                }
                _ => {}
            }
        }
        Some(())
    }

    fn number(&mut self, first: char) -> Result<Token, Stop> {
        if first == '0' {
            let mut c = self.nextc();
            match c {
                Some('x' | 'X') => {
                    c = self.nextc();
                    loop {
                        if c == Some('_') {
                            c = self.nextc();
                        }
                        if !c.is_some_and(|c| c.is_ascii_hexdigit()) {
                            self.backup(c);
                            return Err(self.syntax_error("invalid hexadecimal literal".into()));
                        }
                        loop {
                            c = self.nextc();
                            if !c.is_some_and(|c| c.is_ascii_hexdigit()) {
                                break;
                            }
                        }
                        if c != Some('_') {
                            break;
                        }
                    }
                    self.verify_end_of_number(c, "hexadecimal")?;
                }
                Some('o' | 'O') => {
                    c = self.nextc();
                    loop {
                        if c == Some('_') {
                            c = self.nextc();
                        }
                        if !c.is_some_and(|c| ('0'..'8').contains(&c)) {
                            if let Some(d) = c.filter(char::is_ascii_digit) {
                                return Err(self.syntax_error(format!(
                                    "invalid digit '{d}' in octal literal"
                                )));
                            }
                            self.backup(c);
                            return Err(self.syntax_error("invalid octal literal".into()));
                        }
                        loop {
                            c = self.nextc();
                            if !c.is_some_and(|c| ('0'..'8').contains(&c)) {
                                break;
                            }
                        }
                        if c != Some('_') {
                            break;
                        }
                    }
                    if let Some(d) = c.filter(char::is_ascii_digit) {
                        return Err(
                            self.syntax_error(format!("invalid digit '{d}' in octal literal"))
                        );
                    }
                    self.verify_end_of_number(c, "octal")?;
                }
                Some('b' | 'B') => {
                    c = self.nextc();
                    loop {
                        if c == Some('_') {
                            c = self.nextc();
                        }
                        if !matches!(c, Some('0' | '1')) {
                            if let Some(d) = c.filter(char::is_ascii_digit) {
                                return Err(self.syntax_error(format!(
                                    "invalid digit '{d}' in binary literal"
                                )));
                            }
                            self.backup(c);
                            return Err(self.syntax_error("invalid binary literal".into()));
                        }
                        loop {
                            c = self.nextc();
                            if !matches!(c, Some('0' | '1')) {
                                break;
                            }
                        }
                        if c != Some('_') {
                            break;
                        }
                    }
                    if let Some(d) = c.filter(char::is_ascii_digit) {
                        return Err(
                            self.syntax_error(format!("invalid digit '{d}' in binary literal"))
                        );
                    }
                    self.verify_end_of_number(c, "binary")?;
                }
                _ => {
                    let mut nonzero = false;
                    loop {
                        if c == Some('_') {
                            c = self.nextc();
                            if !c.is_some_and(|c| c.is_ascii_digit()) {
                                self.backup(c);
                                return Err(self.syntax_error("invalid decimal literal".into()));
                            }
                        }
                        if c != Some('0') {
                            break;
                        }
                        c = self.nextc();
                    }
                    let zeros_end = self.cur;
                    if c.is_some_and(|c| c.is_ascii_digit()) {
                        nonzero = true;
                        c = self.decimal_tail()?;
                    }
                    match c {
                        Some('.') => {
                            let c = self.nextc();
                            return self.number_fraction(c);
                        }
                        Some('e' | 'E') => return self.number_exponent(c),
                        Some('j' | 'J') => return self.number_imaginary(),
                        _ => {}
                    }
                    if nonzero {
                        self.backup(c);
                        let col = self.start + 1 - self.line_start;
                        let end = zeros_end.saturating_sub(self.line_start);
                        return Err(self.error_at(
                            self.lineno,
                            col,
                            end.saturating_sub(col).max(1),
                            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".into(),
                            Priority::Always,
                        ));
                    }
                    self.verify_end_of_number(c, "decimal")?;
                }
            }
            self.backup(c);
            return Ok(self.token(Kind::Number, self.start, self.cur));
        }
        let c = self.decimal_tail()?;
        match c {
            Some('.') => {
                let c = self.nextc();
                self.number_fraction(c)
            }
            _ => self.number_after_fraction(c),
        }
    }

    /// After the `.` of a float: `c` is the char following it.
    fn number_fraction(&mut self, c: Option<char>) -> Result<Token, Stop> {
        let mut c = c;
        if c.is_some_and(|c| c.is_ascii_digit()) {
            c = self.decimal_tail()?;
        }
        self.number_after_fraction(c)
    }

    fn number_after_fraction(&mut self, c: Option<char>) -> Result<Token, Stop> {
        match c {
            Some('e' | 'E') => self.number_exponent(c),
            Some('j' | 'J') => self.number_imaginary(),
            _ => {
                self.verify_end_of_number(c, "decimal")?;
                self.backup(c);
                Ok(self.token(Kind::Number, self.start, self.cur))
            }
        }
    }

    fn number_exponent(&mut self, e: Option<char>) -> Result<Token, Stop> {
        let mut c = self.nextc();
        if matches!(c, Some('+' | '-')) {
            c = self.nextc();
            if !c.is_some_and(|c| c.is_ascii_digit()) {
                self.backup(c);
                return Err(self.syntax_error("invalid decimal literal".into()));
            }
        } else if !c.is_some_and(|c| c.is_ascii_digit()) {
            self.backup(c);
            self.verify_end_of_number(e, "decimal")?;
            self.backup(e);
            return Ok(self.token(Kind::Number, self.start, self.cur));
        }
        let c = self.decimal_tail()?;
        if matches!(c, Some('j' | 'J')) {
            return self.number_imaginary();
        }
        self.verify_end_of_number(c, "decimal")?;
        self.backup(c);
        Ok(self.token(Kind::Number, self.start, self.cur))
    }

    fn number_imaginary(&mut self) -> Result<Token, Stop> {
        let c = self.nextc();
        self.verify_end_of_number(c, "imaginary")?;
        self.backup(c);
        Ok(self.token(Kind::Number, self.start, self.cur))
    }

    /// `tok_decimal_tail`: digits and single underscores; returns the char after them.
    fn decimal_tail(&mut self) -> Result<Option<char>, Stop> {
        loop {
            let mut c;
            loop {
                c = self.nextc();
                if !c.is_some_and(|c| c.is_ascii_digit()) {
                    break;
                }
            }
            if c != Some('_') {
                return Ok(c);
            }
            c = self.nextc();
            if !c.is_some_and(|c| c.is_ascii_digit()) {
                self.backup(c);
                return Err(self.syntax_error("invalid decimal literal".into()));
            }
        }
    }

    /// `verify_end_of_number`: a number directly followed by a letter is an error, except
    /// before the keywords that may follow a number in valid code (a warning in 3.11).
    fn verify_end_of_number(&mut self, c: Option<char>, kind: &str) -> Result<(), Stop> {
        let rest: String = self.chars[self.cur..].iter().take(3).collect::<String>();
        let keyword_follows = match c {
            Some('a') => rest.starts_with("nd"),
            Some('e') => rest.starts_with("lse"),
            Some('f') => rest.starts_with("or"),
            Some('i') => matches!(rest.chars().next(), Some('f' | 'n' | 's')),
            Some('o') => rest.starts_with('r'),
            Some('n') => rest.starts_with("ot"),
            _ => false,
        };
        if keyword_follows {
            return Ok(());
        }
        // Only ASCII: a non-ASCII character after a number is a token of its own.
        if c.is_some_and(|c| c.is_ascii() && is_potential_identifier_char(c)) {
            self.backup(c);
            return Err(self.syntax_error(format!("invalid {kind} literal")));
        }
        Ok(())
    }

    fn operator(&mut self, ch: char) -> Result<Token, Stop> {
        let c2 = self.peek();
        if let Some(c2) = c2 {
            if is_two_char_op(ch, c2) {
                self.nextc();
                if let Some(c3) = self.peek() {
                    if is_three_char_op(ch, c2, c3) {
                        self.nextc();
                    }
                }
                return Ok(self.token(Kind::Op, self.start, self.cur));
            }
        }
        match ch {
            '(' | '[' | '{' => {
                if self.parens.len() >= MAX_LEVEL {
                    return Err(self.syntax_error("too many nested parentheses".into()));
                }
                let (line, col) = (self.lineno, self.start - self.line_start);
                self.parens.push(Unclosed {
                    bracket: ch,
                    line,
                    col,
                });
            }
            ')' | ']' | '}' => {
                let Some(open) = self.parens.pop() else {
                    return Err(self.syntax_error(format!("unmatched '{ch}'")));
                };
                let expected = match open.bracket {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                if ch != expected {
                    let message = if open.line != self.lineno {
                        format!(
                            "closing parenthesis '{ch}' does not match opening parenthesis '{}' on line {}",
                            open.bracket, open.line
                        )
                    } else {
                        format!(
                            "closing parenthesis '{ch}' does not match opening parenthesis '{}'",
                            open.bracket
                        )
                    };
                    return Err(self.syntax_error(message));
                }
            }
            _ => {}
        }
        if !is_printable(ch) {
            return Err(self.syntax_error(format!(
                "invalid non-printable character U+{:04X}",
                u32::from(ch)
            )));
        }
        Ok(self.token(Kind::Op, self.start, self.cur))
    }
}

#[derive(Clone, Copy)]
enum Done {
    TabSpace,
    TooDeep,
    Dedent,
}

fn is_potential_identifier_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
}

fn is_potential_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii()
}

fn is_two_char_op(c1: char, c2: char) -> bool {
    matches!(
        (c1, c2),
        ('!', '=')
            | ('%', '=')
            | ('&', '=')
            | ('*', '*' | '=')
            | ('+', '=')
            | ('-', '=' | '>')
            | ('/', '/' | '=')
            | (':', '=')
            | ('<', '<' | '=' | '>')
            | ('=', '=')
            | ('>', '=' | '>')
            | ('@', '=')
            | ('^', '=')
            | ('|', '=')
    )
}

fn is_three_char_op(c1: char, c2: char, c3: char) -> bool {
    matches!(
        (c1, c2, c3),
        ('*', '*', '=') | ('/', '/', '=') | ('<', '<', '=') | ('>', '>', '=')
    )
}

/// Unicode `XID_Start` (or `_`), asked of ruff's parser so that no table is duplicated here.
fn is_xid_start(c: char) -> bool {
    c == '_' || is_single_name(&c.to_string())
}

/// Unicode `XID_Continue`.
fn is_xid_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || is_single_name(&format!("a{c}"))
}

fn is_single_name(text: &str) -> bool {
    use ruff_text_size::Ranged;
    matches!(
        ruff_python_parser::parse_expression(text).map(|p| p.into_expr()),
        Ok(ruff_python_ast::Expr::Name(name)) if name.range().len().to_usize() == text.len()
    )
}

/// `Py_UNICODE_ISPRINTABLE`: not a control, format, separator (other than space),
/// surrogate, private-use or unassigned character.
pub(super) fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = u32::from(c);
    let format_chars = matches!(
        u,
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0xE0001
            | 0xE0020..=0xE007F
    );
    let private_or_unassigned = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF | 0xFFFE | 0xFFFF);
    !(format_chars || private_or_unassigned)
}
