//! `docsite serve`: the site built in memory, served on 127.0.0.1, rebuilt on every change, and
//! reloaded in the browser; build errors are shown in the page as well as the terminal.
//!
//! `serve` wraps the same `Session` that `build` uses: a full load at start and after template,
//! config or structure changes, and the fast path for an edited page. The last good site stays
//! served while a build fails. Nothing is written to disk, so `public/` is never touched.

pub mod connection;
pub mod host;
pub mod http;
pub mod reload;
pub mod response;
pub mod watch;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::render::OutputContent;
use crate::session::{Session, SessionOptions, Update};
use connection::{Limits, Request};
use host::AllowedHosts;
use http::Answer;
use reload::Hub;
use watch::Change;

/// What `docsite serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// Address to listen on (127.0.0.1 unless told otherwise).
    pub bind: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Names the server answers to besides its IP addresses and `localhost` (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// What happened, for the terminal.
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// Listening; the site's URL.
    Listening(&'a str),
    /// A build finished.
    Built {
        /// The files whose change it followed, relative to the site root (none for the first
        /// build).
        changed: &'a [PathBuf],
        /// How long it took.
        elapsed: Duration,
        /// Check warnings.
        warnings: &'a [Diagnostic],
    },
    /// A build failed; the last good site is still served.
    Failed(&'a Error),
}

/// The site as served, swapped whole after each build.
struct Served {
    files: std::collections::BTreeMap<PathBuf, OutputContent>,
    build: u64,
    errors: Vec<String>,
    warnings: Vec<String>,
}

/// Build, serve and watch until the process is stopped.
pub fn serve(options: ServeOptions, on_event: &mut dyn FnMut(ServeEvent)) -> Result<()> {
    // `serve` writes no output, but repairs one a killed build left between two renames.
    crate::output::recover_site(&options.root)?;
    let (listener, url) = bind(&options)?;
    let session_options = SessionOptions {
        root: options.root.clone(),
        drafts: options.drafts,
        base_url: Some(url.clone()),
        publish: false,
    };

    // Watch before the first build, so no edit made while it runs is lost.
    let (sender, receiver) = mpsc::channel();
    let mut watcher = watch::Watcher::start(&options.root, sender)?;
    let state = Arc::new(RwLock::new(Served {
        files: Default::default(),
        build: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
    }));
    let hub = Hub::default();
    let mut session = first_build(&session_options, &state, &hub, on_event);

    // Connections made during the first build waited in the listen queue until now.
    let handle: Arc<dyn Fn(Request) + Send + Sync> = {
        let (state, hub, root) = (state.clone(), hub.clone(), options.root.clone());
        let hosts = AllowedHosts::new(&options.allow_hosts);
        Arc::new(move |request| respond(request, &state, &hub, &root, &hosts))
    };
    let limits = Limits::from_env();
    std::thread::spawn(move || connection::accept(listener, limits, handle));
    on_event(ServeEvent::Listening(&url));

    while let Ok(mut paths) = receiver.recv() {
        while let Ok(more) = receiver.try_recv() {
            paths.extend(more);
        }
        if let Err(err) = watcher.watch_new_folders() {
            on_event(ServeEvent::Failed(&err));
        }
        let known = |rel: &std::path::Path| {
            session
                .as_ref()
                .is_some_and(|s| s.site.pages.iter().any(|p| p.source == rel))
        };
        let Some(change) = watch::classify(&options.root, &paths, &known) else {
            continue;
        };
        let changed = watch::site_files(&options.root, &paths);
        let started = Instant::now();
        let result = apply(&change, &mut session, &session_options);
        match (result, session.as_ref()) {
            (Ok(update), Some(current)) => {
                publish(&state, &hub, current, update);
                if change == Change::Styles {
                    hub.broadcast("reload", &json!({ "css_only": true }).to_string());
                } else {
                    hub.broadcast(
                        "reload",
                        &json!({ "css_only": false, "build": build_id(&state) }).to_string(),
                    );
                }
                on_event(ServeEvent::Built {
                    changed: &changed,
                    elapsed: started.elapsed(),
                    warnings: &current.warnings(),
                });
            }
            (Ok(_), None) => {}
            (Err(err), _) => {
                fail(&state, &hub, &err);
                on_event(ServeEvent::Failed(&err));
            }
        }
    }
    Ok(())
}

/// The first build, published (or its error, served at every URL until a build succeeds).
fn first_build(
    options: &SessionOptions,
    state: &RwLock<Served>,
    hub: &Hub,
    on_event: &mut dyn FnMut(ServeEvent),
) -> Option<Session> {
    let started = Instant::now();
    match Session::open(options.clone()) {
        Ok(session) => {
            publish(state, hub, &session, Update::Everything);
            on_event(ServeEvent::Built {
                changed: &[],
                elapsed: started.elapsed(),
                warnings: &session.warnings(),
            });
            Some(session)
        }
        Err(err) => {
            fail(state, hub, &err);
            on_event(ServeEvent::Failed(&err));
            None
        }
    }
}

/// The listener on the address asked for, and the site's URL there.
fn bind(options: &ServeOptions) -> Result<(TcpListener, String)> {
    let listener = TcpListener::bind((options.bind.as_str(), options.port)).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AddrInUse {
            Error::PortInUse { port: options.port }
        } else {
            Error::Serve {
                reason: err.to_string(),
            }
        }
    })?;
    let address = listener.local_addr().map_err(|err| Error::Serve {
        reason: err.to_string(),
    })?;
    Ok((listener, format!("http://{address}/")))
}

