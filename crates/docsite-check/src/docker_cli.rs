//! A `docker`, `podman` or `docker-compose` command line, read once for everyone who asks about
//! one: the cross-file rules (which ports a `docker run` publishes) and `docsite test`'s runner
//! (where a label or project name goes, the ports, every word that names a container, so that a
//! step can be rewritten without touching anything else). Options are read as Docker reads
//! them: `-dp 8000:8000`, `--publish=8000:8000`, `docker container run`, global options first.

use crate::shell::{self, Word};

/// What a Docker command does, as far as the rewrite cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `docker build`, `docker buildx build`, `docker image build`.
    Build,
    /// `docker run`, `docker create`, `docker container run|create`.
    Run,
    /// `docker compose …` or `docker-compose …`.
    Compose,
    /// A subcommand that names existing containers or networks (`logs`, `exec`, `stop`, `rm`,
    /// `network connect`…).
    Containers,
    /// `docker network create` or `docker volume create`: labelled; a network's name is
    /// made the run's own, as a container's is.
    Create,
}

/// A `-p`/`--publish` value, and the flag it is glued to (`-p5000:5000`), if any.
pub struct Publish<'a> {
    /// The word holding the value (the whole option when the value is glued to it).
    pub value: &'a Word,
    /// The option the value is glued to (`-p`, `--publish=`), if it is.
    pub attached_to: Option<&'static str>,
}

/// A word that holds a name: the text before it in the word (`--name=`), the name, and the text
/// after it (`:/app/out.txt` in `docker cp api:/app/out.txt .`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameIn<'a> {
    /// The word.
    pub word: &'a Word,
    /// The word's text before the name.
    pub before: String,
    /// The name.
    pub name: String,
    /// The word's text after the name.
    pub after: String,
}

impl<'a> NameIn<'a> {
    fn whole(word: &'a Word) -> Self {
        Self::at(word, "", &word.text, "")
    }

    fn at(word: &'a Word, before: &str, name: &str, after: &str) -> Self {
        Self {
            word,
            before: before.to_owned(),
            name: name.to_owned(),
            after: after.to_owned(),
        }
    }

    /// The word written again with `name` in place of the name, quoted for the shell when it
    /// needs to be.
    pub fn with(&self, name: &str) -> String {
        quoted(&format!("{}{name}{}", self.before, self.after))
    }
}

/// A Docker command line, read.
pub struct Invocation<'a> {
    /// What the command does.
    pub kind: Kind,
    /// Byte offset just past the subcommand (`run`, `compose`), where an option goes.
    pub insert_at: usize,
    /// `-d` or `--detach` given to `run`.
    pub detached: bool,
    /// The `-p` values of `run`.
    pub publishes: Vec<Publish<'a>>,
    /// The `--name` of `run`, the name of `network create`.
    pub name: Option<NameIn<'a>>,
    /// The network `run` joins with `--network`, when it is one the writer made: containers on
    /// it reach each other by name.
    pub user_network: bool,
    /// Words naming containers made earlier: the operands of `logs`, `exec`, `stop`…, and the
    /// values of `--link`, `--volumes-from` and `--network container:…`.
    pub containers: Vec<NameIn<'a>>,
    /// Compose's `-p`/`--project-name`, when given.
    pub project: Option<NameIn<'a>>,
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

/// Global options of Compose that take a value (`-p` is read apart).
const COMPOSE_VALUE_OPTIONS: &[&str] = &[
    "-f",
    "--file",
    "--env-file",
    "--profile",
    "--project-directory",
    "--ansi",
    "--progress",
    "--parallel",
];

/// Subcommands that name existing containers: whether every operand is one (`rm a b`) or only
/// the first (`exec api cmd…`), and the options that take a value.
const CONTAINER_SUBCOMMANDS: &[(&str, bool, &[&str])] = &[
    (
        "exec",
        false,
        &[
            "-e",
            "--env",
            "--env-file",
            "-u",
            "--user",
            "-w",
            "--workdir",
            "--detach-keys",
        ],
    ),
    ("logs", false, &["-n", "--tail", "--since", "--until"]),
    ("attach", false, &["--detach-keys"]),
    ("port", false, &[]),
    ("top", false, &[]),
    ("diff", false, &[]),
    ("rename", false, &[]),
    (
        "commit",
        false,
        &["-a", "--author", "-m", "--message", "-c", "--change"],
    ),
    ("export", false, &["-o", "--output"]),
    ("stop", true, &["-t", "--time", "-s", "--signal"]),
    ("restart", true, &["-t", "--time", "-s", "--signal"]),
    ("kill", true, &["-s", "--signal"]),
    ("rm", true, &[]),
    ("start", true, &["--detach-keys"]),
    ("inspect", true, &["-f", "--format", "--type"]),
    ("pause", true, &[]),
    ("unpause", true, &[]),
    ("wait", true, &[]),
    ("stats", true, &["--format"]),
    ("cp", true, &[]),
];

