//! docsite's checks: Dockerfile, Python, shell, requirements and data code, each parsed once,
//! and the rules that run over it, one file each. It knows nothing of sites, templates or
//! servers: the caller gathers an article's code (`Code`: its project, its units with their
//! coordinates, their texts) and gets diagnostics in the coordinates of the author's files.
//!
//! The flow, a file per step: `parse.rs` parses each unit once for its language (parsers return
//! typed `Problem`s); `run.rs` runs the rules of `rules::RULES`; `report.rs` drops what `allow=`,
//! hadolint pragmas and the settings silence, and places the rest.

pub mod article;
pub mod console;
pub mod data;
pub mod diagnostic;
pub mod docker_cli;
pub mod dockerfile;
pub mod dockerignore;
pub mod excerpt;
pub mod interpreter;
pub mod language;
pub mod line_index;
mod parse;
pub mod problem;
pub mod project;
pub mod python;
pub mod reading;
mod report;
pub mod requirements;
pub mod rule;
pub mod rule_ids;
pub mod rules;
mod run;
pub mod settings;
pub mod shell;
pub mod site_rules;
pub mod suggest;

use article::{Article, Kind, Unit};
use diagnostic::Diagnostic;
use problem::Problem;
use project::Project;
use settings::Settings;

pub use parse::{is_elision, replace_elisions};

/// An article's code as the caller gathered it.
#[derive(Debug, Clone)]
pub struct Code {
    /// The article's files.
    pub project: Project,
    /// Its units: checked blocks first, then files beside the post that no block shows.
    pub units: Vec<Unit>,
    /// `(block index, unit index)` for each unit that is a code block.
    pub block_units: Vec<(usize, usize)>,
    /// Each unit's text, in unit order.
    pub texts: Vec<String>,
    /// The `python:` the page or the site names, if any; the article's image comes first.
    pub python: Option<(python::PythonVersion, interpreter::Source)>,
}

/// An article whose code is parsed, its shell check and rules still to run. Splitting the two
/// lets a site check every page's shell code with a few `bash -n` processes in all
/// (`console::accepted`), not one per page.
#[derive(Debug)]
pub struct ParsedCode {
    project: Project,
    units: Vec<Unit>,
    block_units: Vec<(usize, usize)>,
    problems: Vec<(usize, Problem)>,
}

/// Parse every unit of `code` once.
pub fn parse(code: Code) -> ParsedCode {
    let Code {
        project,
        mut units,
        block_units,
        texts,
        python,
    } = code;
    let problems = parse::parse_units(&mut units, &texts, python);
    ParsedCode {
        project,
        units,
        block_units,
        problems,
    }
}

impl ParsedCode {
    /// The article's shell code as the one script `bash -n` checks first, if it has any.
    pub fn shell_script(&self) -> Option<String> {
        let scripts = parse::shell_scripts(&self.units);
        (!scripts.is_empty()).then(|| parse::joined(&scripts))
    }

    /// Run the shell check (unless `shell_accepted`: `bash -n` already accepted
    /// `shell_script`), the rules, silencing and severities.
    pub fn finish(self, shell_accepted: bool, settings: &Settings) -> Vec<Diagnostic> {
        let ParsedCode {
            project,
            units,
            block_units,
            mut problems,
        } = self;
        if !shell_accepted {
            problems.extend(parse::shell_syntax(&units));
        }
        let article = Article {
            project: &project,
            units,
            block_units: &block_units,
        };
        let findings = run::run_rules(&article, &problems);
        report::report(&article.units, findings, settings)
    }
}

/// The kind of code an info-string language names.
pub fn kind_for_lang(lang: &str) -> Option<Kind> {
    language::language(lang).and_then(|language| language.kind)
}

/// The kind of code a file name implies.
pub fn kind_for_file(name: &str) -> Option<Kind> {
    let base = name.rsplit('/').next().unwrap_or(name);
    let lower = base.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map(|(_, ext)| ext);
    if lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || extension == Some("dockerfile")
    {
        return Some(Kind::Dockerfile);
    }
    if lower.starts_with("requirements") && extension == Some("txt")
        || lower.ends_with("requirements.txt")
    {
        return Some(Kind::Requirements);
    }
    Some(match extension? {
        "py" => Kind::Python,
        "sh" | "bash" => Kind::Shell,
        "yaml" | "yml" => Kind::Yaml,
        "json" => Kind::Json,
        "toml" => Kind::Toml,
        _ => return None,
    })
}
