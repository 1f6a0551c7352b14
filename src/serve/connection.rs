//! The dev server's connections: a thread for each, up to a cap, `503` beyond it, and a deadline
//! for the request, so no client can make the server grow or hold a thread by sending nothing.
//!
//! tiny_http, used before, started a thread for every connection it accepted and never timed a
//! read out: 2,000 idle connections made 2,213 threads (issue 11). Every answer closes its
//! connection (`Connection: close`), so exactly one request is read from each.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::response;

/// The longest request head read; a browser's is about 1 KiB.
const MAX_HEAD: usize = 16 * 1024;

/// How long writing a `503` to a turned-away connection may take.
const TURN_AWAY_TIME: Duration = Duration::from_millis(500);

/// How many connections wait at once to be turned away before accepting waits too.
const TURN_AWAY_QUEUE: usize = 64;

/// Bounds on what clients may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections open at once, event streams included; more are answered `503`. A browser
    /// opens six per site and one event stream per tab.
    pub connections: usize,
    /// How long a connection may take to send its request, and a write may stall.
    pub idle: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connections: 64,
            idle: Duration::from_secs(15),
        }
    }
}

impl Limits {
    /// The defaults, or `DOCSITE_SERVE_MAX_CONNECTIONS` and `DOCSITE_SERVE_IDLE_MS`: the tests
    /// run the real binary and cannot wait the default idle time.
    pub fn from_env() -> Limits {
        let number = |name: &str| std::env::var(name).ok()?.parse::<u64>().ok();
        let defaults = Limits::default();
        Limits {
            connections: number("DOCSITE_SERVE_MAX_CONNECTIONS")
                .and_then(|n| usize::try_from(n).ok())
                .filter(|&n| n > 0)
                .unwrap_or(defaults.connections),
            idle: number("DOCSITE_SERVE_IDLE_MS")
                .filter(|&ms| ms > 0)
                .map_or(defaults.idle, Duration::from_millis),
        }
    }
}

/// The most headers a request may carry; a browser sends about fifteen.
const MAX_HEADERS: usize = 64;

/// One request: its method, target, the headers the server reads, and the connection to
/// answer on.
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (`/posts/x/?q`).
    pub target: String,
    /// The `Host` header, when sent.
    pub host: Option<String>,
    /// The `Origin` header, when sent (a browser sends it with an event stream's request).
    pub origin: Option<String>,
    /// The connection, with read and write timeouts set.
    pub stream: TcpStream,
}

/// Accept connections on `listener` for ever, each on its own thread while fewer than
/// `limits.connections` are open; `handle` answers each request.
pub fn accept(listener: TcpListener, limits: Limits, handle: Arc<dyn Fn(Request) + Send + Sync>) {
    let open = Arc::new(AtomicUsize::new(0));
    let (turn_away, turned_away) = mpsc::sync_channel(TURN_AWAY_QUEUE);
    std::thread::spawn(move || answer_busy(&turned_away));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, most likely: let some connections end first.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= limits.connections {
            open.fetch_sub(1, Ordering::SeqCst);
            // Waiting here when the queue is full leaves a flood in the kernel's listen queue;
            // each `503` is one small write, so the wait is short.
            let _ = turn_away.send(stream);
            continue;
        }
        let slot = Slot(open.clone());
        let handle = handle.clone();
        let spawned = std::thread::Builder::new().spawn(move || {
            let _slot = slot;
            if let Some(request) = read_request(stream, limits.idle) {
                handle(request);
            }
        });
        // The thread could not start; its closure, slot included, was dropped with the error.
        drop(spawned);
    }
}

/// One open connection, counted until dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answer `503` to connections over the cap, one at a time on one thread.
fn answer_busy(turned_away: &Receiver<TcpStream>) {
    let body = "docsite serve: too many connections, try again in a moment\n";
    let head = response::head(
        503,
        &[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Retry-After", "1"),
        ],
        Some(body.len()),
    );
    let response = format!("{head}{body}");
    for mut stream in turned_away {
        let _ = stream.set_write_timeout(Some(TURN_AWAY_TIME));
        if stream.write_all(response.as_bytes()).is_err() {
            continue;
        }
        // Closing with the request unread would reset the connection, and the client could lose
        // the answer: read what it has sent already, without waiting for more, which would let
        // a flood of silent connections stall this thread.
        let _ = stream.shutdown(Shutdown::Write);
        if stream.set_nonblocking(true).is_ok() {
            let _ = io::copy(&mut (&stream).take(MAX_HEAD as u64), &mut io::sink());
        }
    }
}

