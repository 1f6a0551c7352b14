//! Code blocks that show a real file: ```` ```python include="app.py" ```` (whole file),
//! `lines="12-30"`, or `region="predict"` between `docsite:start predict` and
//! `docsite:end predict` comment lines. Marker lines are never shown.

use super::info::CodeInfo;

/// The text a block shows from a real file, and where each shown line comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Included {
    /// The included path as written (relative to the page's folder).
    pub path: String,
    /// The shown text.
    pub text: String,
    /// For each shown line, its 1-based line in the file.
    pub lines: Vec<usize>,
    /// True when the block shows only part of the file.
    pub partial: bool,
}

/// Resolve a block's `include`, reading files through `read` (a path relative to the page's
/// folder → the file's text, or an error message). `None` when the block includes nothing.
pub fn resolve(
    info: &CodeInfo,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Option<Result<Included, String>> {
    let path = info.attrs.get("include")?;
    Some(read(path).and_then(|text| select(path, &text, info)))
}

fn select(path: &str, text: &str, info: &CodeInfo) -> Result<Included, String> {
    let all: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .collect();
    let (chosen, partial): (Vec<(usize, &str)>, bool) =
        match (info.attrs.get("lines"), info.attrs.get("region")) {
            (Some(_), Some(_)) => return Err("use either `lines` or `region`, not both".into()),
            (Some(range), None) => {
                let (first, last) = parse_range(range, all.len())?;
                (all[first - 1..last].to_vec(), true)
            }
            (None, Some(region)) => (region_lines(&all, region, path)?, true),
            (None, None) => (all, false),
        };
    let shown: Vec<(usize, &str)> = chosen
        .into_iter()
        .filter(|(_, line)| marker(line).is_none())
        .collect();
    let mut included = String::new();
    for (_, line) in &shown {
        included.push_str(line);
        included.push('\n');
    }
    Ok(Included {
        path: path.to_owned(),
        text: included,
        lines: shown.iter().map(|(number, _)| *number).collect(),
        partial,
    })
}

/// `"12-30"`, `"12"` or `"12-"` (to the end) → an inclusive 1-based range within `count` lines.
fn parse_range(range: &str, count: usize) -> Result<(usize, usize), String> {
    let parse = |s: &str| {
        s.trim()
            .parse::<usize>()
            .map_err(|_| format!("`lines=\"{range}\"` is not a line range like 12-30"))
    };
    let (first, last) = match range.split_once('-') {
        Some((first, "")) => (parse(first)?, count),
        Some((first, last)) => (parse(first)?, parse(last)?),
        None => {
            let line = parse(range)?;
            (line, line)
        }
    };
    if first == 0 {
        return Err("line numbers start at 1".into());
    }
    if first > last {
        return Err(format!(
            "`lines=\"{range}\"` is reversed: {first} comes after {last}"
        ));
    }
    if last > count {
        return Err(format!(
            "`lines=\"{range}\"` ends after the file's last line ({count})"
        ));
    }
    Ok((first, last))
}

/// `(start?, name)` when the line is a `docsite:start NAME` / `docsite:end NAME` comment.
fn marker(line: &str) -> Option<(bool, &str)> {
    let trimmed = line.trim();
    let body = ["#", "//", "--", "<!--", "/*", ";"]
        .iter()
        .find_map(|prefix| trimmed.strip_prefix(prefix))?
        .trim_start();
    let body = body
        .trim_end_matches("-->")
        .trim_end_matches("*/")
        .trim_end();
    if let Some(name) = body.strip_prefix("docsite:start") {
        return Some((true, name.trim()));
    }
    body.strip_prefix("docsite:end")
        .map(|name| (false, name.trim()))
}

fn region_lines<'a>(
    all: &[(usize, &'a str)],
    region: &str,
    path: &str,
) -> Result<Vec<(usize, &'a str)>, String> {
    let start = all
        .iter()
        .position(|(_, line)| marker(line) == Some((true, region)))
        .ok_or_else(|| {
            let known: Vec<&str> = all
                .iter()
                .filter_map(|(_, line)| marker(line))
                .filter(|(start, _)| *start)
                .map(|(_, name)| name)
                .collect();
            if known.is_empty() {
                format!("`{path}` has no region `{region}` (no `docsite:start` markers at all)")
            } else {
                format!(
                    "`{path}` has no region `{region}`; it has: {}",
                    known.join(", ")
                )
            }
        })?;
    let end = all[start + 1..]
        .iter()
        .position(|(_, line)| marker(line) == Some((false, region)))
        .ok_or_else(|| {
            format!("region `{region}` of `{path}` is never closed by `docsite:end {region}`")
        })?;
    let chosen = all[start + 1..start + 1 + end].to_vec();
    if chosen.iter().all(|(_, line)| line.trim().is_empty()) {
        return Err(format!("region `{region}` of `{path}` is empty"));
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "import os\n# docsite:start predict\ndef predict(x):\n    return x\n# docsite:end predict\nprint(1)\n";

    fn include(attrs: &str) -> Result<Included, String> {
        let info = CodeInfo::parse(&format!("python {attrs}"));
        resolve(&info, &|path| {
            if path == "app.py" {
                Ok(FILE.to_owned())
            } else {
                Err(format!("no file `{path}`"))
            }
        })
        .expect("includes")
    }

    #[test]
    fn whole_file_lines_and_regions() {
        let whole = include("include=app.py").unwrap();
        assert!(!whole.text.contains("docsite:"), "markers are never shown");
        assert_eq!(whole.lines, [1, 3, 4, 6]);
        let region = include("include=app.py region=predict").unwrap();
        assert_eq!(region.text, "def predict(x):\n    return x\n");
        assert_eq!(region.lines, [3, 4]);
        let lines = include("include=app.py lines=3-4").unwrap();
        assert_eq!(lines.text, region.text);
        assert_eq!(
            include("include=app.py lines=6-").unwrap().text,
            "print(1)\n"
        );
    }

    #[test]
    fn bad_includes_are_errors() {
        assert!(include("include=nope.py").unwrap_err().contains("no file"));
        assert!(include("include=app.py lines=4-3")
            .unwrap_err()
            .contains("reversed"));
        assert!(include("include=app.py lines=5-99")
            .unwrap_err()
            .contains("last line"));
        assert!(include("include=app.py region=train")
            .unwrap_err()
            .contains("has: predict"));
        let unclosed = CodeInfo::parse("python include=app.py region=open");
        let result = resolve(&unclosed, &|_| Ok("# docsite:start open\nx = 1\n".into())).unwrap();
        assert!(result.unwrap_err().contains("never closed"));
    }
}
