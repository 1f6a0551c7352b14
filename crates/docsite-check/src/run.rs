//! Checking a page, step 3: every rule of the registry over the parsed units and the article.

use super::article::{Article, Parsed};
use super::problem::Problem;
use super::rule::{Check, Finding};
use super::rules;

/// What every rule finds, by unit.
pub fn run_rules(article: &Article, problems: &[(usize, Problem)]) -> Vec<(usize, Finding)> {
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
            Check::Dockerfile(check) => per_unit(article, &mut findings, |parsed, out| {
                if let Parsed::Dockerfile(dockerfile) = parsed {
                    check(dockerfile, out);
                }
            }),
            Check::Requirements(check) => per_unit(article, &mut findings, |parsed, out| {
                if let Parsed::Requirements(requirements) = parsed {
                    check(requirements, out);
                }
            }),
            // Cross-file rules ask what the article's project holds; a post that declares none
            // (no files beside it, no `file=` block) only shows snippets, which are not a
            // project whose files are missing.
            Check::Article(check) if article.project.is_declared() => check(article, &mut findings),
            Check::Article(_) => {}
        }
    }
    findings
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
