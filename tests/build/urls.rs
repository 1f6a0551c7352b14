//! Published URLs: absolute wherever a format requires them, a warning (DS028) when
//! `base_url` is a path so that they cannot be, an error for a `base_url` that is neither a URL
//! nor a path, and nothing published about an author no page names.

use crate::common::{page, SiteTest};

fn blog(config: &str) -> SiteTest {
    SiteTest::new().file("docsite.yaml", config).file(
        "content/posts/a.md",
        &page("title: A\ndate: 2024-01-02", "Text.\n"),
    )
}

#[test]
fn with_the_site_address_every_published_url_is_absolute() {
    let site = blog("title: Blog\nbase_url: https://example.com/blog/\n");
    let warnings = site.build_warns();
    assert!(!warnings.contains("DS028"), "{warnings}");
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://example.com/blog/posts/a/</loc>"));
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.com/blog/sitemap.xml\n"));
    assert!(site
        .read("atom.xml")
        .contains("<id>https://example.com/blog/posts/a/</id>"));
    assert!(site
        .read("rss.xml")
        .contains("<guid isPermaLink=\"true\">https://example.com/blog/posts/a/</guid>"));
    let html = site.html("posts/a/index.html");
    assert_eq!(
        html.attrs("link[rel=canonical]", "href"),
        ["https://example.com/blog/posts/a/"]
    );
    assert_eq!(
        html.attrs("meta[property='og:url']", "content"),
        ["https://example.com/blog/posts/a/"]
    );
}

#[test]
fn a_path_as_base_url_is_warned_about_once_and_no_relative_url_claims_to_be_absolute() {
    let site = blog("title: Blog\nbase_url: /\n");
    let warnings = site.build_warns();
    assert_eq!(warnings.matches("warning[DS028]").count(), 1, "{warnings}");
    assert!(
        warnings.contains(
            "warning[DS028]: `base_url` is `/`, a path: the sitemap, the feeds, robots.txt, \
             canonical links, og:url and the downloads' READMEs cannot have absolute URLs\n \
             --> docsite.yaml:2:11\n"
        ),
        "{warnings}"
    );
    assert!(
        warnings.contains(
            "= help: give the site's address: `base_url: https://example.com/` in \
             docsite.yaml, or `docsite build --base-url https://example.com/`"
        ),
        "{warnings}"
    );
    assert_eq!(site.read("robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(site
        .read("rss.xml")
        .contains("<guid isPermaLink=\"false\">/posts/a/</guid>"));
    let html = site.html("posts/a/index.html");
    assert!(html.attrs("link[rel=canonical]", "href").is_empty());
    assert!(html.attrs("meta[property='og:url']", "content").is_empty());

    // The address given on the command line is enough.
    let output = site
        .cmd(&["build", "--base-url", "https://example.com/"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(!stderr.contains("DS028"), "{stderr}");
}

#[test]
fn a_base_url_without_a_scheme_is_an_error_with_both_fixes() {
    let site = blog("title: Blog\nbase_url: example.com\n");
    let errors = site.build_fails();
    assert!(
        errors.contains(
            "error[DS001]: `base_url` `example.com` is neither a URL nor a path\n \
             --> docsite.yaml:2:11\n"
        ),
        "{errors}"
    );
    assert!(
        errors.contains(
            "= help: write the whole URL, `https://example.com/`, or a path from the site's \
             root, `/example.com/`"
        ),
        "{errors}"
    );
    let site = blog("title: Blog\n");
    let output = site
        .cmd(&["build", "--base-url", "example.com"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        stderr.contains("error[DS001]: `base_url` `example.com` is neither a URL nor a path"),
        "{stderr}"
    );
}

#[test]
fn no_author_named_anywhere_means_no_author_published() {
    let site = blog("title: Blog\nbase_url: https://example.com/\n");
    site.build_ok();
    let html = site.read("posts/a/index.html");
    assert!(!html.contains("\"author\""), "{html}");
    assert!(!site.out("author").exists(), "no empty author page");
    assert!(!site.read("sitemap.xml").contains("/author/"));

    let site = site.file(
        "content/posts/b.md",
        &page("title: B\nauthor: Ada Lovelace", "Text.\n"),
    );
    site.build_ok();
    assert!(site
        .read("posts/b/index.html")
        .contains(r#""author":{"@type":"Person","name":"Ada Lovelace"}"#));
    assert!(site.out("author/ada-lovelace/index.html").is_file());
}
