//! Numbers as financial text writes them: currency, scale, unit, slash lists.

use super::number_scan;
use crate::model::Unit;

/// A number found in a sentence, with what was written around it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    /// Byte span in the sentence.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// Value with any scale folded in.
    pub value: f64,
    /// Unit, if one was written (a bare number has none).
    pub unit: Option<Unit>,
    /// A scale word was written (`billion`), so a bare number is an amount.
    pub scaled: bool,
    /// Position in a slash list (`19%/23%`), and the list's length.
    pub list: Option<(usize, usize)>,
    /// Whether a sign was written (`+27%`, `-10%`).
    pub signed: bool,
    /// Written with `¥`, which is yen or yuan depending on the market.
    pub yen_sign: bool,
    /// Written with a bare `$`, which is HK$ beside Hong Kong tickers.
    pub dollar_sign: bool,
}

/// The longest name of a scale, currency or unit below ("hong kong dollars") fits.
const NAME_BYTES: usize = 24;

/// `word` as the names below are written: in ASCII lower case, its words joined by one
/// space ("Per  Cent" is "per cent"), written into `buf` instead of a new string (a
/// sentence's every number is named). None when it is longer than any name.
fn name_of<'b>(word: &str, buf: &'b mut [u8; NAME_BYTES]) -> Option<&'b str> {
    let mut n = 0;
    for (i, w) in word.split_whitespace().enumerate() {
        let space = usize::from(i > 0);
        if n + space + w.len() > buf.len() {
            return None;
        }
        if space == 1 {
            buf[n] = b' ';
        }
        n += space;
        buf[n..n + w.len()].copy_from_slice(w.as_bytes());
        buf[n..n + w.len()].make_ascii_lowercase();
        n += w.len();
    }
    std::str::from_utf8(&buf[..n]).ok()
}

fn scale_of(word: &str) -> f64 {
    match name_of(word, &mut [0; NAME_BYTES]) {
        Some("trillion" | "tn") => 1e12,
        Some("billion" | "bn" | "b") => 1e9,
        Some("million" | "mn" | "mln" | "m") => 1e6,
        Some("thousand" | "k") => 1e3,
        _ => 1.0,
    }
}

fn currency(word: &str) -> Option<Unit> {
    let mut buf = [0; NAME_BYTES];
    Some(match name_of(word, &mut buf)? {
        "us$" | "$" | "usd" | "dollars" | "us dollars" => Unit::Usd,
        "hk$" | "hkd" | "hong kong dollars" => Unit::Hkd,
        "rmb" | "cny" | "yuan" | "renminbi" | "¥" => Unit::Cny,
        "€" | "eur" | "euro" | "euros" => Unit::Eur,
        "£" | "gbp" | "pounds" => Unit::Gbp,
        "jpy" | "yen" => Unit::Jpy,
        "s$" | "a$" | "c$" | "nt$" | "₩" | "won" | "rupee" | "rupees" => Unit::Money,
        _ => return None,
    })
}

fn unit_of(word: &str) -> Option<(Unit, f64)> {
    let mut buf = [0; NAME_BYTES];
    let w = name_of(word, &mut buf)?;
    Some(match w {
        "%" | "percent" | "per cent" | "percentile" => (Unit::Percent, 1.0),
        "percentage point" | "percentage points" | "pct point" | "pct points" | "ppt" | "ppts"
        | "pp" => (Unit::PctPoint, 1.0),
        "bps" | "basis point" | "basis points" => (Unit::PctPoint, 0.01),
        "x" | "times" => (Unit::Multiple, 1.0),
        "points" | "point" | "pts" => (Unit::Points, 1.0),
        _ => return currency(w).map(|u| (u, 1.0)),
    })
}

