//! `docsite test` with Docker steps, against a stand-in `docker` command first on PATH: it logs
//! its arguments, serves HTTP for `docker run -d -p` and answers `ps`/`images` from its state, so
//! the rewrite of the steps, the wait for the port, the port move and the cleanup are all seen.
//! The real engine runs the tutorial in `.ci/run`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;

use super::{stderr, write};

/// A fake `docker`: `info` fails when `no-engine` exists in its state folder; `run` starts
/// `python3 -m http.server` on the host port of its `-p 127.0.0.1:PORT:…`, in its own session
/// so the step's process group does not take it down, and returns before it listens (so the
/// runner's wait for the port is what makes the next step find it); `rm` and `stop` kill it.
const FAKE_DOCKER: &str = r#"#!/usr/bin/env bash
state=STATE
echo "$*" >> "$state/log"
case "$1" in
  info)
    if [ -e "$state/no-engine" ]; then
      echo "Cannot connect to the Docker daemon at unix:///fake.sock. Is the docker daemon running?" >&2
      exit 1
    fi
    echo 28.2.2 ;;
  build)
    if [ -e "$state/build-fails" ]; then
      # What the classic builder prints when a step fails.
      printf 'Step 1/4 : FROM python:3.11-slim\n ---> 0a0a0a0a0a0a\nStep 2/4 : WORKDIR /app\n ---> Using cache\n ---> 1b1b1b1b1b1b\nStep 3/4 : COPY . .\n ---> 3d3d3d3d3d3d\nStep 4/4 : RUN pip install -r requirements.txt\n ---> Running in 2c2c2c2c2c2c\nThe command returned a non-zero code: 1\n'
      exit 1
    fi
    touch "$state/image" ;;
  run)
    previous=
    for arg in "$@"; do
      if [ "$previous" = -p ]; then
        port=${arg#127.0.0.1:}
        port=${port%%:*}
        setsid python3 -m http.server "$port" --bind 127.0.0.1 > /dev/null 2>&1 < /dev/null &
        pid=$!
        # Return once the server has left the step's process group, as a container has.
        until [ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ]; do sleep 0.01; done
        echo "$pid" > "$state/server.pid"
      fi
      previous=$arg
    done
    echo 4f3c2b1a0e9d ;;
  ps) if [ -e "$state/server.pid" ] && kill -0 "$(cat "$state/server.pid")" 2> /dev/null; then echo 4f3c2b1a0e9d; fi ;;
  images) if [ -e "$state/image" ]; then echo sha256:1234; fi ;;
  rm | stop)
    if [ -e "$state/server.pid" ]; then kill "$(cat "$state/server.pid")"; rm "$state/server.pid"; fi
    # `docker stop NAME` prints the name it was given.
    if [ "$1" = stop ]; then echo "${@: -1}"; fi ;;
  rmi) rm -f "$state/image" ;;
esac
"#;

/// A temporary site plus a fake `docker` and its state folder.
struct FakeEngine {
    dir: tempfile::TempDir,
}

impl FakeEngine {
    fn new() -> Self {
        let engine = Self {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        let script = FAKE_DOCKER.replace("STATE", &engine.state().display().to_string());
        write(engine.dir.path(), "bin/docker", &script);
        std::fs::create_dir_all(engine.state()).expect("state folder");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            engine.dir.path().join("bin/docker"),
            std::fs::Permissions::from_mode(0o755),
        )
        .expect("chmod");
        engine
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.state().join("log")).unwrap_or_default()
    }

    fn article(&self, body: &str) {
        write(
            &self.root(),
            "content/t/index.md",
            &format!("---\ntitle: T\n---\n\n{body}\n"),
        );
    }

    /// `docsite test ARGS` on the site, with the fake first on PATH and a cache of its own.
    fn command(&self, args: &[&str]) -> std::process::Command {
        let path = format!(
            "{}:{}",
            self.dir.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("docsite"));
        command
            .arg("test")
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("PATH", path)
            .env("NO_COLOR", "1")
            .env("DOCSITE_CACHE_DIR", self.dir.path().join("cache"))
            .env_remove("DOCSITE_DOCKER")
            .env_remove("DOCKER_HOST");
        command
    }

    fn test(&self, args: &[&str]) -> Output {
        Command::from_std(self.command(args))
            .output()
            .expect("runs")
    }

    /// The runs under way that the cache lists, by id.
    fn runs_listed(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(self.dir.path().join("cache/docker-runs"))
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                    .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        ids.sort();
        ids
    }
}

