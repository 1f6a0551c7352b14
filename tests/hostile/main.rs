//! Hostile and unlucky input (issue 11): every case ends with a clear exit code and a located
//! message, within a hang guard, never writing outside the output folder, and a failing or
//! skipping build leaves the previous output byte-identical.

#[path = "../common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::{page, snapshot, stderr, SiteTest};

/// Generous: a guard against hangs, not a timing test.
const HANG_GUARD: Duration = Duration::from_secs(20);

/// A small good site, built once; its output is the "previous output" every case keeps.
fn built_site() -> (SiteTest, BTreeMap<String, Vec<u8>>) {
    let site = SiteTest::new()
        .file(
            "content/a.md",
            &page("title: A\nkeywords: docker", "First.\n"),
        )
        .file("content/b/index.md", &page("title: B", "Second.\n"))
        .file("content/b/app.py", "print(1)\n");
    build(&site);
    let before = snapshot(&site.root().join("public"));
    (site, before)
}

fn build(site: &SiteTest) -> Output {
    site.cmd(&["build"])
        .timeout(HANG_GUARD)
        .output()
        .expect("docsite runs")
}

/// The build fails (exit 1) with `message` located at `location`, and the previous output stays.
fn assert_fails(
    site: &SiteTest,
    before: &BTreeMap<String, Vec<u8>>,
    message: &str,
    location: &str,
) {
    let output = build(site);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains(message), "expected `{message}` in:\n{text}");
    assert!(
        text.contains(&format!("--> {location}")),
        "expected `{location}` in:\n{text}"
    );
    assert_eq!(
        &snapshot(&site.root().join("public")),
        before,
        "the previous output is kept"
    );
}

/// The build succeeds with a warning `message` located at `location`.
fn warns(site: &SiteTest, message: &str, location: &str) -> String {
    let output = build(site);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains(message), "expected `{message}` in:\n{text}");
    assert!(
        text.contains(&format!("--> {location}")),
        "expected `{location}` in:\n{text}"
    );
    text
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

// --- names that would become paths outside their folder ---

#[test]
fn taxonomy_names_and_theme_names_cannot_climb_out() {
    let (site, before) = built_site();
    site.write(
        "docsite.yaml",
        "theme: ../../etc\ntaxonomies: [\"../../x\", \"/etc\"]\n",
    );
    assert_fails(
        &site,
        &before,
        "error[DS001]: theme `../../etc` is not a folder name",
        "docsite.yaml:1:8",
    );
    let text = stderr(&build(&site));
    assert!(
        text.contains("taxonomy `../../x` is not a folder name"),
        "{text}"
    );
    assert!(
        text.contains("taxonomy `/etc` is not a folder name"),
        "{text}"
    );
    let above = site.root().parent().expect("temp parent");
    assert!(!above.join("x/index.html").exists());
}

#[test]
fn file_names_that_leave_the_project_are_errors_and_never_written() {
    let (site, before) = built_site();
    let escape = format!("docsite-hostile-{}", std::process::id());
    site.write(
        "content/b/index.md",
        page(
            "title: B",
            &format!("```python file=../../../../../../../../tmp/{escape}/x run\nprint(1)\n```\n"),
        ),
    );
    assert_fails(
        &site,
        &before,
        "error[DS025]: `file=../../../../../../../../tmp/",
        "content/b/index.md:4:11",
    );
    let test = site
        .cmd(&["test"])
        .timeout(HANG_GUARD)
        .output()
        .expect("docsite runs");
    assert_eq!(test.status.code(), Some(1), "{}", stderr(&test));
    assert!(
        !Path::new("/tmp").join(&escape).exists(),
        "nothing written outside"
    );
}

// --- files that are not what they seem ---

#[test]
fn a_fifo_in_content_is_skipped_with_a_warning() {
    let (site, before) = built_site();
    mkfifo(&site.root().join("content/pipe.md"));
    warns(
        &site,
        "warning[DS021]: `content/pipe.md` is skipped: it is a FIFO",
        "content/pipe.md:1:1",
    );
    assert_eq!(snapshot(&site.root().join("public")), before);
}

