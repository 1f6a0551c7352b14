//! The Docker steps of `docsite test`: whether an engine answers, the label and loopback port
//! that keep an article's containers its own, waiting for a detached container to listen, and the
//! removal of every container and image the article's steps made.
//!
//! Steps are rewritten before they run, never the post: `docker build` and `docker run` get
//! `--label docsite.test=<run>`, `-p 5000:5000` becomes `-p 127.0.0.1:5000:5000` (or another free
//! port when 5000 is taken, which later steps' `localhost:5000` URLs then follow).

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::check::shell::{self, Word};

/// The label every container and image started by an article's steps carries.
pub const LABEL: &str = "docsite.test";

/// When `docsite test` runs the steps that need Docker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DockerMode {
    /// When `docker info` answers; otherwise they are skipped.
    #[default]
    Auto,
    /// Always: a step fails when no engine answers (CI that has made sure of one).
    Require,
    /// Never: they are skipped.
    Skip,
}

/// Why Docker steps cannot run, or `None` when an engine answers `docker info` within ten
/// seconds.
pub fn unavailable() -> Option<String> {
    match run_docker(
        &["info", "--format", "{{.ServerVersion}}"],
        Duration::from_secs(10),
    ) {
        Ok(_) => None,
        Err(reason) => Some(format!("`docker info` failed: {reason}")),
    }
}

/// A published port of a `docker run` step, as written and as used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRemap {
    /// The host port the post wrote.
    pub written: u16,
    /// The host port the test used (the same unless it was taken).
    pub used: u16,
}

/// A step ready to run: its command rewritten, what to tell the reader, what to wait for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The command to run.
    pub command: String,
    /// Notes about the rewrite (a port moved, a container left in the foreground).
    pub notes: Vec<String>,
    /// Loopback ports a detached container of this step publishes; the step is done when they
    /// answer.
    pub awaited: Vec<u16>,
}

/// One article's Docker state: its label, the ports it moved.
#[derive(Debug)]
pub struct DockerRun {
    label: String,
    remaps: Vec<PortRemap>,
}

impl DockerRun {
    /// A run labelled `docsite.test=<id>`.
    pub fn new(id: &str) -> Self {
        Self {
            label: format!("{LABEL}={id}"),
            remaps: Vec::new(),
        }
    }

    /// The `key=value` label of this run.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Rewrite `command` for the test: label what it builds and runs, publish on loopback, move
    /// a taken port, and send URLs to ports moved by earlier steps to their new place.
    pub fn prepare(&mut self, command: &str) -> Prepared {
        let mut notes = Vec::new();
        let mut awaited = Vec::new();
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        let followed = follow_remaps(command, &self.remaps);
        for invocation in shell::parse(&followed) {
            let Some(parsed) = DockerInvocation::read(&invocation) else {
                continue;
            };
            edits.push((
                parsed.subcommand_end,
                parsed.subcommand_end,
                format!(" --label {}", self.label),
            ));
            if !parsed.runs_container {
                continue;
            }
            for publish in &parsed.publishes {
                let Some(spec) = PortSpec::parse(&publish.value.text) else {
                    continue;
                };
                let used = if port_is_free(spec.host) {
                    spec.host
                } else {
                    let free = free_port();
                    notes.push(format!(
                        "port {} is taken here; published on 127.0.0.1:{free} instead, and later \
                         steps' URLs to port {} follow it",
                        spec.host, spec.host
                    ));
                    self.remaps.push(PortRemap {
                        written: spec.host,
                        used: free,
                    });
                    free
                };
                let value = format!("127.0.0.1:{used}:{}", spec.container);
                let text = match &publish.attached_to {
                    Some(flag) => format!("{flag}{value}"),
                    None => value,
                };
                edits.push((publish.value.start, publish.value.end, text));
                if parsed.detached {
                    awaited.push(used);
                }
            }
            if !parsed.detached && !parsed.publishes.is_empty() {
                notes.push(
                    "`docker run` without `-d` keeps this step busy until the container \
                     exits or the step times out; start a server with `docker run -d`"
                        .to_owned(),
                );
            }
        }
        edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
        let mut rewritten = followed;
        for (start, end, text) in edits {
            rewritten.replace_range(start..end, &text);
        }
        Prepared {
            command: rewritten,
            notes,
            awaited,
        }
    }

