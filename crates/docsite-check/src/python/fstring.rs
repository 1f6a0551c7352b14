//! F-strings as Python 3.11 reads them (before PEP 701): a port of the checks in CPython
//! 3.11's `Parser/string_parser.c`, since ruff parses f-strings the 3.12 way.

use super::{compat, strings, SyntaxError};

/// CPython's `MAXLEVEL` for brackets inside an f-string expression.
const MAX_LEVEL: usize = 200;

/// An f-string error.
pub(super) enum Error {
    /// An error CPython reports at the token after the string.
    Here(String),
    /// A syntax error in the expression starting at char `offset` of the body, positioned
    /// relative to `(expression)` as CPython 3.11 does.
    Expr { offset: usize, error: SyntaxError },
}

fn here(message: &str) -> Error {
    Error::Here(message.to_string())
}

/// Checks the body of an f-string.
pub(super) fn check(body: &[char], raw: bool) -> Result<(), Error> {
    let mut pos = 0;
    parse(body, &mut pos, raw, 0)
}

/// `fstring_parse`: literals and replacement fields up to the end (or the `}` closing a format
/// spec when `level` > 0).
fn parse(body: &[char], pos: &mut usize, raw: bool, level: usize) -> Result<(), Error> {
    loop {
        if find_literal(body, pos, raw, level)? {
            continue;
        }
        if *pos >= body.len() || body[*pos] == '}' {
            break;
        }
        find_expr(body, pos, raw, level)?;
    }
    if level != 0 && body.get(*pos) != Some(&'}') {
        return Err(here("f-string: expecting '}'"));
    }
    Ok(())
}

/// `fstring_find_literal`: true when it stopped at a doubled brace.
fn find_literal(body: &[char], pos: &mut usize, raw: bool, level: usize) -> Result<bool, Error> {
    let start = *pos;
    let doubled = scan_literal(body, pos, raw, level)?;
    // The literal is decoded as soon as it is found (up to one of a doubled brace).
    let end = if doubled { *pos - 1 } else { *pos };
    if !raw {
        if let Err(message) = strings::escapes(&body[start..end], false) {
            return Err(Error::Here(message));
        }
    }
    Ok(doubled)
}

fn scan_literal(body: &[char], pos: &mut usize, raw: bool, level: usize) -> Result<bool, Error> {
    while *pos < body.len() {
        let mut ch = body[*pos];
        *pos += 1;
        if !raw && ch == '\\' && *pos < body.len() {
            ch = body[*pos];
            *pos += 1;
            if ch == 'N' {
                if *pos < body.len() {
                    let open = body[*pos];
                    *pos += 1;
                    if open == '{' {
                        while *pos < body.len() {
                            let c = body[*pos];
                            *pos += 1;
                            if c == '}' {
                                break;
                            }
                        }
                    }
                }
                continue;
            }
        }
        if ch == '{' || ch == '}' {
            if level == 0 {
                if body.get(*pos) == Some(&ch) {
                    *pos += 1;
                    return Ok(true);
                }
                if ch == '}' {
                    return Err(here("f-string: single '}' is not allowed"));
                }
            }
            *pos -= 1;
            break;
        }
    }
    Ok(false)
}

/// `fstring_find_expr`: one replacement field, from its `{` to its `}`.
fn find_expr(body: &[char], pos: &mut usize, raw: bool, level: usize) -> Result<(), Error> {
    if level >= 2 {
        return Err(here("f-string: expressions nested too deeply"));
    }
    *pos += 1;
    let expr_start = *pos;
    let mut quote: Option<char> = None;
    let mut triple = false;
    let mut stack: Vec<char> = Vec::new();
    while *pos < body.len() {
        let ch = body[*pos];
        if ch == '\\' {
            return Err(here("f-string expression part cannot include a backslash"));
        }
        if let Some(q) = quote {
            if ch == q {
                if !triple {
                    quote = None;
                } else if body.get(*pos + 1) == Some(&ch)
                    && body.get(*pos + 2) == Some(&ch)
                    && *pos + 2 < body.len()
                {
                    *pos += 2;
                    quote = None;
                    triple = false;
                }
            }
            *pos += 1;
            continue;
        }
        match ch {
            '\'' | '"' => {
                triple = *pos + 2 < body.len() && body[*pos + 1] == ch && body[*pos + 2] == ch;
                if triple {
                    *pos += 2;
                }
                quote = Some(ch);
            }
            '(' | '[' | '{' => {
                if stack.len() >= MAX_LEVEL {
                    return Err(here("f-string: too many nested parenthesis"));
                }
                stack.push(ch);
            }
            '#' => return Err(here("f-string expression part cannot include '#'")),
            '!' | ':' | '}' | '=' | '<' | '>' if stack.is_empty() => {
                if body.get(*pos + 1) == Some(&'=') && matches!(ch, '!' | '=' | '<' | '>') {
                    *pos += 2;
                    continue;
                }
                if ch == '<' || ch == '>' {
                    *pos += 1;
                    continue;
                }
                break;
            }
            ')' | ']' | '}' => {
                let Some(opening) = stack.pop() else {
                    return Err(Error::Here(format!("f-string: unmatched '{ch}'")));
                };
                let expected = match opening {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                if ch != expected {
                    return Err(Error::Here(format!(
                        "f-string: closing parenthesis '{ch}' does not match opening parenthesis '{opening}'"
                    )));
                }
            }
            _ => {}
        }
        *pos += 1;
    }
    if quote.is_some() {
        return Err(here("f-string: unterminated string"));
    }
    if let Some(open) = stack.last() {
        return Err(Error::Here(format!("f-string: unmatched '{open}'")));
    }
    if *pos >= body.len() {
        return Err(here("f-string: expecting '}'"));
    }
    compile_expr(&body[expr_start..*pos], expr_start)?;
    if body[*pos] == '=' {
        *pos += 1;
        while body
            .get(*pos)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == '\x0b')
        {
            *pos += 1;
        }
        if *pos >= body.len() {
            return Err(here("f-string: expecting '}'"));
        }
    }
    if body[*pos] == '!' {
        *pos += 1;
        let conversion = body.get(*pos).copied();
        *pos += 1;
        if !matches!(conversion, Some('s' | 'r' | 'a')) {
            return Err(here(
                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
            ));
        }
    }
    if body.get(*pos) == Some(&':') {
        *pos += 1;
        if *pos >= body.len() {
            return Err(here("f-string: expecting '}'"));
        }
        parse(body, pos, raw, level + 1)?;
    }
    if body.get(*pos) != Some(&'}') {
        return Err(here("f-string: expecting '}'"));
    }
    *pos += 1;
    Ok(())
}

/// `fstring_compile_expr`: the expression must not be empty, and must parse as `(expr)`.
fn compile_expr(expr: &[char], offset: usize) -> Result<(), Error> {
    if expr
        .iter()
        .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c'))
    {
        return Err(here("f-string: empty expression not allowed"));
    }
    let text: String = std::iter::once('(')
        .chain(expr.iter().copied())
        .chain(std::iter::once(')'))
        .collect();
    let version = ruff_python_ast::PythonVersion::PY311;
    match compat::parse_error(&text, &super::parse(&text, version), version) {
        Some(error) => Err(Error::Expr { offset, error }),
        None => Ok(()),
    }
}
