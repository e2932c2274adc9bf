//! Phrase search on word boundaries (one automaton for many phrases) and name normalisation: the leaf every stage uses.

/// The largest char boundary of `s` at or below byte `n` (a window cut at `n` bytes
/// never splits a character).
pub(crate) fn floor(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// True when `c` can be part of a word.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `text[start..end]` is not glued to a letter or digit on either side.
pub(crate) fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !is_word_char(c)) && after.is_none_or(|c| !is_word_char(c))
}

/// Byte offsets of every whole-word, ASCII-case-insensitive occurrence of `phrase` in `text`.
///
/// ASCII lower-casing keeps byte offsets, so the search runs on lower-cased copies with
/// the standard library's substring search (a memchr-accelerated two-way search).
pub(crate) fn find_all(text: &str, phrase: &str) -> Vec<usize> {
    let mut out = Vec::new();
    if phrase.is_empty() || phrase.len() > text.len() {
        return out;
    }
    let needle = phrase.to_ascii_lowercase();
    let hay: std::borrow::Cow<'_, str> = if text.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(text.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let mut from = 0;
    while let Some(p) = hay[from..].find(&needle) {
        let i = from + p;
        let end = i + needle.len();
        if edge_ok(text, i, end, phrase) {
            out.push(i);
            from = end;
        } else {
            from = i + hay[i..].chars().next().map_or(1, char::len_utf8);
        }
        if from >= hay.len() {
            break;
        }
    }
    out
}

/// A phrase starting or ending with a non-word character (`'s main views`) needs no boundary there.
fn edge_ok(text: &str, start: usize, end: usize, phrase: &str) -> bool {
    let first = phrase.chars().next().is_some_and(is_word_char);
    let last = phrase.chars().next_back().is_some_and(is_word_char);
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    (!first || before.is_none_or(|c| !is_word_char(c)))
        && (!last || after.is_none_or(|c| !is_word_char(c)))
}

/// Whether `text` contains `phrase` as whole words.
pub(crate) fn contains(text: &str, phrase: &str) -> bool {
    !find_all(text, phrase).is_empty()
}

/// Whether `text` contains any of `phrases`.
pub(crate) fn contains_any<S: AsRef<str>>(text: &str, phrases: &[S]) -> bool {
    phrases.iter().any(|p| contains(text, p.as_ref()))
}

/// Words dropped when comparing names (score.py's `SUFFIXES`; the scorer in `eval` uses them too).
pub const NAME_SUFFIXES: [&str; 12] = [
    "inc",
    "ltd",
    "limited",
    "holding",
    "holdings",
    "group",
    "corp",
    "corporation",
    "co",
    "plc",
    "llc",
    "the",
];

/// A name reduced for comparison: lower case, punctuation to spaces, corporate suffixes dropped.
pub fn normalize_name(name: &str) -> String {
    let lowered: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if is_word_char(c) || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    lowered
        .split_whitespace()
        .filter(|w| !NAME_SUFFIXES.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_only() {
        assert_eq!(find_all("Will the will-be willing?", "will"), vec![0, 9]);
        assert!(contains(
            "CITIC SEC's main views are as follows",
            "'s main views are as follows"
        ));
        assert!(!contains("outperformance", "outperform"));
    }

    #[test]
    fn normalizes_like_the_scorer() {
        assert_eq!(normalize_name("Alibaba Group Holding Ltd."), "alibaba");
        assert_eq!(normalize_name("JPMorgan Chase & Co."), "jpmorgan chase");
        assert_eq!(normalize_name("S&P 500"), "s p 500");
    }
}
