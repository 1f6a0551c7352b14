//! Markdown → HTML with pulldown-cmark, plus what themes need around it: heading ids with
//! self-links, a nested table of contents, a summary, word count, and highlighted code blocks.
//!
//! Code blocks are also returned as data (language, attributes, text, line in the file) so later
//! stages can check them without parsing the Markdown again.

mod html_attrs;
pub mod include;
pub mod info;
mod lines;
mod toc;

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::HeadingIdScheme;
use crate::highlight::{escape_html, escape_text, Schemes};
use docsite_check::article::Kind;
use docsite_check::console::{LineRole, PromptKind, ShellBlock};
use docsite_check::reading::Reading;
pub use include::Included;
pub use info::CodeInfo;
use pulldown_cmark::{
    html, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
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
    /// Why the block is beyond the configured limits, if it is: then it is shown as plain text
    /// and not checked.
    pub over_limit: Option<String>,
    /// How its content reads: what its label says, or (for a block that is not a file) what it
    /// plainly is instead. Highlighting and the checks both follow it.
    pub reading: Reading,
}

/// A page body turned into HTML, with what was learned on the way. Kept between builds without
/// what only the page itself shows (its HTML, headings, code and sections): what lists, links
/// and search need of it stays.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rendered {
    /// The whole body as HTML.
    #[serde(skip)]
    pub html: String,
    /// HTML before `<!-- more -->`, when the marker is present.
    pub summary: Option<String>,
    /// Nested headings.
    #[serde(skip)]
    pub toc: Vec<TocEntry>,
    /// Words of prose (code blocks excluded).
    pub word_count: usize,
    /// Code blocks in order.
    #[serde(skip)]
    pub code_blocks: Vec<CodeBlock>,
    /// Includes that failed: the block's fence line and why.
    #[serde(skip)]
    pub include_errors: Vec<(usize, String)>,
    /// Links and images (Markdown and raw HTML), with where they are written and where they
    /// lead, for link checking.
    pub links: Vec<Link>,
    /// Every `#fragment` a link may name here: heading ids, and the `id`/`name` of raw HTML
    /// elements (`<a name="task1"></a>`), as GitHub honours both.
    pub anchors: Vec<String>,
    /// The text of the first `#` (level 1) heading, the title of a page that names none.
    pub first_heading: Option<String>,
    /// The page's text in sections, one per heading (the first one before any), for search.
    #[serde(skip)]
    pub sections: Vec<Section>,
    /// The pairs of code colours its highlighted code uses: the site's `syntax.css` holds the
    /// pairs its pages use, and no others.
    pub pairs: Vec<u32>,
}

/// The text under one heading, as search reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id (empty for the text before the first heading).
    pub anchor: String,
    /// The heading's text.
    pub title: String,
    /// Its prose, as plain text.
    pub text: String,
    /// Its code blocks' text, one after the other.
    pub code: String,
}

/// A link (or image) destination, where it is written, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The destination as written.
    pub url: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the link's start.
    pub column: usize,
    /// Where it leads.
    pub target: LinkTarget,
    /// The `#fragment`, percent-decoded, when it has one.
    pub fragment: Option<String>,
}

/// Where a link leads, as the site resolved it while the Markdown was rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkTarget {
    /// A scheme (`https:`, `mailto:`) or `//host`: not checked.
    External,
    /// Only a `#fragment`: this page.
    SamePage,
    /// A Markdown file of `content/` (path relative to `content/`).
    Document(PathBuf),
    /// Another file of `content/` (path relative to `content/`).
    File(PathBuf),
    /// No file of `content/`: a path under the output root (`posts/x/index.html`), which the
    /// built site may or may not hold (static files, taxonomy pages, URLs written by hand).
    Output(PathBuf),
    /// A relative path that climbs above `content/`.
    Outside,
}

/// What a link destination becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The destination to write in the HTML instead of the one written, if it changes.
    pub href: Option<String>,
    /// Where it leads.
    pub target: LinkTarget,
    /// Its `#fragment`, percent-decoded.
    pub fragment: Option<String>,
}

