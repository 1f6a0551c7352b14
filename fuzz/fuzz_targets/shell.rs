//! Fuzzes the shell reader used for `RUN` and shell blocks, and the prompt/output split of shell
//! and console blocks (without running `bash -n`).
#![no_main]

use docsite::check::console::ShellBlock;
use docsite::check::shell::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    parse(source);
    for block in [ShellBlock::read(source), ShellBlock::read_session(source)] {
        let (script, lines) = block.script();
        assert_eq!(script.lines().count(), lines.len());
        for command in &block.commands {
            parse(&command.text);
            // Callers pass offsets of the reader's words: character boundaries, or past the end.
            let boundaries = command.text.char_indices().map(|(offset, _)| offset);
            for offset in boundaries.chain([command.text.len(), command.text.len() + 1]) {
                command.position(offset);
            }
        }
    }
});
