//! Ruff's parse errors restated as CPython's (3.10 to 3.14; `versions` holds what differs): the
//! same message and the same line and column, and the same choice between a parser error and a
//! tokenizer error when a file has both (CPython lets most tokenizer errors anywhere in the file
//! win over a parser error).

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{Expr, ModModule, PythonVersion, Stmt};
use ruff_python_parser::{
    LexicalErrorType, ParseError, ParseErrorType, Parsed, UnsupportedSyntaxError,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::tokenizer::{self, Kind, Priority, Tokenized};
use super::{strings, versions, LineIndex, Newer, PythonPositions, SyntaxError};

/// A parser error as CPython would raise it, with what is needed to rank it against the
/// tokenizer's errors.
pub(super) struct Candidate {
    pub error: SyntaxError,
    /// Byte offset where the parser runs into the problem.
    pub detected: usize,
    /// Index of the last token CPython's parser fetched: an index past the last token means it
    /// reached the end of the file, where an unclosed bracket is reported instead.
    pub fetched: usize,
    /// "unexpected indent" is raised without tokenizing the rest of the file first.
    pub skips_tokenizer_check: bool,
}

/// The first error CPython `version`'s tokenizer or parser reports for `source`, if any, given
/// ruff's parse of it.
pub(super) fn parse_error(
    source: &str,
    parsed: &Parsed<ModModule>,
    version: PythonVersion,
) -> Option<SyntaxError> {
    let toks = tokenizer::tokenize(source, version >= PythonVersion::PY312);
    let index = LineIndex::new(source);
    let ctx = Ctx {
        source,
        toks: &toks,
        parsed,
        index: &index,
        version,
    };
    let parser = ctx.first_parser_error();
    ctx.resolve(parser)
}

/// Everything the mapping looks at.
pub(super) struct Ctx<'a> {
    pub source: &'a str,
    pub toks: &'a Tokenized,
    pub parsed: &'a Parsed<ModModule>,
    pub index: &'a LineIndex<'a>,
    /// The Python whose errors are reported.
    pub version: PythonVersion,
}