#[test]
fn a_link_to_a_device_a_dangling_link_and_a_loop_are_skipped_with_warnings() {
    let (site, before) = built_site();
    let content = site.root().join("content");
    std::os::unix::fs::symlink("/dev/zero", content.join("zero.md")).expect("symlink");
    std::os::unix::fs::symlink("missing.png", content.join("logo.png")).expect("symlink");
    std::os::unix::fs::symlink("loop-b", content.join("loop-a")).expect("symlink");
    std::os::unix::fs::symlink("loop-a", content.join("loop-b")).expect("symlink");
    std::os::unix::fs::symlink(".", content.join("itself")).expect("symlink");
    let text = warns(
        &site,
        "`content/zero.md` is skipped: it is a device",
        "content/zero.md:1:1",
    );
    for expected in [
        "warning[DS022]: `content/logo.png` is a link to nothing",
        "warning[DS022]: `content/loop-a` is a link to nothing",
        "warning[DS021]: `content/itself` is skipped: it is a link to a folder, which is not followed",
    ] {
        assert!(text.contains(expected), "expected `{expected}` in:\n{text}");
    }
    assert_eq!(snapshot(&site.root().join("public")), before);
}

#[test]
fn an_empty_file_and_front_matter_only_build() {
    let (site, _) = built_site();
    site.write("content/empty.md", "");
    site.write("content/only.md", "---\ntitle: Only\n---\n");
    let output = build(&site);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(site.read("empty/index.html").contains("<title>Empty"));
    assert!(site.read("only/index.html").contains("<title>Only"));
}

#[test]
fn invalid_utf8_and_a_binary_file_named_md_are_located_errors() {
    let (site, before) = built_site();
    site.write(
        "content/bin.md",
        [0x89u8, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00],
    );
    assert_fails(
        &site,
        &before,
        "error[DS006]: file is not valid UTF-8",
        "content/bin.md:1:1",
    );
}

#[test]
fn nul_and_other_control_characters_never_reach_the_html() {
    let (site, _) = built_site();
    site.write(
        "content/c.md",
        "# C\n\nA NUL \u{0} and a bell \u{7} here.\n",
    );
    warns(
        &site,
        "warning[DS024]: 2 control characters replaced by `U+FFFD`",
        "content/c.md:3:7",
    );
    let html = site.read("c/index.html");
    assert!(!html.contains('\u{0}') && !html.contains('\u{7}'));
    assert!(html.contains("A NUL \u{FFFD} and a bell \u{FFFD} here."));
}

#[test]
fn a_yaml_alias_bomb_in_front_matter_is_a_located_error() {
    let (site, before) = built_site();
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ] {
        yaml.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
    }
    site.write(
        "content/bomb.md",
        format!("---\ntitle: Bomb\n{yaml}---\nText.\n"),
    );
    let output = build(&site);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[DS002]: invalid front matter"),
        "{text}"
    );
    assert!(text.contains("--> content/bomb.md:"), "{text}");
    assert_eq!(snapshot(&site.root().join("public")), before);
}

// --- sizes and depths ---

#[test]
fn fifty_megabytes_of_prose_are_refused_cheaply() {
    let (site, before) = built_site();
    let prose = "All work and no play makes a long page. ".repeat(50 * 1024 * 1024 / 40);
    site.write("content/long.md", format!("# Long\n\n{prose}\n"));
    assert_fails(
        &site,
        &before,
        "error[DS023]: `content/long.md` has 52428",
        "content/long.md:1:1",
    );
}

#[test]
fn huge_and_deep_code_blocks_are_shown_as_plain_text_with_a_warning() {
    let (site, _) = built_site();
    let json = "1,".repeat(2_500_000);
    site.write(
        "content/json.md",
        format!("# JSON\n\n```json\n[{json}1]\n```\n"),
    );
    site.write(
        "content/toml.md",
        format!(
            "# TOML\n\n```toml\nx = {}1{}\n```\n",
            "[\n".repeat(100_000),
            "]\n".repeat(100_000)
        ),
    );
    let mut yaml = String::new();
    for depth in 0..2_000 {
        yaml.push_str(&" ".repeat(depth * 2));
        yaml.push_str("- \n");
    }
    site.write("content/yaml.md", format!("# YAML\n\n```yaml\n{yaml}```\n"));
    let text = warns(&site, "warning[DS026]: code block shown as plain text and not checked: it has 5000004 bytes, more than `limits.block_size` (524288)", "content/json.md:3:1");
    assert!(text.contains("--> content/toml.md:3:1"), "{text}");
    assert!(
        text.contains("it nests 100000 levels deep, more than `limits.block_depth` (256)"),
        "{text}"
    );
    assert!(text.contains("--> content/yaml.md:3:1"), "{text}");
    assert!(
        text.contains("its line 2000 has 4001 characters, more than `limits.line_length`")
            || text.contains("levels deep"),
        "{text}"
    );
    assert!(
        site.read("toml/index.html").contains("x = [\n[\n[\n"),
        "shown as escaped plain text"
    );
}