impl Drop for FakeEngine {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.state().join("server.pid")) {
            let _ = std::process::Command::new("kill").arg(pid.trim()).status();
        }
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn lines_starting(text: &str, prefix: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.starts_with(prefix))
        .map(str::to_owned)
        .collect()
}

fn label_in(log: &str) -> String {
    let at = log
        .find("--label docsite.test=")
        .expect("a labelled command")
        + 8;
    log[at..]
        .split_whitespace()
        .next()
        .expect("label")
        .to_owned()
}

#[test]
fn docker_steps_run_labelled_on_a_moved_port_and_everything_is_removed() {
    let engine = FakeEngine::new();
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port();
    engine.article(&format!(
        "```console run\n$ docker build -t app:1 .\n$ docker run -d -p {port}:8000 --rm --name app app:1\n```\n\n```console run\n$ curl -sf http://localhost:{port}/\n```\n"
    ));
    let output = engine.test(&[]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert_eq!(stdout(&output), "3 passed, 0 failed, 0 skipped");

    let log = engine.log();
    let label = label_in(&log);
    let moved = lines_starting(&log, "run ")[0]
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .expect("published on loopback")
        .to_owned();
    assert_ne!(moved, port.to_string(), "a taken port is not reused");
    assert_eq!(
        lines_starting(&log, "build ")
            .into_iter()
            .chain(lines_starting(&log, "run "))
            .collect::<Vec<_>>(),
        [
            format!("build --label {label} -t app:1 ."),
            format!(
                "run --label {label} -d -p 127.0.0.1:{moved}:8000 --rm --name app-{} app:1",
                &label["docsite.test=".len()..]
            ),
        ]
    );
    assert_eq!(
        lines_starting(&log, "rm").into_iter().collect::<Vec<_>>(),
        ["rm -f -v 4f3c2b1a0e9d", "rmi -f sha256:1234"]
    );
    for expected in [
        format!(
            "  note: port {port} is taken here; published on 127.0.0.1:{moved} instead, and later steps' URLs to port {port} follow it"
        ),
        "  PASS  docker build -t app:1 . (".to_owned(),
        format!("  RUN   curl -sf http://localhost:{port}/"),
        format!("  note: Docker: removed 1 container(s) and 1 image(s) labelled {label}"),
    ] {
        assert!(text.contains(&expected), "{expected}\nin:\n{text}");
    }
    assert!(
        text.lines()
            .any(|line| line.starts_with("  PASS  docker run -d")
                && line.ends_with(", under Docker)")),
        "{text}"
    );
    assert!(
        !engine.state().join("server.pid").exists(),
        "the container was removed"
    );
}

#[test]
fn what_the_steps_started_is_removed_when_a_step_fails_or_times_out() {
    let engine = FakeEngine::new();
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    for (last_step, args, expected) in [
        ("false", &[][..], "  FAIL  false (exit code 1"),
        (
            "sleep 30",
            &["--timeout", "3"][..],
            "  FAIL  sleep 30 (timed out after 3 s",
        ),
    ] {
        std::fs::remove_file(engine.state().join("log")).ok();
        engine.article(&format!(
            "```console run\n$ docker build -t app:1 .\n$ docker run -d -p {port}:8000 app:1\n$ {last_step}\n$ curl -s http://localhost:{port}/\n```\n"
        ));
        let output = engine.test(args);
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{text}");
        assert!(text.contains(expected), "{expected}\nin:\n{text}");
        assert!(
            text.contains(&format!(
                "  SKIP  curl -s http://localhost:{port}/ (an earlier step failed)"
            )),
            "{text}"
        );
        assert_eq!(
            lines_starting(&engine.log(), "rm"),
            ["rm -f -v 4f3c2b1a0e9d", "rmi -f sha256:1234"],
            "{last_step}"
        );
        assert!(!engine.state().join("server.pid").exists());
    }
}

#[test]
fn without_an_engine_docker_steps_and_the_requests_to_their_ports_are_skipped() {
    let engine = FakeEngine::new();
    write(&engine.state(), "no-engine", "");
    engine.article(
        "```console run\n$ docker build -t app:1 .\n$ docker run -d -p 5000:5000 app:1\n```\n\n```console run\n$ curl -s http://localhost:5000/health\n{\"status\":\"ok\"}\n```\n\n```console run\n$ echo independent\n```\n",
    );
    let output = engine.test(&[]);
    let text = stderr(&output);
    assert!(output.status.success(), "skips are not failures: {text}");
    assert_eq!(stdout(&output), "1 passed, 0 failed, 3 skipped");
    let reason = "needs a Docker engine, and `docker info` failed: Cannot connect to the Docker daemon at unix:///fake.sock. Is the docker daemon running?";
    for expected in [
        format!("  SKIP  docker build -t app:1 . ({reason})"),
        "  SKIP  docker run -d -p 5000:5000 app:1 (follows a skipped step of the same block)"
            .to_owned(),
        "  SKIP  curl -s http://localhost:5000/health (reaches port 5000, which a skipped `docker run` publishes)".to_owned(),
        "  PASS  echo independent (".to_owned(),
    ] {
        assert!(text.contains(&expected), "{expected}\nin:\n{text}");
    }
    assert_eq!(
        engine.log(),
        "info --format {{.ServerVersion}}\n",
        "asked once"
    );

    let output = engine.test(&["--docker", "require"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "  FAIL  docker build -t app:1 . ({reason} (`--docker require`); content/t/index.md:"
        )),
        "{text}"
    );

    let output = engine.test(&["--docker", "skip"]);
    assert!(stderr(&output)
        .contains("  SKIP  docker build -t app:1 . (needs Docker, and `--docker skip` was given)"));
    assert_eq!(stdout(&output), "1 passed, 0 failed, 3 skipped");
}

