//! Where a sentence writes a number, scanned by hand: [`matches`] gives exactly the
//! matches and groups of the regex below (the tests check them against it), without
//! the regex's capture search (a backtracking pass over every match, about a third of
//! the metrics stage).
//!
//! ```text
//! (?P<pre>US\$|HK\$|S\$|A\$|C\$|NT\$|RMB\s?|CNY\s?|USD\s?|HKD\s?|EUR\s?|GBP\s?|JPY\s?|€|\$|¥|£|₩)?
//! (?P<nums>[+\-−]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%)?(?:(?:\s?/\s?|[-–])[+\-−]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%)?)*)
//! (?P<ord>st|nd|rd|th)?
//! (?:\s?(?P<scale>(?i:trillion|billion|million|thousand)|tn|bn|mn|mln|b|m|k)\b)?
//! (?:(?:\s|-)?(?P<unit>%|percentage\s+points?|percentile|percent|per\s+cent|pct\s+points?|ppts?|pp|bps|basis\s+points?|x\b|times\b|yuan|renminbi|RMB|CNY|dollars|US\s+dollars|USD|HKD|Hong\s+Kong\s+dollars|euros?|EUR|yen|JPY|pounds|GBP|won|rupees?|points?|pts))?
//! ```
//!
//! Everything after the first digit is optional, so the regex's leftmost-first match
//! at a position takes each part's first alternative that fits, in the order written,
//! and never gives one back for a later part: the scanner does the same, part by part.
//! A match starts at the first position where a currency (or nothing) is followed by
//! a number; the currency is the first of the list after which a number follows.

use regex::Regex;
use std::sync::LazyLock;

/// A byte span of the sentence and its text: one group of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part<'s> {
    start: usize,
    text: &'s str,
}

impl<'s> Part<'s> {
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    pub(crate) fn end(&self) -> usize {
        self.start + self.text.len()
    }

    pub(crate) fn as_str(&self) -> &'s str {
        self.text
    }
}

/// One number as written: the whole match and its groups, named as in the regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written<'s> {
    whole: Part<'s>,
    pre: Option<Part<'s>>,
    nums: Part<'s>,
    ord: Option<Part<'s>>,
    scale: Option<Part<'s>>,
    unit: Option<Part<'s>>,
}

impl<'s> Written<'s> {
    /// The whole match (`get(0)` of a regex's captures).
    pub(crate) fn get(&self, group: usize) -> Option<Part<'s>> {
        (group == 0).then_some(self.whole)
    }

    /// A group by its name in the regex: `pre`, `nums`, `ord`, `scale` or `unit`.
    pub(crate) fn name(&self, group: &str) -> Option<Part<'s>> {
        match group {
            "pre" => self.pre,
            "nums" => Some(self.nums),
            "ord" => self.ord,
            "scale" => self.scale,
            "unit" => self.unit,
            _ => panic!("the number regex has no group {group:?}"),
        }
    }
}

/// Every number written in `s`, left to right, as `NUM.captures_iter(s)` gives them.
pub(crate) fn matches(s: &str) -> impl Iterator<Item = Written<'_>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let b = s.as_bytes();
        while at < s.len() {
            // a match starts with a currency, a sign or a digit: most bytes start none
            let Some(skip) = b[at..].iter().position(|&x| MAY_START[usize::from(x)]) else {
                break;
            };
            at += skip;
            if let Some(w) = match_at(s, at) {
                at = w.whole.end();
                return Some(w);
            }
            at += 1;
        }
        None
    })
}

/// For each byte, whether a match may start there: [`may_start`] for an ASCII byte;
/// the first byte of any other character (a currency sign, a minus, a digit of another
/// script); never a byte inside a character.
static MAY_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b < 0x80 {
            may_start(b as u8)
        } else {
            b >= 0xC0
        };
        b += 1;
    }
    table
};

