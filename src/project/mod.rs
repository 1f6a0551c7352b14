//! An article's project as the site makes it (`of`: bundle files, then `file=` blocks), and what
//! the site does with it: the download and `docsite test`. The `Project` type itself is the
//! check crate's, which the checks read.

pub mod archive;
pub mod steps;

pub use docsite_check::project::*;

use crate::content::Page;
use crate::markdown::CodeBlock;

/// The project of `page`: its bundle files, then its `file=` blocks.
pub fn of(page: &Page) -> Project {
    let mut project = Project::default();
    for asset in &page.assets {
        let name = asset
            .rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        project.add_bundle_file(name, asset.text.clone());
    }
    for (index, block) in page.rendered.code_blocks.iter().enumerate() {
        // An included block shows a file the project already has.
        if block.include.is_some() {
            continue;
        }
        if let Some(name) = file_name(block) {
            let append = block.info.attrs.contains_key("append");
            project.add_block(name, index, &block.code, append);
        }
    }
    project
}

/// The files of the download: every project file, plus a generated `README.md` unless the
/// project has its own.
pub fn download_files(project: &Project, page: &Page, permalink: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = project
        .files
        .iter()
        .filter_map(|(name, file)| {
            file.text
                .as_ref()
                .map(|text| (name.clone(), text.clone().into_bytes()))
        })
        .collect();
    if !project.files.contains_key("README.md") {
        files.push((
            "README.md".into(),
            readme(project, page, permalink).into_bytes(),
        ));
    }
    files
}

/// A short README for the download: what it is, where the article is, how to run it.
fn readme(project: &Project, page: &Page, permalink: &str) -> String {
    let title = page.title();
    let mut text = format!(
        "# {title}

"
    );
    if let Some(description) = &page.meta.description {
        text.push_str(&format!(
            "{description}

"
        ));
    }
    text.push_str(&format!(
        "These are the files of the article <{permalink}>.

## Files

"
    ));
    for name in project.files.keys() {
        text.push_str(&format!(
            "- `{name}`
"
        ));
    }
    let steps = steps::steps(page);
    if !steps.is_empty() {
        text.push_str(
            "
## How to run

From this folder, run in order:

```sh
",
        );
        for step in &steps {
            text.push_str(&format!(
                "{}
",
                step.command
            ));
        }
        text.push_str(
            "```
",
        );
    }
    text
}

/// The project file a block defines: its `file=` attribute.
pub fn file_name(block: &CodeBlock) -> Option<String> {
    block
        .info
        .attrs
        .get("file")
        .filter(|name| stays_inside(name))
        .map(|name| normalize(name))
}

/// DS025 for every block whose `file=` name would leave the project.
pub fn names_leaving_the_project(
    page: &crate::content::Page,
) -> Vec<crate::diagnostic::Diagnostic> {
    let lines: Vec<&str> = page.text.lines().collect();
    page.rendered
        .code_blocks
        .iter()
        .filter_map(|block| {
            let name = block.info.attrs.get("file")?;
            if stays_inside(name) {
                return None;
            }
            let fence = lines.get(block.fence_line.saturating_sub(1)).copied().unwrap_or("");
            let column = fence.find("file=").map_or(1, |byte| fence[..byte].chars().count() + 1);
            Some(
                docsite_check::site_rules::ds025::RULE
                    .diagnostic(format!("`file={name}` leaves the article's project"))
                    .at(crate::diagnostic::Location::in_text(&page.source, &page.text, block.fence_line, column)
                        .with_len(name.chars().count() + 5))
                    .help("name the file relative to the project, without `..`: `file=app.py`, `file=app/main.py`"),
            )
        })
        .collect()
}
