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
/// Nothing is allocated per word: a run's parts are kept one after another in one buffer, so
/// a joined form is a slice of it. Every page's every word passes here.
pub fn each(text: &str, mut emit: impl FnMut(&str)) {
    each_candidate(text, |word| {
        if is_word(word) {
            emit(word);
        }
    });
}

/// Like [`each`], with the words [`is_word`] refuses as well, so that a caller that counts
/// words asks about each distinct word once rather than at every occurrence.
pub fn each_candidate(text: &str, mut emit: impl FnMut(&str)) {
    let mut run = Run::default();
    let mut part_start = None;
    let mut rest = text;
    while let Some(&byte) = rest.as_bytes().first() {
        if byte.is_ascii_alphanumeric() {
            // A stretch of ASCII letters and digits is copied and lowercased at once.
            let length = rest
                .bytes()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            let at = run.text.len();
            part_start.get_or_insert(at);
            run.text.push_str(&rest[..length]);
            run.text[at..].make_ascii_lowercase();
            rest = &rest[length..];
            continue;
        }
        // Anything else a character at a time; an ASCII one here is no letter or digit.
        let c = if byte.is_ascii() {
            rest = &rest[1..];
            char::from(byte)
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            rest = &rest[c.len_utf8()..];
            if c.is_alphanumeric() {
                part_start.get_or_insert(run.text.len());
                run.text.extend(c.to_lowercase());
                continue;
            }
            c
        };
        let ends_run = !matches!(c, '_' | '-' | '.' | '/' | ':' | '\'');
        if let Some(start) = part_start.take() {
            if ends_run && start == 0 && run.parts.is_empty() {
                // Most runs are one plain word: given as it is, without the run's bookkeeping.
                emit(&run.text);
                run.text.clear();
                run.split = false;
                continue;
            }
            run.push(start);
        }
        match c {
            '_' | '-' => {}
            '.' | '/' | ':' | '\'' => run.split = true,
            // Anything else ends the run.
            _ => run.flush(&mut emit),
        }
    }
    if let Some(start) = part_start {
        run.push(start);
    }
    run.flush(&mut emit);
}

/// Parts joined by punctuation: names are the `_`/`-` joined groups, split at `.`, `/`, `:`, `'`.
#[derive(Default)]
struct Run {
    /// The parts, lowercased, one after another.
    text: String,
    /// Each part's end in `text` and the number of its name.
    parts: Vec<(usize, usize)>,
    /// True when the next part starts a new name.
    split: bool,
}

impl Run {
    /// The part that ends the text, from `start`.
    fn push(&mut self, start: usize) {
        debug_assert_eq!(self.parts.last().map_or(0, |part| part.0), start);
        let name = match self.parts.last() {
            Some(&(_, name)) if !self.split => name,
            Some(&(_, name)) => name + 1,
            None => 0,
        };
        self.parts.push((self.text.len(), name));
        self.split = false;
    }

    fn flush(&mut self, emit: &mut impl FnMut(&str)) {
        if self.parts.len() <= 1 {
            // Most runs are one plain word.
            if !self.text.is_empty() {
                emit(&self.text);
            }
            self.text.clear();
            self.parts.clear();
            self.split = false;
            return;
        }
        let mut start = 0;
        for &(end, _) in &self.parts {
            emit(&self.text[start..end]);
            start = end;
        }
        let names = self.parts.last().map_or(0, |part| part.1 + 1);
        if names > 1 {
            // Each name of more than one part, joined: a slice from its first part to its last.
            let mut start = 0;
            let mut first = 0;
            for (index, &(end, name)) in self.parts.iter().enumerate() {
                let last_of_name = self.parts.get(index + 1).is_none_or(|next| next.1 != name);
                if last_of_name {
                    if index > first {
                        emit(&self.text[start..end]);
                    }
                    start = end;
                    first = index + 1;
                }
            }
        }
        if self.parts.len() > 1 {
            emit(&self.text);
        }
        self.text.clear();
        self.parts.clear();
        self.split = false;
    }
}

/// A part worth indexing: two characters or more (or a digit), not a stop word, not too long.
pub fn is_word(part: &str) -> bool {
    let length = if part.is_ascii() {
        part.len()
    } else {
        part.chars().count()
    };
    (length >= 2 || part.bytes().all(|b| b.is_ascii_digit()))
        && length <= LONGEST
        && !packed(part).is_some_and(|word| STOP_PACKED.contains(&word))
}

/// The stop words as numbers (see `packed`): every word of every page is looked up.
static STOP_PACKED: std::sync::LazyLock<rustc_hash::FxHashSet<u64>> =
    std::sync::LazyLock::new(|| STOP_WORDS.iter().filter_map(|word| packed(word)).collect());

/// A word of at most five bytes (the longest stop word) as one number, its bytes in order;
/// longer words are no stop words.
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.len() > 5 {
        return None;
    }
    let mut number = [0u8; 8];
    number[..bytes.len()].copy_from_slice(bytes);
    Some(u64::from_be_bytes(number))
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
        assert_eq!(
            words("End. Of: A/ Sentence' Here.-x Done/ok 'quoted' Ok:\n"),
            ["end", "sentence", "here", "herex", "done", "ok", "doneok", "quoted", "ok"],
            "a word before punctuation and a space stands alone; before a part, it joins"
        );
        assert_eq!(
            words("a.b_c.d x"),
            ["bc", "abcd"],
            "one-letter parts are not words, but the names they make are"
        );
    }

    #[test]
    fn every_stop_word_is_dropped_and_only_they() {
        assert_eq!(
            STOP_PACKED.len(),
            STOP_WORDS.len(),
            "each fits in eight bytes"
        );
        for word in STOP_WORDS {
            assert!(!is_word(word), "{word}");
        }
        for word in ["yo", "thee", "these1", "abouts", "model"] {
            assert!(is_word(word), "{word}");
        }
    }
}
