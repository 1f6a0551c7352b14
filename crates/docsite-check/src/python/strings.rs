//! String literals as CPython's parser decodes them: escape sequences (`"C:\Users"` is an
//! error) and f-strings. These errors are raised while the parser builds the string, so CPython
//! 3.10 and 3.11 report them at the token after the group of adjacent strings; from 3.12, at the
//! string itself.

use ruff_python_parser::{LexicalErrorType, ParseErrorType};
use ruff_text_size::TextRange;

use super::compat::{text_size, Candidate, Ctx};
use super::fstring;
use super::tokenizer::Kind;
use super::SyntaxError;
use ruff_python_ast::PythonVersion;

/// The first error in the file's string literals, if any.
pub(super) fn first_error(ctx: &Ctx) -> Option<Candidate> {
    let tokens = &ctx.toks.tokens;
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind != Kind::String {
            i += 1;
            continue;
        }
        let group_start = i;
        let mut end = i;
        while end < tokens.len() && tokens[end].kind == Kind::String {
            end += 1;
        }
        for token in &tokens[group_start..end] {
            let text = ctx.source.get(token.start..token.end).unwrap_or("");
            let Some(literal) = split_literal(text) else {
                continue;
            };
            let raw = literal.prefix.contains(['r', 'R']);
            let body: Vec<char> = literal.body.chars().collect();
            if literal.prefix.contains(['f', 'F']) {
                // From 3.12 (PEP 701) f-strings are parsed as code, as ruff parses them; only
                // 3.10 and 3.11 read them with the rules of `fstring`.
                if ctx.version >= PythonVersion::PY312 {
                    continue;
                }
                match fstring::check(&body, raw) {
                    Ok(()) => continue,
                    Err(fstring::Error::Here(message)) => {
                        return Some(ctx.after_strings(group_start, &message));
                    }
                    Err(fstring::Error::Expr { offset, error }) => {
                        // Positioned within `(expression)`, on the expression's line.
                        let before: String = body[..offset].iter().collect();
                        let newlines = literal.before_body.matches('\n').count()
                            + before.matches('\n').count();
                        let message = if error.message.starts_with("f-string") {
                            error.message
                        } else {
                            format!("f-string: {}", error.message)
                        };
                        return Some(Candidate {
                            error: SyntaxError {
                                line: token.line + newlines + error.line - 1,
                                column: error.column,
                                len: error.len,
                                message,
                                help: None,
                                needs: None,
                            },
                            detected: tokens[group_start].start,
                            fetched: end,
                            skips_tokenizer_check: false,
                        });
                    }
                }
            }
            if raw {
                continue;
            }
            let bytes = literal.prefix.contains(['b', 'B']);
            // 3.12 reports a bad escape at its string; 3.11 after the strings around it.
            let at = |message: &str| {
                if ctx.version >= PythonVersion::PY312 {
                    ctx.at_range(
                        TextRange::new(text_size(token.start), text_size(token.end)),
                        token.start,
                        message,
                    )
                } else {
                    ctx.after_strings(group_start, message)
                }
            };
            match escapes(&body, bytes) {
                Err(message) => return Some(at(&message)),
                // Ruff knows the Unicode character names; this port does not.
                Ok(Some((start, end))) if ruff_refuses_escape(ctx, token.start, token.end) => {
                    let message = unicode_error(start, end, "unknown Unicode character name");
                    return Some(at(&message));
                }
                Ok(_) => {}
            }
        }
        i = end;
    }
    None
}

fn ruff_refuses_escape(ctx: &Ctx, start: usize, end: usize) -> bool {
    ctx.parsed.errors().iter().any(|e| {
        matches!(
            e.error,
            ParseErrorType::Lexical(LexicalErrorType::UnicodeError)
        ) && (start..end).contains(&e.location.start().to_usize())
    })
}

/// A string token split into its prefix, its opening quotes and its body.
pub(super) struct Literal<'t> {
    pub prefix: &'t str,
    pub before_body: &'t str,
    pub body: &'t str,
}

