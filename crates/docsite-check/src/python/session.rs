//! Interactive sessions in posts (`>>> ` and `... ` prompts followed by output): the code is
//! what gets checked, so the prompts come off and the output lines are dropped.

/// The code of an interactive session, with where each of its lines is in the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteractiveSession {
    /// The code lines without their prompts, joined with `\n`, ending with a newline.
    pub source: String,
    /// For each line of `source`, its 1-based line in the block.
    pub lines: Vec<usize>,
}

/// The code of `block` if it is an interactive session: None when its first non-blank line
/// does not start with a `>>>` prompt.
pub fn interactive_session(block: &str) -> Option<InteractiveSession> {
    let first = block.lines().find(|l| !l.trim().is_empty())?;
    prompt_code(first, ">>>")?;
    let mut source = String::new();
    let mut lines = Vec::new();
    for (number, line) in block.lines().enumerate() {
        let code = prompt_code(line, ">>>").or_else(|| prompt_code(line, "..."));
        if let Some(code) = code {
            source.push_str(code);
            source.push('\n');
            lines.push(number + 1);
        }
    }
    Some(InteractiveSession { source, lines })
}

/// The code after `prompt` and one space, or an empty line for a bare prompt.
fn prompt_code<'l>(line: &'l str, prompt: &str) -> Option<&'l str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let rest = line.trim_start().strip_prefix(prompt)?;
    if rest.is_empty() {
        return Some("");
    }
    rest.strip_prefix(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_are_removed_and_output_dropped() {
        let block =
            "\n>>> x = [1, 2]\n>>> for i in x:\n...     print(i)\n...\n1\n2\n>>> x\n[1, 2]\n";
        let session = interactive_session(block).unwrap();
        assert_eq!(
            session.source,
            "x = [1, 2]\nfor i in x:\n    print(i)\n\nx\n"
        );
        assert_eq!(session.lines, vec![2, 3, 4, 5, 8]);
    }

    #[test]
    fn a_block_without_a_leading_prompt_is_not_a_session() {
        assert_eq!(interactive_session("x = 1\n>>> y = 2\n"), None);
        assert_eq!(interactive_session(""), None);
        assert_eq!(interactive_session(">>>x = 1\n"), None);
        assert_eq!(interactive_session("...\n"), None);
    }

    #[test]
    fn a_bare_prompt_is_an_empty_line() {
        let session = interactive_session(">>>\r\n>>> import os\r\n").unwrap();
        assert_eq!(session.source, "\nimport os\n");
        assert_eq!(session.lines, vec![1, 2]);
    }
}
