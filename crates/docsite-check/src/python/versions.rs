//! What differs between the CPython versions docsite reports as (3.10 to 3.14): the version
//! that first accepts each piece of syntax (ruff reports it as unsupported before that), the
//! messages CPython reworded, and the f-string errors of 3.12 on, when f-strings became code
//! (PEP 701). Everything else in `compat` is common to all of them; `tests/python_syntax.rs`
//! holds each version to its own CPython.

use ruff_python_ast::PythonVersion;
use ruff_python_parser::{
    InterpolatedStringErrorType, LexicalErrorType, ParseError, ParseErrorType,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::TextRange;

use super::compat::{text_size, Candidate, Ctx};
use super::SyntaxError;

/// Syntax a newer Python accepts: the first version that does, and what it is, as a message
/// names it ("`type` statements need Python 3.12").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Newer {
    /// The first Python that accepts it.
    pub version: PythonVersion,
    /// The syntax, plural: "`match` statements".
    pub what: &'static str,
}

/// The version that added `kind`, and its name; `None` for syntax no version accepts any more
/// (`f((a)=1)`).
pub(super) fn added_in(kind: UnsupportedSyntaxErrorKind) -> Option<Newer> {
    use PythonVersion as V;
    use UnsupportedSyntaxErrorKind as K;
    let (version, what) = match kind {
        K::Walrus => (V::PY38, "assignment expressions (`:=`)"),
        K::StarTuple(_) => (V::PY38, "unparenthesized unpacking in `return` and `yield`"),
        K::PositionalOnlyParameter => (V::PY38, "positional-only parameters (`/`)"),
        K::UnparenthesizedNamedExpr(_) => (V::PY39, "unparenthesized `:=` here"),
        K::RelaxedDecorator(_) => (V::PY39, "decorators that are any expression"),
        K::ParenthesizedContextManager => (V::PY39, "parenthesized `with` items"),
        K::UnparenthesizedUnpackInFor => (V::PY39, "unparenthesized unpacking in `for`"),
        K::Match => (V::PY310, "`match` statements"),
        K::ExceptStar => (V::PY311, "`except*` clauses"),
        K::StarExpressionInIndex => (V::PY311, "starred expressions in an index"),
        K::StarAnnotation => (V::PY311, "starred annotations"),
        K::TypeParameterList => (V::PY312, "type parameter lists"),
        K::TypeAliasStatement => (V::PY312, "`type` statements"),
        K::Pep701FString(_) => (V::PY312, "f-strings like this one (PEP 701)"),
        K::TypeParamDefault => (V::PY313, "type parameter defaults"),
        K::UnparenthesizedExceptionTypes => {
            (V::PY314, "several exception types without parentheses")
        }
        K::TemplateStrings => (V::PY314, "t-strings"),
        K::LazyImportStatement => (V::PY315, "`lazy` imports"),
        K::UnpackingInComprehension(_) => (V::PY315, "unpacking in comprehensions"),
        K::ParenthesizedKeywordArgumentName => return None,
    };
    Some(Newer { version, what })
}

/// Messages CPython reworded: the old words, the version of the new ones, the new words.
const REWORDED: &[(&str, PythonVersion, &str)] = &[(
    "non-default argument follows default argument",
    PythonVersion::PY312,
    "parameter without a default follows parameter with a default",
)];

/// Messages a version introduced where earlier ones said "invalid syntax" at the same place:
/// the message and its first version.
const INTRODUCED: &[(&str, PythonVersion)] = &[(
    "Function parameters cannot be parenthesized",
    PythonVersion::PY311,
)];

/// `error` in the words of CPython `version`.
pub(super) fn reworded(
    mut error: SyntaxError,
    source: &str,
    version: PythonVersion,
) -> SyntaxError {
    if let Some((_, _, new)) = REWORDED
        .iter()
        .find(|(old, since, _)| error.message == *old && version >= *since)
    {
        error.message = (*new).to_owned();
    }
    if INTRODUCED
        .iter()
        .any(|(message, since)| error.message == *message && version < *since)
    {
        error.message = "invalid syntax".to_owned();
    }
    // 3.13 names an empty `from x import`; earlier versions call it invalid syntax.
    if version >= PythonVersion::PY313 && error.message == "invalid syntax" {
        let line = source
            .lines()
            .nth(error.line.saturating_sub(1))
            .unwrap_or("");
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() == 3 && words[0] == "from" && words[2] == "import" {
            error.message = "Expected one or more names after 'import'".to_owned();
        }
    }
    error
}