#[test]
fn ctrl_c_stops_the_step_and_still_removes_what_the_steps_started() {
    let engine = FakeEngine::new();
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    engine.article(&format!(
        "```console run\n$ docker run -d -p {port}:8000 app:1\n$ touch {}/long-step-started && sleep 60\n$ echo after\n```\n",
        engine.state().display()
    ));
    let child = engine
        .command(&[])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let started = std::time::Instant::now();
    while !engine.state().join("long-step-started").exists() {
        assert!(
            started.elapsed().as_secs() < 30,
            "the long step never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let output = child.wait_with_output().expect("exits");
    let text = stderr(&output);
    assert!(
        started.elapsed().as_secs() < 30,
        "the step was stopped, not waited for"
    );
    assert_eq!(output.status.code(), Some(1), "{text}");
    for expected in [
        "interrupted: stopping the step, then removing what it started",
        "  FAIL  touch ",
        "  SKIP  echo after (interrupted)",
        "  note: Docker: removed 1 container(s) and 0 image(s) labelled docsite.test=",
    ] {
        assert!(text.contains(expected), "{expected}\nin:\n{text}");
    }
    assert!(!engine.state().join("server.pid").exists());
}

#[test]
fn container_names_and_compose_projects_are_the_runs_own_and_taken_down() {
    let engine = FakeEngine::new();
    engine.article(
        "```console run\n$ docker run -d --name api app:1\n$ docker logs api\n$ docker compose -f compose.yaml up -d\n$ docker compose ps\n```\n",
    );
    let mut ids = Vec::new();
    for _ in 0..2 {
        std::fs::remove_file(engine.state().join("log")).ok();
        let output = engine.test(&["--no-cache"]);
        let text = stderr(&output);
        assert!(output.status.success(), "{text}");
        let log = engine.log();
        let label = label_in(&log);
        let id = label["docsite.test=".len()..].to_owned();
        let project = format!("docsite-{id}");
        let compose_label = format!("label=com.docker.compose.project={project}");
        let expected = [
            format!("run --label {label} -d --name api-{id} app:1"),
            format!("logs api-{id}"),
            format!("compose --project-name {project} -f compose.yaml up -d"),
            format!("compose --project-name {project} ps"),
            format!("compose --project-name {project} down -v --remove-orphans --rmi local"),
            format!("ps -aq --filter {compose_label}"),
            format!("network ls -q --filter {compose_label}"),
            format!("volume ls -q --filter {compose_label}"),
            format!("images -q --filter {compose_label}"),
            format!("images -q --filter reference={project}_*"),
            format!("images -q --filter reference={project}-*"),
            format!("ps -aq --filter label={label}"),
        ];
        let logged: Vec<&str> = log
            .lines()
            .filter(|line| !line.starts_with("info"))
            .collect();
        for line in &expected {
            assert!(logged.contains(&line.as_str()), "{line}\nin:\n{log}");
        }
        assert!(
            text.contains(&format!(
                "  note: Docker: removed 0 container(s) and 0 image(s), 1 Compose project(s) labelled {label}"
            )),
            "{text}"
        );
        assert_eq!(
            engine.runs_listed(),
            Vec::<String>::new(),
            "a finished run is not listed"
        );
        ids.push(id);
    }
    assert_ne!(ids[0], ids[1], "two runs of one article never share a name");
}

#[test]
fn what_a_killed_run_left_is_removed_by_the_next_run() {
    let engine = FakeEngine::new();
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    // The step writes its process group, which a killed `docsite test` cannot stop.
    let long_step = format!(
        "echo $$ > {}/long-step-started && sleep 60",
        engine.state().display()
    );
    engine.article(&format!(
        "```console run\n$ docker build -t app:1 .\n$ docker run -d -p {port}:8000 app:1\n$ docker compose up -d\n$ {long_step}\n```\n"
    ));
    let mut killed = engine.command(&[]).spawn().expect("starts");
    let started = std::time::Instant::now();
    let step_group = || std::fs::read_to_string(engine.state().join("long-step-started"));
    while step_group().map_or(true, |pid| pid.trim().is_empty()) {
        assert!(
            started.elapsed().as_secs() < 30,
            "the long step never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    killed.kill().expect("SIGKILL");
    killed.wait().expect("reaped");
    let step_group = step_group().expect("the step's process group");
    std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", step_group.trim())])
        .status()
        .expect("kill");
    let first = engine.runs_listed();
    assert_eq!(first.len(), 1, "the killed run is still listed");
    assert!(
        engine.state().join("server.pid").exists(),
        "its container is left"
    );

    engine.article("```console run\n$ docker images\n```\n");
    std::fs::remove_file(engine.state().join("log")).ok();
    let output = engine.test(&[]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    let id = &first[0];
    assert!(
        text.contains(&format!(
            "  note: Docker: removed what 1 killed run(s) left ({id}): 1 container(s) and 1 image(s), 1 Compose project(s)\n"
        )),
        "{text}"
    );
    let log = engine.log();
    for line in [
        format!("ps -aq --filter label=docsite.test={id}"),
        format!("ps -aq --filter label=com.docker.compose.project=docsite-{id}"),
        "rm -f -v 4f3c2b1a0e9d".to_owned(),
        "rmi -f sha256:1234".to_owned(),
    ] {
        assert!(
            log.lines().any(|logged| logged == line),
            "{line}\nin:\n{log}"
        );
    }
    assert!(
        !engine.state().join("server.pid").exists(),
        "the container is gone"
    );
    assert_eq!(engine.runs_listed(), Vec::<String>::new());
}

#[test]
fn a_failed_classic_build_leaves_no_images_or_containers() {
    let engine = FakeEngine::new();
    write(&engine.state(), "build-fails", "");
    engine.article("```console run\n$ docker build -t app:1 .\n```\n");
    let output = engine.test(&[]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let log = engine.log();
    assert_eq!(
        lines_starting(&log, "rm"),
        ["rm -f -v 2c2c2c2c2c2c", "rmi 3d3d3d3d3d3d"],
        "the failed step's container and the image the build made, not the base image nor the one it took from the cache"
    );
    assert!(
        text.contains("  note: Docker: removed 2 image(s) and container(s) the failed build left"),
        "{text}"
    );
}

#[test]
fn output_shows_the_names_the_post_wrote() {
    let engine = FakeEngine::new();
    engine.article(
        "```console run\n$ docker run -d --name ml-api app:1\n$ docker stop ml-api\nml-api\n```\n",
    );
    let output = engine.test(&[]);
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(
        engine
            .log()
            .lines()
            .any(|line| line.starts_with("stop ml-api-")),
        "the run's own name was stopped"
    );
    assert!(text.contains("  PASS  docker stop ml-api ("), "{text}");
}
