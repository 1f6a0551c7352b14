//! The Docker steps of `docsite test`: whether an engine answers, the label and loopback port
//! that keep an article's containers its own, waiting for a detached container to listen, and the
//! removal of every container and image the article's steps made.
//!
//! Steps are rewritten before they run, never the post: `docker build` and `docker run` get
//! `--label docsite.test=<run>`, `-p 5000:5000` becomes `-p 127.0.0.1:5000:5000` (or another free
//! port when 5000 is taken, which later steps' `localhost:5000` URLs then follow).

use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::check::shell;

mod runs;

use crate::check::docker_cli::{Invocation, Kind, NameIn, PortSpec};

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

/// One article's Docker state: its id and label, the ports it moved, the container names and
/// Compose projects it made its own.
#[derive(Debug)]
pub struct DockerRun {
    id: String,
    label: String,
    remaps: Vec<PortRemap>,
    /// Container names as written, and as used (with the run's suffix).
    names: Vec<(String, String)>,
    /// Compose projects the steps used, by name, with the program that made them.
    projects: Vec<(String, ComposeProgram)>,
    registration: Option<runs::Registration>,
}

/// How the steps called Compose: its `down` is called the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ComposeProgram {
    /// `docker compose`.
    Plugin,
    /// `docker-compose`.
    Standalone,
}

