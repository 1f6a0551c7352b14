//! Reading `content/` from disk: Markdown sources, section folders and the files beside them.
//!
//! This is the only part of the content stage that touches the file system; everything after it
//! works on the `Sources` it returns.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Limits;
use crate::diagnostic::{Diagnostic, Location};
use crate::error::{Error, Result};
use crate::read;
use docsite_check::line_index::line_column;
use docsite_check::site_rules as rules;

/// The content folder's name under the site root.
pub const CONTENT_DIR: &str = "content";

/// A Markdown file's path and text.
#[derive(Debug, Clone)]
pub struct MarkdownSource {
    /// Path relative to `content/`, with `/` separators.
    pub rel: PathBuf,
    /// The file's text.
    pub text: String,
}

/// A non-Markdown file found in `content/`.
#[derive(Debug, Clone)]
pub struct AssetSource {
    /// Path relative to `content/`.
    pub rel: PathBuf,
    /// The page bundle folder it belongs to (relative to `content/`), if any.
    pub bundle: Option<PathBuf>,
    /// The text, when the file is small UTF-8 text (code a page may show or include).
    pub text: Option<String>,
}

/// Bundle files larger than this are copied but not read as code.
pub const MAX_CODE_FILE_BYTES: u64 = 1024 * 1024;

/// Everything found under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Every `.md` file outside page bundles, plus each bundle's `index.md`.
    pub markdown: Vec<MarkdownSource>,
    /// Every other file.
    pub assets: Vec<AssetSource>,
    /// Section folders (relative to `content/`; the root is the empty path): the folders that
    /// hold Markdown at any depth, bundles excluded. A folder of images or code is not one.
    pub sections: Vec<PathBuf>,
    /// Every folder outside bundles, sections or not, for links to folders.
    pub folders: Vec<PathBuf>,
    /// Files that could not be read as text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Files editors leave behind while saving; never content. Shared with the watcher.
pub fn is_editor_junk(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
        || name == ".git"
}

/// Walk `root/content` in file-name order. Only regular files and folders are read: FIFOs,
/// sockets, devices, links to nothing and links to folders are skipped with a warning, and a
/// Markdown file over `limits.file_size` is refused.
pub fn discover(root: &Path, limits: &Limits) -> Result<Sources> {
    let content = root.join(CONTENT_DIR);
    let mut sources = Sources::default();
    if !content.is_dir() {
        return Ok(sources);
    }
    let mut walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0 || !is_editor_junk(&name)
        });
    // The walk is depth-first, so a bundle's files come right after its folder: only the
    // bundle being walked needs checking, not every bundle found so far.
    let mut current_bundle: Option<PathBuf> = None;
    while let Some(entry) = walker.next() {
        let entry = entry.map_err(|err| Error::Read {
            path: err.path().unwrap_or(&content).to_path_buf(),
            source: err.into(),
        })?;
        let rel = entry
            .path()
            .strip_prefix(&content)
            .expect("walkdir stays under its root")
            .to_path_buf();
        let bundle = current_bundle
            .as_ref()
            .filter(|dir| rel.starts_with(dir))
            .cloned();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        // Hidden folders (`.github`, `.vscode`) are not content, except inside a bundle. Hidden
        // files are: sample apps' `.env` and `.dockerignore` are linked to, as GitHub shows them.
        if hidden && entry.file_type().is_dir() && bundle.is_none() && entry.depth() > 0 {
            walker.skip_current_dir();
            continue;
        }
        if entry.file_type().is_dir() {
            if bundle.is_none() {
                if entry.depth() > 0 && entry.path().join("index.md").is_file() {
                    current_bundle = Some(rel);
                } else {
                    sources.folders.push(rel);
                }
            }
            continue;
        }
        if let Some(skip) = not_a_regular_file(entry.path(), &rel)? {
            sources.diagnostics.push(skip);
            continue;
        }
        let is_bundle_index = bundle
            .as_ref()
            .is_some_and(|dir| rel == dir.join("index.md"));
        let is_markdown = rel.extension().is_some_and(|ext| ext == "md");
        if is_bundle_index || (is_markdown && bundle.is_none()) {
            read_markdown(entry.path(), rel, root, limits, &mut sources)?;
        } else {
            let text = read_code_text(entry.path())?;
            sources.assets.push(AssetSource { rel, bundle, text });
        }
    }
    sources.sections = sections_holding_markdown(&sources);
    Ok(sources)
}

