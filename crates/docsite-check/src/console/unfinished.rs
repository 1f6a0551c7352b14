//! Whether a shell command typed so far is unfinished: where a terminal would print its
//! continuation prompt (`> `) and wait for more. An open quote, a pending here-document, an
//! open `(`, `{`, `if`, `for`, `while` or `case`, or a line ending in `\`, `|`, `&&` or `||`.
//! A reader of sessions, not a shell parser: it needs only to know where a command ends.

/// Words that open a compound command, and the words that close one.
const OPENERS: &[&str] = &["if", "case", "for", "while", "until", "select"];
const CLOSERS: &[&str] = &["fi", "esac", "done"];
/// Words after which the next word is in command position.
const LEADERS: &[&str] = &["then", "do", "else", "elif", "!", "time"];

/// The state of a command read line by line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unfinished {
    quote: Option<char>,
    /// Here-documents whose bodies start after the current line: delimiter, and whether leading
    /// tabs are stripped (`<<-`).
    pending: Vec<(String, bool)>,
    /// The here-documents being read, the current one first.
    bodies: Vec<(String, bool)>,
    depth: usize,
    compounds: usize,
    trailing: bool,
}

impl Unfinished {
    /// Read one more line of the command.
    pub fn feed(&mut self, line: &str) {
        if let Some((delimiter, strip_tabs)) = self.bodies.first() {
            let text = if *strip_tabs {
                line.trim_start_matches('\t')
            } else {
                line
            };
            if text.trim_end_matches('\r') == delimiter {
                self.bodies.remove(0);
            }
            return;
        }
        self.trailing = false;
        self.scan(line);
        self.bodies.append(&mut self.pending);
    }

    /// True when the shell would wait for another line.
    pub fn is_open(&self) -> bool {
        self.quote.is_some()
            || !self.bodies.is_empty()
            || self.depth > 0
            || self.compounds > 0
            || self.trailing
    }

    /// True while the lines fed are a here-document's body.
    pub fn in_here_document(&self) -> bool {
        !self.bodies.is_empty()
    }

    fn scan(&mut self, line: &str) {
        let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
        let mut i = 0;
        // True where the next word is a command name (line start, after `;`, `&&`, `|`, …).
        let mut command_position = self.quote.is_none();
        while i < chars.len() {
            let c = chars[i];
            if let Some(quote) = self.quote {
                match c {
                    '\\' if quote != '\'' => i += 1,
                    c if c == quote => self.quote = None,
                    _ => {}
                }
                i += 1;
                continue;
            }
            match c {
                '\\' if i + 1 == chars.len() => {
                    self.trailing = true;
                    return;
                }
                '\\' => i += 2,
                '\'' | '"' | '`' => {
                    self.quote = Some(c);
                    command_position = false;
                    i += 1;
                }
                '#' if i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == ';' => break,
                '<' if chars.get(i + 1) == Some(&'<') && chars.get(i + 2) != Some(&'<') => {
                    i = self.here_document(&chars, i + 2);
                    command_position = false;
                }
                '$' if chars.get(i + 1) == Some(&'{') => {
                    // `${name}` stays on one line in practice; its `}` closes nothing.
                    while i < chars.len() && chars[i] != '}' {
                        i += 1;
                    }
                    i += 1;
                    command_position = false;
                }
                '(' => {
                    self.depth += 1;
                    command_position = true;
                    i += 1;
                }
                ')' => {
                    // `case` patterns (`a)`) close no parenthesis.
                    self.depth = self.depth.saturating_sub(1);
                    i += 1;
                }
                ';' | '&' | '|' => {
                    command_position = true;
                    i += 1;
                }
                c if c.is_whitespace() => i += 1,
                _ => {
                    let start = i;
                    while i < chars.len()
                        && !chars[i].is_whitespace()
                        && !matches!(chars[i], ';' | '&' | '|' | '(' | ')' | '\'' | '"' | '`')
                    {
                        i += 1;
                    }
                    let word: String = chars[start..i].iter().collect();
                    if command_position {
                        self.command_word(&word);
                    }
                    command_position = LEADERS.contains(&word.as_str()) || word == "{";
                }
            }
        }
        if self.quote.is_none() {
            let code = line.trim_end();
            let code = strip_comment(code);
            self.trailing = code.ends_with('|') || code.ends_with("&&") || code.ends_with('\\');
        }
    }

    fn command_word(&mut self, word: &str) {
        if OPENERS.contains(&word) {
            self.compounds += 1;
        } else if CLOSERS.contains(&word) {
            self.compounds = self.compounds.saturating_sub(1);
        } else if word == "{" {
            self.depth += 1;
        } else if word == "}" {
            self.depth = self.depth.saturating_sub(1);
        }
    }

    /// Read a here-document operator's delimiter (`<<EOF`, `<<-'EOF'`, `<< "END"`) from index
    /// `i` (just past `<<`); returns the index after it.
    fn here_document(&mut self, chars: &[char], mut i: usize) -> usize {
        let strip_tabs = chars.get(i) == Some(&'-');
        if strip_tabs {
            i += 1;
        }
        while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\t') {
            i += 1;
        }
        let mut delimiter = String::new();
        while let Some(&c) = chars.get(i) {
            if c.is_whitespace() || matches!(c, ';' | '&' | '|' | '<' | '>' | '(' | ')') {
                break;
            }
            if !matches!(c, '\'' | '"' | '\\') {
                delimiter.push(c);
            }
            i += 1;
        }
        if !delimiter.is_empty() {
            self.pending.push((delimiter, strip_tabs));
        }
        i
    }
}

/// `code` without a trailing `# comment` (outside quotes).
fn strip_comment(code: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (at, c) in code.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"') => quote = Some(c),
            None if c == '#' && (previous.is_whitespace() || previous == ';') => {
                return code[..at].trim_end();
            }
            None => {}
        }
        previous = c;
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open_after(lines: &[&str]) -> bool {
        let mut command = Unfinished::default();
        for line in lines {
            command.feed(line);
        }
        command.is_open()
    }

    #[test]
    fn finished_commands() {
        for lines in [
            &["docker ps"][..],
            &["echo 'done' # for"],
            &["for f in *.log; do gzip \"$f\"; done"],
            &["if [ -f x ]; then echo y; fi"],
            &["case $x in a) echo a;; esac"],
            &["echo ${HOME}/app"],
            &["cat <<EOF > app.py", "print('hi')", "EOF"],
            &["cat <<-'END'", "\tline", "\tEND"],
            &["echo \"a", "b\""],
            &["docker run \\", "  -p 5000:5000 app"],
            &["echo done"],
            &["f() { echo x; }"],
        ] {
            assert!(!open_after(lines), "{lines:?}");
        }
    }

    #[test]
    fn unfinished_commands() {
        for lines in [
            &["for f in *.log; do"][..],
            &["for f in *.log; do", "  gzip \"$f\""],
            &["if true; then"],
            &["while read line", "do"],
            &["cat <<EOF > app.py", "print('hi')"],
            &["echo \"unclosed"],
            &["docker run \\"],
            &["ls |"],
            &["make &&"],
            &["f() {"],
            &["(cd app"],
        ] {
            assert!(open_after(lines), "{lines:?}");
        }
    }

    #[test]
    fn here_document_bodies_are_known() {
        let mut command = Unfinished::default();
        command.feed("cat <<EOF");
        assert!(command.in_here_document());
        command.feed("$ not a prompt");
        assert!(command.in_here_document());
        command.feed("EOF");
        assert!(!command.in_here_document() && !command.is_open());
    }
}
