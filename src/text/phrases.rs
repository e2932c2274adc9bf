//! Phrase search on word boundaries (one automaton for many phrases), word offsets and name normalisation: the leaf every stage uses.

/// The largest char boundary of `s` at or below byte `n` (a window cut at `n` bytes
/// never splits a character).
pub(crate) fn floor(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// The offset `n` words back from `at` (the start of the n-th word before it).
pub(crate) fn words_back(text: &str, at: usize, n: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    for _ in 0..n {
        while i > 0 && bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        if i == 0 {
            return 0;
        }
        while i > 0 && !bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
    }
    i
}

/// The offset `n` words on from `at` (the end of the n-th word after it).
pub(crate) fn words_forward(text: &str, at: usize, n: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    for _ in 0..n {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == bytes.len() {
            return i;
        }
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
    }
    i
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
/// The reference [`contains`] is tested against.
#[cfg(test)]
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

/// Many phrases compiled into one automaton, to ask whether a text contains any of
/// them as whole words, in any ASCII case: what [`contains_any`] answers, in one pass
/// over the text instead of one search (and lower-cased copy) per phrase.
#[derive(Debug, Clone)]
pub(crate) struct AnyPhrase {
    ac: aho_corasick::AhoCorasick,
    /// Per pattern: the phrase itself, for its word-boundary check ([`edge_ok`]).
    phrases: Vec<String>,
    /// The phrases in ASCII lower case, searched for (with SIMD, many bytes at a time)
    /// in a text's lower case ([`AnyPhrase::in_text_lower`]); none on a machine
    /// without the instructions.
    lower: Option<aho_corasick::packed::Searcher>,
}

impl AnyPhrase {
    /// Compile the phrases (empty ones never match, as in [`contains`]).
    pub(crate) fn new<S: AsRef<str>>(phrases: &[S]) -> AnyPhrase {
        let phrases: Vec<String> = phrases
            .iter()
            .map(|p| p.as_ref().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        // a DFA: the lists are short (the boilerplate markers), and it runs on every line
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&phrases)
            .expect("a phrase list compiles into an automaton");
        let lower =
            aho_corasick::packed::Searcher::new(phrases.iter().map(|p| p.to_ascii_lowercase()));
        AnyPhrase { ac, phrases, lower }
    }

    /// [`AnyPhrase::in_text`], given `lower`, the text in ASCII lower case: a text
    /// whose lower case holds none of the phrases (most lines) holds none in any
    /// ASCII case, and is told so by one SIMD search instead of a walk of the
    /// automaton byte by byte.
    pub(crate) fn in_text_lower(&self, text: &str, lower: &str) -> bool {
        debug_assert_eq!(text.len(), lower.len());
        match &self.lower {
            Some(packed) if packed.find(lower).is_none() => false,
            _ => self.in_text(text),
        }
    }

    /// Whether `text` contains any of the phrases as whole words.
    pub(crate) fn in_text(&self, text: &str) -> bool {
        // (a text with no occurrence at all, most lines, is told by one prefiltered
        // search; only a text with one is searched for every occurrence)
        self.ac.is_match(text)
            && self.ac.find_overlapping_iter(text).any(|m| {
                edge_ok(
                    text,
                    m.start(),
                    m.end(),
                    &self.phrases[m.pattern().as_usize()],
                )
            })
    }
}

/// Whether `text` contains `phrase` as whole words: what `!find_all(text,
/// phrase).is_empty()` answers, stopping at the first occurrence, without a lower-case
/// copy of either (bytes compared in any ASCII case: the same matches as the search on
/// lower-cased copies, whose offsets and lengths ASCII lower-casing keeps).
pub(crate) fn contains(text: &str, phrase: &str) -> bool {
    let (t, p) = (text.as_bytes(), phrase.as_bytes());
    if p.is_empty() || p.len() > t.len() {
        return false;
    }
    let (lo, up) = (p[0].to_ascii_lowercase(), p[0].to_ascii_uppercase());
    let last = t.len() - p.len();
    let mut from = 0;
    while from <= last {
        let Some(k) = memchr::memchr2(lo, up, &t[from..=last]) else {
            return false;
        };
        let i = from + k;
        // a match of a whole (valid UTF-8) phrase starts and ends on char boundaries
        if t[i..i + p.len()].eq_ignore_ascii_case(p) && edge_ok(text, i, i + p.len(), phrase) {
            return true;
        }
        from = i + 1;
    }
    false
}

/// Whether `text` contains any of `phrases` (the reference [`AnyPhrase`] is tested against).
#[cfg(test)]
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

/// Whether a word is one of [`NAME_SUFFIXES`] in any ASCII case ("Ltd", "GROUP").
pub(crate) fn is_name_suffix(word: &str) -> bool {
    NAME_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// A name reduced for comparison: lower case, punctuation to spaces, corporate suffixes dropped.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::new();
    normalize_name_into(name, &mut out);
    out
}

/// [`normalize_name`] written into `out` (cleared first), so a loop over many names
/// can reuse one buffer (the publisher test normalises every alias of every entity).
pub(crate) fn normalize_name_into(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        // the same in ASCII (most names), without the lower-case copy: there
        // `to_lowercase` is `to_ascii_lowercase` and the word characters are
        // `[A-Za-z0-9_]`
        out.reserve(name.len());
        // (the words told by their bytes, one a char in ASCII: a split by a char
        // predicate decoded every char)
        let bytes = name.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let end = bytes[at..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
                .map_or(bytes.len(), |n| at + n);
            let word = &name[at..end];
            at = end + 1;
            if word.is_empty() || is_name_suffix(word) {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            // (the word copied whole, then lowered in place: a push of each char
            // checked the capacity and encoded it again, "Alibaba" seven times)
            let from = out.len();
            out.push_str(word);
            out[from..].make_ascii_lowercase();
        }
        return;
    }
    // the words are the runs of word characters of the lower-cased name (every other
    // character separates words), joined by one space, suffixes dropped
    let lowered = name.to_lowercase();
    out.reserve(lowered.len());
    for word in lowered.split(|c: char| !is_word_char(c)) {
        if word.is_empty() || NAME_SUFFIXES.contains(&word) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
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
    fn contains_answers_like_find_all() {
        let texts = [
            "Will the will-be willing?",
            "WILLING will",
            "é will é",
            "éwill",
            "than expected, than",
            "compared with",
            "",
            "x",
        ];
        let phrases = [
            "will",
            "WILL",
            "than",
            "compared with",
            "é",
            "x",
            "",
            "willing?",
        ];
        for t in texts {
            for p in phrases {
                assert_eq!(contains(t, p), !find_all(t, p).is_empty(), "{t:?} {p:?}");
            }
        }
    }

    #[test]
    fn one_automaton_answers_like_contains_any() {
        let phrases = ["click here to", "'s main views", "Advertisement", ""];
        let set = AnyPhrase::new(&phrases);
        for text in [
            "CLICK HERE TO subscribe",
            "clickhere to",
            "advertisements",
            "An ADVERTISEMENT.",
            "CITIC SEC's main views are",
            "xclick here to",
            "",
            "é advertisement é",
        ] {
            assert_eq!(set.in_text(text), contains_any(text, &phrases), "{text}");
            let lower = text.to_ascii_lowercase();
            assert_eq!(set.in_text_lower(text, &lower), set.in_text(text), "{text}");
        }
    }

    /// The former definition of [`normalize_name`], kept as the reference.
    fn reference(name: &str) -> String {
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

    proptest::proptest! {
        /// ASCII names (the words found by their bytes) normalise as the reference does.
        #[test]
        fn ascii_names_normalize_like_the_reference(
            name in "(Inc|LTD|group|The|[A-Za-z0-9_]{1,6}|[ .,&\t_-]{1,2}){0,8}"
        ) {
            proptest::prop_assert_eq!(normalize_name(&name), reference(&name));
        }
    }

    #[test]
    fn normalizes_like_the_scorer() {
        // (one buffer for every name, as a loop over a document's names uses it)
        let mut buf = String::from("left over");
        for name in [
            "Alibaba Group Holding Ltd.",
            "  The  Walt\tDisney\u{a0}Co ",
            "ΣΊΣΥΦΟΣ Holdings",
            "S&P_500 (Index)",
            "İş Bankası A.Ş.",
            "\u{301}é-x__y",
            "",
            "Inc.",
            "INC. The Co-Op__X Holdings, plc",
            "a  b\tC_d-E.f",
        ] {
            assert_eq!(normalize_name(name), reference(name), "{name:?}");
            normalize_name_into(name, &mut buf);
            assert_eq!(buf, reference(name), "{name:?}");
        }
        assert_eq!(normalize_name("Alibaba Group Holding Ltd."), "alibaba");
        assert_eq!(normalize_name("JPMorgan Chase & Co."), "jpmorgan chase");
        assert_eq!(normalize_name("S&P 500"), "s p 500");
    }
}
