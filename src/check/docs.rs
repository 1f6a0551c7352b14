//! Rule documentation for people: `docsite explain RULE` and the README's rule table, both made
//! from the `Rule` values so they cannot drift from the checks.

use super::rule::{Check, Rule};
use super::rules::RULES;

/// The full documentation of one rule, as `docsite explain` prints it.
pub fn explain(rule: &Rule) -> String {
    let hadolint = rule
        .hadolint
        .map(|id| format!(" (hadolint {id})"))
        .unwrap_or_default();
    format!(
        "{id}{hadolint}, {severity} by default: {title}\n\nWhat it does\n  {what}\n\nWhy\n  {why}\n\nExample that triggers it\n{bad}\n\nUse instead\n{good}\n\nTo silence it\n{silence}",
        id = rule.id,
        severity = rule.severity,
        title = rule.title,
        what = rule.what,
        why = rule.why,
        bad = indent(rule.bad),
        good = indent(rule.good),
        silence = silencing(rule),
    )
}

/// The ways to turn `rule` off or down, from the narrowest to the whole site.
fn silencing(rule: &Rule) -> String {
    let id = rule.id;
    let mut ways = Vec::new();
    if !matches!(rule.check, Check::Site) {
        ways.push(format!(
            "  - for one block: `allow={id}` in its info string (```` ```dockerfile allow={id} ````), \
             or `check=false` to check nothing in it"
        ));
    }
    if let Some(hadolint) = rule.hadolint {
        ways.push(format!(
            "  - for one instruction: `# hadolint ignore={hadolint}` on the line above it \
             (`global ignore=` for the whole Dockerfile); `{id}` works there too"
        ));
        ways.push(format!(
            "  - in `.hadolint.yaml`: `ignored: [{hadolint}]`, as hadolint reads it"
        ));
    }
    ways.push(format!(
        "  - for the whole site, in docsite.yaml: `checks: {{rules: {{{id}: off}}}}` \
         (or `warning`, `error`)"
    ));
    ways.join("\n") + "\n"
}

/// What `docsite explain` says of a hadolint rule docsite does not check: that, how to get it,
/// and docsite's rules with the nearest hadolint ids.
pub fn not_checked(hadolint_id: &str) -> String {
    let id = hadolint_id.to_ascii_uppercase();
    let number = |id: &str| id.get(2..).and_then(|digits| digits.parse::<i64>().ok());
    let mut twins: Vec<(i64, &Rule)> = RULES
        .iter()
        .filter_map(|rule| {
            let twin = rule.hadolint?;
            Some(((number(twin)? - number(&id)?).abs(), *rule))
        })
        .collect();
    twins.sort_by_key(|(distance, rule)| (*distance, rule.id));
    let nearest: Vec<String> = twins
        .iter()
        .take(3)
        .map(|(_, rule)| {
            format!(
                "  {} ({}): {}",
                rule.hadolint.unwrap_or_default(),
                rule.id,
                rule.title
            )
        })
        .collect();
    format!(
        "{id} is a hadolint rule that docsite does not check.\n\n\
         Run hadolint on the Dockerfile for it (`hadolint Dockerfile`). docsite accepts its id \
         wherever hadolint's are written (`# hadolint ignore={id}`, `.hadolint.yaml`, \
         `checks.rules` in docsite.yaml), so a post that silences it for hadolint builds as it \
         is.\n\nThe hadolint rules docsite checks with the nearest ids:\n{}\n",
        nearest.join("\n")
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