/// Whether an ASCII byte can start a match: a currency's first letter or sign, a
/// number's sign or digit.
const fn may_start(b: u8) -> bool {
    matches!(
        b,
        b'0'..=b'9'
            | b'+'
            | b'-'
            | b'$'
            | b'U'
            | b'H'
            | b'S'
            | b'A'
            | b'C'
            | b'N'
            | b'R'
            | b'E'
            | b'G'
            | b'J'
    )
}

/// The currencies written as a code of capital letters ("RMB", "USD").
pub(crate) fn currency_codes() -> impl Iterator<Item = &'static str> {
    CURRENCIES
        .iter()
        .map(|&(c, _)| c)
        .filter(|c| c.bytes().all(|b| b.is_ascii_uppercase()))
}

/// The currencies of `pre`, in the regex's order; `true`: an optional white space
/// may follow (`RMB\s?`), tried first.
const CURRENCIES: [(&str, bool); 18] = [
    ("US$", false),
    ("HK$", false),
    ("S$", false),
    ("A$", false),
    ("C$", false),
    ("NT$", false),
    ("RMB", true),
    ("CNY", true),
    ("USD", true),
    ("HKD", true),
    ("EUR", true),
    ("GBP", true),
    ("JPY", true),
    ("€", false),
    ("$", false),
    ("¥", false),
    ("£", false),
    ("₩", false),
];

/// For each byte, whether one of [`CURRENCIES`] starts with it.
static CURRENCY_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < CURRENCIES.len() {
        table[CURRENCIES[c].0.as_bytes()[0] as usize] = true;
        c += 1;
    }
    table
};

/// The match starting at `p`, if one does.
fn match_at(s: &str, p: usize) -> Option<Written<'_>> {
    let mut found = None;
    // (most matches start with a digit, which starts no currency)
    let currencies: &[(&str, bool)] = if CURRENCY_START[usize::from(s.as_bytes()[p])] {
        &CURRENCIES
    } else {
        &[]
    };
    for &(cur, space_after) in currencies {
        if !written_at(s, p, cur) {
            continue;
        }
        let after = p + cur.len();
        let with_space = space_after.then(|| white_space_at(s, after)).flatten();
        for pre_end in with_space.into_iter().chain([after]) {
            if let Some(n) = nums_at(s, pre_end) {
                found = Some((Some(pre_end), pre_end, n));
                break;
            }
        }
        if found.is_some() {
            break;
        }
    }
    let (pre_end, nums_start, nums_end) = match found {
        Some(f) => f,
        None => (None, p, nums_at(s, p)?),
    };
    let part = |a: usize, z: usize| Part {
        start: a,
        text: &s[a..z],
    };
    let mut end = nums_end;
    let ord = ["st", "nd", "rd", "th"]
        .iter()
        .any(|o| written_at(s, end, o))
        .then(|| part(end, end + 2));
    if ord.is_some() {
        end += 2;
    }
    let scale = scale_at(s, end).map(|(a, z)| {
        end = z;
        part(a, z)
    });
    let unit = unit_at(s, end).map(|(a, z)| {
        end = z;
        part(a, z)
    });
    Some(Written {
        whole: part(p, end),
        pre: pre_end.map(|z| part(p, z)),
        nums: part(nums_start, nums_end),
        ord,
        scale,
        unit,
    })
}

/// The end of `nums` starting at `i`: a number, then more after a slash or a dash.
fn nums_at(s: &str, i: usize) -> Option<usize> {
    let mut i = item_at(s, i)?;
    loop {
        // `\s?/\s?`, each white space taken when the rest fits, then `[-–]`
        let mut next = None;
        let before = [white_space_at(s, i), Some(i)];
        'slash: for from in before.into_iter().flatten() {
            if !s[from..].starts_with('/') {
                continue;
            }
            let after = from + 1;
            for to in [white_space_at(s, after), Some(after)]
                .into_iter()
                .flatten()
            {
                if let Some(e) = item_at(s, to) {
                    next = Some(e);
                    break 'slash;
                }
            }
        }
        if next.is_none() {
            next = ['-', '–']
                .iter()
                .find(|d| s[i..].starts_with(**d))
                .and_then(|d| item_at(s, i + d.len_utf8()));
        }
        match next {
            Some(e) => i = e,
            None => return Some(i),
        }
    }
}

