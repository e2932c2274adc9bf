//! Stock tickers in the forms news prints them, normalised to one spelling.

use regex::Regex;
use std::sync::LazyLock;

/// A ticker found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TickerHit {
    /// Byte span of the whole ticker expression (parentheses included).
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// The ticker as printed, without parentheses (`09988`, `NASDAQ: LI`, `9992.HK`).
    pub surface: String,
    /// Normalised (`9988.HK`, `LI`, `600519.SH`).
    pub normalized: String,
    /// Whether the ticker sat in parentheses right after a name.
    pub parenthesized: bool,
    /// Whether an exchange was written (so letters alone are surely a ticker).
    pub explicit: bool,
}

static PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\((?:(?P<ex>HK|HKEX|SEHK|NASDAQ|Nasdaq|NYSE|NYSE American|SH|SZ|SSE|SZSE|KRX|TSE|LSE|TWSE|OTC)\s*[:：]\s*)?(?P<code>[0-9]{4,6}|[A-Z]{1,5})(?:\.(?P<sfx>HK|SH|SZ|SS|O|N|OQ|US|KS|KQ|T|TW|L|AS|PA|DE))?(?:\s*[,;/][^)]{0,40})?\)",
    )
    .unwrap()
});

static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:(?P<hk>[0-9]{4,5})\.HK|(?P<cn>[0-9]{6})\.(?P<cnx>SH|SZ|SS)|(?P<cnp>SH|SZ)(?P<cn2>[0-9]{6})|(?P<us>[A-Z]{1,5})\.(?P<usx>O|N|OQ)|(?P<kr>[0-9]{6})\.(?P<krx>KS|KQ))\b",
    )
    .unwrap()
});

/// Whether `text` can hold a ticker of [`BARE`]: each of its forms has a suffix after
/// a dot (".HK", ".SH", ".O", ".N", ".KS") or a mainland prefix ("SH600519"), so a
/// sentence without ".H", ".S", ".O", ".N", ".K", "SH" or "SZ" has none (most have
/// none; a test checks the regex finds nothing in any text this rejects).
fn may_hold_bare(text: &str) -> bool {
    // (the bytes after each '.' and 'S', found by memchr, instead of every pair)
    let b = text.as_bytes();
    memchr::memchr2_iter(b'.', b'S', b).any(|i| {
        matches!(
            (b[i], b.get(i + 1)),
            (b'.', Some(b'H' | b'S' | b'O' | b'N' | b'K')) | (b'S', Some(b'H' | b'Z'))
        )
    })
}

/// Normalise a ticker: Hong Kong codes to four digits + `.HK`, mainland codes to six
/// digits + `.SH`/`.SZ`, US symbols bare.
pub(crate) fn normalize(code: &str, exchange: Option<&str>) -> String {
    let ex = exchange.map(|e| e.to_ascii_uppercase());
    let digits = code.chars().all(|c| c.is_ascii_digit());
    if !digits {
        return match ex.as_deref() {
            Some("L") | Some("AS") | Some("PA") | Some("DE") => format!("{code}.{}", ex.unwrap()),
            _ => code.to_string(),
        };
    }
    match ex.as_deref() {
        Some("HK" | "HKEX" | "SEHK") => hk(code),
        Some("SH" | "SS" | "SSE") => format!("{code}.SH"),
        Some("SZ" | "SZSE") => format!("{code}.SZ"),
        Some("KS" | "KRX") => format!("{code}.KS"),
        Some("KQ") => format!("{code}.KQ"),
        Some("T" | "TSE") => format!("{code}.T"),
        Some("TW" | "TWSE") => format!("{code}.TW"),
        _ if code.len() == 6 => {
            if code.starts_with('6') || code.starts_with("9") {
                format!("{code}.SH")
            } else {
                format!("{code}.SZ")
            }
        }
        _ => hk(code),
    }
}

fn hk(code: &str) -> String {
    let n: u32 = code.parse().unwrap_or(0);
    format!("{n:04}.HK")
}

