//! Full-text search over the whole site, split so that a query loads only what it needs.
//!
//! Built from what the Markdown stage already has (each page's sections: heading, prose, code),
//! with no second reading of the HTML. The browser's `search.js` reads:
//! - `search/index.json`, the manifest: the first word of each shard, the stop words;
//! - `search/<hash>.json.gz`, a shard: for each word in its range, the pages that hold it (page
//!   number, score, the section with the most of it, and whether that is code), best first;
//! - `search/doc/<n>.json.gz`, the fragments of pages `BUNDLE × n` to `BUNDLE × n + BUNDLE - 1`:
//!   each page's title, URL and sections (anchor, heading, and the start of their prose and
//!   code), for the result's heading link and snippet.
//!
//! Shards and fragments are gzipped (the browser unpacks them with `DecompressionStream`): they
//! are most of the index's bytes, and not every host compresses what it sends.
//!
//! A query therefore fetches the manifest, one shard per word, and one small file per result it
//! shows. Shards are named by their content, so an edit rewrites only the shards of the words it
//! touched (and `serve` re-serialises only those, see `Index::update`).

pub mod terms;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde_json::json;
use std::hash::BuildHasher;

use crate::content::{Page, Site};
use crate::output::{OutputContent, OutputFile};

/// Pages a word's shard entry lists at most, best first: enough for any reader's query, and a
/// word found on every page of a 10,000-page site still costs a few kilobytes.
const MOST_POSTINGS: usize = 200;
/// A shard is closed when its JSON reaches this size.
const SHARD_BYTES: usize = 24 * 1024;
/// Characters of a section's prose, and of its code, kept for snippets: the reader sees about
/// 160 of them around the first word found, or the start of the section.
const SNIPPET_TEXT: usize = 320;
const SNIPPET_CODE: usize = 240;
/// A fragment stops keeping snippets past this size (later sections keep heading and anchor),
/// so a query that shows eight long tutorials still loads tens of kilobytes, not hundreds.
const FRAGMENT_BYTES: usize = 8 * 1024;
/// Pages whose fragments share one file. A result loads three other pages' fragments with its
/// own (about 5 kB gzipped in all, eight results 40 kB), and a site has a quarter as many
/// fragment files to create and deploy: one file per page was a fifth of a 10,000-page build's
/// time, in file creation alone.
const BUNDLE: usize = 4;
/// zlib's level for shards and fragments: 6, its default, makes fragments 5% smaller than 1
/// does.
const COMPRESSION: u32 = 6;
/// Pages read at once when the index is built.
const BATCH: usize = 512;
/// The folder of the search files, under the output root.
pub const FOLDER: &str = "search";

/// How much a word counts where it stands.
const TITLE: f32 = 10.0;
const KEYWORD: f32 = 6.0;
const HEADING: f32 = 5.0;
const DESCRIPTION: f32 = 3.0;
const CODE: f32 = 2.0;
const PROSE: f32 = 1.0;

/// One page holding one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Posting {
    doc: u32,
    /// 1 to 255, higher is better.
    score: u8,
    /// The section with the most of the word.
    section: u16,
    /// True when that section holds it in code rather than in prose.
    code: bool,
}

/// What one page contributes, as read: its words with their postings (in no order), and its
/// fragment file. The words are spans of one string, so a page costs a few allocations, not
/// one per distinct word.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    /// The page's distinct words, one after another.
    text: String,
    /// Each word's span of `text`, and its posting.
    words: Vec<(std::ops::Range<usize>, Posting)>,
    fragment: Arc<Vec<u8>>,
}

