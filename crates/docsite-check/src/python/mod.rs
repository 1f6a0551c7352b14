//! Python blocks: CPython-compatible syntax errors, imports and app bindings, from ruff's parser.
//!
//! [`syntax_error_with`] answers what `compile(source, path, "exec")` says on the CPython the
//! article runs on (3.10 to 3.14; `versions` holds what changed between them): the tokenizer's
//! errors come from a port of CPython's tokenizer (`tokenizer`), the parser's from ruff's parser
//! with CPython's messages and positions put back (`compat`, `strings`, `fstring`), and the
//! compiler's from a walk over the tree (`compile`). An excerpt is read as one (`excerpt`).

mod compat;
mod compile;
mod depth;
mod distributions;
mod excerpt;
mod fstring;
mod names;
mod session;
mod stdlib;
mod strings;
mod tokenizer;
mod versions;

use crate::line_index::LineIndex;
use depth::Depth;
use ruff_python_ast::ModModule;
use ruff_python_parser::{Mode, ParseOptions, Parsed};
use ruff_text_size::TextRange;

pub use distributions::{
    distribution_for_import, import_provided_by, replacement_for, required_by,
};
pub use names::{app_runs, defines, imports, AppRun, Import};
pub use session::{interactive_session, InteractiveSession};
pub use stdlib::is_stdlib;
pub use versions::Newer;

pub use ruff_python_ast::PythonVersion;

/// The Python versions whose errors docsite reports as that CPython does, oldest first.
pub const SUPPORTED: [PythonVersion; 5] = [
    PythonVersion::PY310,
    PythonVersion::PY311,
    PythonVersion::PY312,
    PythonVersion::PY313,
    PythonVersion::PY314,
];

/// The newest of them: what a post that names no Python is judged as.
pub const NEWEST: PythonVersion = PythonVersion::PY314;

/// How a source is read: for which Python, and whether it is an excerpt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The Python that runs it.
    pub version: PythonVersion,
    /// True for a block that is not a project file: see [`excerpt_error`].
    pub excerpt: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            version: NEWEST,
            excerpt: false,
        }
    }
}

/// A syntax error as CPython reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters: CPython's `offset`.
    pub column: usize,
    /// Characters to underline, at least 1.
    pub len: usize,
    /// CPython's message, e.g. `'(' was never closed` or `expected ':'`.
    pub message: String,
    /// A hint on how to fix it, when there is an obvious one.
    pub help: Option<String>,
    /// For syntax that a newer Python accepts: which, and since when. The message stays
    /// CPython's; the caller says which Python the article uses.
    pub needs: Option<Newer>,
}

/// The first syntax error in `source`, like the newest CPython's `compile(source, path,
/// "exec")`.
pub fn syntax_error(source: &str) -> Option<SyntaxError> {
    syntax_error_with(source, Options::default())
}

/// The first syntax error in `source` for `options`: what `compile(source, path, "exec")` says
/// on that CPython, or for an excerpt, what remains once it is read as one.
///
/// Expressions nested deeper than CPython accepts (about 3,000 levels) are reported at their
/// line with CPython's "maximum recursion depth exceeded during compilation".
pub fn syntax_error_with(source: &str, options: Options) -> Option<SyntaxError> {
    if options.excerpt {
        excerpt::excerpt_error(source, options)
    } else {
        compile_error(source, options)
    }
}

/// The first syntax error in `source` as ruff's parser states it for `version` (its message at
/// the start of its range, the first in the file), then the same compiler checks as
/// [`syntax_error_with`]: what docsite would say without its CPython port (`compat`,
/// `tokenizer` and the message rules around them). Only `examples/syntax_errors.rs` uses it, to
/// measure what the port buys (ARCHITECTURE.md, "The CPython port").
pub fn ruff_syntax_error(source: &str, version: PythonVersion) -> Option<SyntaxError> {
    let parsed = parse(source, version);
    let index = LineIndex::new(source);
    let parse_errors = parsed
        .errors()
        .iter()
        .map(|error| (error.location, error.error.to_string()));
    let unsupported = parsed
        .unsupported_syntax_errors()
        .iter()
        .map(|error| (error.range, error.to_string()));
    parse_errors
        .chain(unsupported)
        .min_by_key(|(range, _)| range.start())
        .map(|(range, message)| index.error(range, message))
        .or_else(|| {
            let options = Options {
                version,
                excerpt: false,
            };
            compile::check(source, parsed.syntax(), options)
        })
}

