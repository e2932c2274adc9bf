//! Small text helpers shared by the rules: word-boundary phrase search, name normalisation.

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
pub(crate) fn find_all(text: &str, phrase: &str) -> Vec<usize> {
    let mut out = Vec::new();
    if phrase.is_empty() || phrase.len() > text.len() {
        return out;
    }
    let hay = text.as_bytes();
    let needle = phrase.as_bytes();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
            && text.is_char_boundary(i)
            && text.is_char_boundary(i + needle.len())
            && edge_ok(text, i, i + needle.len(), phrase)
        {
            out.push(i);
            i += needle.len();
        } else {
            i += 1;
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

/// Leftmost occurrence of any phrase: (offset, phrase length).
pub(crate) fn first_of<S: AsRef<str>>(text: &str, phrases: &[S]) -> Option<(usize, usize)> {
    phrases
        .iter()
        .filter_map(|p| {
            find_all(text, p.as_ref())
                .first()
                .map(|&i| (i, p.as_ref().len()))
        })
        .min_by_key(|&(i, len)| (i, usize::MAX - len))
}

/// Words dropped when comparing names (as the scorer does).
const NAME_SUFFIXES: &[&str] = &[
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