impl Reading {
    /// Page `doc` (its number in URL order) as search reads it.
    fn of(page: &Page, doc: u32) -> Reading {
        let mut text = String::new();
        let mut table: HashTable<(std::ops::Range<usize>, Stats)> = HashTable::with_capacity(1024);
        // A word is looked up once per occurrence; whether it is a word at all (not a stop
        // word, not too long) is asked once per page.
        let mut add = |words: &str, weight: f32, section: u16, code: bool| {
            terms::each_candidate(words, |word| {
                let hash = FxBuildHasher.hash_one(word);
                if let Some((_, entry)) =
                    table.find_mut(hash, |(span, _)| &text[span.clone()] == word)
                {
                    entry.add(weight, section, code);
                    return;
                }
                let mut entry = Stats {
                    refused: !terms::is_word(word),
                    ..Stats::default()
                };
                entry.add(weight, section, code);
                let span = text.len()..text.len() + word.len();
                text.push_str(word);
                table.insert_unique(hash, (span, entry), |(span, _)| {
                    FxBuildHasher.hash_one(&text[span.clone()])
                });
            });
        };
        add(page.title(), TITLE, 0, false);
        for keyword in &page.meta.keywords {
            add(keyword, KEYWORD, 0, false);
        }
        if let Some(description) = &page.meta.description {
            add(description, DESCRIPTION, 0, false);
        }
        for (index, section) in page.rendered.sections.iter().enumerate() {
            let index = u16::try_from(index).unwrap_or(u16::MAX);
            add(&section.title, HEADING, index, false);
            add(&section.text, PROSE, index, false);
            add(&section.code, CODE, index, true);
        }
        let words = table
            .into_iter()
            .filter(|(_, stats)| !stats.refused)
            .map(|(span, stats)| {
                let score = (20.0 * (1.0 + stats.weight).ln()).round().clamp(1.0, 255.0) as u8;
                let posting = Posting {
                    doc,
                    score,
                    section: stats.best.0,
                    code: stats.best.2,
                };
                (span, posting)
            })
            .collect();
        Reading {
            text,
            words,
            fragment: Arc::new(fragment(page).into_bytes()),
        }
    }

    /// The words with their postings, in alphabetical order.
    fn sorted(&self) -> Vec<(&str, Posting)> {
        let mut words: Vec<(&str, Posting)> = self
            .words
            .iter()
            .map(|(span, posting)| (&self.text[span.clone()], *posting))
            .collect();
        words.sort_by(|a, b| a.0.cmp(b.0));
        words
    }
}

/// What the index keeps of a page: the ids of its words (its postings are in the words'
/// lists), to take them out when it changes, and its fragment's JSON (empty in an index resumed
/// from a previous build until an edit needs it: see `Index::unpack`).
#[derive(Debug, Clone)]
struct Doc {
    words: Vec<u32>,
    fragment: Arc<Vec<u8>>,
}

/// What a page gathers for one word: its weight in all, and the section that holds the most
/// of it. Sections come in order, so the one being added to is always the last seen.
#[derive(Debug, Default)]
struct Stats {
    weight: f32,
    /// The section being added to: its number, weight in prose, weight in code.
    current: (u16, f32, f32),
    /// The best section so far: its number, weight, and whether code gave it most.
    best: (u16, f32, bool),
    /// Not a word to index (`terms::is_word`).
    refused: bool,
}

impl Stats {
    fn add(&mut self, weight: f32, section: u16, code: bool) {
        self.weight += weight;
        if self.current.0 != section {
            self.current = (section, 0.0, 0.0);
        }
        if code {
            self.current.2 += weight;
        } else {
            self.current.1 += weight;
        }
        let (number, prose, in_code) = self.current;
        if prose + in_code > self.best.1 {
            self.best = (number, prose + in_code, in_code > prose);
        }
    }
}

