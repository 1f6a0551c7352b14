//! What a code block is. Its label is the writer's hint; its content decides. A ```` ```docker ````
//! block that holds `$ docker network ls` and a table is a console session, a ```` ```python ````
//! block that holds `pip install flask` is a shell command, a ```` ```yaml ```` block that starts
//! with `kubectl apply -f - <<EOF` is shell. Such a block is highlighted and checked as what it
//! is, and DS027 says so once for the block, instead of an error per line.
//!
//! The judgement is made from the text alone, before any check, so the highlighter and the
//! checks agree. It is deliberately conservative: a block is read as something else only when
//! its first lines plainly are that (a prompt, a command, a YAML key, a Dockerfile
//! instruction), the way GitHub's linguist and hadolint look at a file's first lines. A block
//! that is a project file (`file=`) is never judged: it is what its name says.

mod commands;
pub mod placeholder;

pub use commands::{is_assignment, is_command, is_program};

use crate::article::Kind;
use crate::console::{self, PromptKind, ShellBlock};
use crate::dockerfile::parse::KNOWN;

/// How a block is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The kind it is checked as; `None`: a language docsite does not check.
    pub kind: Option<Kind>,
    /// What its content reads as, when not what its label says (`Text`: prose or output).
    pub instead: Option<Kind>,
    /// For a Dockerfile block that goes on with shell commands or their output (`docker build`
    /// after the instructions): the first line of those, which is not read as instructions.
    pub commands_from: Option<usize>,
}

impl Reading {
    /// Read as labelled.
    pub fn as_labelled(kind: Option<Kind>) -> Reading {
        Reading {
            kind,
            instead: None,
            commands_from: None,
        }
    }

    fn instead(kind: Kind) -> Reading {
        Reading {
            kind: Some(kind),
            instead: Some(kind),
            commands_from: None,
        }
    }
}

/// How a block labelled `kind` (from its info string) with `text` is read.
pub fn read(kind: Kind, text: &str) -> Reading {
    let judged = match kind {
        Kind::Dockerfile => dockerfile(text),
        Kind::Python => python(text),
        Kind::Shell => shell(text),
        Kind::Yaml => yaml(text),
        Kind::Json => json(text),
        Kind::Session | Kind::Requirements | Kind::Toml | Kind::Text => None,
    };
    judged.unwrap_or(Reading::as_labelled(Some(kind)))
}

/// The first line that is not blank (nor, with `comments`, a `#` comment): its 1-based number
/// and text.
fn first_line(text: &str, comments: bool) -> Option<(usize, &str)> {
    text.lines().enumerate().find_map(|(index, line)| {
        let trimmed = line.trim();
        let skipped = trimmed.is_empty() || (comments && trimmed.starts_with('#'));
        (!skipped).then_some((index + 1, line))
    })
}

/// True when `line` starts with a prompt a reader would not type (a shell's, not `>>>`).
fn shell_prompt(line: &str) -> bool {
    console::prompt(line, false).is_some_and(|prompt| prompt.kind != PromptKind::Python)
}

