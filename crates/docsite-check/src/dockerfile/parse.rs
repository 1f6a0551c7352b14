//! A Dockerfile parser that keeps every position: logical lines with continuations and the
//! `# escape=` directive, comments, `# hadolint ignore=` pragmas, flags, JSON exec form, heredocs
//! and stages.
//!
//! Hand-written rather than parse-dockerfile: that crate stops at the first error, and docsite
//! wants every problem of a block at once, each with its line and column.

use super::{Args, Context, Dockerfile, Flag, Heredoc, Instruction, Stage};
use crate::problem::{Problem, ProblemKind};

/// Instructions Docker knows.
pub const KNOWN: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Instructions whose arguments may be a JSON array.
const JSON_FORM: &[&str] = &["ADD", "CMD", "COPY", "ENTRYPOINT", "RUN", "SHELL", "VOLUME"];

/// A physical line: 1-based number and text without its line ending.
struct Line<'a> {
    number: usize,
    text: &'a str,
}

/// Parse a whole Dockerfile.
pub fn parse(text: &str) -> Dockerfile {
    parse_in(text, &Context::default())
}

/// Parse a Dockerfile block that may continue an earlier block of the same file: its escape
/// character and `SHELL` apply until the block sets its own.
pub fn parse_in(text: &str, context: &Context) -> Dockerfile {
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(index, text)| Line {
            number: index + 1,
            // An elision line (`...`) in an excerpt stands for lines not shown.
            text: if crate::is_elision(text) { "" } else { text },
        })
        .collect();
    let mut dockerfile = Dockerfile {
        instructions: Vec::new(),
        stages: Vec::new(),
        escape: context.escape.unwrap_or('\\'),
        global_ignores: Vec::new(),
        errors: Vec::new(),
        end_shell: None,
        continued: false,
    };
    let mut index = read_directives(&lines, &mut dockerfile);
    // hadolint applies `ignore=` only to an instruction on the very next line, and `stage
    // ignore=` only to the stage whose FROM is on the very next line.
    let mut pending: Option<(usize, Scope, Vec<String>)> = None;
    while index < lines.len() {
        let line = &lines[index];
        let trimmed = line.text.trim_start();
        if trimmed.is_empty() {
            index += 1;
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            match pragma(comment) {
                Some((Scope::Global, codes)) => dockerfile.global_ignores.extend(codes),
                Some((scope, codes)) => pending = Some((line.number + 1, scope, codes)),
                None => {}
            }
            index += 1;
            continue;
        }
        let line_number = line.number;
        let (args, next) = logical_line(&lines, index, dockerfile.escape);
        index = next;
        let (ignores, stage_ignores) = match pending.take() {
            Some((target, Scope::Next, codes)) if target == line_number => (codes, Vec::new()),
            Some((target, Scope::Stage, codes)) if target == line_number => (Vec::new(), codes),
            _ => (Vec::new(), Vec::new()),
        };
        let mut instruction = instruction(args, ignores);
        instruction.stage_ignores = stage_ignores;
        index = read_heredocs(&lines, index, &mut instruction, &mut dockerfile.errors);
        dockerfile.instructions.push(instruction);
    }
    check_structure(&mut dockerfile, context.shell.clone());
    dockerfile
}

/// Parser directives (`# escape=` and friends) at the very top; returns the first other line.
fn read_directives(lines: &[Line], dockerfile: &mut Dockerfile) -> usize {
    for (index, line) in lines.iter().enumerate() {
        let Some(comment) = line.text.trim_start().strip_prefix('#') else {
            return index;
        };
        let Some((key, value)) = comment.split_once('=') else {
            return index;
        };
        let key = key.trim().to_ascii_lowercase();
        if !["escape", "syntax", "check"].contains(&key.as_str()) {
            return index;
        }
        if key == "escape" {
            if let Some(escape) = value.trim().chars().next() {
                dockerfile.escape = escape;
            }
        }
    }
    lines.len()
}

/// What a hadolint pragma covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// `ignore=`: the instruction on the next line.
    Next,
    /// `global ignore=`: the whole file.
    Global,
    /// `stage ignore=`: the stage whose `FROM` is on the next line.
    Stage,
}

/// `hadolint ignore=DL3008,DL3009` (or `global ignore=`, `stage ignore=`) in a comment's text,
/// read as strictly as hadolint reads it: case-sensitive, comma-separated ids, an optional
/// trailing `# reason`; anything else is not a pragma.
fn pragma(comment: &str) -> Option<(Scope, Vec<String>)> {
    let rest = comment.trim_start().strip_prefix("hadolint")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let (scope, rest) = if let Some(after) = rest.strip_prefix("global") {
        (Scope::Global, after.trim_start())
    } else if let Some(after) = rest.strip_prefix("stage") {
        (Scope::Stage, after.trim_start())
    } else {
        (Scope::Next, rest)
    };
    let list = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let list = list.split('#').next().unwrap_or("");
    let codes: Vec<String> = list.split(',').map(|code| code.trim().to_owned()).collect();
    let valid = codes.iter().all(|code| {
        !code.is_empty()
            && code.chars().all(|c| {
                matches!(
                    c,
                    'D' | 'L' | 'S' | 'C' | 'F' | 'X' | 'P' | 'Y' | 'R' | 'Q' | 'H'
                ) || c.is_ascii_digit()
            })
    });
    valid.then_some((scope, codes))
}

