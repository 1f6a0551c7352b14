//! The checks' rules, in one list. Each rule is one file named after its id, holding its
//! documentation and its check in one `RULE`; the `registry!` line below is the only other place
//! that names it (the site's `rule_examples` test fails on a rule file that is not listed).

use crate::article::Article;
use crate::{docker_cli, shell};

/// Declares each rule's module and lists its `RULE` in the static `$list`, from one line per
/// rule. The site's own rules are declared with it too.
#[macro_export]
macro_rules! registry {
    ($(#[$doc:meta])* $list:ident: $($id:ident),* $(,)?) => {
        $(pub mod $id;)*

        $(#[$doc])*
        pub static $list: &[&$crate::rule::Rule] = &[$(&$id::RULE),*];
    };
}

registry! {
    /// The checks' rules, by id.
    RULES:
    df001,
    df002,
    df003,
    df004,
    df005,
    df006,
    df007,
    df008,
    df009,
    df010,
    df011,
    df012,
    df013,
    df014,
    df015,
    df016,
    df017,
    df018,
    df019,
    df020,
    df021,
    df022,
    df023,
    df024,
    df025,
    df026,
    df027,
    df028,
    df029,
    ds010,
    ds011,
    ds012,
    ds027,
    py001,
    rq001,
    rq002,
    rq003,
    sh001,
    xf001,
    xf002,
    xf003,
    xf004,
    xf005,
    xf006,
    xf007,
    xf008,
    xf009,
    xf010,
}

/// A `-p HOST:CONTAINER` of a `docker run` in a shell block.
#[derive(Debug, Clone)]
pub struct Publish {
    /// Unit index of the shell block.
    pub unit: usize,
    /// 1-based line in the block.
    pub line: usize,
    /// 1-based column of the value.
    pub column: usize,
    /// Length of the value.
    pub len: usize,
    /// The value as written.
    pub text: String,
    /// Host port, if given.
    pub host: Option<u16>,
    /// Container port.
    pub container: Option<u16>,
}

/// Every port publication of `docker run` commands in the article's shell blocks, read as Docker
/// reads them (`-dp 8001:8001`, `--publish=…`, `docker container run`).
pub fn published_ports(article: &Article) -> Vec<Publish> {
    let mut found = Vec::new();
    for (unit, block) in article.shell_blocks() {
        for line in &block.commands {
            for command in shell::parse(&line.text) {
                let Some(invocation) = docker_cli::Invocation::read(&command) else {
                    continue;
                };
                if invocation.kind != docker_cli::Kind::Run {
                    continue;
                }
                for publish in &invocation.publishes {
                    let value = publish.value;
                    let text = publish
                        .attached_to
                        .and_then(|option| value.text.strip_prefix(option))
                        .unwrap_or(&value.text)
                        .to_owned();
                    let (host, container) = docker_cli::ports(&text);
                    let (line_in_block, column) = line.position(value.start);
                    found.push(Publish {
                        unit,
                        line: line_in_block,
                        column,
                        len: value.text.chars().count(),
                        text,
                        host,
                        container,
                    });
                }
            }
        }
    }
    found
}
