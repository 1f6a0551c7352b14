//! The `docsite` command line: parse the arguments, run the command (`cmd/`), exit.
//!
//! Only `cmd/` prints. Exit codes: 0 success, 1 problems in the site's files (or a failed test
//! step), 2 usage or I/O errors.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of glibc's allocator: a build allocates and frees millions of small values
/// (template contexts, HTML strings), and glibc's malloc/free were a quarter of its CPU time.
/// Built without transparent huge pages (`no_thp`): each fresh 2 MiB page was zeroed by the
/// kernel and purged again soon after, and that churn was a quarter of a 10,000-article build's
/// CPU (system time 5.5 s → 1.5 s).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static site generator whose code blocks are checked, runnable projects.
#[derive(Parser)]
#[command(name = "docsite", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(cmd::build::BuildArgs),
    Check(cmd::check::CheckArgs),
    Serve(cmd::serve::ServeArgs),
    Test(cmd::test::TestArgs),
    Explain(cmd::explain::ExplainArgs),
    Rules(cmd::rules::RulesArgs),
    Init(cmd::init::InitArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Test(args) => cmd::test::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Rules(args) => cmd::rules::run(args),
        Command::Init(args) => cmd::init::run(args),
    };
    result.unwrap_or_else(|err| {
        cmd::report(&err);
        ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
    })
}