    /// Wait until every port in `ports` answers on 127.0.0.1 (a connection that stays open),
    /// while a container of this run is running, until `deadline`.
    pub fn await_ports(&self, ports: &[u16], deadline: Instant) -> Result<(), String> {
        let mut last_running_check = Instant::now();
        for &port in ports {
            loop {
                if port_answers(port) {
                    break;
                }
                if Instant::now() >= deadline {
                    return Err(format!(
                        "nothing answered on 127.0.0.1:{port} before the step's time ran out"
                    ));
                }
                if last_running_check.elapsed() >= Duration::from_secs(2) {
                    last_running_check = Instant::now();
                    if self.running_containers().is_empty() {
                        return Err(format!(
                            "the container stopped before anything answered on 127.0.0.1:{port}"
                        ));
                    }
                }
                std::thread::sleep(Duration::from_millis(250));
            }
        }
        Ok(())
    }

    fn running_containers(&self) -> Vec<String> {
        let filter = format!("label={}", self.label);
        run_docker(
            &[
                "ps",
                "-q",
                "--filter",
                &filter,
                "--filter",
                "status=running",
            ],
            Duration::from_secs(30),
        )
        .map(|out| out.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_else(|_| vec!["unknown".to_owned()])
    }

    /// Remove every container and image carrying this run's label; what was removed, or why
    /// not.
    pub fn clean_up(&self) -> Result<Cleanup, String> {
        let filter = format!("label={}", self.label);
        let limit = Duration::from_secs(120);
        let containers = ids(&run_docker(&["ps", "-aq", "--filter", &filter], limit)?);
        if !containers.is_empty() {
            let mut args = vec!["rm", "-f", "-v"];
            args.extend(containers.iter().map(String::as_str));
            run_docker(&args, limit)?;
        }
        let images = ids(&run_docker(&["images", "-q", "--filter", &filter], limit)?);
        if !images.is_empty() {
            let mut args = vec!["rmi", "-f"];
            args.extend(images.iter().map(String::as_str));
            run_docker(&args, limit)?;
        }
        Ok(Cleanup {
            containers: containers.len(),
            images: images.len(),
        })
    }
}

/// What [`DockerRun::clean_up`] removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cleanup {
    /// Containers removed.
    pub containers: usize,
    /// Images removed.
    pub images: usize,
}

fn ids(output: &str) -> Vec<String> {
    let mut ids: Vec<String> = output.split_whitespace().map(str::to_owned).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// A `docker run|create|build` command as the runner needs to see it.
struct DockerInvocation<'a> {
    /// Byte offset just past the subcommand (`run`), where a label goes.
    subcommand_end: usize,
    /// `run`/`create`, not `build`.
    runs_container: bool,
    /// `-d` or `--detach` given.
    detached: bool,
    /// The `-p` values.
    publishes: Vec<Publish<'a>>,
}

/// A `-p` value, and the flag it is glued to (`-p5000:5000`), if any.
struct Publish<'a> {
    value: &'a Word,
    attached_to: Option<&'static str>,
}

/// Global options of the `docker` command that take a value.
const GLOBAL_VALUE_OPTIONS: &[&str] = &[
    "-H",
    "--host",
    "-c",
    "--context",
    "--config",
    "-l",
    "--log-level",
    "--tlscacert",
    "--tlscert",
    "--tlskey",
];