#[test]
fn deeply_nested_lists_and_quotes_build() {
    let (site, _) = built_site();
    let quotes = ">".repeat(10_000) + " deep\n";
    let lists = "- ".repeat(10_000) + "item\n";
    site.write("content/quotes.md", format!("# Quotes\n\n{quotes}"));
    site.write("content/lists.md", format!("# Lists\n\n{lists}"));
    let output = build(&site);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(site.out("quotes/index.html").is_file() && site.out("lists/index.html").is_file());
}

// --- configuration and collisions ---

#[test]
fn every_bad_key_of_docsite_yaml_is_reported_at_once() {
    let (site, before) = built_site();
    site.write("docsite.yaml", "titel: x\nfeed_limt: 3\n");
    assert_fails(
        &site,
        &before,
        "error[DS001]: unknown field `titel`",
        "docsite.yaml:1:1",
    );
    let text = stderr(&build(&site));
    assert!(
        text.contains("error[DS001]: unknown field `feed_limt`"),
        "{text}"
    );
    assert!(text.contains("--> docsite.yaml:2:1"), "{text}");
}

#[test]
fn a_page_over_a_static_file_or_a_taxonomy_page_is_located() {
    let (site, before) = built_site();
    site.write("content/keywords.md", "# Keywords\n");
    site.write("static/about/index.html", "<p>old</p>\n");
    site.write("content/about.md", "# About\n");
    assert_fails(
        &site,
        &before,
        "error[DS015]: two files would be written to `keywords/index.html`",
        "content/keywords.md:1:1",
    );
    let text = stderr(&build(&site));
    assert!(text.contains("--> content/about.md:1:1"), "{text}");
    assert!(text.contains("`static/about/index.html`"), "{text}");
}

// --- the output folder ---

/// A build that fails (an impossible date) still first puts the previous site back.
fn a_failing_build_restores(site: &SiteTest, before: &BTreeMap<String, Vec<u8>>) {
    site.write(
        "content/a.md",
        page("title: A\ndate: 31/02/2021", "Broken.\n"),
    );
    let output = build(site);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        &snapshot(&site.root().join("public")),
        before,
        "restored before anything else"
    );
}

/// `docsite build` under strace, killed by SIGKILL at its `n`th rename-like system call.
fn build_killed_at_rename(site: &SiteTest, n: usize) -> Output {
    std::process::Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "trace=rename,renameat,renameat2",
        ])
        .arg("-e")
        .arg(format!(
            "inject=rename,renameat,renameat2:signal=SIGKILL:when={n}"
        ))
        .arg(assert_cmd::cargo::cargo_bin("docsite"))
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .expect("strace runs (installed by .ci/test-deps.sh)")
}

#[test]
fn a_build_killed_during_the_swap_leaves_the_old_or_the_new_site() {
    let (site, _) = built_site();
    // Kill at the first three rename-like calls (the swap is one `renameat2` where the file
    // system can exchange, two renames where it cannot).
    for n in 1..=3 {
        let old = snapshot(&site.root().join("public"));
        site.write("content/a.md", page("title: A", &format!("Version {n}.\n")));
        build_killed_at_rename(&site, n);
        let after_kill = snapshot(&site.root().join("public"));
        let finished = build(&site);
        assert_eq!(finished.status.code(), Some(0), "{}", stderr(&finished));
        let new = snapshot(&site.root().join("public"));
        assert!(
            after_kill == old || after_kill == new,
            "after a kill at rename {n}, public/ is the old or the new site"
        );
    }
}

#[test]
fn where_the_swap_takes_two_renames_a_kill_between_them_is_repaired_by_the_next_run() {
    let (site, before) = built_site();
    site.write("content/a.md", page("title: A", "Second version.\n"));
    // The file system refuses the exchange (as some do), so the fallback's two renames run; the
    // second one is killed: `public/` is gone for the moment.
    let killed = std::process::Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "trace=rename,renameat,renameat2",
        ])
        .args(["-e", "inject=renameat2:error=EINVAL"])
        .args(["-e", "inject=rename,renameat:signal=SIGKILL:when=2"])
        .arg(assert_cmd::cargo::cargo_bin("docsite"))
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .expect("strace runs (installed by .ci/test-deps.sh)");
    assert!(!killed.status.success());
    assert!(
        !site.root().join("public").exists(),
        "the kill fell between the renames"
    );
    a_failing_build_restores(&site, &before);
}

#[test]
fn the_next_run_restores_a_site_left_between_two_renames() {
    let (site, before) = built_site();
    // The state a kill between the fallback's two renames leaves: no output, the retired site.
    std::fs::rename(
        site.root().join("public"),
        site.root().join(".public.docsite-old"),
    )
    .expect("rename");
    a_failing_build_restores(&site, &before);
}
