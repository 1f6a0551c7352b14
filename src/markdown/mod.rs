//! Markdown → HTML with pulldown-cmark, plus what themes need around it: heading ids with
//! self-links, a nested table of contents, a summary, word count, and highlighted code blocks.
//!
//! Code blocks are also returned as data (language, attributes, text, line in the file) so later
//! stages can check them without parsing the Markdown again.

pub mod include;
pub mod info;
mod lines;
mod toc;

use std::collections::HashMap;

use crate::highlight::{escape_html, highlight};
pub use include::Included;
pub use info::CodeInfo;
use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
pub use toc::TocEntry;

/// The marker that ends a page's summary.
const MORE_MARKER: &str = "<!-- more -->";
/// Words a reader reads in a minute, for `reading_time`.
const WORDS_PER_MINUTE: usize = 200;

/// A fenced or indented code block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// Language and attributes from the info string.
    pub info: CodeInfo,
    /// The block's text, ending with a newline.
    pub code: String,
    /// 1-based line of the opening fence in the Markdown file.
    pub fence_line: usize,
    /// For `include="file"` blocks: what was included, from where.
    pub include: Option<Included>,
}

/// A page body turned into HTML, with what was learned on the way.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The whole body as HTML.
    pub html: String,
    /// HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    /// Nested headings.
    pub toc: Vec<TocEntry>,
    /// Words of prose (code blocks excluded).
    pub word_count: usize,
    /// Code blocks in order.
    pub code_blocks: Vec<CodeBlock>,
    /// Includes that failed: the block's fence line and why.
    pub include_errors: Vec<(usize, String)>,
    /// Links and images, with where they are written, for link checking.
    pub links: Vec<Link>,
    /// The prose as plain text (code blocks left out), for the search index.
    pub text: String,
}

/// A link (or image) destination and its position in the Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written.
    pub url: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the link's start.
    pub column: usize,
}

impl Rendered {
    /// Every heading id, for `#fragment` links.
    pub fn heading_ids(&self) -> Vec<&str> {
        let mut ids = Vec::new();
        let mut stack: Vec<&TocEntry> = self.toc.iter().collect();
        while let Some(entry) = stack.pop() {
            ids.push(entry.id.as_str());
            stack.extend(&entry.children);
        }
        ids
    }
}

impl Rendered {
    /// Minutes a reader needs, at least one.
    pub fn reading_time(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Reads a file for `include=`: a path relative to the page's folder → its text or why not.
pub type ReadFile<'a> = &'a (dyn Fn(&str) -> Result<String, String> + Sync);

/// Render a Markdown body whose first line is line `line_offset + 1` of its file; `read` serves
/// the files blocks include.
pub fn render(markdown: &str, line_offset: usize, read: ReadFile, highlighted: bool) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of =
        |offset: usize| line_starts.partition_point(|&start| start <= offset) + line_offset;

    let mut out: Vec<Event> = Vec::new();
    let mut summary_end = None;
    let mut headings = Vec::new();
    let mut ids = HeadingIds::default();
    let mut word_count = 0;
    let mut code_blocks = Vec::new();
    let mut include_errors = Vec::new();
    let mut links = Vec::new();
    let mut text = String::new();
    let column_of = |offset: usize| {
        let start = markdown[..offset]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        markdown[start..offset].chars().count() + 1
    };
    let mut events = Parser::new_ext(markdown, options()).into_offset_iter();

    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let inner: Vec<Event> = events
                    .by_ref()
                    .map(|(event, _)| event)
                    .take_while(|event| !matches!(event, Event::End(TagEnd::Heading(_))))
                    .collect();
                let heading = plain_text(&inner);
                word_count += count_words(&heading);
                text.push_str(&heading);
                text.push_str(". ");
                let id = ids.assign(id.as_deref(), &heading);
                out.push(Event::Html(
                    heading_open(level, &id, &classes, &attrs).into(),
                ));
                out.extend(inner);
                out.push(Event::Html(format!("</{level}>\n").into()));
                headings.push((heading_rank(level), id, heading));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => CodeInfo::parse(info),
                    CodeBlockKind::Indented => CodeInfo::default(),
                };
                let mut code = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Text(text) => code.push_str(&text),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let fence_line = line_of(range.start);
                let include = match include::resolve(&info, read) {
                    Some(Ok(included)) => {
                        code = included.text.clone();
                        Some(included)
                    }
                    Some(Err(message)) => {
                        include_errors.push((fence_line, message));
                        None
                    }
                    None => None,
                };
                out.push(Event::Html(
                    code_block_html(&info, &code, include.as_ref(), highlighted).into(),
                ));
                code_blocks.push(CodeBlock {
                    info,
                    code,
                    fence_line,
                    include,
                });
            }
            Event::Html(ref raw) | Event::InlineHtml(ref raw) if raw.trim() == MORE_MARKER => {
                summary_end.get_or_insert(out.len());
            }
            Event::Text(ref words) | Event::Code(ref words) => {
                word_count += count_words(words);
                text.push_str(words);
                text.push(' ');
                out.push(event);
            }
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                links.push(Link {
                    url: dest_url.to_string(),
                    line: line_of(range.start),
                    column: column_of(range.start),
                });
                out.push(event);
            }
            other => out.push(other),
        }
    }

    let summary = summary_end.map(|end| to_html(&out[..end]));
    Rendered {
        html: to_html(&out),
        summary,
        toc: toc::nest(headings),
        word_count,
        code_blocks,
        include_errors,
        links,
        text,
    }
}

