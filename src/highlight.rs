//! Syntax highlighting with syntect and bat's grammar set (two-face), class-based, loaded once.
//!
//! syntect's own defaults lack Dockerfile, TOML and requirements.txt; two-face ships bat's
//! precompiled set with them. Output uses `hl-` prefixed CSS classes so one generated stylesheet
//! can colour code for light and dark readers alike.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use syntect::highlighting::Theme;
use syntect::html::{
    css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle, ClassedHTMLGenerator,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

/// Loaded on first use, then shared by every page and thread of the process.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);
static THEMES: LazyLock<EmbeddedLazyThemeSet> = LazyLock::new(two_face::theme::extra);

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The grammar for an info-string language, matched case-insensitively, if docsite knows it.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.to_lowercase();
    let syntaxes = &*SYNTAXES;
    if let Some(name) = crate::check::language::language(&lang).and_then(|l| l.grammar) {
        if let Some(syntax) = syntaxes.find_syntax_by_name(name) {
            return Some(syntax);
        }
    }
    syntaxes.find_syntax_by_token(&lang).or_else(|| {
        syntaxes
            .syntaxes()
            .iter()
            .find(|syntax| syntax.name.to_lowercase() == lang)
    })
}

/// Highlight `code` written in `lang` as HTML spans; an unknown language or a grammar failure
/// gives escaped plain text, never an error. Each distinct block is highlighted once per process
/// (`HIGHLIGHTED`): posts repeat their commands and files, and `serve` rebuilds the same blocks.
pub fn highlight(code: &str, lang: Option<&str>) -> String {
    let Some(syntax) = lang.and_then(syntax_for) else {
        return escape_html(code);
    };
    let key = (syntax.name.clone(), code.to_owned());
    if let Some(html) = HIGHLIGHTED
        .lock()
        .ok()
        .and_then(|cache| cache.get(&key).cloned())
    {
        return html.to_string();
    }
    let html = classed_html(code, syntax).unwrap_or_else(|| escape_html(code));
    if let Ok(mut cache) = HIGHLIGHTED.lock() {
        cache.insert(key, Arc::from(html.as_str()));
    }
    html
}

/// Highlighted blocks by grammar and code, bounded: past `HIGHLIGHT_CACHE_BYTES` it starts over.
static HIGHLIGHTED: LazyLock<Mutex<BoundedCache>> = LazyLock::new(Mutex::default);

/// Bytes of code and HTML the highlight cache may hold.
const HIGHLIGHT_CACHE_BYTES: usize = 64 * 1024 * 1024;

#[derive(Default)]
struct BoundedCache {
    entries: HashMap<(String, String), Arc<str>>,
    bytes: usize,
}

impl BoundedCache {
    fn get(&self, key: &(String, String)) -> Option<&Arc<str>> {
        self.entries.get(key)
    }

    fn insert(&mut self, key: (String, String), html: Arc<str>) {
        let size = key.1.len() + html.len();
        if self.bytes + size > HIGHLIGHT_CACHE_BYTES {
            self.entries.clear();
            self.bytes = 0;
        }
        self.bytes += size;
        self.entries.insert(key, html);
    }
}

fn classed_html(code: &str, syntax: &SyntaxReference) -> Option<String> {
    if syntax.name == "Dockerfile" && is_dockerfile_excerpt(code) {
        return excerpt_html(code, syntax, "FROM scratch\n");
    }
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// True for Dockerfile code without a `FROM` line (an excerpt: "then add `EXPOSE 5000`").
fn is_dockerfile_excerpt(code: &str) -> bool {
    !code.lines().any(|line| {
        line.split_whitespace()
            .next()
            .is_some_and(|word| word.eq_ignore_ascii_case("FROM"))
    })
}

/// Highlight `code` as the lines that follow `lead`. bat's Dockerfile grammar only knows
/// instructions after a `FROM`, so an excerpt alone comes out unhighlighted; reading a synthetic
/// `FROM` line first puts the parser where the excerpt's lines sit in a real file. The lead's own
/// HTML is dropped, and the spans it leaves open are reopened, so the HTML stays balanced.
fn excerpt_html(code: &str, syntax: &SyntaxReference, lead: &str) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let ops = state.parse_line(lead, &SYNTAXES).ok()?;
    let (lead_html, _) = line_tokens_to_classed_spans(lead, &ops, CLASS_STYLE, &mut scopes).ok()?;
    let reopened = unclosed_spans(&lead_html);
    let mut html: String = reopened.concat();
    let mut open = isize::try_from(reopened.len()).ok()?;
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, &SYNTAXES).ok()?;
        let (line_html, delta) =
            line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
        html.push_str(&line_html);
        open += delta;
    }
    for _ in 0..open.max(0) {
        html.push_str("</span>");
    }
    Some(html)
}

/// The opening `<span …>` tags of `html` that no `</span>` closes, outermost first.
fn unclosed_spans(html: &str) -> Vec<&str> {
    let mut open = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').map_or(rest.len(), |end| end + 1);
        let tag = &rest[..end];
        if tag.starts_with("</span") {
            open.pop();
        } else if tag.starts_with("<span") {
            open.push(tag);
        }
        rest = &rest[end..];
    }
    open
}