/// A page's fragment: title, URL, and its sections with the start of their prose and code.
fn fragment(page: &Page) -> String {
    // The first `most` characters with each run of white space made one space, reading no
    // further than that into a long section.
    let cut = |text: &str, most: usize| -> String {
        let mut kept = String::new();
        let mut count = 0;
        for word in text.split_whitespace() {
            let space = usize::from(!kept.is_empty());
            for c in std::iter::repeat_n(' ', space).chain(word.chars()) {
                if count == most {
                    kept.push('…');
                    return kept;
                }
                kept.push(c);
                count += 1;
            }
        }
        kept
    };
    let mut size = 0;
    let sections: Vec<_> = page
        .rendered
        .sections
        .iter()
        .map(|section| {
            let (text, code) = if size < FRAGMENT_BYTES {
                (
                    cut(&section.text, SNIPPET_TEXT),
                    cut(&section.code, SNIPPET_CODE),
                )
            } else {
                (String::new(), String::new())
            };
            size += section.anchor.len() + section.title.len() + text.len() + code.len();
            (section.anchor.as_str(), section.title.as_str(), text, code)
        })
        .collect();
    #[derive(serde::Serialize)]
    struct Fragment<'a> {
        t: &'a str,
        u: &'a str,
        s: Vec<(&'a str, &'a str, String, String)>,
    }
    let fragment = Fragment {
        t: page.title(),
        u: &page.url,
        s: sections,
    };
    serde_json::to_string(&fragment).unwrap_or_default()
}

/// The site's search index: every word's postings, the shards they are cut into, and each
/// page's fragment. Kept by `serve` and updated page by page. Words are numbered once, so a
/// page keeps its words as numbers (four bytes each, not a string).
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Each word, by number.
    spelled: Vec<Arc<str>>,
    /// The number of each word.
    numbers: FxHashMap<Arc<str>, u32>,
    /// Each word's postings, by number; empty once no page holds it.
    postings: Vec<Vec<Posting>>,
    /// Word numbers in alphabetical order of their words.
    sorted: Vec<u32>,
    docs: Vec<Doc>,
    /// The page (its index in the site) of each doc: pages in URL order.
    pages: Vec<usize>,
    /// The first word of each shard, in order; a word belongs to the last shard whose first
    /// word is not after it.
    firsts: Vec<String>,
    /// Each shard's file, as last written.
    shards: Vec<(String, Arc<Vec<u8>>)>,
    /// Each bundle of `BUNDLE` pages' fragments, gzipped, as last written.
    bundles: Vec<Arc<Vec<u8>>>,
}

/// The index as a build keeps it for the next: see [`Index::kept`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Kept {
    spelled: Vec<String>,
    postings: Vec<Vec<Posting>>,
    sorted: Vec<u32>,
    docs: Vec<Vec<u32>>,
    pages: Vec<usize>,
    firsts: Vec<String>,
    shards: Vec<String>,
    /// The fragment bundles' bytes, which an edit unpacks to rewrite one page's fragment.
    bundles: Vec<Vec<u8>>,
}

/// The search files that changed, to write or publish.
pub type Files = Vec<OutputFile>;

/// What an edit did to the search files: the files to publish, and the shards it replaced,
/// which nothing names any more.
#[derive(Debug, Clone, Default)]
pub struct Update {
    /// The bundle of the page's fragment, the shards that changed, and the manifest when one
    /// did.
    pub files: Files,
    /// The paths, under the output root, of the shards replaced.
    pub gone: Vec<PathBuf>,
}

impl Index {
    /// The index of every page of `site`, pages numbered in URL order.
    pub fn of(site: &Site) -> Index {
        let order = order(site);
        let mut index = Index {
            pages: order.clone(),
            ..Index::default()
        };
        // Read in parallel, a batch at a time, so the words of every page are never all held
        // as strings at once.
        for (batch, pages) in order.chunks(BATCH).enumerate() {
            let readings: Vec<Reading> = pages
                .par_iter()
                .enumerate()
                .map(|(n, &page)| Reading::of(&site.pages[page], (batch * BATCH + n) as u32))
                .collect();
            for reading in readings {
                let words = reading
                    .words
                    .iter()
                    .map(|(span, posting)| {
                        let number = index.number(&reading.text[span.clone()]);
                        index.postings[number as usize].push(*posting);
                        number
                    })
                    .collect();
                index.docs.push(Doc {
                    words,
                    fragment: reading.fragment,
                });
            }
        }
        index
            .postings
            .par_iter_mut()
            .for_each(|postings| postings.sort_unstable_by(best_first));
        index.sorted = (0..index.spelled.len() as u32).collect();
        index
            .sorted
            .sort_unstable_by(|&a, &b| index.spelled[a as usize].cmp(&index.spelled[b as usize]));
        index.firsts = index.cut_into_shards();
        index.shards = (0..index.firsts.len())
            .into_par_iter()
            .map(|shard| index.shard_file(shard))
            .collect();
        index.bundles = index
            .docs
            .par_chunks(BUNDLE)
            .map(|docs| Arc::new(bundle(docs)))
            .collect();
        index
    }

