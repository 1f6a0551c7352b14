//! What blog readers expect: taxonomy pages, pagination, feeds, sitemap, robots.txt, SEO tags.

use crate::common::{page, SiteTest};

fn blog() -> SiteTest {
    let mut site = SiteTest::new().file(
        "docsite.yaml",
        "title: Blog\ndescription: Notes\nbase_url: https://example.com/blog/\nauthor: Site Author\npaginate_by: 2\n",
    );
    for (slug, date, keywords) in [
        ("one", "01/01/2021", "docker, python"),
        ("two", "02/01/2021", "docker"),
        ("three", "03/01/2021", "flask, Docker"),
    ] {
        site = site.file(
            &format!("content/posts/{slug}.md"),
            &page(&format!("title: Post {slug}\ndescription: About {slug}\ndate_published: {date}\nkeywords: {keywords}\nauthor_social: https://twitter.com/writer"), "Body.\n"),
        );
    }
    site.file(
        "content/posts/secret.md",
        &page("title: Draft post\ndraft: true\nkeywords: docker", ""),
    )
}

#[test]
fn keywords_and_authors_get_term_pages_with_counts() {
    let site = blog();
    site.build_ok();
    let list = site.html("keywords/index.html");
    assert_eq!(list.texts(".terms a"), ["docker", "flask", "python"]);
    assert_eq!(
        list.texts(".terms .count"),
        ["(3)", "(1)", "(1)"],
        "case-insensitive terms; drafts left out"
    );
    let docker = site.html("keywords/docker/index.html");
    assert_eq!(
        docker.texts(".post-list :is(h2, h3)"),
        ["Post three", "Post two"],
        "newest first, two per page"
    );
    let docker_2 = site.html("keywords/docker/page/2/index.html");
    assert_eq!(docker_2.texts(".post-list :is(h2, h3)"), ["Post one"]);
    assert_eq!(
        site.html("author/site-author/index.html")
            .count(".post-list :is(h2, h3)"),
        2
    );
    let chips = site
        .html("posts/one/index.html")
        .attrs(".keywords a", "href");
    assert_eq!(chips, ["/blog/keywords/docker/", "/blog/keywords/python/"]);
}

#[test]
fn lists_are_paginated_with_newer_and_older_links() {
    let site = blog();
    site.build_ok();
    let first = site.html("posts/index.html");
    assert_eq!(
        first.texts(".post-list :is(h2, h3)"),
        ["Post three", "Post two"]
    );
    assert_eq!(
        first.attrs(".pagination a[rel=next]", "href"),
        ["/blog/posts/page/2/"]
    );
    let second = site.html("posts/page/2/index.html");
    assert_eq!(second.texts(".post-list :is(h2, h3)"), ["Post one"]);
    assert_eq!(
        second.attrs(".pagination a[rel=prev]", "href"),
        ["/blog/posts/"]
    );
    assert_eq!(
        site.html("index.html").texts(".post-list :is(h2, h3)"),
        ["Post three", "Post two"]
    );
}

#[test]
fn feeds_and_sitemap_are_well_formed_with_absolute_urls() {
    let site = blog();
    site.build_ok();
    let atom_text = site.read("atom.xml");
    let atom = roxmltree::Document::parse(&atom_text).expect("atom.xml is XML");
    let entries: Vec<_> = atom
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 3, "drafts are not in the feed");
    let first_id = entries[0]
        .descendants()
        .find(|n| n.has_tag_name("id"))
        .and_then(|n| n.text());
    assert_eq!(first_id, Some("https://example.com/blog/posts/three/"));
    let published = entries[0]
        .descendants()
        .find(|n| n.has_tag_name("published"))
        .and_then(|n| n.text());
    assert_eq!(published, Some("2021-01-03T00:00:00+00:00"));
    let rss_text = site.read("rss.xml");
    let rss = roxmltree::Document::parse(&rss_text).expect("rss.xml is XML");
    assert_eq!(
        rss.descendants().filter(|n| n.has_tag_name("item")).count(),
        3
    );
    let sitemap_text = site.read("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap_text).expect("sitemap.xml is XML");
    let locs: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.com/blog/posts/one/"));
    assert!(locs.contains(&"https://example.com/blog/keywords/docker/"));
    assert!(
        !locs.iter().any(|loc| loc.contains("secret")),
        "no drafts in the sitemap"
    );
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.com/blog/sitemap.xml\n"
    );
}

