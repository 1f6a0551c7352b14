//! `docsite test`: each article's project copied to a fresh temporary folder, its steps run for
//! real with a timeout, a small environment and captured output.
//!
//! Steps run under `bash -e -o pipefail -c` in their own process group, so a timeout kills the
//! whole tree a step started. Steps that need Docker run only when `docker info` answers
//! (`docker.rs`); otherwise they are reported as skipped, never as passed.

pub mod cache;
pub mod docker;
pub mod output;

use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::content::walk::CONTENT_DIR;
use crate::content::{Page, Site};
use crate::error::{Error, Result};
use crate::project::steps::{self, Step};
use docker::{DockerMode, DockerRun};

/// How a step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Exit code 0; what it printed.
    Passed {
        /// stdout and stderr, interleaved.
        output: String,
    },
    /// A non-zero exit; the captured output.
    Failed {
        /// Exit code, if the step exited (not killed by a signal).
        code: Option<i32>,
        /// stdout and stderr, interleaved.
        output: String,
    },
    /// Killed after the timeout; the output so far.
    TimedOut {
        /// The limit that was hit.
        seconds: u64,
        /// stdout and stderr so far.
        output: String,
    },
    /// Exit code 0, but the output differs from what the post shows under the command.
    OutputDiffers(output::Mismatch),
    /// Failed for a reason outside the command's exit status: no engine under
    /// `--docker require`, a container that never listened, an interrupt.
    Error(String),
    /// Not run, with the reason.
    Skipped(String),
}

/// What happened while testing, in order, for progress output.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// An article's steps begin.
    Article {
        /// Its title.
        title: &'a str,
        /// Its source file.
        source: &'a Path,
    },
    /// A step is about to run.
    Started(&'a Step),
    /// A step ended.
    Finished(&'a Step, &'a Outcome, Duration),
    /// Something the reader should know about the run (a port moved, Docker cleaned up).
    Note(String),
    /// The article is not run: it passed unchanged at this time.
    Cached(&'a str),
}

/// The result of one article.
#[derive(Debug, Clone)]
pub struct ArticleResult {
    /// Source file of the article.
    pub source: PathBuf,
    /// Steps and how they ended.
    pub steps: Vec<(Step, Outcome)>,
    /// When the article passed unchanged before, if it was not run for that reason.
    pub cached: Option<String>,
}

impl ArticleResult {
    /// True when every step ran and passed: a run worth remembering.
    pub fn all_passed(&self) -> bool {
        self.steps
            .iter()
            .all(|(_, outcome)| matches!(outcome, Outcome::Passed { .. }))
    }

    /// True when no step failed or timed out.
    pub fn passed(&self) -> bool {
        self.steps
            .iter()
            .all(|(_, outcome)| matches!(outcome, Outcome::Passed { .. } | Outcome::Skipped(_)))
    }
}

/// The articles to test: those named (by source path, URL or folder name), or every article
/// with steps.
pub fn selected<'a>(site: &'a Site, names: &[String]) -> Result<Vec<&'a Page>> {
    if names.is_empty() {
        return Ok(site
            .pages
            .iter()
            .filter(|page| !steps::steps(page).is_empty())
            .collect());
    }
    names
        .iter()
        .map(|name| {
            let wanted = name.trim_end_matches('/');
            site.pages
                .iter()
                .find(|page| {
                    let source = page.source.to_string_lossy();
                    source == wanted
                        || source.trim_end_matches("/index.md").trim_end_matches(".md") == wanted
                        || page.url.trim_end_matches('/') == wanted
                        || page.url.trim_end_matches('/').rsplit('/').next() == Some(wanted)
                })
                .ok_or_else(|| Error::NoSuchPage { name: name.clone() })
        })
        .collect()
}

/// Whether steps that need Docker can run, asked of the engine once per `docsite test`.
#[derive(Debug)]
pub struct DockerGate {
    mode: DockerMode,
    unavailable: Option<Option<String>>,
    /// Whether what killed runs left has been removed, which the first Docker step does.
    swept: bool,
}

impl DockerGate {
    /// A gate that asks `docker info` the first time a Docker step comes (in `Auto` and
    /// `Require` modes).
    pub fn new(mode: DockerMode) -> Self {
        Self {
            mode,
            unavailable: None,
            swept: false,
        }
    }