    /// The number of `word`, numbered now if it is new.
    fn number(&mut self, word: &str) -> u32 {
        if let Some(&number) = self.numbers.get(word) {
            return number;
        }
        let number = self.spelled.len() as u32;
        let word: Arc<str> = word.into();
        self.spelled.push(word.clone());
        self.numbers.insert(word, number);
        self.postings.push(Vec::new());
        if !self.sorted.is_empty() || !self.firsts.is_empty() {
            let at = self.sorted.partition_point(|&other| {
                self.spelled[other as usize] < self.spelled[number as usize]
            });
            self.sorted.insert(at, number);
        }
        number
    }

    /// What the index keeps between builds: all but the bytes of its files, which the previous
    /// output holds (a shard is named by its content, so its name says whether it changed).
    pub fn kept(&self) -> Kept {
        Kept {
            spelled: self.spelled.iter().map(|word| word.to_string()).collect(),
            postings: self.postings.clone(),
            sorted: self.sorted.clone(),
            docs: self.docs.iter().map(|doc| doc.words.clone()).collect(),
            pages: self.pages.clone(),
            firsts: self.firsts.clone(),
            shards: self.shards.iter().map(|(name, _)| name.clone()).collect(),
            bundles: self.bundles.iter().map(|bytes| bytes.to_vec()).collect(),
        }
    }

    /// The index as the previous build left it, to update page by page. Its shards hold no
    /// bytes, and its pages' fragments are in their bundles: an update writes the files it
    /// changes.
    pub fn from_kept(kept: Kept) -> Index {
        let spelled: Vec<Arc<str>> = kept.spelled.into_iter().map(Arc::from).collect();
        let numbers = spelled
            .iter()
            .enumerate()
            .map(|(number, word)| (word.clone(), number as u32))
            .collect();
        Index {
            spelled,
            numbers,
            postings: kept.postings,
            sorted: kept.sorted,
            docs: kept
                .docs
                .into_iter()
                .map(|words| Doc {
                    words,
                    fragment: Arc::default(),
                })
                .collect(),
            pages: kept.pages,
            firsts: kept.firsts,
            shards: kept
                .shards
                .into_iter()
                .map(|name| (name, Arc::default()))
                .collect(),
            bundles: kept.bundles.into_iter().map(Arc::new).collect(),
        }
    }

    /// Every search file: the manifest, the shards, the fragment bundles.
    pub fn files(&self) -> Files {
        let mut files = vec![self.manifest()];
        files.extend(self.shards.iter().map(|(name, bytes)| OutputFile {
            path: PathBuf::from(FOLDER).join(name),
            content: OutputContent::Bytes(bytes.clone()),
        }));
        files.extend(
            self.bundles
                .iter()
                .enumerate()
                .map(|(number, bytes)| bundle_file(number, bytes)),
        );
        files
    }