/// A Dockerfile starts with a parser directive, a comment, `ARG` or `FROM`, or is an excerpt of
/// instructions. A block whose first instruction line is a prompt, a command or output is not
/// one; a Dockerfile whose instructions are followed by commands is one, up to them.
fn dockerfile(text: &str) -> Option<Reading> {
    let (_, first) = first_line(text, true)?;
    if shell_prompt(first) {
        return Some(Reading::instead(Kind::Session));
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut instructions = 0;
    for instruction in &instructions_as_written(text).instructions {
        if KNOWN.contains(&instruction.keyword.as_str()) || is_typo(&instruction.keyword_written) {
            instructions += 1;
            continue;
        }
        if instructions == 0 {
            return Some(Reading::instead(other_than_dockerfile(text)));
        }
        // A command after instructions (`docker build -t app .`) starts what is not the
        // Dockerfile; any other unknown word (`RUN ls \` then `-l`) is Docker's error.
        let line = lines.get(instruction.line - 1).copied().unwrap_or("");
        if shell_prompt(line) || is_command(line.trim_start()) {
            return Some(Reading {
                kind: Some(Kind::Dockerfile),
                instead: None,
                commands_from: Some(instruction.line),
            });
        }
    }
    None
}

/// The block's instructions, with a backtick as the escape character when that is what makes
/// its lines instructions: a Windows excerpt written without its `# escape=` line.
fn instructions_as_written(text: &str) -> crate::dockerfile::Dockerfile {
    let unknown = |parsed: &crate::dockerfile::Dockerfile| {
        parsed
            .instructions
            .iter()
            .filter(|i| !KNOWN.contains(&i.keyword.as_str()))
            .count()
    };
    let parsed = crate::dockerfile::parse::parse(text);
    if unknown(&parsed) == 0 || !text.lines().any(|line| line.trim_end().ends_with('`')) {
        return parsed;
    }
    let backtick = crate::dockerfile::Context {
        escape: Some('`'),
        shell: None,
    };
    let reread = crate::dockerfile::parse::parse_in(text, &backtick);
    if unknown(&reread) < unknown(&parsed) {
        reread
    } else {
        parsed
    }
}

/// A word that is meant as an instruction even though Docker does not know it: two edits
/// from one in capitals (`RUNN`, `COPPY`, `ENTRYPIONT`), one edit in any case (`expse`).
/// Capitals alone do not make an instruction: `DRIVER   VOLUME NAME` is a table's header.
fn is_typo(word: &str) -> bool {
    let capitals = word.chars().all(|c| c.is_ascii_uppercase());
    let allowed = if capitals { 2 } else { 1 };
    word.len() >= 3
        && KNOWN
            .iter()
            .any(|known| strsim::levenshtein(&word.to_ascii_uppercase(), known) <= allowed)
}

/// What a block labelled as a Dockerfile is when it is not one.
fn other_than_dockerfile(text: &str) -> Kind {
    if text.lines().any(shell_prompt) {
        return Kind::Session;
    }
    if let Some(reads_as) = data(text) {
        return reads_as;
    }
    commands_or_output(text).unwrap_or(Kind::Text)
}

/// YAML (a mapping whose first line is a key) or JSON (an object or array that parses).
fn data(text: &str) -> Option<Kind> {
    let (_, first) = first_line(text, true)?;
    let trimmed = first.trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('[')) && crate::data::json(text).is_none() {
        return Some(Kind::Json);
    }
    let key = trimmed
        .split_once(':')
        .is_some_and(|(key, rest)| is_yaml_key(key) && (rest.is_empty() || rest.starts_with(' ')));
    let mapping =
        serde_yaml::from_str::<serde_yaml::Value>(text).is_ok_and(|value| value.is_mapping());
    (key && mapping).then_some(Kind::Yaml)
}

fn is_yaml_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | '\''))
}

/// Shell commands, or commands with their output: the first command line decides.
fn commands_or_output(text: &str) -> Option<Kind> {
    let block = ShellBlock::read(text);
    let first_lines: Vec<&str> = block
        .commands
        .iter()
        .map(|command| command.text.lines().next().unwrap_or(""))
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect();
    if !is_command(first_lines.first()?) {
        return None;
    }
    let all_commands = first_lines.iter().all(|line| is_command(line));
    Some(if all_commands {
        Kind::Shell
    } else {
        Kind::Session
    })
}

/// A Python block holding a terminal session, a traceback, requirements, or shell commands.
fn python(text: &str) -> Option<Reading> {
    let (number, first) = first_line(text, true)?;
    if shell_prompt(first) {
        return Some(Reading::instead(Kind::Session));
    }
    if first
        .trim_start()
        .starts_with("Traceback (most recent call last):")
    {
        return Some(Reading::instead(Kind::Text));
    }
    if is_requirements(text) {
        return Some(Reading::instead(Kind::Requirements));
    }
    let command = is_command(first) && !starts_python_statement(first);
    if command && crate::python::syntax_error(text).is_some_and(|error| error.line <= number) {
        return commands_or_output(text).map(Reading::instead);
    }
    None
}

/// True when `line` begins like a Python statement, whatever follows.
fn starts_python_statement(line: &str) -> bool {
    let word = line
        .trim_start()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    matches!(
        word,
        "import"
            | "from"
            | "def"
            | "class"
            | "if"
            | "for"
            | "while"
            | "with"
            | "try"
            | "return"
            | "print"
            | "async"
            | "await"
            | "assert"
            | "del"
            | "global"
            | "raise"
            | "yield"
    ) || line.contains(" = ")
        || line.trim_end().ends_with(':')
}

