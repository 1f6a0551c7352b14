//! The dev server's answers: URL paths resolved against the in-memory site, never outside it.
//!
//! Paths are decoded once and refused when they could mean anything but a file of the site:
//! `..` segments, encoded separators (`%2f`, `%5c`), backslashes, NUL bytes. Files copied from
//! the site folders are read at request time and only when they resolve inside the site root,
//! so a symlink pointing elsewhere is not followed out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use crate::render::OutputContent;

/// What the server sends back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 200 with a body and its content type.
    File {
        /// The body.
        body: Vec<u8>,
        /// Its MIME type.
        content_type: String,
    },
    /// 301 to this location.
    Redirect(String),
    /// 400: the path is not acceptable.
    BadRequest(&'static str),
    /// 404, with the site's `404.html` when it has one.
    NotFound(Option<Vec<u8>>),
}

/// Resolve a request target (`/posts/x/?q`) against the site's files.
pub fn answer(target: &str, files: &BTreeMap<PathBuf, OutputContent>, root: &Path) -> Answer {
    let raw_path = target.split(['?', '#']).next().unwrap_or("/");
    let query = target.strip_prefix(raw_path).unwrap_or("");
    let rel = match decode(raw_path) {
        Ok(rel) => rel,
        Err(reason) => return Answer::BadRequest(reason),
    };
    let wanted = if rel.is_empty() || raw_path.ends_with('/') {
        Path::new(&rel).join("index.html")
    } else {
        PathBuf::from(&rel)
    };
    if let Some(content) = files.get(&wanted) {
        if let Some(body) = read(content, root) {
            return Answer::File {
                body,
                content_type: content_type(&wanted),
            };
        }
        return not_found(files, root);
    }
    if files.contains_key(&Path::new(&rel).join("index.html")) && !raw_path.ends_with('/') {
        // Rebuilt from the path's own segments: `//posts/x` as written would send the browser to
        // the host `posts` (a protocol-relative URL).
        let segments: Vec<&str> = raw_path
            .split('/')
            .filter(|segment| !segment.is_empty() && *segment != ".")
            .collect();
        return Answer::Redirect(format!("/{}/{query}", segments.join("/")));
    }
    not_found(files, root)
}

fn not_found(files: &BTreeMap<PathBuf, OutputContent>, root: &Path) -> Answer {
    Answer::NotFound(
        files
            .get(Path::new("404.html"))
            .and_then(|content| read(content, root)),
    )
}

/// Decode a URL path into a relative file path, refusing anything that could leave the site.
fn decode(raw_path: &str) -> Result<String, &'static str> {
    let lower = raw_path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || raw_path.contains('\\') {
        return Err("encoded or backslash path separators are not allowed");
    }
    let decoded = percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| "the path is not UTF-8")?;
    if decoded.contains('\\') {
        return Err("backslashes are not allowed");
    }
    // Browsers drop tabs and newlines from a URL, so `/\t/host` redirected as written would
    // become `//host`; no file of a site is named with a control character.
    if decoded.contains(char::is_control) {
        return Err("NUL bytes and control characters are not allowed");
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err("`..` is not allowed"),
            part if part.contains(':') && parts.is_empty() => {
                return Err("absolute paths are not allowed")
            }
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// The largest copied file served; the dev server holds a file in memory while sending it.
const COPY_LIMIT: u64 = 1 << 30;

/// The bytes of an output file; copies are read now, only from inside the site root, and only
/// when they are still regular files (one replaced by a FIFO would hold the request for ever).
fn read(content: &OutputContent, root: &Path) -> Option<Vec<u8>> {
    match content {
        OutputContent::Bytes(bytes) => Some(bytes.to_vec()),
        OutputContent::BuiltIn(bytes) => Some(bytes.to_vec()),
        OutputContent::Copy(path) => {
            let real = path.canonicalize().ok()?;
            let root = root.canonicalize().ok()?;
            real.starts_with(&root)
                .then(|| crate::read::bounded(&real, COPY_LIMIT).ok())
                .flatten()
        }
    }
}

/// The Content-Type for a file name.
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match (mime.type_(), mime.subtype().as_str()) {
        (mime_guess::mime::TEXT, _) | (_, "javascript" | "json" | "xml" | "svg+xml") => {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BTreeMap<PathBuf, OutputContent> {
        let mut files = BTreeMap::new();
        for path in ["index.html", "posts/x/index.html", "style.css", "404.html"] {
            files.insert(
                PathBuf::from(path),
                OutputContent::Bytes(std::sync::Arc::new(path.as_bytes().to_vec())),
            );
        }
        files
    }

    #[test]
    fn folders_redirects_and_not_found() {
        let files = site();
        let root = std::env::temp_dir();
        assert!(matches!(answer("/", &files, &root), Answer::File { .. }));
        assert!(matches!(
            answer("/posts/x/", &files, &root),
            Answer::File { .. }
        ));
        assert_eq!(
            answer("/posts/x?a=1", &files, &root),
            Answer::Redirect("/posts/x/?a=1".into())
        );
        assert_eq!(
            answer("/nope", &files, &root),
            Answer::NotFound(Some(b"404.html".to_vec()))
        );
    }

    #[test]
    fn traversal_is_refused() {
        let files = site();
        let root = std::env::temp_dir();
        for probe in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/posts/%2F..%2Fx",
            "/a\\b",
            "/%00",
            "/C:/x",
            "/%5c",
        ] {
            assert!(
                matches!(answer(probe, &files, &root), Answer::BadRequest(_)),
                "{probe}"
            );
        }
    }

    #[test]
    fn a_copied_file_replaced_by_a_fifo_is_not_found_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("app.js");
        let name = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
        // SAFETY: mkfifo reads a NUL-terminated path and has no other effect on memory.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("app.js"), OutputContent::Copy(fifo));
        let root = dir.path().to_path_buf();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || sender.send(answer("/app.js", &files, &root)));
        let answer = receiver
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("answered without blocking");
        assert_eq!(answer, Answer::NotFound(None));
    }

    #[test]
    fn redirect_stays_on_the_site_for_leading_double_slash() {
        // Found by the `serve_path` fuzz target: `//posts/./x` was redirected to `//posts/./x/`,
        // which a browser reads as the host `posts`.
        let files = site();
        let root = std::env::temp_dir();
        for (probe, location) in [
            ("//posts/./x", "/posts/x/"),
            ("/./posts//x?a=1", "/posts/x/?a=1"),
        ] {
            assert_eq!(
                answer(probe, &files, &root),
                Answer::Redirect(location.into())
            );
        }
        assert!(matches!(
            answer("/%09/posts/x", &files, &root),
            Answer::BadRequest(_)
        ));
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("a.zip")), "application/zip");
    }
}
