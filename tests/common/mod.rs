//! What every test binary shares: `SiteTest`, a fixture site in a temp dir built by the real
//! `docsite` binary, and the plain helpers (`write`, `docsite`, `stderr`) for tests that lay out
//! files themselves. Each binary includes it with `#[path = "../common/mod.rs"] mod common;`;
//! not every binary uses every helper.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use scraper::{Html, Selector};
use tempfile::TempDir;

/// A site written file by file into a fresh temp dir.
pub struct SiteTest {
    dir: TempDir,
}

impl SiteTest {
    /// An empty site.
    pub fn new() -> Self {
        SiteTest {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of the fixture site `tests/fixtures/sites/NAME`.
    pub fn fixture(name: &str) -> Self {
        let site = SiteTest::new();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sites")
            .join(name);
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.expect("fixture entry");
            let rel = entry
                .path()
                .strip_prefix(&from)
                .expect("inside the fixture");
            if entry.file_type().is_file() {
                site.write(
                    &rel.to_string_lossy(),
                    std::fs::read(entry.path()).expect("read fixture"),
                );
            }
        }
        site
    }

    /// Add or replace a file (parents created).
    pub fn file(self, rel: &str, text: &str) -> Self {
        self.write(rel, text);
        self
    }

    /// Add or replace a file on an existing site.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `docsite ARGS --root SITE`, not yet run.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("docsite").expect("binary built");
        cmd.args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1");
        cmd
    }

    /// Build and require success.
    pub fn build_ok(&self) -> &Self {
        self.cmd(&["build"]).assert().success();
        self
    }

    /// Build, require success, and return stderr (the warnings).
    pub fn build_warns(&self) -> String {
        let output = self.cmd(&["build"]).assert().success().get_output().clone();
        String::from_utf8(output.stderr).expect("utf-8 stderr")
    }

    /// Build and require failure; returns stderr.
    pub fn build_fails(&self) -> String {
        let output = self.cmd(&["build"]).assert().failure().get_output().clone();
        String::from_utf8(output.stderr).expect("utf-8 stderr")
    }

    /// Path of an output file.
    pub fn out(&self, rel: &str) -> PathBuf {
        self.root().join("public").join(rel)
    }

    /// Text of an output file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// An output HTML file, parsed.
    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.read(rel)))
    }
}

/// A parsed HTML page with small query helpers.
pub struct Page(pub Html);

impl Page {
    /// Text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = Selector::parse(css).expect("valid selector");
        self.0
            .select(&selector)
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .collect()
    }

    /// The `attr` of every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let selector = Selector::parse(css).expect("valid selector");
        self.0
            .select(&selector)
            .filter_map(|e| e.value().attr(attr).map(str::to_owned))
            .collect()
    }

    /// How many elements match `css`.
    pub fn count(&self, css: &str) -> usize {
        self.0
            .select(&Selector::parse(css).expect("valid selector"))
            .count()
    }
}

/// The search fragment of page `doc` (its number in base 36, as a shard entry gives it): the
/// entry of its bundle, `doc/<doc / bundle>.json.gz`, read with `read` (a path under `search/`).
pub fn fragment(
    manifest: &serde_json::Value,
    doc: &str,
    read: impl Fn(&str) -> Vec<u8>,
) -> serde_json::Value {
    let doc = u64::from_str_radix(doc, 36).expect("doc number");
    let size = manifest["bundle"].as_u64().expect("bundle size");
    let mut name = String::new();
    let mut number = doc / size;
    loop {
        name.insert(
            0,
            char::from_digit((number % 36) as u32, 36).expect("digit"),
        );
        number /= 36;
        if number == 0 {
            break;
        }
    }
    let bundle: serde_json::Value =
        serde_json::from_str(&gunzip(&read(&format!("doc/{name}.json.gz")))).expect("bundle");
    bundle[(doc % size) as usize].clone()
}

/// A search shard's or fragment's JSON: the files are gzipped (`search/…json.gz`).
pub fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut text)
        .expect("a gzipped UTF-8 file");
    text
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .display()
                .to_string();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// A page file with the given front matter lines and body.
pub fn page(front_matter: &str, body: &str) -> String {
    format!("---\n{front_matter}\n---\n{body}")
}

/// Write `text` to `root/rel`, creating its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Run `docsite ARGS --root ROOT` without colour; its output.
pub fn docsite(root: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("docsite")
        .expect("binary")
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

/// A command's stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
