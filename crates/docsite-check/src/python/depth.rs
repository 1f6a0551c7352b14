//! How deeply a source's expressions may nest, found without building a tree: the tree and
//! its walks recurse, so a deep one is walked on a thread with a large stack, and one deeper
//! than CPython 3.11 accepts is not walked at all.

/// CPython 3.11 gives up on expressions nested about 3,000 deep.
const MAX_NESTING: usize = 2_900;
/// Up to this depth the tree is walked on the caller's stack.
const INLINE_NESTING: usize = 200;
/// Stack for walking trees between `INLINE_NESTING` and `MAX_NESTING` deep.
const BIG_STACK: usize = 256 * 1024 * 1024;

/// How a source can be analyzed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Depth {
    /// On the caller's stack.
    Shallow,
    /// On a thread with a big stack.
    Deep,
    /// Not at all: CPython 3.11 would fail too. The line of the deepest statement.
    TooDeep { line: usize },
}

/// Runs `f` where the tree of `source` can be walked safely; `default` when it cannot.
pub(super) fn guarded<T: Send>(source: &str, default: T, f: impl FnOnce() -> T + Send) -> T {
    match classify(source) {
        Depth::Shallow => f(),
        Depth::Deep => on_big_stack(f).unwrap_or(default),
        Depth::TooDeep { .. } => default,
    }
}

/// Runs `f` on a thread with a big stack; None if the thread cannot be started.
pub(super) fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(BIG_STACK)
            .spawn_scoped(scope, f)
            .ok()?
            .join()
            .ok()
    })
}

/// An upper bound of the expression nesting of `source`, from a forgiving scan: brackets nest,
/// and within one comma-separated element each operator, attribute, call or subscript may add
/// a level (`and`, `or` and comparisons are flat).
pub(super) fn classify(source: &str) -> Depth {
    let chars: Vec<char> = source.chars().collect();
    let mut levels = Levels {
        counts: vec![0],
        total: 0,
    };
    let mut line = 1;
    let mut deepest = (0, 1);
    let mut after_atom = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut atom = false;
        match c {
            '\n' => {
                line += 1;
                if levels.counts.len() == 1 {
                    levels.reset();
                }
            }
            '#' => {
                while i + 1 < chars.len() && chars[i + 1] != '\n' {
                    i += 1;
                }
            }
            '\'' | '"' => {
                i = skip_string(&chars, i, &mut line);
                atom = true;
            }
            '(' | '[' | '{' => {
                if after_atom {
                    levels.bump();
                }
                levels.counts.push(0);
            }
            ')' | ']' | '}' => {
                if levels.counts.len() > 1 {
                    levels.total -= levels.counts.pop().unwrap_or(0);
                }
                atom = true;
            }
            ',' | ':' | ';' | '=' => {
                levels.reset();
                // `==`, `<=`, `>=`, `!=` are comparisons; skip their second char.
                if c == '=' && chars.get(i + 1) == Some(&'=') {
                    i += 1;
                }
            }
            '+' | '-' | '*' | '/' | '%' | '@' | '&' | '|' | '^' | '~' | '.' => {
                if c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit) && !after_atom {
                    i = skip_word(&chars, i + 1) - 1;
                    atom = true;
                } else {
                    levels.bump();
                }
            }
            '<' | '>' if chars.get(i + 1) == Some(&c) => {
                levels.bump();
                i += 1;
            }
            '<' | '>' | '!' if chars.get(i + 1) == Some(&'=') => i += 1,
            c if c.is_alphanumeric() || c == '_' => {
                let end = skip_word(&chars, i);
                let word: String = chars[i..end].iter().collect();
                i = end - 1;
                if matches!(word.as_str(), "not" | "lambda" | "if" | "await") {
                    levels.bump();
                } else if chars.get(end).is_some_and(|&q| q == '\'' || q == '"') && word.len() <= 2
                {
                    // A string prefix: the string follows.
                } else {
                    atom = !matches!(
                        word.as_str(),
                        "and" | "or" | "in" | "is" | "else" | "for" | "return" | "yield"
                    );
                }
            }
            _ => {}
        }
        after_atom = atom;
        let depth = levels.counts.len() + levels.total;
        if depth > deepest.0 {
            deepest = (depth, line);
        }
        i += 1;
    }
    match deepest.0 {
        d if d > MAX_NESTING => Depth::TooDeep { line: deepest.1 },
        d if d > INLINE_NESTING => Depth::Deep,
        _ => Depth::Shallow,
    }
}

/// Operators counted in the current element of each open bracket, and their sum.
struct Levels {
    counts: Vec<usize>,
    total: usize,
}

impl Levels {
    fn bump(&mut self) {
        if let Some(last) = self.counts.last_mut() {
            *last += 1;
            self.total += 1;
        }
    }

    fn reset(&mut self) {
        if let Some(last) = self.counts.last_mut() {
            self.total -= *last;
            *last = 0;
        }
    }
}

fn skip_word(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
        if chars[i] == '.' && !chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            break;
        }
        i += 1;
    }
    i
}

/// Index of the last char of the string starting at `i` (or of where it gives up).
fn skip_string(chars: &[char], i: usize, line: &mut usize) -> usize {
    let quote = chars[i];
    let triple = chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote);
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < chars.len() {
        match chars[j] {
            '\\' => {
                if chars.get(j + 1) == Some(&'\n') {
                    *line += 1;
                }
                j += 1;
            }
            '\n' if !triple => return j - 1,
            '\n' => *line += 1,
            c if c == quote => {
                if !triple {
                    return j;
                }
                if chars.get(j + 1) == Some(&quote) && chars.get(j + 2) == Some(&quote) {
                    return j + 2;
                }
            }
            _ => {}
        }
        j += 1;
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_code_is_shallow() {
        let data = format!("x = [{}]\n", vec!["-1.5"; 5000].join(", "));
        assert_eq!(classify(&data), Depth::Shallow);
        let conditions = format!("ok = {}\n", vec!["a == 1"; 5000].join(" and "));
        assert_eq!(classify(&conditions), Depth::Shallow);
        let text = format!("s = '{}'  # {}\n", "+".repeat(5000), "-".repeat(5000));
        assert_eq!(classify(&text), Depth::Shallow);
    }

    #[test]
    fn long_chains_are_deep() {
        let sum = format!("x = {}\n", vec!["1"; 1000].join(" + "));
        assert_eq!(classify(&sum), Depth::Deep);
        let sum = format!("\ny = {}\n", vec!["1"; 5000].join("+"));
        assert_eq!(classify(&sum), Depth::TooDeep { line: 2 });
        let calls = format!("x = f{}\n", "()".repeat(4000));
        assert!(matches!(classify(&calls), Depth::TooDeep { .. }));
    }
}