/// Long options of `docker run`/`create` that take no value; every other long option does
/// (unless written `--name=value`).
const RUN_FLAGS: &[&str] = &[
    "--detach",
    "--rm",
    "--interactive",
    "--tty",
    "--publish-all",
    "--init",
    "--privileged",
    "--read-only",
    "--no-healthcheck",
    "--oom-kill-disable",
    "--quiet",
    "--help",
    "--sig-proxy",
    "--disable-content-trust",
    "--use-api-socket",
];

/// Short options of `docker run`/`create` that take no value.
const RUN_SHORT_FLAGS: &str = "ditPq";

impl<'a> DockerInvocation<'a> {
    fn read(command: &'a shell::Command) -> Option<Self> {
        if !command.is("docker") && !command.is("podman") {
            return None;
        }
        let words = command.args();
        let mut index = 0;
        while let Some(word) = words.get(index) {
            if GLOBAL_VALUE_OPTIONS.contains(&word.text.as_str()) {
                index += 2;
            } else if word.text.starts_with('-') {
                index += 1;
            } else {
                break;
            }
        }
        let mut subcommand = words.get(index)?;
        if ["container", "image", "buildx", "builder"].contains(&subcommand.text.as_str()) {
            index += 1;
            subcommand = words.get(index)?;
        }
        let runs_container = match subcommand.text.as_str() {
            "run" | "create" => true,
            "build" => false,
            _ => return None,
        };
        let mut invocation = DockerInvocation {
            subcommand_end: subcommand.end,
            runs_container,
            detached: false,
            publishes: Vec::new(),
        };
        if runs_container {
            invocation.read_run_options(&words[index + 1..]);
        }
        Some(invocation)
    }

    /// Read `docker run` options up to the image name.
    fn read_run_options(&mut self, options: &'a [Word]) {
        let mut index = 0;
        while let Some(word) = options.get(index) {
            let text = word.text.as_str();
            index += 1;
            if text == "--" || !text.starts_with('-') {
                break;
            }
            if let Some(long) = text.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((name, _)) => (name, true),
                    None => (long, false),
                };
                if name == "detach" {
                    self.detached = true;
                }
                if name == "publish" {
                    if inline {
                        // `--publish=5000:5000` is one word; rewrite it whole.
                        self.publishes.push(Publish {
                            value: word,
                            attached_to: Some("--publish="),
                        });
                        continue;
                    }
                    if let Some(value) = options.get(index) {
                        self.publishes.push(Publish {
                            value,
                            attached_to: None,
                        });
                    }
                }
                if !inline && !RUN_FLAGS.contains(&text) {
                    index += 1;
                }
                continue;
            }
            let cluster = &text[1..];
            let flags_end = cluster
                .find(|c: char| !RUN_SHORT_FLAGS.contains(c))
                .unwrap_or(cluster.len());
            if cluster[..flags_end].contains('d') {
                self.detached = true;
            }
            let Some(option) = cluster[flags_end..].chars().next() else {
                continue;
            };
            let glued = &cluster[flags_end + option.len_utf8()..];
            if option == 'p' && flags_end == 0 && !glued.is_empty() {
                self.publishes.push(Publish {
                    value: word,
                    attached_to: Some("-p"),
                });
            } else if glued.is_empty() {
                if option == 'p' {
                    if let Some(value) = options.get(index) {
                        self.publishes.push(Publish {
                            value,
                            attached_to: None,
                        });
                    }
                }
                index += 1;
            }
        }
    }
}

/// `[ip:]host:container[/proto]` with single ports; ranges and container-only ports are left as
/// written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PortSpec {
    host: u16,
    container: String,
}

impl PortSpec {
    fn parse(text: &str) -> Option<Self> {
        let text = text
            .strip_prefix("--publish=")
            .or_else(|| text.strip_prefix("-p"))
            .unwrap_or(text);
        let (address, container) = text.rsplit_once(':')?;
        let host = address.rsplit_once(':').map_or(address, |(_, port)| port);
        Some(Self {
            host: host.parse().ok().filter(|port| *port != 0)?,
            container: container.to_owned(),
        })
    }
}