fn parse_num(s: &str) -> Option<(f64, bool)> {
    let s = s.trim().trim_end_matches('%').trim();
    let signed = s.starts_with(['+', '-', '−']);
    let negative = s.starts_with(['-', '−']);
    let unsigned = s.strip_prefix(['+', '-', '−']).unwrap_or(s);
    let kept = |c: char| c.is_ascii_digit() || c == '.';
    // the digits and points, read in place when nothing else is written ("12.5", "-3")
    let v: f64 = if unsigned.chars().all(kept) {
        unsigned.parse().ok()?
    } else {
        unsigned
            .chars()
            .filter(|&c| kept(c))
            .collect::<String>()
            .parse()
            .ok()?
    };
    Some((if negative { -v } else { v }, signed))
}

/// Round away binary noise from scaling (33.44 × 1e6 is 33439999.999999996).
fn tidy(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let magnitude = 10f64.powi(11 - x.abs().log10().floor() as i32);
    (x * magnitude).round() / magnitude
}

/// Split "a/b/c" and "a-b" (a range) into their items, keeping each item's text.
fn split_list(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        let after_digit = i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'%');
        if c == '/' || ((c == '-' || c == '–') && after_digit && i > start) {
            out.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&s[start..]);
    out
}

/// Whether a word is a reporting period's code: a quarter or a half ("Q1", "4Q", "H2",
/// "2H", "Q3FY26"), a fiscal year ("FY26", "FY2026"). Such a word names no entity
/// ("until the Q4 2025 to Q1 2026 period").
pub(crate) fn is_period_code(w: &str) -> bool {
    let w = w.as_bytes();
    let digits = |b: &[u8]| !b.is_empty() && b.iter().all(u8::is_ascii_digit);
    match w {
        [b'Q' | b'H', d, rest @ ..] | [d, b'Q' | b'H', rest @ ..] if d.is_ascii_digit() => {
            rest.is_empty() || rest.starts_with(b"FY") && digits(&rest[2..])
        }
        [b'F', b'Y', rest @ ..] => digits(rest) && matches!(rest.len(), 2 | 4),
        _ => false,
    }
}

/// Whether a word is a currency code a figure is written with ("RMB", "USD", "HKD"):
/// "its earlier RMB 4.60 estimate" names no model called "RMB 4.60".
pub(crate) fn is_currency_code(w: &str) -> bool {
    super::number_scan::currency_codes().any(|c| c == w)
}

/// Time units a number is joined to by a hyphen when it counts a duration.
const DURATION_UNITS: [&str; 8] = [
    "day", "week", "month", "quarter", "year", "hour", "minute", "session",
];

/// Whether the text after a number makes it a duration: "-month" in "12-month
/// target", "-week" in "52-week high", "-year" in "10-year yield" (plural too).
pub(crate) fn is_duration_after(after: &str) -> bool {
    let Some(rest) = after.strip_prefix('-') else {
        return false;
    };
    let word: &str = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let word = word.strip_suffix('s').unwrap_or(word);
    DURATION_UNITS.iter().any(|u| word.eq_ignore_ascii_case(u))
}

