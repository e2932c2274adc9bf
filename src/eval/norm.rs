//! Name normalisation, and Python's `repr`, exactly as `score.py` has them.

use regex::Regex;
use std::sync::LazyLock;

/// Words dropped from names before comparing them (score.py's `SUFFIXES`).
pub use crate::text::phrases::NAME_SUFFIXES as SUFFIXES;

/// A run of Python `\w` characters. Python's Unicode `\w` is `str.isalnum()`
/// or `_`, which is exactly the general categories L* and N* plus `_` (unlike
/// the regex crate's `\w`, which also takes combining marks and connector
/// punctuation).
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").unwrap());

/// Characters Python's `repr` escapes: `str.isprintable()` is false for the
/// categories C* and Z* except the space.
static UNPRINTABLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{C}\p{Z}]").unwrap());

/// score.py's `norm`: lower-case, every character that is neither a word
/// character nor white space becomes a space, split on white space, drop the
/// [`SUFFIXES`], join with single spaces.
pub fn norm(name: &str) -> String {
    let lower = name.to_lowercase();
    let words: Vec<&str> = WORD
        .find_iter(&lower)
        .map(|m| m.as_str())
        .filter(|w| !SUFFIXES.contains(w))
        .collect();
    words.join(" ")
}

/// Python's `repr(s)` of a `str`, used where score.py sorts by `str(tuple)`.
pub(super) fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            _ if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            ' ' => out.push(' '),
            _ if (c as u32) < 0x7f && !c.is_ascii_control() => out.push(c),
            _ if !UNPRINTABLE.is_match(c.encode_utf8(&mut [0; 4])) => out.push(c),
            _ => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_matches_score_py() {
        // Expected values are what score.py's norm returns.
        let cases = [
            ("CITIC Securities", "citic securities"),
            ("  CITIC   SEC ", "citic sec"),
            ("Alibaba Group Holding Ltd.", "alibaba"),
            ("The Walt Disney Co.", "walt disney"),
            ("Tencent Holdings Limited", "tencent"),
            ("Apple Inc", "apple"),
            ("Group", ""),
            ("the", ""),
            ("Co-op", "op"),
            ("Coinbase Corp.", "coinbase"),
            ("Nasdaq-100", "nasdaq 100"),
            ("S&P 500", "s p 500"),
            ("Alibaba (09988)", "alibaba 09988"),
            ("0700.HK", "0700 hk"),
            ("AT&T Inc.", "at t"),
            ("POP MART's", "pop mart s"),
            ("snake_case_name", "snake_case_name"),
            ("Tab\tand\nnewline", "tab and newline"),
            ("Société Générale", "société générale"),
            ("Nestlé S.A.", "nestlé s a"),
            // a decomposed accent is a combining mark: not \w in Python
            ("Nestle\u{301}", "nestle"),
            ("阿里巴巴集团", "阿里巴巴集团"),
            ("腾讯（00700）", "腾讯 00700"),
            ("ＡＢＣ Ｉｎｃ", "ａｂｃ ｉｎｃ"),
            ("Ⅻ Fund", "ⅻ fund"),
            ("x²", "x²"),
            ("İstanbul", "i stanbul"),
            ("ΟΔΟΣ", "οδος"),
            ("a\u{a0}b\u{3000}c\u{1c}d", "a b c d"),
            ("a\u{203f}b", "a b"),
            ("—", ""),
            ("", ""),
        ];
        for (name, want) in cases {
            assert_eq!(norm(name), want, "norm({name:?})");
        }
    }

    #[test]
    fn repr_matches_python() {
        let cases = [
            ("abc", "'abc'"),
            ("it's", "\"it's\""),
            ("it's \"x\"", "'it\\'s \"x\"'"),
            ("a\\b", "'a\\\\b'"),
            ("t\tn\nr\r", "'t\\tn\\nr\\r'"),
            ("\u{7f}\u{1}", "'\\x7f\\x01'"),
            ("é中", "'é中'"),
            ("\u{a0}\u{200b}", "'\\xa0\\u200b'"),
            ("\u{e0001}", "'\\U000e0001'"),
        ];
        for (s, want) in cases {
            assert_eq!(py_repr(s), want, "repr({s:?})");
        }
    }
}
