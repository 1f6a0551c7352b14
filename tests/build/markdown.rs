//! Markdown features: extensions, heading ids, table of contents, summary, counts.

use crate::common::{page, SiteTest};

#[test]
fn headings_get_unique_slug_ids() {
    let body = "## Install Docker\n\n### Setup\n\n## Setup\n\n## Setup\n\n## Custom {#my-id}\n";
    let site = SiteTest::new().file("content/x.md", &page("title: X", body));
    site.build_ok();
    let html = site.html("x/index.html");
    let ids = html.attrs(".content h2[id], .content h3[id]", "id");
    assert_eq!(
        ids,
        ["install-docker", "setup", "setup-1", "setup-2", "my-id"]
    );
    assert_eq!(
        html.count(".content h2 > a"),
        0,
        "the theme's script adds the self-links; the page does not carry them"
    );
}

#[test]
fn table_of_contents_nests_by_level() {
    let body = "## One\n\n### One A\n\n#### Deep\n\n### One B\n\n## Two\n";
    let site = SiteTest::new()
        .file("content/x.md", &page("title: X", body))
        .file(
            "templates/page.html",
            "{% for e in page.toc %}{{ e.id }}[{% for c in e.children %}{{ c.id }}({% for d in c.children %}{{ d.id }}{% endfor %}){% endfor %}]{% endfor %}",
        );
    site.build_ok();
    assert_eq!(site.read("x/index.html"), "one[one-a(deep)one-b()]two[]");
}

#[test]
fn summary_word_count_and_reading_time_are_exposed() {
    let words = "word ".repeat(450);
    let body = format!("First paragraph here.\n\n<!-- more -->\n\n{words}\n");
    let site = SiteTest::new()
        .file("content/x.md", &page("title: X\ndescription: Desc", &body))
        .file(
            "content/y.md",
            &page("title: Y\ndescription: Only a description", "Short.\n"),
        )
        .file(
            "templates/page.html",
            "{{ page.summary | safe }}|{{ page.word_count }}|{{ page.reading_time }}",
        );
    site.build_ok();
    assert_eq!(
        site.read("x/index.html"),
        "<p>First paragraph here.</p>\n|453|3"
    );
    assert_eq!(site.read("y/index.html"), "<p>Only a description</p>|1|1");
}

#[test]
fn commonmark_extensions_are_on() {
    let body = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n- [ ] todo\n\nNote[^1].\n\n[^1]: The footnote.\n\n\"Quoted\"\n";
    let site = SiteTest::new().file("content/x.md", &page("title: X", body));
    site.build_ok();
    let html = site.html("x/index.html");
    assert_eq!(html.count("article table td"), 2);
    assert_eq!(html.texts("article del"), ["old"]);
    assert_eq!(html.count("article input[type=checkbox]"), 2);
    assert_eq!(html.count("article .footnote-definition"), 1);
    assert!(
        site.read("x/index.html").contains("\u{201c}Quoted\u{201d}"),
        "smart punctuation"
    );
}

#[test]
fn sections_list_their_pages_newest_first_and_link_subsections() {
    let site = SiteTest::new()
        .file(
            "content/posts/_index.md",
            &page("title: All posts\ndescription: Everything", "Intro.\n"),
        )
        .file(
            "content/posts/old.md",
            &page("title: Old\ndate: 2020-01-01", ""),
        )
        .file(
            "content/posts/new.md",
            &page("title: New\ndate: 01/06/2022", ""),
        )
        .file(
            "content/posts/mid.md",
            &page("title: Mid\ndate: 2021-06-01", ""),
        )
        .file("content/posts/guides/a.md", &page("title: Guide A", ""));
    site.build_ok();
    let section = site.html("posts/index.html");
    assert_eq!(section.texts("h1"), ["All posts"]);
    assert_eq!(
        section.texts(".post-list :is(h2, h3)"),
        ["New", "Mid", "Old"]
    );
    assert_eq!(section.attrs(".subsections a", "href"), ["/posts/guides/"]);
    let home = site.html("index.html");
    assert_eq!(
        home.texts(".post-list :is(h2, h3)"),
        ["New", "Mid", "Old", "Guide A"]
    );
}

