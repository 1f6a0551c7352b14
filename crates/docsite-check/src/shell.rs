//! A small POSIX-shell reader for `RUN` lines and shell blocks: commands, their words (unquoted,
//! with byte positions), and the operators between them.
//!
//! Not a full shell parser: it understands quoting, escapes, `$(…)`, comments, redirections,
//! `&&`/`||`/`;`/`|`/`&`, subshell parentheses and the words that open `if`/`while` bodies —
//! what rules need to find `apt-get install` without `-y` or a `cd` inside a `RUN`.

/// A word of a command, quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes and escapes removed (`$(…)` kept as written).
    pub text: String,
    /// Byte offset of the word's first character in the source.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

/// What separates a command from the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`, a newline, or a subshell boundary
    Seq,
    /// `|`
    Pipe,
    /// `&`
    Background,
}

/// A simple command: words up to an operator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    /// Its words, leading `VAR=value` assignments included.
    pub words: Vec<Word>,
    /// The operator after it, if any.
    pub op_after: Option<Op>,
}

/// Words that open a compound command body: the real command follows them.
const OPENERS: &[&str] = &[
    "command", "builtin", "busybox", "if", "then", "else", "elif", "do", "while", "until", "!",
    "{", "time", "exec",
];

impl Command {
    /// Index of the command name: the first word that is not an assignment or a body opener.
    fn name_index(&self) -> Option<usize> {
        self.words
            .iter()
            .position(|word| !OPENERS.contains(&word.text.as_str()) && !is_assignment(&word.text))
    }

    /// The command name (`apt-get`), if any.
    pub fn name(&self) -> Option<&Word> {
        self.name_index().map(|index| &self.words[index])
    }

    /// The words after the command name.
    pub fn args(&self) -> &[Word] {
        match self.name_index() {
            Some(index) => &self.words[index + 1..],
            None => &[],
        }
    }

    /// True when the command name's file name is `name` (so `/usr/bin/apt-get` is `apt-get`).
    pub fn is(&self, name: &str) -> bool {
        self.name()
            .is_some_and(|word| word.text.rsplit('/').next() == Some(name))
    }

    /// The arguments that are not options (do not start with `-`).
    pub fn operands(&self) -> impl Iterator<Item = &Word> {
        self.args()
            .iter()
            .filter(|word| !word.text.starts_with('-'))
    }

    /// True when an argument is `-x` (alone or among combined short flags such as `-qy`) or one of
    /// the long spellings given.
    pub fn has_flag(&self, short: Option<char>, long: &[&str]) -> bool {
        self.args().iter().any(|word| {
            let text = word.text.as_str();
            if let Some(rest) = text.strip_prefix("--") {
                let name = rest.split('=').next().unwrap_or(rest);
                return long.iter().any(|l| l.trim_start_matches("--") == name);
            }
            match (short, text.strip_prefix('-')) {
                (Some(c), Some(flags)) => {
                    !flags.is_empty()
                        && flags.chars().all(char::is_alphanumeric)
                        && flags.contains(c)
                }
                _ => false,
            }
        })
    }
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Parse a shell script into its simple commands, including those inside `$(…)` and backticks
/// (after the command that contains them).
pub fn parse(source: &str) -> Vec<Command> {
    Reader {
        source,
        chars: source.char_indices().collect(),
        index: 0,
        nested: Vec::new(),
        case_pattern: false,
    }
    .read()
}

struct Reader<'a> {
    source: &'a str,
    chars: Vec<(usize, char)>,
    index: usize,
    /// Commands found inside command substitutions.
    nested: Vec<Command>,
    /// True where a `case` pattern (`a|b)`) is expected, whose `|` is no pipe.
    case_pattern: bool,
}

