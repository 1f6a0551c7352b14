//! Fuzzes what a block is judged to be for each label (`reading::read`) and the excerpt readings
//! of data blocks (placeholders, JSONC, fragments), which must stay in the block's own lines.
#![no_main]

use docsite::check::article::Kind;
use docsite::check::excerpt::{data, Verdict};
use docsite::check::reading::read;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data_bytes: &[u8]| {
    let Ok(source) = std::str::from_utf8(data_bytes) else {
        return;
    };
    let lines = source.split(['\n', '\r']).count();
    for kind in [
        Kind::Dockerfile,
        Kind::Python,
        Kind::Shell,
        Kind::Session,
        Kind::Yaml,
        Kind::Json,
        Kind::Toml,
        Kind::Requirements,
    ] {
        let reading = read(kind, source);
        if let Some(line) = reading.commands_from {
            assert!(line >= 1 && line <= lines, "commands from line {line} of {lines}");
        }
    }
    for kind in [Kind::Yaml, Kind::Json, Kind::Toml] {
        if let Verdict::Error(error) = data(kind, source) {
            assert!(error.line >= 1 && error.line <= lines + 1, "{error:?}");
        }
    }
});
