//! DF026: invalid `EXPOSE` port.

use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// invalid `EXPOSE` port.
pub static RULE: Rule = Rule {
    id: "DF026",
    hadolint: Some("DL3011"),
    severity: Severity::Error,
    title: "invalid `EXPOSE` port",
    what: "Reports `EXPOSE` values that are not a port (0–65535) or a port range, optionally with `/tcp` or `/udp`.",
    why: "`docker build` rejects an invalid port.",
    bad: "```dockerfile\nFROM python:3.11-slim\nUSER 1000\nEXPOSE 80000\n```",
    good: "```dockerfile\nFROM python:3.11-slim\nUSER 1000\nEXPOSE 8000\n```",
    check: Check::Dockerfile(check),
};

/// Flag EXPOSE values that are no valid port.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    for instruction in dockerfile.instructions.iter().filter(|i| i.is("EXPOSE")) {
        let text = &instruction.args.text;
        let mut offset = 0;
        for item in text.split_whitespace() {
            let start = offset + text[offset..].find(item).unwrap_or(0);
            offset = start + item.len();
            if item.contains('$') || valid(item) {
                continue;
            }
            let (line, column) = instruction.args.position(start);
            findings.push(
                Finding::new(&RULE, line, column, item.chars().count())
                    .message(format!("`{item}` is not a valid port"))
                    .label("ports range from 0 to 65535")
                    .help("write a number, a range like 8000-8010, optionally with /tcp or /udp"),
            );
        }
    }
}

fn valid(item: &str) -> bool {
    let (ports, protocol) = match item.split_once('/') {
        Some((ports, protocol)) => (ports, Some(protocol.to_ascii_lowercase())),
        None => (item, None),
    };
    let port_ok = |p: &str| p.parse::<u32>().is_ok_and(|n| n <= 65535);
    let ports_ok = match ports.split_once('-') {
        Some((low, high)) => port_ok(low) && port_ok(high),
        None => port_ok(ports),
    };
    ports_ok && protocol.is_none_or(|p| p == "tcp" || p == "udp")
}
