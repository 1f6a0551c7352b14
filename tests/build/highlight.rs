//! Code blocks: syntect class spans for Dockerfile and Python, aliases, captions, unknown languages.

use crate::common::{page, SiteTest};

const BODY: &str = "```Dockerfile file=Dockerfile
FROM python:3.11.9-slim-bookworm
RUN pip install --no-cache-dir flask==3.0.3
```

```py title=\"The API\"
def predict(x):
    return x * 2
```

```docker
EXPOSE 5000
```

```no-such-language
<b>not bold</b>
```
";

#[test]
fn dockerfile_and_python_blocks_carry_class_spans() {
    let site = SiteTest::new().file("content/x.md", &page("title: X", BODY));
    site.build_ok();
    let html = site.html("x/index.html");
    assert_eq!(
        html.attrs("figure.code-block", "data-lang"),
        ["dockerfile", "py", "docker", "no-such-language"]
    );
    assert!(html.count("code.language-dockerfile span[class^=z]") > 0);
    assert!(html.count("code.language-py span[class^=z]") > 0);
    assert!(
        html.count("code.language-docker span[class^=z]") > 0,
        "`docker` is an alias"
    );
    assert_eq!(
        html.texts("figure.code-block figcaption"),
        ["Dockerfile", "The API"]
    );
    assert!(
        site.read("x/index.html")
            .contains("&lt;b&gt;not bold&lt;/b&gt;"),
        "unknown languages are escaped plain text"
    );
    assert_eq!(html.count("code.language-no-such-language span"), 0);
    assert_eq!(html.count("[style]"), 0, "class-based, not inline styles");
}

#[test]
fn a_stylesheet_for_light_and_dark_is_generated() {
    let site = SiteTest::new().file("content/x.md", &page("title: X", BODY));
    site.build_ok();
    let css = site.read("syntax.css");
    assert!(
        css.lines()
            .any(|rule| rule.starts_with(".z") && rule.contains("{--l:#")),
        "one rule per pair of colours the code uses: {css}"
    );
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
}

#[test]
fn highlight_schemes_are_configurable_and_checked() {
    let site = SiteTest::new()
        .file(
            "docsite.yaml",
            "highlight:\n  light_theme: Nord\n  dark_theme: Dracula\n",
        )
        .file("content/x.md", &page("title: X", BODY));
    site.build_ok();
    site.write(
        "docsite.yaml",
        "highlight:\n  light_theme: Nord\n  dark_theme: Nope\n",
    );
    let stderr = site.build_fails();
    assert!(
        stderr.contains("unknown highlight theme `Nope`"),
        "{stderr}"
    );
    assert!(stderr.contains("docsite.yaml:3:15"), "{stderr}");
}

#[test]
fn line_numbers_and_highlighted_lines() {
    let body =
        "```python linenos hl_lines=\"2-3\"\nimport os\nx = \"\"\"a\nb\"\"\"\nprint(x)\n```\n";
    let site = SiteTest::new().file("content/x.md", &page("title: X", body));
    site.build_ok();
    let html = site.html("x/index.html");
    assert_eq!(
        html.count("pre.linenos .line"),
        4,
        "one element per line, no empty last line"
    );
    assert_eq!(html.texts("pre .line.hl"), ["x = \"\"\"a", "b\"\"\""]);
    assert_eq!(
        html.texts("pre code"),
        ["import os\nx = \"\"\"a\nb\"\"\"\nprint(x)"],
        "the text, so the copy, is unchanged"
    );
}

#[test]
fn a_powershell_session_sets_its_prompts_apart_and_a_script_stays_a_script() {
    let body = "```powershell\nPS> Get-ChildItem -Path C:\\temp\nPS C:\\app> docker ps\nCONTAINER ID\n```\n\n```pwsh\nPS> Write-Output hi > out.txt\n```\n\n```powershell\n$x = 1\nWrite-Output $x > out.txt\n```\n";
    let site = SiteTest::new().file("content/x.md", &page("title: X", body));
    site.build_ok();
    let html = site.html("x/index.html");
    assert_eq!(
        html.texts("code.language-powershell .prompt, code.language-pwsh .prompt"),
        ["PS>", "PS C:\\app>", "PS>"],
        "the `>` of a prompt is the prompt's, not a redirection"
    );
    assert_eq!(html.texts("code .output"), ["CONTAINER ID"]);
    assert!(
        html.count("code.language-pwsh span[class^=z]") > 0,
        "`pwsh` is highlighted as PowerShell"
    );
    assert_eq!(
        html.count("code.language-powershell .prompt"),
        2,
        "a script without prompts has none"
    );
}
