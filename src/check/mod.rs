//! Checking the code in posts: each block parsed once per language, rules run over it, and the
//! files of one article checked together.
//!
//! The flow for one page: build its project, turn every code block (and every bundle file no
//! block shows) into a `Unit`, parse each unit for its language, run the rules of `rules::RULES`,
//! drop what `allow=`, hadolint pragmas and the configuration silence, and report the rest in the
//! coordinates of the file the author edits.

pub mod article;
pub mod console;
pub mod data;
pub mod dockerfile;
pub mod dockerignore;
mod docs;
pub mod links;
pub mod problem;
pub mod python;
pub mod requirements;
pub mod rule;
pub mod rules;
pub mod shell;
pub mod typos;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, RuleLevel};
use crate::content::walk::CONTENT_DIR;
use crate::content::Page;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::markdown::CodeBlock;
use crate::project::{self, Project};
use article::{Article, Kind, Origin, Parsed, Unit};
use problem::{Problem, ProblemKind};
use rule::{Check, Finding};

pub use docs::{explain, rules_table};

/// Check one page: its blocks one by one, then its project as a whole.
pub fn check_page(page: &Page, config: &Config) -> Vec<Diagnostic> {
    gather(page, config).finish(false)
}

/// A page whose code is parsed, its shell check and rules still to run. Splitting the two lets a
/// site check every page's shell code with a few `bash -n` processes in all
/// (`console::accepted`), not one per page.
pub struct Gathered<'a> {
    config: &'a Config,
    project: Project,
    units: Vec<Unit>,
    block_units: Vec<(usize, usize)>,
    problems: Vec<(usize, Problem)>,
    over_limit: Vec<Diagnostic>,
}

/// Gather a page's code into units and parse each once.
pub fn gather<'a>(page: &'a Page, config: &'a Config) -> Gathered<'a> {
    let project = Project::of(page);
    let page_text: Arc<str> = Arc::from(page.text.as_str());
    let mut units = Vec::new();
    let mut block_units = Vec::new();
    let mut over_limit = Vec::new();
    for (index, block) in page.rendered.code_blocks.iter().enumerate() {
        if let Some(unit) = block_unit(block, &page.source, &page_text) {
            block_units.push((index, units.len()));
            units.push(unit);
        }
    }
    for (name, file) in &project.files {
        let (None, Some(text), Some(kind)) = (file.block, &file.text, kind_for_file(name)) else {
            continue;
        };
        let Some(folder) = &page.project_dir else {
            continue;
        };
        let path = Path::new(CONTENT_DIR).join(folder).join(name);
        if let Some(reason) = config.limits.exceeded_by(text) {
            over_limit.push(
                rules::ds026::RULE
                    .diagnostic(format!("file not checked: {reason}"))
                    .at(Location::in_text(&path, "", 1, 1))
                    .help("split the file, or raise the limit under `limits:` in docsite.yaml"),
            );
            continue;
        }
        let origin = Origin {
            file: path,
            file_text: Arc::from(text.as_str()),
            first_line: 1,
            indent: 0,
            line_map: Vec::new(),
        };
        let markdown = page.source.display().to_string();
        let shown_at = page
            .rendered
            .code_blocks
            .iter()
            .filter_map(|block| block.include.as_ref().map(|included| (block, included)))
            .filter(|(_, included)| project::normalize(&included.path) == *name)
            .flat_map(|(block, included)| {
                let markdown = &markdown;
                included
                    .lines
                    .iter()
                    .enumerate()
                    .map(move |(index, file_line)| {
                        (
                            *file_line,
                            format!("{markdown}:{}", block.fence_line + 1 + index),
                        )
                    })
            })
            .collect();
        units.push(Unit {
            kind,
            name: Some(name.clone()),
            parsed: Parsed::Data,
            origin,
            allow: Vec::new(),
            shown_at,
            build_context: project::build_context(Some(name), None),
        });
    }

    for &(block, unit) in &block_units {
        units[unit].origin.line_map = appended_line_map(page, block);
    }
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    // The Dockerfile blocks of a page that show one file (the same `file=` name, or no name):
    // the last one parsed, whose escape character and `SHELL` a later excerpt inherits.
    let mut last_of_file: HashMap<Option<String>, usize> = HashMap::new();
    for index in 0..units.len() {
        let text = unit_text(&units[index], page, &block_units, index, &project);
        let unit = &units[index];
        let earlier = (unit.kind == Kind::Dockerfile)
            .then(|| last_of_file.get(&unit.name).copied())
            .flatten();
        let context = match earlier.map(|earlier| &units[earlier].parsed) {
            Some(Parsed::Dockerfile(before)) if is_dockerfile_excerpt(&text) => {
                before.context_after()
            }
            _ => dockerfile::Context::default(),
        };
        let (parsed, parse_problems) = parse_unit(unit.kind, &text, unit.name.is_some(), &context);
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
    Gathered {
        config,
        project,
        units,
        block_units,
        problems,
        over_limit,
    }
}

impl Gathered<'_> {
    /// The page's shell code as the one script `bash -n` checks first, if it has any.
    pub fn shell_script(&self) -> Option<String> {
        let scripts = shell_scripts(&self.units);
        (!scripts.is_empty()).then(|| joined(&scripts))
    }

    /// Run the shell check (unless `shell_accepted`: `bash -n` already accepted
    /// `shell_script`), the rules, silencing and severities.
    pub fn finish(self, shell_accepted: bool) -> Vec<Diagnostic> {
        let Gathered {
            config,
            project,
            units,
            block_units,
            mut problems,
            over_limit,
        } = self;
        if !shell_accepted {
            problems.extend(shell_syntax(&units));
        }
        rules_and_report(config, &project, units, &block_units, problems, over_limit)
    }
}

