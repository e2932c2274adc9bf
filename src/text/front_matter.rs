//! Document metadata the user gives: publication date, publisher, address
//! and title, from a front-matter block at the top of a `.md` or `.txt`
//! file (or from a manifest or a feed, see [`Manifest`](super::Manifest) and
//! [`read_feed`](super::read_feed)).

use super::date::parse_date;

/// What is known about a document besides its text. Every field is
/// optional; a date is ISO `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Publisher (`Reuters`, `GMT Eight`).
    pub publisher: Option<String>,
    /// Original address.
    pub url: Option<String>,
    /// Title.
    pub title: Option<String>,
}

impl Metadata {
    /// Fields of `self`, or of `other` where `self` has none.
    pub fn or(self, other: Metadata) -> Metadata {
        Metadata {
            date: self.date.or(other.date),
            publisher: self.publisher.or(other.publisher),
            url: self.url.or(other.url),
            title: self.title.or(other.title),
        }
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self == &Metadata::default()
    }
}

/// A front-matter block: its metadata and how many lines it takes (the
/// fences included), which are no text of the article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// What the block gives.
    pub meta: Metadata,
    /// Lines from the top of the file that the block takes.
    pub lines: usize,
}

/// Keys that give the date, the publisher, the address and the title.
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "pubdate",
    "publish_date",
    "published_at",
    "time",
];
const PUBLISHER_KEYS: &[&str] = &["publisher", "source", "site", "outlet"];
const URL_KEYS: &[&str] = &["url", "link", "source_url", "canonical"];
const TITLE_KEYS: &[&str] = &["title", "headline"];

/// The front matter at the top of a text: lines between a `---` line and
/// the next `---` (YAML style, `key: value`) or between `+++` lines (TOML
/// style, `key = "value"`), before any other text (blank lines and a
/// byte-order mark allowed before it). Unknown keys are ignored; a value
/// may be quoted. `None` when the text does not open with such a block, or
/// the block is not closed within its first 60 lines.
pub fn front_matter(text: &str) -> Option<FrontMatter> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i, l.trim_end_matches('\r')));
    let (open_at, fence) = loop {
        let (i, l) = lines.next()?;
        match l.trim() {
            "" => continue,
            "---" => break (i, "---"),
            "+++" => break (i, "+++"),
            _ => return None,
        }
    };
    let mut meta = Metadata::default();
    for (i, l) in lines {
        if i > open_at + 60 {
            return None;
        }
        if l.trim() == fence {
            return Some(FrontMatter { meta, lines: i + 1 });
        }
        let sep = if fence == "---" { ':' } else { '=' };
        let Some((k, v)) = l.split_once(sep) else {
            continue;
        };
        let key = k.trim().to_ascii_lowercase();
        let value = unquote(v.trim());
        if value.is_empty() {
            continue;
        }
        if DATE_KEYS.contains(&key.as_str()) {
            meta.date = meta.date.or_else(|| parse_date(value));
        } else if PUBLISHER_KEYS.contains(&key.as_str()) {
            meta.publisher.get_or_insert_with(|| value.to_string());
        } else if URL_KEYS.contains(&key.as_str()) {
            meta.url.get_or_insert_with(|| value.to_string());
        } else if TITLE_KEYS.contains(&key.as_str()) {
            meta.title.get_or_insert_with(|| value.to_string());
        }
    }
    None
}

/// A value without its surrounding quotes.
fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_blocks() {
        let text = "---\ntitle: \"Jefferies cuts Li Auto\"\ndate: 2026-01-23T09:00:00Z\n\
                    source: TradeVae\nurl: https://example.com/a?b=1\ntags: [autos]\n---\n\
                    Jefferies cut Li Auto to Hold.\n";
        let fm = front_matter(text).unwrap();
        assert_eq!(fm.lines, 7);
        assert_eq!(fm.meta.date.as_deref(), Some("2026-01-23"));
        assert_eq!(fm.meta.publisher.as_deref(), Some("TradeVae"));
        assert_eq!(fm.meta.url.as_deref(), Some("https://example.com/a?b=1"));
        assert_eq!(fm.meta.title.as_deref(), Some("Jefferies cuts Li Auto"));
        let toml = "\u{feff}\n+++\npublished = '2025-11-06'\npublisher = \"Electric Vehicles\"\n+++\nBody.";
        let fm = front_matter(toml).unwrap();
        assert_eq!(fm.lines, 5);
        assert_eq!(fm.meta.date.as_deref(), Some("2025-11-06"));
        assert_eq!(fm.meta.publisher.as_deref(), Some("Electric Vehicles"));
    }

    #[test]
    fn no_block_unclosed_or_bad_date() {
        assert_eq!(front_matter("Title\n---\ndate: 2026-01-01\n---\n"), None);
        assert_eq!(front_matter("---\ndate: 2026-01-01\nno end"), None);
        let fm = front_matter("---\ndate: someday\n---\ntext").unwrap();
        assert_eq!(
            fm.meta,
            Metadata::default(),
            "an unreadable date is no date"
        );
        assert_eq!(fm.lines, 3);
        // a horizontal rule further down is no front matter
        assert_eq!(front_matter("Intro.\n\n---\n\nMore."), None);
    }

    #[test]
    fn given_fields_win_over_others() {
        let given = Metadata {
            date: Some("2026-01-23".into()),
            ..Metadata::default()
        };
        let found = Metadata {
            date: Some("2025-01-01".into()),
            publisher: Some("X".into()),
            ..Metadata::default()
        };
        let m = given.or(found);
        assert_eq!(m.date.as_deref(), Some("2026-01-23"));
        assert_eq!(m.publisher.as_deref(), Some("X"));
        assert!(Metadata::default().is_empty() && !m.is_empty());
    }
}
