//! Link destinations read the way GitHub, mdBook and Docusaurus read them: from the Markdown
//! file's own folder. `part-2.md`, `../setup/README.md#install`, `./images/x.png` and `@/x.md`
//! name files of `content/`; each becomes the URL the site publishes that file at, whatever the
//! linking page's own URL is. A leading `/` is the site root, under `base_url`'s path.
//!
//! The map of published URLs is made once per load, before any Markdown is rendered, so links
//! are written right the first time instead of patched afterwards.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use crate::markdown::{LinkTarget, Resolution, ResolveLink};

/// Characters escaped in the path of a file's URL.
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%');

/// Where each file of `content/` is published.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct LinkMap {
    /// `base_url`'s path, `/` or `/blog/`.
    base_path: String,
    /// Markdown documents (pages and section pages) by path relative to `content/` → URL.
    documents: HashMap<PathBuf, String>,
    /// Other files by path relative to `content/` → URL.
    files: HashMap<PathBuf, String>,
    /// Folders of `content/` → the URL of their page and the document that is that page, when
    /// they have one.
    folders: HashMap<PathBuf, (Option<String>, Option<PathBuf>)>,
    /// Drafts this build leaves out, so that a link to one is known for what it is.
    drafts: std::collections::HashSet<PathBuf>,
}

impl LinkMap {
    /// An empty map for a site published under `base_path`.
    pub fn new(base_path: &str) -> LinkMap {
        LinkMap {
            base_path: base_path.to_owned(),
            ..LinkMap::default()
        }
    }

    /// `document` (a Markdown file) is a draft this build leaves out.
    pub fn add_draft(&mut self, document: &Path) {
        self.drafts.insert(document.to_path_buf());
    }

    /// True when `document` is a draft this build leaves out.
    pub fn is_draft(&self, document: &Path) -> bool {
        self.drafts.contains(document)
    }

    /// `document` (a Markdown file) is published at `url`.
    pub fn add_document(&mut self, document: &Path, url: &str) {
        self.documents
            .insert(document.to_path_buf(), url.to_owned());
    }

    /// `file` is copied to `output` (a path under the output root).
    pub fn add_file(&mut self, file: &Path, output: &Path) {
        let encoded: Vec<String> = output
            .components()
            .map(|c| {
                utf8_percent_encode(&c.as_os_str().to_string_lossy(), PATH_ESCAPES).to_string()
            })
            .collect();
        let url = format!("{}{}", self.base_path, encoded.join("/"));
        self.files.insert(file.to_path_buf(), url);
    }

    /// `folder` exists; its page, if any, is `document` at `url`.
    pub fn add_folder(&mut self, folder: &Path, page: Option<(&Path, &str)>) {
        let entry = self.folders.entry(folder.to_path_buf()).or_default();
        if let Some((document, url)) = page {
            *entry = (Some(url.to_owned()), Some(document.to_path_buf()));
        }
    }

    /// A folder's page URL without a document of its own (a section with no `_index.md`).
    pub fn set_folder_url(&mut self, folder: &Path, url: &str) {
        let entry = self.folders.entry(folder.to_path_buf()).or_default();
        if entry.0.is_none() {
            entry.0 = Some(url.to_owned());
        }
    }

    /// True when `path` (relative to `content/`) is a folder of it.
    pub fn is_folder(&self, path: &Path) -> bool {
        self.folders.contains_key(path)
    }

    /// The resolver for links written in `document` (relative to `content/`), published at
    /// `page_url`.
    pub fn from<'a>(&'a self, document: &'a Path, page_url: &'a str) -> LinksFrom<'a> {
        LinksFrom {
            map: self,
            folder: document.parent().unwrap_or(Path::new("")),
            page_url,
        }
    }

    /// What lies at `path` of `content/`: the target and the URL to write.
    fn lookup(&self, path: &Path) -> Option<(LinkTarget, String)> {
        if let Some(url) = self.documents.get(path) {
            return Some((LinkTarget::Document(path.to_path_buf()), url.clone()));
        }
        if let Some(url) = self.files.get(path) {
            return Some((LinkTarget::File(path.to_path_buf()), url.clone()));
        }
        let (url, document) = self.folders.get(path)?;
        match (url, document) {
            (Some(url), Some(document)) => {
                Some((LinkTarget::Document(document.clone()), url.clone()))
            }
            (Some(url), None) => Some((
                LinkTarget::Output(output_path(url, &self.base_path)),
                url.clone(),
            )),
            // A folder of code with no page: it exists, as on GitHub; there is no page to point at.
            (None, None) | (None, Some(_)) => {
                let url = format!("{}{}/", self.base_path, path.to_string_lossy());
                Some((LinkTarget::File(path.to_path_buf()), url))
            }
        }
    }
}

/// Resolves the links of one Markdown document.
pub struct LinksFrom<'a> {
    map: &'a LinkMap,
    folder: &'a Path,
    page_url: &'a str,
}

