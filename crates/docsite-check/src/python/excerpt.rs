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
    let line_count = text.lines().count();
    // Of the repairs of the place CPython stops at, the one that gets it furthest is kept, and
    // only when it does get further: a repair that made a new error earlier in the block would
    // put the report where the writer made no mistake.
    for _ in 0..ATTEMPTS {
        let repairs = placeholders_on_line(&text, error.line)
            .into_iter()
            .chain(signature_body(&text, &error))
            .chain(decorated_nothing(&text));
        let mut best: Option<(String, SyntaxError)> = None;
        for repaired in repairs {
            // A repair that compiles ends the reading: the excerpt is fine.
            let next = compile_error(&repaired, options)?;
            let further = (next.line, next.column) > (error.line, error.column)
                && next.line <= line_count
                && best
                    .as_ref()
                    .is_none_or(|(_, best)| (next.line, next.column) > (best.line, best.column));
            if further {
                best = Some((repaired, next));
            }
        }
        let Some((repaired, next)) = best else {
            break;
        };
        text = repaired;
        error = next;
    }
    if whole_block_readings(&text)
        .iter()
        .any(|reading| compile_error(reading, options).is_none())
    {
        return None;
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

/// Readings of `text` with placeholders of line `line` (or the line before) replaced: all of
/// them, or one at a time (`f(x, ...) -> T: ...` elides parameters, not the body), each as a
/// name or, for an elision, as spaces or as `**_` (arguments left out).
fn placeholders_on_line(text: &str, line: usize) -> Vec<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut readings = Vec::new();
    for number in [line, line.saturating_sub(1)] {
        if number == 0 || number > lines.len() {
            continue;
        }
        let original = lines[number - 1];
        let ranges = placeholder::find(original);
        let choices: Vec<Vec<std::ops::Range<usize>>> = std::iter::once(ranges.clone())
            .chain(
                (ranges.len() > 1)
                    .then(|| ranges.iter().map(|r| vec![r.clone()]).collect::<Vec<_>>())
                    .into_iter()
                    .flatten(),
            )
            .filter(|choice| !choice.is_empty())
            .collect();
        for choice in &choices {
            for stand_in in [placeholder::as_name, placeholder::for_python_arguments] {
                let mut rebuilt = original.to_owned();
                for range in choice.iter().rev() {
                    let replacement = stand_in(&original[range.clone()], false);
                    rebuilt.replace_range(range.clone(), &replacement);
                }
                let mut repaired = lines.clone();
                repaired[number - 1] = &rebuilt;
                readings.push(repaired.concat());
            }
        }
        if !readings.is_empty() {
            break;
        }
    }
    readings
}

/// The block with every placeholder replaced at once, as names and elisions as spaces, or
/// elisions as `**_`; and with only its elision lines blanked (`...` for arguments left out of
/// a call, where the error CPython reports points back at the call's start).
fn whole_block_readings(text: &str) -> Vec<String> {
    vec![
        filled(text, placeholder::as_name),
        filled(text, placeholder::for_python_arguments),
        crate::replace_elisions(text, ""),
    ]
}

/// `text` with every placeholder replaced by `stand_in`.
fn filled(text: &str, stand_in: placeholder::StandIn) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let mut filled = line.to_owned();
            for range in placeholder::find(line).into_iter().rev() {
                filled.replace_range(range.clone(), &stand_in(&line[range], false));
            }
            filled
        })
        .collect()
}

/// A block ending in decorators with nothing under them (`@pytest.mark.integration` shown on
/// its own): the function they decorate is the reader's.
fn decorated_nothing(text: &str) -> Option<String> {
    let last = text
        .lines()
        .rfind(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))?;
    let indent = &last[..last.len() - last.trim_start().len()];
    last.trim_start().starts_with('@').then(|| {
        let ending = if text.ends_with('\n') { "" } else { "\n" };
        format!("{text}{ending}{indent}def _(): ...\n")
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
    let filled = filled(text, placeholder::as_name);
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
            "FeatureView(name=\"stats\", ..., version=\"v2\")\n",
            "def fetch(self, config, ...) -> Job: ...\ndef pull(self) -> Job: ...\n",
            "@pytest.mark.integration\n",
            "class Store(OfflineStore):\n    def fetch(self, config,\n              project, ...) -> Job: ...\n    def pull(self, config,\n             end) -> Job: ...\n",
            "FeatureView(\n    source=[\n        FeatureView(\n            name=\"a\",\n            ...\n        ),\n    ]\n    ...\n)\n",
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
        assert!(
            error("@dataclass\ntimestamp: datetime\n").is_some(),
            "a decorator over something that is not a definition is a mistake"
        );
    }
}
