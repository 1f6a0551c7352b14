//! Shell blocks and terminal sessions read as a terminal prints them: prompts (`prompt.rs`),
//! commands that go on over several lines (`\\`, an open quote or `for`, a here-document, the
//! `> ` continuation prompt: `unfinished.rs`), and the output between them; then `bash -n` on
//! the commands.

mod prompt;
mod unfinished;

use std::io::Write;
use std::process::{Command as Process, Stdio};

pub use prompt::{prompt, Prompt, PromptKind};
pub use unfinished::Unfinished;

/// A command of a shell block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellLine {
    /// The command without its prompts; continuation lines joined with newlines.
    pub text: String,
    /// 1-based line in the block where it starts.
    pub line: usize,
    /// 1-based column where the command starts (after the prompt).
    pub column: usize,
    /// The lines shown after the command, up to the next prompt: its output as the post shows
    /// it. Always empty in a block without prompts.
    pub output: Vec<String>,
    /// The shell its prompt belongs to (`Posix` in a block without prompts).
    pub kind: PromptKind,
    /// For each continuation line, the bytes of its `> ` prompt left out of `text`.
    pub continued_after: Vec<usize>,
}

impl ShellLine {
    /// The block line and column of byte `offset` of `text` (commands may span lines).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        match before.rfind('\n') {
            Some(newline) => {
                let continuation = before.matches('\n').count();
                let prompt = self
                    .continued_after
                    .get(continuation - 1)
                    .copied()
                    .unwrap_or(0);
                (
                    self.line + continuation,
                    prompt + before[newline + 1..].chars().count() + 1,
                )
            }
            None => (self.line, self.column + before.chars().count()),
        }
    }

    /// True for a command a POSIX shell runs (not PowerShell, cmd or Python).
    pub fn is_posix(&self) -> bool {
        self.kind == PromptKind::Posix
    }
}

/// What a line of a block is to its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// It starts a command after a prompt of `prompt` bytes (0 without prompts).
    Command {
        /// Bytes of the prompt.
        prompt: usize,
        /// The shell that reads it.
        kind: PromptKind,
    },
    /// It goes on with the command above, after a `> ` or `... ` prompt of `prompt` bytes.
    Continuation {
        /// Bytes of the continuation prompt (0 for none).
        prompt: usize,
        /// The shell that reads it.
        kind: PromptKind,
    },
    /// It is output (or a blank line).
    Output,
}

/// The commands of a shell block, and the role of each of its lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellBlock {
    /// Commands in order.
    pub commands: Vec<ShellLine>,
    /// One role per line of the block.
    pub roles: Vec<LineRole>,
}

impl ShellBlock {
    /// Read a shell script (`bash`, `sh`): with prompts only prompted lines (and what continues
    /// them) are commands; without prompts every line is.
    pub fn read(block: &str) -> ShellBlock {
        let prompted = block
            .lines()
            .any(|line| prompt::prompt(line, false).is_some());
        ShellBlock::read_as(block, prompted.then_some(false))
    }

    /// Read a terminal session (`console`): commands follow a prompt; a bare `# ` is a root
    /// prompt when no other prompt appears; a block without prompts is all output.
    pub fn read_session(block: &str) -> ShellBlock {
        let posix = block
            .lines()
            .any(|line| prompt::prompt(line, false).is_some());
        let root = !posix
            && block
                .lines()
                .any(|line| prompt::prompt(line, true).is_some());
        if !posix && !root {
            return ShellBlock {
                commands: Vec::new(),
                roles: vec![LineRole::Output; block.lines().count()],
            };
        }
        ShellBlock::read_as(block, Some(root))
    }

    /// True when the block has a line that a prompt starts.
    pub fn has_prompts(&self) -> bool {
        self.roles
            .iter()
            .any(|role| matches!(role, LineRole::Command { prompt, .. } if *prompt > 0))
    }

    /// Read `block`: `prompts` is `None` for a script without prompts, else whether a bare
    /// `# ` is a prompt.
    fn read_as(block: &str, prompts: Option<bool>) -> ShellBlock {
        let mut reader = Reading::default();
        for (index, line) in block.lines().enumerate() {
            reader.line(index + 1, line, prompts);
        }
        ShellBlock {
            commands: reader.commands,
            roles: reader.roles,
        }
    }

    /// The POSIX commands as one script, and for each of its lines the block line it came from.
    pub fn script(&self) -> (String, Vec<usize>) {
        let mut script = String::new();
        let mut lines = Vec::new();
        for command in self.commands.iter().filter(|c| c.is_posix()) {
            for (offset, text) in command.text.lines().enumerate() {
                script.push_str(text);
                script.push('\n');
                lines.push(command.line + offset);
            }
        }
        (script, lines)
    }
}

/// A block being read line by line.
#[derive(Default)]
struct Reading {
    commands: Vec<ShellLine>,
    roles: Vec<LineRole>,
    /// The last command's state while it may go on.
    open: Option<Unfinished>,
    /// True when the line before belonged to a command.
    after_command: bool,
}