/// The host ports that `docker run` commands in `command` publish, as written.
pub fn published_ports(command: &str) -> Vec<u16> {
    shell::parse(command)
        .iter()
        .filter_map(DockerInvocation::read)
        .filter(|invocation| invocation.runs_container)
        .flat_map(|invocation| invocation.publishes)
        .filter_map(|publish| PortSpec::parse(&publish.value.text))
        .map(|spec| spec.host)
        .collect()
}

/// Hosts that name this machine in a URL.
const LOCAL_HOSTS: &[&str] = &["localhost", "127.0.0.1", "0.0.0.0", "[::1]"];

/// Byte ranges of `host:port` in `text` for a local host and exactly `port`.
fn local_port_mentions(text: &str, port: u16) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for host in LOCAL_HOSTS {
        let written = format!("{host}:{port}");
        for (at, _) in text.match_indices(&written) {
            let end = at + written.len();
            if !text[end..].starts_with(|c: char| c.is_ascii_digit()) {
                found.push((at, end));
            }
        }
    }
    found
}

/// True when `command` reaches `port` on this machine (`http://localhost:5000/…`).
pub fn reaches_local_port(command: &str, port: u16) -> bool {
    !local_port_mentions(command, port).is_empty()
}

/// Send `localhost:W` (and `127.0.0.1:W`, `0.0.0.0:W`, `[::1]:W`) to the port used instead of W.
fn follow_remaps(command: &str, remaps: &[PortRemap]) -> String {
    let mut text = command.to_owned();
    for remap in remaps {
        let mut mentions = local_port_mentions(&text, remap.written);
        mentions.sort_by_key(|(start, _)| std::cmp::Reverse(*start));
        for (start, end) in mentions {
            text.replace_range(start..end, &format!("127.0.0.1:{}", remap.used));
        }
    }
    text
}

/// True when nothing listens on `port`, on loopback or on every address.
fn port_is_free(port: u16) -> bool {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok()
        && TcpListener::bind((Ipv4Addr::UNSPECIFIED, port)).is_ok()
}

/// A port the system has free on loopback now.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or(0)
}