/// What `compile()` says of `source`, for the Python and mode of `options`.
fn compile_error(source: &str, options: Options) -> Option<SyntaxError> {
    if source.contains('\0') {
        // `compile()` refuses the whole string before tokenizing it.
        return Some(SyntaxError {
            line: 1,
            column: 1,
            len: 1,
            message: "source code string cannot contain null bytes".to_string(),
            help: None,
            needs: None,
        });
    }
    let error = match depth::classify(source) {
        Depth::Shallow => check(source, &parse(source, options.version), options),
        Depth::Deep => {
            depth::on_big_stack(|| check(source, &parse(source, options.version), options))
                .flatten()
        }
        Depth::TooDeep { line } => Some(too_deep(source, line, options.version)),
    };
    error
        .map(|error| versions::reworded(error, source, options.version))
        .map(with_help)
}

/// A hint for the errors whose fix is plain from the message.
fn with_help(mut error: SyntaxError) -> SyntaxError {
    if error.help.is_some() {
        return error;
    }
    let message = error.message.as_str();
    let typographic_quote = ['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']
        .iter()
        .any(|quote| message.starts_with(&format!("invalid character '{quote}'")));
    let help = if message == "expected ':'" {
        "add a ':' at the end of the statement's first line"
    } else if message.ends_with("Perhaps you forgot a comma?") {
        "add a ',' between the two items"
    } else if message.contains("Maybe you meant '=='") {
        "compare with '==' (or assign within an expression with ':=')"
    } else if message.starts_with("unterminated") {
        "end the string with the quote that starts it"
    } else if message == "inconsistent use of tabs and spaces in indentation" {
        "indent with spaces only"
    } else if message == "unindent does not match any outer indentation level" {
        "indent this line like the lines of the block it belongs to"
    } else if message == "unexpected indent" {
        "remove the indentation, or open a block on the line before"
    } else if typographic_quote {
        "replace the typographic quote with a straight one (\" or ')"
    } else if message.starts_with("invalid non-printable character") {
        "replace the invisible character with a plain space, or delete it"
    } else if message.starts_with("(unicode error)") {
        "double the backslashes, or use a raw string (r\"...\")"
    } else {
        return error;
    };
    error.help = Some(help.to_string());
    error
}

/// The errors of the tokenizer, the parser, then the compiler.
fn check(source: &str, parsed: &Parsed<ModModule>, options: Options) -> Option<SyntaxError> {
    compat::parse_error(source, parsed, options.version)
        .or_else(|| compile::check(source, parsed.syntax(), options))
}

/// A source too deep to parse safely; the tokenizer, which does not recurse, still comes first.
fn too_deep(source: &str, line: usize, version: PythonVersion) -> SyntaxError {
    tokenizer::tokenize(source, version >= PythonVersion::PY312)
        .error
        .map_or_else(
            || SyntaxError {
                line,
                column: 1,
                len: 1,
                message: "maximum recursion depth exceeded during compilation".to_string(),
                help: Some("split the expression into smaller ones".to_string()),
                needs: None,
            },
            |e| e.error,
        )
}

/// Parses a module with ruff for `version` (ruff reads the newest syntax and reports what
/// `version` does not have as unsupported).
fn parse(source: &str, version: PythonVersion) -> Parsed<ModModule> {
    let options = ParseOptions::from(Mode::Module).with_target_version(version);
    match ruff_python_parser::parse_unchecked(source, options).try_into_module() {
        Some(parsed) => parsed,
        // A module parse always gives a module; an empty one is the safe answer otherwise.
        None => ruff_python_parser::parse_unchecked_source("", Default::default()),
    }
}

/// Parses `source` when it is valid for the newest Python, for the analyses that need a whole
/// tree (to be called within [`depth::guarded`]).
fn parse_valid(source: &str) -> Option<Parsed<ModModule>> {
    let parsed = parse(source, NEWEST);
    check(source, &parsed, Options::default())
        .is_none()
        .then_some(parsed)
}

/// What the Python checks ask of a [`LineIndex`] beyond a position: CPython's underline.
trait PythonPositions {
    /// Number of characters of `range` on its first line (at least 1).
    fn len_on_line(&self, range: TextRange) -> usize;
    /// A syntax error at the start of `range`, underlining it on its first line.
    fn error(&self, range: TextRange, message: impl Into<String>) -> SyntaxError;
}

