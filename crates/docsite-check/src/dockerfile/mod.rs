//! Dockerfiles: the parsed model every Dockerfile rule reads, parsed once per file.

pub mod parse;

use crate::shell::{self, Command, Word};

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    /// Instructions in order (unknown ones included, so positions stay right).
    pub instructions: Vec<Instruction>,
    /// Build stages, one per `FROM`.
    pub stages: Vec<Stage>,
    /// The escape character (`\` unless a `# escape=` directive says otherwise).
    pub escape: char,
    /// Rule ids silenced for the whole file by `# hadolint global ignore=…`.
    pub global_ignores: Vec<String>,
    /// Problems found while parsing.
    pub errors: Vec<crate::problem::Problem>,
    /// The `SHELL` in effect after the last instruction (`None`: the default `/bin/sh -c`).
    pub end_shell: Option<Vec<String>>,
    /// True when a later block of the page continues this file (an excerpt of the same file
    /// follows), so its end is not the end of the Dockerfile.
    pub continued: bool,
}

/// What a Dockerfile excerpt inherits from the page's earlier block of the same file: the
/// `# escape=` character and the `SHELL` in effect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// The escape character an earlier block set with `# escape=`, if not `\`.
    pub escape: Option<char>,
    /// The `SHELL` in effect (`None`: the default `/bin/sh -c`).
    pub shell: Option<Vec<String>>,
}

/// One instruction: keyword, flags, arguments with positions, and its parsed shell.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// The keyword, uppercased (`RUN`).
    pub keyword: String,
    /// The keyword as written (`run`).
    pub keyword_written: String,
    /// 1-based line of the keyword.
    pub line: usize,
    /// 1-based column of the keyword.
    pub column: usize,
    /// `--name=value` options before the arguments.
    pub flags: Vec<Flag>,
    /// The arguments after the flags, continuation lines joined.
    pub args: Args,
    /// For JSON-capable instructions written as `[…]`: the array, or `None` if it is malformed.
    pub exec: Option<Option<Vec<String>>>,
    /// Heredoc bodies (`RUN <<EOF`).
    pub heredocs: Vec<Heredoc>,
    /// Rule ids silenced for this instruction by `# hadolint ignore=…` right above it.
    pub ignores: Vec<String>,
    /// For a `FROM`: rule ids silenced for the rest of its stage by `# hadolint stage ignore=…`.
    pub stage_ignores: Vec<String>,
    /// Index of the stage it belongs to.
    pub stage: usize,
    /// The `SHELL` in effect for it (`None`: the default `/bin/sh -c`).
    pub shell: Option<Vec<String>>,
}

/// A `--name=value` flag.
#[derive(Debug, Clone)]
pub struct Flag {
    /// `from`, `chown`, `mount`, …
    pub name: String,
    /// The value after `=`, if any.
    pub value: Option<String>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the leading `--`.
    pub column: usize,
    /// Length in characters.
    pub len: usize,
}

/// A heredoc body.
#[derive(Debug, Clone)]
pub struct Heredoc {
    /// `EOF`
    pub delimiter: String,
    /// The body text.
    pub body: String,
    /// 1-based line of the body's first line.
    pub first_line: usize,
}

/// A build stage.
#[derive(Debug, Clone)]
pub struct Stage {
    /// `AS name`, lowercased.
    pub name: Option<String>,
    /// The base image as written.
    pub image: String,
    /// Index of its `FROM` in `instructions`.
    pub from: usize,
}

/// Text assembled from pieces of several lines, remembering where each piece came from.
#[derive(Debug, Clone, Default)]
pub struct Args {
    /// The joined text.
    pub text: String,
    /// `(byte offset in text, line, column)` where each piece starts.
    segments: Vec<(usize, usize, usize)>,
}

impl Args {
    fn push(&mut self, piece: &str, line: usize, column: usize) {
        self.segments.push((self.text.len(), line, column));
        self.text.push_str(piece);
    }