impl DockerRun {
    /// A run with id `id`: labelled `docsite.test=<id>`, its names suffixed `-<id>`.
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            label: format!("{LABEL}={id}"),
            remaps: Vec::new(),
            names: Vec::new(),
            projects: Vec::new(),
            registration: None,
        }
    }

    /// A run with a fresh id, entered in this machine's list of runs under way (`runs.rs`), so
    /// that a later run removes what it leaves if it is killed before its cleanup.
    pub fn start() -> Self {
        let mut run = Self::new(&fresh_id());
        run.registration = runs::Registration::new(&run.id);
        run
    }

    /// The `key=value` label of this run.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// `output` as the post's reader would see it: each name this run gave a container or
    /// network (`ml-api-<id>`, which `docker stop` prints) back to the name the post wrote.
    pub fn as_written(&self, output: &str) -> String {
        let mut names: Vec<&(String, String)> = self.names.iter().collect();
        // Longest first, so `api-db-<id>` is not read as `api-` followed by something else.
        names.sort_by_key(|(_, used)| std::cmp::Reverse(used.len()));
        let mut text = output.to_owned();
        for (written, used) in names {
            text = text.replace(used.as_str(), written);
        }
        text
    }

    /// Rewrite `command` for the test: label what it builds and runs, publish on loopback, move
    /// a taken port, give containers and Compose projects this run's names, and send later
    /// references (URLs to moved ports, container names) to their new place.
    pub fn prepare(&mut self, command: &str) -> Prepared {
        let mut prepared = Prepared {
            command: follow_remaps(command, &self.remaps),
            notes: Vec::new(),
            awaited: Vec::new(),
        };
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        for parsed in shell::parse(&prepared.command) {
            let Some(invocation) = Invocation::read(&parsed) else {
                continue;
            };
            match invocation.kind {
                Kind::Build => edits.push(self.labelled(&invocation)),
                Kind::Run => {
                    edits.push(self.labelled(&invocation));
                    self.prepare_run(&invocation, &mut edits, &mut prepared);
                }
                Kind::Compose => edits.push(self.compose_project(&invocation, &parsed)),
                Kind::Create => {
                    edits.push(self.labelled(&invocation));
                    if let Some(name) = &invocation.name {
                        edits.push(self.own_name(name));
                    }
                }
                Kind::Containers => {}
            }
            for reference in &invocation.containers {
                if let Some((_, used)) = self
                    .names
                    .iter()
                    .find(|(written, _)| *written == reference.name)
                {
                    edits.push((
                        reference.word.start,
                        reference.word.end,
                        reference.with(used),
                    ));
                }
            }
        }
        // Applied from the end; insertions at one place keep the order they were made in.
        edits.reverse();
        edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
        for (start, end, text) in edits {
            prepared.command.replace_range(start..end, &text);
        }
        prepared
    }

    /// The edit that labels what `invocation` builds or runs.
    fn labelled(&self, invocation: &Invocation) -> (usize, usize, String) {
        let at = invocation.insert_at;
        (at, at, format!(" --label {}", self.label))
    }

    /// The edits of a `docker run`: its ports on loopback (moved when taken), its name made
    /// this run's, and the name kept as an alias on the writer's network, where other
    /// containers reach it by name.
    fn prepare_run(
        &mut self,
        invocation: &Invocation,
        edits: &mut Vec<(usize, usize, String)>,
        prepared: &mut Prepared,
    ) {
        for publish in &invocation.publishes {
            let Some(spec) = PortSpec::parse(&publish.value.text) else {
                continue;
            };
            let used = if port_is_free(spec.host) {
                spec.host
            } else {
                let free = free_port();
                prepared.notes.push(format!(
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
            if invocation.detached {
                prepared.awaited.push(used);
            }
        }
        if !invocation.detached && !invocation.publishes.is_empty() {
            prepared.notes.push(
                "`docker run` without `-d` keeps this step busy until the container \
                 exits or the step times out; start a server with `docker run -d`"
                    .to_owned(),
            );
        }
        if let Some(name) = &invocation.name {
            edits.push(self.own_name(name));
            if invocation.user_network {
                let at = invocation.insert_at;
                edits.push((at, at, format!(" --network-alias {}", name.name)));
            }
        }
    }

    /// The edit that gives a container or network this run's name (the written one with the
    /// run's suffix), which later references follow.
    fn own_name(&mut self, name: &NameIn) -> (usize, usize, String) {
        let used = format!("{}-{}", name.name, self.id);
        if !self.names.iter().any(|(written, _)| *written == name.name) {
            self.names.push((name.name.clone(), used.clone()));
        }
        (name.word.start, name.word.end, name.with(&used))
    }

    /// The edit that gives a Compose command this run's project: the writer's name with the
    /// run's suffix, or `docsite-<id>` in place of the folder's name, which every run shares.
    fn compose_project(
        &mut self,
        invocation: &Invocation,
        command: &shell::Command,
    ) -> (usize, usize, String) {
        let program = if command.is("docker-compose") {
            ComposeProgram::Standalone
        } else {
            ComposeProgram::Plugin
        };
        let (edit, name) = match &invocation.project {
            Some(project) => {
                let name = format!("{}-{}", project.name, self.id);
                let edit = (project.word.start, project.word.end, project.with(&name));
                (edit, name)
            }
            None => {
                let name = format!("docsite-{}", self.id);
                let at = invocation.insert_at;
                ((at, at, format!(" --project-name {name}")), name)
            }
        };
        if !self.projects.iter().any(|(known, _)| *known == name) {
            self.projects.push((name.clone(), program));
        }
        if let Some(registration) = &mut self.registration {
            registration.add_project(&name);
        }
        edit
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

    /// Remove every container and image carrying this run's label, and its Compose projects
    /// (`down -v` from `dir`, the project's folder, then whatever still carries the project's
    /// label); what was removed, or why not. The run leaves the list of runs under way only
    /// when all went.
    pub fn clean_up(self, dir: &Path) -> Result<Cleanup, String> {
        let mut cleanup = Cleanup::default();
        for (project, program) in &self.projects {
            let down = [
                "--project-name",
                project,
                "down",
                "-v",
                "--remove-orphans",
                "--rmi",
                "local",
            ];
            // Compose may be absent or find no file by now; what it leaves, the labels find.
            let _ = match program {
                ComposeProgram::Plugin => {
                    let mut args = vec!["compose"];
                    args.extend(down);
                    run_program("docker", &args, Some(dir), CLEANUP_LIMIT)
                }
                ComposeProgram::Standalone => {
                    run_program("docker-compose", &down, Some(dir), CLEANUP_LIMIT)
                }
            };
            cleanup.add(remove_labelled(&format!(
                "com.docker.compose.project={project}"
            ))?);
            // Compose v1 does not label the images it builds; it names them `<project>_<service>`
            // (v2: `<project>-<service>`).
            for separator in ['_', '-'] {
                cleanup.images += remove_images(&format!("reference={project}{separator}*"))?;
            }
            cleanup.projects += 1;
        }
        cleanup.add(remove_labelled(&self.label)?);
        if let Some(registration) = self.registration {
            registration.forget();
        }
        Ok(cleanup)
    }

    /// Remove what a failed classic `docker build` left (see [`failed_build_leftovers`]),
    /// without force, so an image another image is built on stays; how many went.
    pub fn remove_failed_build(output: &str) -> usize {
        let (images, containers) = failed_build_leftovers(output);
        let removed_containers = containers
            .iter()
            .filter(|container| run_docker(&["rm", "-f", "-v", container], CLEANUP_LIMIT).is_ok())
            .count();
        let removed_images = images
            .iter()
            .rev()
            .filter(|image| run_docker(&["rmi", image], CLEANUP_LIMIT).is_ok())
            .count();
        removed_containers + removed_images
    }
}

/// What a failed classic `docker build` left, read from its output: the images of the steps
/// it ran (`Step 3/5 : RUN …` then ` ---> <id>`), and the containers of its steps
/// (`---> Running in …` and not `Removing intermediate container …`: the failed one's). Never the image of a `FROM` step or one taken
/// from the cache: those are other images' (a tagged base image removed by its id would be
/// gone). BuildKit leaves only its cache, which is shared, and prints none of these lines.
fn failed_build_leftovers(output: &str) -> (Vec<String>, Vec<String>) {
    let mut images = Vec::new();
    let mut containers = Vec::new();
    // Whether the current step's image is the build's own: a step that ran, not `FROM`.
    let mut own = false;
    for line in output.lines().map(str::trim) {
        if let Some(container) = line.strip_prefix("Removing intermediate container ") {
            containers.retain(|known| known != container.trim());
            continue;
        }
        if let Some(step) = line.strip_prefix("Step ") {
            let instruction = step.split_once(" : ").map_or("", |(_, text)| text);
            own = !instruction
                .split_whitespace()
                .next()
                .is_some_and(|word| word.eq_ignore_ascii_case("FROM"));
            continue;
        }
        let Some(rest) = line.strip_prefix("---> ") else {
            continue;
        };
        if rest == "Using cache" {
            own = false;
        } else if let Some(container) = rest.strip_prefix("Running in ") {
            containers.push(container.trim().to_owned());
        } else if rest.len() >= 12 && rest.bytes().all(|b| b.is_ascii_hexdigit()) && own {
            images.push(rest.to_owned());
            own = false;
        }
    }
    (images, containers)
}

/// How long one cleanup command may take.
const CLEANUP_LIMIT: Duration = Duration::from_secs(120);

/// Remove what runs of this machine that are gone left behind (see `runs.rs`): their
/// labelled containers and images, their Compose projects. What was removed, for a note.
pub fn remove_leftovers() -> Option<String> {
    let mut removed = Cleanup::default();
    let mut runs = Vec::new();
    for (record, path) in runs::dead() {
        let mut run = DockerRun::new(&record.id);
        run.projects = record
            .projects
            .iter()
            .map(|project| (project.clone(), ComposeProgram::Plugin))
            .collect();
        let dir = std::env::temp_dir();
        if let Ok(cleanup) = run.clean_up(&dir) {
            removed.add(cleanup);
            runs.push(record.id);
            runs::forget(&path);
        }
    }
    (!runs.is_empty()).then(|| {
        format!(
            "Docker: removed what {} killed run(s) left ({}): {}",
            runs.len(),
            runs.join(", "),
            removed
        )
    })
}

/// An id for a run: eight lowercase letters and digits, valid in a container name, a
/// Compose project name and a label, and different for each run.
fn fresh_id() -> String {
    use std::hash::BuildHasher;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    // Each `RandomState` is seeded afresh, so two runs started in the same instant differ.
    let mut number =
        std::collections::hash_map::RandomState::new().hash_one((std::process::id(), nanos));
    let mut id = String::new();
    for _ in 0..8 {
        let digit = (number % 36) as u32;
        id.push(char::from_digit(digit, 36).unwrap_or('0'));
        number /= 36;
    }
    id
}

/// Remove the containers (with their anonymous volumes), networks, volumes and images that
/// carry `label` (`key=value`).
fn remove_labelled(label: &str) -> Result<Cleanup, String> {
    let filter = format!("label={label}");
    let listed = || run_docker(&["ps", "-aq", "--filter", &filter], CLEANUP_LIMIT);
    let containers = ids(&listed()?);
    if !containers.is_empty() {
        let mut args = vec!["rm", "-f", "-v"];
        args.extend(containers.iter().map(String::as_str));
        if let Err(reason) = run_docker(&args, CLEANUP_LIMIT) {
            // A `--rm` container stopped by a step may be removing itself ("removal of
            // container … is already in progress"): done when none is left a moment later.
            let gone = || listed().is_ok_and(|left| left.trim().is_empty());
            let deadline = Instant::now() + Duration::from_secs(10);
            while !gone() {
                if Instant::now() >= deadline {
                    return Err(reason);
                }
                std::thread::sleep(Duration::from_millis(250));
            }
        }
    }
    let mut others = 0;
    for kind in ["network", "volume"] {
        let found = ids(&run_docker(
            &[kind, "ls", "-q", "--filter", &filter],
            CLEANUP_LIMIT,
        )?);
        if !found.is_empty() {
            let mut args = vec![kind, "rm"];
            args.extend(found.iter().map(String::as_str));
            run_docker(&args, CLEANUP_LIMIT)?;
            others += found.len();
        }
    }
    Ok(Cleanup {
        containers: containers.len(),
        images: remove_images(&filter)?,
        others,
        projects: 0,
    })
}

/// Remove the images `docker images --filter FILTER` lists; how many.
fn remove_images(filter: &str) -> Result<usize, String> {
    let images = ids(&run_docker(
        &["images", "-q", "--filter", filter],
        CLEANUP_LIMIT,
    )?);
    if !images.is_empty() {
        let mut args = vec!["rmi", "-f"];
        args.extend(images.iter().map(String::as_str));
        run_docker(&args, CLEANUP_LIMIT)?;
    }
    Ok(images.len())
}

/// What a cleanup removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cleanup {
    /// Containers removed.
    pub containers: usize,
    /// Images removed.
    pub images: usize,
    /// Networks and volumes removed.
    pub others: usize,
    /// Compose projects taken down.
    pub projects: usize,
}

impl Cleanup {
    fn add(&mut self, other: Cleanup) {
        self.containers += other.containers;
        self.images += other.images;
        self.others += other.others;
        self.projects += other.projects;
    }
}

impl std::fmt::Display for Cleanup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} container(s) and {} image(s)",
            self.containers, self.images
        )?;
        if self.others > 0 {
            write!(f, ", {} network(s) and volume(s)", self.others)?;
        }
        if self.projects > 0 {
            write!(f, ", {} Compose project(s)", self.projects)?;
        }
        Ok(())
    }
}

