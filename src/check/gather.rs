//! Checking a page, step 1: its code as units — each checked block, and each file beside the
//! post that no block shows — with what maps a finding back to the line the author edits.

use std::path::Path;
use std::sync::Arc;

use super::article::{Origin, Parsed, Unit};
use super::{kind_for_file, kind_for_lang, rules};
use crate::config::Config;
use crate::content::walk::CONTENT_DIR;
use crate::content::Page;
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::CodeBlock;
use crate::project::{self, Project};
use docsite_check::interpreter::Source;
use docsite_check::reading::Reading;
use docsite_check::Code;

/// The page's code for the checks, and DS026 for the files too large to check.
pub fn code(page: &Page, config: &Config) -> (Code, Vec<Diagnostic>) {
    let project = project::of(page);
    let page_text: Arc<str> = Arc::from(page.text.as_str());
    let mut units = Vec::new();
    let mut block_units = Vec::new();
    let mut over_limit = Vec::new();
    for (index, block) in page.rendered.code_blocks.iter().enumerate() {
        if let Some(unit) = block_unit(block, &page.source, &page_text) {
            block_units.push((index, units.len()));
            units.push(unit);
        }
    }
    for (name, file) in &project.files {
        let (None, Some(text), Some(kind)) = (file.block, &file.text, kind_for_file(name)) else {
            continue;
        };
        let Some(folder) = &page.project_dir else {
            continue;
        };
        let path = Path::new(CONTENT_DIR).join(folder).join(name);
        if let Some(reason) = config.limits.exceeded_by(text) {
            over_limit.push(
                rules::ds026::RULE
                    .diagnostic(format!("file not checked: {reason}"))
                    .at(Location::in_text(&path, "", 1, 1))
                    .help("split the file, or raise the limit under `limits:` in docsite.yaml"),
            );
            continue;
        }
        let origin = Origin {
            file: path,
            file_text: Arc::from(text.as_str()),
            first_line: 1,
            indent: 0,
            line_map: Vec::new(),
        };
        units.push(Unit {
            kind,
            name: Some(name.clone()),
            parsed: Parsed::Data,
            origin,
            allow: Vec::new(),
            shown_at: shown_at(page, name),
            build_context: project::build_context(Some(name), None),
            label: None,
            reading: Reading::as_labelled(Some(kind)),
            strict: true,
        });
    }

    for &(block, unit) in &block_units {
        units[unit].origin.line_map = appended_line_map(page, block);
    }
    let texts = (0..units.len())
        .map(|index| unit_text(&units[index], page, &block_units, index, &project))
        .collect();
    let python = page
        .meta
        .python
        .map(|version| (version, Source::Page))
        .or_else(|| {
            config
                .python_version()
                .map(|version| (version, Source::Site))
        });
    let code = Code {
        project,
        units,
        block_units,
        texts,
        python,
    };
    (code, over_limit)
}

/// Where the page shows lines of project file `name` (`include=` blocks): each file line with
/// its `content/…md:LINE`, so a finding in the file also points at the post.
fn shown_at(page: &Page, name: &str) -> Vec<(usize, String)> {
    let markdown = page.source.display().to_string();
    page.rendered
        .code_blocks
        .iter()
        .filter_map(|block| block.include.as_ref().map(|included| (block, included)))
        .filter(|(_, included)| project::normalize(&included.path) == name)
        .flat_map(|(block, included)| {
            let markdown = &markdown;
            included
                .lines
                .iter()
                .enumerate()
                .map(move |(index, file_line)| {
                    (
                        *file_line,
                        format!("{markdown}:{}", block.fence_line + 1 + index),
                    )
                })
        })
        .collect()
}

/// The text a unit checks: its block's code, or its bundle file's text.
fn unit_text(
    unit: &Unit,
    page: &Page,
    block_units: &[(usize, usize)],
    index: usize,
    project: &Project,
) -> String {
    match block_units.iter().find(|(_, u)| *u == index) {
        Some((block, _)) => {
            let assembled = unit
                .name
                .as_deref()
                .and_then(|name| project.files.get(name))
                .filter(|file| file.block == Some(*block));
            match assembled.and_then(|file| file.text.clone()) {
                Some(text) => text,
                None => page.rendered.code_blocks[*block].code.clone(),
            }
        }
        None => unit
            .name
            .as_deref()
            .and_then(|name| project.text(name))
            .unwrap_or_default()
            .to_owned(),
    }
}

/// For a block that starts a file later blocks `append` to: the Markdown line of every line of
/// the assembled file. Empty when no block appends.
fn appended_line_map(page: &Page, first: usize) -> Vec<usize> {
    let blocks = &page.rendered.code_blocks;
    let Some(name) = project::file_name(&blocks[first]) else {
        return Vec::new();
    };
    let parts: Vec<&CodeBlock> = std::iter::once(&blocks[first])
        .chain(blocks[first + 1..].iter().filter(|b| {
            b.info.attrs.contains_key("append")
                && project::file_name(b).as_deref() == Some(name.as_str())
        }))
        .collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    parts
        .iter()
        .flat_map(|block| {
            (0..block.code.lines().count()).map(move |offset| block.fence_line + 1 + offset)
        })
        .collect()
}

/// A unit for a code block, when its language (or file name) is one docsite checks.
fn block_unit(block: &CodeBlock, source: &Path, page_text: &Arc<str>) -> Option<Unit> {
    let attrs = &block.info.attrs;
    // An included file is checked whole, as the bundle file it is; an `append` block is checked
    // as part of the file its first block starts.
    let skipped = attrs.get("check").is_some_and(|value| value == "false")
        || block.include.is_some()
        || attrs.contains_key("append")
        || block.over_limit.is_some();
    if skipped {
        return None;
    }
    let name = project::file_name(block);
    let build_context =
        project::build_context(name.as_deref(), attrs.get("context").map(String::as_str));
    // A project file is what its label or name says; any other block is what its content is
    // (`reading`), as the markdown stage judged it for the highlighter.
    let strict = name.is_some() || attrs.contains_key("run");
    let reading = if strict {
        Reading::as_labelled(block.info.lang.as_deref().and_then(kind_for_lang))
    } else {
        block.reading
    };
    let kind = reading
        .kind
        .or_else(|| name.as_deref().and_then(kind_for_file))?;
    let fence = page_text
        .lines()
        .nth(block.fence_line.saturating_sub(1))
        .unwrap_or("");
    let indent = fence.len() - fence.trim_start().len();
    let allow = attrs
        .get("allow")
        .map(|ids| {
            ids.split(',')
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Some(Unit {
        kind,
        name,
        parsed: Parsed::Data,
        origin: Origin {
            file: source.to_path_buf(),
            file_text: page_text.clone(),
            first_line: block.fence_line + 1,
            indent,
            line_map: Vec::new(),
        },
        build_context,
        allow,
        shown_at: Vec::new(),
        label: block.info.lang.clone(),
        reading,
        strict,
    })
}
