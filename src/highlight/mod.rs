//! Syntax highlighting with syntect and bat's grammar set (two-face), loaded once.
//!
//! syntect's own defaults lack Dockerfile, TOML and requirements.txt; two-face ships bat's
//! precompiled set with them. Each token is styled by both colour schemes at once, and gets one
//! short class naming that pair of styles (`palette.rs`): `<span class=z1f>`, a few bytes where a
//! class per scope (`<span class="hl-meta hl-statement hl-import hl-python">`) took fifty; tokens
//! in the schemes' plain text get none, and neighbours of one class share a span.

mod palette;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, Mutex};

use syntect::highlighting::{HighlightIterator, HighlightState, Highlighter, Theme};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

use palette::Pairs;

/// Loaded on first use, then shared by every page and thread of the process.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);
static THEMES: LazyLock<EmbeddedLazyThemeSet> = LazyLock::new(two_face::theme::extra);

/// The grammar for an info-string language, matched case-insensitively, if docsite knows it.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.to_lowercase();
    let syntaxes = &*SYNTAXES;
    if let Some(name) = docsite_check::language::language(&lang).and_then(|l| l.grammar) {
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

/// A site's two colour schemes: what highlights its code and writes its `syntax.css`.
pub struct Schemes {
    light_name: String,
    dark_name: String,
    light: Highlighter<'static>,
    dark: Highlighter<'static>,
    pairs: Pairs,
}

/// The schemes of each (light, dark) pair asked for, made once per process: the pairs of styles
/// a build's code used are gathered here, for its stylesheet.
static SCHEMES: LazyLock<Mutex<HashMap<SchemeNames, Arc<Schemes>>>> = LazyLock::new(Mutex::default);

/// A (light, dark) pair of scheme names, lowercased.
type SchemeNames = (String, String);

impl Schemes {
    /// The schemes named `light` and `dark` (case-insensitive); errs with the unknown name.
    pub fn named(light: &str, dark: &str) -> Result<Arc<Schemes>, String> {
        let key = (light.to_lowercase(), dark.to_lowercase());
        let mut all = SCHEMES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(schemes) = all.get(&key) {
            return Ok(schemes.clone());
        }
        let light_theme = theme(light).ok_or_else(|| light.to_owned())?;
        let dark_theme = theme(dark).ok_or_else(|| dark.to_owned())?;
        let schemes = Arc::new(Schemes {
            light_name: light.to_owned(),
            dark_name: dark.to_owned(),
            light: Highlighter::new(light_theme),
            dark: Highlighter::new(dark_theme),
            pairs: Pairs::of(light_theme, dark_theme),
        });
        all.insert(key, schemes.clone());
        Ok(schemes)
    }

    /// Highlight `code` written in `lang` as HTML; an unknown language or a grammar failure
    /// gives escaped plain text, never an error. Each distinct block is highlighted once per
    /// process (`HIGHLIGHTED`): posts repeat their commands and files, and `serve` rebuilds the
    /// same blocks.
    pub fn highlight(&self, code: &str, lang: Option<&str>) -> String {
        let Some(syntax) = lang.and_then(syntax_for) else {
            return escape_text(code);
        };
        let key = (
            format!("{}\n{}\n{}", syntax.name, self.light_name, self.dark_name),
            code.to_owned(),
        );
        if let Some(html) = HIGHLIGHTED
            .lock()
            .ok()
            .and_then(|cache| cache.get(&key).cloned())
        {
            return html.to_string();
        }
        let lead = (syntax.name == "Dockerfile" && is_dockerfile_excerpt(code))
            .then_some("FROM scratch\n");
        let html = self
            .tokens_html(code, syntax, lead)
            .unwrap_or_else(|| escape_text(code));
        if let Ok(mut cache) = HIGHLIGHTED.lock() {
            cache.insert(key, Arc::from(html.as_str()));
        }
        html
    }

    /// `code` as spans of one class per pair of styles. A `lead` is read first and left out:
    /// bat's Dockerfile grammar only knows instructions after a `FROM`, so an excerpt is read
    /// where its lines sit in a real file.
    fn tokens_html(
        &self,
        code: &str,
        syntax: &SyntaxReference,
        lead: Option<&str>,
    ) -> Option<String> {
        let mut parse = ParseState::new(syntax);
        let mut light = HighlightState::new(&self.light, ScopeStack::new());
        let mut dark = HighlightState::new(&self.dark, ScopeStack::new());
        let mut html = Spans::default();
        for (index, line) in lead
            .into_iter()
            .chain(LinesWithEndings::from(code))
            .enumerate()
        {
            let ops = parse.parse_line(line, &SYNTAXES).ok()?;
            let light_tokens = HighlightIterator::new(&mut light, &ops, line, &self.light);
            let dark_tokens = HighlightIterator::new(&mut dark, &ops, line, &self.dark);
            for ((light_style, text), (dark_style, _)) in light_tokens.zip(dark_tokens) {
                if index == 0 && lead.is_some() {
                    continue;
                }
                html.push(self.pairs.class(&light_style, &dark_style), text);
            }
        }
        Some(html.finish())
    }

    /// The code stylesheet for the pairs of styles `used` (each page's `Rendered::pairs`, put
    /// together).
    pub fn stylesheet(&self, used: &BTreeSet<u32>) -> String {
        self.pairs
            .stylesheet(&self.light_name, &self.dark_name, used)
    }

    /// The pairs of styles the highlighted code in `html` uses, read from its classes: a
    /// page's own, kept with it, so a site's stylesheet is exactly what its pages use.
    pub fn pairs_in(&self, html: &str) -> Vec<u32> {
        let mut pairs: Vec<u32> = html
            .match_indices("<span class=z")
            .filter_map(|(at, opening)| {
                let rest = &html[at + opening.len()..];
                self.pairs.number_of(&rest[..rest.find('>')?])
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }
}

/// Highlighted HTML being written: a span is opened only for a class, closed only when the class
/// changes, and whitespace between two tokens of one class stays inside their span.
#[derive(Default)]
struct Spans {
    html: String,
    open: Option<String>,
    /// Whitespace seen after the open span's last token, not yet written.
    space: String,
}

impl Spans {
    fn push(&mut self, class: Option<String>, text: &str) {
        if text.chars().all(char::is_whitespace) {
            self.space.push_str(text);
            return;
        }
        if class != self.open {
            if self.open.take().is_some() {
                self.html.push_str("</span>");
            }
            if let Some(class) = &class {
                self.html.push_str(&std::mem::take(&mut self.space));
                self.html.push_str("<span class=");
                self.html.push_str(class);
                self.html.push('>');
            }
            self.open = class;
        }
        self.html.push_str(&std::mem::take(&mut self.space));
        push_escaped_text(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html.push_str(&self.space);
        self.html
    }
}

/// Highlighted blocks by grammar, schemes and code, bounded: past `HIGHLIGHT_CACHE_BYTES` it
/// starts over.
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

/// True for Dockerfile code without a `FROM` line (an excerpt: "then add `EXPOSE 5000`").
fn is_dockerfile_excerpt(code: &str) -> bool {
    !code.lines().any(|line| {
        line.split_whitespace()
            .next()
            .is_some_and(|word| word.eq_ignore_ascii_case("FROM"))
    })
}

/// Escape text for HTML element content: `&`, `<` and `>` (quotes need no escaping there, and
/// code is full of them).
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    push_escaped_text(&mut escaped, text);
    escaped
}

fn push_escaped_text(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
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

/// True when a grammar knows `lang` (an info-string language), by name, alias or extension.
pub fn knows_language(lang: &str) -> bool {
    syntax_for(lang).is_some()
}

/// Every language word a grammar answers to (lowercase), for "did you mean" suggestions.
pub fn language_words() -> Vec<String> {
    let mut words: Vec<String> = docsite_check::language::LANGUAGES
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

    fn schemes() -> Arc<Schemes> {
        let defaults = crate::config::HighlightConfig::default();
        Schemes::named(&defaults.light_theme, &defaults.dark_theme).expect("the default schemes")
    }

    fn text_of(html: &str) -> String {
        html.split('<')
            .map(|part| part.split_once('>').map_or(part, |(_, text)| text))
            .collect::<String>()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn every_checked_language_is_highlighted() {
        let schemes = schemes();
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
            let html = schemes.highlight(code, Some(lang));
            assert!(html.contains("<span class=z"), "{lang}: {html}");
            assert_eq!(text_of(&html), code, "{lang}");
        }
    }

    #[test]
    fn one_short_class_per_run_of_one_style() {
        let schemes = schemes();
        let html = schemes.highlight("import os, sys\nprint(\"a < b\")\n", Some("python"));
        assert!(
            !html.contains("hl-") && !html.contains("class=\""),
            "{html}"
        );
        let spans: Vec<&str> = html
            .match_indices("<span")
            .map(|(at, _)| &html[at..])
            .collect();
        assert!(spans.len() <= 6, "{html}");
        assert!(
            html.contains("\"a &lt; b\""),
            "quotes stay, `<` is escaped: {html}"
        );
        // Neighbours of one class share a span.
        assert!(!html.contains("</span><span class=z"), "{html}");
        let css = schemes.stylesheet(&schemes.pairs_in(&html).into_iter().collect());
        for class in html
            .split("class=")
            .skip(1)
            .map(|rest| &rest[..rest.find('>').unwrap()])
        {
            assert!(
                css.contains(&format!(".{class}{{--l:")),
                "{class} in the stylesheet"
            );
        }
    }

    /// Issue 10: bat's grammar leaves a Dockerfile without `FROM` unhighlighted.
    #[test]
    fn dockerfile_excerpts_are_highlighted_like_whole_files_with_balanced_spans() {
        let schemes = schemes();
        let excerpt = "EXPOSE 5000\nRUN pip install flask \\\n    gunicorn\n";
        let html = schemes.highlight(excerpt, Some("dockerfile"));
        let whole = schemes.highlight(&format!("FROM scratch\n{excerpt}"), Some("dockerfile"));
        assert!(
            whole.ends_with(&html) || whole.contains(&html[..html.find('\n').unwrap()]),
            "{html}\n{whole}"
        );
        assert!(html.matches("<span").count() >= 2, "{html}");
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{html}"
        );
        assert_eq!(text_of(&html), excerpt, "only the excerpt's own text");
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(
            schemes().highlight("<b>", Some("no-such-lang")),
            "&lt;b&gt;"
        );
    }

    #[test]
    fn dark_colours_apply_to_readers_who_prefer_dark_and_to_the_toggle() {
        let schemes = schemes();
        let html = schemes.highlight("x = 1 # one\n", Some("python"));
        let css = schemes.stylesheet(&schemes.pairs_in(&html).into_iter().collect());
        assert!(css.contains("@media (prefers-color-scheme: dark){:root:not([data-theme=light]) pre [class^=z]{color:var(--d)"), "{css}");
        assert!(
            css.contains(":root[data-theme=dark] pre [class^=z]{color:var(--d)"),
            "{css}"
        );
        assert!(css.lines().any(|line| line.contains(";--d:#")), "{css}");
    }

    #[test]
    fn unknown_schemes_are_named() {
        assert_eq!(
            Schemes::named("Coldark-Cold", "no-such").err().as_deref(),
            Some("no-such")
        );
    }
}
