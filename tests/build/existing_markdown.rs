//! Markdown written for GitHub builds as it is (issue 10): links from the source file's folder,
//! README as a folder's page, titles from the first heading, GitHub heading ids and HTML
//! anchors, folders of files that are not sections; and every problem reported in one pass,
//! each a rule that can be configured.

use crate::common::{page, SiteTest};

/// Each diagnostic as `severity CODE location`, but DS028: none of these sites says where it is
/// published (`base_url`), and DS028 is `urls.rs`'s.
fn diagnostics_of(stderr: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(head) = line
            .strip_prefix("error[")
            .map(|rest| ("error", rest))
            .or_else(|| line.strip_prefix("warning[").map(|rest| ("warning", rest)))
        else {
            continue;
        };
        let code = head.1.split(']').next().unwrap_or("");
        if code == "DS028" {
            continue;
        }
        let location = lines
            .peek()
            .and_then(|next| next.trim_start().strip_prefix("--> "))
            .unwrap_or("");
        found.push(format!("{} {code} {location}", head.0));
    }
    found
}

#[test]
fn a_docs_tree_written_for_github_builds_as_it_is() {
    let site = SiteTest::fixture("github-docs");
    let stderr = site.build_warns();
    assert_eq!(diagnostics_of(&stderr), Vec::<String>::new(), "{stderr}");

    let home = site.html("index.html");
    let hrefs = home.attrs(".content a:not(.anchor)", "href");
    assert_eq!(
        hrefs,
        vec![
            "/docs/part-1/",
            "/setup/#install",
            "/app/",
            "/app/Dockerfile",
            "/app/app.py"
        ],
        "README links become the URLs of what they name"
    );
    assert_eq!(home.attrs(".content img", "src"), vec!["/images/logo.svg"]);
    assert_eq!(
        home.count("h1"),
        1,
        "the README's heading is the home page's title"
    );

    let part1 = site.html("docs/part-1/index.html");
    assert_eq!(
        part1.texts("title"),
        vec!["Part 1: Build the image — Workshop"]
    );
    assert_eq!(
        part1.count("h1"),
        1,
        "the first heading is the title, shown once"
    );
    assert_eq!(
        part1.attrs(".content a:not(.anchor)", "href"),
        vec![
            "#task1",
            "#11-write-a-dockerfile",
            "/docs/part-2/#21-run-it",
            "/"
        ]
    );
    assert_eq!(
        part1.attrs(".content img", "src"),
        vec!["/docs/images/diagram.svg"]
    );
    assert_eq!(
        part1.attrs("h2", "id"),
        vec!["11-write-a-dockerfile"],
        "GitHub's heading ids"
    );
    assert!(
        part1.count(".content code [class^=z]") > 0,
        "the Dockerfile excerpt is highlighted"
    );

    let part2 = site.html("docs/part-2/index.html");
    assert_eq!(
        part2.texts("title"),
        vec!["Part 2 — Workshop"],
        "no heading: the file name"
    );

    let setup = site.html("setup/index.html");
    assert_eq!(
        setup.texts("title"),
        vec!["Setup — Workshop"],
        "README.md is its folder's page"
    );
    assert_eq!(
        setup.attrs(".content a:not(.anchor)", "href"),
        vec!["/app/"]
    );

    assert!(
        site.out("app/templates/index.html").is_file(),
        "a folder of code is copied"
    );
    assert!(site.out("app/Dockerfile").is_file());
    assert!(
        !site.out("images/index.html").exists(),
        "a folder of images is no section"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        !sitemap.contains("/app/<") && !sitemap.contains("/images/"),
        "{sitemap}"
    );
}