/// The end of one item of `nums` at `i`: `[+\-−]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%)?`.
fn item_at(s: &str, i: usize) -> Option<usize> {
    let sign = ['+', '-', '−']
        .iter()
        .find(|c| s[i..].starts_with(**c))
        .map_or(0, |c| c.len_utf8());
    // a sign without a digit after it is no sign: the digit must then be at `i`
    let mut i = match digit_at(s, i + sign) {
        Some(e) => e,
        None => digit_at(s, i)?,
    };
    // `(?:[\d,]*\d)?`: up to the last digit of the run of digits and commas
    let mut j = i;
    loop {
        if let Some(e) = digit_at(s, j) {
            j = e;
            i = e;
        } else if s[j..].starts_with(',') {
            j += 1;
        } else {
            break;
        }
    }
    // `(?:\.\d+)?`
    if s[i..].starts_with('.') {
        if let Some(mut e) = digit_at(s, i + 1) {
            while let Some(n) = digit_at(s, e) {
                e = n;
            }
            i = e;
        }
    }
    // `(?:\s?%)?`
    if let Some(w) = white_space_at(s, i).filter(|&w| s[w..].starts_with('%')) {
        i = w + 1;
    } else if s[i..].starts_with('%') {
        i += 1;
    }
    Some(i)
}

/// `(?:\s?(?P<scale>…)\b)?` at `i`: the scale's span, if one is written.
fn scale_at(s: &str, i: usize) -> Option<(usize, usize)> {
    const ANY_CASE: [&str; 4] = ["trillion", "billion", "million", "thousand"];
    const LOWER: [&str; 7] = ["tn", "bn", "mn", "mln", "b", "m", "k"];
    for from in [white_space_at(s, i), Some(i)].into_iter().flatten() {
        let rest = &s[from..];
        let end = ANY_CASE
            .iter()
            .find_map(|w| any_case_prefix(rest, w))
            .into_iter()
            .chain(
                LOWER
                    .iter()
                    .filter(|w| written_at(s, from, w))
                    .map(|w| w.len()),
            )
            .map(|n| from + n)
            .find(|&e| word_boundary_after_word(s, e));
        if let Some(e) = end {
            return Some((from, e));
        }
    }
    None
}

/// The units of `unit`, in the regex's order, each as its words: a unit's words are
/// joined by white space (`\s+`), a word ending in `s?` may drop its `s`, and one
/// ending in `\b` needs a word boundary after it.
const UNITS: [&[&str]; 31] = [
    &["%"],
    &["percentage", "points?"],
    &["percentile"],
    &["percent"],
    &["per", "cent"],
    &["pct", "points?"],
    &["ppts?"],
    &["pp"],
    &["bps"],
    &["basis", "points?"],
    &["x\\b"],
    &["times\\b"],
    &["yuan"],
    &["renminbi"],
    &["RMB"],
    &["CNY"],
    &["dollars"],
    &["US", "dollars"],
    &["USD"],
    &["HKD"],
    &["Hong", "Kong", "dollars"],
    &["euros?"],
    &["EUR"],
    &["yen"],
    &["JPY"],
    &["pounds"],
    &["GBP"],
    &["won"],
    &["rupees?"],
    &["points?"],
    &["pts"],
];

/// For each byte, whether one of [`UNITS`] starts with it.
static UNIT_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut u = 0;
    while u < UNITS.len() {
        table[UNITS[u][0].as_bytes()[0] as usize] = true;
        u += 1;
    }
    table
};

