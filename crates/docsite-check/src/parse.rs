//! Checking a page, step 2: each unit parsed once for its language. Parsers return typed
//! problems (`problem.rs`), never findings: rules decide what to report.

use std::collections::HashMap;

use super::article::{Kind, Parsed, Unit};
use super::excerpt::{self, Verdict};
use super::interpreter::{self, Interpreter};
use super::problem::{Problem, ProblemKind};
use super::reading::placeholder;
use super::{console, data, dockerfile, python, requirements};

/// Parse every unit from its text; a Dockerfile excerpt is read in the context (escape
/// character, `SHELL`) of the earlier block of its file. Python is parsed last, as the Python
/// the article runs on (`Interpreter`: its image's, else `python`, else the newest).
pub fn parse_units(
    units: &mut [Unit],
    texts: &[String],
    python: Option<(python::PythonVersion, interpreter::Source)>,
) -> Vec<(usize, Problem)> {
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    // The Dockerfile blocks of a page that show one file (the same `file=` name, or no name):
    // the last one parsed, whose escape character and `SHELL` a later excerpt inherits.
    let mut last_of_file: HashMap<Option<String>, usize> = HashMap::new();
    let mut interpreter = None;
    let (python_units, others): (Vec<usize>, Vec<usize>) =
        (0..texts.len()).partition(|&index| units[index].kind == Kind::Python);
    let python_last = others.into_iter().chain(python_units);
    for index in python_last {
        let unit = &units[index];
        let text = &texts[index];
        let earlier = (unit.kind == Kind::Dockerfile)
            .then(|| last_of_file.get(&unit.name).copied())
            .flatten();
        let context = match earlier.map(|earlier| &units[earlier].parsed) {
            Some(Parsed::Dockerfile(before)) if is_dockerfile_excerpt(text) => {
                before.context_after()
            }
            _ => dockerfile::Context::default(),
        };
        let interpreter = match unit.kind {
            Kind::Python => interpreter
                .get_or_insert_with(|| article_interpreter(units, python.clone()))
                .clone(),
            _ => Interpreter::default(),
        };
        let text = &instructions_only(unit, text);
        let (parsed, mut parse_problems, instead) = parse_unit(unit, text, &context, &interpreter);
        first_parse_error_only(&mut parse_problems);
        if unit.strict {
            for problem in &mut parse_problems {
                name_the_placeholder(problem, text);
            }
        }
        problems.extend(not_its_label(unit, instead).map(|problem| (index, problem)));
        if let Parsed::Dockerfile(dockerfile) = &parsed {
            if let (Some(earlier), true) = (earlier, dockerfile.is_excerpt()) {
                if let Parsed::Dockerfile(before) = &mut units[earlier].parsed {
                    before.continued = true;
                }
            }
            last_of_file.insert(units[index].name.clone(), index);
        }
        units[index].parsed = parsed;
        problems.extend(parse_problems.into_iter().map(|problem| (index, problem)));
    }
    problems.sort_by_key(|(index, _)| *index);
    problems
}

/// The Python the article runs on, once its Dockerfiles are parsed: project files first.
fn article_interpreter(
    units: &[Unit],
    setting: Option<(python::PythonVersion, interpreter::Source)>,
) -> Interpreter {
    let dockerfiles = |strict: bool| {
        units
            .iter()
            .filter(move |unit| unit.strict == strict)
            .filter_map(|unit| match &unit.parsed {
                Parsed::Dockerfile(dockerfile) => Some(dockerfile),
                _ => None,
            })
    };
    Interpreter::of_article(dockerfiles(true).chain(dockerfiles(false)), setting)
}

/// The parse problems that stop a reader (and the real tool) at their line: after the first
/// one, a block gets no more of them, as CPython, `bash -n` and `docker build` stop at the first.
fn first_parse_error_only(problems: &mut Vec<Problem>) {
    let is_parse = is_parse_error;
    let Some(first) = problems
        .iter()
        .filter(|problem| is_parse(problem))
        .map(|problem| (problem.line, problem.column))
        .min()
    else {
        return;
    };
    problems.retain(|problem| !is_parse(problem) || (problem.line, problem.column) == first);
}

