//! `docsite test`: each article's steps run for real, with progress and a summary.

use std::process::ExitCode;

use docsite::runner::docker::DockerMode;
use docsite::Result;

use super::SiteRoot;

/// Run each article's project for real: its `run` blocks and `test:` steps, in a fresh
/// temporary copy of the project
#[derive(clap::Args)]
pub struct TestArgs {
    /// Articles to test (source path, URL or folder name); default: all with steps
    pages: Vec<String>,
    #[command(flatten)]
    site: SiteRoot,
    /// List the steps without running them
    #[arg(long)]
    list: bool,
    /// Show what each passing step printed (its last 60 lines), as failing steps do
    #[arg(long)]
    show_output: bool,
    /// Seconds each step may take (default: the page's `test_timeout`, else 120)
    #[arg(long)]
    timeout: Option<u64>,
    /// Test pages marked `draft: true` too
    #[arg(long)]
    drafts: bool,
    /// When steps that need Docker run: `auto` when `docker info` answers (else they are
    /// skipped), `require` (they fail when no engine answers), `skip`
    #[arg(long, value_enum, env = "DOCSITE_DOCKER", default_value = "auto")]
    docker: DockerMode,
    /// Run every article, even one that passed before with the same project, steps and
    /// environment
    #[arg(long)]
    no_cache: bool,
}

/// List the steps, or run them and print the summary; exit 1 when a step failed.
pub fn run(args: TestArgs) -> Result<ExitCode> {
    let show_output = args.show_output;
    let options = docsite::TestOptions {
        root: args.site.root,
        pages: args.pages,
        timeout: args.timeout,
        drafts: args.drafts,
        docker: args.docker,
        use_cache: !args.no_cache,
    };
    if args.list {
        return docsite::test_plan(&options).map(|plan| {
            for (page, steps) in plan {
                println!("{} ({})", page.source.display(), page.title());
                for step in steps {
                    let docker = if step.needs_docker() {
                        "  [needs Docker]"
                    } else {
                        ""
                    };
                    println!("  {}{docker}\n      from {}", step.command, step.origin);
                }
            }
            ExitCode::SUCCESS
        });
    }
    let _ = ctrlc::set_handler(|| {
        eprintln!("\ninterrupted: stopping the step, then removing what it started");
        docsite::runner::interrupt();
    });
    docsite::test(&options, &mut |event| print_test_event(event, show_output))
        .map(|results| print_test_summary(&results))
}

/// Lines of a failing step's output shown, from its end.
const OUTPUT_TAIL_LINES: usize = 60;

fn print_test_event(event: docsite::runner::Event, show_output: bool) {
    use docsite::runner::{Event, Outcome};
    match event {
        Event::Article { title, source } => eprintln!("\narticle {} — {title}", source.display()),
        Event::Started(step) => eprintln!("  RUN   {}", first_line(&step.command)),
        Event::Note(note) => eprintln!("  note: {note}"),
        Event::Cached(when) => eprintln!(
            "  cached: passed at {when} with this project, these steps and this environment (--no-cache runs it)"
        ),
        Event::Finished(step, outcome, elapsed) => {
            let command = first_line(&step.command);
            let seconds = elapsed.as_secs_f64();
            let engine = if step.needs_docker() {
                ", under Docker"
            } else {
                ""
            };
            match outcome {
                Outcome::Passed { output } => {
                    eprintln!("  PASS  {command} ({seconds:.1} s{engine})");
                    if show_output && !output.is_empty() {
                        eprintln!("{}", tail(output));
                    }
                }
                Outcome::Skipped(reason) => eprintln!("  SKIP  {command} ({reason})"),
                Outcome::Failed { code, output } => {
                    let code = code.map_or("killed by a signal".to_owned(), |code| {
                        format!("exit code {code}")
                    });
                    eprintln!(
                        "  FAIL  {command} ({code}, {seconds:.1} s; {})\n{}",
                        step.origin,
                        tail(output)
                    );
                }
                Outcome::OutputDiffers(mismatch) => {
                    eprintln!(
                        "  FAIL  {command} (output differs from {}; {seconds:.1} s)\n{}",
                        mismatch.at,
                        tail(&mismatch.diff)
                    );
                }
                Outcome::Error(reason) => {
                    eprintln!("  FAIL  {command} ({reason}; {})", step.origin);
                }
                Outcome::TimedOut {
                    seconds: limit,
                    output,
                } => {
                    eprintln!(
                        "  FAIL  {command} (timed out after {limit} s; {})\n{}",
                        step.origin,
                        tail(output)
                    );
                }
            }
        }
    }
}

fn first_line(command: &str) -> String {
    let mut lines = command.lines();
    let first = lines.next().unwrap_or("").to_owned();
    if lines.next().is_some() {
        format!("{first} …")
    } else {
        first
    }
}

fn tail(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let start = lines.len().saturating_sub(OUTPUT_TAIL_LINES);
    lines[start..]
        .iter()
        .map(|line| format!("      | {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "N passed, N failed, N skipped" over all steps; exit 1 when anything failed.
fn print_test_summary(results: &[docsite::runner::ArticleResult]) -> ExitCode {
    use docsite::runner::Outcome;
    let outcomes = || {
        results
            .iter()
            .flat_map(|r| r.steps.iter().map(|(_, outcome)| outcome))
    };
    let passed = outcomes()
        .filter(|o| matches!(o, Outcome::Passed { .. }))
        .count();
    let skipped = outcomes()
        .filter(|o| matches!(o, Outcome::Skipped(_)))
        .count();
    let failed = outcomes().count() - passed - skipped;
    let articles_failed = results.iter().filter(|r| !r.passed()).count();
    let cached = results.iter().filter(|r| r.cached.is_some()).count();
    eprintln!(
        "\narticles tested: {}, failed: {articles_failed}",
        results.len()
    );
    if cached > 0 {
        println!("{passed} passed, {failed} failed, {skipped} skipped, {cached} cached");
    } else {
        println!("{passed} passed, {failed} failed, {skipped} skipped");
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
