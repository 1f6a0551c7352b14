//! Fuzzes the CPython-compatible syntax checker for every supported Python, as a whole file and
//! as an excerpt, on the input and on its `>>>` session code.
#![no_main]

use docsite::check::python::{interactive_session, syntax_error_with, Options, SUPPORTED};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    // An upper bound: CPython ends lines at `\n`, `\r\n` and a lone `\r`.
    let lines = source.split(['\n', '\r']).count();
    for version in SUPPORTED {
        for excerpt in [false, true] {
            let options = Options { version, excerpt };
            if let Some(error) = syntax_error_with(source, options) {
                assert!(
                    error.line >= 1 && error.column >= 1 && error.len >= 1,
                    "{error:?}"
                );
                // CPython may point one line past the end (an unclosed block at EOF), never
                // further; an excerpt's error is in the block's own lines.
                assert!(error.line <= lines + 1, "{error:?} in {lines} lines");
            }
        }
    }
    if let Some(session) = interactive_session(source) {
        assert_eq!(session.source.lines().count(), session.lines.len());
        syntax_error_with(&session.source, Options::default());
    }
});
