//! The ids a setting or a pragma may name — every docsite rule, hadolint's, ShellCheck's — and
//! the "did you mean" help for one that is none of them; and the list of every rule.

use std::sync::LazyLock;

use crate::rule::Rule;

/// hadolint's own rule ids (2.15.1), which its pragmas and `.hadolint.yaml` may name even where
/// docsite has no twin.
const HADOLINT_IDS: &[&str] = &[
    "DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3005", "DL3006", "DL3007",
    "DL3008", "DL3009", "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016",
    "DL3018", "DL3019", "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3026",
    "DL3027", "DL3028", "DL3029", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036",
    "DL3037", "DL3038", "DL3040", "DL3041", "DL3042", "DL3043", "DL3044", "DL3045", "DL3046",
    "DL3047", "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055",
    "DL3056", "DL3057", "DL3058", "DL3059", "DL3060", "DL3061", "DL3062", "DL4000", "DL4001",
    "DL4003", "DL4004", "DL4005", "DL4006",
];

/// True for a rule of hadolint's (`DL3059`), whether docsite has a twin of it or not.
pub fn is_hadolint_id(id: &str) -> bool {
    HADOLINT_IDS.contains(&id.to_ascii_uppercase().as_str())
}

/// True for an id a rule setting may name: a docsite rule, a hadolint rule, or a ShellCheck
/// code (`SC2086`), which hadolint's pragmas accept.
pub fn is_known_id(id: &str) -> bool {
    let upper = id.to_ascii_uppercase();
    find(&upper).is_some()
        || HADOLINT_IDS.contains(&upper.as_str())
        || upper
            .strip_prefix("SC")
            .is_some_and(|digits| digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The help for an unknown id: the closest known ids, when some are close. Letters that look
/// like digits (`O`, `l`, `I`) are read as the digits they were meant to be.
pub fn unknown_id_help(id: &str) -> String {
    let normalized: String = id
        .to_ascii_uppercase()
        .chars()
        .enumerate()
        .map(|(index, c)| match (index >= 2, c) {
            (true, 'O') => '0',
            (true, 'L' | 'I') => '1',
            _ => c,
        })
        .collect();
    let mut known: Vec<&str> = ALL_RULES
        .iter()
        .flat_map(|rule| std::iter::once(rule.id).chain(rule.hadolint))
        .chain(HADOLINT_IDS.iter().copied())
        .collect();
    known.sort_unstable();
    known.dedup();
    let closest: Vec<String> = crate::suggest::all_closest(&normalized, known, 1)
        .into_iter()
        .map(|candidate| format!("`{candidate}`"))
        .collect();
    if closest.is_empty() {
        "`docsite rules` lists every rule".to_owned()
    } else {
        format!(
            "did you mean {}? `docsite rules` lists every rule",
            closest.join(" or ")
        )
    }
}

/// Every rule, the checks' and the site's, by id.
pub static ALL_RULES: LazyLock<Vec<&'static Rule>> = LazyLock::new(|| {
    let mut rules: Vec<&'static Rule> = crate::rules::RULES
        .iter()
        .chain(crate::site_rules::SITE_RULES)
        .copied()
        .collect();
    rules.sort_by_key(|rule| rule.id);
    rules
});

/// A rule by its docsite id or its hadolint id.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL_RULES.iter().copied().find(|rule| {
        rule.id.eq_ignore_ascii_case(id)
            || rule.hadolint.is_some_and(|h| h.eq_ignore_ascii_case(id))
    })
}
