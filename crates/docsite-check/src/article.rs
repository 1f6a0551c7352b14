//! An article under check: its project and every piece of code in it, parsed once, plus the
//! questions cross-file rules ask of them (what runs, on which port, from which files).

use std::path::PathBuf;

use super::console::ShellBlock;
use super::dockerfile::{Dockerfile, Instruction};
use super::python;
use super::requirements::Requirements;
use super::shell;
use crate::project::Project;

/// What kind of code a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Dockerfile.
    Dockerfile,
    /// Python source, or an interactive session.
    Python,
    /// A pip requirements file.
    Requirements,
    /// Shell commands (`bash`, `sh`): without prompts, every line is a command.
    Shell,
    /// A terminal session (`console`): only prompted lines are commands, the rest is output.
    Session,
    /// YAML data.
    Yaml,
    /// JSON data.
    Json,
    /// TOML data.
    Toml,
    /// Not checked: prose or program output in a block labelled as code (see `reading`).
    Text,
}

impl Kind {
    /// The info-string word that highlights it.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Dockerfile => "dockerfile",
            Kind::Python => "python",
            Kind::Requirements => "requirements",
            Kind::Shell => "bash",
            Kind::Session => "console",
            Kind::Yaml => "yaml",
            Kind::Json => "json",
            Kind::Toml => "toml",
            Kind::Text => "text",
        }
    }

    /// What it is, in a sentence: "reads as {description}".
    pub fn description(self) -> &'static str {
        match self {
            Kind::Dockerfile => "a Dockerfile",
            Kind::Python => "Python",
            Kind::Requirements => "a requirements file",
            Kind::Shell => "shell commands",
            Kind::Session => "a console session (commands and their output)",
            Kind::Yaml => "YAML",
            Kind::Json => "JSON",
            Kind::Toml => "TOML",
            Kind::Text => "plain text (output, configuration or prose)",
        }
    }
}

/// A unit parsed for its kind.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// A Dockerfile model.
    Dockerfile(Dockerfile),
    /// Python source (after removing prompts), and whether it parses.
    Python {
        /// The code checked (prompts removed for sessions).
        source: String,
        /// True when it has no syntax error.
        valid: bool,
    },
    /// Requirements.
    Requirements(Requirements),
    /// Shell commands.
    Shell(ShellBlock),
    /// Data blocks need nothing after parsing.
    Data,
}

/// Where a unit's text sits, so findings can be reported in the author's file.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Display path: the Markdown file, or the bundle file.
    pub file: PathBuf,
    /// That file's text.
    pub file_text: std::sync::Arc<str>,
    /// Line of that file holding the unit's line 1.
    pub first_line: usize,
    /// Columns to add (a fenced block indented inside a list).
    pub indent: usize,
    /// For a file assembled from several blocks (`append`): the file line of each unit line.
    /// Empty when the unit's lines follow `first_line` one by one.
    pub line_map: Vec<usize>,
}

impl Origin {
    /// The line of the author's file holding line `line` of the unit.
    pub fn line(&self, line: usize) -> usize {
        match self.line_map.get(line.saturating_sub(1)) {
            Some(mapped) => *mapped,
            None => self.first_line + line.saturating_sub(1),
        }
    }
}

/// One checked piece of code: a code block, or a bundle file no block shows.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Its kind.
    pub kind: Kind,
    /// Its project file name, if it is one.
    pub name: Option<String>,
    /// The parsed form.
    pub parsed: Parsed,
    /// Where it is.
    pub origin: Origin,
    /// Rule ids silenced by the block's `allow=` attribute.
    pub allow: Vec<String>,
    /// For a bundle file that blocks include: each shown file line and its `file:line` in the
    /// Markdown.
    pub shown_at: Vec<(usize, String)>,
    /// For a Dockerfile: the project folder that is its build context (empty: the root).
    pub build_context: String,
    /// The language its info string names, as written (lowercased); `None` for a file.
    pub label: Option<String>,
    /// How its content reads (`reading::read`): what the label says, or what it is instead.
    pub reading: crate::reading::Reading,
    /// True for code that runs as it is shown: a project file (`file=`, a bundle file) or a
    /// `run` block. Other blocks are excerpts, read leniently (placeholders, `return` outside a
    /// function, a signature without its body).
    pub strict: bool,
}

/// Everything a cross-file rule may look at.
#[derive(Debug)]
pub struct Article<'a> {
    /// The article's files.
    pub project: &'a Project,
    /// Its checked code.
    pub units: Vec<Unit>,
    /// `(block index, unit index)` for each unit that is a code block of the page.
    pub block_units: &'a [(usize, usize)],
}

/// Where and how the app listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bind {
    /// Host the server binds, when known.
    pub host: Option<String>,
    /// Port the server binds, when known.
    pub port: Option<u16>,
    /// Unit index and span of where it is said.
    pub unit: usize,
    /// 1-based line in the unit.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Length.
    pub len: usize,
}