/// Every number of a sentence, with currency, scale and unit folded in.
pub(crate) fn find(s: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    for c in number_scan::matches(s) {
        let whole = c.get(0).unwrap();
        let nums = c.name("nums").unwrap();
        // digits glued to letters ("2025Q1", "Q3", "L2+", "K2.5") are not amounts
        let before = s[..whole.start()].chars().next_back();
        // … but "$66 billion-$72 billion" is a range: a currency opens the second end
        if before.is_some_and(|ch| {
            ch.is_alphanumeric()
                || ch == '.'
                || ch == '-'
                    && c.name("pre").is_none()
                    && nums.as_str().starts_with(|d: char| d.is_ascii_digit())
                    && s[..whole.start() - 1].ends_with(|p: char| p.is_alphanumeric())
        }) {
            continue;
        }
        let after_all = &s[whole.end()..];
        // a duration or a window is no amount: "its 12-month target", "a 52-week high"
        if is_duration_after(after_all) {
            continue;
        }
        if after_all.starts_with(|ch: char| ch.is_alphabetic())
            && c.name("unit").is_none()
            && c.name("scale").is_none()
            && c.name("ord").is_none()
        {
            continue;
        }
        let mut scale = c.name("scale").map_or(1.0, |m| scale_of(m.as_str()));
        // single-letter scales only count right after a currency ("$5b", "US$3.2m")
        if c.name("scale").is_some_and(|m| m.as_str().len() == 1) && c.name("pre").is_none() {
            if c.name("unit").is_none() {
                continue;
            }
            scale = 1.0;
        }
        let pre = c.name("pre").and_then(|m| currency(m.as_str()));
        let post = c.name("unit").and_then(|m| unit_of(m.as_str()));
        let ordinal = c.name("ord").is_some();
        if ordinal
            && !c
                .name("unit")
                .is_some_and(|u| u.as_str().eq_ignore_ascii_case("percentile"))
        {
            continue;
        }
        // "19%/23%" lists and "10%-15%" ranges; a sign after a slash stays a sign
        let parts: Vec<&str> = split_list(nums.as_str());
        let n = parts.len();
        let base = nums.as_str().as_ptr() as usize;
        for (i, p) in parts.iter().enumerate() {
            let offset = nums.start() + (p.as_ptr() as usize - base);
            let Some((v, signed)) = parse_num(p) else {
                continue;
            };
            let pct_here = p.trim().ends_with('%');
            let (unit, factor) = if pct_here {
                (Some(Unit::Percent), 1.0)
            } else if let Some((u, f)) = post {
                (Some(u), f)
            } else {
                (pre, 1.0)
            };
            let unit = if pre.is_some() && unit.is_some_and(|u| !u.is_money()) {
                unit
            } else {
                pre.or(unit)
            };
            let start = if i == 0 { whole.start() } else { offset };
            let end = if i + 1 == n {
                whole.end()
            } else {
                offset + p.len()
            };
            out.push(Quantity {
                start,
                end,
                value: tidy(v * scale * factor),
                unit,
                scaled: c.name("scale").is_some() && scale > 1.0,
                list: (n > 1).then_some((i, n)),
                signed,
                yen_sign: c.name("pre").is_some_and(|p| p.as_str() == "¥"),
                dollar_sign: c.name("pre").is_some_and(|p| p.as_str() == "$"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (f64, Option<Unit>) {
        let q = find(s);
        assert_eq!(q.len(), 1, "{s}: {q:?}");
        (q[0].value, q[0].unit)
    }

    #[test]
    fn currencies_scales_and_units() {
        assert_eq!(one("capex of US$345 billion"), (345e9, Some(Unit::Usd)));
        assert_eq!(one("a HK$400 target"), (400.0, Some(Unit::Hkd)));
        assert_eq!(one("raised €1.7 billion"), (1.7e9, Some(Unit::Eur)));
        assert_eq!(one("spent 27.5 billion yuan"), (27.5e9, Some(Unit::Cny)));
        assert_eq!(one("RMB 300 million"), (300e6, Some(Unit::Cny)));
        assert_eq!(one("PE of 19.3x"), (19.3, Some(Unit::Multiple)));
        assert_eq!(one("at 20.6 times earnings"), (20.6, Some(Unit::Multiple)));
        assert_eq!(one("up nearly 13 percent"), (13.0, Some(Unit::Percent)));
        assert_eq!(one("the 42.4th percentile"), (42.4, Some(Unit::Percent)));
        assert_eq!(one("widened 50 bps"), (0.5, Some(Unit::PctPoint)));
        assert_eq!(one("up 1.2 percentage points"), (1.2, Some(Unit::PctPoint)));
        assert_eq!(one("a $5b deal"), (5e9, Some(Unit::Usd)));
        assert_eq!(one("at 25,000 points"), (25000.0, Some(Unit::Points)));
        assert_eq!(one("sold 33.44 million units"), (33.44e6, None));
        assert_eq!(one("a ¥1,200 target"), (1200.0, Some(Unit::Cny)));
    }

    #[test]
    fn names_are_read_in_any_case_and_white_space() {
        // the copy the names were compared as before `name_of`
        fn joined(w: &str) -> String {
            w.to_ascii_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }
        for w in [
            "Per  Cent",
            "percentage\u{a0}points",
            "HONG KONG Dollars",
            " RMB ",
            "Thouſand",
            "¥",
            "",
            "hong kong dollars and a few more words",
        ] {
            match name_of(w, &mut [0; NAME_BYTES]) {
                Some(name) => assert_eq!(name, joined(w), "{w:?}"),
                None => assert!(joined(w).len() > NAME_BYTES, "{w:?}"),
            }
        }
        assert_eq!(unit_of("Per \u{a0}Cent"), Some((Unit::Percent, 1.0)));
        assert_eq!(unit_of("Hong  Kong DOLLARS"), Some((Unit::Hkd, 1.0)));
        assert_eq!(unit_of("Thouſand"), None);
        assert_eq!(currency("RMB "), Some(Unit::Cny));
        assert_eq!(scale_of("BILLION"), 1e9);
        assert_eq!(scale_of("bln"), 1.0);
    }

    #[test]
    fn numbers_are_read_with_signs_and_commas() {
        for (s, want) in [
            ("12.5", (12.5, false)),
            ("-3", (-3.0, true)),
            ("+1,234.5", (1234.5, true)),
            ("−0.75 %", (-0.75, true)),
            ("2,950", (2950.0, false)),
        ] {
            assert_eq!(parse_num(s), Some(want), "{s}");
        }
        assert_eq!(parse_num("-"), None);
    }

    #[test]
    fn slash_lists_share_the_last_unit() {
        let q = find("were +27%/-10% YoY");
        assert_eq!(q.iter().map(|x| x.value).collect::<Vec<_>>(), [27.0, -10.0]);
        assert!(q.iter().all(|x| x.unit == Some(Unit::Percent) && x.signed));
        let q = find("invested 246/27.5 billion yuan");
        assert_eq!(
            q.iter().map(|x| x.value).collect::<Vec<_>>(),
            [246e9, 27.5e9]
        );
        assert_eq!(q[1].list, Some((1, 2)));
    }

    #[test]
    fn ranges_give_both_ends() {
        let q = find("a range of 24,000-28,000 points");
        assert_eq!(
            q.iter().map(|x| x.value).collect::<Vec<_>>(),
            [24000.0, 28000.0]
        );
        assert!(q.iter().all(|x| x.unit == Some(Unit::Points)));
        let q = find("rise 10%–15% next year");
        assert_eq!(
            q.iter().map(|x| (x.value, x.signed)).collect::<Vec<_>>(),
            [(10.0, false), (15.0, false)]
        );
        let q = find("spot gold at USD2,950-3,650 per ounce");
        assert_eq!(
            q.iter().map(|x| x.value).collect::<Vec<_>>(),
            [2950.0, 3650.0]
        );
        assert!(q.iter().all(|x| x.unit == Some(Unit::Usd)));
    }

    #[test]
    fn codes_and_quarters_are_skipped() {
        assert!(find("in 2025Q1 and Q3").is_empty());
        assert!(find("the L2+ rate").is_empty());
    }

    #[test]
    fn currency_codes_are_known() {
        for w in ["RMB", "USD", "HKD", "CNY", "EUR"] {
            assert!(is_currency_code(w), "{w}");
        }
        for w in ["HK$", "$", "RM", "Rmb", "HSBC"] {
            assert!(!is_currency_code(w), "{w}");
        }
    }

    #[test]
    fn period_codes_are_known() {
        for w in ["Q1", "Q4", "4Q", "H2", "2H", "FY26", "FY2026", "Q3FY26"] {
            assert!(is_period_code(w), "{w}");
        }
        for w in ["QQQ", "H100", "Q", "FY", "FY202", "HSBC", "Q1X", "K2"] {
            assert!(!is_period_code(w), "{w}");
        }
    }

    #[test]
    fn durations_are_skipped() {
        for s in [
            "its 12-month target",
            "a 52-week high",
            "the 10-year yield",
            "a 3-day rally",
        ] {
            assert!(find(s).is_empty(), "{s}");
        }
        // a range or an amount next to a hyphen stays
        assert_eq!(find("a 12-15% gain").len(), 2);
        assert_eq!(find("up 12% - the most this month").len(), 1);
    }
}