/// Why the file at `path` (`rel` under `content/`) is skipped, when it is not a regular file or
/// a link to one: a link to nothing, a link to a folder, a FIFO, socket or device.
fn not_a_regular_file(path: &Path, rel: &Path) -> Result<Option<Diagnostic>> {
    let file = Path::new(CONTENT_DIR).join(rel);
    match read::kind(path) {
        Ok(read::Kind::File(_)) => Ok(None),
        Ok(read::Kind::Dangling) => Ok(Some(
            rules::ds022::RULE
                .diagnostic(format!("`{}` is a link to nothing", file.display()))
                .at(Location::in_text(&file, "", 1, 1))
                .help("remove the link, or point it at a file of the site"),
        )),
        Ok(read::Kind::Folder) => Ok(Some(skipped(
            &file,
            "a link to a folder, which is not followed",
        ))),
        Ok(read::Kind::Special(what)) => Ok(Some(skipped(&file, what))),
        Err(err) => Err(Error::Read {
            path: path.to_path_buf(),
            source: err,
        }),
    }
}

/// The folders with Markdown somewhere below them (a bundle counts as Markdown of its parent),
/// in walk order; the root is always one.
fn sections_holding_markdown(sources: &Sources) -> Vec<PathBuf> {
    let mut holding: std::collections::HashSet<&Path> = std::collections::HashSet::new();
    holding.insert(Path::new(""));
    for markdown in &sources.markdown {
        let mut folder = markdown.rel.parent();
        while let Some(dir) = folder {
            if !holding.insert(dir) {
                break;
            }
            folder = dir.parent();
        }
    }
    sources
        .folders
        .iter()
        .filter(|dir| holding.contains(dir.as_path()))
        .cloned()
        .collect()
}

/// DS021: a file that is not read.
fn skipped(file: &Path, what: &str) -> Diagnostic {
    rules::ds021::RULE
        .diagnostic(format!("`{}` is skipped: it is {what}", file.display()))
        .at(Location::in_text(file, "", 1, 1))
        .help("only regular files and folders are content; remove it, or replace it by the file itself")
}

/// The text of a bundle file, if it is small and UTF-8; images and archives give `None`.
pub fn read_code_text(path: &Path) -> Result<Option<String>> {
    match read::bounded(path, MAX_CODE_FILE_BYTES) {
        Ok(bytes) => Ok(String::from_utf8(bytes).ok()),
        Err(read::Refused::TooLarge { .. } | read::Refused::NotRegular(_)) => Ok(None),
        Err(read::Refused::Io(source)) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn read_markdown(
    path: &Path,
    rel: PathBuf,
    root: &Path,
    limits: &Limits,
    sources: &mut Sources,
) -> Result<()> {
    let file = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = match read::bounded(path, limits.file_size) {
        Ok(bytes) => bytes,
        Err(read::Refused::TooLarge { size }) => {
            sources.diagnostics.push(
                rules::ds023::RULE
                    .diagnostic(format!(
                        "`{}` has {size} bytes, more than `limits.file_size` ({})",
                        file.display(),
                        limits.file_size
                    ))
                    .at(Location::in_text(&file, "", 1, 1))
                    .help("split the page, or raise `limits.file_size` in docsite.yaml"),
            );
            return Ok(());
        }
        Err(read::Refused::NotRegular(_)) => return Ok(()),
        Err(read::Refused::Io(source)) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            let (line, column) = line_column(&valid, valid.len());
            sources.diagnostics.push(
                rules::ds006::RULE
                    .diagnostic("file is not valid UTF-8")
                    .at(Location::in_text(&file, &valid, line, column))
                    .help("save the file as UTF-8"),
            );
            // Read on with replacement characters, so the page exists when DS006 is lowered.
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    };
    let (text, controls) = replace_controls(text);
    if let Some((line, column, count)) = controls {
        sources.diagnostics.push(
            rules::ds024::RULE
                .diagnostic(format!(
                    "{count} control character{} replaced by `U+FFFD`",
                    if count == 1 { "" } else { "s" }
                ))
                .at(Location::in_text(&file, &text, line, column))
                .label("the first one")
                .help("remove them: NUL and other control characters have no place in a page"),
        );
    }
    sources.markdown.push(MarkdownSource { rel, text });
    Ok(())
}

/// `text` with NUL and the other C0 control characters (tab, line feed and carriage return
/// excepted) replaced by U+FFFD, so they never reach the HTML; with the line and column of the
/// first one and how many there were.
pub fn replace_controls(text: String) -> (String, Option<(usize, usize, usize)>) {
    let is_control = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
    let Some(first) = text.find(is_control) else {
        return (text, None);
    };
    let (line, column) = line_column(&text, first);
    let count = text.chars().filter(|&c| is_control(c)).count();
    let replaced = text.replace(is_control, "\u{FFFD}");
    (replaced, Some((line, column, count)))
}