fn rules_and_report(
    config: &Config,
    project: &Project,
    units: Vec<Unit>,
    block_units: &[(usize, usize)],
    problems: Vec<(usize, Problem)>,
    over_limit: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let article = Article {
        project,
        units,
        block_units,
    };
    let mut findings: Vec<(usize, Finding)> = Vec::new();
    for rule in rules::RULES {
        match rule.check {
            Check::Site => {}
            Check::Problem(kind) => findings.extend(
                problems
                    .iter()
                    .filter(|(_, problem)| problem.kind == kind)
                    .map(|(unit, problem)| (*unit, problem.finding(rule))),
            ),
            Check::Dockerfile(check) => per_unit(&article, &mut findings, |parsed, out| {
                if let Parsed::Dockerfile(dockerfile) = parsed {
                    check(dockerfile, out);
                }
            }),
            Check::Requirements(check) => per_unit(&article, &mut findings, |parsed, out| {
                if let Parsed::Requirements(requirements) = parsed {
                    check(requirements, out);
                }
            }),
            // Cross-file rules ask what the article's project holds; a post that declares none
            // (no files beside it, no `file=` block) only shows snippets, which are not a
            // project whose files are missing.
            Check::Article(check) if project.is_declared() => check(&article, &mut findings),
            Check::Article(_) => {}
        }
    }
    findings
        .into_iter()
        .filter(|(unit, finding)| !silenced(&article.units[*unit], finding))
        .filter_map(|(unit, finding)| to_diagnostic(&article.units[unit], finding, config))
        .chain(over_limit)
        .collect()
}

fn per_unit(
    article: &Article,
    findings: &mut Vec<(usize, Finding)>,
    run: impl Fn(&Parsed, &mut Vec<Finding>),
) {
    for (index, unit) in article.units.iter().enumerate() {
        let mut found = Vec::new();
        run(&unit.parsed, &mut found);
        findings.extend(found.into_iter().map(|finding| (index, finding)));
    }
}

/// The text a unit checks: its block's code, or its bundle file's text.
fn unit_text(
    unit: &Unit,
    page: &Page,
    block_units: &[(usize, usize)],
    index: usize,
    project: &Project,
) -> String {
    match block_units.iter().find(|(_, u)| *u == index) {
        Some((block, _)) => {
            let assembled = unit
                .name
                .as_deref()
                .and_then(|name| project.files.get(name))
                .filter(|file| file.block == Some(*block));
            match assembled.and_then(|file| file.text.clone()) {
                Some(text) => text,
                None => page.rendered.code_blocks[*block].code.clone(),
            }
        }
        None => unit
            .name
            .as_deref()
            .and_then(|name| project.text(name))
            .unwrap_or_default()
            .to_owned(),
    }
}