/// A project file runs as it is shown, so a placeholder that breaks it is an error; the help
/// names it.
fn name_the_placeholder(problem: &mut Problem, text: &str) {
    if !is_parse_error(problem) || problem.line == 0 {
        return;
    }
    let Some(line) = text.lines().nth(problem.line - 1) else {
        return;
    };
    let placeholder = placeholder::find(line)
        .into_iter()
        .map(|range| &line[range])
        .find(|found| !placeholder::is_elision(found));
    if let Some(placeholder) = placeholder {
        problem.help = Some(format!(
            "`{placeholder}` is a placeholder: a project file runs as it is shown, so put the real value in it (or show the code in a block without `file=`)"
        ));
    }
}

/// True for a problem that stops the real tool at its line: a parse error.
fn is_parse_error(problem: &Problem) -> bool {
    matches!(
        problem.kind,
        ProblemKind::UnknownInstruction
            | ProblemKind::MissingFrom
            | ProblemKind::MalformedJson
            | ProblemKind::MissingArguments
            | ProblemKind::UnclosedHeredoc
            | ProblemKind::PythonSyntax
            | ProblemKind::ShellSyntax
            | ProblemKind::UnreadableRequirement
            | ProblemKind::InvalidYaml
            | ProblemKind::InvalidJson
            | ProblemKind::InvalidToml
    )
}

/// DS027 for a block whose content is not its label's language (as read before the checks, or
/// `found` by them): once, at its fence; or, for a Dockerfile that goes on with commands, at
/// the first of them.
fn not_its_label(unit: &Unit, found: Option<Kind>) -> Option<Problem> {
    let label = unit.label.as_deref()?;
    let reads_as = |kind: Kind, checked: &str| {
        let description = kind.description();
        Problem::new(ProblemKind::NotItsLabel, 0, 1, 3)
            .message(format!("this `{label}` block reads as {description}"))
            .help(format!(
                "{checked}; write ```{} to say so, or `check=false` to leave it unchecked",
                kind.word()
            ))
    };
    if let Some(kind) = unit.reading.instead {
        let checked = format!("it is highlighted and checked as {}", kind.description());
        return Some(reads_as(kind, &checked));
    }
    if let Some(kind) = found {
        return Some(reads_as(kind, &format!("it is not checked as `{label}`")));
    }
    let line = unit.reading.commands_from?;
    Some(
        Problem::new(ProblemKind::NotItsLabel, line, 1, 1)
            .message(format!(
                "this `{label}` block goes on with shell commands or their output from line {line}"
            ))
            .label("not a Dockerfile instruction: read as a command from here on")
            .help(
                "show commands in a ```console block of their own, with `$ ` before each command",
            ),
    )
}

/// A Dockerfile block's text without the commands that follow its instructions: those lines are
/// blanked (their numbers kept), so they are neither instructions nor errors.
fn instructions_only(unit: &Unit, text: &str) -> String {
    let Some(from) = unit.reading.commands_from else {
        return text.to_owned();
    };
    text.split_inclusive('\n')
        .enumerate()
        .map(|(index, line)| {
            if index + 1 < from {
                line
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            }
        })
        .collect()
}

/// SH001 for the page's shell units. One `bash -n` over all of them answers for the common case
/// (all valid: a process per block would dominate a large site's check time); only when it
/// fails is each unit checked alone, to put the error in the right block. An excerpt is read as
/// one (`excerpt::shell`): placeholders are the reader's, and output after a command is DS027.
pub fn shell_syntax(units: &[Unit]) -> Vec<(usize, Problem)> {
    let scripts = shell_scripts(units);
    if scripts.is_empty() || console::bash_syntax_error(&joined(&scripts)).is_none() {
        return Vec::new();
    }
    scripts
        .iter()
        .filter_map(|(index, script, lines, block)| {
            let unit = &units[*index];
            let verdict = match console::bash_syntax_error(script) {
                None => return None,
                Some(error) if unit.strict => Verdict::Error(error),
                Some(_) => excerpt::shell(block, script),
            };
            let error = match verdict {
                Verdict::Fine => return None,
                Verdict::Instead(_) if unit.reading.instead.is_some() => return None,
                Verdict::Instead(reads_as) => {
                    return not_its_label(unit, Some(reads_as)).map(|problem| (*index, problem))
                }
                Verdict::Error(error) => error,
            };
            let line = lines
                .get(error.line.saturating_sub(1))
                .copied()
                .unwrap_or(error.line);
            let text = block
                .commands
                .iter()
                .rev()
                .find(|c| c.line <= line)
                .map_or("", |c| c.text.as_str());
            Some((
                *index,
                Problem::new(
                    ProblemKind::ShellSyntax,
                    line,
                    1,
                    text.lines().next().map_or(1, |l| l.chars().count()),
                )
                .message(format!("shell syntax error: {}", error.message)),
            ))
        })
        .collect()
}