/// Escape text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The names of every colour scheme docsite can use for code.
pub fn theme_names() -> Vec<&'static str> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|name| name.as_name())
        .collect()
}

/// True when `name` is a colour scheme docsite has (case-insensitive).
pub fn has_theme(name: &str) -> bool {
    theme(name).is_some()
}

fn theme(name: &str) -> Option<&'static Theme> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .find(|candidate| candidate.as_name().eq_ignore_ascii_case(name))
        .map(|found: &EmbeddedThemeName| THEMES.get(*found))
}

/// The stylesheet for highlighted code: `light` by default, `dark` for readers who prefer dark.
/// Errs with the unknown scheme's name.
pub fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
    let css_for = |name: &str| {
        let theme = theme(name).ok_or_else(|| name.to_owned())?;
        css_for_theme_with_class_style(theme, CLASS_STYLE).map_err(|_| name.to_owned())
    };
    let light_css = css_for(light)?;
    let dark_css = css_for(dark)?;
    // Dark colours apply when the reader's system prefers dark, unless the page says
    // `data-theme="light"`, and always when it says `data-theme="dark"` (the theme toggle).
    Ok(format!(
        "/* Generated by docsite: code colours ({light} / {dark}). */\n{light_css}\n@media (prefers-color-scheme: dark) {{\n{}}}\n{}",
        scoped(&dark_css, ":root:not([data-theme=\"light\"])"),
        scoped(&dark_css, ":root[data-theme=\"dark\"]"),
    ))
}

/// `css` with every selector placed under `scope`; comments dropped.
fn scoped(css: &str, scope: &str) -> String {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let mut out = String::new();
    for rule in text.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        let selectors: Vec<String> = selectors
            .split(',')
            .map(str::trim)
            .filter(|selector| !selector.is_empty())
            .map(|selector| format!("{scope} {selector}"))
            .collect();
        if !selectors.is_empty() {
            out.push_str(&format!("{} {{{}}}\n", selectors.join(", "), body));
        }
    }
    out
}

/// True when a grammar knows `lang` (an info-string language), by name, alias or extension.
pub fn knows_language(lang: &str) -> bool {
    syntax_for(lang).is_some()
}

/// Every language word a grammar answers to (lowercase), for "did you mean" suggestions.
pub fn language_words() -> Vec<String> {
    let mut words: Vec<String> = crate::check::language::LANGUAGES
        .iter()
        .filter(|language| language.grammar.is_some())
        .map(|language| language.word.to_owned())
        .collect();
    for syntax in SYNTAXES.syntaxes() {
        words.push(syntax.name.to_lowercase());
        words.extend(syntax.file_extensions.iter().map(|ext| ext.to_lowercase()));
    }
    words.sort();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_python_and_shell_are_highlighted() {
        for (lang, code) in [
            ("Dockerfile", "FROM python:3.11-slim\n"),
            ("docker", "RUN echo hi\n"),
            ("py", "def f():\n    return 1\n"),
            ("console", "$ echo hi\n"),
            ("yml", "a: 1\n"),
            ("toml", "a = 1\n"),
            ("json", "{\"a\": 1}\n"),
            ("requirements", "flask==3.0.3\n"),
        ] {
            assert!(
                highlight(code, Some(lang)).contains("class=\"hl-"),
                "{lang}"
            );
        }
    }

    /// Issue 10: bat's grammar leaves a Dockerfile without `FROM` unhighlighted.
    #[test]
    fn dockerfile_excerpts_are_highlighted_like_whole_files_with_balanced_spans() {
        let excerpt = "EXPOSE 5000\nRUN pip install flask \\\n    gunicorn\n";
        let html = highlight(excerpt, Some("dockerfile"));
        let whole = highlight(&format!("FROM scratch\n{excerpt}"), Some("dockerfile"));
        let keyword = |html: &str| html.matches("hl-keyword").count();
        assert!(keyword(&html) >= 2, "{html}");
        assert_eq!(keyword(&html), keyword(&whole) - 1, "{html}\n{whole}");
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{html}"
        );
        let text = html
            .split('<')
            .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
            .collect::<String>();
        assert_eq!(text, excerpt, "only the excerpt's own text");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(highlight("<b>", Some("no-such-lang")), "&lt;b&gt;");
    }

    #[test]
    fn dark_rules_are_scoped_for_the_toggle() {
        let css = scoped(
            "/* c */\n.hl-a, .hl-b {\n color: red;\n}\n.hl-c { x: y; }",
            ":root[data-theme=\"dark\"]",
        );
        assert_eq!(css, ":root[data-theme=\"dark\"] .hl-a, :root[data-theme=\"dark\"] .hl-b {\n color: red;\n}\n:root[data-theme=\"dark\"] .hl-c { x: y; }\n");
    }

    #[test]
    fn default_schemes_exist() {
        let defaults = crate::config::HighlightConfig::default();
        assert!(stylesheet(&defaults.light_theme, &defaults.dark_theme).is_ok());
    }
}
