//! Fuzzes the CPython-compatible syntax checker, on the input and on its `>>>` session code.
#![no_main]

use docsite::check::python::{interactive_session, syntax_error};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    // An upper bound: CPython ends lines at `\n`, `\r\n` and a lone `\r`.
    let lines = source.split(['\n', '\r']).count();
    if let Some(error) = syntax_error(source) {
        assert!(
            error.line >= 1 && error.column >= 1 && error.len >= 1,
            "{error:?}"
        );
        // CPython may point one line past the end (an unclosed block at EOF), never further.
        assert!(error.line <= lines + 1, "{error:?} in {lines} lines");
    }
    if let Some(session) = interactive_session(source) {
        assert_eq!(session.source.lines().count(), session.lines.len());
        syntax_error(&session.source);
    }
});
