//! Live reload over Server-Sent Events: a hub that keeps one writer thread per browser tab, and
//! the script injected into every HTML page the dev server sends (never into `docsite build`).
//!
//! Each event stream holds its connection and writes its own headers, flushing every event. No
//! `Access-Control-Allow-Origin`: the page listening is always served from the same origin, and
//! any other site the writer visits must not be able to follow the draft site's events.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// URL of the event stream.
pub const EVENTS_PATH: &str = "/__docsite/events";
/// URL of the injected script.
pub const SCRIPT_PATH: &str = "/__docsite/live.js";

/// A comment line keeps idle connections open and finds closed ones.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The browser side: reloads on `reload` (keeping the scroll position), swaps stylesheets on a
/// CSS-only change, shows an overlay on `errors`, and reconnects by itself.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : null;
  var key = "docsite-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function swapStyles() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("docsite", Date.now());
      link.href = url.toString();
    });
  }
  function overlay(state) {
    var old = document.getElementById("docsite-overlay");
    if (old) { old.remove(); }
    if (!state.errors || state.errors.length === 0) { return; }
    var box = document.createElement("div");
    box.id = "docsite-overlay";
    box.setAttribute("role", "alert");
    // Opaque, so the page behind never shows through the diagnostics.
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:#16161a;color:#f3f3f3;font:14px/1.55 ui-monospace,Menlo,Consolas,monospace";
    var title = document.createElement("h2");
    title.textContent = "docsite: the last build failed (" + state.errors.length + " error" + (state.errors.length === 1 ? "" : "s") + ")";
    title.style.cssText = "color:#ff8080;font:600 18px/1.3 system-ui,sans-serif;margin:0 0 1rem";
    box.appendChild(title);
    state.errors.concat(state.warnings || []).forEach(function (text) {
      var pre = document.createElement("pre");
      pre.textContent = text;
      pre.style.cssText = "white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 1rem;padding:1rem;" +
        "background:#0d0d10;border:1px solid #3a3a44;border-radius:6px;max-width:110ch";
      box.appendChild(pre);
    });
    var note = document.createElement("p");
    note.textContent = "Still serving the last good site. Fix the file and save: this page reloads by itself.";
    box.appendChild(note);
    document.body.appendChild(box);
  }
  var source = new EventSource("/__docsite/events");
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (build !== null && state.build !== null && String(state.build) !== build && (!state.errors || state.errors.length === 0)) {
      reload();
      return;
    }
    overlay(state);
  });
  source.addEventListener("reload", function (event) {
    var data = JSON.parse(event.data);
    if (data.css_only) {
      swapStyles();
      overlay({ errors: [] });
    } else {
      reload();
    }
  });
})();
"#;

/// Browsers listening for events.
#[derive(Clone, Default)]
pub struct Hub {
    clients: Arc<Mutex<Vec<Sender<String>>>>,
}

impl Hub {
    /// Send an event to every open stream; closed ones drop out.
    pub fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|client| client.send(message.clone()).is_ok());
        }
    }

    /// Serve one event stream on the calling thread until the browser goes away. `first` is
    /// sent at once (the current state).
    pub fn stream(&self, mut writer: impl Write, first: String) {
        let (sender, receiver) = mpsc::channel();
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(sender);
        }
        let head = super::response::head(200, &[("Content-Type", "text/event-stream")], None);
        if writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.write_all(b"retry: 500\n\n"))
            .and_then(|()| writer.write_all(first.as_bytes()))
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        pump(&mut writer, &receiver);
    }
}

fn pump(writer: &mut impl Write, receiver: &Receiver<String>) {
    loop {
        let message = match receiver.recv_timeout(KEEPALIVE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Insert the live-reload script into an HTML page, before `</body>` (or at the end).
pub fn inject(html: &[u8], build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_end_of_body() {
        let html = inject(b"<html><body><p>x</p></body></html>", 7);
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains(
            "<p>x</p><script src=\"/__docsite/live.js\" data-build=\"7\"></script></body>"
        ));
    }
}
