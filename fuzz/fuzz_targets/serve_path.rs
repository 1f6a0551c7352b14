//! Fuzzes the dev server's request-path resolution over an in-memory site: no answer may name a
//! file outside the site, and a redirect must stay on the same host.
#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use docsite::render::OutputContent;
use docsite::serve::http::{answer, content_type, Answer};
use libfuzzer_sys::fuzz_target;

/// Each file's body is its own path, so a served body says which file was chosen.
static SITE: LazyLock<BTreeMap<PathBuf, OutputContent>> = LazyLock::new(|| {
    [
        "index.html",
        "404.html",
        "style.css",
        "posts/index.html",
        "posts/x/index.html",
        "posts/x/app.py",
        "posts/x/images/a b.png",
        "été/index.html",
    ]
    .into_iter()
    .map(|path| {
        (
            PathBuf::from(path),
            OutputContent::Bytes(std::sync::Arc::new(path.as_bytes().to_vec())),
        )
    })
    .collect()
});

/// Percent-decoding done independently of the server, repeated until nothing changes, so a
/// doubly encoded `..` is seen too.
fn decoded(path: &str) -> String {
    let mut bytes = path.as_bytes().to_vec();
    loop {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        if out == bytes {
            return String::from_utf8_lossy(&out).into_owned();
        }
        bytes = out;
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(target) = std::str::from_utf8(data) else {
        return;
    };
    let root = Path::new("/nonexistent-docsite-fuzz-root");
    let path = target.split(['?', '#']).next().unwrap_or("");
    let leaves_site = decoded(path)
        .split(['/', '\\'])
        .any(|segment| segment == "..");
    match answer(target, &SITE, root) {
        Answer::File { body, .. } => {
            assert!(!leaves_site, "{target:?} served {body:?}");
            let served = String::from_utf8(body).expect("bodies are paths");
            assert!(SITE.contains_key(Path::new(&served)), "{target:?}");
            content_type(Path::new(&served));
        }
        Answer::Redirect(location) => {
            assert!(!leaves_site, "{target:?} redirected to {location:?}");
            // Browsers drop tabs and newlines from a URL, then read `//host/…` or `/\host/…` as
            // another host.
            let as_read: String = location
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            assert!(
                as_read.starts_with('/')
                    && !as_read.starts_with("//")
                    && !as_read.starts_with("/\\"),
                "{target:?} redirected to {location:?}"
            );
        }
        Answer::BadRequest(_) | Answer::NotFound(_) => {}
    }
});
