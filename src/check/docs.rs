//! Rule documentation for people: `docsite explain RULE` and the README's rule table, both made
//! from the `Rule` values so they cannot drift from the checks.

use super::rule::Rule;
use super::rules::RULES;

/// The full documentation of one rule, as `docsite explain` prints it.
pub fn explain(rule: &Rule) -> String {
    let hadolint = rule
        .hadolint
        .map(|id| format!(" (hadolint {id})"))
        .unwrap_or_default();
    format!(
        "{id}{hadolint}, {severity} by default: {title}\n\nWhat it does\n  {what}\n\nWhy\n  {why}\n\nExample that triggers it\n{bad}\n\nUse instead\n{good}\n",
        id = rule.id,
        severity = rule.severity,
        title = rule.title,
        what = rule.what,
        why = rule.why,
        bad = indent(rule.bad),
        good = indent(rule.good),
    )
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every rule as a Markdown table (the README embeds this output).
pub fn rules_table() -> String {
    let mut table = String::from("| rule | hadolint | default | reports |\n|---|---|---|---|\n");
    for rule in RULES.iter() {
        table.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            rule.id,
            rule.hadolint.unwrap_or(""),
            rule.severity,
            rule.title.replace('|', "\\|")
        ));
    }
    table
}