/// Resolves link destinations the way GitHub does: from the Markdown file's own folder.
pub trait ResolveLink: Sync {
    /// Resolve `destination` as written in the Markdown file.
    fn resolve(&self, destination: &str) -> Resolution;
}

/// A resolver that leaves every link as written (for rule examples and tests).
pub struct AsWritten;

impl ResolveLink for AsWritten {
    fn resolve(&self, destination: &str) -> Resolution {
        let fragment = destination.split_once('#').map(|(_, f)| f.to_owned());
        let target = if destination.starts_with('#') {
            LinkTarget::SamePage
        } else {
            LinkTarget::External
        };
        Resolution {
            href: None,
            target,
            fragment,
        }
    }
}

/// What `render` needs besides the Markdown.
pub struct RenderContext<'a> {
    /// Reads the files blocks include.
    pub read: ReadFile<'a>,
    /// Resolves link destinations.
    pub links: &'a dyn ResolveLink,
    /// The colour schemes that highlight code; `None` when only checking: no HTML is shown, so
    /// code is not highlighted.
    pub highlight: Option<&'a Schemes>,
    /// How heading ids are made.
    pub heading_ids: HeadingIdScheme,
    /// Bounds on the code blocks highlighted.
    pub limits: &'a crate::config::Limits,
}

impl Rendered {
    /// Minutes a reader needs, at least one.
    pub fn reading_time(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Reads a file for `include=`: a path relative to the page's folder → its text or why not.
pub type ReadFile<'a> = &'a (dyn Fn(&str) -> Result<String, String> + Sync);

/// Render a Markdown body whose first line is line `line_offset + 1` of its file.
pub fn render(markdown: &str, line_offset: usize, context: &RenderContext) -> Rendered {
    let mut collector = Collector::new(markdown, line_offset, context);
    let mut events = Parser::new_ext(markdown, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        collector.event(event, range, &mut events);
    }
    collector.finish()
}

/// The events of a Markdown body, with where each stands in it.
type Spanned<'m> = (Event<'m>, Range<usize>);

/// What [`render`] gathers while it walks the events: the events to write, and what the page
/// is made of besides its HTML (headings, sections, code blocks, links, anchors, words). One
/// method per kind of element.
struct Collector<'m, 'c> {
    markdown: &'m str,
    line_offset: usize,
    /// Byte offset of each line of `markdown`.
    line_starts: Vec<usize>,
    context: &'c RenderContext<'c>,
    out: Vec<Event<'m>>,
    /// Events before `<!-- more -->`, when it is there.
    summary_end: Option<usize>,
    headings: Vec<(u8, String, String)>,
    ids: HeadingIds,
    first_heading: Option<String>,
    word_count: usize,
    code_blocks: Vec<CodeBlock>,
    include_errors: Vec<(usize, String)>,
    sections: Vec<Section>,
    links: Vec<Link>,
    anchors: Vec<String>,
    /// Consecutive code blocks with a `tab` label, waiting to be written as one group.
    tabs: Vec<(String, String)>,
}

impl<'m, 'c> Collector<'m, 'c> {
    fn new(markdown: &'m str, line_offset: usize, context: &'c RenderContext<'c>) -> Self {
        Self {
            markdown,
            line_offset,
            line_starts: std::iter::once(0)
                .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            context,
            out: Vec::new(),
            summary_end: None,
            headings: Vec::new(),
            ids: HeadingIds {
                scheme: context.heading_ids,
                seen: HashMap::new(),
            },
            first_heading: None,
            word_count: 0,
            code_blocks: Vec::new(),
            include_errors: Vec::new(),
            sections: vec![Section::default()],
            links: Vec::new(),
            anchors: Vec::new(),
            tabs: Vec::new(),
        }
    }

    /// Line of the file at byte `offset` of the body.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) + self.line_offset
    }

    fn column_of(&self, offset: usize) -> usize {
        let start = self.line_starts[self.line_starts.partition_point(|&s| s <= offset).max(1) - 1];
        self.markdown[start..offset].chars().count() + 1
    }