/// `(?:(?:\s|-)?(?P<unit>…))?` at `i`: the unit's span, if one is written.
fn unit_at(s: &str, i: usize) -> Option<(usize, usize)> {
    let dash = s[i..].starts_with('-').then_some(i + 1);
    for from in [white_space_at(s, i), dash, Some(i)].into_iter().flatten() {
        // (a unit is tried only where its first byte is written: most positions after a
        // number start none, and reading a unit's words costs more than the byte)
        let Some(&first) = s.as_bytes().get(from) else {
            continue;
        };
        if !UNIT_START[usize::from(first)] {
            continue;
        }
        if let Some(e) = UNITS
            .iter()
            .filter(|u| u[0].as_bytes()[0] == first)
            .find_map(|u| unit_words_at(s, from, u))
        {
            return Some((from, e));
        }
    }
    None
}

/// The end of a unit's words at `i`, if they are written there.
fn unit_words_at(s: &str, i: usize, words: &[&str]) -> Option<usize> {
    let mut at = i;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            // `\s+`
            let mut e = white_space_at(s, at)?;
            while let Some(n) = white_space_at(s, e) {
                e = n;
            }
            at = e;
        }
        let (word, boundary) = match w.strip_suffix("\\b") {
            Some(word) => (word, true),
            None => (*w, false),
        };
        // "points?": "point", then an `s` if one is written
        let (word, optional_s) = match word.strip_suffix("s?") {
            Some(word) => (word, true),
            None => (word, false),
        };
        if !written_at(s, at, word) {
            return None;
        }
        at += word.len();
        if optional_s && s[at..].starts_with('s') {
            at += 1;
        }
        if boundary && !word_boundary_after_word(s, at) {
            return None;
        }
    }
    Some(at)
}

/// Whether `word` is written at byte `at` of `s`: its first byte compared before the
/// rest (most positions hold none of the currencies and units tried there).
fn written_at(s: &str, at: usize, word: &str) -> bool {
    s.as_bytes().get(at) == word.as_bytes().first()
        && s.as_bytes()[at..].starts_with(word.as_bytes())
}

/// The length of `word` (ASCII lower case) at the start of `rest` in any case, as the
/// regex's `(?i:…)` compares: ASCII case, and 'ſ' (U+017F, long s) for 's'.
fn any_case_prefix(rest: &str, word: &str) -> Option<usize> {
    let mut len = 0;
    let mut chars = rest.chars();
    for w in word.chars() {
        let c = chars.next()?;
        if !(c.eq_ignore_ascii_case(&w) || (w == 's' && c == 'ſ')) {
            return None;
        }
        len += c.len_utf8();
    }
    Some(len)
}

/// `\b` right after a word character (a scale's or unit's last letter): the next
/// character is no word character.
fn word_boundary_after_word(s: &str, at: usize) -> bool {
    s[at..].chars().next().is_none_or(|c| !word_char(c))
}

/// The end of the Unicode digit (`\d`) at `i`, if one is there.
fn digit_at(s: &str, i: usize) -> Option<usize> {
    let c = s[i..].chars().next()?;
    let digit = if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        static DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d$").unwrap());
        DIGIT.is_match(c.encode_utf8(&mut [0; 4]))
    };
    digit.then(|| i + c.len_utf8())
}

/// The end of the white space character (`\s`) at `i`, if one is there.
fn white_space_at(s: &str, i: usize) -> Option<usize> {
    let c = s[i..].chars().next()?;
    // `\s` is Unicode's White_Space, as `char::is_whitespace`
    c.is_whitespace().then(|| i + c.len_utf8())
}

