//! What every rule declares, always in the same order, and what a rule reports.
//!
//! A rule's documentation lives next to its check, in its `Rule` value: the README table,
//! `docsite explain`, and the test that runs every rule's bad and good example all read it.

use super::article::Article;
use super::dockerfile::Dockerfile;
use super::problem::ProblemKind;
use super::requirements::Requirements;
use crate::diagnostic::Severity;

/// How a rule is run.
#[derive(Debug)]
pub enum Check {
    /// Reports the problems of one kind that a parser returns.
    Problem(ProblemKind),
    /// Runs over one Dockerfile.
    Dockerfile(fn(&Dockerfile, &mut Vec<Finding>)),
    /// Runs over one requirements file.
    Requirements(fn(&Requirements, &mut Vec<Finding>)),
    /// Runs over a whole article; findings name the unit they are in.
    Article(fn(&Article, &mut Vec<(usize, Finding)>)),
    /// Reported by the site's own stages (configuration, content, templates, links, output).
    Site,
}

/// A rule: its identity, default severity, and documentation.
#[derive(Debug)]
pub struct Rule {
    /// Stable id: `DF…` Dockerfile, `PY…` Python, `RQ…` requirements, `SH…` shell, `XF…` cross-file,
    /// `DS…` site and data blocks.
    pub id: &'static str,
    /// The hadolint rule that checks the same thing, if any.
    pub hadolint: Option<&'static str>,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line: what is wrong (lowercase, no trailing period).
    pub title: &'static str,
    /// What the rule checks.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A Markdown article body that triggers the rule.
    pub bad: &'static str,
    /// The same article, fixed.
    pub good: &'static str,
    /// How it is run.
    pub check: Check,
}

impl Rule {
    /// A diagnostic of this rule, at its default severity.
    pub fn diagnostic(&'static self, message: impl Into<String>) -> crate::diagnostic::Diagnostic {
        let mut diagnostic = crate::diagnostic::Diagnostic::error(self.id, message);
        diagnostic.severity = self.severity;
        diagnostic
    }
}

/// One problem found by a rule, in the coordinates of the checked file or block.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// 1-based line in the checked text.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Characters to underline.
    pub len: usize,
    /// The message; the rule's title unless more specific.
    pub message: String,
    /// Text under the caret.
    pub label: Option<String>,
    /// What to do instead.
    pub help: Option<String>,
}

impl Finding {
    /// A finding of `rule` at `line:column`, spanning `len` characters.
    pub fn new(rule: &'static Rule, line: usize, column: usize, len: usize) -> Self {
        Finding {
            rule,
            line,
            column,
            len: len.max(1),
            message: rule.title.to_owned(),
            label: None,
            help: None,
        }
    }

    /// Replace the message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Set the label under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Set the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
