//! Python excerpts read as excerpts. A block that is not a project file shows a piece of a
//! program: a line copied from inside a function (indented, with a `return`), a notebook cell
//! (`!pip install`, `%matplotlib inline`), a call with `<value>` for the reader to fill in, a
//! signature without its body (`def predict(self, X)`, as API references print them), or the
//! inside of a literal (`"name": user.name,`). Each of those readings is tried only when the
//! block does not compile as it is, and only where CPython points; what still fails is
//! reported where CPython reports it in the block as written.

use super::{compile_error, Options, SyntaxError};
use crate::reading::placeholder;

/// Repairs tried before giving up: a block holds a few placeholders or signatures at most.
const ATTEMPTS: usize = 32;

/// The first error of `source` read as an excerpt, in `source`'s own lines and columns.
pub(super) fn excerpt_error(source: &str, options: Options) -> Option<SyntaxError> {
    let (dedented, indent) = dedent(source);
    let error = compile_error(&dedented, options)?;
    let notebook = without_notebook_syntax(&dedented);
    let mut text = notebook.clone().unwrap_or(dedented);
    let mut error = match notebook {
        Some(_) => compile_error(&text, options)?,
        None => error,
    };
    // A repair is kept only when CPython then gets further: one that made a new error earlier
    // in the block would put the report where the writer made no mistake.
    for _ in 0..ATTEMPTS {
        let repairs = [
            placeholders_on_line(&text, error.line),
            signature_body(&text, &error),
        ];
        let mut advanced = false;
        for repaired in repairs.into_iter().flatten() {
            match compile_error(&repaired, options) {
                None => return None,
                Some(next) if (next.line, next.column) > (error.line, error.column) => {
                    text = repaired;
                    error = next;
                    advanced = true;
                    break;
                }
                Some(_) => {}
            }
        }
        if !advanced {
            break;
        }
    }
    if inside_a_literal(&text, options) || cut_off_in_a_list(&text, &error) {
        return None;
    }
    error.column += indent;
    Some(error)
}

/// `source` without the indentation all its lines share, and how many characters that was.
fn dedent(source: &str) -> (String, usize) {
    let common = source
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| &line[..line.len() - line.trim_start().len()])
        .reduce(|common, indent| {
            let shared = common
                .char_indices()
                .zip(indent.chars())
                .find(|((_, a), b)| a != b)
                .map_or(common.len().min(indent.len()), |((at, _), _)| at);
            &common[..shared]
        })
        .unwrap_or("");
    if common.is_empty() {
        return (source.to_owned(), 0);
    }
    let dedented = source
        .split_inclusive('\n')
        .map(|line| {
            line.strip_prefix(common)
                .unwrap_or(line.trim_start_matches([' ', '\t']))
        })
        .collect();
    (dedented, common.chars().count())
}

/// A notebook cell's IPython lines made plain names of the same width: `!cmd`, `%magic`,
/// `x = !cmd`, `obj?`. `None` when the cell has none.
fn without_notebook_syntax(source: &str) -> Option<String> {
    let mut changed = false;
    let text = source
        .split_inclusive('\n')
        .map(|line| {
            let body = line.trim_end_matches(['\n', '\r']);
            let ending = &line[body.len()..];
            let indent = body.len() - body.trim_start().len();
            let code = &body[indent..];
            let escape = if code.starts_with(['!', '%']) {
                Some(indent)
            } else {
                code.split_once(" = ")
                    .filter(|(_, value)| value.starts_with(['!', '%']))
                    .map(|(target, _)| indent + target.len() + 3)
            };
            if let Some(at) = escape {
                changed = true;
                let blank: String = "_".repeat(body[at..].chars().count());
                return format!("{}{blank}{ending}", &body[..at]);
            }
            if let Some(name) = code.strip_suffix("??").or_else(|| code.strip_suffix('?')) {
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || "._".contains(c))
                {
                    changed = true;
                    let spaces = " ".repeat(code.len() - name.len());
                    return format!("{}{name}{spaces}{ending}", &body[..indent]);
                }
            }
            line.to_owned()
        })
        .collect();
    changed.then_some(text)
}

/// `text` with the placeholders of line `line` (or the line before) made names.
fn placeholders_on_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    [line, line.saturating_sub(1)]
        .into_iter()
        .filter(|&number| number > 0 && number <= lines.len())
        .find_map(|number| {
            let ranges = placeholder::find(lines[number - 1]);
            (!ranges.is_empty()).then(|| {
                let mut repaired = lines.clone();
                let original = lines[number - 1];
                let mut rebuilt = String::with_capacity(original.len());
                let mut last = 0;
                for range in ranges {
                    rebuilt.push_str(&original[last..range.start]);
                    rebuilt.push_str(&placeholder::as_name(&original[range.clone()], false));
                    last = range.end;
                }
                rebuilt.push_str(&original[last..]);
                repaired[number - 1] = &rebuilt;
                repaired.concat()
            })
        })
}

