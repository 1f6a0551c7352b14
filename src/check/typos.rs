//! Typos caught where they are cheap: a rule id that no rule has in a block's `allow=` or a
//! `# hadolint ignore=` comment, and a code-block language no grammar knows. Each would
//! otherwise silently switch something off (a silencing that silences nothing, a block neither
//! highlighted nor checked).

use std::path::{Path, PathBuf};

use crate::check::rule_ids::{is_known_id, unknown_id_help};
use crate::check::rules;
use crate::content::Page;
use crate::diagnostic::{Diagnostic, Location};
use crate::highlight;

/// Languages writers use that no grammar needs to know: plain text, output, diagrams.
const UNHIGHLIGHTED: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "none",
    "nohighlight",
    "output",
    "console",
    "terminal",
    "shell-session",
    "shellsession",
    "pycon",
    "mermaid",
    "math",
    "latex",
    "ascii",
    "asciiart",
    "tree",
    "log",
    "csv",
    "tsv",
    "env",
    "dotenv",
    "ini",
    "conf",
    "properties",
    "http",
    "text/plain",
    "stdout",
    "stderr",
    "raw",
    "example",
    "sample",
    "hcl",
    "tf",
    "terraform",
    "nginx",
    "apache",
    "caddyfile",
    "cmd",
    "bat",
    "batch",
    "powershell",
    "ps",
    "ps1",
    "pwsh",
    "psql",
    "sql",
    "graphql",
    "gql",
    "jsx",
    "tsx",
    "vue",
    "svelte",
    "dockerignore",
    "gitignore",
    "ignore",
    "mdx",
    "toml",
    "proto",
    "protobuf",
    "prisma",
    "kotlin",
    "dart",
    "swift",
    "zig",
    "nix",
];

/// The typo diagnostics of one document.
pub fn check(page: &Page) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let lines: Vec<&str> = page.text.lines().collect();
    for block in &page.rendered.code_blocks {
        let fence = lines
            .get(block.fence_line.saturating_sub(1))
            .copied()
            .unwrap_or("");
        if let Some(ids) = block.info.attrs.get("allow") {
            for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                if !is_known_id(id) {
                    let column = fence
                        .find(id)
                        .map_or(1, |byte| fence[..byte].chars().count() + 1);
                    found.push(unknown_id(
                        &format!("unknown rule `{id}` in `allow=`"),
                        id,
                        Location::in_text(&page.source, &page.text, block.fence_line, column),
                    ));
                }
            }
        }
        if let Some(lang) = block.info.lang.as_deref() {
            if !highlight::knows_language(lang) && !UNHIGHLIGHTED.contains(&lang) {
                let column = fence
                    .find(lang)
                    .or_else(|| fence.to_lowercase().find(lang))
                    .map_or(1, |byte| fence[..byte].chars().count() + 1);
                found.push(unknown_language(
                    lang,
                    Location::in_text(&page.source, &page.text, block.fence_line, column)
                        .with_len(lang.chars().count()),
                ));
            }
        }
        let is_dockerfile = block
            .info
            .lang
            .as_deref()
            .and_then(crate::check::kind_for_lang)
            .or_else(|| {
                block
                    .info
                    .attrs
                    .get("file")
                    .and_then(|name| crate::check::kind_for_file(name))
            })
            == Some(crate::check::article::Kind::Dockerfile);
        if is_dockerfile && block.include.is_none() {
            found.extend(pragma_ids(
                &block.code,
                &page.source,
                &page.text,
                block.fence_line,
            ));
        }
    }
    if let Some(folder) = &page.project_dir {
        for asset in &page.assets {
            let name = asset.rel.to_string_lossy();
            let (Some(text), Some(crate::check::article::Kind::Dockerfile)) =
                (&asset.text, crate::check::kind_for_file(&name))
            else {
                continue;
            };
            let file: PathBuf = Path::new(crate::content::walk::CONTENT_DIR)
                .join(folder)
                .join(&asset.rel);
            found.extend(pragma_ids(text, &file, text, 0));
        }
    }
    found
}

/// Unknown ids in `# hadolint ignore=…` comments of a Dockerfile whose first line is line
/// `offset + 1` of `file`.
fn pragma_ids(dockerfile: &str, file: &Path, file_text: &str, offset: usize) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (index, line) in dockerfile.lines().enumerate() {
        let Some(comment) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let words = comment.trim_start();
        let Some(rest) = words.strip_prefix("hadolint") else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = rest
            .strip_prefix("global")
            .or_else(|| rest.strip_prefix("stage"))
            .unwrap_or(rest)
            .trim_start();
        let Some(ids) = rest.strip_prefix("ignore=") else {
            continue;
        };
        for id in ids
            .split([',', ' '])
            .map(str::trim)
            .filter(|id| !id.is_empty())
        {
            if is_known_id(id) {
                continue;
            }
            let file_line = offset + index + 1;
            let full_line = file_text.lines().nth(file_line - 1).unwrap_or(line);
            let column = full_line
                .find(id)
                .map_or(1, |byte| full_line[..byte].chars().count() + 1);
            found.push(unknown_id(
                &format!("unknown rule `{id}` in a `hadolint ignore=` comment"),
                id,
                Location::in_text(file, file_text, file_line, column),
            ));
        }
    }
    found
}

fn unknown_id(message: &str, id: &str, location: Location) -> Diagnostic {
    rules::ds019::RULE
        .diagnostic(message)
        .at(location.with_len(id.chars().count()))
        .help(unknown_id_help(id))
}

fn unknown_language(lang: &str, location: Location) -> Diagnostic {
    let words = highlight::language_words();
    let help = match crate::check::suggest::closest(lang, words.iter().map(String::as_str), 2) {
        Some(word) => format!("did you mean `{word}`? an unknown language is shown as plain text and not checked"),
        None => "write a language a grammar knows (`python`, `dockerfile`, `bash`, `yaml`…), or `text`; an unknown one is shown as plain text and not checked".to_owned(),
    };
    rules::ds018::RULE
        .diagnostic(format!("unknown code-block language `{lang}`"))
        .at(location)
        .help(help)
}