    fn event(
        &mut self,
        event: Event<'m>,
        range: Range<usize>,
        events: &mut impl Iterator<Item = Spanned<'m>>,
    ) {
        if !matches!(event, Event::Start(Tag::CodeBlock(_))) {
            flush_tabs(&mut self.out, &mut self.tabs);
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let written = HeadingWritten {
                    level,
                    id: id.as_deref(),
                    classes: &classes,
                    attrs: &attrs,
                };
                self.heading(&written, range, events);
            }
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(&kind, range, events),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.out.push(Event::Html(callout_open(kind).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.out.push(Event::Html("</div>\n".into()));
            }
            Event::Html(ref raw) | Event::InlineHtml(ref raw) if raw.trim() == MORE_MARKER => {
                self.summary_end.get_or_insert(self.out.len());
            }
            // A task's box, named for screen readers (pulldown-cmark's has no label).
            Event::TaskListMarker(done) => self.out.push(Event::Html(
                format!(
                    "<input type=\"checkbox\" disabled{} aria-label=\"{}\"> ",
                    if done { " checked" } else { "" },
                    if done { "Done" } else { "To do" }
                )
                .into(),
            )),
            Event::Text(ref words) | Event::Code(ref words) => {
                self.word_count += count_words(words);
                if let Some(section) = self.sections.last_mut() {
                    section.text.push_str(words);
                    section.text.push(' ');
                }
                self.out.push(event);
            }
            other => {
                let rewritten = self.rewrite(other, range);
                self.out.push(rewritten);
            }
        }
    }