/// Read one request head within `idle` in all (a client sending a byte at a time gets no
/// longer); `None` when the client is silent, too slow, or not speaking HTTP (then it gets
/// `400`).
fn read_request(mut stream: TcpStream, idle: Duration) -> Option<Request> {
    stream.set_write_timeout(Some(idle)).ok()?;
    let deadline = Instant::now() + idle;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let left = deadline.checked_duration_since(Instant::now())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .ok()?;
        let read = stream.read(&mut chunk).ok()?;
        if read == 0 {
            return None;
        }
        head.extend_from_slice(&chunk[..read]);
        if head.len() > MAX_HEAD {
            response::send_text(&mut stream, 400, "the request head is too large");
            return None;
        }
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let reason = match parsed.parse(&head) {
        Ok(httparse::Status::Complete(_)) => {
            let header = |name: &str| {
                parsed
                    .headers
                    .iter()
                    .find(|header| header.name.eq_ignore_ascii_case(name))
                    .map(|header| String::from_utf8_lossy(header.value).into_owned())
            };
            if let (Some(method), Some(target)) = (parsed.method, parsed.path) {
                return Some(Request {
                    method: method.to_owned(),
                    target: target.to_owned(),
                    host: header("host"),
                    origin: header("origin"),
                    stream,
                });
            }
            "not an HTTP/1 request"
        }
        Ok(httparse::Status::Partial) => "not an HTTP/1 request",
        Err(httparse::Error::TooManyHeaders) => "too many headers",
        Err(_) => "not an HTTP/1 request",
    };
    response::send_text(&mut stream, 400, reason);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(limits: Limits) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let handle: Arc<dyn Fn(Request) + Send + Sync> = Arc::new(|mut request: Request| {
            let body = format!("{} {}", request.method, request.target);
            let _ = write!(
                request.stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        });
        std::thread::spawn(move || accept(listener, limits, handle));
        port
    }

    fn get(port: u16, request: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        stream.write_all(request.as_bytes()).expect("sends");
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        reply
    }

    #[test]
    fn requests_are_read_and_garbage_is_refused() {
        let port = server(Limits::default());
        let reply = get(port, "GET /a/?q HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(reply.ends_with("\r\n\r\nGET /a/?q"), "{reply}");
        let reply = get(port, "hello\r\n\r\n");
        assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
        let reply = get(port, &format!("GET /{} HTTP/1.1\r\n", "a".repeat(MAX_HEAD)));
        assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
    }

    #[test]
    fn silent_connections_are_closed_and_excess_ones_turned_away() {
        let idle = Duration::from_millis(300);
        let port = server(Limits {
            connections: 2,
            idle,
        });
        let silent: Vec<TcpStream> = (0..2)
            .map(|_| TcpStream::connect(("127.0.0.1", port)).expect("connects"))
            .collect();
        std::thread::sleep(Duration::from_millis(50));
        let reply = get(port, "GET / HTTP/1.1\r\n\r\n");
        assert!(
            reply.starts_with("HTTP/1.1 503 Service Unavailable\r\n")
                && reply.contains("\r\nRetry-After: 1\r\n"),
            "{reply}"
        );
        for mut stream in silent {
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .expect("timeout");
            let started = Instant::now();
            assert_eq!(stream.read(&mut [0; 16]).expect("closed, not reset"), 0);
            assert!(started.elapsed() < idle + Duration::from_secs(1));
        }
        // The slot is given back just after the connection closes.
        std::thread::sleep(Duration::from_millis(100));
        assert!(get(port, "GET / HTTP/1.1\r\n\r\n").ends_with("GET /"));
    }
}