/// Join a logical line starting at `start`: continuation lines, minus comment and blank lines
/// inside it (as Docker does). Returns the joined text and the index of the next line.
fn logical_line(lines: &[Line], start: usize, escape: char) -> (Args, usize) {
    let mut args = Args::default();
    let mut index = start;
    while index < lines.len() {
        let line = &lines[index];
        index += 1;
        let is_continuation_noise = index - 1 > start
            && (line.text.trim().is_empty() || line.text.trim_start().starts_with('#'));
        if is_continuation_noise {
            continue;
        }
        let body = line.text.trim_end();
        let (body, continues) = match body.strip_suffix(escape) {
            Some(before) => (before, true),
            _ => (body, false),
        };
        args.push(body, line.number, 1);
        if !continues {
            break;
        }
        args.text.push(' ');
    }
    (args, index)
}

/// Split a logical line into keyword, flags and arguments.
fn instruction(line: Args, ignores: Vec<String>) -> Instruction {
    let text = &line.text;
    let keyword_start = text.len() - text.trim_start().len();
    let keyword_end = text[keyword_start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |end| keyword_start + end);
    let keyword_written = &text[keyword_start..keyword_end];
    let (line_number, column) = line.position(keyword_start);
    let mut rest = keyword_end;
    let mut flags = Vec::new();
    loop {
        let after = &text[rest..];
        let start = rest + (after.len() - after.trim_start().len());
        if !text[start..].starts_with("--") {
            break;
        }
        let end = text[start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |end| start + end);
        let word = &text[start + 2..end];
        let (name, value) = match word.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (word.to_owned(), None),
        };
        let (flag_line, flag_column) = line.position(start);
        flags.push(Flag {
            name,
            value,
            line: flag_line,
            column: flag_column,
            len: text[start..end].chars().count(),
        });
        rest = end;
    }
    let args_start = rest + (text[rest..].len() - text[rest..].trim_start().len());
    let args = line.slice(args_start, text.trim_end().len().max(args_start));
    let keyword = keyword_written.to_ascii_uppercase();
    let exec = if JSON_FORM.contains(&keyword.as_str()) && args.text.starts_with('[') {
        Some(serde_json::from_str::<Vec<String>>(&args.text).ok())
    } else {
        None
    };
    Instruction {
        keyword,
        keyword_written: keyword_written.to_owned(),
        line: line_number,
        column,
        flags,
        args,
        exec,
        heredocs: Vec::new(),
        ignores,
        stage_ignores: Vec::new(),
        stage: 0,
        shell: None,
    }
}

/// Read the bodies of `<<EOF` heredocs that follow an instruction's line.
fn read_heredocs(
    lines: &[Line],
    mut index: usize,
    instruction: &mut Instruction,
    errors: &mut Vec<Problem>,
) -> usize {
    if !matches!(instruction.keyword.as_str(), "RUN" | "COPY" | "ADD") {
        return index;
    }
    for (strip_tabs, delimiter) in heredoc_delimiters(&instruction.args.text) {
        let mut body = String::new();
        let first_line = lines.get(index).map_or(instruction.line + 1, |l| l.number);
        let mut closed = false;
        while index < lines.len() {
            let text = lines[index].text;
            index += 1;
            let candidate = if strip_tabs {
                text.trim_start_matches('\t')
            } else {
                text
            };
            if candidate == delimiter {
                closed = true;
                break;
            }
            body.push_str(candidate);
            body.push('\n');
        }
        if !closed {
            errors.push(
                Problem::new(
                    ProblemKind::UnclosedHeredoc,
                    instruction.line,
                    instruction.column,
                    instruction.keyword.len(),
                )
                .message(format!("heredoc `{delimiter}` is never closed"))
                .help(format!(
                    "end the heredoc with a line holding only `{delimiter}`"
                )),
            );
        }
        instruction.heredocs.push(Heredoc {
            delimiter,
            body,
            first_line,
        });
    }
    index
}

