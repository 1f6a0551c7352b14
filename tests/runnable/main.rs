//! Runnable snippets through the real binary: includes, file blocks, the project download and
//! `docsite test` (pass, fail, timeout, Docker skipped, --list).

use std::path::Path;

use assert_cmd::Command;
use common::{docsite, stderr, write};

#[path = "../common/mod.rs"]
mod common;
mod docker;

const APP: &str = "import os\n\n# docsite:start predict\ndef predict(x):\n    return x * 2\n# docsite:end predict\n\nprint(predict(21))\n";

#[test]
fn includes_show_whole_files_line_ranges_and_regions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "content/p/app.py", APP);
    write(
        root,
        "content/p/index.md",
        "---\ntitle: P\n---\n\n```python include=app.py\n```\n\n```python include=app.py lines=8-8\n```\n\n```python include=\"app.py\" region=\"predict\"\n```\n",
    );
    let output = docsite(root, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(root.join("public/p/index.html")).expect("page");
    let document = scraper::Html::parse_document(&html);
    let codes: Vec<String> = document
        .select(&scraper::Selector::parse("figure.code-block code").expect("selector"))
        .map(|code| code.text().collect())
        .collect();
    assert_eq!(
        codes[0],
        APP.replace("# docsite:start predict\n", "")
            .replace("# docsite:end predict\n", "")
    );
    assert_eq!(codes[1], "print(predict(21))\n");
    assert_eq!(codes[2], "def predict(x):\n    return x * 2\n");
    let sources: Vec<&str> = document
        .select(&scraper::Selector::parse("figure.code-block a.code-source").expect("selector"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        sources,
        ["/p/app.py", "/p/app.py"],
        "partial includes link to the whole file"
    );
}

#[test]
fn broken_includes_are_errors_at_the_block() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "content/p/app.py", APP);
    for (attrs, expected) in [
        ("include=missing.py", "no file `missing.py`"),
        ("include=app.py lines=5-2", "reversed"),
        ("include=app.py lines=3-99", "last line"),
        ("include=app.py region=train", "no region `train`"),
        ("include=../../../etc/passwd", "leaves the site"),
    ] {
        write(
            root,
            "content/p/index.md",
            &format!("---\ntitle: P\n---\n\nText\n\n```python {attrs}\n```\n"),
        );
        let output = docsite(root, &["build"]);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{attrs}: {text}");
        assert!(text.contains("error[DS013]"), "{attrs}: {text}");
        assert!(text.contains(expected), "{attrs}: {text}");
        assert!(
            text.contains("--> content/p/index.md:7:11"),
            "{attrs}: {text}"
        );
    }
    write(root, "content/p/open.py", "# docsite:start open\nx = 1\n");
    write(
        root,
        "content/p/index.md",
        "---\ntitle: P\n---\n\n```python include=open.py region=open\n```\n",
    );
    assert!(stderr(&docsite(root, &["build"])).contains("never closed"));
}

#[test]
fn the_project_download_is_deterministic_and_holds_every_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "content/p/index.md", "---\ntitle: Inline project\ndescription: All in blocks.\ntest: python3 app.py\n---\n\n```python file=app.py\nprint('hi')\n```\n\n```requirements file=requirements.txt\nflask==3.0.3\n```\n");
    write(root, "content/p/data.csv", "a,b\n1,2\n");
    assert!(docsite(root, &["build"]).status.success());
    let first = std::fs::read(root.join("public/p/project.zip")).expect("zip written");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(docsite(root, &["build"]).status.success());
    let second = std::fs::read(root.join("public/p/project.zip")).expect("zip written");
    assert_eq!(first, second, "two builds give identical bytes");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first)).expect("a zip");
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.expect("a name").into_owned())
        .collect();
    assert_eq!(
        names,
        ["README.md", "app.py", "data.csv", "requirements.txt"]
    );
    let mut readme = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("README.md").expect("readme"),
        &mut readme,
    )
    .expect("text");
    assert!(readme.starts_with("# Inline project\n"), "{readme}");
    assert!(
        readme.contains("/p/") && readme.contains("python3 app.py"),
        "{readme}"
    );
    let html = std::fs::read_to_string(root.join("public/p/index.html")).expect("page");
    assert!(
        html.contains("href=\"project.zip\""),
        "the theme links the download"
    );
}

#[test]
fn conflicting_file_blocks_are_an_error_unless_appended() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "content/p.md", "---\ntitle: P\n---\n\n```python file=app.py\nx = 1\n```\n\n```python file=app.py\ny = 2\n```\n");
    let output = docsite(root, &["build"]);
    assert!(
        stderr(&output).contains("error[XF001]"),
        "{}",
        stderr(&output)
    );
    write(root, "content/p.md", "---\ntitle: P\n---\n\n```python file=app.py\nx = 1\n```\n\n```python file=app.py append\ny = x + 1\n```\n");
    let output = docsite(root, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let zip = std::fs::read(root.join("public/p/project.zip")).expect("zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
    let mut app = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("app.py").expect("app.py"), &mut app)
        .expect("text");
    assert_eq!(app, "x = 1\ny = x + 1\n");
}

fn article(root: &Path, front: &str, body: &str) {
    write(
        root,
        "content/t/index.md",
        &format!("---\ntitle: T\n{front}\n---\n\n{body}\n"),
    );
}