#[test]
fn pages_carry_seo_and_sharing_metadata() {
    let site = blog();
    site.build_ok();
    let html = site.html("posts/one/index.html");
    let meta = |property: &str| html.attrs(&format!("meta[property=\"{property}\"]"), "content");
    assert_eq!(html.texts("title"), ["Post one — Blog"]);
    assert_eq!(
        html.attrs("meta[name=description]", "content"),
        ["About one"]
    );
    assert_eq!(
        html.attrs("link[rel=canonical]", "href"),
        ["https://example.com/blog/posts/one/"]
    );
    assert_eq!(meta("og:title"), ["Post one"]);
    assert_eq!(meta("og:type"), ["article"]);
    assert_eq!(meta("og:url"), ["https://example.com/blog/posts/one/"]);
    assert_eq!(
        html.attrs("meta[name=\"twitter:creator\"]", "content"),
        ["@writer"]
    );
    let ld = html.texts("script[type=\"application/ld+json\"]");
    let ld: serde_json::Value = serde_json::from_str(&ld[0]).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "BlogPosting");
    assert_eq!(ld["headline"], "Post one");
    assert_eq!(ld["datePublished"], "2021-01-01T00:00:00+00:00");
    assert_eq!(ld["author"]["sameAs"][0], "https://twitter.com/writer");
}

#[test]
fn internal_links_and_fragments_are_checked_at_build_time() {
    let body = "See [two](../second/), [its end](@/posts/two.md#the-end), [a file](/favicon.svg), [here](#intro) and [the web](https://example.org/x).\n\n## Intro\n";
    let site = SiteTest::new()
        .file("content/posts/one.md", &page("title: One", body))
        .file(
            "content/posts/two.md",
            &page("title: Two\nslug: second", "## The end\n"),
        );
    site.build_ok();
    let html = site.html("posts/one/index.html");
    let hrefs = html.attrs(".content a:not(.anchor)", "href");
    assert!(
        hrefs.contains(&"/posts/second/#the-end".to_owned()),
        "`@/` links are rewritten to URLs: {hrefs:?}"
    );

    site.write(
        "content/posts/one.md",
        page(
            "title: One",
            "Intro.\n\nA [dead link](/posts/three/) here.\n",
        ),
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "error[DS014]: broken link: `/posts/three/` leads to no page or file of the site"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/posts/one.md:6:3"), "{stderr}");

    site.write(
        "content/posts/one.md",
        page("title: One", "[gone](@/posts/nope.md)\n"),
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("`@/posts/nope.md` names no published page"),
        "{stderr}"
    );
    site.write(
        "content/posts/one.md",
        page("title: One", "[frag](@/posts/two.md#nowhere)\n"),
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("`/posts/second/` has no heading or anchor `#nowhere`"),
        "{stderr}"
    );
}

#[test]
fn neighbour_links_are_built() {
    let site = blog();
    site.build_ok();
    let two = site.html("posts/two/index.html");
    assert_eq!(
        two.attrs(".post-nav a[rel=prev]", "href"),
        ["/blog/posts/one/"]
    );
    assert_eq!(
        two.attrs(".post-nav a[rel=next]", "href"),
        ["/blog/posts/three/"]
    );
    assert!(
        site.read("syntax.css")
            .contains(":root[data-theme=dark] pre [class^=z]{color:var(--d)"),
        "code colours follow the toggle"
    );
}

#[test]
fn feed_limit_paginate_by_zero_and_custom_taxonomies_are_honoured() {
    let site = blog()
        .file("docsite.yaml", "title: Blog\nbase_url: https://example.com/\npaginate_by: 0\nfeed_limit: 1\ntaxonomies: [series]\n")
        .file("content/posts/four.md", &page("title: Post four\ndate: 2021-01-04\nseries: [Docker basics]", ""));
    site.build_ok();
    let atom = site.read("atom.xml");
    assert_eq!(
        roxmltree::Document::parse(&atom)
            .expect("XML")
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        1
    );
    assert_eq!(
        site.html("posts/index.html")
            .count(".post-list :is(h2, h3)"),
        4,
        "paginate_by: 0 lists all"
    );
    assert!(!site.out("posts/page/2").exists());
    assert_eq!(
        site.html("series/docker-basics/index.html")
            .texts(".post-list :is(h2, h3)"),
        ["Post four"]
    );
    assert!(
        !site.out("keywords").exists(),
        "only the configured taxonomies"
    );
}

#[test]
fn a_small_section_is_listed_whole_beside_each_page_and_a_long_one_not_at_all() {
    let mut site = SiteTest::new();
    for n in 1..=3 {
        site = site.file(
            &format!("content/docs/d{n}.md"),
            &page(&format!("title: Doc {n}\nweight: {n}"), "Text.\n"),
        );
    }
    for n in 1..=41 {
        site = site.file(
            &format!("content/posts/p{n}.md"),
            &page(
                &format!("title: Post {n}\ndate: 2024-01-{:02}", n % 28 + 1),
                "Text.\n",
            ),
        );
    }
    site.build_ok();
    let doc = site.html("docs/d2/index.html");
    assert_eq!(doc.texts(".section-nav li a"), ["Doc 1", "Doc 2", "Doc 3"]);
    assert_eq!(doc.texts(".section-nav a[aria-current=page]"), ["Doc 2"]);
    let post = site.html("posts/p7/index.html");
    assert_eq!(
        post.count(".section-nav"),
        0,
        "41 pages are the section page's to list, not every page's"
    );
    assert_eq!(post.texts(".breadcrumb a"), ["Posts"]);
    assert_eq!(post.count(".post-nav a"), 2, "previous and next remain");
}