/// For a block that starts a file later blocks `append` to: the Markdown line of every line of
/// the assembled file. Empty when no block appends.
fn appended_line_map(page: &Page, first: usize) -> Vec<usize> {
    let blocks = &page.rendered.code_blocks;
    let Some(name) = project::file_name(&blocks[first]) else {
        return Vec::new();
    };
    let parts: Vec<&CodeBlock> = std::iter::once(&blocks[first])
        .chain(blocks[first + 1..].iter().filter(|b| {
            b.info.attrs.contains_key("append")
                && project::file_name(b).as_deref() == Some(name.as_str())
        }))
        .collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    parts
        .iter()
        .flat_map(|block| {
            (0..block.code.lines().count()).map(move |offset| block.fence_line + 1 + offset)
        })
        .collect()
}

/// A unit for a code block, when its language (or file name) is one docsite checks.
fn block_unit(block: &CodeBlock, source: &Path, page_text: &Arc<str>) -> Option<Unit> {
    let attrs = &block.info.attrs;
    // An included file is checked whole, as the bundle file it is; an `append` block is checked
    // as part of the file its first block starts.
    let skipped = attrs.get("check").is_some_and(|value| value == "false")
        || block.include.is_some()
        || attrs.contains_key("append")
        || block.over_limit.is_some();
    if skipped {
        return None;
    }
    let name = project::file_name(block);
    let build_context =
        project::build_context(name.as_deref(), attrs.get("context").map(String::as_str));
    let kind = block
        .info
        .lang
        .as_deref()
        .and_then(kind_for_lang)
        .or_else(|| name.as_deref().and_then(kind_for_file))?;
    let fence = page_text
        .lines()
        .nth(block.fence_line.saturating_sub(1))
        .unwrap_or("");
    let indent = fence.len() - fence.trim_start().len();
    let allow = attrs
        .get("allow")
        .map(|ids| {
            ids.split(',')
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Some(Unit {
        kind,
        name,
        parsed: Parsed::Data,
        origin: Origin {
            file: source.to_path_buf(),
            file_text: page_text.clone(),
            first_line: block.fence_line + 1,
            indent,
            line_map: Vec::new(),
        },
        build_context,
        allow,
        shown_at: Vec::new(),
    })
}

/// The kind of code an info-string language names.
pub fn kind_for_lang(lang: &str) -> Option<Kind> {
    Some(match lang {
        "dockerfile" | "docker" | "containerfile" => Kind::Dockerfile,
        "python" | "py" | "python3" | "pycon" => Kind::Python,
        "requirements" | "pip-requirements" | "requirements.txt" => Kind::Requirements,
        "bash" | "sh" | "shell" | "zsh" => Kind::Shell,
        "console" | "shell-session" | "shellsession" => Kind::Session,
        "yaml" | "yml" => Kind::Yaml,
        "json" => Kind::Json,
        "toml" => Kind::Toml,
        _ => return None,
    })
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

/// SH001 for the page's shell units. One `bash -n` over all of them answers for the common case
/// (all valid: a process per block would dominate a large site's check time); only when it
/// fails is each unit checked alone, to put the error in the right block.
fn shell_syntax(units: &[Unit]) -> Vec<(usize, Problem)> {
    let scripts = shell_scripts(units);
    if scripts.is_empty() || console::bash_syntax_error(&joined(&scripts)).is_none() {
        return Vec::new();
    }
    scripts
        .iter()
        .filter_map(|(index, script, lines, block)| {
            let error = console::bash_syntax_error(script)?;
            let line = lines
                .get(error.line.saturating_sub(1))
                .copied()
                .unwrap_or(error.line);
            let text = block
                .commands
                .iter()
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
type ShellScript<'a> = (usize, String, Vec<usize>, &'a console::ShellBlock);

fn shell_scripts(units: &[Unit]) -> Vec<ShellScript<'_>> {
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
fn joined(scripts: &[ShellScript]) -> String {
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
    kind: Kind,
    text: &str,
    is_file: bool,
    context: &dockerfile::Context,
) -> (Parsed, Vec<Problem>) {
    match kind {
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
        Kind::Python => parse_python(text),
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
        Kind::Yaml | Kind::Json | Kind::Toml => {
            let text = &replace_elisions(text, "");
            let (error, problem, language) = match kind {
                Kind::Yaml => (data::yaml(text), ProblemKind::InvalidYaml, "YAML"),
                Kind::Json => (data::json(text), ProblemKind::InvalidJson, "JSON"),
                _ => (data::toml(text), ProblemKind::InvalidToml, "TOML"),
            };
            let problems = error
                .map(|error| {
                    Problem::new(problem, error.line, error.column, 1)
                        .message(format!("invalid {language} block: {}", error.message))
                })
                .into_iter()
                .collect();
            (Parsed::Data, problems)
        }
    }
}

/// True for a line that only elides code (`...` or `…`), as excerpts in posts do.
pub fn is_elision(line: &str) -> bool {
    matches!(line.trim(), "..." | "…")
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

fn parse_python(text: &str) -> (Parsed, Vec<Problem>) {
    // `...` is valid Python (Ellipsis); `…` on its own line means the same to a reader.
    let text = &replace_elisions(text, "...");
    let session = python::interactive_session(text);
    let (source, line_map) = match &session {
        Some(session) => (session.source.clone(), Some(&session.lines)),
        None => (text.to_owned(), None),
    };
    let error = python::syntax_error(&source);
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

/// True when the block's `allow=` or a Dockerfile pragma silences the finding.
fn silenced(unit: &Unit, finding: &Finding) -> bool {
    let ids: Vec<&str> = std::iter::once(finding.rule.id)
        .chain(finding.rule.hadolint)
        .collect();
    if unit
        .allow
        .iter()
        .any(|allowed| ids.iter().any(|id| id.eq_ignore_ascii_case(allowed)))
    {
        return true;
    }
    let Parsed::Dockerfile(dockerfile) = &unit.parsed else {
        return false;
    };
    if dockerfile
        .global_ignores
        .iter()
        .any(|ignored| ids.contains(&ignored.as_str()))
    {
        return true;
    }
    let instruction = dockerfile
        .instructions
        .iter()
        .take_while(|instruction| instruction.line <= finding.line)
        .last();
    let Some(instruction) = instruction else {
        return false;
    };
    let stage_from = dockerfile
        .stages
        .get(instruction.stage)
        .map(|stage| &dockerfile.instructions[stage.from]);
    // `stage ignore=` covers the stage's instructions, not its FROM line.
    let stage_silenced =
        stage_from.is_some_and(|from| from.line < finding.line && from.ignores_stage_rule(&ids));
    instruction.ignores_rule(&ids) || stage_silenced
}

/// The finding as a diagnostic in the author's file, with the configured severity; `None` when
/// configured off.
fn to_diagnostic(unit: &Unit, finding: Finding, config: &Config) -> Option<Diagnostic> {
    let rule = finding.rule;
    let configured = |id: &str| {
        config
            .checks
            .rules
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(id))
            .map(|(_, level)| *level)
    };
    let level = configured(rule.id)
        .or_else(|| rule.hadolint.and_then(configured))
        .or_else(|| rule.hadolint.and_then(|id| config.hadolint.level(id)));
    let mut severity = match level {
        Some(RuleLevel::Off) => return None,
        Some(RuleLevel::Error) => Severity::Error,
        Some(RuleLevel::Warning) => Severity::Warning,
        None => rule.severity,
    };
    if config.checks.deny_warnings {
        severity = Severity::Error;
    }
    let origin = &unit.origin;
    // Line 0 means "the block itself": its opening fence.
    let line = if finding.line == 0 {
        origin.first_line - 1
    } else {
        origin.line(finding.line)
    };
    let column = if finding.line == 0 {
        1 + origin.indent
    } else {
        finding.column + origin.indent
    };
    let location = Location::in_text(PathBuf::from(&origin.file), &origin.file_text, line, column)
        .with_len(finding.len);
    let mut diagnostic = Diagnostic::error(rule.id, finding.message).at(location);
    diagnostic.severity = severity;
    diagnostic.hadolint = rule.hadolint;
    if let Some(label) = finding.label {
        diagnostic = diagnostic.label(label);
    }
    if let Some(help) = finding.help {
        diagnostic = diagnostic.help(help);
    }
    for (_, shown) in unit
        .shown_at
        .iter()
        .filter(|(file_line, _)| *file_line == finding.line)
    {
        diagnostic.notes.push(format!("shown at {shown}"));
    }
    Some(diagnostic)
}

/// Check a Markdown article body as if it were a page without bundle files (for rule examples
/// and `docsite explain`).
pub fn check_markdown(markdown: &str, config: &Config) -> Vec<Diagnostic> {
    let page = Page::example(markdown);
    check_page(&page, config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_catches_its_bad_example_and_not_its_good_one() {
        let config = Config::default();
        let mut failures = Vec::new();
        for rule in rules::RULES
            .iter()
            .filter(|rule| !matches!(rule.check, Check::Site))
        {
            let fired = |markdown: &str| {
                check_markdown(markdown, &config)
                    .iter()
                    .any(|d| d.code == rule.id)
            };
            if !fired(rule.bad) {
                failures.push(format!("{}: bad example not caught", rule.id));
            }
            if fired(rule.good) {
                failures.push(format!(
                    "{}: good example caught: {:?}",
                    rule.id,
                    check_markdown(rule.good, &config)
                        .iter()
                        .filter(|d| d.code == rule.id)
                        .map(|d| d.message.clone())
                        .collect::<Vec<_>>()
                ));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn rule_ids_are_unique_and_documented() {
        let mut ids: Vec<&str> = rules::RULES.iter().map(|rule| rule.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), rules::RULES.len());
        for rule in rules::RULES {
            assert!(!rule.what.is_empty() && !rule.why.is_empty(), "{}", rule.id);
            assert!(
                !rule.title.ends_with('.'),
                "{}: no trailing period",
                rule.id
            );
        }
    }

    #[test]
    fn findings_point_into_the_markdown_file() {
        let markdown = "Intro\n\n```dockerfile\nFROM python:3.11-slim\nRUN apt-get update \\\n    && cd /app\n```\n";
        let diagnostics = check_markdown(markdown, &Config::default());
        let cd = diagnostics
            .iter()
            .find(|d| d.code == "DF021")
            .expect("DF021");
        let location = cd.location.as_ref().expect("located");
        assert_eq!((location.line, location.column), (6, 8));
        assert_eq!(location.file, PathBuf::from("content/example.md"));
        assert_eq!(cd.hadolint, Some("DL3003"));
    }

    #[test]
    fn pragmas_allow_and_configuration_silence_rules() {
        let markdown = "```dockerfile\nFROM python:3.11-slim\n# hadolint ignore=DL3003\nRUN cd /app && ls\nRUN cd /tmp\nUSER 1000\n```\n";
        let config = Config::default();
        let cds: Vec<_> = check_markdown(markdown, &config)
            .into_iter()
            .filter(|d| d.code == "DF021")
            .collect();
        assert_eq!(
            cds.len(),
            1,
            "the pragma silences only the next instruction"
        );
        assert_eq!(cds[0].location.as_ref().map(|l| l.line), Some(5));

        let allowed = markdown.replace("```dockerfile", "```dockerfile allow=DF021");
        assert!(check_markdown(&allowed, &config)
            .iter()
            .all(|d| d.code != "DF021"));

        let mut hadolint = Config::default();
        hadolint.hadolint.ignored = vec!["DL3003".into()];
        assert!(check_markdown(markdown, &hadolint)
            .iter()
            .all(|d| d.code != "DF021"));

        let mut raised = Config::default();
        raised
            .checks
            .rules
            .insert("DL3003".into(), RuleLevel::Error);
        let raised = check_markdown(markdown, &raised);
        assert!(raised
            .iter()
            .any(|d| d.code == "DF021" && d.severity == Severity::Error));
    }

    #[test]
    fn check_false_skips_a_block() {
        let markdown = "```dockerfile check=false\nFRM python\n```\n";
        assert!(check_markdown(markdown, &Config::default()).is_empty());
    }
}
