//! Shell blocks: separating commands from output (`$ ` prompts), and `bash -n` on the commands.

use std::io::Write;
use std::process::{Command as Process, Stdio};

/// A command of a shell block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellLine {
    /// The command without its prompt; continuation lines joined with newlines.
    pub text: String,
    /// 1-based line in the block where it starts.
    pub line: usize,
    /// 1-based column where the command starts (after the prompt).
    pub column: usize,
    /// The lines shown after the command, up to the next prompt: its output as the post shows
    /// it. Always empty in a block without prompts.
    pub output: Vec<String>,
}

impl ShellLine {
    /// The block line and column of byte `offset` of `text` (commands may span lines).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        match before.rfind('\n') {
            Some(newline) => (
                self.line + before.matches('\n').count(),
                before[newline + 1..].chars().count() + 1,
            ),
            None => (self.line, self.column + before.chars().count()),
        }
    }
}

/// The commands of a shell block, output lines dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellBlock {
    /// Commands in order.
    pub commands: Vec<ShellLine>,
}

impl ShellBlock {
    /// Read a block: with `$ ` prompts only prompted lines (and their continuations) are
    /// commands; without prompts every line is.
    pub fn read(block: &str) -> ShellBlock {
        ShellBlock::read_prompted(block, has_prompt(block, "$").then_some("$"))
    }

    /// Read a terminal session (`console`): commands follow a `$ ` prompt, or a root `# `
    /// prompt when no `$ ` prompt appears; a block without prompts is all output.
    pub fn read_session(block: &str) -> ShellBlock {
        match ["$", "#"].into_iter().find(|p| has_prompt(block, p)) {
            Some(prompt) => ShellBlock::read_prompted(block, Some(prompt)),
            None => ShellBlock::default(),
        }
    }

    fn read_prompted(block: &str, prompt: Option<&str>) -> ShellBlock {
        let prefix = prompt.map(|prompt| format!("{prompt} "));
        let mut commands: Vec<ShellLine> = Vec::new();
        let mut continuing = false;
        for (index, line) in block.lines().enumerate() {
            if continuing {
                if let Some(last) = commands.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(line);
                }
                continuing = line.trim_end().ends_with('\\');
                continue;
            }
            let (text, column) = match &prefix {
                Some(prefix) => match line.strip_prefix(prefix.as_str()) {
                    Some(command) => (command, prefix.len() + 1),
                    None => {
                        if let Some(last) = commands.last_mut() {
                            last.output.push(line.to_owned());
                        }
                        continue;
                    }
                },
                None if line.trim().is_empty() => continue,
                None => (line, 1),
            };
            continuing = text.trim_end().ends_with('\\');
            commands.push(ShellLine {
                text: text.to_owned(),
                line: index + 1,
                column,
                output: Vec::new(),
            });
        }
        ShellBlock { commands }
    }

    /// The commands as one script, and for each of its lines the block line it came from.
    pub fn script(&self) -> (String, Vec<usize>) {
        let mut script = String::new();
        let mut lines = Vec::new();
        for command in &self.commands {
            for (offset, text) in command.text.lines().enumerate() {
                script.push_str(text);
                script.push('\n');
                lines.push(command.line + offset);
            }
        }
        (script, lines)
    }
}

/// True when a line of `block` starts with `prompt` and a space (or is the bare prompt).
fn has_prompt(block: &str, prompt: &str) -> bool {
    block.lines().any(|line| {
        line.strip_prefix(prompt)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
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
