//! `docsite serve`: the site in memory on 127.0.0.1, rebuilt on every change.

use std::process::ExitCode;

use docsite::Result;

use super::{print_diagnostics, report, SiteRoot};

/// Serve the site on 127.0.0.1, rebuild on every change and reload the browser; build errors
/// show in the page. Builds in memory: public/ is not touched
#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    site: SiteRoot,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
}

/// Serve until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let _ = ctrlc::set_handler(|| {
        eprintln!("\nstopped");
        std::process::exit(0);
    });
    let open = args.open;
    let options = docsite::serve::ServeOptions {
        root: args.site.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
    };
    docsite::serve::serve(options, &mut |event| print_serve_event(event, open))
        .map(|()| ExitCode::SUCCESS)
}

fn print_serve_event(event: docsite::serve::ServeEvent, open: bool) {
    use docsite::serve::ServeEvent;
    match event {
        ServeEvent::Listening(url) => {
            println!("serving at {url}  (Ctrl-C to stop)");
            use std::io::Write;
            let _ = std::io::stdout().flush();
            if open {
                let opener = if cfg!(target_os = "macos") {
                    "open"
                } else {
                    "xdg-open"
                };
                let _ = std::process::Command::new(opener).arg(url).spawn();
            }
        }
        ServeEvent::Built {
            what,
            elapsed,
            warnings,
        } => {
            print_diagnostics(warnings);
            eprintln!("rebuilt {what} in {} ms", elapsed.as_millis());
        }
        ServeEvent::Failed(err) => {
            report(err);
            eprintln!("still serving the last good site");
        }
    }
}