    /// Text starting on one line at column 1, for heredoc bodies.
    fn from_lines(text: &str, first_line: usize) -> Args {
        let mut args = Args::default();
        for (index, line) in text.split_inclusive('\n').enumerate() {
            args.push(line, first_line + index, 1);
        }
        args
    }

    /// The `(line, column)` of byte `offset` of `text`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let segment = self
            .segments
            .iter()
            .rev()
            .find(|(start, _, _)| *start <= offset);
        match segment {
            Some(&(start, line, column)) => {
                let chars = self
                    .text
                    .get(start..offset.min(self.text.len()))
                    .map_or(0, |s| s.chars().count());
                (line, column + chars)
            }
            None => (1, 1),
        }
    }

    /// The part of the text between two byte offsets, positions kept.
    fn slice(&self, start: usize, end: usize) -> Args {
        let mut sliced = Args {
            text: self.text[start..end].to_owned(),
            segments: Vec::new(),
        };
        let (line, column) = self.position(start);
        sliced.segments.push((0, line, column));
        for &(offset, line, column) in &self.segments {
            if offset > start && offset < end {
                sliced.segments.push((offset - start, line, column));
            }
        }
        sliced
    }
}

/// A shell script of a `RUN` (its shell form, or a heredoc body), parsed into commands.
#[derive(Debug, Clone)]
pub struct Script {
    /// The commands.
    pub commands: Vec<Command>,
    args: Args,
}

impl Script {
    /// `(line, column, length)` of a word of this script.
    pub fn span(&self, word: &Word) -> (usize, usize, usize) {
        let (line, column) = self.args.position(word.start);
        let len = self
            .args
            .text
            .get(word.start..word.end)
            .map_or(1, |s| s.chars().count());
        (line, column, len)
    }
}

impl Instruction {
    /// True for `RUN`, `CMD`, … (by uppercased keyword).
    pub fn is(&self, keyword: &str) -> bool {
        self.keyword == keyword
    }