/// `(strip leading tabs, delimiter)` for each `<<EOF`, `<<-EOF`, `<<"EOF"` in `args`.
fn heredoc_delimiters(args: &str) -> Vec<(bool, String)> {
    let mut found = Vec::new();
    let mut rest = args;
    while let Some(at) = rest.find("<<") {
        let after = &rest[at + 2..];
        let (strip_tabs, after) = match after.strip_prefix('-') {
            Some(after) => (true, after),
            None => (false, after),
        };
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        let word_start = quote.map_or(0, char::len_utf8);
        let word: String = after[word_start..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() {
            found.push((strip_tabs, word));
        }
        rest = &after[word_start..];
    }
    found
}

/// Errors about the instruction sequence: unknown instructions, missing FROM, bad JSON, missing
/// arguments, stage names; also assigns each instruction its stage and the `SHELL` in effect,
/// starting from `shell`.
fn check_structure(dockerfile: &mut Dockerfile, mut shell: Option<Vec<String>>) {
    let mut seen_from = false;
    // A block without any FROM is a fragment ("then add `EXPOSE 5000`"); only a Dockerfile that
    // is a project file must have one, which the checker reports.
    let has_from = dockerfile.instructions.iter().any(|i| i.keyword == "FROM");
    for (position, instruction) in dockerfile.instructions.iter_mut().enumerate() {
        let keyword = instruction.keyword.as_str();
        let at = |kind| {
            Problem::new(
                kind,
                instruction.line,
                instruction.column,
                instruction.keyword_written.chars().count(),
            )
        };
        if !KNOWN.contains(&keyword) {
            let suggestion = closest_instruction(keyword);
            let mut finding = at(ProblemKind::UnknownInstruction)
                .message(format!(
                    "unknown instruction `{}`",
                    instruction.keyword_written
                ))
                .label("not a Dockerfile instruction");
            if crate::reading::is_program(&instruction.keyword_written.to_ascii_lowercase()) {
                finding = finding.help(
                    "this line is a shell command: show commands in a `console` or `bash` block, not a `dockerfile` block",
                );
            } else if let Some(suggestion) = suggestion {
                finding = finding.help(format!("did you mean `{suggestion}`?"));
            }
            dockerfile.errors.push(finding);
            continue;
        }
        if keyword == "FROM" {
            // As hadolint does, each stage starts with the default shell.
            shell = None;
            seen_from = true;
            let image = instruction
                .args
                .text
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned();
            let name = alias(&instruction.args.text);
            if let Some(name) = &name {
                if dockerfile
                    .stages
                    .iter()
                    .any(|stage| stage.name.as_deref() == Some(name))
                {
                    dockerfile.errors.push(
                        at(ProblemKind::DuplicateStageName)
                            .message(format!("stage name `{name}` is used twice")),
                    );
                }
            }
            dockerfile.stages.push(Stage {
                name,
                image,
                from: position,
            });
        } else if !seen_from && keyword != "ARG" && has_from {
            dockerfile.errors.push(
                at(ProblemKind::MissingFrom)
                    .message(format!("`{keyword}` before the first `FROM`"))
                    .help("start the Dockerfile with `FROM image:tag` (only `ARG` may come before it)"),
            );
        }
        instruction.stage = dockerfile.stages.len().saturating_sub(1);
        instruction.shell = shell.clone();
        if let ("SHELL", Some(Some(words))) = (keyword, &instruction.exec) {
            shell = Some(words.clone());
        }
        if let Some(None) = &instruction.exec {
            let (line, column) = instruction.args.position(0);
            dockerfile.errors.push(
                Problem::new(
                    ProblemKind::MalformedJson,
                    line,
                    column,
                    instruction.args.text.chars().count(),
                )
                .label("not a valid JSON array of strings")
                .help("use double quotes around every item, e.g. [\"python\", \"app.py\"]"),
            );
        }
        if let Some(message) = missing_arguments(instruction) {
            dockerfile
                .errors
                .push(at(ProblemKind::MissingArguments).message(message));
        }
    }
    dockerfile.end_shell = shell;
}

/// The `AS name` of a FROM line, lowercased as Docker treats it.
fn alias(args: &str) -> Option<String> {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [_, as_word, name, ..] if as_word.eq_ignore_ascii_case("as") => {
            Some(name.to_ascii_lowercase())
        }
        _ => None,
    }
}

fn missing_arguments(instruction: &Instruction) -> Option<String> {
    let keyword = instruction.keyword.as_str();
    let words = instruction.args.text.split_whitespace().count() + instruction.heredocs.len();
    let needed = match keyword {
        "COPY" | "ADD" => match &instruction.exec {
            Some(Some(items)) => (items.len() < 2).then_some(2),
            _ => (words < 2).then_some(2),
        },
        "ENV" | "LABEL" => {
            let text = &instruction.args.text;
            let legacy_without_value = !text.contains('=') && words == 1;
            (words == 0 || legacy_without_value).then_some(if words == 0 { 1 } else { 2 })
        }
        _ => (words == 0).then_some(1),
    }?;
    Some(if needed == 2 {
        match keyword {
            "ENV" | "LABEL" => format!("`{keyword}` needs a value: `{keyword} KEY=value`"),
            _ => format!("`{keyword}` needs a source and a destination"),
        }
    } else {
        format!("`{keyword}` needs arguments")
    })
}

fn closest_instruction(word: &str) -> Option<&'static str> {
    crate::suggest::closest(&word.to_ascii_uppercase(), KNOWN.iter().copied(), 2)
}