impl ResolveLink for LinksFrom<'_> {
    fn resolve(&self, destination: &str) -> Resolution {
        let written = Written::read(destination);
        // A template's expression (`{{ sponsor.url }}`, mkdocs-macros, Jinja) is filled in by
        // another tool: like an external link, left as written and not checked.
        if destination.is_empty()
            || has_scheme(destination)
            || destination.starts_with("//")
            || is_template_expression(destination)
        {
            return written.as_written(LinkTarget::External);
        }
        if written.before_fragment.is_empty() {
            return written.as_written(LinkTarget::SamePage);
        }
        if let Some(content_path) = written.path.strip_prefix("@/") {
            let path = normalize(Path::new(""), content_path).unwrap_or_default();
            return match self.map.lookup(&path) {
                Some((target, url)) => written.found(target, url),
                // Reported as a document that is not there.
                None => written.as_written(LinkTarget::Document(path)),
            };
        }
        if let Some(rooted) = written.path.strip_prefix('/') {
            return self.resolve_site_rooted(&written, rooted);
        }
        if let Some(content_path) = normalize(self.folder, &written.path) {
            if let Some((target, url)) = self.map.lookup(&content_path) {
                return written.found(target, url);
            }
            // A draft left out: a document that is not published, which the link check says.
            if self.map.drafts.contains(&content_path) {
                return written.as_written(LinkTarget::Document(content_path));
            }
        }
        // Not a file of `content/`: written against the page's URL, as Zola and Hugo read it.
        match resolve_url(self.page_url, &written.path, &self.map.base_path) {
            Some(output) => written.as_written(LinkTarget::Output(output)),
            None => written.as_written(LinkTarget::Outside),
        }
    }
}

impl LinksFrom<'_> {
    /// A destination from the site's root (`/posts/x/`, `/base/posts/x.md`): a document, or a
    /// path of the output written by hand (`/tags/`, `/style.css`).
    fn resolve_site_rooted(&self, written: &Written, rooted: &str) -> Resolution {
        let base = self.map.base_path.as_str();
        let under_base = match base.strip_prefix('/') {
            Some(prefix) if !prefix.is_empty() => rooted.strip_prefix(prefix),
            _ => None,
        };
        let site_path = under_base.unwrap_or(rooted);
        if let Some((target, url)) = normalize(Path::new(""), site_path)
            .and_then(|content_path| self.map.lookup(&content_path))
        {
            return written.found(target, url);
        }
        let href = match under_base {
            Some(_) => None,
            None if base != "/" => Some(written.href(format!(
                "{base}{}",
                written.raw_path.trim_start_matches('/')
            ))),
            None => None,
        };
        Resolution {
            href,
            target: LinkTarget::Output(output_path(&format!("/{site_path}"), "/")),
            fragment: written.fragment.clone(),
        }
    }
}

/// A link destination as written, in its parts.
struct Written<'a> {
    /// The destination up to `#`.
    before_fragment: &'a str,
    /// The path (up to `?`), as written and percent-decoded.
    raw_path: &'a str,
    path: String,
    query: Option<&'a str>,
    /// The fragment as written, and decoded.
    raw_fragment: Option<&'a str>,
    fragment: Option<String>,
}

impl<'a> Written<'a> {
    fn read(destination: &'a str) -> Self {
        let (before_fragment, raw_fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (destination, None),
        };
        let (raw_path, query) = match before_fragment.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (before_fragment, None),
        };
        Self {
            before_fragment,
            raw_path,
            path: percent_decode_str(raw_path)
                .decode_utf8_lossy()
                .into_owned(),
            query,
            raw_fragment,
            fragment: raw_fragment.map(|fragment| {
                percent_decode_str(fragment)
                    .decode_utf8_lossy()
                    .into_owned()
            }),
        }
    }

    /// `url` with the query and fragment as written.
    fn href(&self, url: String) -> String {
        let mut href = url;
        if let Some(query) = self.query {
            href.push('?');
            href.push_str(query);
        }
        if let Some(fragment) = self.raw_fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href
    }

    /// Found: `target`, published at `url`.
    fn found(&self, target: LinkTarget, url: String) -> Resolution {
        Resolution {
            href: Some(self.href(url)),
            target,
            fragment: self.fragment.clone(),
        }
    }

    /// Left as written, pointing at `target`.
    fn as_written(&self, target: LinkTarget) -> Resolution {
        Resolution {
            href: None,
            target,
            fragment: self.fragment.clone(),
        }
    }
}

/// True for a destination holding a template's expression: `{{ … }}` or `{% … %}`.
fn is_template_expression(destination: &str) -> bool {
    let holds = |open: &str, close: &str| {
        destination
            .find(open)
            .is_some_and(|at| destination[at + open.len()..].contains(close))
    };
    holds("{{", "}}") || holds("{%", "%}")
}

/// True for `https:`, `mailto:`, `data:` and other schemes (not a Windows drive letter).
fn has_scheme(destination: &str) -> bool {
    let Some((scheme, _)) = destination.split_once(':') else {
        return false;
    };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `path` (`/`-separated, relative) taken from `folder`, with `.` and `..` applied; `None` when
/// it climbs above the root. Links, includes and `project:` folders all resolve this way.
pub fn normalize(folder: &Path, path: &str) -> Option<PathBuf> {
    let mut resolved: Vec<String> = folder
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                resolved.pop()?;
            }
            part => resolved.push(part.to_owned()),
        }
    }
    Some(resolved.iter().collect())
}