    /// Page `page` of `site` after an edit that kept the site's pages and URLs: its postings and
    /// fragment replaced. Gives the files that changed: its fragment, the shards of the words it
    /// lost or gained, and the manifest when a shard did.
    pub fn update(&mut self, site: &Site, page: usize) -> Update {
        let Some(doc) = self.pages.iter().position(|&p| p == page) else {
            return Update::default();
        };
        let reading = Reading::of(&site.pages[page], doc as u32);
        let after = reading.sorted();
        let mut before: Vec<(&str, Posting)> = self.docs[doc]
            .words
            .iter()
            .filter_map(|&number| {
                let posting = self.postings[number as usize]
                    .iter()
                    .find(|posting| posting.doc == doc as u32)?;
                Some((&*self.spelled[number as usize], *posting))
            })
            .collect();
        before.sort_by(|a, b| a.0.cmp(b.0));
        let words_same = before == after;
        let changed = changed_postings(&before, &after);
        let fragment_same = self.docs[doc].fragment == reading.fragment;
        if words_same && fragment_same {
            return Update::default();
        }
        let mut update = Update::default();
        if !fragment_same {
            let number = doc / BUNDLE;
            self.unpack(number);
            self.docs[doc].fragment = reading.fragment.clone();
            let bytes = bundle(&self.docs[self.bundle_docs(number)]);
            if *self.bundles[number] != bytes {
                self.bundles[number] = Arc::new(bytes);
                update
                    .files
                    .push(bundle_file(number, &self.bundles[number]));
            }
        }
        // Only the words whose posting changed (one more mention, a new section) are touched,
        // and only their shards are written again.
        let mut touched: HashSet<usize> = HashSet::new();
        for (word, old, new) in changed {
            let number = self.number(&word);
            let postings = &mut self.postings[number as usize];
            if old.is_some() {
                postings.retain(|posting| posting.doc != doc as u32);
            }
            if let Some(new) = new {
                let at = postings.partition_point(|other| best_first(other, &new).is_lt());
                postings.insert(at, new);
            }
            touched.insert(self.shard_of(&word));
        }
        if !words_same {
            self.docs[doc].words = after.iter().map(|(word, _)| self.number(word)).collect();
        }
        for shard in touched {
            let file = self.shard_file(shard);
            if file.0 != self.shards[shard].0 {
                update.files.push(OutputFile {
                    path: PathBuf::from(FOLDER).join(&file.0),
                    content: OutputContent::Bytes(file.1.clone()),
                });
                let replaced = std::mem::replace(&mut self.shards[shard], file);
                update.gone.push(PathBuf::from(FOLDER).join(replaced.0));
            }
        }
        if !update.gone.is_empty() {
            update.files.push(self.manifest());
        }
        update
    }

    /// The pages (their numbers) whose fragments bundle `number` holds.
    fn bundle_docs(&self, number: usize) -> std::ops::Range<usize> {
        number * BUNDLE..((number + 1) * BUNDLE).min(self.docs.len())
    }

    /// Give the pages of bundle `number` their fragments back from its bytes, where an index
    /// resumed from a previous build left them empty.
    fn unpack(&mut self, number: usize) {
        let docs = self.bundle_docs(number);
        if self.docs[docs.clone()]
            .iter()
            .all(|doc| !doc.fragment.is_empty())
        {
            return;
        }
        let mut json = String::new();
        let read = flate2::read::GzDecoder::new(self.bundles[number].as_slice());
        if std::io::Read::read_to_string(&mut { read }, &mut json).is_err() {
            return;
        }
        let Ok(fragments) = serde_json::from_str::<Vec<&serde_json::value::RawValue>>(&json) else {
            return;
        };
        for (doc, fragment) in self.docs[docs].iter_mut().zip(fragments) {
            if doc.fragment.is_empty() {
                doc.fragment = Arc::new(fragment.get().as_bytes().to_vec());
            }
        }
    }

    /// The shard `word` belongs to.
    fn shard_of(&self, word: &str) -> usize {
        self.firsts
            .partition_point(|first| first.as_str() <= word)
            .saturating_sub(1)
    }