impl PythonPositions for LineIndex<'_> {
    fn len_on_line(&self, range: TextRange) -> usize {
        let source = self.source();
        let start = range.start().to_usize().min(source.len());
        let end = range.end().to_usize().clamp(start, source.len());
        source
            .get(start..end)
            .map_or(0, |s| {
                s.chars().take_while(|&c| c != '\n' && c != '\r').count()
            })
            .max(1)
    }

    fn error(&self, range: TextRange, message: impl Into<String>) -> SyntaxError {
        let (line, column) = self.position(range.start().to_usize());
        SyntaxError {
            line,
            column,
            len: self.len_on_line(range),
            message: message.into(),
            help: None,
            needs: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(source: &str) -> (usize, usize, String) {
        let e = syntax_error(source).expect("a syntax error");
        (e.line, e.column, e.message)
    }

    #[test]
    fn valid_code_has_no_error() {
        assert_eq!(syntax_error("print('hi')\n"), None);
        assert_eq!(syntax_error(""), None);
        assert_eq!(syntax_error("x = 1"), None);
        assert_eq!(
            syntax_error("match = 1\nmatch match:\n    case 1: pass\n"),
            None
        );
    }

    #[test]
    fn unclosed_bracket_points_at_the_opening_bracket() {
        assert_eq!(
            error("x = foo(\n    1,\n\ny = 2\n"),
            (1, 8, "'(' was never closed".to_string())
        );
    }

    #[test]
    fn python2_print_has_a_hint() {
        let e = syntax_error("print 'hello'\n").unwrap();
        assert_eq!((e.line, e.column), (1, 1));
        assert_eq!(
            e.message,
            "Missing parentheses in call to 'print'. Did you mean print(...)?"
        );
        assert_eq!(e.help.as_deref(), Some("write print('hello')"));
    }

    #[test]
    fn compiler_errors_come_after_parsing() {
        assert_eq!(
            error("def f():\n    pass\nreturn 1\n"),
            (3, 1, "'return' outside function".to_string())
        );
    }

    #[test]
    fn python_312_syntax_is_an_error_for_python_311() {
        let py311 = Options {
            version: PythonVersion::PY311,
            excerpt: false,
        };
        let error = |source: &str| syntax_error_with(source, py311).map(|e| e.message);
        assert_eq!(error("type X = int\n").as_deref(), Some("invalid syntax"));
        assert_eq!(
            error("def f[T](x: T): pass\n").as_deref(),
            Some("expected '('")
        );
        assert_eq!(syntax_error("type X = int\ndef f[T](x: T): pass\n"), None);
    }

    /// No CPython 3.14 can be installed on this machine (see tests/python_syntax.rs), so its
    /// new syntax is pinned here: accepted for 3.14, and for 3.13 reported where CPython 3.13
    /// reports it, as needing 3.14.
    #[test]
    fn python_314_syntax() {
        let with = |version| Options {
            version,
            excerpt: false,
        };
        for source in [
            "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
            "name = 'x'\ngreeting = t\"hello {name}\"\n",
        ] {
            assert_eq!(syntax_error_with(source, with(PythonVersion::PY314)), None);
            let error =
                syntax_error_with(source, with(PythonVersion::PY313)).expect("3.13 refuses");
            assert_eq!(error.needs.map(|n| n.version), Some(PythonVersion::PY314));
        }
        let except = syntax_error_with(
            "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
            with(PythonVersion::PY313),
        )
        .expect("an error");
        assert_eq!(
            (except.line, except.column, except.message.as_str()),
            (3, 8, "multiple exception types must be parenthesized")
        );
    }

    #[test]
    fn deep_expressions_do_not_overflow_the_stack() {
        let deep = format!("x = {}\n", vec!["1"; 2000].join(" + "));
        assert_eq!(syntax_error(&deep), None);
        assert_eq!(imports(&format!("import os\n{deep}")).len(), 1);
        let too_deep = format!("import os\nx = {}\n", vec!["1"; 10_000].join("+"));
        assert_eq!(
            error(&too_deep),
            (
                2,
                1,
                "maximum recursion depth exceeded during compilation".to_string()
            )
        );
        assert!(imports(&too_deep).is_empty());
        let brackets = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(error(&brackets).2, "too many nested parentheses");
    }

    #[test]
    fn no_panic_on_odd_input() {
        for source in [
            "\u{feff}x = 1",
            "\r\n\r\n  \r\n",
            "x = '\\",
            "f'{",
            "f'{x!",
            "f'{x:{y:{z",
            "\t \u{c}x",
            "(((((((((((((((((((((((((((((((",
            "def",
            "\\",
            "'''",
            "0x",
            "1_",
            "1e+",
            "ä = 1\n€ = 2",
            "if x:\n\ty\n        z\n",
        ] {
            let _ = syntax_error(source);
            let _ = imports(source);
            let _ = app_runs(source);
            let _ = defines(source, "app");
            let _ = interactive_session(source);
        }
    }
}