impl Reading {
    fn line(&mut self, number: usize, line: &str, prompts: Option<bool>) {
        if let Some(role) = self.continuation(line, prompts.is_some()) {
            self.roles.push(role);
            self.after_command = true;
            return;
        }
        let started = match prompts {
            Some(root_hash) => prompt::prompt(line, root_hash).map(|p| (p.len, p.kind)),
            None if line.trim().is_empty() => None,
            None => Some((0, PromptKind::Posix)),
        };
        let Some((prompt, kind)) = started else {
            if let Some(last) = self.commands.last_mut() {
                last.output.push(line.to_owned());
            }
            self.roles.push(LineRole::Output);
            self.after_command = false;
            return;
        };
        let text = &line[prompt..];
        self.open = (kind == PromptKind::Posix).then(|| {
            let mut state = Unfinished::default();
            state.feed(text);
            state
        });
        self.commands.push(ShellLine {
            text: text.to_owned(),
            line: number,
            column: prompt + 1,
            output: Vec::new(),
            kind,
            continued_after: Vec::new(),
        });
        self.roles.push(LineRole::Command { prompt, kind });
        self.after_command = true;
    }

    /// The role of `line` when it goes on with the last command: the shell waits for more
    /// (the line may carry the `> ` continuation prompt), or it is a `... ` line after a Python
    /// prompt.
    fn continuation(&mut self, line: &str, prompted: bool) -> Option<LineRole> {
        let last = self.commands.last_mut()?;
        let kind = last.kind;
        let open = self.open.as_ref().is_some_and(Unfinished::is_open);
        let in_body = self.open.as_ref().is_some_and(Unfinished::in_here_document);
        // A new prompt starts a new command, whatever the reader thought of the last one; only
        // a here-document's body is read as it is.
        if prompted && !in_body && prompt::prompt(line, false).is_some() {
            return None;
        }
        let prompt = match kind {
            PromptKind::Python if self.after_command => {
                (line == "..." || line.starts_with("... ")).then(|| line.len().min(4))?
            }
            // A `> ` after a finished command is output: another program's prompt (`mongosh`,
            // a REPL) or a quoted line.
            PromptKind::Posix if open => match prompt::continuation(line) {
                Some(len) if prompted => len,
                _ => 0,
            },
            _ => return None,
        };
        let body = &line[prompt..];
        last.text.push('\n');
        last.text.push_str(body);
        last.continued_after.push(prompt);
        if let Some(state) = self.open.as_mut() {
            state.feed(body);
        }
        Some(LineRole::Continuation { prompt, kind })
    }
}

/// A syntax error `bash -n` reported: script line and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BashError {
    /// 1-based line in the script.
    pub line: usize,
    /// bash's message.
    pub message: String,
}