/// The output path (under the output root) of a site URL such as `/blog/posts/x/`.
fn output_path(url: &str, base: &str) -> PathBuf {
    let inside = url.strip_prefix(base.trim_end_matches('/')).unwrap_or(url);
    let mut path: PathBuf = inside.split('/').filter(|part| !part.is_empty()).collect();
    if url.ends_with('/') {
        path.push("index.html");
    }
    path
}

/// The output path a relative link from the page at `from_url` leads to, as a browser reads it.
fn resolve_url(from_url: &str, path: &str, base: &str) -> Option<PathBuf> {
    let from = from_url
        .strip_prefix(base.trim_end_matches('/'))
        .unwrap_or(from_url);
    let joined = format!("{from}{path}");
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut resolved: PathBuf = parts.iter().collect();
    if path.ends_with('/') || path.is_empty() {
        resolved.push("index.html");
    }
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(base: &str) -> LinkMap {
        let mut map = LinkMap::new(base);
        let page = |p: &str| format!("{base}{p}");
        map.add_document(Path::new("docs/part-1.md"), &page("docs/part-1/"));
        map.add_document(Path::new("docs/part-2.md"), &page("docs/part-2/"));
        map.add_document(Path::new("setup/README.md"), &page("setup/"));
        map.add_file(
            Path::new("docs/images/x y.png"),
            Path::new("docs/images/x y.png"),
        );
        map.add_folder(Path::new("docs"), None);
        map.set_folder_url(Path::new("docs"), &page("docs/"));
        map.add_folder(
            Path::new("setup"),
            Some((Path::new("setup/README.md"), &page("setup/"))),
        );
        map.add_folder(Path::new("docs/app"), None);
        map
    }

    fn href(
        map: &LinkMap,
        from: &str,
        url: &str,
        destination: &str,
    ) -> (Option<String>, LinkTarget) {
        let resolution = map.from(Path::new(from), url).resolve(destination);
        (resolution.href, resolution.target)
    }

    #[test]
    fn markdown_files_become_their_pages_urls_from_the_source_folder() {
        let map = map("/");
        assert_eq!(
            href(&map, "docs/part-1.md", "/docs/part-1/", "part-2.md#step-2"),
            (
                Some("/docs/part-2/#step-2".into()),
                LinkTarget::Document("docs/part-2.md".into())
            )
        );
        assert_eq!(
            href(
                &map,
                "docs/part-1.md",
                "/docs/part-1/",
                "../setup/README.md#install"
            )
            .0,
            Some("/setup/#install".into())
        );
        assert_eq!(
            href(&map, "docs/part-1.md", "/docs/part-1/", "../setup/").1,
            LinkTarget::Document("setup/README.md".into())
        );
    }

    #[test]
    fn files_keep_their_place_whatever_the_page_url() {
        let map = map("/blog/");
        assert_eq!(
            href(
                &map,
                "docs/part-1.md",
                "/blog/docs/part-1/",
                "./images/x%20y.png"
            )
            .0,
            Some("/blog/docs/images/x%20y.png".into())
        );
        assert_eq!(
            href(
                &map,
                "docs/part-1.md",
                "/blog/docs/part-1/",
                "@/docs/images/x y.png"
            )
            .1,
            LinkTarget::File("docs/images/x y.png".into())
        );
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let map = map("/blog/");
        assert_eq!(
            href(
                &map,
                "docs/part-1.md",
                "/blog/docs/part-1/",
                "/docs/part-2.md"
            )
            .0,
            Some("/blog/docs/part-2/".into())
        );
        assert_eq!(
            href(&map, "docs/part-1.md", "/blog/docs/part-1/", "/tags/"),
            (
                Some("/blog/tags/".into()),
                LinkTarget::Output("tags/index.html".into())
            )
        );
        assert_eq!(
            href(&map, "docs/part-1.md", "/blog/docs/part-1/", "/blog/tags/"),
            (None, LinkTarget::Output("tags/index.html".into()))
        );
    }

    #[test]
    fn other_links_are_read_against_the_page_url_or_left_alone() {
        let map = map("/");
        assert_eq!(
            href(&map, "docs/part-1.md", "/docs/part-1/", "../other/"),
            (None, LinkTarget::Output("docs/other/index.html".into()))
        );
        assert_eq!(
            href(&map, "a.md", "/a/", "https://x.org/a.md").1,
            LinkTarget::External
        );
        assert_eq!(href(&map, "a.md", "/a/", "#top").1, LinkTarget::SamePage);
        assert_eq!(
            href(&map, "a.md", "/a/", "../../../x").1,
            LinkTarget::Outside
        );
        assert_eq!(
            href(&map, "docs/part-1.md", "/docs/part-1/", "app").1,
            LinkTarget::File("docs/app".into())
        );
    }
}