    /// Shard `shard`'s file name and bytes: its words' best postings, as
    /// `{"word": "doc,score,section[,c];…"}` with numbers in base 36, gzipped.
    fn shard_file(&self, shard: usize) -> (String, Arc<Vec<u8>>) {
        let mut entries = serde_json::Map::new();
        for &number in self.shard_words(shard) {
            let postings = &self.postings[number as usize];
            if !postings.is_empty() {
                entries.insert(
                    self.spelled[number as usize].to_string(),
                    serde_json::Value::String(encode(postings)),
                );
            }
        }
        let json = serde_json::Value::Object(entries).to_string();
        let name = format!("{:016x}.json.gz", content_hash(json.as_bytes()));
        (name, Arc::new(gzip(json.as_bytes())))
    }

    /// The numbers of the words of shard `shard`, in order.
    fn shard_words(&self, shard: usize) -> &[u32] {
        let position = |first: Option<&String>| match first {
            Some(first) => self
                .sorted
                .partition_point(|&number| *self.spelled[number as usize] < **first),
            None => self.sorted.len(),
        };
        let start = if shard == 0 {
            0
        } else {
            position(self.firsts.get(shard))
        };
        &self.sorted[start..position(self.firsts.get(shard + 1)).max(start)]
    }

    /// The first word of each shard: consecutive words, a shard closed when its entries reach
    /// `SHARD_BYTES` (estimated as the JSON `shard_file` writes).
    fn cut_into_shards(&self) -> Vec<String> {
        let mut firsts = Vec::new();
        let mut size = SHARD_BYTES;
        for &number in &self.sorted {
            let word = &self.spelled[number as usize];
            if size >= SHARD_BYTES {
                firsts.push(word.to_string());
                size = 0;
            }
            size += word.len() + 6 + self.postings[number as usize].len().min(MOST_POSTINGS) * 10;
        }
        if firsts.is_empty() {
            firsts.push(String::new());
        }
        firsts
    }

    fn manifest(&self) -> OutputFile {
        let shards: Vec<_> = self
            .firsts
            .iter()
            .zip(&self.shards)
            .map(|(first, (name, _))| json!([first, name]))
            .collect();
        let manifest = json!({
            "v": 1,
            "pages": self.docs.len(),
            "bundle": BUNDLE,
            "shards": shards,
            "stop": terms::STOP_WORDS,
        });
        OutputFile {
            path: PathBuf::from(FOLDER).join("index.json"),
            content: OutputContent::Bytes(Arc::new(manifest.to_string().into_bytes())),
        }
    }
}

/// The pages in URL order: the numbering of the index.
fn order(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.pages.len()).collect();
    order.sort_by(|&a, &b| site.pages[a].url.cmp(&site.pages[b].url));
    order
}

/// The words whose posting differs between two sorted lists of a page's words: the word, its
/// posting before (if any) and after (if any).
fn changed_postings(
    before: &[(&str, Posting)],
    after: &[(&str, Posting)],
) -> Vec<(String, Option<Posting>, Option<Posting>)> {
    let mut changed = Vec::new();
    let (mut b, mut a) = (before.iter().peekable(), after.iter().peekable());
    loop {
        let order = match (b.peek(), a.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(old), Some(new)) => old.0.cmp(new.0),
        };
        match order {
            std::cmp::Ordering::Less => {
                let (word, old) = b.next().copied().unwrap_or_default();
                changed.push((word.to_owned(), Some(old), None));
            }
            std::cmp::Ordering::Greater => {
                let (word, new) = a.next().copied().unwrap_or_default();
                changed.push((word.to_owned(), None, Some(new)));
            }
            std::cmp::Ordering::Equal => {
                let (word, old) = b.next().copied().unwrap_or_default();
                let (_, new) = a.next().copied().unwrap_or_default();
                if old != new {
                    changed.push((word.to_owned(), Some(old), Some(new)));
                }
            }
        }
    }
    changed
}

/// The order of a word's postings, kept as they change: best first, then by page.
fn best_first(a: &Posting, b: &Posting) -> std::cmp::Ordering {
    b.score.cmp(&a.score).then(a.doc.cmp(&b.doc))
}

