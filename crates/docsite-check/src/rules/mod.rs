//! The checks' rules, in one list. Each rule is one file named after its id, holding its
//! documentation and its check in one `RULE`; the `registry!` line below is the only other place
//! that names it (the site's `rule_examples` test fails on a rule file that is not listed).

use crate::article::Article;
use crate::shell;

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

/// Every port publication of `docker run` commands in the article's shell blocks.
pub fn published_ports(article: &Article) -> Vec<Publish> {
    let mut found = Vec::new();
    for (unit, block) in article.shell_blocks() {
        for line in &block.commands {
            for command in shell::parse(&line.text) {
                let is_run = command.is("docker")
                    && command.operands().next().is_some_and(|w| w.text == "run");
                if !is_run {
                    continue;
                }
                let args = command.args();
                for (index, word) in args.iter().enumerate() {
                    let value = match word.text.as_str() {
                        "-p" | "--publish" => args.get(index + 1),
                        text if text.starts_with("--publish=")
                            || (text.starts_with("-p") && text.len() > 2) =>
                        {
                            Some(word)
                        }
                        _ => None,
                    };
                    let Some(value) = value else { continue };
                    let text = value
                        .text
                        .trim_start_matches("--publish=")
                        .trim_start_matches("-p")
                        .to_owned();
                    let ports = text.split('/').next().unwrap_or("");
                    let parts: Vec<&str> = ports.split(':').collect();
                    let container = parts.last().and_then(|p| p.parse().ok());
                    let host = (parts.len() >= 2)
                        .then(|| parts[parts.len() - 2].parse().ok())
                        .flatten();
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
