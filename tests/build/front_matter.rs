//! Front matter as real posts write it: the seed's shape, dates, keywords, extra keys, errors.

use crate::common::{page, SiteTest};

/// The seed document's front-matter shape, trailing space after the date included.
const SEED_SHAPE: &str = "title: Shipping a model in a box
description: A fixture post written in the seed's front-matter shape.
author: Fixture Author
author_social: https://twitter.com/fixture_author
date_published: 20/02/2021 
keywords: docker, containerizing, tensorflow, machine learning, how to";

#[test]
fn seed_shaped_front_matter_renders_title_author_date_and_keywords() {
    let site = SiteTest::new().file("content/posts/box.md", &page(SEED_SHAPE, "Hello.\n"));
    site.build_ok();
    let html = site.html("posts/box/index.html");
    assert_eq!(html.texts("h1"), ["Shipping a model in a box"]);
    assert_eq!(html.attrs("time", "datetime"), ["2021-02-20"]);
    assert_eq!(html.texts("time"), ["20 February 2021"]);
    assert_eq!(
        html.texts(".keywords li"),
        [
            "docker",
            "containerizing",
            "tensorflow",
            "machine learning",
            "how to"
        ]
    );
    assert_eq!(
        html.attrs("a[rel=author]", "href"),
        ["https://twitter.com/fixture_author"]
    );
    assert_eq!(
        html.attrs("meta[name=description]", "content"),
        ["A fixture post written in the seed's front-matter shape."]
    );
}

#[test]
fn iso_and_rfc3339_dates_are_accepted() {
    let site = SiteTest::new()
        .file("content/a.md", &page("title: A\ndate: 2021-02-20", ""))
        .file(
            "content/b.md",
            &page("title: B\ndate_published: 2021-03-01T09:30:00+01:00", ""),
        );
    site.build_ok();
    assert_eq!(
        site.html("a/index.html").attrs("time", "datetime"),
        ["2021-02-20"]
    );
    assert_eq!(
        site.html("b/index.html").attrs("time", "datetime"),
        ["2021-03-01T09:30:00+01:00"]
    );
}

#[test]
fn impossible_day_first_date_is_an_error_at_its_value() {
    let site = SiteTest::new().file(
        "content/posts/x.md",
        &page("title: X\nauthor: A\ndate_published: 31/02/2021", "Body\n"),
    );
    let stderr = site.build_fails();
    assert!(stderr.contains("error[DS005]"), "{stderr}");
    assert!(stderr.contains("content/posts/x.md:4:17"), "{stderr}");
    assert!(
        !site.out("index.html").exists(),
        "a failed first build writes nothing"
    );
}

#[test]
fn keywords_as_string_and_as_list_render_the_same_chips() {
    let site = SiteTest::new()
        .file(
            "content/s.md",
            &page("title: S\nkeywords: ' flask ,  docker,,python '", ""),
        )
        .file(
            "content/l.md",
            &page(
                "title: L\nkeywords:\n  - flask\n  - ' docker'\n  - ''\n  - python",
                "",
            ),
        );
    site.build_ok();
    let from_string = site.html("s/index.html").texts(".keywords li");
    assert_eq!(from_string, ["flask", "docker", "python"]);
    assert_eq!(site.html("l/index.html").texts(".keywords li"), from_string);
}

#[test]
fn unknown_keys_reach_templates_as_page_extra() {
    let site = SiteTest::new()
        .file(
            "content/x.md",
            &page(
                "title: X\nhero_image: /img/hero.png\nseries:\n  name: Docker",
                "",
            ),
        )
        .file(
            "templates/page.html",
            "{{ page.extra.hero_image }}|{{ page.extra.series.name }}",
        );
    site.build_ok();
    assert_eq!(site.read("x/index.html"), "/img/hero.png|Docker");
}

#[test]
fn malformed_yaml_is_reported_at_its_line_and_column_in_the_markdown_file() {
    let site = SiteTest::new().file(
        "content/posts/bad.md",
        "---\ntitle: Bad\nkeywords: [docker, python\nauthor: A\n---\nBody\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error[DS002]: invalid front matter"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/posts/bad.md:4:7\n"),
        "{stderr}"
    );
    site.cmd(&["build"]).assert().code(1);
}

#[test]
fn unclosed_front_matter_is_an_error_and_a_missing_title_is_not() {
    let site = SiteTest::new()
        .file("content/untitled.md", &page("author: A", ""))
        .file("content/open.md", "---\ntitle: Open\n\nNo closing fence\n");
    let stderr = site.build_fails();
    assert!(!stderr.contains("DS004"), "{stderr}");
    assert!(
        stderr.contains("error[DS003]: front matter is not closed"),
        "{stderr}"
    );
    assert!(stderr.contains("1 error"), "{stderr}");
}