impl Article<'_> {
    /// Dockerfiles with their unit index.
    pub fn dockerfiles(&self) -> impl Iterator<Item = (usize, &Dockerfile)> {
        self.units
            .iter()
            .enumerate()
            .filter_map(|(index, unit)| match &unit.parsed {
                Parsed::Dockerfile(dockerfile) => Some((index, dockerfile)),
                _ => None,
            })
    }

    /// Valid Python sources that are project files, with unit index and file name.
    pub fn python_files(&self) -> impl Iterator<Item = (usize, &str, &str)> {
        self.units
            .iter()
            .enumerate()
            .filter_map(|(index, unit)| match (&unit.parsed, &unit.name) {
                (
                    Parsed::Python {
                        source,
                        valid: true,
                    },
                    Some(name),
                ) => Some((index, name.as_str(), source.as_str())),
                _ => None,
            })
    }

    /// Requirements files with their unit index.
    pub fn requirements(&self) -> impl Iterator<Item = (usize, &Requirements)> {
        self.units
            .iter()
            .enumerate()
            .filter_map(|(index, unit)| match &unit.parsed {
                Parsed::Requirements(requirements) => Some((index, requirements)),
                _ => None,
            })
    }

    /// Shell blocks with their unit index.
    pub fn shell_blocks(&self) -> impl Iterator<Item = (usize, &ShellBlock)> {
        self.units
            .iter()
            .enumerate()
            .filter_map(|(index, unit)| match &unit.parsed {
                Parsed::Shell(block) => Some((index, block)),
                _ => None,
            })
    }

    /// The Python source of a project file by name.
    pub fn python_source(&self, name: &str) -> Option<&str> {
        self.python_files()
            .find(|(_, file, _)| *file == name)
            .map(|(_, _, source)| source)
    }

    /// How the app of the Dockerfile's final `CMD`/`ENTRYPOINT` listens: from the server's
    /// command line (gunicorn, uvicorn, flask run) or from `app.run(…)` in the script it runs.
    pub fn bind(&self) -> Option<Bind> {
        let (unit, dockerfile) = self.dockerfiles().next()?;
        let last = dockerfile.stages.len().checked_sub(1)?;
        let start = container_command(dockerfile, last)?;
        let words = start.words;
        let (line, column, len) = start.instruction.args_span();
        let at = |host: Option<String>, port: Option<u16>| Bind {
            host,
            port,
            unit,
            line,
            column,
            len,
        };
        let program = words
            .first()
            .map(|w| w.rsplit('/').next().unwrap_or(w).to_owned())?;
        match program.as_str() {
            "gunicorn" => {
                let bind = option_value(&words, &["-b", "--bind"])
                    .unwrap_or_else(|| "127.0.0.1:8000".into());
                let (host, port) = split_host_port(&bind);
                Some(at(host, port.or(Some(8000))))
            }
            "uvicorn" => {
                let host = option_value(&words, &["--host"]).or_else(|| Some("127.0.0.1".into()));
                let port = option_value(&words, &["--port"])
                    .and_then(|p| p.parse().ok())
                    .or(Some(8000));
                Some(at(host, port))
            }
            "flask" => {
                let host =
                    option_value(&words, &["-h", "--host"]).or_else(|| Some("127.0.0.1".into()));
                let port = option_value(&words, &["-p", "--port"])
                    .and_then(|p| p.parse().ok())
                    .or(Some(5000));
                Some(at(host, port))
            }
            name if name.starts_with("python") => {
                let script = words.iter().skip(1).find(|w| !w.starts_with('-'))?;
                let file = self.project_file_for(&self.units[unit].build_context, script)?;
                let source = self.python_source(&file)?;
                let (python_unit, _, _) = self.python_files().find(|(_, name, _)| *name == file)?;
                let run = python::app_runs(source).into_iter().next()?;
                let host = Some(run.host.unwrap_or_else(|| "127.0.0.1".into()));
                Some(Bind {
                    host,
                    port: run.port,
                    unit: python_unit,
                    line: run.line,
                    column: run.column,
                    len: run.len,
                })
            }
            _ => None,
        }
    }

    /// The project file a path in a container command refers to, for a build whose context is
    /// project folder `context`: `app.py`, `./app.py` or `/app/app.py` (matched by its trailing
    /// path).
    pub fn project_file_for(&self, context: &str, path: &str) -> Option<String> {
        let normal = crate::project::normalize(path);
        let in_context = |rel: &str| crate::project::normalize(&format!("{context}/{rel}"));
        if self.project.files.contains_key(&in_context(&normal)) {
            return Some(in_context(&normal));
        }
        self.project
            .subfolder(context)
            .files
            .keys()
            .find(|name| normal.ends_with(&format!("/{name}")))
            .map(|name| in_context(name))
    }

    /// What the build of the Dockerfile of unit `unit` sees: the files of its build context.
    pub fn build_context(&self, unit: usize) -> crate::project::Project {
        self.project.subfolder(&self.units[unit].build_context)
    }

    /// Ports the final stage exposes, with the instruction that says so.
    pub fn exposed_ports(&self) -> Vec<(usize, &Instruction, u16)> {
        let Some((unit, dockerfile)) = self.dockerfiles().next() else {
            return Vec::new();
        };
        let Some(last) = dockerfile.stages.len().checked_sub(1) else {
            return Vec::new();
        };
        let image = image_stages(dockerfile, last);
        dockerfile
            .instructions
            .iter()
            .filter(|i| i.is("EXPOSE") && image.contains(&i.stage))
            .flat_map(|i| {
                i.args
                    .text
                    .split_whitespace()
                    .filter_map(|item| item.split('/').next()?.parse::<u16>().ok())
                    .map(move |port| (unit, i, port))
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

/// The stages whose settings the image of `stage` carries: itself, then the earlier stage it is
/// built `FROM` (`FROM builder`), and so on.
pub fn image_stages(dockerfile: &Dockerfile, stage: usize) -> Vec<usize> {
    let mut chain = vec![stage];
    let mut current = stage;
    while let Some(parent) = dockerfile
        .stages
        .get(current)
        .and_then(|s| dockerfile.stage_named(&s.image))
        .filter(|parent| *parent < current)
    {
        chain.push(parent);
        current = parent;
    }
    chain
}

/// What a container of a stage's image runs.
#[derive(Debug)]
pub struct ContainerCommand<'a> {
    /// `ENTRYPOINT` (exec form) followed by `CMD`, or the one that is set.
    pub words: Vec<String>,
    /// The instruction that names the program: the `ENTRYPOINT` if any, else the `CMD`.
    pub instruction: &'a Instruction,
}

/// The command a container of `stage`'s image runs, as Docker assembles it: the last
/// `ENTRYPOINT` and `CMD` of the stage or of the stages it is built from, an exec-form
/// `ENTRYPOINT` taking the `CMD` as arguments (`ENTRYPOINT ["python3"]` + `CMD ["app.py"]`). A
/// `CMD` inherited from a parent stage is dropped when a later stage sets `ENTRYPOINT`, as
/// Docker does.
pub fn container_command(dockerfile: &Dockerfile, stage: usize) -> Option<ContainerCommand<'_>> {
    let chain = image_stages(dockerfile, stage);
    let last_in = |keyword: &str| {
        chain.iter().enumerate().find_map(|(depth, stage)| {
            dockerfile
                .instructions
                .iter()
                .rfind(|i| i.stage == *stage && i.is(keyword))
                .map(|instruction| (depth, instruction))
        })
    };
    let entrypoint = last_in("ENTRYPOINT");
    let cmd = last_in("CMD").filter(|(cmd_depth, _)| {
        entrypoint.is_none_or(|(entrypoint_depth, _)| *cmd_depth <= entrypoint_depth)
    });
    match (entrypoint, cmd) {
        (Some((_, entrypoint)), cmd) => {
            let mut words = command_words(entrypoint);
            if let (Some(Some(_)), Some((_, cmd))) = (&entrypoint.exec, cmd) {
                words.extend(command_words(cmd));
            }
            Some(ContainerCommand {
                words,
                instruction: entrypoint,
            })
        }
        (None, Some((_, cmd))) => Some(ContainerCommand {
            words: command_words(cmd),
            instruction: cmd,
        }),
        (None, None) => None,
    }
}

/// The words of a `CMD`/`ENTRYPOINT`/`RUN`, whether in JSON or shell form.
pub fn command_words(instruction: &Instruction) -> Vec<String> {
    match &instruction.exec {
        Some(Some(words)) => words.clone(),
        Some(None) => Vec::new(),
        None => shell::parse(&instruction.args.text)
            .first()
            .map(|command| command.words.iter().map(|w| w.text.clone()).collect())
            .unwrap_or_default(),
    }
}

/// The value of an option given as `-x value`, `--opt value` or `--opt=value`.
pub fn option_value(words: &[String], names: &[&str]) -> Option<String> {
    words.iter().enumerate().find_map(|(index, word)| {
        names.iter().find_map(|name| {
            if word == name {
                words.get(index + 1).cloned()
            } else {
                word.strip_prefix(&format!("{name}=")).map(str::to_owned)
            }
        })
    })
}

/// `0.0.0.0:5000` → host and port; `:5000` or `5000` → port only.
pub fn split_host_port(text: &str) -> (Option<String>, Option<u16>) {
    match text.rsplit_once(':') {
        Some((host, port)) => (
            (!host.is_empty()).then(|| host.to_owned()),
            port.parse().ok(),
        ),
        None => match text.parse() {
            Ok(port) => (None, Some(port)),
            Err(_) => (Some(text.to_owned()), None),
        },
    }
}