#[test]
fn links_and_images_carry_the_base_path() {
    let site = SiteTest::fixture("github-docs");
    site.write(
        "docsite.yaml",
        "title: Workshop\nbase_url: https://example.org/blog/\n",
    );
    site.build_ok();
    let part1 = site.html("docs/part-1/index.html");
    assert_eq!(
        part1.attrs(".content a:not(.anchor)", "href"),
        vec![
            "#task1",
            "#11-write-a-dockerfile",
            "/blog/docs/part-2/#21-run-it",
            "/blog/"
        ]
    );
    assert_eq!(
        part1.attrs(".content img", "src"),
        vec!["/blog/docs/images/diagram.svg"]
    );
    let part2 = site.html("docs/part-2/index.html");
    assert_eq!(
        part2.attrs(".content a:not(.anchor)", "href"),
        vec!["/blog/docs/part-1/#task1", "/blog/app/app.py"],
        "a root-relative link gets the base path"
    );
}

#[test]
fn the_slug_heading_scheme_is_a_setting() {
    let site = SiteTest::new()
        .file("docsite.yaml", "heading_ids: slug\n")
        .file(
            "content/a.md",
            "## 3.1 Deploying\n\n[here](#3-1-deploying)\n",
        );
    site.build_ok();
    assert_eq!(
        site.html("a/index.html").attrs("h2", "id"),
        vec!["3-1-deploying"]
    );
}

#[test]
fn fragments_that_name_nothing_are_broken_and_html_anchors_count() {
    let site = SiteTest::new().file(
        "content/a.md",
        "<a name=\"Step-1\"></a>\n\n## Step 1\n\n[ok](#step-1) [ok](#Step-1) [gone](#step-2)\n",
    );
    let stderr = site.build_fails();
    assert_eq!(
        diagnostics_of(&stderr),
        vec!["error DS014 content/a.md:5:29"],
        "{stderr}"
    );
    assert!(
        stderr.contains("broken link: no heading or anchor `#step-2` on this page"),
        "{stderr}"
    );
}

#[test]
fn readme_is_a_folders_page_unless_index_md_is_there() {
    let site = SiteTest::new()
        .file(
            "content/docs/_index.md",
            &page("title: Docs", "The docs.\n"),
        )
        .file("content/docs/README.md", "# Read me\n")
        .file("content/guide/readme.md", "# Guide\n\nThe guide.\n");
    let stderr = site.build_warns();
    assert_eq!(
        diagnostics_of(&stderr),
        vec!["warning DS016 content/docs/README.md:1:1"],
        "{stderr}"
    );
    assert_eq!(
        site.html("guide/index.html").texts("title"),
        vec!["Guide — docsite"]
    );
    assert_eq!(
        site.html("docs/index.html").texts("title"),
        vec!["Docs — docsite"]
    );
    assert_eq!(
        site.html("docs/readme/index.html").texts("title"),
        vec!["Read me — docsite"],
        "the shadowed README is still a page"
    );
}

#[test]
fn a_page_and_a_readme_at_one_url_are_both_named() {
    let site = SiteTest::new()
        .file("content/x.md", "# X\n")
        .file("content/x/README.md", "# X again\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "= help: the page of `content/x.md` and the page of `content/x/README.md` are both published there"
        ),
        "{stderr}"
    );
}