    /// A heading: its id (the writer's or one made from its text), a new section, an anchor,
    /// the page's title when it is the first `#`, and its entry in the table of contents.
    fn heading(
        &mut self,
        written: &HeadingWritten,
        range: Range<usize>,
        events: &mut impl Iterator<Item = Spanned<'m>>,
    ) {
        let inner: Vec<Event> = events
            .by_ref()
            .take_while(|(event, _)| !matches!(event, Event::End(TagEnd::Heading(_))))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|(event, range)| self.rewrite(event, range))
            .collect();
        let heading = plain_text(&inner);
        self.word_count += count_words(&heading);
        let id = self
            .ids
            .assign(written.id, &id_text(&self.markdown[range], &heading));
        self.sections.push(Section {
            anchor: id.clone(),
            title: heading.trim().to_owned(),
            ..Section::default()
        });
        self.anchors.push(id.clone());
        if written.level == HeadingLevel::H1 && self.first_heading.is_none() {
            self.first_heading = Some(heading.trim().to_owned());
        }
        let level = written.level;
        self.out.push(Event::Html(
            heading_open(level, &id, written.classes, written.attrs).into(),
        ));
        self.out.extend(inner);
        self.out.push(Event::Html(format!("</{level}>\n").into()));
        self.headings.push((heading_rank(level), id, heading));
    }

    /// A code block: its text (or the file it includes), how it reads, its HTML (alone or in a
    /// group of tabs), and its record for the checks.
    fn code_block(
        &mut self,
        kind: &CodeBlockKind,
        range: Range<usize>,
        events: &mut impl Iterator<Item = Spanned<'m>>,
    ) {
        let info = match kind {
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
        let fence_line = self.line_of(range.start);
        let include = match include::resolve(&info, self.context.read) {
            Some(Ok(included)) => {
                code = included.text.clone();
                Some(included)
            }
            Some(Err(message)) => {
                self.include_errors.push((fence_line, message));
                None
            }
            None => None,
        };
        let whole_file = include
            .as_ref()
            .filter(|included| included.partial)
            .map(|included| {
                let resolved = self.context.links.resolve(&included.path);
                resolved.href.unwrap_or_else(|| included.path.clone())
            });
        let over_limit = self.context.limits.exceeded_by(&code);
        let reading = match over_limit {
            None => block_reading(&info, &code, include.is_some()),
            Some(_) => Reading::as_labelled(None),
        };
        let html = code_block_html(
            &info,
            &code,
            &reading,
            include.as_ref(),
            whole_file.as_deref(),
            self.context.highlight.filter(|_| over_limit.is_none()),
        );
        match info.attrs.get("tab") {
            Some(label) => self.tabs.push((label.clone(), html)),
            None => {
                flush_tabs(&mut self.out, &mut self.tabs);
                self.out.push(Event::Html(html.into()));
            }
        }
        if let Some(section) = self.sections.last_mut() {
            section.code.push_str(&code);
            section.code.push('\n');
        }
        self.code_blocks.push(CodeBlock {
            info,
            code,
            fence_line,
            include,
            over_limit,
            reading,
        });
    }

    /// Links, images and raw HTML, wherever they stand (headings included), with their
    /// destinations resolved.
    fn rewrite(&mut self, mut event: Event<'m>, range: Range<usize>) -> Event<'m> {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
            if let Some(href) = self.resolve_link(dest_url, range.start) {
                *dest_url = href.into();
            }
            return event;
        }
        match event {
            Event::Html(raw) if raw.contains('<') => Event::Html(self.raw_html(&raw, range).into()),
            Event::InlineHtml(raw) if raw.contains('<') => {
                Event::InlineHtml(self.raw_html(&raw, range).into())
            }
            other => other,
        }
    }

    /// Resolves a destination written at byte `offset` of the body, records the link, and gives
    /// the destination to write instead, if it changes.
    fn resolve_link(&mut self, destination: &str, offset: usize) -> Option<String> {
        let resolution = self.context.links.resolve(destination);
        self.links.push(Link {
            url: destination.to_owned(),
            line: self.line_of(offset),
            column: self.column_of(offset),
            target: resolution.target,
            fragment: resolution.fragment,
        });
        resolution.href
    }

    /// Raw HTML: links in `href`/`src` resolved like Markdown links, `id`/`name` kept as
    /// anchors.
    fn raw_html(&mut self, raw: &str, range: Range<usize>) -> String {
        let base = range.start + self.markdown[range].find(raw).unwrap_or(0);
        html_attrs::rewrite(raw, |attr| match attr.name.as_str() {
            "id" | "name" => {
                self.anchors.push(attr.value.to_owned());
                None
            }
            "href" | "src" => self
                .resolve_link(attr.value, base + attr.offset)
                .map(|href| escape_html(&href)),
            _ => None,
        })
    }

    fn finish(mut self) -> Rendered {
        flush_tabs(&mut self.out, &mut self.tabs);
        let summary = self.summary_end.map(|end| to_html(&self.out[..end]));
        Rendered {
            html: to_html(&self.out),
            summary,
            toc: toc::nest(self.headings),
            word_count: self.word_count,
            code_blocks: self.code_blocks,
            include_errors: self.include_errors,
            links: self.links,
            anchors: self.anchors,
            first_heading: self.first_heading,
            sections: self.sections,
            // Read from the HTML by the caller, who has the schemes.
            pairs: Vec::new(),
        }
    }
}

/// A heading's start tag as written: level, `{#id .class key=value}`.
struct HeadingWritten<'a> {
    level: HeadingLevel,
    id: Option<&'a str>,
    classes: &'a [CowStr<'a>],
    attrs: &'a [(CowStr<'a>, Option<CowStr<'a>>)],
}

/// GitHub's alert kinds: the title, and the class and label of the callout.
fn callout_open(kind: BlockQuoteKind) -> String {
    let (class, title) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\" aria-hidden=\"true\">{title}</p>\n"
    )
}