    /// The value of flag `--name`, if given.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.name == name)
    }

    /// The shell scripts this instruction runs: for `RUN`, its shell-form text and every heredoc
    /// body; for an exec-form `RUN`, its words joined.
    pub fn scripts(&self) -> Vec<Script> {
        if let Some(args) = self.onbuild_run() {
            return vec![Script {
                commands: shell::parse(&args.text),
                args,
            }];
        }
        // A PowerShell or cmd `RUN` is not POSIX shell: rules about pip, apt or pipes would
        // misread it.
        if !self.is("RUN") || !self.shell_is_posix() {
            return Vec::new();
        }
        let mut scripts = Vec::new();
        match &self.exec {
            Some(Some(words)) => {
                let mut args = self.args.clone();
                args.text = words.join(" ");
                scripts.push(Script {
                    commands: shell::parse(&args.text),
                    args,
                });
            }
            Some(None) => {}
            None => scripts.push(Script {
                commands: shell::parse(&self.args.text),
                args: self.args.clone(),
            }),
        }
        for heredoc in &self.heredocs {
            let args = Args::from_lines(&heredoc.body, heredoc.first_line);
            scripts.push(Script {
                commands: shell::parse(&heredoc.body),
                args,
            });
        }
        scripts
    }

    /// True unless the `SHELL` in effect is PowerShell or cmd.
    pub fn shell_is_posix(&self) -> bool {
        let Some(program) = self.shell.as_ref().and_then(|words| words.first()) else {
            return true;
        };
        let name = program
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(program)
            .to_ascii_lowercase();
        let name = name.strip_suffix(".exe").unwrap_or(&name);
        !matches!(name, "powershell" | "pwsh" | "cmd")
    }

    /// How a shell-form command of this instruction runs: `/bin/sh -c`, or the configured
    /// `SHELL`.
    pub fn shell_command(&self) -> String {
        self.shell
            .as_ref()
            .map_or_else(|| "/bin/sh -c".to_owned(), |words| words.join(" "))
    }

    /// The sources of a `COPY`/`ADD` (every argument but the destination; heredoc markers
    /// excluded), as written.
    pub fn copy_sources(&self) -> Vec<String> {
        let mut items: Vec<String> = match &self.exec {
            Some(Some(items)) => items.clone(),
            Some(None) => return Vec::new(),
            None => self
                .args
                .text
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        };
        items.pop();
        items.retain(|item| !item.starts_with("<<"));
        items
    }

    /// Span of the whole instruction's first line, from the keyword.
    pub fn keyword_span(&self) -> (usize, usize, usize) {
        (self.line, self.column, self.keyword_written.chars().count())
    }

    /// Span of the arguments (first line only).
    pub fn args_span(&self) -> (usize, usize, usize) {
        let (line, column) = self.args.position(0);
        let first_line = self.args.text.lines().next().unwrap_or("");
        (line, column, first_line.chars().count())
    }

    /// True for `RUN`, and for `ONBUILD RUN` (whose script some rules also check).
    pub fn runs_shell(&self) -> bool {
        self.is("RUN") || self.onbuild_run().is_some()
    }

    /// The arguments of an `ONBUILD RUN …`.
    fn onbuild_run(&self) -> Option<Args> {
        if !self.is("ONBUILD") {
            return None;
        }
        let text = &self.args.text;
        let keyword = text.split_whitespace().next()?;
        if !keyword.eq_ignore_ascii_case("RUN") {
            return None;
        }
        let after = text.find(keyword)? + keyword.len();
        let start = after + (text[after..].len() - text[after..].trim_start().len());
        Some(self.args.slice(start, text.len()))
    }

    /// True if one of `ids` is silenced for this `FROM`'s stage.
    pub fn ignores_stage_rule(&self, ids: &[&str]) -> bool {
        self.stage_ignores
            .iter()
            .any(|ignored| ids.contains(&ignored.as_str()))
    }

    /// True if `id` (a docsite or hadolint id) is silenced for this instruction.
    pub fn ignores_rule(&self, ids: &[&str]) -> bool {
        self.ignores
            .iter()
            .any(|ignored| ids.contains(&ignored.as_str()))
    }
}

impl Dockerfile {
    /// True for an excerpt: a block without `FROM`, which shows a few lines of a Dockerfile.
    /// Rules about a whole file (the final `USER`, `COPY --from` a stage) do not apply to it.
    pub fn is_excerpt(&self) -> bool {
        self.stages.is_empty()
    }

    /// What a later excerpt of the same file inherits from this one.
    pub fn context_after(&self) -> Context {
        Context {
            escape: (self.escape != '\\').then_some(self.escape),
            shell: self.end_shell.clone(),
        }
    }

    /// The stage a `COPY --from=` names: a stage name, or a stage index.
    pub fn stage_named(&self, name: &str) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        self.stages
            .iter()
            .position(|stage| stage.name.as_deref() == Some(lower.as_str()))
    }

    /// Values of `ARG`s declared before the first `FROM`, for expanding `FROM ${BASE}`.
    pub fn global_args(&self) -> Vec<(String, Option<String>)> {
        self.instructions
            .iter()
            .take_while(|instruction| !instruction.is("FROM"))
            .filter(|instruction| instruction.is("ARG"))
            .filter_map(|instruction| {
                let text = instruction.args.text.trim();
                let (name, value) = match text.split_once('=') {
                    Some((name, value)) => (name, Some(value.trim_matches('"').to_owned())),
                    None => (text, None),
                };
                (!name.is_empty()).then(|| (name.to_owned(), value))
            })
            .collect()
    }

    /// An image reference with `$VAR`/`${VAR}` replaced by global `ARG` defaults; `None` when a
    /// variable has no default (the real value is only known at build time).
    pub fn expand(&self, image: &str) -> Option<String> {
        if !image.contains('$') {
            return Some(image.to_owned());
        }
        let args = self.global_args();
        let mut expanded = image.to_owned();
        for (name, value) in &args {
            let Some(value) = value else { continue };
            expanded = expanded
                .replace(&format!("${{{name}}}"), value)
                .replace(&format!("${name}"), value);
        }
        (!expanded.contains('$')).then_some(expanded)
    }
}

