//! Checking a site's pages: each page's code gathered into the check crate's units
//! (`gather.rs`), checked there (`docsite_check`), plus the site's own checks — links
//! (`links.rs`), typos in front matter, languages and rule ids (`typos.rs`) — and the rules'
//! documentation (`docs.rs`).

mod docs;
mod gather;
pub mod links;
pub mod rules;
pub mod typos;

pub use docsite_check::{
    article, console, data, docker_cli, dockerfile, dockerignore, excerpt, interpreter, is_elision,
    kind_for_file, kind_for_lang, language, line_index, problem, python, reading, replace_elisions,
    requirements, rule, rule_ids, settings, shell, suggest,
};

use crate::config::Config;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use docsite_check::settings::Settings;
use docsite_check::ParsedCode;

pub use docs::{explain, not_checked, rules_table};

/// Check one page: its blocks one by one, then its project as a whole.
pub fn check_page(page: &Page, config: &Config) -> Vec<Diagnostic> {
    gather(page, config).finish(false)
}

/// A page whose code is parsed, its shell check and rules still to run (see `ParsedCode`).
pub struct Gathered<'a> {
    config: &'a Config,
    parsed: ParsedCode,
    over_limit: Vec<Diagnostic>,
}

/// Gather a page's code into units and parse each once.
pub fn gather<'a>(page: &'a Page, config: &'a Config) -> Gathered<'a> {
    let (code, over_limit) = gather::code(page, config);
    Gathered {
        config,
        parsed: docsite_check::parse(code),
        over_limit,
    }
}

impl Gathered<'_> {
    /// The page's shell code as the one script `bash -n` checks first, if it has any.
    pub fn shell_script(&self) -> Option<String> {
        self.parsed.shell_script()
    }

    /// Run the shell check (unless `shell_accepted`: `bash -n` already accepted
    /// `shell_script`), the rules, silencing and severities.
    pub fn finish(self, shell_accepted: bool) -> Vec<Diagnostic> {
        let settings = Settings {
            checks: &self.config.checks,
            hadolint: &self.config.hadolint,
        };
        let mut diagnostics = self.parsed.finish(shell_accepted, &settings);
        diagnostics.extend(self.over_limit);
        diagnostics
    }
}

/// Check a Markdown article body as if it were a page without bundle files (for rule examples
/// and `docsite explain`).
pub fn check_markdown(markdown: &str, config: &Config) -> Vec<Diagnostic> {
    let page = Page::example(markdown);
    check_page(&page, config)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::rule::Check;
    use super::*;
    use crate::config::RuleLevel;
    use crate::diagnostic::Severity;

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
        for rule in rules::RULES.iter() {
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