impl Reader<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.index + ahead).map(|(_, c)| *c)
    }

    fn offset(&self) -> usize {
        self.chars
            .get(self.index)
            .map_or(self.source.len(), |(offset, _)| *offset)
    }

    fn read(mut self) -> Vec<Command> {
        let mut commands = Vec::new();
        let mut current = Command::default();
        let mut skip_next_word = false;
        while let Some(c) = self.peek(0) {
            if self.case_pattern && !c.is_whitespace() {
                self.skip_case_pattern();
                continue;
            }
            let op = match (c, self.peek(1)) {
                (';', Some(';')) => {
                    self.case_pattern = true;
                    Some((Op::Seq, 2))
                }
                ('&', Some('&')) => Some((Op::And, 2)),
                ('|', Some('|')) => Some((Op::Or, 2)),
                ('|', _) => Some((Op::Pipe, 1)),
                ('&', Some('>')) => None,
                ('&', _) => Some((Op::Background, 1)),
                (';' | '\n' | '(' | ')', _) => Some((Op::Seq, 1)),
                _ => None,
            };
            if let Some((op, width)) = op {
                self.index += width;
                if !current.words.is_empty() {
                    current.op_after = Some(op);
                    commands.push(std::mem::take(&mut current));
                }
                continue;
            }
            if c == ' ' || c == '\t' || c == '\r' {
                self.index += 1;
                continue;
            }
            if c == '\\' && self.peek(1) == Some('\n') {
                self.index += 2;
                continue;
            }
            if c == '#' {
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.index += 1;
                }
                continue;
            }
            if c == '>' || c == '<' || (c == '&' && self.peek(1) == Some('>')) {
                while self.peek(0).is_some_and(|c| matches!(c, '>' | '<' | '&')) {
                    self.index += 1;
                }
                skip_next_word = !self.peek(0).is_some_and(|c| c.is_ascii_digit() || c == '-');
                if !skip_next_word {
                    while self.peek(0).is_some_and(|c| c.is_ascii_digit() || c == '-') {
                        self.index += 1;
                    }
                }
                continue;
            }
            let word = self.word();
            if std::mem::take(&mut skip_next_word) {
                continue;
            }
            let opens_case =
                current.name().is_some_and(|name| name.text == "case") && word.text == "in";
            if opens_case {
                self.case_pattern = true;
            }
            if word.text == "esac" {
                self.case_pattern = false;
            }
            let is_fd_number = word.text.chars().all(|c| c.is_ascii_digit())
                && matches!(self.peek(0), Some('>' | '<'));
            if !is_fd_number {
                current.words.push(word);
            }
        }
        if !current.words.is_empty() {
            commands.push(current);
        }
        commands.append(&mut self.nested);
        commands
    }

    /// Skip a `case` pattern up to its closing `)`, unless the case is over (`esac`).
    fn skip_case_pattern(&mut self) {
        self.case_pattern = false;
        let rest: String = self.chars[self.index..]
            .iter()
            .map(|(_, c)| *c)
            .take(4)
            .collect();
        if rest == "esac" {
            return;
        }
        while let Some(c) = self.peek(0) {
            self.index += 1;
            if c == ')' {
                break;
            }
        }
    }

    /// Read one word, removing quotes; `$(…)`, `${…}` and backticks are kept whole.
    fn word(&mut self) -> Word {
        let start = self.offset();
        let mut text = String::new();
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
                '\\' => {
                    self.index += 1;
                    if let Some(escaped) = self.peek(0) {
                        if escaped != '\n' {
                            text.push(escaped);
                        }
                        self.index += 1;
                    }
                }
                '\'' => {
                    self.index += 1;
                    while let Some(c) = self.peek(0) {
                        self.index += 1;
                        if c == '\'' {
                            break;
                        }
                        text.push(c);
                    }
                }
                '"' => {
                    self.index += 1;
                    while let Some(c) = self.peek(0) {
                        // `"$(…)"` runs its commands as an unquoted one does (hadolint's DL4006
                        // sees a pipe in it).
                        if c == '$' && self.peek(1) == Some('(') {
                            self.nested(&mut text);
                            continue;
                        }
                        self.index += 1;
                        match c {
                            '"' => break,
                            '\\' if matches!(self.peek(0), Some('"' | '\\' | '$' | '`')) => {
                                text.push(self.peek(0).unwrap_or('\\'));
                                self.index += 1;
                            }
                            _ => text.push(c),
                        }
                    }
                }
                '$' if matches!(self.peek(1), Some('(' | '{')) => self.nested(&mut text),
                '`' => {
                    text.push('`');
                    self.index += 1;
                    let inner_start = self.offset();
                    while let Some(c) = self.peek(0) {
                        self.index += 1;
                        text.push(c);
                        if c == '`' {
                            break;
                        }
                    }
                    let inner_end = self.offset().saturating_sub(1).max(inner_start);
                    self.substitution(inner_start, inner_end);
                }
                _ => {
                    text.push(c);
                    self.index += 1;
                }
            }
        }
        Word {
            text,
            start,
            end: self.offset(),
        }
    }

    /// Copy a `$(…)` or `${…}` with nesting, as written; the commands inside a `$(…)` are
    /// parsed too.
    fn nested(&mut self, text: &mut String) {
        let open = self.peek(1).unwrap_or('(');
        let close = if open == '(' { ')' } else { '}' };
        let inner_start = self
            .chars
            .get(self.index + 2)
            .map_or(self.source.len(), |(offset, _)| *offset);
        let mut depth = 0;
        while let Some(c) = self.peek(0) {
            text.push(c);
            self.index += 1;
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
        }
        if open == '(' {
            let inner_end = self.offset().saturating_sub(1).max(inner_start);
            self.substitution(inner_start, inner_end);
        }
    }

    /// Parse the commands of a substitution spanning `start..end` of the source.
    fn substitution(&mut self, start: usize, end: usize) {
        let Some(inner) = self.source.get(start..end) else {
            return;
        };
        for mut command in parse(inner) {
            for word in &mut command.words {
                word.start += start;
                word.end += start;
            }
            self.nested.push(command);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(source: &str) -> Vec<String> {
        parse(source)
            .iter()
            .filter_map(|c| c.name().map(|w| w.text.clone()))
            .collect()
    }

    /// Issue 10: the official python images' `RUN for …; do y="$(a | b)"; done` has a pipe
    /// hadolint reports (DL4006).
    #[test]
    fn substitutions_inside_double_quotes_are_parsed() {
        let commands = parse("for x in a b; do y=\"$(echo \"$x\" | tr a b)\"; done");
        let echo = commands.iter().find(|c| c.is("echo")).expect("echo");
        assert_eq!(echo.op_after, Some(Op::Pipe));
        assert_eq!(echo.args()[0].text, "$x");
        assert!(commands.iter().any(|c| c.is("tr")));
    }

    #[test]
    fn commands_split_on_operators() {
        assert_eq!(
            names("apt-get update && apt-get install -y curl; rm -rf /var/lib/apt/lists/* | cat"),
            ["apt-get", "apt-get", "rm", "cat"]
        );
        let commands = parse("a | b && c");
        assert_eq!(commands[0].op_after, Some(Op::Pipe));
        assert_eq!(commands[1].op_after, Some(Op::And));
    }

    #[test]
    fn quotes_escapes_and_substitutions_stay_in_one_word() {
        let commands = parse(r#"echo "a b" 'c d' e\ f $(date +%s) "x && y""#);
        let words: Vec<&str> = commands[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            words,
            ["echo", "a b", "c d", "e f", "$(date +%s)", "x && y"]
        );
    }

    #[test]
    fn assignments_openers_comments_and_redirections_are_skipped() {
        assert_eq!(
            names("DEBIAN_FRONTEND=noninteractive apt-get install -y x"),
            ["apt-get"]
        );
        assert_eq!(names("if true; then cd /app; fi"), ["true", "cd", "fi"]);
        assert_eq!(
            names("echo hi > /tmp/out 2>&1 # note\npip install x"),
            ["echo", "pip"]
        );
        assert_eq!(parse("echo hi > /tmp/out 2>&1")[0].words.len(), 2);
    }

    #[test]
    fn substitutions_are_parsed_and_case_patterns_are_no_pipes() {
        let commands = parse("X=$(find / -name nsys | head -n 1); echo `cd /x; pwd`");
        assert!(commands.iter().any(|c| c.is("head")));
        assert!(commands
            .iter()
            .any(|c| c.is("find") && c.op_after == Some(Op::Pipe)));
        assert!(commands.iter().any(|c| c.is("cd")));
        let case = parse("case \"$v\" in dev|beta) echo a ;; x|y) echo b ;; esac; ls");
        assert!(
            case.iter().all(|c| c.op_after != Some(Op::Pipe)),
            "{case:?}"
        );
        assert!(case.iter().any(|c| c.is("ls")));
        let source = "echo $(cd /app)";
        let cd = parse(source).into_iter().find(|c| c.is("cd")).expect("cd");
        assert_eq!(&source[cd.words[1].start..cd.words[1].end], "/app");
    }

    #[test]
    fn flags_are_found_alone_combined_and_long() {
        let command = &parse("apt-get install -qy --no-install-recommends curl")[0];
        assert!(command.has_flag(Some('y'), &["--yes"]));
        assert!(command.has_flag(None, &["--no-install-recommends"]));
        assert!(!command.has_flag(Some('s'), &[]));
        assert_eq!(
            command
                .operands()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>(),
            ["install", "curl"]
        );
    }

    #[test]
    fn word_positions_point_into_the_source() {
        let source = "cd /app && ls";
        let commands = parse(source);
        let word = &commands[0].words[1];
        assert_eq!(&source[word.start..word.end], "/app");
    }
}