fn ids(output: &str) -> Vec<String> {
    let mut ids: Vec<String> = output.split_whitespace().map(str::to_owned).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The host ports that `docker run` commands in `command` publish, as written.
pub fn published_ports(command: &str) -> Vec<u16> {
    shell::parse(command)
        .iter()
        .filter_map(Invocation::read)
        .filter(|invocation| invocation.kind == Kind::Run)
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
    run_program("docker", args, None, limit)
}

/// Run `program ARGS` (in `dir`, if given) as [`run_docker`] runs `docker`.
fn run_program(
    program: &str,
    args: &[&str],
    dir: Option<&Path>,
    limit: Duration,
) -> Result<String, String> {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command
        .spawn()
        .map_err(|err| format!("cannot start `{program}`: {err}"))?;
    let status = match super::wait_until(&mut child, Instant::now() + limit, || false) {
        Ok(Some(status)) => status,
        _ => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "`{program} {}` gave no answer within {} s",
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
                "docker run --label docsite.test=t1 -d --rm -p 127.0.0.1:{port}:5000 --name api-t1 app:1"
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
                "docker run --label docsite.test=t1 -d -e A=1 --name x-t1 img server -p PORT:1"
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

    #[test]
    fn containers_get_the_runs_names_and_later_steps_follow_them() {
        let mut run = DockerRun::new("t3");
        assert_eq!(
            run.prepare("docker network create shop && docker run -d --network shop --name db img").command,
            "docker network create --label docsite.test=t3 shop-t3 && docker run --label docsite.test=t3 --network-alias db -d --network shop-t3 --name db-t3 img",
            "on the writer's network the container is still reached as `db`"
        );
        assert_eq!(
            run.prepare("docker run -d --name=api --link db:database app")
                .command,
            "docker run --label docsite.test=t3 -d --name=api-t3 --link db-t3:database app"
        );
        for (written, expected) in [
            ("docker logs --tail 5 api", "docker logs --tail 5 api-t3"),
            (
                "docker exec api cat api.py",
                "docker exec api-t3 cat api.py",
            ),
            (
                "docker rm -f api db other",
                "docker rm -f api-t3 db-t3 other",
            ),
            (
                "docker cp api:/app/out.txt .",
                "docker cp api-t3:/app/out.txt .",
            ),
            (
                "docker network connect shop api",
                "docker network connect shop-t3 api-t3",
            ),
            (
                "docker volume create data",
                "docker volume create --label docsite.test=t3 data",
            ),
            (
                "docker run --rm api",
                "docker run --label docsite.test=t3 --rm api",
            ),
            ("echo api", "echo api"),
        ] {
            assert_eq!(run.prepare(written).command, expected, "{written}");
        }
    }

    #[test]
    fn compose_projects_are_the_runs_own() {
        let mut run = DockerRun::new("t4");
        assert_eq!(
            run.prepare("docker compose up -d --build").command,
            "docker compose --project-name docsite-t4 up -d --build"
        );
        assert_eq!(
            run.prepare("docker-compose -p shop -f compose.yml logs web")
                .command,
            "docker-compose -p shop-t4 -f compose.yml logs web"
        );
        assert_eq!(
            run.projects,
            [
                ("docsite-t4".to_owned(), ComposeProgram::Plugin),
                ("shop-t4".to_owned(), ComposeProgram::Standalone)
            ]
        );
    }

    #[test]
    fn a_failed_classic_build_leaves_the_images_it_made_and_its_failed_container() {
        // As Docker 20.10's classic builder prints it.
        let output = "Step 1/5 : FROM python:3.11-slim\n ---> 1a2b3c4d5e6f\nStep 2/5 : WORKDIR /app\n ---> Using cache\n ---> 2b3c4d5e6f70\nStep 3/5 : COPY . .\n ---> 3c4d5e6f7081\nStep 4/5 : RUN echo one\n ---> Running in 5e6f70819203\nRemoving intermediate container 5e6f70819203\n ---> 6f7081920314\nStep 5/5 : RUN pip install -r requirements.txt\n ---> Running in 4d5e6f708192\nERROR: No matching distribution\nThe command '/bin/sh -c pip install' returned a non-zero code: 1\n";
        assert_eq!(
            failed_build_leftovers(output),
            (
                vec!["3c4d5e6f7081".to_owned(), "6f7081920314".to_owned()],
                vec!["4d5e6f708192".to_owned()]
            ),
            "never the base image (a tagged image removed by its id is gone) nor a cached one"
        );
        assert_eq!(
            failed_build_leftovers("#5 [2/4] WORKDIR /app\n#5 DONE 0.1s\n"),
            (vec![], vec![])
        );
    }
}