/// Postings best first, at most `MOST_POSTINGS`, as `doc,score,section[,c]` joined by `;`.
/// `postings` are in `best_first` order already.
fn encode(postings: &[Posting]) -> String {
    let best = &postings[..postings.len().min(MOST_POSTINGS)];
    let mut out = String::with_capacity(best.len() * 10);
    for (index, posting) in best.iter().enumerate() {
        if index > 0 {
            out.push(';');
        }
        out.push_str(&base36(posting.doc));
        out.push(',');
        out.push_str(&base36(u32::from(posting.score)));
        out.push(',');
        out.push_str(&base36(u32::from(posting.section)));
        if posting.code {
            out.push_str(",c");
        }
    }
    out
}

fn base36(mut number: u32) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[(number % 36) as usize]);
        number /= 36;
        if number == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// `bytes` gzipped, the same bytes for the same input (no time or name in the header), so an
/// unchanged bundle or shard is an unchanged file.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::new(COMPRESSION),
    );
    // Writing to a vector cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// The pages' fragments as one gzipped JSON array; `null` for one not known (an index resumed
/// from a build whose bundle could not be read), which the browser skips.
fn bundle(docs: &[Doc]) -> Vec<u8> {
    let mut json =
        Vec::with_capacity(docs.iter().map(|doc| doc.fragment.len() + 1).sum::<usize>() + 2);
    json.push(b'[');
    for (index, doc) in docs.iter().enumerate() {
        if index > 0 {
            json.push(b',');
        }
        if doc.fragment.is_empty() {
            json.extend_from_slice(b"null");
        } else {
            json.extend_from_slice(&doc.fragment);
        }
    }
    json.push(b']');
    gzip(&json)
}

fn bundle_file(number: usize, bytes: &Arc<Vec<u8>>) -> OutputFile {
    OutputFile {
        path: PathBuf::from(FOLDER)
            .join("doc")
            .join(format!("{}.json.gz", base36(number as u32))),
        content: OutputContent::Bytes(bytes.clone()),
    }
}

fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_best_first_and_compact() {
        let posting = |doc, score, section, code| Posting {
            doc,
            score,
            section,
            code,
        };
        assert_eq!(
            encode(&{
                let mut postings = [posting(1, 5, 0, false), posting(40, 90, 3, true)];
                postings.sort_by(best_first);
                postings
            }),
            "14,2i,3,c;1,5,0"
        );
        assert_eq!(base36(0), "0");
        assert_eq!(base36(36 * 36), "100");
    }

    #[test]
    fn an_edit_changes_the_postings_of_the_words_it_touched_only() {
        let posting = |score| Posting {
            doc: 3,
            score,
            section: 0,
            code: false,
        };
        let before = [
            ("docker", posting(5)),
            ("flask", posting(9)),
            ("old", posting(1)),
        ];
        let after = [
            ("docker", posting(5)),
            ("flask", posting(12)),
            ("new", posting(2)),
        ];
        let changed = changed_postings(&before, &after);
        let changed: Vec<(&str, Option<u8>, Option<u8>)> = changed
            .iter()
            .map(|(word, old, new)| (word.as_str(), old.map(|p| p.score), new.map(|p| p.score)))
            .collect();
        assert_eq!(
            changed,
            [
                ("flask", Some(9), Some(12)),
                ("new", None, Some(2)),
                ("old", Some(1), None)
            ]
        );
    }

    #[test]
    fn words_are_cut_into_shards_in_order() {
        let mut index = Index::default();
        for n in (0..5000).rev() {
            let number = index.number(&format!("w{n:05}"));
            index.postings[number as usize].push(Posting {
                doc: 1,
                score: 1,
                section: 0,
                code: false,
            });
        }
        index.sorted = (0..5000).rev().collect();
        let firsts = index.cut_into_shards();
        assert!(firsts.len() > 1);
        assert!(firsts.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(firsts[0], "w00000");
    }
}
