//! The dev server through the real binary on an ephemeral port: HTTP behaviour, path traversal,
//! live reload over Server-Sent Events, errors while serving, and a busy port; `hostile` holds
//! what a hostile page, client or file must not do to it.

#[path = "../common/mod.rs"]
mod common;
mod hostile;
mod terminal;

use common::write;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `docsite serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Server {
    serve_with(root, &[])
}

/// `docsite serve` with these environment variables set.
fn serve_with(root: &Path, envs: &[(&str, &str)]) -> Server {
    start(root, &[], envs, Stdio::null())
}

/// `docsite serve` with these arguments.
fn serve_args(root: &Path, args: &[&str]) -> Server {
    start(root, args, &[], Stdio::null())
}

/// `docsite serve` started, once it has printed its URL; its terminal output (stderr) goes to
/// `stderr`.
fn start(root: &Path, args: &[&str], envs: &[(&str, &str)], stderr: Stdio) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_docsite"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a line");
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    Server { child, port }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
    /// The body as sent, for files that are not text.
    bytes: Vec<u8>,
}

fn request(port: u16, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let head_end = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .map_or(raw.len(), |at| at + 4);
    let bytes = raw[head_end..].to_vec();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_owned(),
        bytes,
    }
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    write(
        &root,
        "content/posts/hello.md",
        "---\ntitle: Hello\n---\n\nFirst version.\n",
    );
    write(
        &root,
        "content/posts/bundle/index.md",
        "---\ntitle: Bundle\n---\n\nWith files.\n",
    );
    write(
        &root,
        "content/posts/bundle/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    write(&root, "static/app.js", "console.log(1);");
    write(&root, "static/data.json", "{}");
    write(&root, "static/feed.xml", "<feed/>");
    write(&root, "static/img.png", "png");
    write(&root, "static/photo.jpg", "jpg");
    write(&root, "static/font.woff2", "woff2");
    write(&root, "static/archive.gz", "gz");
    write(dir.path(), "outside-secret.txt", "TOP SECRET");
    std::os::unix::fs::symlink(
        dir.path().join("outside-secret.txt"),
        root.join("static/link.txt"),
    )
    .expect("symlink");
    dir
}

#[test]
fn serves_files_with_types_folders_redirects_404_and_head() {
    let dir = site();
    let server = serve(&dir.path().join("site"));
    let port = server.port;
    for (path, mime) in [
        ("/", "text/html"),
        ("/posts/hello/", "text/html"),
        ("/style.css", "text/css"),
        ("/app.js", "javascript"),
        ("/posts/bundle/diagram.svg", "image/svg+xml"),
        ("/img.png", "image/png"),
        ("/photo.jpg", "image/jpeg"),
        ("/font.woff2", "font/woff2"),
        ("/data.json", "application/json"),
        ("/feed.xml", "xml"),
        ("/posts/bundle/project.zip", "application/zip"),
        ("/archive.gz", "gzip"),
    ] {
        let reply = request(port, "GET", path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.headers.contains(&format!("content-type: {mime}"))
                || reply.headers.contains(mime),
            "{path}: {}",
            reply.headers
        );
        assert!(reply.headers.contains("cache-control: no-store"), "{path}");
    }
    let redirect = request(port, "GET", "/posts/hello");
    assert_eq!(redirect.status, 301);
    assert!(redirect.headers.contains("location: /posts/hello/"));
    let missing = request(port, "GET", "/nope/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404.html: {}",
        missing.body
    );
    let head = request(port, "HEAD", "/posts/hello/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let page = request(port, "GET", "/posts/hello/");
    assert!(
        page.body.contains("/__docsite/live.js"),
        "the live-reload script is injected"
    );
    assert!(
        !dir.path().join("site/public").exists(),
        "serve never writes public/"
    );
}

#[test]
fn path_traversal_is_refused_in_every_form() {
    let dir = site();
    let server = serve(&dir.path().join("site"));
    let probes = [
        "/../outside-secret.txt",
        "/../../outside-secret.txt",
        "/%2e%2e/outside-secret.txt",
        "/%2E%2E/outside-secret.txt",
        "/.%2e/outside-secret.txt",
        "/%2e./outside-secret.txt",
        "/..%2foutside-secret.txt",
        "/%2e%2e%2foutside-secret.txt",
        "/posts/../../outside-secret.txt",
        "/..\\outside-secret.txt",
        "/%5c..%5coutside-secret.txt",
        "/..%5coutside-secret.txt",
        "/%00../outside-secret.txt",
        "/index.html%00.txt",
        "//outside-secret.txt",
        "/C:/outside-secret.txt",
        "/%252e%252e/outside-secret.txt",
        "/%c0%ae%c0%ae/outside-secret.txt",
        "/link.txt",
        "/./../outside-secret.txt",
        "/posts/%2e%2e/%2e%2e/outside-secret.txt",
        "/....//outside-secret.txt",
        "/static/../../outside-secret.txt",
        "/?/../../outside-secret.txt",
    ];
    for probe in probes {
        let reply = request(server.port, "GET", probe);
        assert!(
            !reply.body.contains("TOP SECRET"),
            "{probe} leaked the file"
        );
        assert!(
            reply.status == 400
                || reply.status == 404
                || (reply.status == 200 && probe.starts_with("/?")),
            "{probe}: {}",
            reply.status
        );
    }
}

/// An event-stream reader.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        write!(stream, "GET /__docsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").expect("sends");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        Events {
            reader: BufReader::new(stream),
        }
    }

    /// The next event named `name` (and its data) within `within`.
    fn next(&mut self, name: &str, within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        let mut event = String::new();
        while Instant::now() < deadline {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(_) => continue,
            }
            let line = line.trim_end();
            if let Some(value) = line.strip_prefix("event: ") {
                event = value.to_owned();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if event == name {
                    return Some(data.to_owned());
                }
            }
        }
        None
    }
}

#[test]
fn edits_send_reload_events_and_broken_edits_send_errors() {
    let dir = site();
    let root = dir.path().join("site");
    let server = serve(&root);
    let mut events = Events::open(server.port);
    let state = events
        .next("state", Duration::from_secs(5))
        .expect("the current state on connect");
    assert!(state.contains("\"errors\":[]"), "{state}");

    write(
        &root,
        "content/posts/hello.md",
        "---\ntitle: Hello\n---\n\nSecond version.\n",
    );
    events
        .next("reload", Duration::from_secs(5))
        .expect("a reload after an edit");
    assert!(request(server.port, "GET", "/posts/hello/")
        .body
        .contains("Second version."));

    write(
        &root,
        "content/posts/hello.md",
        "---\ntitle: [Hello\n---\n\nBroken.\n",
    );
    let broken = events
        .next("state", Duration::from_secs(5))
        .expect("an error state after a broken edit");
    assert!(
        broken.contains("DS002") && broken.contains("--> content/posts/hello.md:"),
        "{broken}"
    );
    assert!(
        request(server.port, "GET", "/posts/hello/")
            .body
            .contains("Second version."),
        "the last good page is still served"
    );

    write(
        &root,
        "content/posts/hello.md",
        "---\ntitle: Hello\n---\n\nThird version.\n",
    );
    events
        .next("reload", Duration::from_secs(5))
        .expect("a reload once fixed");
    assert!(request(server.port, "GET", "/posts/hello/")
        .body
        .contains("Third version."));

    write(&root, "static/app.css", "body { color: red }");
    events
        .next("reload", Duration::from_secs(5))
        .expect("a new static file reloads");
    std::fs::remove_file(root.join("content/posts/hello.md")).expect("remove");
    events
        .next("reload", Duration::from_secs(5))
        .expect("a deleted page reloads");
    assert_eq!(request(server.port, "GET", "/posts/hello/").status, 404);
    assert!(
        !request(server.port, "GET", "/").body.contains("Hello"),
        "gone from the home page"
    );
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let dir = site();
    let output = Command::new(env!("CARGO_BIN_EXE_docsite"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(dir.path().join("site"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("port {port} is already in use")) && stderr.contains("--port"),
        "{stderr}"
    );
}

/// The titles of the pages holding `word`, read from the served search files as the theme's
/// search box reads them: manifest, shard, fragments.
fn search_titles(port: u16, word: &str) -> Vec<String> {
    let json = |path: &str| -> serde_json::Value {
        serde_json::from_str(&request(port, "GET", path).body).expect(path)
    };
    let manifest = json("/search/index.json");
    let shards = manifest["shards"].as_array().expect("shards");
    let shard = shards
        .iter()
        .rev()
        .find(|shard| shard[0].as_str().is_some_and(|first| first <= word))
        .unwrap_or(&shards[0]);
    let gzipped = request(
        port,
        "GET",
        &format!("/search/{}", shard[1].as_str().expect("file")),
    );
    let entries: serde_json::Value =
        serde_json::from_str(&common::gunzip(&gzipped.bytes)).expect("shard");
    entries[word]
        .as_str()
        .unwrap_or("")
        .split(';')
        .filter(|posting| !posting.is_empty())
        .map(|posting| {
            let doc = posting.split(',').next().expect("doc");
            let fragment = common::fragment(&manifest, doc, |path| {
                request(port, "GET", &format!("/search/{path}")).bytes
            });
            fragment["t"].as_str().expect("title").to_owned()
        })
        .collect()
}

/// Issue 12: an edit re-renders only what it touches, and everything it touches. A title edit
/// reaches the list page that shows the page (and no other list page is needed), its term page
/// and the search index; a body edit reaches the search index though no list changes.
#[test]
fn edits_reach_the_lists_terms_and_search_index_that_show_the_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    write(&root, "docsite.yaml", "paginate_by: 2\n");
    // A feed of whole pages, as some sites publish.
    write(
        &root,
        "templates/atom.xml",
        "{% for page in pages %}{{ page.content | safe }}{% endfor %}",
    );
    for day in 1..=5 {
        write(
            &root,
            &format!("content/posts/p{day}.md"),
            &format!("---\ntitle: Post {day}\ndate: 2024-01-0{day}\nkeywords: [docker]\n---\n\nText {day}.\n"),
        );
    }
    let server = serve(&root);
    let mut events = Events::open(server.port);
    events.next("state", Duration::from_secs(5)).expect("state");
    // Newest first, two a page: p5 p4 | p3 p2 | p1. Post 2 is on the second list page.
    write(
        &root,
        "content/posts/p2.md",
        "---\ntitle: Renamed two\ndate: 2024-01-02\nkeywords: [docker]\n---\n\nText 2.\n",
    );
    events
        .next("reload", Duration::from_secs(5))
        .expect("a reload after a title edit");
    for list in ["/page/2/", "/posts/page/2/", "/keywords/docker/page/2/"] {
        let body = request(server.port, "GET", list).body;
        assert!(
            body.contains("Renamed two"),
            "{list} shows the new title: {body}"
        );
    }
    assert!(
        request(server.port, "GET", "/posts/p3/")
            .body
            .contains("Renamed two"),
        "its neighbour links to it by title"
    );
    let sidebar = request(server.port, "GET", "/posts/p5/").body;
    assert!(
        sidebar.contains("Renamed two") && !sidebar.contains(">Post 2<"),
        "a page further away lists it by its new title in the section sidebar: {sidebar}"
    );
    assert_eq!(search_titles(server.port, "renamed"), ["Renamed two"]);

    write(
        &root,
        "content/posts/p2.md",
        "---\ntitle: Renamed two\ndate: 2024-01-02\nkeywords: [docker]\n---\n\nA word only in the body, zygomorphic.\n",
    );
    events
        .next("reload", Duration::from_secs(5))
        .expect("a reload after a body edit");
    assert_eq!(search_titles(server.port, "zygomorphic"), ["Renamed two"]);
    assert!(
        request(server.port, "GET", "/atom.xml")
            .body
            .contains("zygomorphic"),
        "a feed of whole pages has the edited body"
    );
    assert!(
        search_titles(server.port, "text").len() == 4,
        "the words the page lost are gone from the index"
    );

    // Moving a post to the top of the list shifts every list page after it.
    write(
        &root,
        "content/posts/p1.md",
        "---\ntitle: Post 1\ndate: 2024-01-09\nkeywords: [docker]\n---\n\nText 1.\n",
    );
    events
        .next("reload", Duration::from_secs(5))
        .expect("a reload after a date edit");
    let first = request(server.port, "GET", "/posts/").body;
    let last = request(server.port, "GET", "/posts/page/3/").body;
    assert!(
        first.contains("Post 1") && !first.contains("Post 4"),
        "{first}"
    );
    assert!(
        last.contains("Renamed two") && !last.contains("Post 1"),
        "{last}"
    );
}
