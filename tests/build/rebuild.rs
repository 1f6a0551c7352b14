//! A rebuild after page edits resumes the previous build: only the edited pages are read and
//! rendered again, what they show on other pages is rendered again, everything else is kept,
//! and the output is byte for byte what a full build of the edited site writes. Anything a page
//! edit cannot account for is a full build.

use std::path::Path;

use crate::common::{page, snapshot, SiteTest};

/// The files of a site's source, to build the same site again from scratch.
const SOURCES: &[&str] = &["docsite.yaml", "content", "templates", "static"];

fn blog() -> SiteTest {
    let mut site = SiteTest::new().file(
        "docsite.yaml",
        "title: Blog\nbase_url: https://example.com/\npaginate_by: 2\nfeed_limit: 3\n",
    );
    for day in 1..=6 {
        site = site.file(
            &format!("content/posts/p{day}.md"),
            &page(
                &format!("title: Post {day}\ndate: 2024-01-0{day}\nkeywords: [docker, part{day}]"),
                &format!("Intro of post {day}.\n\n## Setup\n\nText {day}.\n"),
            ),
        );
    }
    site.file(
        "content/posts/_index.md",
        &page("title: Posts", "All the posts, [the first](p1.md#setup).\n"),
    )
    .file(
        "content/posts/p6.md",
        &page(
            "title: Post 6\ndate: 2024-01-06\nkeywords: [docker]",
            "See [the setup of post 2](p2.md#setup).\n\n```python\nprint('hello')\n```\n",
        ),
    )
    .file(
        "content/docs/guide/index.md",
        &page(
            "title: Guide",
            "A bundle with a project.\n\n```python file=app.py\nprint('app')\n```\n",
        ),
    )
    .file("content/docs/guide/notes.txt", "notes\n")
}

/// Build `site` and return stderr.
fn build(site: &SiteTest) -> String {
    let output = site.cmd(&["build"]).assert().success().get_output().clone();
    String::from_utf8(output.stderr).expect("utf-8")
}

/// The output of a full build of the same sources, in a fresh folder.
fn full_build_of(site: &SiteTest) -> (String, std::collections::BTreeMap<String, Vec<u8>>) {
    let fresh = SiteTest::new();
    for part in SOURCES {
        let from = site.root().join(part);
        if from.is_file() {
            fresh.write(part, std::fs::read(&from).expect("read"));
        } else if from.is_dir() {
            for entry in walkdir::WalkDir::new(&from) {
                let entry = entry.expect("walk");
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(site.root()).expect("inside");
                    fresh.write(
                        &rel.to_string_lossy(),
                        std::fs::read(entry.path()).expect("read"),
                    );
                }
            }
        }
    }
    let stderr = build(&fresh);
    (stderr, published(fresh.root()))
}

/// The output's files.
fn published(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(&root.join("public"))
}