impl<'a> Invocation<'a> {
    /// `command` read as a Docker command, or `None` when it is another program or a
    /// subcommand the runner leaves alone (`images`, `ps`, `pull`…).
    pub fn read(command: &'a shell::Command) -> Option<Self> {
        let words = command.args();
        if command.is("docker-compose") {
            let name = command.name()?;
            return Some(Self::compose(name.end, words));
        }
        if !command.is("docker") && !command.is("podman") {
            return None;
        }
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
        let rest = &words[index + 1..];
        let mut invocation = Self::new(Kind::Run, subcommand.end);
        match subcommand.text.as_str() {
            "run" | "create" => invocation.read_run_options(rest),
            "build" => invocation.kind = Kind::Build,
            "compose" => return Some(Self::compose(subcommand.end, rest)),
            "network" | "volume" => return Self::network_or_volume(subcommand, rest),
            other => {
                let &(_, every, values) = CONTAINER_SUBCOMMANDS
                    .iter()
                    .find(|(name, _, _)| *name == other)?;
                invocation.kind = Kind::Containers;
                invocation.read_container_operands(other == "cp", every, values, rest);
            }
        }
        Some(invocation)
    }

    fn new(kind: Kind, insert_at: usize) -> Self {
        Self {
            kind,
            insert_at,
            detached: false,
            publishes: Vec::new(),
            name: None,
            user_network: false,
            containers: Vec::new(),
            project: None,
        }
    }

    /// `docker network|volume <action> …`: `create` is labelled and names a network; the
    /// other actions name networks (and `connect` a container), which follow.
    fn network_or_volume(subcommand: &'a Word, rest: &'a [Word]) -> Option<Self> {
        let network = subcommand.text == "network";
        let (action, operands) = rest.split_first()?;
        let mut invocation = Self::new(Kind::Containers, action.end);
        let names = operands.iter().filter(|word| !word.text.starts_with('-'));
        match action.text.as_str() {
            "create" => {
                invocation.kind = Kind::Create;
                // Options of `create` that take a value are written `--driver=x` or before a
                // value that is not the last word; the name is the last operand.
                if network {
                    invocation.name = operands
                        .last()
                        .filter(|word| !word.text.starts_with('-'))
                        .map(NameIn::whole);
                }
            }
            "connect" | "disconnect" | "rm" | "remove" | "inspect" if network => {
                invocation.containers = names.map(NameIn::whole).collect();
            }
            _ => return None,
        }
        Some(invocation)
    }

    /// Compose's global options, up to its subcommand: where the project name is given.
    fn compose(insert_at: usize, options: &'a [Word]) -> Self {
        let mut invocation = Self::new(Kind::Compose, insert_at);
        let mut index = 0;
        while let Some(word) = options.get(index) {
            let text = word.text.as_str();
            index += 1;
            if let Some(name) = text.strip_prefix("--project-name=") {
                invocation.project = Some(NameIn::at(word, "--project-name=", name, ""));
            } else if text == "-p" || text == "--project-name" {
                invocation.project = options.get(index).map(NameIn::whole);
                index += 1;
            } else if let Some(name) = text.strip_prefix("-p").filter(|name| !name.is_empty()) {
                invocation.project = Some(NameIn::at(word, "-p", name, ""));
            } else if COMPOSE_VALUE_OPTIONS.contains(&text) {
                index += 1;
            } else if !text.starts_with('-') {
                break;
            }
        }
        invocation
    }

    /// The operands of a subcommand that names containers: each of them, or the first only.
    fn read_container_operands(
        &mut self,
        copies: bool,
        every: bool,
        values: &[&str],
        options: &'a [Word],
    ) {
        let mut index = 0;
        let mut operands_only = false;
        while let Some(word) = options.get(index) {
            let text = word.text.as_str();
            index += 1;
            if !operands_only && text == "--" {
                operands_only = true;
                continue;
            }
            if !operands_only && text.starts_with('-') && text.len() > 1 {
                if values.contains(&text) {
                    index += 1;
                }
                continue;
            }
            if copies {
                // `docker cp api:/app/x .` or `docker cp x api:/app/`: the side with a colon
                // before any slash names the container.
                if let Some((name, path)) = text.split_once(':') {
                    if !name.is_empty() && !name.contains('/') {
                        self.containers
                            .push(NameIn::at(word, "", name, &format!(":{path}")));
                    }
                }
                continue;
            }
            self.containers.push(NameIn::whole(word));
            if !every {
                break;
            }
        }
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
                    Some((name, value)) => (name, Some(value)),
                    None => (long, None),
                };
                if name == "detach" {
                    self.detached = true;
                }
                let value_word = options.get(index);
                match (name, inline, value_word) {
                    ("publish", Some(_), _) => self.publishes.push(Publish {
                        // `--publish=5000:5000` is one word; rewrite it whole.
                        value: word,
                        attached_to: Some("--publish="),
                    }),
                    ("publish", None, Some(value)) => self.publishes.push(Publish {
                        value,
                        attached_to: None,
                    }),
                    (_, Some(value), _) => {
                        self.read_run_value(name, word, &text[..text.len() - value.len()], value)
                    }
                    (_, None, Some(value)) if !RUN_FLAGS.contains(&text) => {
                        self.read_run_value(name, value, "", &value.text);
                    }
                    _ => {}
                }
                if inline.is_none() && !RUN_FLAGS.contains(&text) {
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

    /// The value of the long option `name` of `run`, in `word` after `before`.
    fn read_run_value(&mut self, name: &str, word: &'a Word, before: &str, value: &str) {
        match name {
            "name" => self.name = Some(NameIn::at(word, before, value, "")),
            "link" | "volumes-from" => {
                // `--link db:alias`, `--volumes-from data:ro`.
                let (container, rest) = value.split_once(':').unwrap_or((value, ""));
                let after = if rest.is_empty() {
                    String::new()
                } else {
                    format!(":{rest}")
                };
                self.containers
                    .push(NameIn::at(word, before, container, &after));
            }
            "network" | "net" => match value.strip_prefix("container:") {
                Some(container) => self.containers.push(NameIn::at(
                    word,
                    &format!("{before}container:"),
                    container,
                    "",
                )),
                None => {
                    self.user_network = !["bridge", "host", "none", "default"].contains(&value);
                    if self.user_network {
                        self.containers.push(NameIn::at(word, before, value, ""));
                    }
                }
            },
            _ => {}
        }
    }
}

/// `[ip:]host:container[/proto]` with single ports; ranges and container-only ports are left as
/// written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    /// The host port.
    pub host: u16,
    /// The container port, with its protocol if written (`80/tcp`).
    pub container: String,
}