impl Ctx<'_> {
    /// Chooses between the tokenizer's error, an unclosed bracket and the parser's error.
    fn resolve(&self, parser: Option<Candidate>) -> Option<SyntaxError> {
        if let Some(tok) = &self.toks.error {
            // The tokenizer stopped at its error: a parser error needing no token from there on
            // comes first if CPython reports it without tokenizing the rest of the file.
            let parser_first = parser.as_ref().is_some_and(|p| {
                p.fetched < self.toks.tokens.len()
                    && (tok.priority == Priority::WhenReached || p.skips_tokenizer_check)
            });
            if !parser_first {
                return Some(tok.error.clone());
            }
            return parser.map(|p| p.error);
        }
        if let Some(open) = self.toks.unclosed {
            let bracket_wins = match &parser {
                None => true,
                Some(p) => {
                    !p.skips_tokenizer_check
                        && (self.token_line(p.fetched) > open.line
                            || p.fetched >= self.toks.tokens.len())
                }
            };
            if bracket_wins {
                return Some(SyntaxError {
                    line: open.line,
                    column: open.col + 1,
                    len: 1,
                    message: format!("'{}' was never closed", open.bracket),
                    help: Some(format!("close the '{}' or remove it", open.bracket)),
                    needs: None,
                });
            }
        }
        parser.map(|p| p.error)
    }

    /// The earliest of ruff's errors and, before 3.12, the f-string errors of that Python.
    fn first_parser_error(&self) -> Option<Candidate> {
        // Before PEP 701 (3.12), `strings` reads f-strings the old way and ruff's errors inside
        // them do not count; from 3.12 on, ruff's are CPython's, in 3.12's words (`versions`).
        let pep701 = self.version >= PythonVersion::PY312;
        let fstring_ranges = self.fstring_ranges();
        let inside_fstring = |range: TextRange| {
            fstring_ranges.iter().any(|&(start, end)| {
                range.start().to_usize() > start && range.start().to_usize() < end
            })
        };
        let mut candidates: Vec<Candidate> = Vec::new();
        // Ruff's first error is the real one; later ones may follow from it.
        if let Some(candidate) = self
            .parsed
            .errors()
            .iter()
            .filter(|e| pep701 || !inside_fstring(e.location))
            .find_map(|e| {
                let in_fstring = pep701 && inside_fstring(e.location);
                in_fstring
                    .then(|| versions::fstring_error(self, e))
                    .flatten()
                    .or_else(|| self.map_parse_error(e))
            })
        {
            candidates.push(candidate);
        }
        let mut unsupported: Vec<&UnsupportedSyntaxError> = self
            .parsed
            .unsupported_syntax_errors()
            .iter()
            .filter(|e| !inside_fstring(e.range))
            .collect();
        unsupported.sort_by_key(|e| e.range.start());
        if let Some(candidate) = unsupported.iter().find_map(|e| self.map_unsupported(e)) {
            candidates.push(candidate);
        }
        if let Some(candidate) = strings::first_error(self) {
            candidates.push(candidate);
        }
        if let Some(candidate) = self.decorator_without_definition() {
            // First, so that it wins over a parser error at the same place: CPython's parser
            // stops at the DEDENT before the `def` it would complain about.
            candidates.insert(0, candidate);
        }
        // `<>` is one token in 3.11, refused by its parser.
        if let Some(i) = (0..self.toks.tokens.len()).find(|&i| self.is_op(i, "<>")) {
            candidates.push(self.at_token(i, "invalid syntax"));
        }
        let mut first = candidates.into_iter().min_by_key(|c| c.detected)?;
        if first.error.needs.is_none() {
            first.error.needs = self.pep701_in_fstring_at(first.detected, &fstring_ranges);
        }
        Some(first)
    }

    /// Before 3.12, an f-string error where 3.12's f-strings would not have one (`f"{x["a"]}"`)
    /// is syntax that needs 3.12.
    fn pep701_in_fstring_at(&self, offset: usize, fstrings: &[(usize, usize)]) -> Option<Newer> {
        let &(start, end) = fstrings
            .iter()
            .find(|&&(start, end)| (start..=end).contains(&offset))?;
        self.parsed
            .unsupported_syntax_errors()
            .iter()
            .filter(|e| matches!(e.kind, UnsupportedSyntaxErrorKind::Pep701FString(_)))
            .find(|e| (start..end).contains(&e.range.start().to_usize()))
            .and_then(|e| versions::added_in(e.kind))
    }

    /// Byte ranges of the f-strings as CPython 3.11 tokenizes them.
    fn fstring_ranges(&self) -> Vec<(usize, usize)> {
        self.toks
            .tokens
            .iter()
            .filter(|t| t.kind == Kind::String)
            .filter(|t| {
                let text = self.source.get(t.start..t.end).unwrap_or("");
                text.chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .any(|c| c == 'f' || c == 'F')
            })
            .map(|t| (t.start, t.end))
            .collect()
    }

    // ----- tokens -----

    fn text(&self, i: usize) -> &str {
        self.toks.text(self.source, i)
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.tokens.get(i).map(|t| t.kind)
    }

    fn is_op(&self, i: usize, op: &str) -> bool {
        self.kind(i) == Some(Kind::Op) && self.text(i) == op
    }

    fn is_name(&self, i: usize, name: &str) -> bool {
        self.kind(i) == Some(Kind::Name) && self.text(i) == name
    }

    /// Index of the token starting at byte `offset` (or the first one after it), passing over
    /// the INDENT and DEDENT tokens that share its offset.
    fn token_at(&self, offset: usize) -> usize {
        let mut i = self.toks.index_at(offset);
        if i > 0 && self.toks.tokens[i - 1].end > offset {
            return i - 1;
        }
        while matches!(self.kind(i), Some(Kind::Indent | Kind::Dedent)) {
            i += 1;
        }
        i
    }

    /// Line of token `i`, or of the end of the file.
    fn token_line(&self, i: usize) -> usize {
        self.toks
            .tokens
            .get(i)
            .map_or_else(|| self.end_position().0, |t| t.line)
    }

    /// Byte offset of token `i`, or the end of the source past the last token.
    fn offset(&self, i: usize) -> usize {
        self.toks
            .tokens
            .get(i)
            .map_or(self.source.len(), |t| t.start)
    }

    /// CPython's position of token `i`: its line and 1-based column. INDENT, DEDENT and the end
    /// of the file have no column of their own; CPython then uses where its tokenizer stands.
    pub(super) fn token_position(&self, i: usize) -> (usize, usize) {
        match self.toks.tokens.get(i) {
            Some(t) if !matches!(t.kind, Kind::Dedent | Kind::EndMarker | Kind::Indent) => {
                (t.line, t.col + 1)
            }
            Some(t) if t.kind == Kind::Indent => (t.line, t.col),
            // Where the tokenizer stands: after the line's indentation (CPython's offset is 0
            // for no indentation; columns here are 1-based).
            Some(t) if t.kind == Kind::Dedent && t.start < self.source.trim_end().len() => {
                (t.line, t.col.max(1))
            }
            _ => self.end_position(),
        }
    }

    /// Where CPython's tokenizer stands at the end of the file: the last line, past its end.
    fn end_position(&self) -> (usize, usize) {
        let text = self.source.strip_suffix('\n').unwrap_or(self.source);
        let text = text.strip_suffix('\r').unwrap_or(text);
        self.index.position(text.len())
    }

    fn token_len(&self, i: usize) -> usize {
        self.toks.tokens.get(i).map_or(1, |t| {
            if t.line == t.end_line {
                t.end_col.saturating_sub(t.col).max(1)
            } else {
                1
            }
        })
    }

    /// An error at token `i`, fetched last.
    fn at_token(&self, i: usize, message: impl Into<String>) -> Candidate {
        let (line, column) = self.token_position(i);
        Candidate {
            error: SyntaxError {
                line,
                column,
                len: self.token_len(i),
                message: message.into(),
                help: None,
                needs: None,
            },
            detected: self.offset(i),
            fetched: i,
            skips_tokenizer_check: false,
        }
    }

    /// An error spanning tokens `from..to` (exclusive), detected at `detected`.
    fn at_tokens(&self, from: usize, to: usize, detected: usize, message: &str) -> Candidate {
        let (line, column) = self.token_position(from);
        let start = self.offset(from);
        let end = self
            .toks
            .tokens
            .get(to.saturating_sub(1))
            .map_or(start, |t| t.end)
            .max(start);
        let range = TextRange::new(text_size(start), text_size(end));
        Candidate {
            error: SyntaxError {
                line,
                column,
                len: self.index.len_on_line(range),
                message: message.to_string(),
                help: None,
                needs: None,
            },
            detected,
            fetched: to,
            skips_tokenizer_check: false,
        }
    }

    /// An error at a node's range.
    pub(super) fn at_range(&self, range: TextRange, detected: usize, message: &str) -> Candidate {
        let error = self.index.error(range, message);
        Candidate {
            error,
            detected,
            fetched: self.token_at(detected),
            skips_tokenizer_check: false,
        }
    }

    /// Index of the bracket closing the one at `open`, or the token count if never closed.
    fn matching_close(&self, open: usize) -> usize {
        let mut depth = 0usize;
        let mut i = open;
        while i < self.toks.tokens.len() {
            if self.kind(i) == Some(Kind::Op) {
                match self.text(i) {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return i;
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        i
    }

    /// Whether the bracket at `open` is never closed and CPython fails on its content before
    /// the end of the file, at a token that cannot start an expression.
    fn group_fails(&self, open: usize) -> bool {
        if !(self.is_op(open, "(") || self.is_op(open, "[") || self.is_op(open, "{"))
            || self.matching_close(open) < self.toks.tokens.len()
        {
            return false;
        }
        let end = self.group_end(open);
        end < self.toks.tokens.len() && !self.starts_expression(end)
    }

    /// The token after the bracketed group at `open`. A group never closed is read until its
    /// content fails to parse, maybe to the end of the file.
    fn group_end(&self, open: usize) -> usize {
        let close = self.matching_close(open);
        let len = self.toks.tokens.len();
        if close < len {
            return close + 1;
        }
        let mut t = open + 1;
        loop {
            while self.is_op(t, "*") || self.is_op(t, "**") {
                t += 1;
            }
            if t >= len {
                return len + 1;
            }
            if !self.starts_expression(t) && !self.is_name(t, "yield") {
                return t;
            }
            let end = self.expr_end(t, true);
            if end >= len {
                return end;
            }
            let separator = matches!(self.text(end), "," | ":" | "=" | ":=")
                && self.kind(end) == Some(Kind::Op)
                || matches!(self.text(end), "for" | "in" | "if" | "async")
                    && self.kind(end) == Some(Kind::Name);
            if !separator {
                return end;
            }
            t = end + 1;
        }
    }

    /// The token after the expression starting at `i` (a `disjunction` when `ternary` is off).
    fn expr_end(&self, mut i: usize, ternary: bool) -> usize {
        loop {
            while self.kind(i) == Some(Kind::Op) && matches!(self.text(i), "-" | "+" | "~")
                || self.is_name(i, "not")
                || self.is_name(i, "await")
            {
                i += 1;
            }
            match self.kind(i) {
                Some(Kind::Name) if self.text(i) == "lambda" => {
                    while i < self.toks.tokens.len() && !self.is_op(i, ":") {
                        i += 1;
                    }
                    return self.expr_end(i + 1, ternary);
                }
                Some(Kind::Name) if !is_keyword(self.text(i)) || is_constant(self.text(i)) => {
                    i += 1;
                }
                Some(Kind::Number) => i += 1,
                Some(Kind::String) => {
                    while self.kind(i) == Some(Kind::String) {
                        i += 1;
                    }
                }
                Some(Kind::Op) if self.text(i) == "..." => i += 1,
                Some(Kind::Op) if matches!(self.text(i), "(" | "[" | "{") => {
                    i = self.group_end(i);
                }
                _ => return i,
            }
            loop {
                if self.is_op(i, "(") || self.is_op(i, "[") {
                    i = self.group_end(i);
                } else if self.is_op(i, ".") && self.kind(i + 1) == Some(Kind::Name) {
                    i += 2;
                } else {
                    break;
                }
            }
            if self.kind(i) == Some(Kind::Op) && is_binary_operator(self.text(i)) {
                i += 1;
            } else if self.is_name(i, "not") && self.is_name(i + 1, "in") {
                i += 2;
            } else if self.kind(i) == Some(Kind::Name)
                && (matches!(self.text(i), "and" | "or" | "in" | "is")
                    || ternary && matches!(self.text(i), "if" | "else"))
            {
                i += 1;
            } else {
                return i;
            }
        }
    }

    /// Start of the `disjunction` that ends just before token `end`.
    fn disjunction_start(&self, end: usize) -> usize {
        let mut depth = 0usize;
        let mut i = end;
        while i > 0 {
            let t = i - 1;
            match self.kind(t) {
                Some(Kind::Op) => match self.text(t) {
                    ")" | "]" | "}" => depth += 1,
                    "(" | "[" | "{" => {
                        if depth == 0 {
                            break;
                        }
                        depth -= 1;
                    }
                    op if depth == 0 && is_delimiter(op) => break,
                    // A decorator's `@`.
                    "@" if depth == 0 && self.line_start(t) == t => break,
                    _ => {}
                },
                Some(Kind::Name) if depth == 0 && is_clause_keyword(self.text(t)) => break,
                Some(Kind::Newline | Kind::Indent | Kind::Dedent) => break,
                _ => {}
            }
            i -= 1;
        }
        i
    }

    /// First token of the logical line holding token `i`.
    fn line_start(&self, i: usize) -> usize {
        let mut s = i.min(self.toks.tokens.len());
        while s > 0
            && !matches!(
                self.kind(s - 1),
                Some(Kind::Newline | Kind::Indent | Kind::Dedent)
            )
            && !self.is_op(s - 1, ";")
        {
            s -= 1;
        }
        s
    }

    /// The compound statement keyword opening the logical line of token `i`, if any.
    fn header_keyword(&self, i: usize) -> Option<(usize, &str)> {
        let mut s = self.line_start(i);
        if self.is_name(s, "async") {
            s += 1;
        }
        let text = self.text(s);
        matches!(
            text,
            "def"
                | "class"
                | "if"
                | "elif"
                | "else"
                | "for"
                | "while"
                | "with"
                | "try"
                | "except"
                | "finally"
                | "match"
                | "case"
        )
        .then_some((s, text))
    }

    // ----- the AST -----

    /// The outermost expression with exactly this range.
    fn expr_with_range(&self, range: TextRange) -> Option<&Expr> {
        let mut finder = FindExpr { range, found: None };
        finder.visit_body(&self.parsed.syntax().body);
        finder.found
    }

    /// The assignment statement one of whose targets has this range.
    fn assignment_with_target(&self, range: TextRange) -> Option<&Stmt> {
        let mut finder = FindAssign { range, found: None };
        finder.visit_body(&self.parsed.syntax().body);
        finder.found
    }

    // ----- mapping -----

    fn map_parse_error(&self, error: &ParseError) -> Option<Candidate> {
        let range = error.location;
        let i = self.token_at(range.start().to_usize());
        if let Some(candidate) = self.legacy_print(i) {
            return Some(candidate);
        }
        if let ParseErrorType::Lexical(lexical) = &error.error {
            return self.map_lexical(lexical, i);
        }
        if let Some(candidate) = self.statement_shape_error(error, i) {
            return Some(candidate);
        }
        let candidate = self.typed_error(&error.error, range, i)?;
        Some(self.with_second_expression(candidate, i))
    }

    /// Mistakes CPython names from the shape of the statement around token `i`, whatever ruff
    /// calls them.
    fn statement_shape_error(&self, error: &ParseError, i: usize) -> Option<Candidate> {
        if let Some(candidate) = self.stray_indent(i) {
            return Some(candidate);
        }
        if let Some(candidate) = self.else_after_try(i) {
            return Some(candidate);
        }
        if let Some(candidate) = self.invalid_augmented_target(i) {
            return Some(candidate);
        }
        if let Some(candidate) = self.name_assignment_in_tuple(i) {
            return Some(candidate);
        }
        if self.is_op(i, "*") && i > 0 && self.is_op(i - 1, "/") {
            return Some(self.at_token(i, "expected comma between / and *"));
        }
        if self.is_name(i, "not") && i > 0 && self.ends_atom(i - 1) && !self.is_name(i + 1, "in") {
            // `x not y`: CPython takes the `not` as the start of `not in`.
            return Some(self.at_token(i + 1, "invalid syntax"));
        }
        if let Some(candidate) = self.missing_comma(i) {
            return Some(candidate);
        }
        let eq = match &error.error {
            ParseErrorType::OtherError(m) if m == "Expected a parameter name" => {
                self.next_at_same_depth(i, "=")
            }
            _ => i,
        };
        self.misplaced_assignment(eq)
    }

    /// CPython's words for ruff's error `error` at `range`, token `i`.
    fn typed_error(&self, error: &ParseErrorType, range: TextRange, i: usize) -> Option<Candidate> {
        let start = range.start().to_usize();
        let candidate = match error {
            ParseErrorType::ExpectedToken { expected, found } => {
                self.expected_token(*expected, *found, i)
            }
            ParseErrorType::UnexpectedIndentation => self.unexpected_indent(i),
            ParseErrorType::InvalidAssignmentTarget => self.invalid_target(range, i),
            ParseErrorType::InvalidAugmentedAssignmentTarget => {
                let name = self.expr_with_range(range).map_or("expression", expr_name);
                self.at_range(
                    range,
                    start,
                    &format!("'{name}' is an illegal expression for augmented assignment"),
                )
            }
            ParseErrorType::InvalidDeleteTarget => {
                let name = self.expr_with_range(range).map_or("expression", expr_name);
                self.at_range(range, start, &format!("cannot delete {name}"))
            }
            ParseErrorType::InvalidNamedAssignmentTarget => {
                let name = self.expr_with_range(range).map_or("expression", expr_name);
                self.at_range(
                    range,
                    start,
                    &format!("cannot use assignment expressions with {name}"),
                )
            }
            ParseErrorType::InvalidAnnotatedAssignmentTarget => {
                self.invalid_annotation_target(range)
            }
            ParseErrorType::PositionalAfterKeywordArgument => {
                self.at_call_end(i, "positional argument follows keyword argument")
            }
            ParseErrorType::PositionalAfterKeywordUnpacking => {
                self.at_call_end(i, "positional argument follows keyword argument unpacking")
            }
            ParseErrorType::InvalidArgumentUnpackingOrder => self.at_range(
                range,
                start,
                "iterable argument unpacking follows keyword argument unpacking",
            ),
            ParseErrorType::UnparenthesizedGeneratorExpression => {
                if self.header_keyword(i).is_some_and(|(_, k)| k == "class") {
                    // Class bases are not a call: the `for` is unexpected.
                    let end = self.expr_end(i, true);
                    self.at_token(end, "invalid syntax")
                } else {
                    self.at_range(range, start, "Generator expression must be parenthesized")
                }
            }
            ParseErrorType::IterableUnpackingInComprehension => self.at_range(
                range,
                start,
                "iterable unpacking cannot be used in comprehension",
            ),
            ParseErrorType::NonDefaultParamAfterDefaultParam => {
                // Only a complete parameter is one: `a b` in a `def` is a missing comma.
                let after = self.token_at(range.end().to_usize());
                if !(self.is_op(after, ",") || self.is_op(after, ")") || self.is_op(after, ":")) {
                    return None;
                }
                self.at_range(
                    range,
                    start,
                    "non-default argument follows default argument",
                )
            }
            ParseErrorType::ParamAfterVarKeywordParam => {
                self.at_range(range, start, "arguments cannot follow var-keyword argument")
            }
            ParseErrorType::VarParameterWithDefault => {
                let kind = if self.is_op(self.token_at(start).saturating_sub(1), "**")
                    || self.text(self.token_at(start)) == "**"
                {
                    "var-keyword"
                } else {
                    "var-positional"
                };
                let default = self.default_after(i);
                self.at_token(
                    default,
                    format!("{kind} argument cannot have default value"),
                )
            }
            ParseErrorType::ExpectedKeywordParam => {
                let star = self.previous_star(i);
                self.at_token(star, "named arguments must follow bare *")
            }
            ParseErrorType::ExpectedExpression => self.expected_expression(i),
            ParseErrorType::OtherError(message) => self.other_error(message, range, i),
            ParseErrorType::UnparenthesizedTupleExpression => {
                // `raise E, V`: the comma is unexpected.
                self.at_token(self.next_at_same_depth(i, ","), "invalid syntax")
            }
            ParseErrorType::InvalidStarredExpressionUsage => {
                let close = self.expr_end(i + 1, true);
                if i > 0 && self.is_op(i - 1, "(") && self.is_op(close, ")") {
                    self.at_range(range, start, "cannot use starred expression here")
                } else {
                    self.at_token(i, "invalid syntax")
                }
            }
            _ => self.at_token(i, "invalid syntax"),
        };
        Some(candidate)
    }

    /// After an expression, CPython's `invalid_expression` reads the expression at token `i`
    /// before giving up, possibly up to the end of the file.
    fn with_second_expression(&self, mut candidate: Candidate, i: usize) -> Candidate {
        let statement = self.line_start(i);
        let declaration = matches!(
            self.text(statement),
            "import" | "from" | "def" | "class" | "global" | "nonlocal"
        );
        if candidate.error.message != "invalid syntax" || declaration || !self.starts_expression(i)
        {
            return candidate;
        }
        // Inside brackets, the expressions of the displays are read with CPython's error rules on.
        if let Some(inner) = self.inner_missing_comma(i, 0) {
            return inner;
        }
        if i > 0 && self.ends_atom(i - 1) {
            candidate.fetched = candidate.fetched.max(self.expr_end(i, true));
        }
        candidate
    }

    /// A missing comma between two expressions in the brackets of the expression at `i`.
    fn inner_missing_comma(&self, i: usize, level: usize) -> Option<Candidate> {
        if level > 8 {
            return None;
        }
        let end = self.expr_end(i, true).min(self.toks.tokens.len());
        let mut open = i;
        while open < end {
            if !(self.is_op(open, "(") || self.is_op(open, "[") || self.is_op(open, "{")) {
                open += 1;
                continue;
            }
            let mut t = open + 1;
            while self.starts_expression(t) {
                let next = self.expr_end(t, true);
                if next >= self.toks.tokens.len() {
                    return None;
                }
                if let Some(inner) = self.inner_missing_comma(t, level + 1) {
                    return Some(inner);
                }
                if self.starts_expression(next) {
                    return self.missing_comma(next);
                }
                if !(self.is_op(next, ",") || self.is_op(next, ":")) {
                    break;
                }
                t = next + 1;
            }
            open = self.matching_close(open) + 1;
        }
        None
    }

    /// `t, v tb = f()`: after a tuple's comma CPython reads `tb = f()` as a named expression.
    fn name_assignment_in_tuple(&self, i: usize) -> Option<Candidate> {
        if self.kind(i) != Some(Kind::Name)
            || is_keyword(self.text(i))
            || !self.is_op(i + 1, "=")
            || i == 0
            || !self.ends_atom(i - 1)
            || self.enclosing_bracket(i).is_some()
        {
            return None;
        }
        let start = self.line_start(i);
        let mut depth = 0usize;
        let after_comma = (start..i).any(|t| {
            match self.text(t) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                "," => return depth == 0,
                _ => {}
            }
            false
        });
        let value_end = self.expr_end(i + 2, false);
        if !after_comma || value_end == i + 2 || value_end > self.toks.tokens.len() {
            return None;
        }
        Some(self.at_tokens(
            i,
            value_end,
            self.offset(i),
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        ))
    }

    /// A decorator followed by a line indented differently: CPython's parser stops at the
    /// INDENT or DEDENT token, before the tokenizer reads what follows.
    fn decorator_without_definition(&self) -> Option<Candidate> {
        let newline = (1..self.toks.tokens.len()).find(|&t| {
            self.kind(t) == Some(Kind::Newline)
                && self.is_op(self.line_start(t), "@")
                && matches!(self.kind(t + 1), Some(Kind::Indent | Kind::Dedent))
        })?;
        let message = if self.kind(newline + 1) == Some(Kind::Indent) {
            "unexpected indent"
        } else {
            "unexpected unindent"
        };
        let mut candidate = self.at_token(newline + 1, message);
        candidate.skips_tokenizer_check = true;
        Some(candidate)
    }

    /// `else:` right after a `try` block: the `try` has no handler.
    fn else_after_try(&self, i: usize) -> Option<Candidate> {
        let line = self.line_start(i);
        if !self.is_name(line, "else") {
            return None;
        }
        (0..line)
            .rev()
            .filter(|&t| self.is_name(t, "try") && self.line_start(t) == t)
            .find(|&t| self.block_end(t) == line)?;
        Some(self.at_token(line, "expected 'except' or 'finally' block"))
    }

    /// A line indented where no block starts: CPython stops at its INDENT token.
    fn stray_indent(&self, i: usize) -> Option<Candidate> {
        let indent = i.checked_sub(1)?;
        if self.kind(indent) != Some(Kind::Indent) {
            return None;
        }
        let block_start = indent.checked_sub(2).is_some_and(|colon| {
            self.is_op(colon, ":") && self.kind(colon + 1) == Some(Kind::Newline)
        });
        if block_start {
            return None;
        }
        let previous = self.line_start(indent.saturating_sub(1));
        if indent >= 2 && self.is_name(previous, "try") {
            // `try: x` on one line, then an indented line: the `try` has no handler.
            return Some(self.at_token(indent, "expected 'except' or 'finally' block"));
        }
        let mut candidate = self.at_token(indent, "unexpected indent");
        candidate.skips_tokenizer_check = true;
        Some(candidate)
    }

    /// The first `op` after token `i` outside any bracket opened after it.
    fn next_at_same_depth(&self, i: usize, op: &str) -> usize {
        let mut depth = 0usize;
        for t in i..self.toks.tokens.len() {
            match self.text(t) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" if depth == 0 => return i,
                ")" | "]" | "}" => depth -= 1,
                text if depth == 0 && text == op && self.kind(t) == Some(Kind::Op) => return t,
                _ => {}
            }
        }
        i
    }

    /// `print "x"` and `exec "code"`: CPython's `invalid_legacy_expression`.
    fn legacy_print(&self, i: usize) -> Option<Candidate> {
        let name = i.checked_sub(1)?;
        let word = self.text(name);
        if self.kind(name) != Some(Kind::Name) || !matches!(word, "print" | "exec") {
            return None;
        }
        if name > 0 && self.is_op(name - 1, ".") {
            return None;
        }
        if !self.starts_expression(i) {
            return None;
        }
        let end = self.star_expressions_end(i);
        let mut candidate = self.at_tokens(
            name,
            end,
            self.offset(i),
            &format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?"),
        );
        let args_start = self.offset(i);
        let args_end = self
            .toks
            .tokens
            .get(end.saturating_sub(1))
            .map_or(args_start, |t| t.end);
        let args = self.source.get(args_start..args_end).unwrap_or("").trim();
        candidate.error.help = Some(format!("write {word}({args})"));
        Some(candidate)
    }

    /// The token after a comma-separated list of expressions starting at `i`.
    fn star_expressions_end(&self, i: usize) -> usize {
        let mut end = self.expr_end(i, true);
        while self.is_op(end, ",") && self.starts_expression(end + 1) {
            end = self.expr_end(end + 1, true);
        }
        end
    }

    fn starts_expression(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(Kind::Name) => {
                let text = self.text(i);
                !is_keyword(text) || is_constant(text) || matches!(text, "not" | "lambda" | "await")
            }
            Some(Kind::Number | Kind::String) => true,
            Some(Kind::Op) => matches!(self.text(i), "(" | "[" | "{" | "-" | "+" | "~" | "..."),
            _ => false,
        }
    }

    fn expected_token(&self, expected: TokenKind, found: TokenKind, i: usize) -> Candidate {
        match expected {
            TokenKind::Colon => {
                if let Some(candidate) = self.missing_dict_colon(i) {
                    return candidate;
                }
                self.missing_colon(found, i)
            }
            TokenKind::Else => self.missing_else(i),
            TokenKind::Lpar if self.header_keyword(i).is_some_and(|(_, k)| k == "def") => {
                self.at_token(i, "expected '('")
            }
            TokenKind::Rpar
                if self.is_op(i, "(")
                    && self
                        .enclosing_bracket(i)
                        .is_some_and(|o| self.is_parenthesized_parameters(o, i)) =>
            {
                self.at_token(i, "Function parameters cannot be parenthesized")
            }
            _ => self.at_token(i, "invalid syntax"),
        }
    }

    /// `[1 2]`: CPython's `invalid_expression`, pointing at the first of the two expressions.
    fn missing_comma(&self, i: usize) -> Option<Candidate> {
        if !self.starts_expression(i) || self.is_op(i, "(") || self.is_op(i, "[") {
            return None;
        }
        let start = self.disjunction_start(i);
        if start >= i {
            return None;
        }
        // `!(NAME STRING | SOFT_KEYWORD)`: `f"..."`-like prefixes and soft keywords are excluded
        // (CPython 3.11 compares soft keywords by prefix: `c` and `ma` count too).
        if self.kind(start) == Some(Kind::Name) {
            let word = self.text(start);
            if self.kind(start + 1) == Some(Kind::String)
                || "match".starts_with(word)
                || "case".starts_with(word)
                || word == "_"
            {
                return None;
            }
        }
        if self.in_lambda_parameters(start)
            || matches!(self.text(self.line_start(start)), "import" | "from")
        {
            return None;
        }
        let open = self.enclosing_bracket(i)?;
        // In a `def`, only defaults and annotations are expressions.
        let parameter_name = self.is_def_parameters(open)
            && !(self.is_op(start - 1, "=") || self.is_op(start - 1, ":"));
        if self.expr_end(start, false) != i || parameter_name {
            return None;
        }
        if self.group_fails(i) {
            return None;
        }
        let end = self.expr_end(i, true);
        Some(self.at_tokens(
            start,
            end,
            self.offset(i),
            "invalid syntax. Perhaps you forgot a comma?",
        ))
    }

    /// Whether token `t` is among a `lambda`'s parameters (before its `:`).
    fn in_lambda_parameters(&self, t: usize) -> bool {
        let mut depth = 0usize;
        for u in (0..t).rev() {
            match self.kind(u) {
                Some(Kind::Op) => match self.text(u) {
                    ")" | "]" | "}" => depth += 1,
                    "(" | "[" | "{" if depth == 0 => return false,
                    "(" | "[" | "{" => depth -= 1,
                    ":" if depth == 0 => return false,
                    _ => {}
                },
                Some(Kind::Name) if depth == 0 && self.text(u) == "lambda" => return true,
                Some(Kind::Newline | Kind::Indent | Kind::Dedent) => return false,
                _ => {}
            }
        }
        false
    }

    /// `{1: 2, 3}`: a key without a value after a key-value pair; CPython points at the last
    /// character of the key.
    fn missing_dict_colon(&self, i: usize) -> Option<Candidate> {
        if !self.is_op(i, "}") && !self.is_op(i, ",") {
            return None;
        }
        self.dict_key_without_colon(i)
    }

    /// A dictionary key ending before token `i` and not followed by its `:`, after at least one
    /// key-value pair: CPython's `invalid_kvpair`, at the key's last character.
    fn dict_key_without_colon(&self, i: usize) -> Option<Candidate> {
        let open = self.enclosing_bracket(i)?;
        if !self.is_op(open, "{") {
            return None;
        }
        let start = self.disjunction_start(i);
        if start == 0 || start >= i || !self.is_op(start - 1, ",") {
            return None;
        }
        let has_pair = (open + 1..start)
            .any(|t| self.is_op(t, ":") && self.enclosing_bracket(t) == Some(open));
        if !has_pair {
            return None;
        }
        let key_end = &self.toks.tokens[i - 1];
        let mut candidate = self.at_token(i, "':' expected after dictionary key");
        candidate.error.line = key_end.end_line;
        candidate.error.column = key_end.end_col.max(1);
        Some(candidate)
    }

    /// The innermost bracket open at token `i`.
    fn enclosing_bracket(&self, i: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut t = i;
        while t > 0 {
            t -= 1;
            match self.kind(t) {
                Some(Kind::Op) => match self.text(t) {
                    ")" | "]" | "}" => depth += 1,
                    "(" | "[" | "{" => {
                        if depth == 0 {
                            return Some(t);
                        }
                        depth -= 1;
                    }
                    _ => {}
                },
                Some(Kind::Newline | Kind::Indent | Kind::Dedent) => return None,
                _ => {}
            }
        }
        None
    }

    fn missing_colon(&self, found: TokenKind, i: usize) -> Candidate {
        let header = self.header_keyword(i);
        if let Some((_, keyword)) = header {
            if found == TokenKind::Newline || matches!(keyword, "def" | "try" | "finally" | "else")
            {
                return self.at_token(i, "expected ':'");
            }
        }
        self.at_token(i, "invalid syntax")
    }

    /// `if x = 1:`, `(x = 1)`, `f(a.b=1)`: CPython's `invalid_named_expression` and
    /// `invalid_kwarg`, for the `=` at token `eq`.
    fn misplaced_assignment(&self, eq: usize) -> Option<Candidate> {
        if !self.is_op(eq, "=") {
            return None;
        }
        let start = self.disjunction_start(eq);
        if start >= eq {
            return None;
        }
        let open = self.enclosing_bracket(eq);
        if open.is_some_and(|o| self.is_def_parameters(o))
            || matches!(self.text(self.line_start(eq)), "import" | "from")
        {
            return None;
        }
        let in_call = open.is_some_and(|o| self.is_op(o, "(") && o > 0 && self.ends_atom(o - 1));
        let decorator = self.line_start(eq);
        let in_header = open.is_none()
            && (self
                .header_keyword(eq)
                .is_some_and(|(kw, k)| matches!(k, "if" | "elif" | "while") && start == kw + 1)
                || (self.is_op(decorator, "@") && start == decorator + 1));
        if open.is_none() && !in_header {
            return None;
        }
        let single_name = eq == start + 1 && self.kind(start) == Some(Kind::Name);
        if open.is_some_and(|o| self.is_op(o, "{")) {
            if let Some(candidate) = self.dict_key_without_colon(eq) {
                return Some(candidate);
            }
        }
        if in_call {
            if single_name && !is_keyword(self.text(start)) {
                return None;
            }
            let message = if single_name && is_constant(self.text(start)) {
                format!("cannot assign to {}", self.text(start))
            } else {
                "expression cannot contain assignment, perhaps you meant \"==\"?".to_string()
            };
            return Some(self.at_tokens(start, eq + 1, self.offset(eq), &message));
        }
        let value_end = self.expr_end(eq + 1, false);
        let generic = || {
            let mut candidate = self.at_token(eq, "invalid syntax");
            if value_end <= self.toks.tokens.len() {
                candidate.fetched = value_end;
            }
            candidate
        };
        if start > 0 && self.is_name(start - 1, "if") && open.is_some() {
            if self.is_comprehension_if(start - 1) {
                // A comprehension's condition is a `disjunction`, not a named expression.
                return Some(generic());
            }
            let condition_start = self.disjunction_start(start - 1);
            if condition_start < start - 1 {
                return Some(self.at_tokens(
                    condition_start,
                    eq,
                    self.offset(eq),
                    "expected 'else' after 'if' expression",
                ));
            }
        }
        // `a=bitwise_or '=' bitwise_or !('='|':=')`: no comparison before, a value after.
        if self.has_comparison(start, eq)
            || value_end == eq + 1
            || value_end > self.toks.tokens.len()
            || self.is_op(value_end, "=")
            || self.is_op(value_end, ":=")
        {
            return Some(generic());
        }
        if single_name && !is_keyword(self.text(start)) {
            return Some(self.at_tokens(
                start,
                value_end,
                self.offset(eq),
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            ));
        }
        let target = self.parse_tokens(start, eq);
        let excluded = match &target {
            Some(expr) => matches!(
                expr,
                Expr::List(_)
                    | Expr::Tuple(_)
                    | Expr::Generator(_)
                    | Expr::BooleanLiteral(_)
                    | Expr::NoneLiteral(_)
            ),
            None => true,
        };
        if excluded {
            return Some(generic());
        }
        let name = target.as_ref().map_or("expression", expr_name);
        let mut candidate = self.at_tokens(
            start,
            eq,
            self.offset(eq),
            &format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?"),
        );
        candidate.fetched = value_end;
        Some(candidate)
    }

    /// Whether the bracket at `open` holds the parameters of a `def` (or its type parameters).
    /// CPython's `param_no_default* '(' param_no_default+ ','? ')'` in the parameters opened
    /// at `open`, the inner bracket at `inner`: only names (annotated or not) before it and
    /// inside it, and the inner bracket closed. `def f(a=1, (b))` and `def f(())` are plain
    /// invalid syntax.
    fn is_parenthesized_parameters(&self, open: usize, inner: usize) -> bool {
        let plain = |tokens: std::ops::Range<usize>| {
            let mut depth = 0usize;
            tokens.into_iter().all(|t| match self.text(t) {
                "(" | "[" | "{" => {
                    depth += 1;
                    true
                }
                ")" | "]" | "}" => {
                    depth = depth.saturating_sub(1);
                    true
                }
                "=" | "*" | "**" | "/" => depth > 0 || self.kind(t) != Some(Kind::Op),
                _ => true,
            })
        };
        let close = self.matching_close(inner);
        self.is_def_parameters(open)
            && (open + 1 == inner || self.is_op(inner - 1, ","))
            && close < self.toks.tokens.len()
            && self.kind(inner + 1) == Some(Kind::Name)
            && plain(open + 1..inner)
            && plain(inner + 1..close)
    }

    fn is_def_parameters(&self, open: usize) -> bool {
        open >= 2
            && (self.is_op(open, "(") || self.is_op(open, "["))
            && self.kind(open - 1) == Some(Kind::Name)
            && self.is_name(open - 2, "def")
    }

    /// Whether the `if` at token `t` is a comprehension's condition.
    fn is_comprehension_if(&self, t: usize) -> bool {
        let open = self.enclosing_bracket(t);
        let mut depth = 0usize;
        (open.map_or(0, |o| o + 1)..t).any(|u| {
            match self.text(u) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                "for" => return depth == 0 && self.kind(u) == Some(Kind::Name),
                _ => {}
            }
            false
        })
    }

    /// A comparison or boolean operator at the top level of tokens `from..to`.
    fn has_comparison(&self, from: usize, to: usize) -> bool {
        let mut depth = 0usize;
        (from..to).any(|t| {
            let text = self.text(t);
            match self.kind(t) {
                Some(Kind::Op) if matches!(text, "(" | "[" | "{") => depth += 1,
                Some(Kind::Op) if matches!(text, ")" | "]" | "}") => {
                    depth = depth.saturating_sub(1);
                }
                Some(Kind::Op) => {
                    return depth == 0
                        && matches!(text, "<" | ">" | "==" | "!=" | "<=" | ">=" | "<>");
                }
                Some(Kind::Name) => {
                    return depth == 0 && matches!(text, "in" | "is" | "not" | "and" | "or");
                }
                _ => {}
            }
            false
        })
    }

    /// Whether token `t` ends an atom, so that a `(` after it is a call.
    fn ends_atom(&self, t: usize) -> bool {
        match self.kind(t) {
            Some(Kind::Name) => !is_keyword(self.text(t)) || is_constant(self.text(t)),
            Some(Kind::Number | Kind::String) => true,
            Some(Kind::Op) => matches!(self.text(t), ")" | "]" | "}"),
            _ => false,
        }
    }

    /// The expression made of tokens `from..to`, parsed on its own.
    fn parse_tokens(&self, from: usize, to: usize) -> Option<Expr> {
        let start = self.offset(from);
        let end = self.toks.tokens.get(to.checked_sub(1)?)?.end;
        let text = format!("({})", self.source.get(start..end)?);
        ruff_python_parser::parse_expression(&text)
            .ok()
            .map(|parsed| parsed.into_expr())
    }

    /// `x = 1 if y`: CPython's "expected 'else' after 'if' expression".
    fn missing_else(&self, i: usize) -> Candidate {
        if self.is_op(i, ":") {
            // `except E if x:`: CPython's rule wants neither `else` nor `:` after the condition.
            return self.at_token(i, "invalid syntax");
        }
        let mut t = i;
        let mut depth = 0usize;
        while t > 0 {
            t -= 1;
            match self.text(t) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" => depth = depth.saturating_sub(1),
                "if" if depth == 0 && self.kind(t) == Some(Kind::Name) => {
                    let start = self.disjunction_start(t);
                    if start < t {
                        return self.at_tokens(
                            start,
                            i,
                            self.offset(i),
                            "expected 'else' after 'if' expression",
                        );
                    }
                    break;
                }
                _ => {}
            }
        }
        self.at_token(i, "invalid syntax")
    }

    fn unexpected_indent(&self, i: usize) -> Candidate {
        // Ruff's range starts at the line; CPython's INDENT token is where the code starts.
        let line = self.token_line(i);
        let indent = (0..self.toks.tokens.len())
            .find(|&t| self.kind(t) == Some(Kind::Indent) && self.toks.tokens[t].line == line)
            .unwrap_or(i);
        let mut candidate = self.at_token(indent, "unexpected indent");
        candidate.skips_tokenizer_check = true;
        candidate
    }

    /// `f() = 1`, `for f() in x`, `None = 1`: CPython's `invalid_assignment`.
    fn invalid_target(&self, range: TextRange, i: usize) -> Candidate {
        let start = range.start().to_usize();
        let Some(expr) = self.expr_with_range(range) else {
            return self.at_token(i, "invalid syntax");
        };
        if matches!(expr, Expr::Yield(_) | Expr::YieldFrom(_)) {
            return self.at_range(range, start, "assignment to yield expression not possible");
        }
        let name = expr_name(expr);
        // CPython reads the value after `=` before it reports the target.
        let after = self.token_at(range.end().to_usize());
        let fetched = if self.is_op(after, "=") {
            self.expr_end(after + 1, true)
        } else {
            after
        };
        let mut candidate = self.invalid_target_message(expr, name, range);
        candidate.fetched = fetched;
        candidate
    }

    fn invalid_target_message(&self, expr: &Expr, name: &str, range: TextRange) -> Candidate {
        let start = range.start().to_usize();
        if let Some(Stmt::Assign(assign)) = self.assignment_with_target(range) {
            let single = assign.targets.len() == 1 && assign.targets[0].range() == range;
            // `!(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or`.
            // `!(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or`
            let parenthesized = self.is_parenthesized(range);
            let not_bitwise_or = matches!(
                expr,
                Expr::BooleanLiteral(_)
                    | Expr::NoneLiteral(_)
                    | Expr::Compare(_)
                    | Expr::BoolOp(_)
                    | Expr::If(_)
                    | Expr::Lambda(_)
                    | Expr::Named(_)
            ) || matches!(expr, Expr::UnaryOp(u) if u.op.is_not());
            let excluded_start =
                matches!(expr, Expr::List(_) | Expr::Tuple(_) | Expr::Generator(_))
                    || (not_bitwise_or && !parenthesized);
            let value_is_bitwise_or = !matches!(
                *assign.value,
                Expr::Lambda(_) | Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Starred(_)
            ) && !matches!(&*assign.value, Expr::UnaryOp(u) if u.op.is_not());
            if single && !excluded_start && value_is_bitwise_or {
                return self.at_range(
                    range,
                    start,
                    &format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?"),
                );
            }
        }
        self.at_range(range, start, &format!("cannot assign to {name}"))
    }

    /// `f(): int`: reported only when an annotation follows the `:`.
    fn invalid_annotation_target(&self, range: TextRange) -> Candidate {
        let start = range.start().to_usize();
        let colon = self.token_at(range.end().to_usize());
        if !self.starts_expression(colon + 1) {
            return self.at_token(colon, "invalid syntax");
        }
        let message = match self.expr_with_range(range) {
            Some(Expr::Tuple(_)) => "only single target (not tuple) can be annotated",
            Some(Expr::List(_)) => "only single target (not list) can be annotated",
            _ => "illegal target for annotation",
        };
        self.at_range(range, start, message)
    }

    /// Whether the expression at `range` is wrapped in parentheses.
    fn is_parenthesized(&self, range: TextRange) -> bool {
        let before = self.token_at(range.start().to_usize());
        let after = self.token_at(range.end().to_usize());
        before > 0 && self.is_op(before - 1, "(") && self.is_op(after, ")")
    }

    /// Errors CPython raises after reading the whole argument list: at the closing `)`.
    fn at_call_end(&self, i: usize, message: &str) -> Candidate {
        // The token after the last argument: usually the `)`.
        let mut t = i;
        let close = loop {
            let mut end = self.expr_end(t, true);
            if self.is_op(end, "=") {
                end = self.expr_end(end + 1, true);
            }
            if self.is_op(end, ",") && self.is_op(end + 1, ")") {
                break end + 1;
            }
            if self.is_op(end, ",") && end + 1 < self.toks.tokens.len() {
                t = end + 1;
                while self.is_op(t, "*") || self.is_op(t, "**") {
                    t += 1;
                }
                continue;
            }
            break end;
        };
        let mut candidate = self.at_token(close, message);
        candidate.detected = self.offset(i);
        candidate
    }

    /// The `=` of a default after a `*args`/`**kwargs` parameter.
    fn default_after(&self, i: usize) -> usize {
        (i..self.toks.tokens.len())
            .find(|&t| self.is_op(t, "="))
            .unwrap_or(i)
    }

    fn previous_star(&self, i: usize) -> usize {
        (0..=i.min(self.toks.tokens.len()))
            .rev()
            .find(|&t| self.is_op(t, "*"))
            .unwrap_or(i)
    }

    fn expected_expression(&self, i: usize) -> Candidate {
        if i > 0 && self.is_op(i - 1, ":") && (self.is_op(i, "}") || self.is_op(i, ",")) {
            if let Some(open) = self.enclosing_bracket(i) {
                if self.is_op(open, "{") {
                    let mut candidate =
                        self.at_token(i - 1, "expression expected after dictionary key and ':'");
                    candidate.detected = self.offset(i);
                    candidate.fetched = i;
                    return candidate;
                }
            }
        }
        if let Some(candidate) = self.dangling_key_operator(i) {
            return candidate;
        }
        if i > 0 && self.is_op(i - 1, "=") && self.enclosing_bracket(i).is_none() {
            if let Some(candidate) = self.invalid_assignment_target(i - 1) {
                return candidate;
            }
        }
        self.at_token(i, "invalid syntax")
    }

    /// `{1: "a", 2+: "b"}`: CPython backtracks to the key `2` and finds no `:` after it.
    fn dangling_key_operator(&self, i: usize) -> Option<Candidate> {
        let operator = i.checked_sub(1)?;
        if !(self.kind(operator) == Some(Kind::Op) && is_binary_operator(self.text(operator))) {
            return None;
        }
        let open = self.enclosing_bracket(i)?;
        let start = self.disjunction_start(operator);
        if !self.is_op(open, "{") || start == 0 || !self.is_op(start - 1, ",") || start >= operator
        {
            return None;
        }
        let has_pair = (open + 1..start)
            .any(|t| self.is_op(t, ":") && self.enclosing_bracket(t) == Some(open));
        if !has_pair {
            return None;
        }
        let key_end = &self.toks.tokens[operator - 1];
        let mut candidate = self.at_token(operator, "':' expected after dictionary key");
        candidate.error.line = key_end.end_line;
        candidate.error.column = key_end.end_col.max(1);
        Some(candidate)
    }

    /// `"x" =` with nothing after: CPython's `invalid_assignment` names the bad target before
    /// the `=` at token `eq`.
    fn invalid_assignment_target(&self, eq: usize) -> Option<Candidate> {
        let mut start = eq;
        while start > 0
            && !matches!(
                self.kind(start - 1),
                Some(Kind::Newline | Kind::Indent | Kind::Dedent)
            )
            && !self.is_op(start - 1, "=")
            && !self.is_op(start - 1, ";")
        {
            start -= 1;
        }
        let target = self.parse_tokens(start, eq)?;
        let invalid = invalid_target(&target)?;
        // Ranges are in `(target)`: one character before the source's.
        let offset = self.offset(start);
        let from = offset + invalid.range().start().to_usize() - 1;
        let to = offset + invalid.range().end().to_usize() - 1;
        let range = TextRange::new(text_size(from), text_size(to));
        let mut candidate = self.at_range(
            range,
            self.offset(eq),
            &format!("cannot assign to {}", expr_name(invalid)),
        );
        candidate.fetched = eq + 1;
        Some(candidate)
    }

    /// `a, b += 1`: CPython's message for augmented assignments to what cannot take them.
    fn invalid_augmented_target(&self, op: usize) -> Option<Candidate> {
        let text = self.text(op);
        let augmented = self.kind(op) == Some(Kind::Op)
            && text.len() >= 2
            && text.ends_with('=')
            && !matches!(text, "==" | "!=" | "<=" | ">=");
        if !augmented || !self.starts_expression(op + 1) {
            return None;
        }
        let start = self.line_start(op);
        let target = self.parse_tokens(start, op)?;
        if matches!(
            target,
            Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_)
        ) {
            return None;
        }
        Some(self.at_tokens(
            start,
            op,
            self.offset(op),
            &format!(
                "'{}' is an illegal expression for augmented assignment",
                expr_name(&target)
            ),
        ))
    }

    fn other_error(&self, message: &str, range: TextRange, i: usize) -> Candidate {
        if let Some(clause) = message.strip_prefix("Expected an indented block after ") {
            return self.expected_indented_block(clause, i);
        }
        if message.starts_with("Expected `except` or `finally`") {
            // CPython looks at the token after the `try` block: maybe a DEDENT.
            let after = (0..i.min(self.toks.tokens.len()))
                .rev()
                .filter(|&t| self.is_name(t, "try") && self.line_start(t) == t)
                .map(|t| self.block_end(t))
                .filter(|&end| !self.is_name(end, "except") && !self.is_name(end, "finally"))
                .find(|&end| end <= i.max(1))
                .unwrap_or(i);
            return self.at_token(after, "expected 'except' or 'finally' block");
        }
        if message == "Star import must be the only import" {
            return self.at_token(i + 1, "invalid syntax");
        }
        if message == "Only one '/' separator allowed" {
            return self.at_token(i, "/ may appear only once");
        }
        if message == "Only one '*' parameter allowed"
            || message == "Only one '*' separator allowed"
        {
            return self.at_token(i, "* argument may appear only once");
        }
        if message.starts_with("Only single target (not tuple)") {
            let colon = self.next_at_same_depth(i, ":");
            if self.starts_expression(colon + 1) {
                return self.at_token(i, "only single target (not tuple) can be annotated");
            }
            return self.at_token(colon, "invalid syntax");
        }
        if message == "Trailing comma not allowed" {
            let comma = (i..self.toks.tokens.len())
                .find(|&t| self.is_op(t, ","))
                .unwrap_or(i);
            if self.kind(comma + 1) != Some(Kind::Newline) {
                return self.at_token(comma + 1, "invalid syntax");
            }
            let newline = comma + 1;
            let mut candidate = self.at_token(
                newline,
                "trailing comma not allowed without surrounding parentheses",
            );
            candidate.detected = range.start().to_usize();
            return candidate;
        }
        self.at_token(i, "invalid syntax")
    }

    /// The token after the indented block of the compound statement starting at token `header`.
    fn block_end(&self, header: usize) -> usize {
        let Some(newline) =
            (header..self.toks.tokens.len()).find(|&t| self.kind(t) == Some(Kind::Newline))
        else {
            return self.toks.tokens.len();
        };
        if self.kind(newline + 1) != Some(Kind::Indent) {
            // `try: x` on one line: the block ends at its NEWLINE.
            return newline + 1;
        }
        let mut depth = 0usize;
        for t in newline + 1..self.toks.tokens.len() {
            match self.kind(t) {
                Some(Kind::Indent) => depth += 1,
                Some(Kind::Dedent) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return t + 1;
                    }
                }
                _ if depth == 0 => return t,
                _ => {}
            }
        }
        self.toks.tokens.len()
    }

    /// IndentationError "expected an indented block after 'if' statement on line N", at the
    /// token after the header's NEWLINE.
    fn expected_indented_block(&self, clause: &str, i: usize) -> Candidate {
        // The header's NEWLINE is the last one before the error token.
        let newline = (0..=i.min(self.toks.tokens.len().saturating_sub(1)))
            .rev()
            .find(|&t| self.kind(t) == Some(Kind::Newline));
        let after = newline.map_or(i, |n| n + 1);
        let header = newline.map_or(i, |n| self.line_start(n));
        let mut kw = header;
        while self.is_op(kw, "@") {
            // Decorators are their own logical lines; the `def` is on the header line anyway.
            kw += 1;
        }
        if self.is_name(kw, "async") {
            kw += 1;
        }
        let keyword = self.text(kw);
        let what = match keyword {
            "def" => "function definition".to_string(),
            "class" => "class definition".to_string(),
            "except" if self.is_op(kw + 1, "*") => "'except*' statement".to_string(),
            "if" | "elif" | "else" | "for" | "while" | "with" | "try" | "except" | "finally"
            | "match" | "case" => format!("'{keyword}' statement"),
            _ => clause.replace('`', "'"),
        };
        let line = self
            .toks
            .tokens
            .get(kw)
            .map_or_else(|| self.index.line(self.offset(i)), |t| t.line);
        let mut candidate = self.at_token(
            after,
            format!("expected an indented block after {what} on line {line}"),
        );
        candidate.error.help = Some("indent the body of the block, or write `pass`".to_string());
        candidate
    }

    fn map_lexical(&self, lexical: &LexicalErrorType, i: usize) -> Option<Candidate> {
        // The tokenizer port reports the others, with CPython's positions.
        match lexical {
            LexicalErrorType::InvalidByteLiteral => {
                Some(self.at_token(i, "bytes can only contain ASCII literal characters"))
            }
            // Decoding errors are found by `strings`, the others by the tokenizer port.
            LexicalErrorType::UnicodeError
            | LexicalErrorType::MissingUnicodeLbrace
            | LexicalErrorType::MissingUnicodeRbrace => None,
            // Ruff's lexer refuses it but the tokenizer port did not: CPython's parser then
            // stops at the token.
            _ => Some(self.at_token(i, "invalid syntax")),
        }
    }

    /// An error at the token after the group of adjacent strings holding token `i`.
    pub(super) fn after_strings(&self, i: usize, message: &str) -> Candidate {
        let mut next = i;
        while self.kind(next) == Some(Kind::String) {
            next += 1;
        }
        let mut candidate = self.at_token(next, message);
        candidate.detected = self.offset(i);
        candidate
    }

    /// `[T = int]` before 3.13, where type parameters exist (3.12): a `def` expects its `(`
    /// at the `[`, a `class` stops at the `=`, a `type` statement at the parameter's name.
    fn type_param_default(&self, error: &UnsupportedSyntaxError, i: usize) -> Candidate {
        let start = error.range.start().to_usize();
        let bracket = (0..i).rev().find(|&t| self.is_op(t, "[")).unwrap_or(i);
        match self.header_keyword(bracket).map(|(_, keyword)| keyword) {
            Some("def") => self.at_token(bracket, "expected '('"),
            Some("class") => self.at_range(error.range, start, "invalid syntax"),
            _ => self.at_token(
                i.saturating_sub(1),
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            ),
        }
    }

    fn map_unsupported(&self, error: &UnsupportedSyntaxError) -> Option<Candidate> {
        let start = error.range.start().to_usize();
        let i = self.token_at(start);
        let candidate = match error.kind {
            // `type X = int`: `type` is a name in 3.11, so the name after it is unexpected.
            UnsupportedSyntaxErrorKind::TypeAliasStatement => {
                self.at_token(i + 1, "invalid syntax")
            }
            UnsupportedSyntaxErrorKind::TypeParameterList => {
                let bracket = (i..self.toks.tokens.len())
                    .find(|&t| self.is_op(t, "["))
                    .unwrap_or(i);
                if self
                    .header_keyword(bracket)
                    .is_some_and(|(_, k)| k == "def")
                {
                    self.at_token(bracket, "expected '('")
                } else {
                    self.at_token(bracket, "invalid syntax")
                }
            }
            UnsupportedSyntaxErrorKind::UnparenthesizedExceptionTypes => self.at_range(
                error.range,
                start,
                "multiple exception types must be parenthesized",
            ),
            UnsupportedSyntaxErrorKind::UnpackingInComprehension(_) => self.at_range(
                error.range,
                start,
                "iterable unpacking cannot be used in comprehension",
            ),
            UnsupportedSyntaxErrorKind::ParenthesizedKeywordArgumentName => {
                let mut name = i;
                while self.is_op(name, "(") {
                    name += 1;
                }
                let mut candidate = self.at_token(
                    name,
                    "expression cannot contain assignment, perhaps you meant \"==\"?",
                );
                candidate.detected = start;
                candidate
            }
            // `t"…"`: `t` is a name before 3.14, and the string after it is unexpected.
            UnsupportedSyntaxErrorKind::TemplateStrings => self.at_token(i + 1, "invalid syntax"),
            UnsupportedSyntaxErrorKind::TypeParamDefault => self.type_param_default(error, i),
            UnsupportedSyntaxErrorKind::LazyImportStatement => {
                self.at_token(i + 1, "invalid syntax")
            }
            // Before 3.12, f-strings are checked the old way by `strings` and `fstring`.
            UnsupportedSyntaxErrorKind::Pep701FString(_) => return None,
            // Syntax older than 3.10 (`except*` in 3.10, `match` for a 3.9 image): CPython's
            // parser stops where the new syntax starts.
            _ => self.at_range(error.range, start, "invalid syntax"),
        };
        let mut candidate = candidate;
        candidate.error.needs = versions::added_in(error.kind);
        Some(candidate)
    }
}