#[test]
fn page_bundle_files_are_copied_next_to_the_page_and_slug_renames_it() {
    let site = SiteTest::new()
        .file(
            "content/posts/ml/index.md",
            &page("title: ML\nslug: ml-in-docker", ""),
        )
        .file("content/posts/ml/app.py", "print('hi')\n")
        .file("content/posts/ml/.dockerignore", "__pycache__\n")
        .file("content/posts/ml/img/diagram.svg", "<svg/>");
    site.build_ok();
    assert!(site.out("posts/ml-in-docker/index.html").exists());
    assert_eq!(site.read("posts/ml-in-docker/app.py"), "print('hi')\n");
    assert!(site.out("posts/ml-in-docker/.dockerignore").exists());
    assert!(site.out("posts/ml-in-docker/img/diagram.svg").exists());
    let files = site
        .html("posts/ml-in-docker/index.html")
        .texts(".project-files li");
    assert_eq!(files, [".dockerignore", "app.py", "img/diagram.svg"]);
}

#[test]
fn github_alerts_become_labelled_callouts() {
    let body = "> [!NOTE]\n> Read this **first**.\n\n> [!TIP]\n> A tip.\n\n> [!IMPORTANT]\n> Key.\n\n> [!WARNING]\n> Careful.\n\n> [!CAUTION]\n> Danger.\n\n> A plain quote.\n";
    let site = SiteTest::new().file("content/x.md", &page("title: X", body));
    site.build_ok();
    let html = site.html("x/index.html");
    assert_eq!(
        html.attrs(".content .callout[role=note]", "aria-label"),
        ["Note", "Tip", "Important", "Warning", "Caution"]
    );
    assert_eq!(
        html.attrs(".content .callout", "class"),
        [
            "callout callout-note",
            "callout callout-tip",
            "callout callout-important",
            "callout callout-warning",
            "callout callout-caution"
        ]
    );
    assert_eq!(
        html.texts(".callout-note p:not(.callout-title)"),
        ["Read this first."]
    );
    assert_eq!(html.texts(".content blockquote"), ["A plain quote."]);
}

#[test]
fn consecutive_tab_blocks_form_one_group_that_reads_stacked_without_javascript() {
    let body = "Install:\n\n```bash tab=\"macOS\"\nbrew install curl\n```\n```bash tab=\"Linux\"\nsudo apt-get install -y curl\n```\n\nThen:\n\n```bash tab=\"macOS\"\nbrew upgrade\n```\n\n```bash\necho alone\n```\n";
    let site = SiteTest::new().file("content/x.md", &page("title: X", body));
    site.build_ok();
    let html = site.html("x/index.html");
    assert_eq!(html.count(".content .tab-group"), 2);
    assert_eq!(
        html.attrs(".tab-group:first-of-type .tab-panel", "data-tab"),
        ["macOS", "Linux"]
    );
    assert_eq!(
        html.texts(".tab-panel > .tab-label"),
        ["macOS", "Linux", "macOS"]
    );
    assert_eq!(
        html.texts(".tab-panel figure.code-block code"),
        [
            "brew install curl",
            "sudo apt-get install -y curl",
            "brew upgrade"
        ]
    );
    assert_eq!(
        html.count(".content > figure.code-block"),
        1,
        "an untabbed block stays alone"
    );
}

#[test]
fn console_blocks_set_commands_apart_from_their_output() {
    let body = "```console\n$ curl -s localhost:5000/health\n{\"status\":\"ok\"}\n$ echo a \\\n    b\na b\n```\n";
    let site = SiteTest::new().file("content/x.md", &page("title: X", body));
    site.build_ok();
    let html = site.html("x/index.html");
    assert_eq!(html.texts("pre.code .prompt"), ["$", "$"]);
    assert_eq!(
        html.texts("pre.code .output"),
        ["{\"status\":\"ok\"}", "a b"]
    );
    assert_eq!(
        html.texts("pre.code code"),
        ["$ curl -s localhost:5000/health\n{\"status\":\"ok\"}\n$ echo a \\\n    b\na b"],
        "the text is unchanged"
    );
    assert!(
        html.count("pre.code code [class^=z]") > 0,
        "commands are highlighted"
    );
}
