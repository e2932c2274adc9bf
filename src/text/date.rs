//! The date a document gives for itself, when it prints one.

use regex::Regex;
use std::sync::LazyLock;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(\d{4})-(\d{2})-(\d{2})|(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),\s+(\d{4}))\b").unwrap()
});

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The first full date written in the text, as `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    let c = DATE.captures(text)?;
    if let Some(y) = c.get(1) {
        return Some(format!("{}-{}-{}", y.as_str(), &c[2], &c[3]));
    }
    let month = MONTHS.iter().position(|m| *m == &c[4])? + 1;
    let day: u32 = c[5].parse().ok()?;
    Some(format!("{}-{month:02}-{day:02}", &c[6]))
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
    }
}
