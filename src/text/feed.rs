//! A news feed as JSON Lines: one article per line, `{"id", "title",
//! "text", "published", "source", "url"}` (`finkg ingest feed.jsonl`).

use super::date::parse_date;
use super::{Metadata, TextError};
use serde_json::Value;
use std::path::Path;

/// One article of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The article's id in the feed (its line number when it has none).
    pub id: String,
    /// A file name for the article: its id with anything but letters,
    /// digits, `-`, `_` and `.` made `_`, and `.txt`.
    pub name: String,
    /// The text extracted from: the title, a blank line, the body.
    pub text: String,
    /// Date (`published`), publisher (`source`), address (`url`), title.
    pub meta: Metadata,
    /// Line of the feed file, from 1.
    pub line: usize,
}

/// Whether a path names a feed: `.jsonl` or `.ndjson`.
pub fn is_feed(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("jsonl") || x.eq_ignore_ascii_case("ndjson"))
}

/// Read a feed file (see [`parse_feed`]).
pub fn read_feed(path: &Path) -> Result<Vec<FeedItem>, TextError> {
    let bytes = std::fs::read(path).map_err(|source| TextError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        TextError::Utf8 {
            at: crate::FilePosition::of_offset(path, e.as_bytes(), offset),
        }
    })?;
    parse_feed(&text, path)
}

/// The articles of a feed: one JSON object per non-blank line with a
/// non-empty `text` (or `content`/`body`); `title`, `published` (or `date`),
/// `source` (or `publisher`), `url` (or `link`) and `id` are optional. An
/// error names the file and line: a line that is not an object, a missing
/// text, a field of the wrong type, a date that cannot be read, an id used
/// twice. `origin` names the file.
pub fn parse_feed(text: &str, origin: &Path) -> Result<Vec<FeedItem>, TextError> {
    let invalid = |line: usize, message: String| TextError::Invalid {
        path: origin.to_path_buf(),
        line,
        message,
    };
    let mut out: Vec<FeedItem> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let line = i + 1;
        if l.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(l)
            .map_err(|e| invalid(line, format!("column {}: {e}", e.column())))?;
        let Value::Object(o) = v else {
            return Err(invalid(line, "not a JSON object".into()));
        };
        let get = |keys: &[&str]| -> Result<Option<String>, TextError> {
            for k in keys {
                match o.get(*k) {
                    None | Some(Value::Null) => continue,
                    Some(Value::String(s)) if s.trim().is_empty() => continue,
                    Some(Value::String(s)) => return Ok(Some(s.trim().to_string())),
                    Some(Value::Number(n)) if *k == "id" => return Ok(Some(n.to_string())),
                    Some(_) => return Err(invalid(line, format!("`{k}` is not a string"))),
                }
            }
            Ok(None)
        };
        let body =
            get(&["text", "content", "body"])?.ok_or_else(|| invalid(line, "no `text`".into()))?;
        let title = get(&["title", "headline"])?;
        let date = match get(&["published", "date", "published_at", "pubDate"])? {
            None => None,
            Some(s) => Some(
                parse_date(&s)
                    .ok_or_else(|| invalid(line, format!("`published` `{s}` is not a date")))?,
            ),
        };
        let id = get(&["id", "guid"])?.unwrap_or_else(|| format!("line{line}"));
        if out.iter().any(|x| x.id == id) {
            return Err(invalid(line, format!("id `{id}` is used twice")));
        }
        let safe: String = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .take(120)
            .collect();
        let text = match &title {
            Some(t) => format!("{t}\n\n{body}\n"),
            None => format!("{body}\n"),
        };
        out.push(FeedItem {
            name: format!("{safe}.txt"),
            id,
            text,
            meta: Metadata {
                date,
                publisher: get(&["source", "publisher"])?,
                url: get(&["url", "link"])?,
                title,
            },
            line,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_gives_articles_with_their_metadata() {
        let feed = concat!(
            r#"{"id": "tv-1", "title": "Jefferies cuts Li Auto", "text": "Jefferies cut Li Auto to Hold.", "published": "2026-01-23T09:12:00Z", "source": "TradeVae", "url": "https://e.com/1"}"#,
            "\n\n",
            r#"{"id": 7, "text": "Body only.", "published": null}"#,
            "\n",
            r#"{"text": "No id, a path-like title.", "title": "a/b"}"#,
            "\n"
        );
        let items = parse_feed(feed, Path::new("f.jsonl")).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].name, "tv-1.txt");
        assert_eq!(
            items[0].text,
            "Jefferies cuts Li Auto\n\nJefferies cut Li Auto to Hold.\n"
        );
        assert_eq!(items[0].meta.date.as_deref(), Some("2026-01-23"));
        assert_eq!(items[0].meta.publisher.as_deref(), Some("TradeVae"));
        assert_eq!(items[1].id, "7");
        assert_eq!(items[1].meta.date, None);
        assert_eq!((items[2].id.as_str(), items[2].line), ("line4", 4));
        assert!(is_feed(Path::new("x/feed.JSONL")) && !is_feed(Path::new("a.txt")));
    }

    #[test]
    fn bad_lines_are_errors_naming_file_and_line() {
        for (feed, want) in [
            ("{\"text\": \"a\"}\nnot json\n", "f.jsonl:2: column 2"),
            ("{\"title\": \"t\"}\n", "f.jsonl:1: no `text`"),
            ("{\"text\": 5}\n", "f.jsonl:1: `text` is not a string"),
            (
                "{\"text\": \"a\", \"published\": \"soon\"}\n",
                "f.jsonl:1: `published` `soon` is not a date",
            ),
            (
                "{\"id\": \"x\", \"text\": \"a\"}\n{\"id\": \"x\", \"text\": \"b\"}\n",
                "f.jsonl:2: id `x` is used twice",
            ),
            ("[]\n", "f.jsonl:1: not a JSON object"),
        ] {
            let err = parse_feed(feed, Path::new("f.jsonl"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{err}");
        }
    }
}
