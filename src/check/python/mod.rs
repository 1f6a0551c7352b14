//! Python blocks: CPython-compatible syntax errors, imports and app bindings, from ruff's parser.
//! (Interface placeholder written by the lead so the rest of the crate compiles; the Python
//! helper replaces this file with the real implementation.)

/// A syntax error as CPython 3.11 reports it.
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Characters to underline.
    pub len: usize,
    /// Message.
    pub message: String,
    /// Hint.
    pub help: Option<String>,
}
/// First syntax error.
pub fn syntax_error(_source: &str) -> Option<SyntaxError> {
    None
}
/// An interactive session.
pub struct Session {
    /// Code.
    pub source: String,
    /// Block line of each code line.
    pub lines: Vec<usize>,
}
/// Session of a block.
pub fn interactive_session(_block: &str) -> Option<Session> {
    None
}
/// An import.
pub struct Import {
    /// Top-level module.
    pub module: String,
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
    /// Length.
    pub len: usize,
}
/// Imports.
pub fn imports(_source: &str) -> Vec<Import> {
    Vec::new()
}
/// An app.run call.
pub struct AppRun {
    /// Host.
    pub host: Option<String>,
    /// Port.
    pub port: Option<u16>,
    /// Line.
    pub line: usize,
    /// Column.
    pub column: usize,
    /// Length.
    pub len: usize,
}
/// app.run calls.
pub fn app_runs(_source: &str) -> Vec<AppRun> {
    Vec::new()
}
/// Module-level binding.
pub fn defines(_source: &str, _name: &str) -> bool {
    true
}
/// Standard library.
pub fn is_stdlib(_module: &str) -> bool {
    true
}
/// Distribution of an import.
pub fn distribution_for_import(module: &str) -> &str {
    module
}
/// Alternative distributions.
pub fn import_provided_by(_module: &str) -> &'static [&'static str] {
    &[]
}
