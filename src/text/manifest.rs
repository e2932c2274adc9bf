//! A manifest: the publication date, publisher and address of documents,
//! by path, as a CSV file or JSON Lines (`finkg ingest --manifest FILE`).

use super::date::parse_date;
use super::{Metadata, TextError};
use serde_json::Value;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Documents' metadata by path. A CSV manifest has a header row naming its
/// columns: `path` (required; also `file`), `date` (or `published`),
/// `publisher` (or `source`), `url` (or `link`), `title`; other columns are
/// ignored. A JSON Lines manifest has one object per line with the same
/// keys. A path is matched against a document's path by its last components
/// (`200_x.txt` matches `docs/200_x.txt`; the longest match wins).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    entries: Vec<(PathBuf, Metadata)>,
    /// The entries by the last component of their path, in file order: a
    /// path can only end with an entry's path if its last component is the
    /// same, so reading and looking up stay linear in the number of entries.
    by_last: HashMap<OsString, Vec<usize>>,
}

/// The last component of a path (empty for a path without one).
fn last_component(p: &Path) -> OsString {
    p.components()
        .next_back()
        .map(|c| c.as_os_str().to_os_string())
        .unwrap_or_default()
}

/// Column or key names for each field, first found wins.
const PATH_KEYS: &[&str] = &["path", "file", "filename", "document"];
const DATE_KEYS: &[&str] = &["date", "published", "published_at", "pubdate"];
const PUBLISHER_KEYS: &[&str] = &["publisher", "source", "site"];
const URL_KEYS: &[&str] = &["url", "link", "address"];
const TITLE_KEYS: &[&str] = &["title", "headline"];

impl Manifest {
    /// Read a manifest file: JSON Lines when its name ends in `.jsonl` or
    /// `.json` (or its first non-blank character is `{`), else CSV. Errors
    /// name the file and the line.
    pub fn read(path: &Path) -> Result<Manifest, TextError> {
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
        let jsonl = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("jsonl") || x.eq_ignore_ascii_case("json"))
            || text.trim_start().starts_with('{');
        if jsonl {
            Manifest::from_jsonl(&text, path)
        } else {
            Manifest::from_csv(&text, path)
        }
    }

    /// Parse a CSV manifest; `origin` names the file in errors.
    pub fn from_csv(text: &str, origin: &Path) -> Result<Manifest, TextError> {
        let invalid = |line: usize, message: String| TextError::Invalid {
            path: origin.to_path_buf(),
            line,
            message,
        };
        let mut rd = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header: Vec<String> = rd
            .headers()
            .map_err(|e| invalid(1, e.to_string()))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let col = |keys: &[&str]| keys.iter().find_map(|k| header.iter().position(|h| h == k));
        let path_col = col(PATH_KEYS).ok_or_else(|| {
            invalid(
                1,
                format!(
                    "no `path` column (the header row names {})",
                    header.join(", ")
                ),
            )
        })?;
        let (date, publisher, url, title) = (
            col(DATE_KEYS),
            col(PUBLISHER_KEYS),
            col(URL_KEYS),
            col(TITLE_KEYS),
        );
        let mut m = Manifest::default();
        for row in rd.records() {
            let row = row.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                invalid(line, e.to_string())
            })?;
            let line = row.position().map_or(0, |p| p.line() as usize);
            let get = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let Some(path) = get(Some(path_col)) else {
                if row.iter().all(str::is_empty) {
                    continue;
                }
                return Err(invalid(line, "a row without a path".into()));
            };
            let meta = Metadata {
                date: date_of(get(date), line, &invalid)?,
                publisher: get(publisher),
                url: get(url),
                title: get(title),
            };
            m.push(path, meta, line, &invalid)?;
        }
        Ok(m)
    }

    /// Parse a JSON Lines manifest; `origin` names the file in errors.
    pub fn from_jsonl(text: &str, origin: &Path) -> Result<Manifest, TextError> {
        let invalid = |line: usize, message: String| TextError::Invalid {
            path: origin.to_path_buf(),
            line,
            message,
        };
        let mut m = Manifest::default();
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
                        Some(other) => {
                            return Err(invalid(line, format!("`{k}` is {other}, not a string")))
                        }
                    }
                }
                Ok(None)
            };
            let Some(path) = get(PATH_KEYS)? else {
                return Err(invalid(line, "no `path`".into()));
            };
            let meta = Metadata {
                date: date_of(get(DATE_KEYS)?, line, &invalid)?,
                publisher: get(PUBLISHER_KEYS)?,
                url: get(URL_KEYS)?,
                title: get(TITLE_KEYS)?,
            };
            m.push(path, meta, line, &invalid)?;
        }
        Ok(m)
    }

    fn push(
        &mut self,
        path: String,
        meta: Metadata,
        line: usize,
        invalid: &dyn Fn(usize, String) -> TextError,
    ) -> Result<(), TextError> {
        let p = PathBuf::from(path.replace('\\', "/"));
        let same_end = self.by_last.entry(last_component(&p)).or_default();
        if same_end.iter().any(|&i| self.entries[i].0 == p) {
            return Err(invalid(line, format!("`{path}` is listed twice")));
        }
        same_end.push(self.entries.len());
        self.entries.push((p, meta));
        Ok(())
    }

    /// Number of documents listed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no document is listed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The metadata of the document at `path`: the entry whose path is the
    /// longest run of `path`'s last components.
    pub fn lookup(&self, path: &Path) -> Option<&Metadata> {
        self.by_last
            .get(&last_component(path))?
            .iter()
            .map(|&i| &self.entries[i])
            .filter(|(p, _)| path.ends_with(p))
            .max_by_key(|(p, _)| p.components().count())
            .map(|(_, m)| m)
    }

    /// Every listed path with its metadata, in file order.
    pub fn entries(&self) -> impl Iterator<Item = (&Path, &Metadata)> {
        self.entries.iter().map(|(p, m)| (p.as_path(), m))
    }
}