/// Run `bash -n` on `script`; `None` when it is fine or bash is not installed.
pub fn bash_syntax_error(script: &str) -> Option<BashError> {
    let mut child = Process::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(script.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    if output.status.success() {
        return None;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr.lines().next()?;
    // "bash: line 3: syntax error near unexpected token `fi'"
    let rest = first.split_once("line ")?.1;
    let (number, message) = rest.split_once(": ")?;
    Some(BashError {
        line: number.trim().parse().ok()?,
        message: message.trim().to_owned(),
    })
}

/// Scripts `bash -n` checks in one process; a failure there is narrowed down by halves.
const SCRIPTS_PER_PROCESS: usize = 128;

/// Which of `scripts` `bash -n` accepts, with a few processes for a whole site instead of one per
/// script: a chunk of scripts is checked at once, each inside `{ :` … `}` so an unclosed
/// construct cannot run into the next; only a chunk that fails is split in halves, down to the
/// scripts at fault. A script marked accepted needs no `bash -n` of its own; one that is not is
/// checked alone, as before, for its exact error position.
pub fn accepted(scripts: &[&str]) -> Vec<bool> {
    let mut verdicts = vec![false; scripts.len()];
    for (chunk, start) in scripts
        .chunks(SCRIPTS_PER_PROCESS)
        .zip((0..).step_by(SCRIPTS_PER_PROCESS))
    {
        narrow(chunk, &mut verdicts[start..start + chunk.len()]);
    }
    verdicts
}

fn narrow(scripts: &[&str], verdicts: &mut [bool]) {
    let grouped: String = scripts
        .iter()
        .map(|script| format!("{{ :\n{script}\n}}\n"))
        .collect();
    if bash_syntax_error(&grouped).is_none() {
        verdicts.fill(true);
    } else if scripts.len() > 1 {
        let half = scripts.len() / 2;
        let (left, right) = verdicts.split_at_mut(half);
        narrow(&scripts[..half], left);
        narrow(&scripts[half..], right);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_separate_commands_from_output() {
        let block = ShellBlock::read("$ docker build -t app .\nSuccessfully built\n$ curl -s \\\n  localhost:5000\n{\"ok\": true}\n");
        assert_eq!(block.commands.len(), 2);
        assert_eq!(block.commands[1].line, 3);
        assert_eq!(block.commands[1].text, "curl -s \\\n  localhost:5000");
        let (script, lines) = block.script();
        assert_eq!(script.lines().count(), 3);
        assert_eq!(lines, [1, 3, 4]);
    }

    #[test]
    fn many_scripts_are_checked_together_and_the_bad_ones_found() {
        let mut scripts = vec!["echo ok\n"; 300];
        scripts[7] = "if true; then\n";
        scripts[200] = "echo \"unclosed\n";
        scripts[201] = "fi\n";
        let verdicts = accepted(&scripts);
        let rejected: Vec<usize> = (0..300).filter(|&i| !verdicts[i]).collect();
        assert_eq!(rejected, [7, 200, 201]);
    }

    #[test]
    fn sessions_without_prompts_are_output() {
        assert!(
            ShellBlock::read_session("Successfully built 1a2b\nDone (it's fine)\n")
                .commands
                .is_empty()
        );
        let root = ShellBlock::read_session("# apt-get update\nHit:1 http://deb\n");
        assert_eq!(root.commands.len(), 1);
        assert_eq!(
            (root.commands[0].text.as_str(), root.commands[0].column),
            ("apt-get update", 3)
        );
        assert_eq!(
            ShellBlock::read_session("$ ls\n# a comment\n")
                .commands
                .len(),
            1
        );
    }

    #[test]
    fn continuation_prompts_join_the_command_they_continue() {
        let block = ShellBlock::read_session(
            "$ for f in *.log; do\n>   gzip \"$f\"\n> done\n$ ls\napp.log.gz\n",
        );
        let texts: Vec<&str> = block.commands.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["for f in *.log; do\n  gzip \"$f\"\ndone", "ls"]);
        assert_eq!(block.commands[1].output, ["app.log.gz"]);
        assert_eq!(
            block.commands[0].position(21),
            (2, 5),
            "columns skip the `> `"
        );
        let (script, _) = block.script();
        assert_eq!(script, "for f in *.log; do\n  gzip \"$f\"\ndone\nls\n");
    }

    #[test]
    fn here_documents_are_part_of_their_command() {
        let block = ShellBlock::read_session(
            "$ cat <<EOF > app.py\n$ not a prompt here\nprint('hi')\nEOF\n$ python app.py\nhi\n",
        );
        assert_eq!(block.commands.len(), 2);
        assert_eq!(
            block.commands[0].text,
            "cat <<EOF > app.py\n$ not a prompt here\nprint('hi')\nEOF"
        );
        assert_eq!(block.commands[1].output, ["hi"]);
        let typed = ShellBlock::read_session("$ cat <<EOF\n> hello\n> EOF\nhello\n");
        assert_eq!(typed.commands[0].text, "cat <<EOF\nhello\nEOF");
        assert_eq!(typed.commands[0].output, ["hello"]);
        let script = ShellBlock::read("cat <<EOF\nnot: a command\nEOF\necho done\n");
        assert_eq!(script.commands.len(), 2);
    }

    #[test]
    fn every_kind_of_prompt_starts_a_command() {
        let block = ShellBlock::read_session(
            "root@ubuntu:~# docker run -it alpine sh\n/ # ping -c 1 alpine2\nPING alpine2\n/ # exit\nPS C:\\> docker ps\n>>> import os\n... \n",
        );
        let kinds: Vec<(PromptKind, &str)> = block
            .commands
            .iter()
            .map(|c| (c.kind, c.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (PromptKind::Posix, "docker run -it alpine sh"),
                (PromptKind::Posix, "ping -c 1 alpine2"),
                (PromptKind::Posix, "exit"),
                (PromptKind::PowerShell, "docker ps"),
                (PromptKind::Python, "import os\n"),
            ]
        );
        let (script, _) = block.script();
        assert_eq!(
            script,
            "docker run -it alpine sh\nping -c 1 alpine2\nexit\n"
        );
        assert_eq!(
            block.roles[2..5],
            [
                LineRole::Output,
                LineRole::Command {
                    prompt: 4,
                    kind: PromptKind::Posix
                },
                LineRole::Command {
                    prompt: 8,
                    kind: PromptKind::PowerShell
                },
            ]
        );
    }

    #[test]
    fn a_quoted_output_line_is_output() {
        let block = ShellBlock::read_session("$ cat quote.md\n\n> To be\n");
        assert_eq!(block.commands[0].output, ["", "> To be"]);
        let block = ShellBlock::read_session(
            "$ docker run -it mongo \\\n\tmongosh\n> db.getName();\ntest\n",
        );
        assert_eq!(block.commands[0].output, ["> db.getName();", "test"]);
    }

    #[test]
    fn blocks_without_prompts_are_scripts() {
        let block = ShellBlock::read("echo a\n\necho b\n");
        assert_eq!(block.commands.len(), 2);
    }

    #[test]
    fn bash_reports_the_line_of_a_syntax_error() {
        if Process::new("bash").arg("--version").output().is_err() {
            eprintln!("skipped: bash is not installed");
            return;
        }
        let error = bash_syntax_error("echo ok\nif true; then\necho x\n").expect("error");
        assert!(error.line >= 3, "{error:?}");
        assert!(bash_syntax_error("echo ok\n").is_none());
    }
}