pub(super) fn text_size(offset: usize) -> TextSize {
    TextSize::try_from(offset).unwrap_or(TextSize::new(u32::MAX))
}

/// The first part of an assignment target that cannot be assigned to.
fn invalid_target(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Name(_) | Expr::Attribute(_) | Expr::Subscript(_) => None,
        Expr::Starred(starred) => invalid_target(&starred.value),
        Expr::Tuple(tuple) => tuple.elts.iter().find_map(invalid_target),
        Expr::List(list) => list.elts.iter().find_map(invalid_target),
        _ => Some(expr),
    }
}

/// CPython's `_PyPegen_get_expr_name`.
pub(super) fn expr_name(expr: &Expr) -> &'static str {
    match expr {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::BooleanLiteral(b) if b.value => "True",
        Expr::BooleanLiteral(_) => "False",
        Expr::NoneLiteral(_) => "None",
        Expr::EllipsisLiteral(_) => "ellipsis",
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) => "literal",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        Expr::Slice(_) | Expr::IpyEscapeCommand(_) => "expression",
    }
}

/// Python 3.11's hard keywords.
pub(super) fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}

fn is_constant(word: &str) -> bool {
    matches!(word, "True" | "False" | "None")
}

fn is_binary_operator(op: &str) -> bool {
    matches!(
        op,
        "+" | "-"
            | "*"
            | "/"
            | "//"
            | "%"
            | "**"
            | "@"
            | "<<"
            | ">>"
            | "&"
            | "|"
            | "^"
            | "<"
            | ">"
            | "<="
            | ">="
            | "=="
            | "!="
    )
}