    /// Why a Docker step cannot run now, if it cannot.
    fn closed(&mut self) -> Option<String> {
        if self.mode == DockerMode::Skip {
            return Some("needs Docker, and `--docker skip` was given".to_owned());
        }
        self.unavailable
            .get_or_insert_with(docker::unavailable)
            .as_ref()
            .map(|reason| format!("needs a Docker engine, and {reason}"))
    }
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Stop the running step and skip the rest (Ctrl-C); containers and images are still removed.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Run `steps` of `page` in a fresh copy of its project, each within `seconds`; what its Docker
/// steps started is removed at the end, whatever happened.
pub fn run_article(
    root: &Path,
    page: &Page,
    steps: &[Step],
    seconds: u64,
    gate: &mut DockerGate,
    on_event: &mut dyn FnMut(Event),
) -> Result<ArticleResult> {
    on_event(Event::Article {
        title: page.title(),
        source: &page.source,
    });
    let workdir = tempfile::Builder::new()
        .prefix("docsite-test-")
        .tempdir()
        .map_err(Error::write(std::env::temp_dir()))?;
    let mut run = ArticleRun {
        project_dir: workdir.path().join("project"),
        home: workdir.path().join("home"),
        seconds,
        docker: None,
        skipped_block: None,
        skipped_ports: Vec::new(),
        failed: false,
    };
    fs::create_dir_all(&run.home).map_err(Error::write(&run.home))?;
    write_project(root, page, &run.project_dir)?;
    let mut results: Vec<(Step, Outcome)> = Vec::new();
    for step in steps.iter().cloned() {
        let outcome = match run.reason_to_skip(&step, gate) {
            Some(outcome) => {
                run.skipped_ports
                    .extend(docker::published_ports(&step.command));
                on_event(Event::Finished(&step, &outcome, Duration::ZERO));
                outcome
            }
            None => {
                let outcome = run.step(&step, gate, on_event)?;
                run.failed = !matches!(outcome, Outcome::Passed { .. });
                outcome
            }
        };
        results.push((step, outcome));
    }
    if let Some(docker) = run.docker {
        let label = docker.label().to_owned();
        on_event(Event::Note(match docker.clean_up(&run.project_dir) {
            Ok(cleanup) => format!("Docker: removed {cleanup} labelled {label}"),
            Err(reason) => format!(
                "Docker: could not remove what is labelled {label} ({reason}); `docker ps -a --filter label={label}` lists it, and the next `docsite test` removes it"
            ),
        }));
    }
    Ok(ArticleResult {
        source: page.source.clone(),
        steps: results,
        cached: None,
    })
}

/// One article's run: where its project and home are, its Docker state, and what its earlier
/// steps decided for the later ones.
struct ArticleRun {
    project_dir: PathBuf,
    home: PathBuf,
    seconds: u64,
    docker: Option<DockerRun>,
    /// A block whose step was skipped: its later steps are skipped too.
    skipped_block: Option<usize>,
    /// Ports a skipped `docker run` would have published: steps reaching them are skipped.
    skipped_ports: Vec<u16>,
    failed: bool,
}

impl ArticleRun {
    /// Why `step` is not run (its outcome), or `None` to run it. Docker is asked only when a
    /// step that needs it is about to run.
    fn reason_to_skip(&mut self, step: &Step, gate: &mut DockerGate) -> Option<Outcome> {
        if interrupted() {
            return Some(Outcome::Skipped("interrupted".into()));
        }
        if self.failed {
            return Some(Outcome::Skipped("an earlier step failed".into()));
        }
        if self.skipped_block.is_some() && self.skipped_block == step.block {
            return Some(Outcome::Skipped(
                "follows a skipped step of the same block".into(),
            ));
        }
        if let Some(reason) = step.needs_docker().then(|| gate.closed()).flatten() {
            if gate.mode == DockerMode::Require {
                self.failed = true;
                return Some(Outcome::Error(format!("{reason} (`--docker require`)")));
            }
            self.skipped_block = step.block;
            return Some(Outcome::Skipped(reason));
        }
        self.skipped_ports
            .iter()
            .find(|port| docker::reaches_local_port(&step.command, **port))
            .map(|port| {
                Outcome::Skipped(format!(
                    "reaches port {port}, which a skipped `docker run` publishes"
                ))
            })
    }

