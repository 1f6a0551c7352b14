//! The info-string words docsite knows, in one table: which kind of code each is checked as, and
//! which grammar highlights it. `check::kind_for_lang` and `highlight` both read it.

use super::article::Kind;

/// An info-string word and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// The word, as written after the fence (lowercase).
    pub word: &'static str,
    /// The kind of code the block is checked as, if docsite checks it.
    pub kind: Option<Kind>,
    /// The syntect grammar that highlights it, when the word is not the grammar's own token.
    pub grammar: Option<&'static str>,
}

const fn word(word: &'static str, kind: Option<Kind>, grammar: Option<&'static str>) -> Language {
    Language {
        word,
        kind,
        grammar,
    }
}

const BASH: Option<&str> = Some("Bourne Again Shell (bash)");

/// Every word docsite gives a meaning to.
pub static LANGUAGES: &[Language] = &[
    word("dockerfile", Some(Kind::Dockerfile), Some("Dockerfile")),
    word("docker", Some(Kind::Dockerfile), Some("Dockerfile")),
    word("containerfile", Some(Kind::Dockerfile), Some("Dockerfile")),
    word("python", Some(Kind::Python), None),
    word("py", Some(Kind::Python), Some("Python")),
    word("python3", Some(Kind::Python), Some("Python")),
    word("pycon", Some(Kind::Python), None),
    word(
        "requirements",
        Some(Kind::Requirements),
        Some("Requirements.txt"),
    ),
    word(
        "pip-requirements",
        Some(Kind::Requirements),
        Some("Requirements.txt"),
    ),
    word(
        "requirements.txt",
        Some(Kind::Requirements),
        Some("Requirements.txt"),
    ),
    word("bash", Some(Kind::Shell), BASH),
    word("sh", Some(Kind::Shell), BASH),
    word("shell", Some(Kind::Shell), BASH),
    word("zsh", Some(Kind::Shell), BASH),
    word("console", Some(Kind::Session), BASH),
    word("shell-session", Some(Kind::Session), BASH),
    word("shellsession", Some(Kind::Session), None),
    word("yaml", Some(Kind::Yaml), None),
    word("yml", Some(Kind::Yaml), Some("YAML")),
    word("json", Some(Kind::Json), None),
    // JSON with comments (VS Code's settings, tsconfig) and JSON5: highlighted as JSON, not
    // checked as JSON, which they are not.
    word("jsonc", None, Some("JSON")),
    word("json5", None, Some("JSON")),
    word("toml", Some(Kind::Toml), None),
    // PowerShell by the names GitHub knows it by; not checked.
    word("pwsh", None, Some("PowerShell")),
    word("posh", None, Some("PowerShell")),
    word("node", None, Some("JavaScript")),
    word("nodejs", None, Some("JavaScript")),
    word("text", None, Some("Plain Text")),
    word("txt", None, Some("Plain Text")),
    word("plain", None, Some("Plain Text")),
];

/// The meaning of an info-string word, if docsite gives it one (exact, lowercase match).
pub fn language(word: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|language| language.word == word)
}