#[test]
fn every_problem_of_every_file_is_reported_at_once_and_check_agrees() {
    let site = SiteTest::new()
        .file("content/a.md", "---\ntitle: [A\n---\nText.\n")
        .file("content/b.md", "```python\nprint(1\n```\n")
        .file("content/c.md", "[next](d.md)\n")
        .file("content/about.md", "# About\n")
        .file("content/about/index.html", "<p>old</p>\n");
    let stderr = site.build_fails();
    let from_build = diagnostics_of(&stderr);
    assert_eq!(
        from_build,
        vec![
            "error DS002 content/a.md:3:1",
            "error DS015 content/about.md:1:1",
            "error PY001 content/b.md:2:6",
            "error DS014 content/c.md:1:1",
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("`content/about/index.html` and the page of `content/about.md`")
            || stderr.contains("the page of `content/about.md` and `content/about/index.html`"),
        "both sources named: {stderr}"
    );

    let output = site
        .cmd(&["check", "--format", "json"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let from_check: Vec<String> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .filter_map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            if value["rule"] == "DS028" {
                return None;
            }
            Some(format!(
                "{} {} {}:{}:{}",
                value["severity"].as_str().unwrap_or(""),
                value["rule"].as_str().unwrap_or(""),
                value["file"].as_str().unwrap_or(""),
                value["line"],
                value["column"]
            ))
        })
        .collect();
    assert_eq!(from_check, from_build);
    let human = site.cmd(&["check"]).assert().failure().get_output().clone();
    assert_eq!(
        diagnostics_of(&String::from_utf8(human.stderr).expect("utf-8")),
        from_build
    );
}

#[test]
fn any_rule_can_be_lowered_or_turned_off() {
    let site = SiteTest::new()
        .file(
            "docsite.yaml",
            "checks:\n  rules:\n    DS014: warning\n    DS002: off\n",
        )
        .file("content/a.md", "---\ntitle: [A\n---\n[gone](nowhere.md)\n");
    let stderr = site.build_warns();
    assert_eq!(
        diagnostics_of(&stderr),
        vec!["warning DS014 content/a.md:4:1"],
        "{stderr}"
    );
    assert!(
        site.out("a/index.html").is_file(),
        "the page is built without its front matter"
    );
}

#[test]
fn two_pages_at_one_url_and_a_page_over_a_file_are_different_rules() {
    let site = SiteTest::new()
        .file("content/x.md", "# X\n")
        .file("content/x/index.md", "# X again\n");
    let stderr = site.build_fails();
    assert_eq!(
        diagnostics_of(&stderr),
        vec!["error DS007 content/x.md:1:1"],
        "{stderr}"
    );
    assert!(
        stderr.contains("`content/x/index.md` has it too"),
        "{stderr}"
    );
}

#[test]
fn typos_in_settings_are_caught_with_a_suggestion() {
    let site = SiteTest::new()
        .file("docsite.yaml", "checks:\n  rules:\n    DF0l2: off\n")
        .file(
            "content/a.md",
            "---\ntitle: A\ndescripton: d\n---\n```pyhton\nprint(1)\n```\n\n```dockerfile allow=DF102\nFROM python:3.11-slim\n# hadolint ignore=DL3OO8,SC2086,DL3059\nRUN echo hi\nUSER 1000\n```\n",
        );
    let stderr = site.build_warns();
    assert_eq!(
        diagnostics_of(&stderr),
        vec![
            "warning DS017 content/a.md:3:1",
            "warning DS018 content/a.md:5:4",
            "warning DS019 content/a.md:9:21",
            "warning DS019 content/a.md:11:19",
            "warning DS019 docsite.yaml:3:5",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `description`?"), "{stderr}");
    assert!(stderr.contains("did you mean `python`?"), "{stderr}");
    assert!(
        stderr.contains("did you mean `DF002` or `DF012`?"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `DL3008`?"), "{stderr}");
    assert!(stderr.contains("did you mean `DF012`?"), "{stderr}");
}

#[test]
fn parts_of_a_series_share_one_project_folder() {
    let site = SiteTest::new()
        .file("content/series/part-1.md", &page("title: Part 1\nproject: ../files", "```dockerfile\nFROM python:3.11-slim\nCOPY app.py missing.txt ./\nUSER 1000\nCMD [\"python\", \"app.py\"]\n```\n"))
        .file("content/series/part-2.md", &page("title: Part 2\nproject: ../files", "Run it.\n"))
        .file("content/files/app.py", "print('hi')\n");
    let stderr = site.build_fails();
    assert_eq!(
        diagnostics_of(&stderr),
        vec!["error XF002 content/series/part-1.md:7:13"],
        "{stderr}"
    );
    site.write("content/files/missing.txt", "now here\n");
    site.build_ok();
    for part in ["part-1", "part-2"] {
        let zip = std::fs::read(site.out(&format!("series/{part}/project.zip"))).expect("download");
        let text = String::from_utf8_lossy(&zip);
        assert!(
            text.contains("app.py") && text.contains("missing.txt"),
            "{part}"
        );
    }
}