/// A signature shown without its body, as API references list them: `def f(x)` or
/// `class A(B)` missing its `:` with no body after it, or a header ending in `:` followed by
/// the end of the block or by another definition. Gives the text with `: ...` (or ` ...`)
/// added where CPython wanted the rest; `None` for anything else, such as a header whose
/// indented body is there (a forgotten `:` is a real error).
fn signature_body(text: &str, error: &SyntaxError) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    let next_code = |after: usize| {
        lines
            .iter()
            .skip(after)
            .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
    };
    let is_definition = |line: &str| {
        let code = line.trim_start();
        ["def ", "async def ", "class ", "@"]
            .iter()
            .any(|start| code.starts_with(start))
    };
    if error.message == "expected ':'" {
        let line = lines.get(error.line - 1)?;
        let header = lines[..error.line].iter().rev().find(|line| {
            !line.trim().is_empty()
                && indent_of(line) <= indent_of(lines[error.line - 1])
                && is_definition(line)
        })?;
        let body_follows =
            next_code(error.line).is_some_and(|next| indent_of(next) > indent_of(header));
        if body_follows {
            return None;
        }
        let at = line
            .char_indices()
            .nth(error.column - 1)
            .map_or(line.trim_end_matches(['\n', '\r']).len(), |(at, _)| at);
        return Some(splice(&lines, error.line, at, ": ..."));
    }
    let header_line: usize = error
        .message
        .strip_prefix("expected an indented block after ")?
        .rsplit_once("on line ")?
        .1
        .parse()
        .ok()?;
    let header = lines.get(header_line - 1)?;
    let next_is_definition = next_code(header_line).is_none_or(|next| is_definition(next));
    if !next_is_definition {
        return None;
    }
    let code = header.trim_end_matches(['\n', '\r']);
    let colon = code.rfind(':')?;
    Some(splice(&lines, header_line, colon + 1, " ..."))
}

/// `lines` joined, with `insert` put at byte `at` of line `number`.
fn splice(lines: &[&str], number: usize, at: usize, insert: &str) -> String {
    let mut text = String::new();
    for (index, line) in lines.iter().enumerate() {
        if index + 1 == number {
            text.push_str(&line[..at]);
            text.push_str(insert);
            text.push_str(&line[at..]);
        } else {
            text.push_str(line);
        }
    }
    text
}

/// True for a block that stops inside a bracket right after an item and its comma: a call or
/// list shown up to a point (`nn.Conv2d(` and one argument a line, each with its comment). A
/// bracket left open after anything else (`print("hi"`) is a real error.
fn cut_off_in_a_list(text: &str, error: &SyntaxError) -> bool {
    if !error.message.ends_with("was never closed") {
        return false;
    }
    text.lines()
        .map(|line| match line.find(" #") {
            Some(comment) => &line[..comment],
            None => line,
        })
        .map(str::trim_end)
        .rfind(|code| !code.trim().is_empty() && !code.trim_start().starts_with('#'))
        .is_some_and(|last| last.ends_with(','))
}

/// True when `text` is the inside of a literal or a call: it compiles once wrapped in
/// brackets (`"name": user.name,` inside `{…}`; `x, y,` inside `(…)`), its placeholders and
/// elisions made names and spaces (indentation means nothing inside brackets).
fn inside_a_literal(text: &str, options: Options) -> bool {
    let filled: String = text
        .split_inclusive('\n')
        .map(|line| {
            let mut filled = line.to_owned();
            for range in placeholder::find(line).into_iter().rev() {
                filled.replace_range(range.clone(), &placeholder::as_name(&line[range], false));
            }
            filled
        })
        .collect();
    [("{", "}"), ("(", ")"), ("[", "]")]
        .iter()
        .any(|(open, close)| {
            let wrapped = format!("{open}\n{filled}\n{close}\n");
            compile_error(&wrapped, options).is_none()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(source: &str) -> Option<(usize, usize, String)> {
        let options = Options {
            excerpt: true,
            ..Options::default()
        };
        excerpt_error(source, options).map(|e| (e.line, e.column, e.message))
    }

    #[test]
    fn excerpts_that_compile_as_excerpts() {
        for source in [
            "    return {\"id\": user_id}\n",
            "        x = 1\n        yield x\n",
            "await client.get(url)\n",
            "for x in y:\n    pass\nbreak\n",
            "!pip install flask\nimport flask\n%matplotlib inline\nfiles = !ls\nflask?\n",
            "{'get_credit': True, 'get_credit_probability': <value>}\n",
            "client = Client(api_key=$API_KEY)\n",
            "class KServeClient(object)\n",
            "def __init__(config_file=None,\n             context=None)\n",
            "def get(self, key):\ndef set(self, key, value):\n",
            "@app.route('/predict')\ndef predict():\n",
            "\"name\": user.name,\n\"id\": user.id,\n",
            "... \"name\": user.name ...\n",
            "nn.Conv2d(\n    in_channels,      # input channels\n    kernel_size,      # size\n",
        ] {
            assert_eq!(error(source), None, "{source}");
        }
    }

    #[test]
    fn real_errors_stay_where_cpython_puts_them() {
        assert_eq!(
            error("print 'hello'\n").map(|e| e.2),
            Some("Missing parentheses in call to 'print'. Did you mean print(...)?".to_owned())
        );
        assert_eq!(
            error("    x = (1,\n    y = 2\n").map(|e| (e.0, e.1)),
            Some((1, 9)),
            "the column counts the indentation the reading removed"
        );
        assert_eq!(
            error("class A(B)\n    pass\n").map(|e| e.2),
            Some("expected ':'".to_owned()),
            "a header whose body follows forgot its colon"
        );
        assert_eq!(
            error("def f():\nreturn 1\n").map(|e| e.0),
            Some(2),
            "a body that is not indented is not a signature"
        );
        assert!(error("print(1\n").is_some());
    }
}
