//! Turning Tera's error chains into diagnostics that name the template file and line.
//!
//! Tera 1 reports parse errors with a ` --> line:col` inside its message chain, and render errors
//! with no position at all; for those the line of the first named variable is the best guess.

use std::collections::BTreeMap;
use std::error::Error as _;

use super::theme::TemplateSource;
use crate::diagnostic::{Diagnostic, Location};
use docsite_check::site_rules as rules;

/// A diagnostic for a Tera error, located in the template it names.
pub fn diagnostic(err: &tera::Error, templates: &BTreeMap<String, TemplateSource>) -> Diagnostic {
    let mut chain = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    let joined = chain.join("\n");
    let named = templates
        .iter()
        .filter(|(name, _)| {
            joined.contains(&format!("'{name}'")) || joined.contains(&format!("\"{name}\""))
        })
        .max_by_key(|(name, _)| name.len());
    let detail = chain
        .iter()
        .rev()
        .flat_map(|message| message.lines())
        .map(|line| line.trim().trim_start_matches("= ").trim())
        .find(|line| {
            !line.is_empty()
                && !line.starts_with("-->")
                && !line.starts_with('|')
                && !starts_with_digit_pipe(line)
        })
        .unwrap_or("template error")
        .to_owned();
    let mut diagnostic = rules::ds008::RULE.diagnostic(format!("template error: {detail}"));
    if let Some((name, template)) = named {
        let position = parse_position(&joined).or_else(|| guess_position(&joined, &template.text));
        let (line, column) = position.unwrap_or((1, 1));
        diagnostic = diagnostic
            .at(Location::in_text(
                template.origin.display(),
                &template.text,
                line,
                column,
            ))
            .label(format!("in template `{name}`"));
    }
    diagnostic.help("fix the template; the README lists the variables each template receives")
}

fn starts_with_digit_pipe(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && line[digits..].trim_start().starts_with('|')
}

/// The ` --> L:C` pest puts in parse errors.
fn parse_position(text: &str) -> Option<(usize, usize)> {
    let after = &text[text.find("--> ")? + 4..];
    let token: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (line, column) = token.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// The first line of the template holding a name the error quotes in backticks.
fn guess_position(text: &str, template: &str) -> Option<(usize, usize)> {
    text.split('`').skip(1).step_by(2).find_map(|name| {
        template.lines().enumerate().find_map(|(index, line)| {
            line.find(name)
                .map(|byte| (index + 1, line[..byte].chars().count() + 1))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pest_position_is_read() {
        assert_eq!(parse_position("x\n --> 3:7\n  |"), Some((3, 7)));
    }

    #[test]
    fn render_error_is_located_by_variable_name() {
        let template = "<p>\n{{ page.nope }}\n";
        assert_eq!(
            guess_position("Variable `page.nope` not found", template),
            Some((2, 4))
        );
    }
}