/// Bring `session` up to date after `change`: edited pages one by one, a style or static file
/// as it is (served from disk), anything else (or no session yet) a fresh load.
fn apply(
    change: &Change,
    session: &mut Option<Session>,
    options: &SessionOptions,
) -> Result<Update> {
    match (change, session.as_mut()) {
        (Change::Pages(pages), Some(current)) => {
            let mut result = Ok(Update::Files(Vec::new()));
            for page in pages {
                result = current.update_page(page);
                if result.is_err() {
                    break;
                }
            }
            result
        }
        (Change::Styles | Change::Static, Some(_)) => Ok(Update::Files(Vec::new())),
        _ => Session::open(options.clone()).map(|fresh| {
            *session = Some(fresh);
            Update::Everything
        }),
    }
}

fn build_id(state: &RwLock<Served>) -> u64 {
    state.read().map_or(0, |served| served.build)
}

/// Make `session`'s site the served one and clear any error.
fn publish(state: &RwLock<Served>, hub: &Hub, session: &Session, update: Update) {
    if let Ok(mut served) = state.write() {
        match update {
            Update::Everything => served.files = session.files.clone(),
            Update::Files(paths) => {
                for path in paths {
                    if let Some(content) = session.files.get(&path) {
                        served.files.insert(path, content.clone());
                    }
                }
            }
        }
        served.build += 1;
        served.errors.clear();
        served.warnings = session.warnings().iter().map(|d| d.render(false)).collect();
    }
    let _ = hub;
}

/// Keep serving the last good site, and tell every open page what went wrong.
fn fail(state: &RwLock<Served>, hub: &Hub, err: &Error) {
    let errors: Vec<String> = match err {
        Error::Diagnostics(diagnostics) => diagnostics.iter().map(|d| d.render(false)).collect(),
        other => vec![format!("error: {other}")],
    };
    if let Ok(mut served) = state.write() {
        served.errors = errors;
    }
    hub.broadcast("state", &state_json(state));
}

fn state_json(state: &RwLock<Served>) -> String {
    match state.read() {
        Ok(served) => {
            json!({ "build": served.build, "errors": served.errors, "warnings": served.warnings })
                .to_string()
        }
        Err(_) => json!({ "build": null, "errors": [], "warnings": [] }).to_string(),
    }
}

/// Every page while the site has never built: the live-reload script shows the errors over it
/// and reloads it once the site builds.
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
<title>The site does not build yet</title><body><h1>The site does not build yet</h1>\
<p>The errors are listed over this page and in the terminal; it reloads when they are fixed.</p>\
</body></html>";

/// Answer one request; an event stream keeps the connection's thread until the browser leaves.
fn respond(
    request: Request,
    state: &RwLock<Served>,
    hub: &Hub,
    root: &std::path::Path,
    hosts: &AllowedHosts,
) {
    let Request {
        method,
        target,
        host,
        origin,
        stream: mut request,
    } = request;
    if let Some(refusal) = hosts.refusal(host.as_deref(), origin.as_deref(), &target) {
        response::send_text(&mut request, 403, &refusal);
        return;
    }
    let head_only = method == "HEAD";
    if !matches!(method.as_str(), "GET" | "HEAD") {
        response::send_text(&mut request, 405, "method not allowed");
        return;
    }
    if target == reload::EVENTS_PATH {
        let first = format!("event: state\ndata: {}\n\n", state_json(state));
        hub.stream(request, first);
        return;
    }
    if target == reload::SCRIPT_PATH {
        response::send(
            &mut request,
            200,
            &[("Content-Type", "text/javascript; charset=utf-8")],
            reload::SCRIPT.as_bytes(),
            head_only,
        );
        return;
    }
    let (answer, build) = match state.read() {
        Ok(served) => (http::answer(&target, &served.files, root), served.build),
        Err(_) => (Answer::NotFound(None), 0),
    };
    send_answer(&mut request, answer, build, head_only);
}

/// Send what the site has at the path asked for: the live-reload script in its pages.
fn send_answer(request: &mut impl std::io::Write, answer: Answer, build: u64, head_only: bool) {
    match answer {
        Answer::File { body, content_type } => {
            let body = if content_type.starts_with("text/html") {
                reload::inject(&body, build)
            } else {
                body
            };
            response::send(
                request,
                200,
                &[("Content-Type", &content_type)],
                &body,
                head_only,
            );
        }
        Answer::Redirect(location) => {
            response::send(request, 301, &[("Location", &location)], b"", head_only)
        }
        Answer::BadRequest(reason) => response::send(
            request,
            400,
            &[("Content-Type", "text/plain; charset=utf-8")],
            reason.as_bytes(),
            head_only,
        ),
        // Started on a site that does not build: every page is the error overlay until it does.
        Answer::NotFound(_) if build == 0 => response::send(
            request,
            503,
            &[("Content-Type", "text/html; charset=utf-8")],
            &reload::inject(NOT_BUILT.as_bytes(), build),
            head_only,
        ),
        Answer::NotFound(page) => {
            let body = page.unwrap_or_else(|| {
                b"<!doctype html><title>Not found</title><h1>Not found</h1>".to_vec()
            });
            response::send(
                request,
                404,
                &[("Content-Type", "text/html; charset=utf-8")],
                &reload::inject(&body, build),
                head_only,
            );
        }
    }
}