/// True when a connection to 127.0.0.1:`port` is accepted and stays open: Docker's proxy accepts
/// at once and closes when the container does not listen yet.
fn port_answers(port: u16) -> bool {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_secs(1)) else {
        return false;
    };
    if stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .is_err()
    {
        return false;
    }
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => false,
        Ok(_) => true,
        Err(err) => matches!(
            err.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

/// Run `docker ARGS` with docsite's own environment; its stdout, or the first line of its
/// stderr (or why it could not start) as the error.
fn run_docker(args: &[&str], limit: Duration) -> Result<String, String> {
    let mut child = Command::new("docker")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot start `docker`: {err}"))?;
    let status = match super::wait_until(&mut child, Instant::now() + limit, || false) {
        Ok(Some(status)) => status,
        _ => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "`docker {}` gave no answer within {} s",
                args.first().unwrap_or(&""),
                limit.as_secs()
            ));
        }
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    if status.success() {
        Ok(stdout)
    } else {
        let first = stderr
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or("no message");
        Err(first.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepare(command: &str) -> Prepared {
        DockerRun::new("t1").prepare(command)
    }

    #[test]
    fn builds_and_runs_are_labelled_and_ports_published_on_loopback() {
        let port = free_port();
        assert_eq!(
            prepare("docker build -t app:1 .").command,
            "docker build --label docsite.test=t1 -t app:1 ."
        );
        let prepared = prepare(&format!(
            "docker run -d --rm -p {port}:5000 --name api app:1"
        ));
        assert_eq!(
            prepared.command,
            format!(
                "docker run --label docsite.test=t1 -d --rm -p 127.0.0.1:{port}:5000 --name api app:1"
            )
        );
        assert_eq!(prepared.awaited, [port]);
        assert!(prepared.notes.is_empty());
    }

    #[test]
    fn option_spellings_are_understood() {
        let port = free_port();
        for (written, expected) in [
            (
                format!("docker run -dp {port}:80 img"),
                format!("docker run --label docsite.test=t1 -dp 127.0.0.1:{port}:80 img"),
            ),
            (
                format!("docker container run --detach --publish={port}:80/tcp img"),
                format!(
                    "docker container run --label docsite.test=t1 --detach --publish=127.0.0.1:{port}:80/tcp img"
                ),
            ),
            (
                format!("docker run -d -p0.0.0.0:{port}:80 img"),
                format!("docker run --label docsite.test=t1 -d -p127.0.0.1:{port}:80 img"),
            ),
            (
                format!("docker run -d -e A=1 --name x img server -p {port}:1"),
                "docker run --label docsite.test=t1 -d -e A=1 --name x img server -p PORT:1"
                    .replace("PORT", &port.to_string()),
            ),
            (
                "docker --context ci buildx build -t x .".to_owned(),
                "docker --context ci buildx build --label docsite.test=t1 -t x .".to_owned(),
            ),
            (
                "docker images && docker ps".to_owned(),
                "docker images && docker ps".to_owned(),
            ),
        ] {
            let prepared = prepare(&written);
            assert_eq!(prepared.command, expected, "{written}");
            let detached = written.contains("run -d") || written.contains("--detach");
            assert_eq!(
                prepared.awaited.is_empty(),
                !detached || written.contains("img server"),
                "{written}"
            );
        }
    }

    #[test]
    fn a_taken_port_moves_and_later_urls_follow() {
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let port = taken.local_addr().expect("address").port();
        let mut run = DockerRun::new("t2");
        let prepared = run.prepare(&format!("docker run -d -p {port}:5000 img"));
        let used = prepared.awaited[0];
        assert_ne!(used, port);
        assert_eq!(
            prepared.command,
            format!("docker run --label docsite.test=t2 -d -p 127.0.0.1:{used}:5000 img")
        );
        assert_eq!(prepared.notes.len(), 1, "{:?}", prepared.notes);
        assert_eq!(
            run.prepare(&format!(
                "curl -s http://localhost:{port}/health && curl http://127.0.0.1:{port}1/x"
            ))
            .command,
            format!("curl -s http://127.0.0.1:{used}/health && curl http://127.0.0.1:{port}1/x")
        );
    }

    #[test]
    fn steps_that_reach_a_published_port_are_recognised() {
        assert_eq!(
            published_ports("docker run -d -p 5000:5000 -p 127.0.0.1:8080:80 -p 9000 img"),
            [5000, 8080]
        );
        assert!(reaches_local_port(
            "curl -s http://localhost:5000/health",
            5000
        ));
        assert!(reaches_local_port("curl [::1]:5000", 5000));
        assert!(!reaches_local_port("curl http://localhost:50000/", 5000));
        assert!(!reaches_local_port("curl http://example.com:5000/", 5000));
    }

    #[test]
    fn a_port_answers_when_a_connection_stays_open() {
        let holding = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let held = holding.local_addr().expect("address").port();
        let closing = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let closed = closing.local_addr().expect("address").port();
        let closer = std::thread::spawn(move || {
            // Docker's proxy when nothing listens in the container: accept, then close.
            if let Ok((stream, _)) = closing.accept() {
                drop(stream);
            }
        });
        assert!(port_answers(held), "a listener that keeps the connection");
        assert!(!port_answers(closed), "accepted, then closed at once");
        closer.join().expect("closer");
        assert!(!port_answers(free_port()), "nothing listening");
    }

    #[test]
    fn a_foreground_server_is_pointed_out() {
        let port = free_port();
        let prepared = prepare(&format!("docker run --rm -p {port}:5000 img"));
        assert!(prepared.awaited.is_empty());
        assert!(
            prepared.notes[0].contains("without `-d`"),
            "{:?}",
            prepared.notes
        );
    }
}