#[test]
fn test_runs_steps_in_a_copy_of_the_project_and_reports_failures_with_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    article(
        root,
        "test: [\"python3 app.py > out.txt\", \"grep -q 42 out.txt\"]",
        "```python file=app.py\nprint(6 * 7)\n```",
    );
    let output = docsite(root, &["test"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "2 passed, 0 failed, 0 skipped"
    );
    assert!(
        !root.join("content/t/out.txt").exists(),
        "steps run in a temporary copy"
    );

    article(
        root,
        "test: [\"echo about to fail; exit 3\", \"echo never\"]",
        "```python file=app.py\nprint(1)\n```",
    );
    let output = docsite(root, &["test"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FAIL  echo about to fail; exit 3 (exit code 3"),
        "{text}"
    );
    assert!(
        text.contains("| about to fail"),
        "the failing step's output is shown: {text}"
    );
    assert!(
        text.contains("SKIP  echo never (an earlier step failed)"),
        "{text}"
    );
}

#[test]
fn a_hanging_step_times_out_and_its_process_tree_is_killed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let marker = root.join("child.pid");
    article(
        root,
        &format!(
            "test: [\"sleep 300 & echo $! > {}; wait\"]\ntest_timeout: 1",
            marker.display()
        ),
        "Text.",
    );
    let started = std::time::Instant::now();
    let output = docsite(root, &["test"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("timed out after 1 s"), "{text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    let pid = std::fs::read_to_string(&marker).expect("the step wrote its child's pid");
    // A killed child may stay a zombie until something reaps it; a zombie runs nothing. SIGKILL
    // is delivered asynchronously, so on a loaded machine the state may take a moment to change.
    let state_now = || {
        let stat = std::fs::read_to_string(Path::new("/proc").join(pid.trim()).join("stat"))
            .unwrap_or_default();
        stat.rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or("gone")
            .to_owned()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut state = state_now();
    while state != "gone" && state != "Z" && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        state = state_now();
    }
    assert!(
        state == "gone" || state == "Z",
        "the background child was killed with its group (state {state})"
    );
}

#[test]
fn docker_steps_are_skipped_without_an_engine_and_list_shows_steps() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    article(root, "", "```console run\n$ docker build -t demo .\n$ docker run --rm demo\nhello\n```\n\n```console run\n$ echo independent\n```");
    let listed = docsite(root, &["test", "--list"]);
    let list = String::from_utf8_lossy(&listed.stdout);
    assert!(
        list.contains("docker build -t demo .  [needs Docker]"),
        "{list}"
    );
    assert!(list.contains("from content/t/index.md:7"), "{list}");
    let engine = std::process::Command::new("docker")
        .arg("info")
        .output()
        .is_ok_and(|o| o.status.success());
    if engine {
        eprintln!("a Docker engine answers here; the skip path is not exercised");
        return;
    }
    let output = docsite(root, &["test"]);
    let text = stderr(&output);
    assert!(output.status.success(), "skips are not failures: {text}");
    assert!(
        text.contains("SKIP  docker build -t demo . (needs a Docker engine"),
        "{text}"
    );
    assert!(text.contains("SKIP  docker run --rm demo"), "{text}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "1 passed, 0 failed, 2 skipped"
    );
}

#[test]
fn console_output_shown_in_the_post_is_what_the_command_prints() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    article(
        root,
        "",
        "```console run\n$ printf 'one\\ntwo  \\nthree\\n'\none\ntwo\nthree\n$ seq 1 5\n1\n...\n5\n$ date\n```\n\n```console run output=any\n$ echo $RANDOM\n4\n```",
    );
    let output = docsite(root, &["test"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "4 passed, 0 failed, 0 skipped"
    );

    article(
        root,
        "",
        "Intro.\n\n```console run\n$ printf 'ok\\n400\\n'\nok\n200\n$ echo never\n```",
    );
    let output = docsite(root, &["test"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("  FAIL  printf 'ok\\n400\\n' (output differs from content/t/index.md:11; "),
        "{text}"
    );
    assert!(
        text.contains("      |   ok\n      | - 200\n      | + 400\n"),
        "{text}"
    );
    assert!(
        text.contains("  SKIP  echo never (an earlier step failed)"),
        "{text}"
    );
}

#[test]
fn a_session_runs_as_it_was_typed_continuation_prompts_and_here_documents_included() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    article(
        root,
        "",
        "```console run
$ cat <<EOF > greet.py
> print('hello')
> EOF
$ for n in 1 2; do
>   python3 greet.py
> done
hello
hello
user@host:~/app$ cat <<'END'
not a prompt: $ ls
END
not a prompt: $ ls
```",
    );
    let output = docsite(root, &["test"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "3 passed, 0 failed, 0 skipped"
    );
}

#[test]
fn an_unchanged_article_that_passed_is_not_run_again_until_any_of_its_files_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    let marks = dir.path().join("runs.log");
    let cache = dir.path().join("cache");
    write(&root, "content/t/data.txt", "first\n");
    article(
        &root,
        &format!("test: cat data.txt >> {}", marks.display()),
        "```text include=data.txt\n```",
    );
    let run = |args: &[&str]| {
        Command::cargo_bin("docsite")
            .expect("binary")
            .arg("test")
            .args(args)
            .arg("--root")
            .arg(&root)
            .env("NO_COLOR", "1")
            .env("DOCSITE_CACHE_DIR", &cache)
            .output()
            .expect("runs")
    };
    let runs = || std::fs::read_to_string(&marks).unwrap_or_default();

    let output = run(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(runs(), "first\n");

    let output = run(&[]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "0 passed, 0 failed, 0 skipped, 1 cached"
    );
    assert!(
        stderr(&output).contains("  cached: passed at "),
        "{}",
        stderr(&output)
    );
    assert_eq!(runs(), "first\n", "not run again");

    write(&root, "content/t/data.txt", "second\n");
    assert!(run(&[]).status.success());
    assert_eq!(runs(), "first\nsecond\n", "an included file changed: run");

    let output = run(&["--no-cache"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "1 passed, 0 failed, 0 skipped"
    );
    assert_eq!(runs(), "first\nsecond\nsecond\n", "--no-cache runs it");
}
