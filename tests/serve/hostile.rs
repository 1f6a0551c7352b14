//! What other sites, clients and files must not do to `docsite serve` (issue 11): read the
//! draft site's events from another origin, grow the server by holding connections, block the
//! rebuild with a FIFO, or kill the server with a recursive template.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use super::{request, serve, serve_args, serve_with, site, write, Events};

/// The whole answer to `GET target` sent with these `Host` and `Origin` headers (the head only,
/// for an event stream that stays open).
fn answer(port: u16, target: &str, host: &str, origin: Option<&str>) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let origin = origin.map_or(String::new(), |origin| format!("Origin: {origin}\r\n"));
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\n{origin}\r\n"
    )
    .expect("sends");
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        if reader.read_line(&mut head).expect("a line") == 0 {
            break;
        }
    }
    if head.contains("text/event-stream") {
        return head;
    }
    let mut body = String::new();
    let _ = reader.read_to_string(&mut body);
    head + &body
}

#[test]
fn a_page_on_another_name_cannot_read_the_drafts() {
    let dir = site();
    let site = dir.path().join("site");
    let server = serve_args(&site, &["--allow-host", "docs.test"]);
    let port = server.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        format!("docs.test:{port}"),
    ] {
        let reply = answer(port, "/", &host, None);
        assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{host}: {reply}");
    }
    // DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1.
    let reply = answer(port, "/", &format!("attacker.example:{port}"), None);
    assert!(reply.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{reply}");
    assert!(
        reply.ends_with(
            "\r\n\r\ndocsite serve answers to its address and localhost only, not \
             \"attacker.example:{port}\": restart it with `--allow-host attacker.example` to \
             allow that name\n"
                .replace("{port}", &port.to_string())
                .as_str()
        ),
        "{reply}"
    );
    assert!(!reply.contains("Hello"), "{reply}");
    // The event stream: the server's own pages only.
    let own = format!("http://localhost:{port}");
    let reply = answer(
        port,
        "/__docsite/events",
        &format!("localhost:{port}"),
        Some(&own),
    );
    assert!(reply.contains("Content-Type: text/event-stream"), "{reply}");
    let reply = answer(
        port,
        "/__docsite/events",
        &format!("127.0.0.1:{port}"),
        Some("https://evil.example"),
    );
    assert!(
        reply.starts_with("HTTP/1.1 403 Forbidden\r\n")
            && reply.ends_with("not \"https://evil.example\"\n"),
        "{reply}"
    );
}

#[test]
fn no_answer_lets_another_origin_read_it() {
    let dir = site();
    let server = serve(&dir.path().join("site"));
    let head = answer(server.port, "/__docsite/events", "127.0.0.1", None).to_ascii_lowercase();
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    assert!(!head.contains("access-control-"), "{head}");
    for (method, target, status) in [
        ("GET", "/", 200),
        ("GET", "/style.css", 200),
        ("GET", "/__docsite/live.js", 200),
        ("GET", "/posts/hello", 301),
        ("GET", "/%2f", 400),
        ("GET", "/nope/", 404),
        ("OPTIONS", "/__docsite/events", 405),
        ("POST", "/", 405),
    ] {
        let reply = request(server.port, method, target);
        assert_eq!(reply.status, status, "{method} {target}");
        assert!(
            !reply.headers.contains("access-control-"),
            "{method} {target}: {}",
            reply.headers
        );
    }
}

/// The number of threads of process `pid`.
fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|count| count.trim().parse().ok())
        .expect("a Threads: line")
}

/// Everything the server sends on `stream` until it closes it.
fn read_all(mut stream: TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply
}