/// From 3.12, CPython tokenizes f-strings as code and reports an error inside one as it would
/// outside, or with the f-string messages of PEP 701. `error` is ruff's first error, inside an
/// f-string.
pub(super) fn fstring_error(ctx: &Ctx, error: &ParseError) -> Option<Candidate> {
    let start = error.location.start().to_usize();
    let message = match &error.error {
        ParseErrorType::Lexical(LexicalErrorType::FStringError(
            InterpolatedStringErrorType::SingleRbrace,
        )) => "f-string: single '}' is not allowed",
        ParseErrorType::FStringError(InterpolatedStringErrorType::UnclosedLbrace) => {
            return Some(unclosed_field(ctx, start, error.location));
        }
        ParseErrorType::FStringError(InterpolatedStringErrorType::InvalidConversionFlag) => {
            let flag = ctx.source[start..].chars().next().unwrap_or(' ');
            let message = format!(
                "f-string: invalid conversion character '{flag}': expected 's', 'r', or 'a'"
            );
            return Some(ctx.at_range(error.location, start, &message));
        }
        // The f-string's own closing quote read as a string inside a field left open.
        ParseErrorType::Lexical(LexicalErrorType::UnclosedStringError) => "f-string: expecting '}'",
        ParseErrorType::ExpectedExpression if ctx.source[start..].starts_with('}') => {
            "f-string: valid expression required before '}'"
        }
        _ => return None,
    };
    Some(ctx.at_range(error.location, start, message))
}

/// A replacement field the f-string's closing quote (at `start`) leaves open: two expressions
/// side by side (`{name title}`), a format spec whose f-string ends inside brackets (3.12 then
/// meets the bracket: `print(f"{x:>10")`), or a plain missing `}`.
fn unclosed_field(ctx: &Ctx, start: usize, location: TextRange) -> Candidate {
    if let Some(expression) = expression_before(ctx.source, start) {
        let range = TextRange::new(text_size(expression), location.end());
        return ctx.at_range(range, start, "invalid syntax. Perhaps you forgot a comma?");
    }
    if !in_format_spec(&ctx.source[..start]) {
        return ctx.at_range(location, start, "f-string: expecting '}'");
    }
    let after_quote = start + ctx.source[start..].chars().next().map_or(0, char::len_utf8);
    match ctx.source[after_quote..].chars().next() {
        Some(close @ (')' | ']' | '}')) => {
            let message =
                format!("closing parenthesis '{close}' does not match opening parenthesis '{{'");
            let range = TextRange::new(text_size(after_quote), text_size(after_quote + 1));
            ctx.at_range(range, after_quote, &message)
        }
        _ => ctx.at_range(location, start, "f-string: expecting '}', or format specs"),
    }
}

/// True when the text before an f-string's end stops inside a replacement field's format spec:
/// the innermost `{` left open holds a `:` outside any brackets of its own.
fn in_format_spec(before: &str) -> bool {
    let mut depth = 0usize;
    let Some(open) = before.char_indices().rev().find_map(|(at, c)| match c {
        '}' => {
            depth += 1;
            None
        }
        '{' if depth == 0 => Some(at),
        '{' => {
            depth -= 1;
            None
        }
        _ => None,
    }) else {
        return false;
    };
    let mut nesting = 0usize;
    before[open + 1..].chars().any(|c| {
        match c {
            '(' | '[' | '{' => nesting += 1,
            ')' | ']' | '}' => nesting = nesting.saturating_sub(1),
            _ => {}
        }
        c == ':' && nesting == 0
    })
}

/// The start of the expression that comes before byte `at` in its replacement field, when a
/// second one starts at `at` (a name, a number or a string right after the first).
fn expression_before(source: &str, at: usize) -> Option<usize> {
    let before = &source[..at];
    let open = before.rfind('{')?;
    let field = &before[open + 1..];
    let expression = field.trim_start();
    let starts_another = source[at..].starts_with(|c: char| c.is_alphanumeric() || c == '_');
    (starts_another && !expression.trim().is_empty() && field.ends_with(char::is_whitespace))
        .then(|| open + 1 + (field.len() - expression.len()))
}