/// Operators that end an expression on their left.
fn is_delimiter(op: &str) -> bool {
    matches!(op, "," | ":" | "=" | ":=" | "->" | ";")
        || (op.ends_with('=') && op.len() >= 2 && !matches!(op, "==" | "!=" | "<=" | ">="))
}

/// Keywords that end an expression on their left.
fn is_clause_keyword(word: &str) -> bool {
    matches!(
        word,
        "if" | "else"
            | "for"
            | "lambda"
            | "return"
            | "yield"
            | "del"
            | "assert"
            | "import"
            | "from"
            | "as"
            | "with"
            | "while"
            | "elif"
            | "raise"
            | "async"
            | "global"
            | "nonlocal"
            | "pass"
            | "break"
            | "continue"
            | "class"
            | "def"
            | "try"
            | "except"
            | "finally"
    )
}

struct FindExpr<'a> {
    range: TextRange,
    found: Option<&'a Expr>,
}

impl<'a> Visitor<'a> for FindExpr<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.found.is_none() && stmt.range().contains_range(self.range) {
            walk_stmt(self, stmt);
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.found.is_some() {
            return;
        }
        if expr.range() == self.range {
            self.found = Some(expr);
        } else if expr.range().contains_range(self.range) {
            walk_expr(self, expr);
        }
    }
}

struct FindAssign<'a> {
    range: TextRange,
    found: Option<&'a Stmt>,
}

impl<'a> Visitor<'a> for FindAssign<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.found.is_some() || !stmt.range().contains_range(self.range) {
            return;
        }
        if let Stmt::Assign(assign) = stmt {
            if assign
                .targets
                .iter()
                .any(|t| t.range().contains_range(self.range))
            {
                self.found = Some(stmt);
                return;
            }
        }
        walk_stmt(self, stmt);
    }
}
