//! The words search knows, the same in the index (here) and in the reader's browser (the theme's
//! `search.js` follows these rules): lowercase runs of letters and digits, and for a word written
//! with punctuation inside (`model.predict`, `no-cache-dir`, `user_id`) its parts and the parts
//! joined (`modelpredict`), so an identifier is found by its name and by any of its pieces.

/// Words too common in prose to tell pages apart; dropped from the index and from queries. Sent
/// to the browser in the index's manifest, so the two never disagree.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "at", "be", "been", "but",
    "by", "can", "do", "each", "every", "for", "has", "have", "how", "i", "into", "it", "its",
    "more", "most", "no", "of", "on", "one", "only", "or", "our", "so", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "to", "up", "was", "we", "were",
    "what", "when", "which", "while", "who", "will", "you", "your",
];

/// The longest word kept: longer runs are data (hashes, base64), not words a reader types.
pub const LONGEST: usize = 40;

/// Every word of `text`, in order, with repeats: the parts of each run, then its joined form,
/// and inside a dotted run each `_`/`-` name joined too (`keras.models.load_model` gives
/// `loadmodel` as well as `kerasmodelsloadmodel`), since a reader types the name they call.
pub fn each(text: &str, mut emit: impl FnMut(&str)) {
    let mut run = Run::default();
    let mut part = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            part.extend(c.to_lowercase());
            continue;
        }
        if !part.is_empty() {
            run.push(std::mem::take(&mut part));
        }
        match c {
            '_' | '-' => {}
            '.' | '/' | ':' | '\'' => run.new_name(),
            // Anything else ends the run.
            _ => run.flush(&mut emit),
        }
    }
    if !part.is_empty() {
        run.push(part);
    }
    run.flush(&mut emit);
}

/// Parts joined by punctuation: `names` are the `_`/`-` joined groups, split at `.`, `/`, `:`, `'`.
#[derive(Default)]
struct Run {
    names: Vec<Vec<String>>,
    /// True when the next part starts a new name.
    split: bool,
}

impl Run {
    fn push(&mut self, part: String) {
        match self.names.last_mut() {
            Some(name) if !self.split => name.push(part),
            _ => self.names.push(vec![part]),
        }
        self.split = false;
    }

    fn new_name(&mut self) {
        self.split = true;
    }

    fn flush(&mut self, emit: &mut impl FnMut(&str)) {
        let parts = self.names.iter().map(Vec::len).sum::<usize>();
        for part in self.names.iter().flatten() {
            if is_word(part) {
                emit(part);
            }
        }
        if self.names.len() > 1 {
            for name in self.names.iter().filter(|name| name.len() > 1) {
                let joined = name.concat();
                if is_word(&joined) {
                    emit(&joined);
                }
            }
        }
        if parts > 1 {
            let joined: String = self.names.iter().flatten().map(String::as_str).collect();
            if is_word(&joined) {
                emit(&joined);
            }
        }
        self.names.clear();
        self.split = false;
    }
}

/// A part worth indexing: two characters or more (or a digit), not a stop word, not too long.
fn is_word(part: &str) -> bool {
    let length = part.chars().count();
    (length >= 2 || part.chars().all(|c| c.is_ascii_digit()))
        && length <= LONGEST
        && !STOP_WORDS.contains(&part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        each(text, |word| found.push(word.to_owned()));
        found
    }

    #[test]
    fn words_and_identifiers() {
        assert_eq!(
            words("The model.predict(x) call, and EXPOSE 5000!"),
            ["model", "predict", "modelpredict", "call", "expose", "5000"]
        );
        assert_eq!(
            words("pip install --no-cache-dir user_id Ünïcode"),
            [
                "pip",
                "install",
                "cache",
                "dir",
                "nocachedir",
                "user",
                "id",
                "userid",
                "ünïcode"
            ]
        );
        assert_eq!(
            words("keras.models.load_model(path)"),
            [
                "keras",
                "models",
                "load",
                "model",
                "loadmodel",
                "kerasmodelsloadmodel",
                "path"
            ]
        );
        assert_eq!(words("it's a dog's life"), ["dog", "dogs", "life"]);
    }
}