/// Every line a requirement (`flask==3.0.3`, `numpy`, `-r base.txt`, a comment), and at least
/// one pinned: what a requirements.txt holds, which Python cannot mean.
fn is_requirements(text: &str) -> bool {
    let mut pinned = 0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with("-r ") {
            continue;
        }
        let spec = line.split(" #").next().unwrap_or(line).trim();
        let at = spec.find(['=', '>', '<', '~', '!']);
        let name = at.map_or(spec, |at| &spec[..at]);
        let name = name.split('[').next().unwrap_or(name);
        let name_ok = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !name_ok {
            return false;
        }
        if let Some(at) = at {
            let operator_and_version = &spec[at..];
            let version = operator_and_version.trim_start_matches(['=', '>', '<', '~', '!']);
            if !version.starts_with(|c: char| c.is_ascii_digit()) || version.contains(' ') {
                return false;
            }
            pinned += 1;
        }
    }
    pinned > 0
}

/// A shell block holding a Dockerfile, YAML, JSON or Python.
fn shell(text: &str) -> Option<Reading> {
    let (_, first) = first_line(text, true)?;
    if console::prompt(first, false).is_some() || is_command(first) {
        return None;
    }
    let first_word = first.split_whitespace().next().unwrap_or("");
    if first_word == "FROM" || first_word == "ARG" {
        let parsed = crate::dockerfile::parse::parse(text);
        let known = parsed
            .instructions
            .iter()
            .filter(|i| KNOWN.contains(&i.keyword.as_str()))
            .count();
        if known * 2 >= parsed.instructions.len() {
            return Some(Reading::instead(Kind::Dockerfile));
        }
    }
    if let Some(reads_as) = data(text) {
        return Some(Reading::instead(reads_as));
    }
    let python_opening = ["import ", "from ", "def ", "class ", "@"]
        .iter()
        .any(|opening| first.starts_with(opening));
    if python_opening && crate::python::syntax_error(text).is_none() {
        return Some(Reading::instead(Kind::Python));
    }
    None
}

/// A YAML block holding a session or shell commands (`kubectl apply -f - <<EOF` and a
/// manifest): what does not parse as YAML and starts with a command.
fn yaml(text: &str) -> Option<Reading> {
    let (_, first) = first_line(text, true)?;
    if shell_prompt(first) {
        return Some(Reading::instead(Kind::Session));
    }
    if is_command(first) && crate::data::yaml(&crate::replace_elisions(text, "")).is_some() {
        return commands_or_output(text).map(Reading::instead);
    }
    None
}