/// A date field read as ISO, or an error naming the line.
fn date_of(
    v: Option<String>,
    line: usize,
    invalid: &dyn Fn(usize, String) -> TextError,
) -> Result<Option<String>, TextError> {
    match v {
        None => Ok(None),
        Some(s) => parse_date(&s)
            .map(Some)
            .ok_or_else(|| invalid(line, format!("`{s}` is not a date (write YYYY-MM-DD)"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_extra_columns_and_paths_by_their_end() {
        let text = "path,date,date_estimated,publisher,url\n\
                    200_a.txt,2026-01-29,yes,\"GMT Eight (gmt8press.com), relaying \"\"X\"\"\",https://e.com/1\n\
                    docs/201_b.txt,2025-09-25,no,,\n\
                    \n\
                    201_b.txt,,no,Other,\n";
        let m = Manifest::from_csv(text, Path::new("m.csv")).unwrap();
        assert_eq!(m.len(), 3);
        let a = m.lookup(Path::new("/x/dev/docs/200_a.txt")).unwrap();
        assert_eq!(a.date.as_deref(), Some("2026-01-29"));
        assert_eq!(
            a.publisher.as_deref(),
            Some("GMT Eight (gmt8press.com), relaying \"X\"")
        );
        assert_eq!(a.url.as_deref(), Some("https://e.com/1"));
        // the longer match wins; an empty field is none
        let b = m.lookup(Path::new("dev/docs/201_b.txt")).unwrap();
        assert_eq!(b.date.as_deref(), Some("2025-09-25"));
        assert_eq!(b.publisher, None);
        let b2 = m.lookup(Path::new("other/201_b.txt")).unwrap();
        assert_eq!(b2.publisher.as_deref(), Some("Other"));
        assert!(m.lookup(Path::new("dev/docs/x200_a.txt")).is_none());
    }

    #[test]
    fn many_entries_with_one_file_name_find_the_longest_match() {
        let mut text = String::from("path,publisher\n");
        for i in 0..2000 {
            text.push_str(&format!("d{i}/x.txt,P{i}\nd{i}/y{i}.txt,Q{i}\n"));
        }
        text.push_str("x.txt,any\nsub/d7/x.txt,deep\n");
        let m = Manifest::from_csv(&text, Path::new("m.csv")).unwrap();
        assert_eq!(m.len(), 4002);
        let publisher = |p: &str| m.lookup(Path::new(p)).and_then(|x| x.publisher.clone());
        assert_eq!(publisher("a/d1999/x.txt").as_deref(), Some("P1999"));
        assert_eq!(publisher("a/d1999/y1999.txt").as_deref(), Some("Q1999"));
        assert_eq!(publisher("a/sub/d7/x.txt").as_deref(), Some("deep"));
        assert_eq!(publisher("elsewhere/x.txt").as_deref(), Some("any"));
        assert_eq!(publisher("d5/y6.txt"), None);
        // the same path written another way is listed twice
        let err = Manifest::from_csv("path\na/b.txt\nc.txt\na//b.txt\n", Path::new("m.csv"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("m.csv:4: `a//b.txt` is listed twice"),
            "{err}"
        );
    }

    #[test]
    fn jsonl_manifest() {
        let text = "{\"path\": \"a.txt\", \"published\": \"2026-01-23T10:00:00Z\", \"source\": \"Reuters\"}\n\n\
                    {\"file\": \"b.md\", \"date\": null, \"link\": \"https://e.com/b\"}\n";
        let m = Manifest::from_jsonl(text, Path::new("m.jsonl")).unwrap();
        let a = m.lookup(Path::new("a.txt")).unwrap();
        assert_eq!(a.date.as_deref(), Some("2026-01-23"));
        assert_eq!(a.publisher.as_deref(), Some("Reuters"));
        assert_eq!(
            m.lookup(Path::new("b.md")).unwrap().url.as_deref(),
            Some("https://e.com/b")
        );
    }

    #[test]
    fn bad_manifests_name_the_file_and_line() {
        for (text, want) in [
            (
                "file_name,date\na.txt,2026-01-01\n",
                "m.csv:1: no `path` column",
            ),
            (
                "path,date\na.txt,2026-13-01\n",
                "m.csv:2: `2026-13-01` is not a date",
            ),
            (
                "path,date\na.txt,2026-01-01\na.txt,2026-01-02\n",
                "m.csv:3: `a.txt` is listed twice",
            ),
            ("path,date\n,2026-01-01\n", "m.csv:2: a row without a path"),
        ] {
            let err = Manifest::from_csv(text, Path::new("m.csv"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{err}");
        }
        for (text, want) in [
            ("{\"path\": \"a\"}\n{oops\n", "m.jsonl:2: column 2"),
            ("[1]\n", "m.jsonl:1: not a JSON object"),
            ("{\"date\": \"2026-01-01\"}\n", "m.jsonl:1: no `path`"),
            ("{\"path\": 5}\n", "m.jsonl:1: `path` is 5, not a string"),
        ] {
            let err = Manifest::from_jsonl(text, Path::new("m.jsonl"))
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(want), "{err}");
        }
    }
}
