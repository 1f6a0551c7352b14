//! "Did you mean": the one place that finds the known word nearest to a mistyped one, for every
//! suggestion docsite makes (rule ids, languages, keys, instructions, anchors).

/// The candidate nearest to `word` (Damerau-Levenshtein: a letter added, dropped, changed, or
/// two swapped), if it is at most `most` edits away; ties go to the one that sorts first.
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    most: usize,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= most)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Every candidate at the least distance from `word`, if that is at most `most` edits, in the
/// order given: when two are as near, the reader chooses.
pub fn all_closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    most: usize,
) -> Vec<&'a str> {
    let measured: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .collect();
    let Some(best) = measured.iter().map(|(distance, _)| *distance).min() else {
        return Vec::new();
    };
    measured
        .into_iter()
        .filter(|(distance, _)| *distance == best && best <= most)
        .map(|(_, candidate)| candidate)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_within_reach_and_ties_in_order() {
        assert_eq!(closest("pyhton", ["python", "bash"], 2), Some("python"));
        assert_eq!(closest("rust", ["python", "bash"], 2), None);
        assert_eq!(closest("ab", ["ac", "aa"], 1), Some("aa"), "ties sort");
        assert_eq!(
            all_closest("DL3O08", ["DL3008", "DL3009", "DL3018"], 1),
            ["DL3008"]
        );
        assert_eq!(
            all_closest("DL30O8", ["DL3008", "DL3018"], 1),
            ["DL3008", "DL3018"]
        );
        assert_eq!(all_closest("X", ["A", "B"], 1), ["A", "B"]);
        assert!(all_closest("XYZ", ["A"], 1).is_empty());
    }
}