/// A JSON block holding a session, commands, or output that is not JSON (`data: {…}` lines).
fn json(text: &str) -> Option<Reading> {
    let (_, first) = first_line(text, false)?;
    if shell_prompt(first) {
        return Some(Reading::instead(Kind::Session));
    }
    let trimmed = first.trim_start();
    let json_start = trimmed.starts_with(['{', '[', '"', '-', '/'])
        || trimmed.starts_with(|c: char| c.is_ascii_digit())
        || ["true", "false", "null"].contains(&trimmed);
    if json_start || crate::data::json(text).is_none() {
        return None;
    }
    Some(Reading::instead(
        commands_or_output(text).unwrap_or(Kind::Text),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instead(kind: Kind, text: &str) -> Option<Kind> {
        read(kind, text).instead
    }

    #[test]
    fn dockerfiles_are_dockerfiles() {
        for text in [
            "FROM python:3.12-slim\nRUN pip install flask\n",
            "# syntax=docker/dockerfile:1\nFROM alpine\n",
            "# A comment first\nARG VERSION=3\nFROM python:${VERSION}\n",
            "EXPOSE 5000\nCMD [\"python\", \"app.py\"]\n",
            "RUNN pip install flask\n",
            "ENTRYPIONT [\"python\"]\n",
            "from alpine\nrun echo hi\n",
        ] {
            assert_eq!(
                read(Kind::Dockerfile, text),
                Reading::as_labelled(Some(Kind::Dockerfile)),
                "{text}"
            );
        }
    }

    #[test]
    fn sessions_and_commands_labelled_docker_are_what_they_are() {
        assert_eq!(
            instead(
                Kind::Dockerfile,
                "DRIVER              VOLUME NAME\nlocal               html\n"
            ),
            Some(Kind::Text)
        );
        assert_eq!(
            instead(Kind::Dockerfile, "$ docker network ls\nNETWORK ID     NAME      DRIVER\n7fca4eb8c647   bridge    bridge\n"),
            Some(Kind::Session)
        );
        assert_eq!(
            instead(
                Kind::Dockerfile,
                "root@ubuntu:~# docker run alpine\nUnable to find image\n"
            ),
            Some(Kind::Session)
        );
        assert_eq!(
            instead(Kind::Dockerfile, "docker run -h collabnix -i -t debian /bin/bash\nUnable to find image 'debian:latest' locally\n"),
            Some(Kind::Session)
        );
        assert_eq!(
            instead(
                Kind::Dockerfile,
                "docker build -t app .\ndocker run -p 5000:5000 app\n"
            ),
            Some(Kind::Shell)
        );
        assert_eq!(
            instead(
                Kind::Dockerfile,
                "version: '3'\nservices:\n  web:\n    image: nginx\n"
            ),
            Some(Kind::Yaml)
        );
        assert_eq!(
            instead(Kind::Dockerfile, "Hello from Docker!\nThis message shows that your installation appears to be working correctly.\n"),
            Some(Kind::Text)
        );
    }

    #[test]
    fn a_dockerfile_followed_by_commands_is_a_dockerfile_up_to_them() {
        let reading = read(
            Kind::Dockerfile,
            "FROM python:3.12-slim\nCOPY . /app\n\ndocker build -t app .\n",
        );
        assert_eq!(reading.kind, Some(Kind::Dockerfile));
        assert_eq!(reading.commands_from, Some(4));
    }

    #[test]
    fn python_blocks_holding_something_else() {
        assert_eq!(
            instead(Kind::Python, "pip install flask\n"),
            Some(Kind::Shell)
        );
        assert_eq!(
            instead(Kind::Python, "# the cache\nexport HF_HOME=/path/to/cache\n"),
            Some(Kind::Shell)
        );
        assert_eq!(
            instead(
                Kind::Python,
                "python app.py\n * Running on http://127.0.0.1:5000\n"
            ),
            Some(Kind::Session)
        );
        assert_eq!(
            instead(Kind::Python, "$ python app.py\n"),
            Some(Kind::Session)
        );
        assert_eq!(
            instead(
                Kind::Python,
                "flask==3.0.3\ntensorflow==2.16.1\n# the rest\nnumpy\n"
            ),
            Some(Kind::Requirements)
        );
        assert_eq!(
            instead(
                Kind::Python,
                "Traceback (most recent call last):\n  File \"x.py\"\n"
            ),
            Some(Kind::Text)
        );
        for python in [
            "import os\nprint(os.getcwd())\n",
            "print 'hello'\n",
            "x == 1\n",
            ">>> 1 + 1\n2\n",
            "model.fit(x, y)\n",
        ] {
            assert_eq!(instead(Kind::Python, python), None, "{python}");
        }
    }

    #[test]
    fn shell_blocks_holding_something_else() {
        assert_eq!(
            instead(Kind::Shell, "FROM python:3.12\nRUN pip install flask\n"),
            Some(Kind::Dockerfile)
        );
        assert_eq!(
            instead(
                Kind::Shell,
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"
            ),
            Some(Kind::Yaml)
        );
        assert_eq!(instead(Kind::Shell, "{\"a\": 1}\n"), Some(Kind::Json));
        assert_eq!(
            instead(Kind::Shell, "import os\nprint(os.environ['HOME'])\n"),
            Some(Kind::Python)
        );
        for shell in [
            "docker ps\n",
            "[ -f x ] && echo y\n",
            "$ ls\n",
            "# install\npip install flask\n",
            "server {\n  listen 80;\n}\n",
        ] {
            assert_eq!(instead(Kind::Shell, shell), None, "{shell}");
        }
    }

    #[test]
    fn yaml_and_json_blocks_holding_something_else() {
        assert_eq!(
            instead(
                Kind::Yaml,
                "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nEOF\n"
            ),
            Some(Kind::Shell)
        );
        assert_eq!(
            instead(Kind::Yaml, "services:\n  web:\n    image: x\n"),
            None
        );
        assert_eq!(
            instead(Kind::Json, "data: {\"id\": 1}\ndata: [DONE]\n"),
            Some(Kind::Text)
        );
        assert_eq!(instead(Kind::Json, "{\"a\": 1,}\n"), None);
    }
}
