//! Fuzzes the requirements.txt reader (pep508_rs for each requirement line).
#![no_main]

use docsite::check::requirements::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    parse(text);
});