/// The diagnostics a build printed, without its summary line.
fn diagnostics(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|line| !line.starts_with("built "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Edit `rel` to `text`, rebuild, and require a resumed build (`changed` pages) whose output
/// and warnings are a full build's.
fn edit_and_compare(site: &SiteTest, rel: &str, text: &str, changed: usize) -> String {
    site.write(rel, text);
    let stderr = build(site);
    assert!(
        stderr.contains(&format!(" pages, {changed} changed and ")),
        "a resumed build: {stderr}"
    );
    let (full_stderr, full) = full_build_of(site);
    let resumed = published(site.root());
    let differ: Vec<&String> = full
        .keys()
        .chain(resumed.keys())
        .filter(|path| full.get(*path) != resumed.get(*path))
        .collect();
    assert!(
        differ.is_empty(),
        "files that differ from a full build: {differ:?}"
    );
    assert_eq!(diagnostics(&stderr), diagnostics(&full_stderr));
    stderr
}

#[test]
fn edits_of_body_title_date_and_keywords_give_what_a_full_build_gives() {
    let site = blog();
    let first = build(&site);
    assert!(
        !first.contains(" changed and "),
        "the first build is a full one: {first}"
    );

    // A body edit: the page, its search entries, the feeds it is in.
    let stderr = edit_and_compare(
        &site,
        "content/posts/p5.md",
        &page(
            "title: Post 5\ndate: 2024-01-05\nkeywords: [docker, part5]",
            "A new body, zygomorphic.\n\n## Setup\n\nText 5.\n",
        ),
        1,
    );
    assert!(stderr.contains("written"), "{stderr}");

    // A title: lists, neighbours, terms and feeds show it.
    edit_and_compare(
        &site,
        "content/posts/p3.md",
        &page(
            "title: Renamed three\ndate: 2024-01-03\nkeywords: [docker, part3]",
            "Intro of post 3.\n\n## Setup\n\nText 3.\n",
        ),
        1,
    );
    // A date that moves the page to the top of every list.
    edit_and_compare(
        &site,
        "content/posts/p1.md",
        &page(
            "title: Post 1\ndate: 2024-02-01\nkeywords: [docker, part1]",
            "Intro of post 1.\n\n## Setup\n\nText 1.\n",
        ),
        1,
    );
    // A new keyword, and one dropped: term pages appear and go.
    edit_and_compare(
        &site,
        "content/posts/p2.md",
        &page(
            "title: Post 2\ndate: 2024-01-02\nkeywords: [kubernetes]",
            "Intro of post 2.\n\n## Setup\n\nText 2.\n",
        ),
        1,
    );
    // A bundle with a project.
    edit_and_compare(
        &site,
        "content/docs/guide/index.md",
        &page(
            "title: Guide",
            "The project changed.\n\n```python file=app.py\nprint('app 2')\n```\n",
        ),
        1,
    );
}

#[test]
fn nothing_changed_writes_nothing_and_two_edits_at_once_are_both_applied() {
    let site = blog();
    build(&site);
    let stderr = build(&site);
    assert!(
        stderr.contains(", 0 changed and ") && stderr.contains(": 0 written, "),
        "{stderr}"
    );

    site.write(
        "content/posts/p4.md",
        page("title: Post 4 again\ndate: 2024-01-04", "Body 4.\n"),
    );
    edit_and_compare(
        &site,
        "content/posts/p5.md",
        &page("title: Post 5\ndate: 2024-01-05", "Body 5.\n"),
        2,
    );
}

#[test]
fn a_heading_renamed_breaks_the_links_of_other_pages_as_in_a_full_build() {
    let site = blog();
    build(&site);
    // p6 links to p2's `#setup`: renaming that heading is an error in p6.
    site.write(
        "content/posts/p2.md",
        page(
            "title: Post 2\ndate: 2024-01-02\nkeywords: [docker, part2]",
            "Intro.\n\n## Installation\n\nText 2.\n",
        ),
    );
    let output = site.cmd(&["build"]).assert().failure().get_output().clone();
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        stderr.contains("--> content/posts/p6.md:")
            && stderr.contains("broken link: `/posts/p2/` has no heading or anchor `#setup`"),
        "{stderr}"
    );
    // Fixed, the next build resumes from the last good one.
    edit_and_compare(
        &site,
        "content/posts/p6.md",
        &page(
            "title: Post 6\ndate: 2024-01-06\nkeywords: [docker]",
            "See [the installation of post 2](p2.md#installation).\n",
        ),
        2,
    );
}

#[test]
fn anything_but_a_page_edit_is_a_full_build() {
    let site = blog();
    build(&site);
    for (rel, text) in [
        (
            "content/posts/p7.md",
            page("title: Post 7\ndate: 2024-01-07", "New.\n"),
        ),
        // A section's own page: every page of the section shows its title.
        (
            "content/posts/_index.md",
            page(
                "title: All posts",
                "Every post, [the first](p1.md#setup).\n",
            ),
        ),
        (
            "docsite.yaml",
            "title: Blog two\nbase_url: https://example.com/\n".to_owned(),
        ),
        ("templates/page.html", "{{ page.title }}".to_owned()),
        ("content/docs/guide/notes.txt", "other notes\n".to_owned()),
    ] {
        site.write(rel, &text);
        let stderr = build(&site);
        assert!(!stderr.contains(" changed and "), "{rel}: {stderr}");
        let (_, full) = full_build_of(&site);
        assert_eq!(published(site.root()), full, "{rel}");
    }
    // An output file edited by hand is not trusted: the next build is a full one.
    site.write(
        "content/posts/p1.md",
        page(
            "title: Post 1\ndate: 2024-01-01\nkeywords: [docker, part1]",
            "Edited.\n\n## Setup\n\nText 1.\n",
        ),
    );
    std::fs::write(site.out("posts/p3/index.html"), "edited by hand").expect("write");
    let stderr = build(&site);
    assert!(!stderr.contains(" changed and "), "{stderr}");
    assert_ne!(site.read("posts/p3/index.html"), "edited by hand");
}