/// Whether `c` is a word character (`\w`, as `\b` sees it).
fn word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w$").unwrap());
        WORD.is_match(c.encode_utf8(&mut [0; 4]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The regex the scanner stands for.
    static NUM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)
            (?P<pre>US\$|HK\$|S\$|A\$|C\$|NT\$|RMB\s?|CNY\s?|USD\s?|HKD\s?|EUR\s?|GBP\s?|JPY\s?|€|\$|¥|£|₩)?
            (?P<nums>[+\-−]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%)?(?:(?:\s?/\s?|[-–])[+\-−]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%)?)*)
            (?P<ord>st|nd|rd|th)?
            (?:\s?(?P<scale>(?i:trillion|billion|million|thousand)|tn|bn|mn|mln|b|m|k)\b)?
            (?:(?:\s|-)?(?P<unit>%|percentage\s+points?|percentile|percent|per\s+cent|pct\s+points?|ppts?|pp|bps|basis\s+points?|x\b|times\b|yuan|renminbi|RMB|CNY|dollars|US\s+dollars|USD|HKD|Hong\s+Kong\s+dollars|euros?|EUR|yen|JPY|pounds|GBP|won|rupees?|points?|pts))?",
        )
        .unwrap()
    });

    /// The regex's matches, in the scanner's form.
    fn by_regex(s: &str) -> Vec<Written<'_>> {
        fn part(m: regex::Match<'_>) -> Part<'_> {
            Part {
                start: m.start(),
                text: m.as_str(),
            }
        }
        NUM.captures_iter(s)
            .map(|c| Written {
                whole: part(c.get(0).unwrap()),
                pre: c.name("pre").map(part),
                nums: part(c.name("nums").unwrap()),
                ord: c.name("ord").map(part),
                scale: c.name("scale").map(part),
                unit: c.name("unit").map(part),
            })
            .collect()
    }

    #[test]
    fn numbers_as_news_writes_them() {
        for s in [
            "capex of US$345 billion, up 12.5% to RMB 300 million",
            "were +27%/-10% YoY, 246/27.5 billion yuan, 24,000-28,000 points",
            "rise 10%–15% next year; spot gold at USD2,950-3,650 per ounce",
            "the 42.4th percentile, 50 bps, 1.2 percentage points, 19.3x, 20.6 times",
            "a $5b deal, 5 percentage, 3 wonders, HK$ 400, ¥1,200, €1.7bn, 5 thouſand",
            "in 2025Q1 and Q3, the L2+ rate, 1,234, 5 , 6 / 7, −3 pts, 8 Hong Kong  dollars",
            "RMB  5, CNY5m, 7mln, 9 mn, 10-k, 11 k2, ٣٤ million, 5\u{a0}%, 6 /\u{2003}7",
            "5 bİllion, 5 bıllion, 5 BİLLİON, 7 THOUſAND, 8 Kn, 9 \u{212a}, 3 pointss, 4 point",
        ] {
            assert_eq!(matches(s).collect::<Vec<_>>(), by_regex(s), "{s}");
        }
        let w: Vec<&str> = matches("capex of US$345 billion, up 12.5%")
            .map(|w| w.whole.as_str())
            .collect();
        assert_eq!(w, ["US$345 billion", "12.5%"]);
    }

    proptest! {
        // texts made of the pieces the regex is about, so that most hold matches
        #[test]
        fn the_scanner_matches_the_regex(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "1", "23", "4,5", ",", ".", ".5", "%", " ", "  ", "\u{a0}", "/", "-", "–",
                "−", "+", "US$", "HK$", "S$", "NT$", "$", "€", "¥", "£", "₩", "RMB", "CNY ",
                "USD", "EUR", "bn", "billion", "BILLION", "Thouſand", "trillion", "mln",
                "mn", "m", "k", "b", "tn", "x", "times", "percent", "percentage", "percentile",
                "per cent", "pct  points", "ppts", "pp", "bps", "basis points", "point",
                "points", "pts", "Hong Kong dollars", "US dollars", "dollars", "euro", "euros",
                "yuan", "won", "wonder", "rupee", "st", "nd", "th", "rd", "a", "S", "U", "é",
                "٣", "_", "\u{301}", "Q", "x2",
            ]), 0..14)
        ) {
            let s = pieces.concat();
            prop_assert_eq!(matches(&s).collect::<Vec<_>>(), by_regex(&s), "{:?}", s);
        }
    }
}
