//! The output folder: atomic replacement, previous output kept on failure, refusal of unsafe folders.

use crate::common::{page, snapshot, SiteTest};

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = SiteTest::new()
        .file("content/a.md", &page("title: A", "First version.\n"))
        .file("content/b/index.md", &page("title: B", ""))
        .file("content/b/app.py", "print(1)\n");
    site.build_ok();
    let before = snapshot(&site.root().join("public"));
    assert!(before.contains_key("a/index.html") && before.contains_key("b/app.py"));

    site.write(
        "content/a.md",
        page("title: A\ndate: 31/02/2021", "Second version.\n"),
    );
    site.build_fails();
    assert_eq!(snapshot(&site.root().join("public")), before);

    site.write("templates/page.html", "{% if %}");
    site.build_fails();
    assert_eq!(snapshot(&site.root().join("public")), before);
}

#[test]
fn a_successful_build_replaces_stale_files() {
    let site = SiteTest::new()
        .file("content/a.md", &page("title: A", ""))
        .file("content/old.md", &page("title: Old", ""));
    site.build_ok();
    assert!(site.out("old/index.html").exists());
    std::fs::remove_file(site.root().join("content/old.md")).expect("remove");
    site.build_ok();
    assert!(!site.out("old").exists());
    assert!(site.out("a/index.html").exists());
    let mut leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("read root")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("docsite-"))
        .collect();
    leftovers.sort();
    // What stays beside the output is what the next build resumes from.
    assert_eq!(
        leftovers,
        [".public.docsite-manifest", ".public.docsite-state"],
        "working folders removed"
    );
}

#[test]
fn output_folders_that_hold_the_site_are_refused() {
    let site = SiteTest::new().file("content/a.md", &page("title: A", ""));
    for output in [".", "content", "content/public", "..", "static", "themes/x"] {
        let stderr = site
            .cmd(&["build", "--output", output])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let stderr = String::from_utf8(stderr).expect("utf-8");
        assert!(
            stderr.contains("refusing to write the site"),
            "{output}: {stderr}"
        );
    }
    assert!(site.root().join("content/a.md").exists(), "nothing deleted");
}

#[test]
fn an_existing_folder_docsite_did_not_write_is_never_replaced() {
    let site = SiteTest::new()
        .file("content/a.md", &page("title: A", ""))
        .file("docs/notes.txt", "precious");
    let stderr = site
        .cmd(&["build", "--output", "docs"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&stderr).contains("was not written by docsite"));
    assert_eq!(
        std::fs::read_to_string(site.root().join("docs/notes.txt")).expect("kept"),
        "precious"
    );
    site.cmd(&["build", "--output", "site-out"])
        .assert()
        .success();
    site.cmd(&["build", "--output", "site-out"])
        .assert()
        .success();
    assert!(site.root().join("site-out/a/index.html").exists());
}

#[test]
fn a_rebuild_writes_only_the_files_that_changed_and_keeps_the_others_untouched() {
    use std::os::unix::fs::MetadataExt;
    let site = SiteTest::new()
        .file("content/a.md", &page("title: A", "First version.\n"))
        .file("content/b.md", &page("title: B", "Unchanged.\n"))
        .file("static/logo.txt", "logo\n");
    let summary = |site: &SiteTest| {
        let output = site.cmd(&["build"]).assert().success().get_output().clone();
        let stderr = String::from_utf8(output.stderr).expect("utf-8");
        stderr[stderr.find('(').expect("summary")..stderr.find(')').expect("summary") + 1]
            .to_owned()
    };
    let first = summary(&site);
    assert!(first.ends_with("written, 0 unchanged)"), "{first}");
    let inode = |rel: &str| std::fs::metadata(site.out(rel)).expect(rel).ino();
    let mtime = |rel: &str| {
        std::fs::metadata(site.out(rel))
            .expect(rel)
            .modified()
            .expect("mtime")
    };
    let (b_inode, b_mtime, logo_inode) = (
        inode("b/index.html"),
        mtime("b/index.html"),
        inode("logo.txt"),
    );
    let files: usize = first[1..first.find(' ').expect("count")]
        .parse()
        .expect("count");

    let marker_inode = inode(".docsite-output");
    assert_eq!(
        summary(&site),
        format!("({files} files: 0 written, {files} unchanged)")
    );
    assert_eq!(
        inode(".docsite-output"),
        marker_inode,
        "nothing changed, so docsite's own marker is not rewritten either (rsync sends nothing)"
    );
    assert!(
        !site.out(".docsite-manifest").exists()
            && site.root().join(".public.docsite-manifest").is_file(),
        "the manifest is kept beside the output, so no deploy carries it"
    );

    site.write("content/a.md", page("title: A", "Second version.\n"));
    let edited = summary(&site);
    let written: usize = edited
        [edited.find(": ").expect("written") + 2..edited.find(" written").expect("written")]
        .parse()
        .expect("written");
    assert!(
        (1..=5).contains(&written),
        "the page, and at most its search fragment, a search shard or two and their manifest: {edited}"
    );
    assert!(site.read("a/index.html").contains("Second version."));
    assert_eq!(
        inode("b/index.html"),
        b_inode,
        "an unchanged page is the same file"
    );
    assert_eq!(
        mtime("b/index.html"),
        b_mtime,
        "and keeps its modification time"
    );
    assert_eq!(inode("logo.txt"), logo_inode);

    // A file edited by hand in the output is not trusted: it is written again.
    std::fs::write(site.out("b/index.html"), "tampered").expect("write");
    summary(&site);
    assert!(site.read("b/index.html").contains("Unchanged."));

    // An output folder replaced since (here by a copy, made of new files) is not the one the
    // manifest describes: every file is written again, none taken from it.
    let copy = site.root().join("copy");
    std::fs::rename(site.root().join("public"), &copy).expect("move");
    std::process::Command::new("cp")
        .args(["-a"])
        .arg(&copy)
        .arg(site.root().join("public"))
        .status()
        .expect("cp");
    let rebuilt = summary(&site);
    assert!(rebuilt.ends_with("written, 0 unchanged)"), "{rebuilt}");
}