    /// Run `step`: under this run's Docker names when it needs Docker (the first such step
    /// removes what killed runs left), then wait for its ports and compare its output.
    fn step(
        &mut self,
        step: &Step,
        gate: &mut DockerGate,
        on_event: &mut dyn FnMut(Event),
    ) -> Result<Outcome> {
        if step.needs_docker() && self.docker.is_none() {
            if !std::mem::replace(&mut gate.swept, true) {
                if let Some(note) = docker::remove_leftovers() {
                    on_event(Event::Note(note));
                }
            }
            self.docker = Some(DockerRun::start());
        }
        let (command, awaited) = match self.docker.as_mut() {
            Some(docker) => {
                let prepared = docker.prepare(&step.command);
                prepared
                    .notes
                    .into_iter()
                    .for_each(|note| on_event(Event::Note(note)));
                (prepared.command, prepared.awaited)
            }
            None => (step.command.clone(), Vec::new()),
        };
        on_event(Event::Started(step));
        let started = Instant::now();
        let deadline = started + Duration::from_secs(self.seconds);
        let mut outcome = run_step(
            &command,
            &self.project_dir,
            &self.home,
            deadline,
            self.seconds,
        )?;
        if let (Outcome::Passed { .. }, Some(docker)) = (&outcome, &self.docker) {
            if let Err(reason) = docker.await_ports(&awaited, deadline) {
                outcome = Outcome::Error(reason);
            }
        }
        if let (Outcome::Failed { output, .. } | Outcome::TimedOut { output, .. }, Some(_)) =
            (&outcome, &self.docker)
        {
            let removed = DockerRun::remove_failed_build(output);
            if removed > 0 {
                on_event(Event::Note(format!(
                    "Docker: removed {removed} image(s) and container(s) the failed build left"
                )));
            }
        }
        if let (Outcome::Passed { output }, Some(docker)) = (&mut outcome, &self.docker) {
            *output = docker.as_written(output);
        }
        if let (Outcome::Passed { output }, Some(expected)) = (&outcome, &step.expected) {
            if let Some(mismatch) = output::compare(expected, output) {
                outcome = Outcome::OutputDiffers(mismatch);
            }
        }
        on_event(Event::Finished(step, &outcome, started.elapsed()));
        Ok(outcome)
    }
}

/// Copy the article's project (text from blocks or files, binary files from the project folder).
fn write_project(root: &Path, page: &Page, dir: &Path) -> Result<()> {
    let project = crate::project::of(page);
    for (name, file) in &project.files {
        let target = dir.join(name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(Error::write(parent))?;
        }
        match (&file.text, &page.project_dir) {
            (Some(text), _) => fs::write(&target, text).map_err(Error::write(&target))?,
            (None, Some(folder)) => {
                let source = root.join(CONTENT_DIR).join(folder).join(name);
                fs::copy(&source, &target).map_err(Error::read(&source))?;
            }
            (None, None) => {}
        }
    }
    fs::create_dir_all(dir).map_err(Error::write(dir))
}

/// Where steps may keep caches across runs (virtualenvs): `DOCSITE_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/docsite`, else `~/.cache/docsite`.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DOCSITE_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("docsite")
}

/// Variables passed through to steps: what finding programs and reaching a package index need.
pub(crate) const PASSED_THROUGH: &[&str] = &[
    "PATH",
    "LANG",
    "LC_ALL",
    "TZ",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "PIP_TRUSTED_HOST",
    "PIP_CERT",
    "PIP_FIND_LINKS",
    "PIP_DEFAULT_TIMEOUT",
    "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "SSL_CERT_FILE",
    "DOCKER_HOST",
    "DOCKER_CONTEXT",
    "DOCKER_CONFIG",
    "DOCKER_BUILDKIT",
    "DOCKER_DEFAULT_PLATFORM",
    "DOCKER_TLS_VERIFY",
    "DOCKER_CERT_PATH",
    "BUILDKIT_PROGRESS",
];

fn run_step(
    command: &str,
    dir: &Path,
    home: &Path,
    deadline: Instant,
    seconds: u64,
) -> Result<Outcome> {
    let log_path = home.join(".step-output");
    let log = fs::File::create(&log_path).map_err(Error::write(&log_path))?;
    let log_err = log.try_clone().map_err(Error::write(&log_path))?;
    let mut process = Command::new("bash");
    process
        .args(["-e", "-o", "pipefail", "-c", command])
        .current_dir(dir)
        .env_clear()
        .env("HOME", home)
        .env("TMPDIR", home)
        .env("TERM", "dumb")
        .env("DOCSITE_CACHE_DIR", cache_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err))
        .process_group(0);
    for name in PASSED_THROUGH {
        if let Some(value) = std::env::var_os(name) {
            process.env(name, value);
        }
    }
    // Steps get a fresh HOME; Docker's contexts and credentials stay those of the user.
    if std::env::var_os("DOCKER_CONFIG").is_none() {
        if let Some(user_home) = std::env::var_os("HOME") {
            let config = PathBuf::from(user_home).join(".docker");
            if config.is_dir() {
                process.env("DOCKER_CONFIG", config);
            }
        }
    }
    let mut child = process.spawn().map_err(Error::read(Path::new("bash")))?;
    let status =
        wait_until(&mut child, deadline, interrupted).map_err(Error::read(Path::new("bash")))?;
    if status.is_none() {
        kill_group(child.id());
        let _ = child.wait();
    }
    // Background children of a step must not outlive it.
    kill_group(child.id());
    let mut output = String::new();
    if let Ok(mut file) = fs::File::open(&log_path) {
        let mut bytes = Vec::new();
        let _ = file.read_to_end(&mut bytes);
        output = String::from_utf8_lossy(&bytes).into_owned();
    }
    Ok(match status {
        Some(status) if status.success() => Outcome::Passed { output },
        Some(status) => Outcome::Failed {
            code: status.code(),
            output,
        },
        None if interrupted() => Outcome::Error("interrupted".to_owned()),
        None => Outcome::TimedOut { seconds, output },
    })
}

/// Wait for `child` to exit, until `deadline` or until `stop` says so: its status, or `None`
/// when it is still running (the caller decides how to kill it).
pub(crate) fn wait_until(
    child: &mut std::process::Child,
    deadline: Instant,
    stop: impl Fn() -> bool,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline || stop() {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// SIGKILL every process of the group `pgid` (the step and whatever it started).
fn kill_group(pgid: u32) {
    if let Ok(pgid) = i32::try_from(pgid) {
        // SAFETY: kill(2) with a negative pid signals a process group; it touches no memory.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}