#[test]
fn connections_beyond_the_cap_get_503_and_silent_ones_are_closed() {
    const CAP: usize = 8;
    const OPENED: usize = 100;
    let idle = Duration::from_millis(1500);
    let dir = site();
    let server = serve_with(
        &dir.path().join("site"),
        &[
            ("DOCSITE_SERVE_MAX_CONNECTIONS", &CAP.to_string()),
            ("DOCSITE_SERVE_IDLE_MS", &idle.as_millis().to_string()),
        ],
    );
    let pid = server.child.id();
    // Once a request is answered, every thread the server keeps is running.
    assert_eq!(request(server.port, "GET", "/").status, 200);
    let before = threads(pid);
    let opened_at = Instant::now();
    let silent: Vec<TcpStream> = (0..OPENED)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connects"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let during = threads(pid);
    assert!(
        during <= before + CAP,
        "{during} threads with {OPENED} connections open, {before} before"
    );
    let replies: Vec<String> = silent.into_iter().map(read_all).collect();
    let turned_away = replies
        .iter()
        .filter(|reply| {
            reply.starts_with("HTTP/1.1 503 Service Unavailable\r\n")
                && reply.contains("\r\nRetry-After: 1\r\n")
                && reply.ends_with(
                    "\r\n\r\ndocsite serve: too many connections, try again in a moment\n",
                )
        })
        .count();
    let closed_silently = replies.iter().filter(|reply| reply.is_empty()).count();
    // The first request's connection may still hold its slot for a moment, so one fewer
    // silent connection can fit.
    assert!(
        turned_away + closed_silently == OPENED && (CAP - 1..=CAP).contains(&closed_silently),
        "{turned_away} answered 503 and {closed_silently} closed when idle, of {OPENED} with \
         room for {CAP}"
    );
    assert!(
        opened_at.elapsed() < idle + Duration::from_secs(5),
        "idle connections were closed after {:?}",
        opened_at.elapsed()
    );
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(request(server.port, "GET", "/posts/hello/").status, 200);
    assert!(threads(pid) <= before + 1, "{} threads", threads(pid));
}

#[test]
fn a_template_made_recursive_while_serving_is_an_error_until_fixed() {
    let dir = site();
    let root = dir.path().join("site");
    let server = serve(&root);
    let mut events = Events::open(server.port);
    events
        .next("state", Duration::from_secs(5))
        .expect("the current state on connect");

    write(
        &root,
        "templates/page.html",
        "<main>{{ page.content | safe }}</main>\n{% include \"page.html\" %}\n",
    );
    let broken = events
        .next("state", Duration::from_secs(10))
        .expect("an error state after a recursive template");
    assert!(
        broken.contains("error[DS008]: template recursion: page.html → page.html")
            && broken.contains("--> templates/page.html:2:4"),
        "{broken}"
    );
    assert_eq!(
        request(server.port, "GET", "/posts/hello/").status,
        200,
        "the last good site is still served"
    );

    write(
        &root,
        "templates/page.html",
        "<main class=\"fixed\">{{ page.content | safe }}</main>\n",
    );
    events
        .next("reload", Duration::from_secs(10))
        .expect("a reload once fixed");
    let page = request(server.port, "GET", "/posts/hello/").body;
    assert!(
        page.contains("<main class=\"fixed\"><p>First version.</p>"),
        "{page}"
    );
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn a_fifo_in_content_does_not_stop_later_edits() {
    let dir = site();
    let root = dir.path().join("site");
    let server = serve(&root);
    let mut events = Events::open(server.port);
    events
        .next("state", Duration::from_secs(5))
        .expect("the current state on connect");

    // A page replaced by a FIFO: the edited page's own read (the fast path) meets it.
    std::fs::remove_file(root.join("content/posts/bundle/index.md")).expect("remove");
    mkfifo(&root.join("content/posts/bundle/index.md"));
    std::thread::sleep(Duration::from_millis(500));
    let edit = |text: &str| {
        let page = format!("---\ntitle: Hello\n---\n\n{text}\n");
        write(&root, "content/posts/hello.md", &page);
    };
    edit("After one FIFO.");
    served_within(&mut events, server.port, "After one FIFO.");

    // A new FIFO: the full reload's walk meets it.
    mkfifo(&root.join("content/posts/pipe.md"));
    std::thread::sleep(Duration::from_millis(500));
    edit("After two FIFOs.");
    served_within(&mut events, server.port, "After two FIFOs.");

    std::fs::remove_file(root.join("content/posts/pipe.md")).expect("remove");
    std::fs::remove_file(root.join("content/posts/bundle/index.md")).expect("remove");
    std::thread::sleep(Duration::from_millis(500));
    edit("The FIFOs are gone.");
    served_within(&mut events, server.port, "The FIFOs are gone.");
}

/// Wait (reload events, at most 10 s) until `/posts/hello/` holds `text`.
fn served_within(events: &mut Events, port: u16, text: &str) {
    let started = Instant::now();
    let mut body = String::new();
    while started.elapsed() < Duration::from_secs(10) && !body.contains(text) {
        events.next("reload", Duration::from_secs(1));
        body = request(port, "GET", "/posts/hello/").body;
    }
    assert!(
        body.contains(text),
        "`{text}` not served within 10 s: {body}"
    );
}
