//! DF016: apt lists not removed in the same layer.

use crate::dockerfile::has_cache_mount;
use crate::dockerfile::Dockerfile;
use crate::rule::{Check, Finding, Rule};
use crate::diagnostic::Severity;

/// apt lists not removed in the same layer.
pub static RULE: Rule = Rule {
    id: "DF016",
    hadolint: Some("DL3009"),
    severity: Severity::Warning,
    title: "apt lists not removed in the same layer",
    what: "Reports a `RUN` that runs `apt-get update` (or `apt`/`aptitude update`) without removing `/var/lib/apt/lists` (an `rm -rf`) in the same `RUN`, in the final stage or a stage used as a base. A cache mount on `/var/lib/apt/lists` is fine.",
    why: "The package lists are tens of megabytes; removed in a later layer they still ship in the image.",
    bad: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\nUSER 1000\n```",
    good: "```dockerfile\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\nUSER 1000\n```",
    check: Check::Dockerfile(check),
};

/// Flag RUNs that leave apt's package lists in the image.
pub fn check(dockerfile: &Dockerfile, findings: &mut Vec<Finding>) {
    let last = dockerfile.stages.len().saturating_sub(1);
    // hadolint counts a stage as final when its FROM line reads exactly like the last one.
    let from_text = |stage: usize| {
        dockerfile
            .stages
            .get(stage)
            .map(|s| dockerfile.instructions[s.from].args.text.trim())
    };
    let is_final = |stage: usize| stage == last || from_text(stage) == from_text(last);
    let used_as_base = |stage: usize| {
        let name = dockerfile.stages[stage].name.as_deref();
        dockerfile
            .stages
            .iter()
            .any(|s| name.is_some() && Some(s.image.to_ascii_lowercase().as_str()) == name)
    };
    for instruction in dockerfile.instructions.iter().filter(|i| i.runs_shell()) {
        if !is_final(instruction.stage) && !used_as_base(instruction.stage) {
            continue;
        }
        let scripts = instruction.scripts();
        let commands = || {
            scripts
                .iter()
                .flat_map(|s| s.commands.iter().map(move |c| (s, c)))
        };
        let update = commands().find(|(_, c)| {
            ["apt", "apt-get", "aptitude"].iter().any(|n| c.is(n))
                && c.args().iter().any(|w| w.text == "update")
        });
        let cleaned = commands().any(|(_, c)| {
            c.is("rm")
                && c.args()
                    .iter()
                    .any(|w| w.text == "-rf" || w.text.starts_with("/var/lib/apt/lists"))
                || c.is("rm")
                    && c.has_flag(Some('r'), &["--recursive"])
                    && c.args()
                        .iter()
                        .any(|w| w.text.contains("/var/lib/apt/lists"))
        });
        let cached = has_cache_mount(instruction, "/var/lib/apt/lists")
            || (has_cache_mount(instruction, "/var/lib/apt")
                && has_cache_mount(instruction, "/var/cache/apt"));
        if let (Some((script, command)), false, false) = (update, cleaned, cached) {
            let (line, column, len) = script.span(command.name().expect("apt"));
            findings.push(
                Finding::new(&RULE, line, column, len)
                    .label("package lists stay in this layer")
                    .help("end the same `RUN` with `&& rm -rf /var/lib/apt/lists/*`"),
            );
        }
    }
}