pub(super) fn split_literal(text: &str) -> Option<Literal<'_>> {
    let prefix_len = text.find(['\'', '"'])?;
    let prefix = &text[..prefix_len];
    let rest = &text[prefix_len..];
    let quote = rest.chars().next()?;
    let triple: String = std::iter::repeat_n(quote, 3).collect();
    let quote_len = if rest.starts_with(&triple) && rest.len() >= 6 {
        3
    } else {
        1
    };
    let body = rest.get(quote_len..rest.len().checked_sub(quote_len)?)?;
    Some(Literal {
        prefix,
        before_body: &text[..prefix_len + quote_len],
        body,
    })
}

/// Decodes the escape sequences of a literal (or a literal part of an f-string) like CPython
/// 3.11: the error message, or the byte range of the first `\N{name}` escape, whose name this
/// port cannot check. Byte positions are those of CPython's intermediate buffer, where each
/// non-ASCII character takes 10 bytes (`\UXXXXXXXX`).
pub(super) fn escapes(body: &[char], bytes: bool) -> Result<Option<(usize, usize)>, String> {
    let mut named = None;
    let mut pos = 0;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        i += 1;
        if c != '\\' {
            pos += if c.is_ascii() { 1 } else { 10 };
            continue;
        }
        let start = pos;
        let Some(&kind) = body.get(i) else {
            break;
        };
        if !kind.is_ascii() {
            // The backslash becomes `\u005c`; the character its `\U` form.
            pos += 6;
            continue;
        }
        i += 1;
        pos += 2;
        match kind {
            'x' | 'u' | 'U' if !bytes || kind == 'x' => {
                let count = match kind {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut value: u32 = 0;
                for _ in 0..count {
                    let digit = body
                        .get(i)
                        .filter(|c| c.is_ascii())
                        .and_then(|c| c.to_digit(16));
                    let Some(digit) = digit else {
                        return Err(if bytes {
                            format!("(value error) invalid \\x escape at position {start}")
                        } else {
                            let reason = format!("truncated \\{kind}{} escape", "X".repeat(count));
                            unicode_error(start, pos, &reason)
                        });
                    };
                    value = value.saturating_mul(16).saturating_add(digit);
                    i += 1;
                    pos += 1;
                }
                if value > 0x10FFFF {
                    return Err(unicode_error(start, pos, "illegal Unicode character"));
                }
            }
            'N' if !bytes => {
                if body.get(i) != Some(&'{') {
                    return Err(unicode_error(start, pos, "malformed \\N character escape"));
                }
                i += 1;
                pos += 1;
                let name_start = i;
                while i < body.len() && body[i] != '}' {
                    pos += if body[i].is_ascii() { 1 } else { 10 };
                    i += 1;
                }
                if i >= body.len() || i == name_start {
                    return Err(unicode_error(start, pos, "malformed \\N character escape"));
                }
                i += 1;
                pos += 1;
                named = named.or(Some((start, pos)));
            }
            _ => {}
        }
    }
    Ok(named)
}

/// CPython's message for a bad escape spanning bytes `start..end` of the decoder's buffer.
fn unicode_error(start: usize, end: usize, reason: &str) -> String {
    format!(
        "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{}: {reason}",
        end.saturating_sub(1).max(start)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(body: &str) -> Result<Option<(usize, usize)>, String> {
        escapes(&body.chars().collect::<Vec<_>>(), false)
    }

    #[test]
    fn windows_paths_are_truncated_escapes() {
        assert_eq!(
            decode(r"C:\Users\name").unwrap_err(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 2-3: truncated \\UXXXXXXXX escape"
        );
        assert!(decode(r"C:\\Users\\name").is_ok());
    }

    #[test]
    fn non_ascii_characters_count_ten_bytes() {
        assert_eq!(
            decode(r"é\x4").unwrap_err(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape"
        );
    }

    #[test]
    fn named_escapes() {
        assert_eq!(decode(r"ab\N{DASH}"), Ok(Some((2, 10))));
        assert!(decode(r"\N")
            .unwrap_err()
            .ends_with("position 0-1: malformed \\N character escape"));
        assert!(decode(r"\N{")
            .unwrap_err()
            .ends_with("position 0-2: malformed \\N character escape"));
        assert!(decode(r"\U00110000")
            .unwrap_err()
            .ends_with("position 0-9: illegal Unicode character"));
    }

    #[test]
    fn bytes_only_check_hex_escapes() {
        let body: Vec<char> = r"ab\x4 \N \u".chars().collect();
        assert_eq!(
            escapes(&body, true).unwrap_err(),
            "(value error) invalid \\x escape at position 2"
        );
    }
}