/// Write waiting tab blocks as one group: each panel keeps its label, so without JavaScript the
/// blocks read stacked and labelled; `tabs.js` turns the group into a tab list.
fn flush_tabs(out: &mut Vec<Event>, tabs: &mut Vec<(String, String)>) {
    if tabs.is_empty() {
        return;
    }
    let mut html = String::from("<div class=\"tab-group\">\n");
    for (label, block) in tabs.drain(..) {
        let label = escape_html(&label);
        html.push_str(&format!(
            "<div class=\"tab-panel\" data-tab=\"{label}\"><p class=\"tab-label\">{label}</p>\n{block}</div>\n"
        ));
    }
    html.push_str("</div>\n");
    out.push(Event::Html(html.into()));
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

/// The text a heading's id is made from: GitHub makes ids without smart punctuation, so
/// `## Using the --gpu flag` is `#using-the---gpu-flag`, not the en dash's `#using-the-gpu-flag`.
/// Only a heading whose text has a dash that smart punctuation may have made is read again.
fn id_text(source: &str, heading: &str) -> String {
    if !heading.contains(['\u{2013}', '\u{2014}']) {
        return heading.to_owned();
    }
    let events: Vec<Event> = Parser::new_ext(source, options() - Options::ENABLE_SMART_PUNCTUATION)
        .filter(|event| !matches!(event, Event::Start(Tag::Heading { .. }) | Event::End(_)))
        .collect();
    plain_text(&events)
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
    tag.push('>');
    tag
}

/// How a block reads: a file (`file=`, an included file) or a `run` block is what its label
/// says; any other block is judged by its content (`docsite_check::reading`).
fn block_reading(info: &CodeInfo, code: &str, included: bool) -> Reading {
    let label = info.lang.as_deref().and_then(docsite_check::kind_for_lang);
    let strict = included || info.attrs.contains_key("file") || info.attrs.contains_key("run");
    match label {
        Some(kind) if !strict => docsite_check::reading::read(kind, code),
        _ => Reading::as_labelled(label),
    }
}

fn code_block_html(
    info: &CodeInfo,
    code: &str,
    reading: &Reading,
    include: Option<&Included>,
    whole_file_url: Option<&str>,
    schemes: Option<&Schemes>,
) -> String {
    let lang = reading
        .instead
        .map(|kind| kind.word())
        .or(info.lang.as_deref());
    let lang_attr = escape_html(lang.unwrap_or("text"));
    let name = info.caption().or(include.map(|i| i.path.as_str()));
    let whole_file = include
        .zip(whole_file_url)
        .map(|(included, url)| {
            let first = included.lines.first().copied().unwrap_or(1);
            let last = included.lines.last().copied().unwrap_or(first);
            format!(
                " <a class=\"code-source\" href=\"{}\">lines {first}–{last} of {}</a>",
                escape_html(url),
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
    // A terminal session, or a shell block written with prompts (a PowerShell block that
    // starts at `PS> ` too): prompts and output set apart, the `>` of a prompt no redirection.
    let session = match reading.kind {
        Some(Kind::Session) => true,
        Some(Kind::Shell) => ShellBlock::read(code).has_prompts(),
        _ => lang.is_some_and(is_powershell) && starts_at_powershell_prompt(code),
    };
    let mut body = match (session, schemes) {
        (true, _) => console_html(code, schemes),
        (false, Some(schemes)) => schemes.highlight(code, lang),
        (false, None) => escape_text(code),
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
    // `tabindex="0"`: a block wider than the column scrolls, and keyboard users must reach it.
    format!(
        "<figure class=\"code-block\" data-lang=\"{lang_attr}\">{caption}<pre class=\"{pre_class}\" tabindex=\"0\"><code class=\"language-{lang_attr}\">{body}</code></pre></figure>\n"
    )
}

/// The info-string words GitHub highlights as PowerShell.
fn is_powershell(lang: &str) -> bool {
    ["powershell", "pwsh", "posh", "ps1"]
        .iter()
        .any(|word| lang.eq_ignore_ascii_case(word))
}

/// True when the first line that is not blank starts with a PowerShell prompt (`PS> `,
/// `PS C:\app> `): a session pasted from the terminal, not a script.
fn starts_at_powershell_prompt(code: &str) -> bool {
    code.lines()
        .find(|line| !line.trim().is_empty())
        .and_then(|line| docsite_check::console::prompt(line, false))
        .is_some_and(|prompt| prompt.kind == PromptKind::PowerShell)
}

/// A terminal session: each command highlighted in its shell's grammar after its prompt (the
/// `> ` of a continuation too), each output line plain (`class="output"`), so the two read apart
/// and a selection skips the prompts.
fn console_html(code: &str, schemes: Option<&Schemes>) -> String {
    let session = ShellBlock::read_session(code);
    let command_html = |text: &str, kind: PromptKind| {
        let grammar = match kind {
            PromptKind::Posix => "bash",
            PromptKind::PowerShell => "powershell",
            PromptKind::Cmd => "bat",
            PromptKind::Python => "python",
        };
        match schemes {
            Some(schemes) => schemes.highlight(text, Some(grammar)),
            None => escape_text(text),
        }
    };
    let mut html = String::new();
    for (index, line) in code.split_inclusive('\n').enumerate() {
        match session.roles.get(index) {
            Some(LineRole::Command { prompt, kind } | LineRole::Continuation { prompt, kind }) => {
                let (prompt, command) = line.split_at((*prompt).min(line.len()));
                if !prompt.is_empty() {
                    html.push_str(&format!(
                        "<span class=\"prompt\">{}</span>",
                        escape_html(prompt)
                    ));
                }
                html.push_str(&command_html(command, *kind));
            }
            _ => {
                let (text, newline) = match line.strip_suffix('\n') {
                    Some(text) => (text, "\n"),
                    None => (line, ""),
                };
                html.push_str(&format!(
                    "<span class=\"output\">{}</span>{newline}",
                    escape_text(text)
                ));
            }
        }
    }
    html
}

/// Hands out unique heading ids: the author's `{#id}` as written, otherwise one made from the
/// text by the configured scheme, suffixed `-1`, `-2`, … when already taken (as GitHub does).
struct HeadingIds {
    scheme: HeadingIdScheme,
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        if let Some(id) = explicit {
            self.seen.entry(id.to_owned()).or_insert(0);
            return id.to_owned();
        }
        let mut base = match self.scheme {
            HeadingIdScheme::Github => github_id(text),
            HeadingIdScheme::Slug => slug::slugify(text),
        };
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

/// GitHub's heading id (github-slugger): lowercase; letters, digits, `_` and `-` kept; each
/// space becomes `-`; everything else (punctuation, emoji) dropped.
pub fn github_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_plain(markdown: &str, line_offset: usize) -> Rendered {
        render(
            markdown,
            line_offset,
            &RenderContext {
                read: &|path| Err(format!("no file `{path}`")),
                links: &AsWritten,
                highlight: Some(
                    &crate::highlight::Schemes::named("Coldark-Cold", "Coldark-Dark")
                        .expect("schemes"),
                ),
                heading_ids: HeadingIdScheme::Github,
                limits: &crate::config::Limits::default(),
            },
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
    fn heading_ids_follow_github() {
        let rendered = render_plain(
            "## 3.1 Deploying\n\n## Step 1 - Install `docker`!\n\n## Café & Co.\n",
            0,
        );
        assert_eq!(
            rendered.anchors,
            vec!["31-deploying", "step-1---install-docker", "café--co"]
        );
    }

    #[test]
    fn double_hyphens_stay_in_heading_ids_as_on_github() {
        let rendered = render_plain(
            "## Using the --gpu flag\n\nSetext -- too\n---\n\n## A real – dash {#own}\n\n## Café — bar\n",
            0,
        );
        assert_eq!(
            rendered.anchors,
            vec!["using-the---gpu-flag", "setext----too", "own", "café--bar"]
        );
        assert!(rendered.html.contains("Using the \u{2013}gpu flag"));
    }

    #[test]
    fn raw_html_ids_and_names_are_anchors() {
        let rendered = render_plain("<a name=\"task1\"></a>\n\n## Task 1 <a id=\"t1\"></a>\n", 0);
        assert_eq!(rendered.anchors, vec!["task1", "t1", "task-1"]);
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
