//! What `docsite serve` tells the writer: one line per rebuild naming the files, each diagnostic
//! once (not again on every save), "all errors fixed" when they are; and a site that does not
//! build when the server starts shows its errors at every URL until it does.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use super::{request, start, write, Server};

/// `docsite serve` with its terminal output (stderr) sent line by line to the receiver.
fn serve_logged(root: &Path) -> (Server, Receiver<String>) {
    let mut server = start(root, &[], &[], Stdio::piped());
    let (sender, receiver) = mpsc::channel();
    let stderr = server.child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (server, receiver)
}

/// The lines printed up to and including the first one containing `end`.
fn lines_until(log: &Receiver<String>, end: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut lines = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = log.recv_timeout(left) else {
            break;
        };
        let done = line.contains(end);
        lines.push(line);
        if done {
            return lines;
        }
    }
    panic!("no line with {end:?} in {lines:#?}");
}

fn is_build_line(line: &str, rest: &str) -> bool {
    // `[14:02:11] rebuilt after … in 7 ms`
    line.len() > 11
        && line.as_bytes()[0] == b'['
        && line.as_bytes()[9] == b']'
        && line[11..].starts_with(rest)
}

#[test]
fn each_rebuild_is_one_line_naming_its_file_and_a_warning_is_printed_once_not_on_every_save() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "content/posts/image.md",
        "---\ntitle: Image\n---\n\n```dockerfile\nFROM python\nCMD [\"python\"]\n```\n",
    );
    write(
        root,
        "content/posts/other.md",
        "---\ntitle: Other\n---\n\nFirst.\n",
    );
    let (server, log) = serve_logged(root);
    let first = lines_until(&log, "built the site in");
    let warning = first
        .iter()
        .filter(|line| line.starts_with("warning[DF010]"))
        .count();
    assert_eq!(warning, 1, "{first:#?}");
    assert!(
        is_build_line(first.last().expect("a line"), "built the site in"),
        "{first:#?}"
    );
    assert!(first
        .last()
        .expect("a line")
        .ends_with("(2 warnings, 2 new)"));

    write(
        root,
        "content/posts/other.md",
        "---\ntitle: Other\n---\n\nSecond.\n",
    );
    let lines = lines_until(&log, "rebuilt after");
    assert_eq!(
        lines.len(),
        1,
        "the untouched page's warnings are not printed again: {lines:#?}"
    );
    assert!(
        is_build_line(&lines[0], "rebuilt after content/posts/other.md in ")
            && lines[0].ends_with(" ms (2 warnings, none new)"),
        "{lines:#?}"
    );

    write(
        root,
        "content/posts/other.md",
        "---\ntitle: [Other\n---\n\nBroken.\n",
    );
    let lines = lines_until(&log, "build failed");
    assert!(
        lines.iter().any(|line| line.starts_with("error[DS002]")),
        "{lines:#?}"
    );
    assert!(
        is_build_line(
            lines.last().expect("a line"),
            "build failed: 1 error; the page shows them until they are fixed"
        ),
        "{lines:#?}"
    );

    write(
        root,
        "content/posts/other.md",
        "---\ntitle: Other\n---\n\nThird.\n",
    );
    let lines = lines_until(&log, "rebuilt after");
    assert!(
        lines
            .iter()
            .any(|line| is_build_line(line, "all errors fixed")),
        "{lines:#?}"
    );
    assert!(request(server.port, "GET", "/posts/other/")
        .body
        .contains("Third."));
}

#[test]
fn a_site_that_does_not_build_at_start_shows_its_errors_at_every_url_until_fixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "content/posts/hello.md",
        "---\ntitle: [Hello\n---\n\nText.\n",
    );
    let (server, log) = serve_logged(root);
    lines_until(&log, "build failed");
    for target in ["/", "/posts/hello/", "/anything/at/all"] {
        let reply = request(server.port, "GET", target);
        assert_eq!(reply.status, 503, "{target}");
        assert!(
            reply.body.contains("<h1>The site does not build yet</h1>")
                && reply.body.contains("/__docsite/live.js"),
            "{target}: {}",
            reply.body
        );
    }
    write(
        root,
        "content/posts/hello.md",
        "---\ntitle: Hello\n---\n\nText.\n",
    );
    lines_until(&log, "rebuilt after content/posts/hello.md");
    let reply = request(server.port, "GET", "/posts/hello/");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("Text."));
}
