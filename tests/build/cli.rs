//! The command line itself: help, version, init.

use assert_cmd::Command;
use predicates::str::contains;

fn docsite() -> Command {
    Command::cargo_bin("docsite").expect("binary built")
}

#[test]
fn help_lists_only_working_commands_and_version_prints() {
    docsite()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("build"))
        .stdout(contains("init"));
    docsite()
        .args(["build", "--help"])
        .assert()
        .success()
        .stdout(contains("--base-url"))
        .stdout(contains("--drafts"));
    docsite()
        .arg("--version")
        .assert()
        .success()
        .stdout(contains(env!("CARGO_PKG_VERSION")));
    docsite().arg("frobnicate").assert().code(2);
}

#[test]
fn init_scaffolds_a_site_that_builds_with_the_default_theme() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("blog");
    docsite().arg("init").arg(&site).assert().success();
    docsite()
        .arg("build")
        .arg("--root")
        .arg(&site)
        .assert()
        .success();
    let html = std::fs::read_to_string(site.join("public/posts/hello-docsite/index.html"))
        .expect("page built");
    assert!(
        html.contains("<span class=z"),
        "example code is highlighted"
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).expect("home built");
    assert!(home.contains("Hello, docsite"));
    docsite()
        .arg("init")
        .arg(&site)
        .assert()
        .code(2)
        .stderr(contains("not empty"));
}

#[test]
fn init_writes_no_placeholder_that_would_be_published() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("blog");
    docsite().arg("init").arg(&site).assert().success();
    docsite()
        .args(["build", "--root"])
        .arg(&site)
        .assert()
        .success();
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.expect("entry");
        if !entry.file_type().is_file() {
            continue;
        }
        let text =
            String::from_utf8_lossy(&std::fs::read(entry.path()).expect("read")).into_owned();
        for placeholder in ["Your Name", "your_handle", "twitter.com/"] {
            assert!(
                !text.contains(placeholder),
                "{} holds the placeholder {placeholder:?}",
                entry.path().display()
            );
        }
    }
    let page = std::fs::read_to_string(site.join("public/posts/hello-docsite/index.html"))
        .expect("page built");
    assert!(
        !page.contains("rel=\"author\""),
        "no byline link without an author"
    );
}

#[test]
fn a_root_without_content_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    docsite()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("has no `content/` folder"));
    assert!(!dir.path().join("public").exists());
}