#[test]
fn invalid_utf8_is_an_error_with_its_position() {
    let site = SiteTest::new();
    site.write("content/bin.md", b"---\ntitle: T\n---\nok \xff\xfe\n");
    let stderr = site.build_fails();
    assert!(stderr.contains("error[DS006]"), "{stderr}");
    assert!(stderr.contains("content/bin.md:4:4"), "{stderr}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::new()
        .file(
            "content/posts/wip/index.md",
            &page("title: WIP\ndraft: true", ""),
        )
        .file("content/posts/wip/app.py", "print(1)\n")
        .file("content/posts/done.md", &page("title: Done", ""));
    site.build_ok();
    assert!(!site.out("posts/wip").exists());
    assert_eq!(
        site.html("index.html").texts(".post-list :is(h2, h3)"),
        ["Done"]
    );
    site.cmd(&["build", "--drafts"]).assert().success();
    assert!(site.out("posts/wip/index.html").exists());
    assert!(site.out("posts/wip/app.py").exists());
}

#[test]
fn an_unclosed_quote_is_pointed_at_where_it_opens() {
    let site = SiteTest::new().file(
        "content/posts/a.md",
        "---\ntitle: \"Shipping FastAPI\ndescription: A post.\n---\n\nText.\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "error[DS002]: invalid front matter: the \" opened here is never closed\n \
             --> content/posts/a.md:2:8\n  |\n2 | title: \"Shipping FastAPI\n  |        ^^^^^^^^^^^^^^^^^\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: close it at the end of the value: `title: \"Shipping FastAPI\"`"),
        "{stderr}"
    );
}

#[test]
fn a_colon_in_a_plain_value_gets_the_hint_to_quote_it() {
    let site = SiteTest::new().file(
        "content/posts/a.md",
        "---\ntitle: Shipping FastAPI: a 150 MB image\n---\n\nText.\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error[DS002]: invalid front matter: mapping values are not allowed"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "= help: a value holding `: ` must be quoted: `title: \"Shipping FastAPI: a 150 MB image\"`"
        ),
        "{stderr}"
    );
}

/// A post as Zola writes it: TOML between `+++`, its `[taxonomies]` and `[extra]` tables.
const ZOLA_POST: &str = "+++\ntitle = \"From Zola\"\ndate = 2024-03-01\nupdated = 2024-04-02\naliases = [\"/old/from-zola/\"]\n\n[taxonomies]\ntags = [\"docker\"]\n\n[extra]\nhero = \"hero.png\"\n+++\n\nBody from Zola.\n";

#[test]
fn a_post_written_for_zola_builds_as_it_is() {
    let site = SiteTest::new()
        .file(
            "docsite.yaml",
            "title: Blog\nbase_url: https://example.com/\n",
        )
        .file("content/posts/zola.md", ZOLA_POST);
    let stderr = site.build_warns();
    assert!(
        stderr.contains(
            "warning[DS029]: `tags` is not a taxonomy of this site, so it does nothing\n \
             --> content/posts/zola.md:8:1\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: write them as `keywords: [...]`"),
        "{stderr}"
    );
    let html = site.read("posts/zola/index.html");
    assert!(
        html.contains("From Zola</h1>") && html.contains("Body from Zola."),
        "{html}"
    );
    assert!(
        html.contains("updated <time datetime=\"2024-04-02\">"),
        "{html}"
    );
    assert!(html.contains(r#""dateModified":"2024-04-02"#), "{html}");
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://example.com/posts/zola/</loc><lastmod>2024-04-02</lastmod>"));
    assert!(site
        .read("atom.xml")
        .contains("<updated>2024-04-02T00:00:00+00:00</updated>"));
    // The old URL sends readers on.
    let redirect = site.read("old/from-zola/index.html");
    assert!(
        redirect.contains(r#"<meta http-equiv="refresh" content="0; url=/posts/zola/">"#)
            && redirect
                .contains(r#"<link rel="canonical" href="https://example.com/posts/zola/">"#),
        "{redirect}"
    );
    assert!(!site.read("sitemap.xml").contains("from-zola"));
}

#[test]
fn tags_work_once_the_site_lists_them_as_a_taxonomy() {
    let site = SiteTest::new()
        .file(
            "docsite.yaml",
            "title: Blog\nbase_url: https://example.com/\ntaxonomies: [keywords, tags]\n",
        )
        .file("content/posts/zola.md", ZOLA_POST);
    let stderr = site.build_warns();
    assert!(!stderr.contains("DS029"), "{stderr}");
    assert!(site.read("tags/docker/index.html").contains("From Zola"));
}

#[test]
fn an_alias_must_stay_inside_the_site() {
    let site = SiteTest::new().file(
        "content/posts/a.md",
        "---\ntitle: A\naliases: [\"../../etc/x/\"]\n---\n\nText.\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("alias `../../etc/x/` must be a path of this site, such as `/old/path/`"),
        "{stderr}"
    );
}
