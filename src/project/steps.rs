//! An article's test steps: commands from `test:` in the front matter and from shell blocks
//! marked `run`, in the order a reader would run them, with the output the post shows for each.

use crate::content::Page;
use docsite_check::console::ShellBlock;

/// Default time a step may take, in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 120;

/// One command to run in the project folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The shell command.
    pub command: String,
    /// Where it is written, as `file:line`.
    pub origin: String,
    /// Index of the `run` block it came from (steps of one block are skipped together).
    pub block: Option<usize>,
    /// The output the post shows under the command, which it must print.
    pub expected: Option<ExpectedOutput>,
}

/// The lines a post shows after a `$ ` command: what `docsite test` compares its output with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedOutput {
    /// The lines as written; a `...` line stands for any run of lines.
    pub lines: Vec<String>,
    /// The Markdown file of the block.
    pub file: String,
    /// The Markdown line of the first of them.
    pub first_line: usize,
}

impl Step {
    /// True when the step needs a Docker engine (`docker …`, `docker-compose …`).
    pub fn needs_docker(&self) -> bool {
        docsite_check::shell::parse(&self.command)
            .iter()
            .any(|command| {
                command.is("docker") || command.is("docker-compose") || command.is("podman")
            })
    }
}

/// The steps of `page`: its `run` blocks' commands (prompts and output removed), then its
/// front matter's `test:` commands.
pub fn steps(page: &Page) -> Vec<Step> {
    let mut steps = Vec::new();
    let source = page.source.display();
    for (index, block) in page.rendered.code_blocks.iter().enumerate() {
        if !block.info.attrs.contains_key("run") {
            continue;
        }
        // `output=any`: the block shows output that differs on every run (ids, times).
        let any_output = block
            .info
            .attrs
            .get("output")
            .is_some_and(|value| value == "any");
        let commands = ShellBlock::read(&block.code).commands;
        // PowerShell, cmd and `>>>` lines are shown for the reader; only POSIX commands run.
        for command in commands.into_iter().filter(|command| command.is_posix()) {
            let expected = (!any_output && !command.output.is_empty()).then(|| ExpectedOutput {
                lines: command.output.clone(),
                file: source.to_string(),
                first_line: block.fence_line + command.line + command.text.lines().count(),
            });
            steps.push(Step {
                command: command.text,
                origin: format!("{source}:{}", block.fence_line + command.line),
                block: Some(index),
                expected,
            });
        }
    }
    for command in &page.meta.test {
        steps.push(Step {
            command: command.clone(),
            origin: format!("{source} (front matter `test`)"),
            block: None,
            expected: None,
        });
    }
    steps
}