/// Every ticker in a sentence.
pub(crate) fn find(text: &str) -> Vec<TickerHit> {
    let mut out = Vec::new();
    // (every match opens with '(': a text without one is not searched)
    let paren = memchr::memchr(b'(', text.as_bytes())
        .is_some()
        .then(|| PAREN.captures_iter(text));
    for c in paren.into_iter().flatten() {
        let m = c.get(0).unwrap();
        let code = &c["code"];
        let ex = c.name("sfx").or(c.name("ex")).map(|x| x.as_str());
        let inner = &text[m.start() + 1..m.end() - 1];
        let surface = inner
            .split([',', ';', '/'])
            .next()
            .unwrap_or(inner)
            .trim()
            .to_string();
        let digits = code.chars().all(|ch| ch.is_ascii_digit());
        if digits
            && (1900..=2100).contains(&code.parse::<u32>().unwrap_or(0))
            && code.len() == 4
            && ex.is_none()
        {
            continue; // a year in parentheses
        }
        out.push(TickerHit {
            start: m.start(),
            end: m.end(),
            surface,
            normalized: normalize(code, ex),
            parenthesized: true,
            explicit: ex.is_some() || digits,
        });
    }
    let bare = may_hold_bare(text).then(|| BARE.captures_iter(text));
    for c in bare.into_iter().flatten() {
        let m = c.get(0).unwrap();
        if out.iter().any(|h| h.start <= m.start() && m.end() <= h.end) {
            continue;
        }
        let normalized = if let Some(code) = c.name("hk") {
            hk(code.as_str())
        } else if let Some(code) = c.name("cn") {
            normalize(code.as_str(), Some(&c["cnx"]))
        } else if let Some(code) = c.name("cn2") {
            normalize(code.as_str(), Some(&c["cnp"]))
        } else if let Some(code) = c.name("us") {
            code.as_str().to_string()
        } else {
            normalize(&c["kr"], Some(&c["krx"]))
        };
        out.push(TickerHit {
            start: m.start(),
            end: m.end(),
            surface: m.as_str().to_string(),
            normalized,
            parenthesized: false,
            explicit: true,
        });
    }
    out.sort_by_key(|h| h.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_form_normalises() {
        let cases = [
            ("Tencent (00700) rose", "0700.HK"),
            ("Alibaba (09988.HK)", "9988.HK"),
            ("shares of 9988.HK", "9988.HK"),
            ("0700.HK closed", "0700.HK"),
            ("Li Auto (NASDAQ: LI)", "LI"),
            ("Nvidia (NVDA.O)", "NVDA"),
            ("NVDA.O rose", "NVDA"),
            ("Moutai (600519.SH)", "600519.SH"),
            ("SH600519 rose", "600519.SH"),
            ("CATL (300750.SZ)", "300750.SZ"),
            ("Zhongji Innolight (300308)", "300308.SZ"),
            ("Samsung (005930.KS)", "005930.KS"),
        ];
        for (text, want) in cases {
            let hits = find(text);
            assert_eq!(hits.len(), 1, "{text}: {hits:?}");
            assert_eq!(hits[0].normalized, want, "{text}");
        }
    }

    proptest::proptest! {
        // texts made of pieces of tickers, so that many hold one
        #[test]
        fn a_text_without_a_bare_ticker_mark_has_no_bare_ticker(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "0700", "600519", "12345", "1", ".", "HK", "SH", "SZ", "SS", "S", "H", "Z",
                "O", "N", "OQ", "K", "KS", "KQ", "Q", "NVDA", " ", "-", "é", "a", "(", "x.",
            ]), 0..12)
        ) {
            let s = pieces.concat();
            proptest::prop_assert!(may_hold_bare(&s) || BARE.find(&s).is_none(), "{:?}", s);
        }
    }

    #[test]
    fn the_bare_ticker_marks_cover_every_form() {
        for text in [
            "0700.HK",
            "600519.SH",
            "300750.SZ",
            "600519.SS",
            "SH600519",
            "SZ000001",
            "NVDA.O",
            "BABA.N",
            "BIDU.OQ",
            "005930.KS",
            "035720.KQ",
        ] {
            assert!(BARE.is_match(text) && may_hold_bare(text), "{text}");
        }
        assert!(!may_hold_bare("Shares rose 3.5% in Shanghai."));
    }

    #[test]
    fn years_and_acronyms_are_not_tickers_by_themselves() {
        assert!(find("in the first half (2025) of the year").is_empty());
        let hits = find("Cloud Service Provider (CSP) makers");
        assert!(hits.iter().all(|h| !h.explicit));
    }
}
