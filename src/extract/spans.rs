//! The word and token spans of a sentence, scanned by hand: each scanner gives
//! exactly the matches of the regex in its comment (a test checks them against
//! it), without a regex search per word (a forward and a reverse search for
//! every match, which was about a tenth of the mentions stage).

use regex::Regex;
use std::sync::LazyLock;

/// Whether `c` is a letter or a digit: `[\p{L}\p{N}]` of a regex. Letters
/// outside ASCII are rare in the text ('é' in a name), so they are asked of
/// the regex crate itself, whose Unicode tables the patterns used.
#[inline]
fn letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        letter_or_digit_beyond_ascii(c)
    }
}

/// [`letter_or_digit`] for a character outside ASCII.
#[cold]
fn letter_or_digit_beyond_ascii(c: char) -> bool {
    static LETTER_OR_DIGIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[\p{L}\p{N}]$").unwrap());
    LETTER_OR_DIGIT.is_match(c.encode_utf8(&mut [0; 4]))
}

/// `s.ends_with(suffix)`, the last bytes compared first: the phrases of a list mostly
/// differ there, and a call of memcmp costs more than that test.
#[inline]
pub(crate) fn ends_with(s: &str, suffix: &str) -> bool {
    match (s.as_bytes().last(), suffix.as_bytes().last()) {
        (Some(a), Some(b)) if a != b => false,
        _ => s.ends_with(suffix),
    }
}

/// `s.starts_with(prefix)`, the first bytes compared first (see [`ends_with`]).
#[inline]
pub(crate) fn starts_with(s: &str, prefix: &str) -> bool {
    match (s.as_bytes().first(), prefix.as_bytes().first()) {
        (Some(a), Some(b)) if a != b => false,
        _ => s.starts_with(prefix),
    }
}

/// The byte offset of the first letter or digit of `s` at or after `from`.
// (inlined into each scanner: a call for each token cost more than the scan of the
// space or two before it)
#[inline(always)]
fn next_start(s: &str, from: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(&x) = b.get(i) {
        if x.is_ascii() {
            if x.is_ascii_alphanumeric() {
                return Some(i);
            }
            i += 1;
        } else {
            let c = s[i..].chars().next()?;
            if letter_or_digit(c) {
                return Some(i);
            }
            i += c.len_utf8();
        }
    }
    None
}

/// An ASCII byte's classes for the token and word scanners, one bit each (a byte
/// beyond ASCII has none: its character is decoded and asked).
const ALNUM: u8 = 1;
/// `&`, `'` and `-`, inside a token or a word.
const JOINER: u8 = 2;
/// `.`, inside a word (a token's dots open its dotted parts).
const DOT: u8 = 4;

/// The classes of each ASCII byte: a table lookup per byte of a run instead of the
/// range and character tests of a predicate (the scanners read every byte of a
/// sentence, twice).
static ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        table[i] = if c.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(c, b'&' | b'\'' | b'-') {
            JOINER
        } else if c == b'.' {
            DOT
        } else {
            0
        };
        i += 1;
    }
    table
};

/// The end of the run from byte `from` of ASCII bytes of one of `classes` and other
/// characters `beyond_ascii` accepts.
#[inline]
fn class_run_end(s: &str, from: usize, classes: u8, beyond_ascii: impl Fn(char) -> bool) -> usize {
    run_end_by(
        s,
        from,
        |x| ASCII_CLASS[usize::from(x)] & classes != 0,
        beyond_ascii,
    )
}

/// The end of the run from byte `from` of the ASCII bytes `ascii` accepts and the
/// other characters `beyond_ascii` accepts (an ASCII byte is tested as a byte, the
/// rest decoded).
#[inline(always)]
fn run_end_by(
    s: &str,
    from: usize,
    ascii: impl Fn(u8) -> bool,
    beyond_ascii: impl Fn(char) -> bool,
) -> usize {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(&x) = b.get(i) {
        if x.is_ascii() {
            if !ascii(x) {
                return i;
            }
            i += 1;
        } else {
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            if !beyond_ascii(c) {
                return i;
            }
            i += c.len_utf8();
        }
    }
    s.len()
}

/// A capacity for a list of the words of `s`: a word of about five bytes and a space
/// each, so the list is allocated once instead of grown (discovery's tokens, the
/// sector phrases' words).
pub(crate) fn word_capacity(s: &str) -> usize {
    s.len() / 5 + 1
}

/// The end of the run of characters from byte `from` that `keep` accepts (ASCII
/// bytes tested as bytes, the rest decoded).
#[inline]
pub(crate) fn run_end(s: &str, from: usize, keep: impl Fn(char) -> bool) -> usize {
    run_end_by(s, from, |x| keep(char::from(x)), &keep)
}

