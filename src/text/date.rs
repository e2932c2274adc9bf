//! Dates: what a user gives (a manifest, a feed, front matter) read into ISO
//! `YYYY-MM-DD`, and the date a document prints for itself.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use regex::Regex;
use std::sync::LazyLock;

/// A date written in running text: ISO, "January 23, 2026", "Jan. 23,
/// 2026", "23 January 2026".
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
    Regex::new(&format!(
        r"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|(?P<m1>{month})\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{month})\s+(?P<y2>\d{{4}}))\b"
    ))
    .unwrap()
});

/// The month of a month name or its abbreviation (`Jan`, `Sept.`).
fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| n.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// An ISO date of a real day of the calendar, else `None`.
fn iso(y: i32, m: u32, d: u32) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

/// The first full date written in the text, as `YYYY-MM-DD` (a day that
/// does not exist, such as 2025-02-30, is no date).
pub fn find_date(text: &str) -> Option<String> {
    // every form has a year of four digits: an ASCII text without four digits in a
    // row has none (most lines; `\d` also matches other scripts' digits, so a text
    // beyond ASCII is searched)
    let mut digits = 0;
    let year = text.bytes().any(|b| {
        digits = if b.is_ascii_digit() { digits + 1 } else { 0 };
        digits == 4
    });
    if !year && text.is_ascii() {
        return None;
    }
    for c in DATE.captures_iter(text) {
        let found = if let Some(s) = c.name("iso") {
            NaiveDate::parse_from_str(s.as_str(), "%Y-%m-%d")
                .ok()
                .map(|d| d.format("%Y-%m-%d").to_string())
        } else {
            let (m, d, y) = match (c.name("m1"), c.name("m2")) {
                (Some(m), _) => (m, &c["d1"], &c["y1"]),
                (None, Some(m)) => (m, &c["d2"], &c["y2"]),
                _ => continue,
            };
            month_number(m.as_str()).and_then(|m| iso(y.parse().ok()?, m, d.parse().ok()?))
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// A date as a user or a feed writes it, as `YYYY-MM-DD`: ISO dates and
/// date-times (`2026-01-23`, `2026-01-23T08:30:00Z`, `2026-01-23 08:30`),
/// RFC 2822 (`Fri, 23 Jan 2026 08:30:00 +0000`, as RSS feeds write it),
/// `2026/01/23`, `23.01.2026`, and month names (`January 23, 2026`,
/// `23 Jan 2026`). A date-time keeps the day written in its own time zone.
/// `None` for anything else, and for days that do not exist.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.format("%Y-%m-%d").to_string());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.format("%Y-%m-%d").to_string());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            return Some(dt.format("%Y-%m-%d").to_string());
        }
    }
    for f in ["%Y/%m/%d", "%d.%m.%Y", "%Y.%m.%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    // a written date that is the whole string ("January 23, 2026")
    DATE.find(s)
        .filter(|m| m.start() == 0 && m.end() == s.len())
        .and_then(|_| find_date(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_iso_and_written_dates() {
        assert_eq!(
            find_date("As of December 24, 2025, the index"),
            Some("2025-12-24".into())
        );
        assert_eq!(find_date("on 2026-01-05 it"), Some("2026-01-05".into()));
        assert_eq!(find_date("no date here 2025"), None);
        assert_eq!(
            find_date("Published Jan. 23, 2026"),
            Some("2026-01-23".into())
        );
        assert_eq!(find_date("on 3 March 2025 the"), Some("2025-03-03".into()));
        assert_eq!(
            find_date("on 2025-02-30 (a typo), then on Sept 1 2025"),
            Some("2025-09-01".into()),
            "a day that does not exist is skipped"
        );
    }

    #[test]
    fn user_dates_in_many_formats() {
        for (s, want) in [
            ("2026-01-23", Some("2026-01-23")),
            (" 2026-01-23 ", Some("2026-01-23")),
            ("2026-01-23T08:30:00Z", Some("2026-01-23")),
            ("2026-01-23T23:30:00-05:00", Some("2026-01-23")),
            ("2026-01-23T08:30:00.123", Some("2026-01-23")),
            ("2026-01-23 08:30", Some("2026-01-23")),
            ("Fri, 23 Jan 2026 08:30:00 +0000", Some("2026-01-23")),
            ("2026/01/23", Some("2026-01-23")),
            ("23.01.2026", Some("2026-01-23")),
            ("January 23, 2026", Some("2026-01-23")),
            ("23 Jan 2026", Some("2026-01-23")),
            ("20260123", Some("2026-01-23")),
            ("2026-02-30", None),
            ("yesterday", None),
            ("", None),
            ("Published January 23, 2026 by X", None),
        ] {
            assert_eq!(parse_date(s).as_deref(), want, "{s:?}");
        }
    }
}
