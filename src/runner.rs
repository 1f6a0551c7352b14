//! `docsite test`: each article's project copied to a fresh temporary folder, its steps run for
//! real with a timeout, a small environment and captured output.
//!
//! Steps run under `bash -e -o pipefail -c` in their own process group, so a timeout kills the
//! whole tree a step started. Steps that need Docker run only when `docker info` answers;
//! otherwise they are reported as skipped, never as passed.

use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::content::walk::CONTENT_DIR;
use crate::content::{Page, Site};
use crate::error::{Error, Result};
use crate::project::steps::{self, Step, DEFAULT_TIMEOUT_SECONDS};
use crate::project::Project;

/// How a step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Exit code 0.
    Passed,
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
}

/// The result of one article.
#[derive(Debug, Clone)]
pub struct ArticleResult {
    /// Source file of the article.
    pub source: PathBuf,
    /// Steps and how they ended.
    pub steps: Vec<(Step, Outcome)>,
}

impl ArticleResult {
    /// True when no step failed or timed out.
    pub fn passed(&self) -> bool {
        self.steps
            .iter()
            .all(|(_, outcome)| matches!(outcome, Outcome::Passed | Outcome::Skipped(_)))
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

/// Run the steps of `page` in a fresh copy of its project.
pub fn run_article(
    root: &Path,
    page: &Page,
    timeout: Option<u64>,
    docker: &mut Option<bool>,
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
    let project_dir = workdir.path().join("project");
    let home = workdir.path().join("home");
    fs::create_dir_all(&home).map_err(Error::write(&home))?;
    write_project(root, page, &project_dir)?;
    let seconds = timeout
        .or(page.meta.test_timeout)
        .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    let mut results: Vec<(Step, Outcome)> = Vec::new();
    let mut skipped_block = None;
    let mut failed = false;
    for step in steps::steps(page) {
        let outcome = if failed {
            Outcome::Skipped("an earlier step failed".into())
        } else if skipped_block.is_some() && skipped_block == step.block {
            Outcome::Skipped("follows a skipped step of the same block".into())
        } else if step.needs_docker() && !*docker.get_or_insert_with(docker_available) {
            skipped_block = step.block;
            Outcome::Skipped("needs a Docker engine, and `docker info` failed".into())
        } else {
            on_event(Event::Started(&step));
            let started = Instant::now();
            let outcome = run_step(&step.command, &project_dir, &home, seconds)?;
            on_event(Event::Finished(&step, &outcome, started.elapsed()));
            failed = !matches!(outcome, Outcome::Passed);
            results.push((step, outcome));
            continue;
        };
        on_event(Event::Finished(&step, &outcome, Duration::ZERO));
        results.push((step, outcome));
    }
    Ok(ArticleResult {
        source: page.source.clone(),
        steps: results,
    })
}

/// Copy the article's project (text from blocks or files, binary files from the project folder).
fn write_project(root: &Path, page: &Page, dir: &Path) -> Result<()> {
    let project = Project::of(page);
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
const PASSED_THROUGH: &[&str] = &[
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
];

fn run_step(command: &str, dir: &Path, home: &Path, seconds: u64) -> Result<Outcome> {
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
    let mut child = process.spawn().map_err(Error::read(Path::new("bash")))?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(Error::read(Path::new("bash")))? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            kill_group(child.id());
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Background children of a step must not outlive it.
    kill_group(child.id());
    let mut output = String::new();
    if let Ok(mut file) = fs::File::open(&log_path) {
        let mut bytes = Vec::new();
        let _ = file.read_to_end(&mut bytes);
        output = String::from_utf8_lossy(&bytes).into_owned();
    }
    Ok(match status {
        Some(status) if status.success() => Outcome::Passed,
        Some(status) => Outcome::Failed {
            code: status.code(),
            output,
        },
        None => Outcome::TimedOut { seconds, output },
    })
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

/// True when a Docker engine answers `docker info` within ten seconds.
fn docker_available() -> bool {
    let Ok(mut child) = Command::new("docker")
        .arg("info")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}
