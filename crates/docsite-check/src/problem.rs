//! What a parser found wrong, typed, before any rule reports it. Parsers know no rules: each
//! parser-level rule claims one kind of problem (`Check::Problem`) and turns it into its finding.

use super::rule::{Finding, Rule};

/// The kinds of problems parsers report; each belongs to exactly one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A Dockerfile line whose first word is no instruction.
    UnknownInstruction,
    /// A Dockerfile instruction before the first `FROM`, or a Dockerfile file without one.
    MissingFrom,
    /// Exec-form arguments that start with `[` but are no JSON array of strings.
    MalformedJson,
    /// A Dockerfile instruction without the arguments it needs.
    MissingArguments,
    /// A heredoc whose delimiter line never comes.
    UnclosedHeredoc,
    /// Two Dockerfile stages with the same name.
    DuplicateStageName,
    /// Python that CPython would not compile.
    PythonSyntax,
    /// Shell that `bash -n` refuses.
    ShellSyntax,
    /// A requirements line pip cannot read.
    UnreadableRequirement,
    /// A YAML block that does not parse.
    InvalidYaml,
    /// A JSON block that does not parse.
    InvalidJson,
    /// A TOML block that does not parse.
    InvalidToml,
    /// A block whose content is not the language of its label.
    NotItsLabel,
}

/// A problem at a place in the checked text, with the words a rule reports it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// 1-based line in the checked text.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Characters to underline.
    pub len: usize,
    /// The message, when more specific than the rule's title.
    pub message: Option<String>,
    /// Text under the caret.
    pub label: Option<String>,
    /// What to do instead.
    pub help: Option<String>,
}

impl Problem {
    /// A problem of `kind` at `line:column`, spanning `len` characters.
    pub fn new(kind: ProblemKind, line: usize, column: usize, len: usize) -> Self {
        Self {
            kind,
            line,
            column,
            len,
            message: None,
            label: None,
            help: None,
        }
    }

    /// Set the message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Set the label under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Set the help.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The finding `rule` reports for this problem.
    pub fn finding(&self, rule: &'static Rule) -> Finding {
        let mut finding = Finding::new(rule, self.line, self.column, self.len);
        if let Some(message) = &self.message {
            finding = finding.message(message.clone());
        }
        if let Some(label) = &self.label {
            finding = finding.label(label.clone());
        }
        if let Some(help) = &self.help {
            finding = finding.help(help.clone());
        }
        finding
    }
}
