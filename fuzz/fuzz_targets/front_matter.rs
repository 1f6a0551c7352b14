//! Fuzzes front matter: `split` a whole Markdown file, `parse` its YAML, render every diagnostic.
#![no_main]

use std::path::Path;

use docsite::content::front_matter::{parse, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("content/fuzz.md");
    let split = match split(text, file) {
        Ok(split) => split,
        Err(diagnostic) => {
            // Rendering places the caret with annotate-snippets: a wrong position panics there.
            diagnostic.render(false);
            return;
        }
    };
    assert!(split.body.len() <= text.len());
    if let Some(yaml) = split.yaml {
        let (_, diagnostics) = parse(yaml, file, text);
        for diagnostic in diagnostics {
            diagnostic.render(false);
        }
    }
});
