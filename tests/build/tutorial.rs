//! This repository's own site: the tutorial builds, its code is highlighted, its files ship.

use crate::common::Page;
use assert_cmd::Command;
use scraper::Html;

#[test]
fn the_repository_site_builds_with_the_highlighted_tutorial() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = out.path().join("public");
    Command::cargo_bin("docsite")
        .expect("binary built")
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&output)
        .assert()
        .success();
    let page_dir = output.join("posts/containerize-ml-model-docker");
    let html = Page(Html::parse_document(
        &std::fs::read_to_string(page_dir.join("index.html")).expect("tutorial page"),
    ));
    assert_eq!(
        html.texts("h1"),
        ["How to containerize a machine learning model with Docker"]
    );
    assert!(html.count("code.language-dockerfile span[class^=z]") > 10);
    assert!(html.count("code.language-python span[class^=z]") > 10);
    for file in [
        "Dockerfile",
        "app.py",
        "train.py",
        "requirements.txt",
        ".dockerignore",
    ] {
        assert!(
            page_dir.join(file).is_file(),
            "{file} is copied next to the page"
        );
    }
    // The post shows the very files that `docsite test` runs: every block is an include.
    let source_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content/posts/containerize-ml-model-docker");
    for (lang, file) in [
        ("python", "app.py"),
        ("python", "train.py"),
        ("dockerfile", "Dockerfile"),
        ("requirements", "requirements.txt"),
    ] {
        let shown = html.texts(&format!("figure.code-block[data-lang={lang}] code"));
        let real = std::fs::read_to_string(source_dir.join(file)).expect("real file");
        assert!(
            shown.iter().any(|text| text == real.trim()),
            "{file} is shown exactly"
        );
    }
    assert!(
        page_dir.join("project.zip").is_file(),
        "the project download is written"
    );
    let home = Page(Html::parse_document(
        &std::fs::read_to_string(output.join("index.html")).expect("home"),
    ));
    assert_eq!(
        home.texts(".post-list :is(h2, h3)"),
        ["How to containerize a machine learning model with Docker"]
    );
    assert_eq!(home.attrs(".post-list time", "datetime"), ["2021-02-20"]);
}
