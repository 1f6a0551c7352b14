//! Messages that tell the writer what to do: a link to a draft says it is one, a mistyped
//! fragment gets "did you mean", a knock-on finding comes after its cause, counts are in
//! English, and a language docsite shows but does not check is no warning.

use crate::common::{page, SiteTest};

const CONFIG: &str = "title: Blog\nbase_url: https://example.com/\n";

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let site = SiteTest::new()
        .file("docsite.yaml", CONFIG)
        .file(
            "content/posts/next.md",
            &page("title: Next\ndraft: true", "Soon.\n"),
        )
        .file(
            "content/posts/a.md",
            &page("title: A", "Read [the next part](next.md).\n"),
        );
    let errors = site.build_fails();
    assert!(
        errors.contains(
            "error[DS014]: broken link: `next.md` is a draft (`draft: true`), published only \
             with `--drafts`\n"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("= help: publish it (remove `draft: true`), or link to it once it is"),
        "{errors}"
    );
    site.cmd(&["build", "--drafts"]).assert().success();
}

#[test]
fn a_mistyped_fragment_gets_the_nearest_heading() {
    let site = SiteTest::new().file("docsite.yaml", CONFIG).file(
        "content/posts/a.md",
        &page(
            "title: A",
            "See [the Dockerfile](#the-docker-file).\n\n## The Dockerfile\n\nText.\n",
        ),
    );
    let errors = site.build_fails();
    assert!(
        errors.contains("broken link: no heading or anchor `#the-docker-file` on this page\n"),
        "{errors}"
    );
    assert!(
        errors.contains("= help: did you mean `#the-dockerfile`?"),
        "{errors}"
    );
}

#[test]
fn a_cause_is_printed_before_its_knock_on() {
    let site = SiteTest::new().file("docsite.yaml", CONFIG).file(
        "content/posts/a.md",
        &page(
            "title: A",
            "```python file=app.py\nimport numpy as np\nfrom flask import Flask\n\napp = Flask(__name__)\nprint(np.zeros(1))\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\nnumpy=1.26.4\n```\n",
        ),
    );
    let errors = site.build_fails();
    let cause = errors.find("[RQ001]").expect("RQ001 reported");
    let knock_on = errors.find("[XF006]").expect("XF006 reported");
    assert!(cause < knock_on, "{errors}");
}

#[test]
fn counts_are_in_english_and_jsonc_is_shown_as_json_without_a_warning() {
    let site = SiteTest::new().file("docsite.yaml", CONFIG).file(
        "content/a.md",
        &page(
            "title: A",
            "```jsonc\n{\n  // editor settings\n  \"editor.tabSize\": 2,\n}\n```\n",
        ),
    );
    let stderr = site.build_warns();
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(
        stderr.contains("built 1 page and 1 section (14 files: "),
        "{stderr}"
    );
    assert!(site.read("a/index.html").contains("<span class="));
}
