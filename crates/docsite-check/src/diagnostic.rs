//! Located problems in a site's input, and the one place that turns them into rustc-style text.
//!
//! Every stage reports what is wrong with the author's files as a `Diagnostic` carrying its
//! position as data (file, line, column), never baked into a string, so the terminal printer, a
//! JSON printer and the dev server's overlay can all show the same thing.

use std::fmt;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::{Deserialize, Serialize};

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, but the build goes on.
    Warning,
    /// The build fails.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A position in one of the site's files: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Path relative to the site root, as the author would type it.
    pub file: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// How many characters the problem spans on that line (at least 1).
    pub len: usize,
    /// The text of that line, kept so the printer needs no file access.
    pub source_line: Option<String>,
}

impl Location {
    /// A location at `line:column` of `file`, whose source line is taken from `text`.
    pub fn in_text(file: impl Into<PathBuf>, text: &str, line: usize, column: usize) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        Location {
            file: file.into(),
            line,
            column: column.max(1),
            len: 1,
            source_line,
        }
    }

    /// The same location, spanning `len` characters.
    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// One problem found in the site's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable rule id, such as `DS002`.
    pub code: &'static str,
    /// The matching hadolint rule, for Dockerfile rules that have one.
    pub hadolint: Option<&'static str>,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// Where, when the problem has a place in a file.
    pub location: Option<Location>,
    /// The text under the caret; makes sense on its own.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Further context, such as where an included file's line is shown.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A new error with the given rule id and message: made only through a rule
    /// ([`crate::rule::Rule::diagnostic`]), so that its declared severity and docs hold.
    pub(crate) fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            hadolint: None,
            message: message.into(),
            location: None,
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Attach a location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attach a label shown under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Attach a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Render as rustc renders its diagnostics, with colour when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()).id(self.code));
        let path_text;
        if let Some(loc) = &self.location {
            path_text = loc.file.display().to_string();
            match &loc.source_line {
                Some(line) => {
                    let span = char_span(line, loc.column, loc.len);
                    let mut annotation = AnnotationKind::Primary.span(span);
                    if let Some(label) = &self.label {
                        annotation = annotation.label(label.as_str());
                    }
                    group = group.element(
                        Snippet::source(line.as_str())
                            .line_start(loc.line)
                            .path(path_text.as_str())
                            .annotation(annotation),
                    );
                }
                None => {
                    group = group.element(
                        annotate_snippets::Origin::path(path_text.as_str())
                            .line(loc.line)
                            .char_column(loc.column),
                    );
                }
            }
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let hadolint_note = self.hadolint.map(|id| format!("hadolint {id}"));
        for note in self.notes.iter().chain(&hadolint_note) {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl Diagnostic {
    /// One flat JSON object: file, line, column, end (column past the span), rule, hadolint,
    /// severity, message, label, help.
    pub fn to_json(&self) -> String {
        let location = self.location.as_ref();
        serde_json::json!({
            "file": location.map(|l| l.file.display().to_string()),
            "line": location.map(|l| l.line),
            "column": location.map(|l| l.column),
            "end": location.map(|l| l.column + l.len),
            "rule": self.code,
            "hadolint": self.hadolint,
            "severity": self.severity,
            "message": self.message,
            "label": self.label,
            "help": self.help,
            "notes": self.notes,
        })
        .to_string()
    }
}

/// Byte range of `len` characters starting at 1-based character `column` of `line`, clamped.
fn char_span(line: &str, column: usize, len: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(index, _)| index)
    };
    let start = byte_at(column.saturating_sub(1));
    let end = byte_at(column.saturating_sub(1) + len.max(1)).max(start);
    start..end
}

/// "2 errors, 1 warning": the closing line of a report.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
