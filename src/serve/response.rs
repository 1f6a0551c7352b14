//! Every answer the dev server writes, its status line and headers made in one place, so no
//! status goes out with another's reason and every answer says how the connection ends.

use std::io::Write;

/// The reason phrase of each status the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        // HTTP/1.1 allows an empty reason; a status without one here gets that.
        _ => "",
    }
}

/// A response head. `length` is the body's length, or `None` for a stream that stays open
/// (`Connection: keep-alive`); every other answer closes its connection.
///
/// `Connection: close` on every answer: a kept-alive connection would hold its thread while
/// idle, and a browser's six connections could then wait behind each other.
pub fn head(status: u16, headers: &[(&str, &str)], length: Option<usize>) -> String {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nCache-Control: no-store\r\n",
        reason(status)
    );
    match length {
        Some(length) => head.push_str(&format!(
            "Content-Length: {length}\r\nConnection: close\r\n"
        )),
        None => head.push_str("Connection: keep-alive\r\n"),
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// Write a whole answer (only its head for `HEAD`); the connection closes after it.
pub fn send(
    stream: &mut impl Write,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) {
    let _ = stream.write_all(head(status, headers, Some(body.len())).as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

/// A one-line plain-text answer: an error the client should read.
pub fn send_text(stream: &mut impl Write, status: u16, text: &str) {
    send(
        stream,
        status,
        &[("Content-Type", "text/plain; charset=utf-8")],
        format!("{text}\n").as_bytes(),
        false,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_has_its_own_reason_and_every_answer_says_how_it_ends() {
        let mut out = Vec::new();
        send_text(&mut out, 403, "no");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "HTTP/1.1 403 Forbidden\r\nCache-Control: no-store\r\nContent-Length: 3\r\n\
             Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nno\n"
        );
        assert!(head(418, &[], Some(0)).starts_with("HTTP/1.1 418 \r\n"));
        assert!(head(200, &[("Content-Type", "text/event-stream")], None)
            .contains("Connection: keep-alive\r\nContent-Type: text/event-stream\r\n\r\n"));
    }
}
