//! Checking a page, step 4: findings silenced by `allow=` and hadolint pragmas, given their
//! configured severity, and placed in the author's file.

use std::path::PathBuf;

use super::article::{Parsed, Unit};
use super::rule::Finding;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::settings::{RuleLevel, Settings};

/// The findings that are not silenced, as diagnostics at their configured severity.
pub fn report(
    units: &[Unit],
    findings: Vec<(usize, Finding)>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter(|(unit, finding)| !silenced(&units[*unit], finding))
        .filter_map(|(unit, finding)| to_diagnostic(&units[unit], finding, settings))
        .collect()
}

/// True when the block's `allow=` or a Dockerfile pragma silences the finding.
fn silenced(unit: &Unit, finding: &Finding) -> bool {
    let ids: Vec<&str> = std::iter::once(finding.rule.id)
        .chain(finding.rule.hadolint)
        .collect();
    if unit
        .allow
        .iter()
        .any(|allowed| ids.iter().any(|id| id.eq_ignore_ascii_case(allowed)))
    {
        return true;
    }
    let Parsed::Dockerfile(dockerfile) = &unit.parsed else {
        return false;
    };
    if dockerfile
        .global_ignores
        .iter()
        .any(|ignored| ids.contains(&ignored.as_str()))
    {
        return true;
    }
    let instruction = dockerfile
        .instructions
        .iter()
        .take_while(|instruction| instruction.line <= finding.line)
        .last();
    let Some(instruction) = instruction else {
        return false;
    };
    let stage_from = dockerfile
        .stages
        .get(instruction.stage)
        .map(|stage| &dockerfile.instructions[stage.from]);
    // `stage ignore=` covers the stage's instructions, not its FROM line.
    let stage_silenced =
        stage_from.is_some_and(|from| from.line < finding.line && from.ignores_stage_rule(&ids));
    instruction.ignores_rule(&ids) || stage_silenced
}

/// The finding as a diagnostic in the author's file, with the configured severity; `None` when
/// configured off.
fn to_diagnostic(unit: &Unit, finding: Finding, settings: &Settings) -> Option<Diagnostic> {
    let rule = finding.rule;
    let configured = |id: &str| {
        settings
            .checks
            .rules
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(id))
            .map(|(_, level)| *level)
    };
    let level = configured(rule.id)
        .or_else(|| rule.hadolint.and_then(configured))
        .or_else(|| rule.hadolint.and_then(|id| settings.hadolint.level(id)));
    let mut severity = match level {
        Some(RuleLevel::Off) => return None,
        Some(RuleLevel::Error) => Severity::Error,
        Some(RuleLevel::Warning) => Severity::Warning,
        None => rule.severity,
    };
    if settings.checks.deny_warnings {
        severity = Severity::Error;
    }
    let origin = &unit.origin;
    // Line 0 means "the block itself": its opening fence.
    let line = if finding.line == 0 {
        origin.first_line - 1
    } else {
        origin.line(finding.line)
    };
    let column = if finding.line == 0 {
        1 + origin.indent
    } else {
        finding.column + origin.indent
    };
    let location = Location::in_text(PathBuf::from(&origin.file), &origin.file_text, line, column)
        .with_len(finding.len);
    let mut diagnostic = Diagnostic::error(rule.id, finding.message).at(location);
    diagnostic.severity = severity;
    diagnostic.hadolint = rule.hadolint;
    if let Some(label) = finding.label {
        diagnostic = diagnostic.label(label);
    }
    if let Some(help) = finding.help {
        diagnostic = diagnostic.help(help);
    }
    for (_, shown) in unit
        .shown_at
        .iter()
        .filter(|(file_line, _)| *file_line == finding.line)
    {
        diagnostic.notes.push(format!("shown at {shown}"));
    }
    Some(diagnostic)
}