impl PortSpec {
    /// A `-p` value (with its option, if glued) that names a host port.
    pub fn parse(text: &str) -> Option<Self> {
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

/// The host and container ports of a `-p` value (`[ip:][host:]container[/proto]`), where they are
/// single ports.
pub fn ports(value: &str) -> (Option<u16>, Option<u16>) {
    let ports = value.split('/').next().unwrap_or("");
    let parts: Vec<&str> = ports.split(':').collect();
    let container = parts.last().and_then(|port| port.parse().ok());
    let host = (parts.len() >= 2)
        .then(|| parts[parts.len() - 2].parse().ok())
        .flatten();
    (host, container)
}

/// `text` as one shell word: as it is when nothing in it is special, else single-quoted.
fn quoted(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:=@%+,-".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(command: &str) -> (Option<String>, Vec<String>) {
        let parsed = shell::parse(command);
        let invocation = Invocation::read(&parsed[0]).expect("a docker command");
        (
            invocation.name.map(|name| name.name),
            invocation
                .containers
                .into_iter()
                .map(|name| name.name)
                .collect(),
        )
    }

    #[test]
    fn the_words_that_name_containers_are_found() {
        for (command, name, containers) in [
            ("docker run -d --name api img", Some("api"), &[][..]),
            (
                "docker run --name=api --link db:database img",
                Some("api"),
                &["db"][..],
            ),
            ("docker run --network container:api img", None, &["api"][..]),
            ("docker logs -f --tail 20 api", None, &["api"]),
            (
                "docker exec -e A=1 -w /app api python api.py",
                None,
                &["api"],
            ),
            ("docker rm -f api db", None, &["api", "db"]),
            ("docker stop -t 5 api", None, &["api"]),
            ("docker cp api:/app/out.txt ./out.txt", None, &["api"]),
            ("docker cp ./model.h5 api:/app/", None, &["api"]),
            (
                "docker container inspect --format '{{.State}}' api",
                None,
                &["api"],
            ),
            (
                "docker run --network shop --name api img",
                Some("api"),
                &["shop"],
            ),
            (
                "docker network create --driver bridge shop",
                Some("shop"),
                &[],
            ),
            ("docker network connect shop api", None, &["shop", "api"]),
        ] {
            let (found_name, found) = names(command);
            assert_eq!(found_name.as_deref(), name, "{command}");
            assert_eq!(found, containers, "{command}");
        }
    }

    #[test]
    fn compose_project_names_are_found_in_every_spelling() {
        for command in [
            "docker compose -p shop up -d",
            "docker compose --project-name shop up -d",
            "docker compose --project-name=shop -f a.yml up",
            "docker-compose -f a.yml -pshop up -d",
        ] {
            let parsed = shell::parse(command);
            let invocation = Invocation::read(&parsed[0]).expect("compose");
            assert_eq!(invocation.kind, Kind::Compose, "{command}");
            assert_eq!(
                invocation.project.map(|project| project.name).as_deref(),
                Some("shop"),
                "{command}"
            );
        }
        let parsed = shell::parse("docker compose -f a.yml up -p 80");
        let invocation = Invocation::read(&parsed[0]).expect("compose");
        assert!(
            invocation.project.is_none(),
            "`-p` after `up` is not Compose's"
        );
    }

    #[test]
    fn a_rewritten_word_is_quoted_when_it_must_be() {
        assert_eq!(quoted("api-x1:/app/out.txt"), "api-x1:/app/out.txt");
        assert_eq!(quoted("api-x1:/my dir/it's"), r"'api-x1:/my dir/it'\''s'");
    }
}
