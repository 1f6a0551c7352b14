//! What a step printed against the output its post shows under the command.
//!
//! Lines are compared after a normalisation that only removes what a reader cannot see:
//! trailing spaces, carriage returns and trailing blank lines. A line `...` in the post matches
//! any run of printed lines, none included.

use crate::project::steps::ExpectedOutput;

/// Where and how the printed output differs from the post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// `file:line` of the first line of the post's output that is not printed.
    pub at: String,
    /// The post's lines (`-`) against the printed ones (`+`).
    pub diff: String,
}

/// `None` when `printed` is what the post shows.
pub fn compare(expected: &ExpectedOutput, printed: &str) -> Option<Mismatch> {
    let wanted = normalized(expected.lines.iter().map(String::as_str));
    let got = normalized(printed.lines());
    if matches(&wanted, &got) {
        return None;
    }
    let index = first_difference(&wanted, &got).min(wanted.len().saturating_sub(1));
    Some(Mismatch {
        at: format!("{}:{}", expected.file, expected.first_line + index),
        diff: diff(&wanted, &got),
    })
}

fn normalized<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut lines: Vec<&str> = lines.map(|line| line.trim_end()).collect();
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines
}

fn is_elision(line: &str) -> bool {
    line.trim() == "..."
}

/// True when `got` matches `wanted`, each `...` standing for any run of lines.
fn matches(wanted: &[&str], got: &[&str]) -> bool {
    // reachable[j]: the lines of `wanted` seen so far can match exactly got[..j].
    let mut reachable = vec![false; got.len() + 1];
    reachable[0] = true;
    for line in wanted {
        let mut next = vec![false; got.len() + 1];
        if is_elision(line) {
            let mut open = false;
            for j in 0..=got.len() {
                open |= reachable[j];
                next[j] = open;
            }
        } else {
            for j in 0..got.len() {
                next[j + 1] = reachable[j] && got[j] == *line;
            }
        }
        reachable = next;
    }
    reachable[got.len()]
}

/// The index of the first line of `wanted` that the printed lines do not follow, read left to
/// right (a `...` takes lines up to the next line the post shows).
fn first_difference(wanted: &[&str], got: &[&str]) -> usize {
    let mut j = 0;
    let mut i = 0;
    while i < wanted.len() {
        if is_elision(wanted[i]) {
            let Some(next) = wanted.get(i + 1) else {
                return wanted.len();
            };
            match got[j..].iter().position(|line| line == next) {
                Some(offset) => j += offset,
                None => return i + 1,
            }
            i += 1;
            continue;
        }
        if got.get(j) != Some(&wanted[i]) {
            return i;
        }
        i += 1;
        j += 1;
    }
    wanted.len()
}

/// Myers' diff is quadratic at worst; a step that printed a million lines must not stall the
/// report, so past this the diff is coarser (still correct, less minimal).
const DIFF_TIME: std::time::Duration = std::time::Duration::from_millis(500);

fn diff(wanted: &[&str], got: &[&str]) -> String {
    similar::TextDiff::configure()
        .timeout(DIFF_TIME)
        .diff_slices(wanted, got)
        .iter_all_changes()
        .map(|change| {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            };
            format!("{sign} {}", change.value())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(lines: &[&str]) -> ExpectedOutput {
        ExpectedOutput {
            lines: lines.iter().map(|line| (*line).to_owned()).collect(),
            file: "content/p.md".to_owned(),
            first_line: 10,
        }
    }

    #[test]
    fn equal_output_passes_after_normalisation() {
        let post = expected(&["{\"status\":\"ok\"}", "200"]);
        assert_eq!(compare(&post, "{\"status\":\"ok\"}  \r\n200\n\n"), None);
    }

    #[test]
    fn an_elision_matches_any_run_of_lines_even_none() {
        let post = expected(&["Starting", "...", "done"]);
        assert_eq!(compare(&post, "Starting\na\nb\nc\ndone\n"), None);
        assert_eq!(compare(&post, "Starting\ndone\n"), None);
        assert_eq!(compare(&expected(&["...", "done"]), "x\ndone"), None);
        assert_eq!(compare(&expected(&["first", "..."]), "first\nmore\n"), None);
    }

    #[test]
    fn a_huge_output_is_compared_in_bounded_time() {
        let printed = "noise\n".repeat(300_000);
        let started = std::time::Instant::now();
        let mismatch = compare(&expected(&["ok", "done"]), &printed).expect("differs");
        assert_eq!(mismatch.at, "content/p.md:10");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn a_difference_is_located_at_the_posts_line_with_a_diff() {
        let post = expected(&["{\"predictions\":[1.2983,-2.1946]}"]);
        let mismatch = compare(&post, "{\"predictions\":[1.2745,-2.1545]}\n").expect("differs");
        assert_eq!(mismatch.at, "content/p.md:10");
        assert_eq!(
            mismatch.diff,
            "- {\"predictions\":[1.2983,-2.1946]}\n+ {\"predictions\":[1.2745,-2.1545]}"
        );
        let post = expected(&["Starting", "...", "done", "bye"]);
        assert_eq!(
            compare(&post, "Starting\nx\ndone\nbye now\n")
                .expect("differs")
                .at,
            "content/p.md:13"
        );
        assert_eq!(
            compare(&expected(&["a"]), "a\nextra\n")
                .expect("differs")
                .at,
            "content/p.md:10"
        );
    }
}