/// Each shell unit's script, with the block line of each script line.
pub type ShellScript<'a> = (usize, String, Vec<usize>, &'a console::ShellBlock);

pub fn shell_scripts(units: &[Unit]) -> Vec<ShellScript<'_>> {
    units
        .iter()
        .enumerate()
        .filter_map(|(index, unit)| match &unit.parsed {
            Parsed::Shell(block) => {
                let (script, lines) = block.script();
                Some((index, script, lines, block))
            }
            _ => None,
        })
        .collect()
}

/// A page's shell scripts as one, the way `bash -n` checks them first.
pub fn joined(scripts: &[ShellScript]) -> String {
    scripts
        .iter()
        .map(|(_, script, _, _)| script.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parse a Dockerfile block. An excerpt of a Windows Dockerfile often leaves out the
/// `# escape=`` ` `` directive at the file's top (docker/labs `windows/sql-server/part-1.md`):
/// when its lines end in a backtick and reading that as the escape character is what makes its
/// instructions known ones, the excerpt is read so.
fn parse_dockerfile(text: &str, context: &dockerfile::Context) -> dockerfile::Dockerfile {
    let parsed = dockerfile::parse::parse_in(text, context);
    let unknown = |d: &dockerfile::Dockerfile| {
        d.errors
            .iter()
            .filter(|e| e.kind == ProblemKind::UnknownInstruction)
            .count()
    };
    let backtick_lines = text.lines().any(|line| line.trim_end().ends_with('`'));
    if context.escape.is_some() || !parsed.is_excerpt() || !backtick_lines || unknown(&parsed) == 0
    {
        return parsed;
    }
    let backtick = dockerfile::Context {
        escape: Some('`'),
        shell: context.shell.clone(),
    };
    let reread = dockerfile::parse::parse_in(text, &backtick);
    if unknown(&reread) < unknown(&parsed) {
        reread
    } else {
        parsed
    }
}

/// True when a Dockerfile block has no `FROM` line: an excerpt of a file shown earlier.
fn is_dockerfile_excerpt(text: &str) -> bool {
    !text.lines().any(|line| {
        let mut words = line.split_whitespace();
        words.next().is_some_and(|w| w.eq_ignore_ascii_case("FROM")) && words.next().is_some()
    })
}

/// Parse a unit's text for its kind; parser findings are in the unit's coordinates. A
/// Dockerfile excerpt is read in the `context` of the earlier block of its file.
fn parse_unit(
    unit: &Unit,
    text: &str,
    context: &dockerfile::Context,
    interpreter: &Interpreter,
) -> (Parsed, Vec<Problem>, Option<Kind>) {
    let is_file = unit.name.is_some();
    let (parsed, problems) = match unit.kind {
        Kind::Dockerfile => {
            let mut dockerfile = parse_dockerfile(text, context);
            let mut errors = std::mem::take(&mut dockerfile.errors);
            if is_file && dockerfile.stages.is_empty() {
                errors.push(
                    Problem::new(ProblemKind::MissingFrom, 1, 1, 1)
                        .message("this Dockerfile has no `FROM`")
                        .help("start the Dockerfile with `FROM image:tag`; a block that only shows a few lines should not name a `file=`"),
                );
            }
            (Parsed::Dockerfile(dockerfile), errors)
        }
        Kind::Python => parse_python(text, !unit.strict, interpreter),
        Kind::Requirements => {
            let mut requirements = requirements::parse(text);
            let errors = std::mem::take(&mut requirements.errors);
            (Parsed::Requirements(requirements), errors)
        }
        // `bash -n` runs once per page over all its shell units: see `shell_syntax`.
        Kind::Shell => (Parsed::Shell(console::ShellBlock::read(text)), Vec::new()),
        Kind::Session => (
            Parsed::Shell(console::ShellBlock::read_session(text)),
            Vec::new(),
        ),
        Kind::Text => (Parsed::Data, Vec::new()),
        Kind::Yaml | Kind::Json | Kind::Toml => return parse_data(unit, text),
    };
    (parsed, problems, None)
}

/// A YAML, JSON or TOML unit: a project file must parse as it is; an excerpt is read as one
/// (`excerpt::data`), and may turn out not to be data at all.
fn parse_data(unit: &Unit, text: &str) -> (Parsed, Vec<Problem>, Option<Kind>) {
    let text = &replace_elisions(text, "");
    let (problem, language) = match unit.kind {
        Kind::Yaml => (ProblemKind::InvalidYaml, "YAML"),
        Kind::Json => (ProblemKind::InvalidJson, "JSON"),
        _ => (ProblemKind::InvalidToml, "TOML"),
    };
    let verdict = if unit.strict {
        let error = match unit.kind {
            Kind::Yaml => data::yaml(text),
            Kind::Json => data::json(text),
            _ => data::toml(text),
        };
        error.map_or(Verdict::Fine, Verdict::Error)
    } else {
        excerpt::data(unit.kind, text)
    };
    match verdict {
        Verdict::Fine => (Parsed::Data, Vec::new(), None),
        Verdict::Instead(reads_as) => (Parsed::Data, Vec::new(), Some(reads_as)),
        Verdict::Error(error) => {
            let problem = Problem::new(problem, error.line, error.column, 1)
                .message(format!("invalid {language} block: {}", error.message));
            (Parsed::Data, vec![problem], None)
        }
    }
}

/// True for a line that only elides code (`...`, `…`, `[...]`), as excerpts in posts do, or that
/// a documentation tool replaces with another file's lines: MkDocs' `{!file!}` and
/// `--8<-- "file"`, FastAPI's `{* file *}`, mdBook's `{{#include file}}`, Hugo's `{{< … >}}`.
pub fn is_elision(line: &str) -> bool {
    let line = line.trim();
    matches!(line, "..." | "…" | "[...]" | "[…]" | "{...}" | "(...)") || is_include_directive(line)
}

/// A whole line that another tool replaces with a file's lines when it builds the docs.
fn is_include_directive(line: &str) -> bool {
    let between = |open: &str, close: &str| {
        line.len() >= open.len() + close.len() && line.starts_with(open) && line.ends_with(close)
    };
    between("{!", "!}")
        || between("{*", "*}")
        || between("{{#", "}}")
        || between("{{<", ">}}")
        || between("{{%", "%}}")
        || line.starts_with("--8<--")
}

/// `text` with elision lines replaced, so an excerpt is read for what it shows; lines and
/// their endings stay where they are.
pub fn replace_elisions(text: &str, by: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| match line.strip_suffix('\n') {
            Some(body) if is_elision(body) => format!("{}{by}\n", indentation(body)),
            None if is_elision(line) => format!("{}{by}", indentation(line)),
            _ => line.to_owned(),
        })
        .collect()
}

fn indentation(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

fn parse_python(text: &str, excerpt: bool, interpreter: &Interpreter) -> (Parsed, Vec<Problem>) {
    let options = python::Options {
        version: interpreter.version,
        excerpt,
    };
    // `...` is valid Python (Ellipsis); `…` on its own line means the same to a reader.
    let text = &replace_elisions(text, "...");
    let session = python::interactive_session(text);
    let (source, line_map) = match &session {
        Some(session) => (session.source.clone(), Some(&session.lines)),
        None => (text.to_owned(), None),
    };
    let error = python::syntax_error_with(&source, options);
    let problems = error
        .iter()
        .map(|error| {
            let line = line_map
                .and_then(|map| map.get(error.line.saturating_sub(1)).copied())
                .unwrap_or(error.line);
            // A session line carries its 4-character prompt in the block.
            let column = error.column + if line_map.is_some() { 4 } else { 0 };
            let mut problem = Problem::new(ProblemKind::PythonSyntax, line, column, error.len)
                .message(error.message.clone());
            if let Some(help) = &error.help {
                problem = problem.help(help.clone());
            }
            // Syntax of a newer Python: said as such, with which Python the article runs on.
            if let Some(newer) = error.needs {
                problem = problem
                    .message(format!(
                        "{} need Python {}; {}",
                        newer.what,
                        newer.version,
                        interpreter.described()
                    ))
                    .label(format!(
                        "Python {} stops here: {}",
                        interpreter.version, error.message
                    ))
                    .help(interpreter.help(newer.version));
            }
            problem
        })
        .collect();
    (
        Parsed::Python {
            valid: error.is_none(),
            source,
        },
        problems,
    )
}