/// The words of `s` (sector phrases): `[\p{L}\p{N}][\p{L}\p{N}.&'’-]*[\p{L}\p{N}]|[\p{L}\p{N}]`,
/// a run of letters, digits and `.&'’-` from a letter or digit to the last letter or
/// digit of the run ("U.S.-listed" is one word, "Inc." is "Inc").
pub(crate) fn words(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = next_start(s, at)?;
        // the run of letters, digits and `.&'’-`, back to its last letter or digit
        let run = class_run_end(s, start, ALNUM | JOINER | DOT, |c| {
            c == '’' || letter_or_digit(c)
        });
        // (most runs end with a letter or a digit: an ASCII one is read as a byte)
        let end = if s.as_bytes()[run - 1].is_ascii_alphanumeric() {
            run
        } else {
            s[start..run]
                .char_indices()
                .rev()
                .find(|&(_, c)| letter_or_digit(c))
                .map_or(start, |(i, c)| start + i + c.len_utf8())
        };
        at = end;
        Some((start, end))
    })
}

/// The tokens of `s` (discovery): `[\p{L}\p{N}][\p{L}\p{N}&'’\-]*(?:\.[\p{L}\p{N}]+)*\.?`,
/// a run of letters, digits and `&'’-`, then dotted parts ("Alibaba.com", "U.S"), then
/// one closing dot ("Inc.", "U.S."; "U.S.-listed" is "U.S." and "listed").
pub(crate) fn tokens(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = next_start(s, at)?;
        // the run: every character a letter, a digit or one of `&'’-`
        let mut end = class_run_end(s, start, ALNUM | JOINER, |c| c == '’' || letter_or_digit(c));
        // the dotted parts: a dot with at least one letter or digit after it
        while s.as_bytes().get(end) == Some(&b'.') {
            let part = class_run_end(s, end + 1, ALNUM, letter_or_digit) - (end + 1);
            if part == 0 {
                // the closing dot
                end += 1;
                break;
            }
            end += 1 + part;
        }
        at = end;
        Some((start, end))
    })
}

/// Whether a set of lower-case words holds `w` in ASCII lower case: what
/// `set.contains(&w.to_ascii_lowercase())` answers, without the copy for a word of up
/// to 32 bytes (lowered on the stack).
pub(crate) fn contains_lower<S: std::hash::BuildHasher>(
    set: &std::collections::HashSet<String, S>,
    w: &str,
) -> bool {
    let mut buf = [0u8; 32];
    match buf.get_mut(..w.len()) {
        Some(b) => {
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            // ASCII lower-casing keeps UTF-8 valid
            std::str::from_utf8(b).is_ok_and(|l| set.contains(l))
        }
        None => set.contains(&w.to_ascii_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}.&'’-]*[\p{L}\p{N}]|[\p{L}\p{N}]").unwrap()
    });

    static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}&'’\-]*(?:\.[\p{L}\p{N}]+)*\.?").unwrap()
    });

    fn spans(re: &Regex, s: &str) -> Vec<(usize, usize)> {
        re.find_iter(s).map(|m| (m.start(), m.end())).collect()
    }

    #[test]
    fn words_and_tokens_of_a_sentence() {
        let s = "U.S.-listed Alibaba.com Inc. rose 3.5% at Moët & Chandon's AB-1 unit.";
        assert_eq!(words(s).collect::<Vec<_>>(), spans(&WORD, s));
        assert_eq!(tokens(s).collect::<Vec<_>>(), spans(&TOKEN, s));
        let w: Vec<&str> = words(s).map(|(a, b)| &s[a..b]).collect();
        assert_eq!(w[..3], ["U.S.-listed", "Alibaba.com", "Inc"]);
        let t: Vec<&str> = tokens(s).map(|(a, b)| &s[a..b]).collect();
        assert_eq!(t[..5], ["U.S.", "listed", "Alibaba.com", "Inc.", "rose"]);
    }

    #[test]
    fn contains_lower_is_a_lookup_of_the_lower_case_word() {
        let long = "x".repeat(40);
        let set: std::collections::HashSet<String> =
            ["hong kong", "the", "société générale", long.as_str()]
                .into_iter()
                .map(String::from)
                .collect();
        for w in [
            "Hong Kong",
            "THE",
            "thE",
            "Société Générale",
            "SOCIéTé GéNéRALE",
            "then",
            "",
        ] {
            assert_eq!(
                contains_lower(&set, w),
                set.contains(&w.to_ascii_lowercase()),
                "{w}"
            );
        }
        assert!(contains_lower(&set, &"X".repeat(40)));
    }

    proptest! {
        #[test]
        fn the_scanners_match_their_regexes(
            s in proptest::string::string_regex("[a-zA-Z0-9 .&'’\\-é–,()\u{0301}\u{4e00}\u{2163}]{0,40}").unwrap()
        ) {
            prop_assert_eq!(words(&s).collect::<Vec<_>>(), spans(&WORD, &s));
            prop_assert_eq!(tokens(&s).collect::<Vec<_>>(), spans(&TOKEN, &s));
        }
    }
}
