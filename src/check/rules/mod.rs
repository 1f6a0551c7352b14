//! Every rule docsite has, in one list. Each rule is one file named after its id, holding its
//! documentation (`RULE`) and its check; this list is the only other place that names it.

pub mod df001;
pub mod df002;
pub mod df003;
pub mod df004;
pub mod df005;
pub mod df006;
pub mod df007;
pub mod df008;
pub mod df009;
pub mod df010;
pub mod df011;
pub mod df012;
pub mod df013;
pub mod df014;
pub mod df015;
pub mod df016;
pub mod df017;
pub mod df018;
pub mod df019;
pub mod df020;
pub mod df021;
pub mod df022;
pub mod df023;
pub mod df024;
pub mod df025;
pub mod df026;
pub mod df027;
pub mod df028;
pub mod ds001;
pub mod ds002;
pub mod ds003;
pub mod ds004;
pub mod ds005;
pub mod ds006;
pub mod ds007;
pub mod ds008;
pub mod ds009;
pub mod ds010;
pub mod ds011;
pub mod ds012;
pub mod ds013;
pub mod ds014;
pub mod ds015;
pub mod ds016;
pub mod ds017;
pub mod ds018;
pub mod ds019;
pub mod ds020;
pub mod ds021;
pub mod ds022;
pub mod ds023;
pub mod ds024;
pub mod ds025;
pub mod ds026;
pub mod py001;
pub mod rq001;
pub mod rq002;
pub mod rq003;
pub mod sh001;
pub mod xf001;
pub mod xf002;
pub mod xf003;
pub mod xf004;
pub mod xf005;
pub mod xf006;
pub mod xf007;
pub mod xf008;
pub mod xf009;
pub mod xf010;

use super::article::Article;
use super::dockerfile::Dockerfile;
use super::requirements::Requirements;
use super::rule::{Finding, Rule};
use super::shell;

/// How a rule is run.
pub enum Check {
    /// Reported while its language is parsed, or by the checker itself.
    Parser,
    /// Reported by the site's own stages (configuration, content, templates, links, output).
    Site,
    /// Runs over one Dockerfile.
    Dockerfile(fn(&Dockerfile, &mut Vec<Finding>)),
    /// Runs over one requirements file.
    Requirements(fn(&Requirements, &mut Vec<Finding>)),
    /// Runs over a whole article; findings name the unit they are in.
    Article(fn(&Article, &mut Vec<(usize, Finding)>)),
}

/// A rule and how to run it.
pub struct Entry {
    /// The rule's documentation.
    pub rule: &'static Rule,
    /// Its check.
    pub check: Check,
}

/// All rules, by id.
pub static RULES: &[Entry] = &[
    Entry {
        rule: &df001::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &df002::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &df003::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &df004::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &df005::RULE,
        check: Check::Dockerfile(df005::check),
    },
    Entry {
        rule: &df006::RULE,
        check: Check::Dockerfile(df006::check),
    },
    Entry {
        rule: &df007::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &df008::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &df009::RULE,
        check: Check::Dockerfile(df009::check),
    },
    Entry {
        rule: &df010::RULE,
        check: Check::Dockerfile(df010::check),
    },
    Entry {
        rule: &df011::RULE,
        check: Check::Dockerfile(df011::check),
    },
    Entry {
        rule: &df012::RULE,
        check: Check::Dockerfile(df012::check),
    },
    Entry {
        rule: &df013::RULE,
        check: Check::Dockerfile(df013::check),
    },
    Entry {
        rule: &df014::RULE,
        check: Check::Dockerfile(df014::check),
    },
    Entry {
        rule: &df015::RULE,
        check: Check::Dockerfile(df015::check),
    },
    Entry {
        rule: &df016::RULE,
        check: Check::Dockerfile(df016::check),
    },
    Entry {
        rule: &df017::RULE,
        check: Check::Dockerfile(df017::check),
    },
    Entry {
        rule: &df018::RULE,
        check: Check::Dockerfile(df018::check),
    },
    Entry {
        rule: &df019::RULE,
        check: Check::Dockerfile(df019::check),
    },
    Entry {
        rule: &df020::RULE,
        check: Check::Dockerfile(df020::check),
    },
    Entry {
        rule: &df021::RULE,
        check: Check::Dockerfile(df021::check),
    },
    Entry {
        rule: &df022::RULE,
        check: Check::Dockerfile(df022::check),
    },
    Entry {
        rule: &df023::RULE,
        check: Check::Dockerfile(df023::check),
    },
    Entry {
        rule: &df024::RULE,
        check: Check::Dockerfile(df024::check),
    },
    Entry {
        rule: &df025::RULE,
        check: Check::Dockerfile(df025::check),
    },
    Entry {
        rule: &df026::RULE,
        check: Check::Dockerfile(df026::check),
    },
    Entry {
        rule: &df027::RULE,
        check: Check::Dockerfile(df027::check),
    },
    Entry {
        rule: &df028::RULE,
        check: Check::Dockerfile(df028::check),
    },
    Entry {
        rule: &ds001::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds002::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds003::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds004::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds005::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds006::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds007::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds008::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds009::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds010::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &ds011::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &ds012::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &ds013::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds014::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds015::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds016::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds017::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds018::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds019::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds020::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds021::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds022::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds023::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds024::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds025::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &ds026::RULE,
        check: Check::Site,
    },
    Entry {
        rule: &py001::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &rq001::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &rq002::RULE,
        check: Check::Requirements(rq002::check),
    },
    Entry {
        rule: &rq003::RULE,
        check: Check::Requirements(rq003::check),
    },
    Entry {
        rule: &sh001::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &xf001::RULE,
        check: Check::Parser,
    },
    Entry {
        rule: &xf002::RULE,
        check: Check::Article(xf002::check),
    },
    Entry {
        rule: &xf003::RULE,
        check: Check::Article(xf003::check),
    },
    Entry {
        rule: &xf004::RULE,
        check: Check::Article(xf004::check),
    },
    Entry {
        rule: &xf005::RULE,
        check: Check::Article(xf005::check),
    },
    Entry {
        rule: &xf006::RULE,
        check: Check::Article(xf006::check),
    },
    Entry {
        rule: &xf007::RULE,
        check: Check::Article(xf007::check),
    },
    Entry {
        rule: &xf008::RULE,
        check: Check::Article(xf008::check),
    },
    Entry {
        rule: &xf009::RULE,
        check: Check::Article(xf009::check),
    },
    Entry {
        rule: &xf010::RULE,
        check: Check::Article(xf010::check),
    },
];

/// A rule by its docsite id or its hadolint id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().map(|entry| entry.rule).find(|rule| {
        rule.id.eq_ignore_ascii_case(id)
            || rule.hadolint.is_some_and(|h| h.eq_ignore_ascii_case(id))
    })
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