/// An image reference split into name, tag and digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// Registry and repository, e.g. `python` or `ghcr.io/org/app`.
    pub name: &'a str,
    /// The tag after `:`, if any.
    pub tag: Option<&'a str>,
    /// The digest after `@`, if any.
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    /// Split `reference`; a `:` before the last `/` is a registry port, not a tag.
    pub fn parse(reference: &'a str) -> ImageRef<'a> {
        let (rest, digest) = match reference.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest)),
            None => (reference, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        match rest[last_slash..].rfind(':') {
            Some(colon) => ImageRef {
                name: &rest[..last_slash + colon],
                tag: Some(&rest[last_slash + colon + 1..]),
                digest,
            },
            None => ImageRef {
                name: rest,
                tag: None,
                digest,
            },
        }
    }
}

/// `pip install …`, `pip3 install …` or `python -m pip install …`, as hadolint recognises them.
pub fn is_pip_install(command: &Command) -> bool {
    let Some(name) = command.name() else {
        return false;
    };
    let args: Vec<&str> = command.args().iter().map(|w| w.text.as_str()).collect();
    if name.text.starts_with("pip") && !name.text.starts_with("pipenv") {
        return args.contains(&"install");
    }
    name.text.starts_with("python") && args.windows(3).any(|w| w == ["-m", "pip", "install"])
}

/// What a `pip install` command installs: packages by name, and requirement files (`-r`).
#[derive(Debug, Default)]
pub struct PipInstall<'a> {
    /// Distribution names (normalized), versions and extras dropped.
    pub packages: Vec<String>,
    /// The words naming requirement files (`-r requirements.txt`, `--requirement=x.txt`).
    pub requirement_files: Vec<&'a Word>,
    /// True when it installs something docsite cannot name: a path, a URL, `-e`, a variable.
    pub unknown: bool,
}

/// Options of `pip install` that take a value (the next word unless written `--opt=value`).
const PIP_OPTIONS_WITH_VALUE: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "--trusted-host",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--upgrade-strategy",
    "--progress-bar",
    "--cache-dir",
    "--log",
    "--proxy",
    "--timeout",
    "--retries",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--global-option",
    "--config-settings",
    "-C",
    "--no-binary",
    "--only-binary",
    "--report",
    "--python",
];

/// Read the arguments of a `pip install` command (see `is_pip_install`).
pub fn pip_install(command: &Command) -> PipInstall<'_> {
    let mut install = PipInstall::default();
    let args = command.args();
    let after_install = args
        .iter()
        .position(|word| word.text == "install")
        .map_or(args.len(), |index| index + 1);
    let mut index = after_install;
    while index < args.len() {
        let word = &args[index];
        let text = word.text.as_str();
        index += 1;
        let (option, inline) = match text.split_once('=') {
            Some((option, _)) if text.starts_with("--") => (option, true),
            _ => (text, false),
        };
        let short_joined = ["-r", "-c", "-e"]
            .iter()
            .find(|short| text.len() > 2 && text.starts_with(**short));
        if PIP_OPTIONS_WITH_VALUE.contains(&option) || short_joined.is_some() {
            let value = if inline || short_joined.is_some() {
                Some(word)
            } else {
                index += 1;
                args.get(index - 1)
            };
            match (option, short_joined) {
                ("-r" | "--requirement", _) | (_, Some(&"-r")) => {
                    install.requirement_files.extend(value);
                }
                ("-e" | "--editable", _) | (_, Some(&"-e")) => install.unknown = true,
                _ => {}
            }
            continue;
        }
        if text.starts_with('-') {
            continue;
        }
        let looks_like_path = text.contains('/')
            || text.starts_with('.')
            || text.contains('$')
            || [".whl", ".tar.gz", ".zip"]
                .iter()
                .any(|ext| text.ends_with(ext));
        if looks_like_path {
            install.unknown = true;
            continue;
        }
        let name = text
            .split(|c: char| "=<>!~[;@ ".contains(c))
            .next()
            .unwrap_or("");
        if !name.is_empty() {
            install.packages.push(crate::requirements::normalize(name));
        }
    }
    install
}

