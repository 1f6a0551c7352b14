//! Fuzzes the Markdown renderer with highlighting on, links left as written and no readable files.
#![no_main]

use docsite::markdown::{render, AsWritten, HeadingIdScheme, RenderContext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let context = RenderContext {
        read: &|path| Err(format!("no file `{path}`")),
        links: &AsWritten,
        highlighted: true,
        heading_ids: HeadingIdScheme::default(),
        limits: &docsite::config::Limits::default(),
    };
    render(markdown, 0, &context);
});
