//! Themes: site overrides, other themes, static files, template errors, config errors.

use crate::common::{page, SiteTest};

fn one_page() -> SiteTest {
    SiteTest::new().file("content/x.md", &page("title: X", "Body text.\n"))
}

#[test]
fn a_site_template_overrides_the_theme_template_of_the_same_name() {
    let site = one_page().file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock %}",
    );
    site.build_ok();
    let html = site.html("x/index.html");
    assert_eq!(html.texts("p.mine"), ["X"]);
    assert_eq!(
        html.count("header.site-header"),
        1,
        "the theme's base.html is still used"
    );
}

#[test]
fn a_named_theme_folder_is_used_and_a_missing_one_is_an_error() {
    let site = one_page()
        .file("docsite.yaml", "theme: plain\n")
        .file("themes/plain/templates/page.html", "plain:{{ page.title }}")
        .file("themes/plain/templates/index.html", "home")
        .file("themes/plain/templates/section.html", "section");
    site.build_ok();
    assert_eq!(site.read("x/index.html"), "plain:X");
    site.write("docsite.yaml", "title: T\ntheme: nowhere\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error[DS009]: theme `nowhere` not found"),
        "{stderr}"
    );
    assert!(stderr.contains("docsite.yaml:2:8"), "{stderr}");
}

#[test]
fn theme_and_site_static_files_are_copied_and_the_site_wins() {
    let site = one_page()
        .file("static/style.css", "body { color: red }")
        .file("static/img/logo.svg", "<svg/>");
    site.build_ok();
    assert_eq!(site.read("style.css"), "body { color: red }");
    assert_eq!(site.read("img/logo.svg"), "<svg/>");
    let without_override = one_page();
    without_override.build_ok();
    assert!(
        without_override
            .read("style.css")
            .contains("prefers-color-scheme"),
        "theme CSS copied"
    );
}

#[test]
fn a_template_syntax_error_names_the_template_and_line() {
    let site = one_page().file("templates/page.html", "<p>\n{{ page.title }\n</p>");
    let stderr = site.build_fails();
    assert!(stderr.contains("error[DS008]"), "{stderr}");
    assert!(stderr.contains("templates/page.html:2:"), "{stderr}");
}

#[test]
fn a_template_render_error_names_the_template_and_line() {
    let site = one_page().file("templates/page.html", "<p>\n\n{{ page.no_such_field }}</p>");
    let stderr = site.build_fails();
    assert!(stderr.contains("error[DS008]"), "{stderr}");
    assert!(stderr.contains("templates/page.html:3:4"), "{stderr}");
    assert!(stderr.contains("page.no_such_field"), "{stderr}");
}

#[test]
fn an_unknown_front_matter_template_is_an_error_at_that_key() {
    let site = SiteTest::new().file("content/x.md", &page("title: X\ntemplate: fancy.html", ""));
    let stderr = site.build_fails();
    assert!(
        stderr.contains("template `fancy.html` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("content/x.md:3:11"), "{stderr}");
}

#[test]
fn unknown_config_keys_are_errors_naming_the_key() {
    let site = one_page().file("docsite.yaml", "title: T\ntitel: typo\n");
    let stderr = site.build_fails();
    assert!(stderr.contains("unknown field `titel`"), "{stderr}");
    assert!(stderr.contains("docsite.yaml:2:1"), "{stderr}");
}

#[test]
fn a_folder_with_only_content_builds_with_defaults_and_base_url_prefixes_links() {
    let site = one_page();
    site.cmd(&["build", "--base-url", "https://example.com/blog/"])
        .assert()
        .success();
    let html = site.html("x/index.html");
    assert_eq!(
        html.attrs("link[rel=canonical]", "href"),
        ["https://example.com/blog/x/"]
    );
    assert!(html
        .attrs("link[rel=stylesheet]", "href")
        .contains(&"/blog/style.css".to_owned()));
}

#[test]
fn the_built_in_theme_writes_no_indentation_and_a_site_template_keeps_its_own() {
    let site = one_page().file("content/posts/p.md", &page("title: P", "Text.\n"));
    site.build_ok();
    let html = site.read("posts/p/index.html");
    let indented: Vec<&str> = html
        .lines()
        .filter(|line| line.starts_with([' ', '\t']))
        .collect();
    assert!(indented.is_empty(), "{indented:?}");
    let site = one_page().file("templates/page.html", "<div>\n  {{ page.title }}\n</div>\n");
    site.build_ok();
    assert_eq!(site.read("x/index.html"), "<div>\n  X\n</div>\n");
}