/// The file a requirement-file word names (`-rfile`, `--requirement=file` or `file`).
pub fn requirement_file_name(word: &Word) -> &str {
    let text = word.text.as_str();
    if let Some((_, value)) = text.split_once('=').filter(|_| text.starts_with("--")) {
        return value;
    }
    text.strip_prefix("-r").unwrap_or(text)
}

/// `apt-get install …`.
pub fn is_apt_get_install(command: &Command) -> bool {
    command.name().is_some_and(|name| name.text == "apt-get")
        && command.operands().any(|word| word.text == "install")
}

/// True when `value` is one of the spellings pip and hadolint take as "on".
pub fn is_truthy(value: &str) -> bool {
    [
        "1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES",
    ]
    .contains(&value)
}

/// `--mount=type=cache,target=…` (or tmpfs) flags of a RUN whose target contains `path`.
pub fn has_cache_mount(instruction: &Instruction, path: &str) -> bool {
    instruction
        .flags
        .iter()
        .filter(|flag| flag.name == "mount")
        .any(|flag| {
            let value = flag.value.as_deref().unwrap_or("");
            let kind_ok = value
                .split(',')
                .any(|part| part == "type=cache" || part == "type=tmpfs");
            let target_ok = value.split(',').any(|part| {
                part.split_once('=').is_some_and(|(key, target)| {
                    matches!(key, "target" | "dst" | "destination") && target.contains(path)
                })
            });
            kind_ok && target_ok
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references_split_at_the_right_colon() {
        assert_eq!(ImageRef::parse("python:3.11-slim").tag, Some("3.11-slim"));
        assert_eq!(ImageRef::parse("myreg.io:5000/foo").tag, None);
        assert_eq!(ImageRef::parse("myreg.io:5000/foo:1.0").tag, Some("1.0"));
        assert_eq!(
            ImageRef::parse("debian@sha256:abc").digest,
            Some("sha256:abc")
        );
    }

    #[test]
    fn continuation_lines_keep_positions() {
        let dockerfile = parse::parse("FROM python:3.11\nRUN apt-get update \\\n    && cd /app\n");
        let run = &dockerfile.instructions[1];
        let scripts = run.scripts();
        let cd = scripts[0].commands[1].name().expect("cd");
        assert_eq!(scripts[0].span(cd), (3, 8, 2));
    }

    #[test]
    fn heredoc_bodies_are_scripts_with_their_own_lines() {
        let dockerfile =
            parse::parse("FROM debian:12\nRUN <<EOF\napt-get update\ncd /x\nEOF\nUSER 1000\n");
        assert_eq!(dockerfile.instructions.len(), 3);
        let scripts = dockerfile.instructions[1].scripts();
        let cd = scripts[1].commands[1].name().expect("cd");
        assert_eq!(scripts[1].span(cd), (4, 1, 2));
    }

    #[test]
    fn escape_directive_changes_the_continuation_character() {
        let dockerfile = parse::parse(
            "# escape=`\nFROM mcr.microsoft.com/windows:ltsc2022\nRUN dir `\n  c:\\\n",
        );
        assert_eq!(dockerfile.escape, '`');
        assert_eq!(dockerfile.instructions.len(), 2);
        assert!(dockerfile.errors.is_empty());
    }
}