fn to_html(events: &[Event]) -> String {
    let mut html_out = String::new();
    html::push_html(&mut html_out, events.iter().cloned());
    html_out
}

fn count_words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect()
}

fn heading_rank(level: HeadingLevel) -> u8 {
    level as u8
}

fn heading_open(
    level: HeadingLevel,
    id: &str,
    classes: &[CowStr],
    attrs: &[(CowStr, Option<CowStr>)],
) -> String {
    let id = escape_html(id);
    let mut tag = format!("<{level} id=\"{id}\"");
    if !classes.is_empty() {
        let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
        tag.push_str(&format!(" class=\"{}\"", escape_html(&classes.join(" "))));
    }
    for (name, value) in attrs {
        match value {
            Some(value) => tag.push_str(&format!(
                " {}=\"{}\"",
                escape_html(name),
                escape_html(value)
            )),
            None => tag.push_str(&format!(" {}", escape_html(name))),
        }
    }
    tag.push_str(&format!(
        "><a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\">#</a>"
    ));
    tag
}

fn code_block_html(
    info: &CodeInfo,
    code: &str,
    include: Option<&Included>,
    highlighted: bool,
) -> String {
    let lang = info.lang.as_deref();
    let lang_attr = escape_html(lang.unwrap_or("text"));
    let name = info.caption().or(include.map(|i| i.path.as_str()));
    let whole_file = include
        .filter(|included| included.partial)
        .map(|included| {
            let first = included.lines.first().copied().unwrap_or(1);
            let last = included.lines.last().copied().unwrap_or(first);
            format!(
                " <a class=\"code-source\" href=\"{}\">lines {first}–{last} of {}</a>",
                escape_html(&included.path),
                escape_html(&included.path)
            )
        })
        .unwrap_or_default();
    let caption = name
        .map(|name| {
            format!(
                "<figcaption><span class=\"code-name\">{}</span>{whole_file}</figcaption>",
                escape_html(name)
            )
        })
        .unwrap_or_default();
    let mut body = if highlighted {
        highlight(code, lang)
    } else {
        escape_html(code)
    };
    let numbered = info.attrs.contains_key("linenos");
    let marked = info
        .attrs
        .get("hl_lines")
        .map(|spec| lines::parse_ranges(spec))
        .unwrap_or_default();
    if numbered || !marked.is_empty() {
        body = lines::split(&body, &marked);
    }
    let pre_class = if numbered { "code linenos" } else { "code" };
    format!(
        "<figure class=\"code-block\" data-lang=\"{lang_attr}\">{caption}<pre class=\"{pre_class}\"><code class=\"language-{lang_attr}\">{body}</code></pre></figure>\n"
    )
}

/// Hands out unique heading ids: the author's `{#id}` as written, otherwise a slug of the text,
/// suffixed `-1`, `-2`, … when already taken.
#[derive(Default)]
struct HeadingIds {
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        if let Some(id) = explicit {
            self.seen.entry(id.to_owned()).or_insert(0);
            return id.to_owned();
        }
        let mut base = slug::slugify(text);
        if base.is_empty() {
            base = "section".to_owned();
        }
        let mut candidate = base.clone();
        while let Some(count) = self.seen.get_mut(&candidate) {
            *count += 1;
            candidate = format!("{base}-{count}");
        }
        self.seen.insert(candidate.clone(), 0);
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_plain(markdown: &str, line_offset: usize) -> Rendered {
        render(
            markdown,
            line_offset,
            &|path| Err(format!("no file `{path}`")),
            true,
        )
    }

    #[test]
    fn duplicate_headings_get_unique_ids() {
        let rendered = render_plain("## Setup\n\n## Setup\n\n## Setup\n", 0);
        assert!(rendered.html.contains("id=\"setup\""));
        assert!(rendered.html.contains("id=\"setup-1\""));
        assert!(rendered.html.contains("id=\"setup-2\""));
    }

    #[test]
    fn explicit_id_is_kept() {
        let rendered = render_plain("## Install {#install-steps}\n", 0);
        assert!(rendered.html.contains("<h2 id=\"install-steps\">"));
    }

    #[test]
    fn summary_stops_at_more_marker() {
        let rendered = render_plain("Intro text.\n\n<!-- more -->\n\nRest.\n", 0);
        let summary = rendered.summary.unwrap();
        assert!(summary.contains("Intro text.") && !summary.contains("Rest."));
    }

    #[test]
    fn code_blocks_record_their_fence_line() {
        let rendered = render_plain("text\n\n```python file=app.py\nprint(1)\n```\n", 3);
        let block = &rendered.code_blocks[0];
        assert_eq!(block.fence_line, 6);
        assert_eq!(block.info.attrs["file"], "app.py");
        assert_eq!(block.code, "print(1)\n");
    }
}
