//! Rendering lists as an aligned table, CSV or JSON.

use std::fmt;
use std::str::FromStr;

/// How `entities` and `relations` print their rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for reading.
    Table,
    /// A JSON array of objects, every field in full.
    Json,
    /// Comma-separated values with a header row.
    Csv,
}

impl OutputFormat {
    const ALL: [OutputFormat; 3] = [OutputFormat::Table, OutputFormat::Json, OutputFormat::Csv];

    fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Json => "json",
            OutputFormat::Csv => "csv",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        OutputFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown output format `{s}` (known: table, json, csv)"))
    }
}

/// `--format` of the commands that print rows.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// Rows of cells with a header, rendered as a table or CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Rows {
    /// An empty list with these column names.
    pub fn new(header: &[&str]) -> Rows {
        Rows {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Add a row (as many cells as columns).
    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.header.len());
        self.rows.push(row);
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Aligned columns separated by two spaces (a borderless comfy-table);
    /// cells on one line, long ones cut.
    pub fn table(&self, max_width: usize) -> String {
        use comfy_table::{presets::NOTHING, Cell, ContentArrangement, Table};
        let cell = |s: &String| Cell::new(clip(&one_line(s), max_width));
        let mut t = Table::new();
        t.load_style(NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(self.header.iter().map(cell));
        for r in &self.rows {
            t.add_row(r.iter().map(cell));
        }
        let last = self.header.len().saturating_sub(1);
        for (i, c) in t.column_iter_mut().enumerate() {
            c.set_padding((0, if i == last { 0 } else { 2 }));
        }
        let mut out = String::new();
        for line in t.lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// RFC 4180 CSV (the csv crate): fields with a comma, quote or line
    /// break are quoted; lines end in CRLF.
    pub fn csv(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for r in std::iter::once(&self.header).chain(&self.rows) {
            w.write_record(r).expect("writing to memory");
        }
        let bytes = w.into_inner().expect("writing to memory");
        String::from_utf8(bytes).expect("the fields are UTF-8")
    }
}

/// Line breaks and tabs as spaces, so a cell stays on its row.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, ending in `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The closing line of `ingest` and `remove`: what the saved graph holds.
pub fn graph_summary(
    out: &mut dyn std::io::Write,
    graph: &finkg::KnowledgeGraph,
) -> anyhow::Result<()> {
    let s = graph.summary();
    writeln!(
        out,
        "graph: {} documents, {} entities, {} relations, {} metrics",
        s.documents, s.entities, s.relations, s.metrics
    )?;
    Ok(())
}

/// `12 entities, 15 relations, 3 metrics`.
pub fn counts(g: &finkg::KnowledgeGraph) -> String {
    let s = g.summary();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(s.entities, "entity", "entities"),
        plural(s.relations, "relation", "relations"),
        plural(s.metrics, "metric", "metrics")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use finkg::KnowledgeGraph;

    fn rows() -> Rows {
        let mut r = Rows::new(&["NAME", "KIND"]);
        r.push(vec!["CITIC Securities".into(), "broker".into()]);
        r.push(vec!["Foo, \"Bar\"\nBaz".into(), "company".into()]);
        r
    }

    #[test]
    fn tables_align_columns_and_keep_rows_on_one_line() {
        assert_eq!(
            rows().table(80),
            "NAME              KIND\n\
             CITIC Securities  broker\n\
             Foo, \"Bar\" Baz    company\n"
        );
        assert_eq!(rows().table(6).lines().nth(1).unwrap(), "CITIC…  broker");
    }

    #[test]
    fn csv_quotes_what_it_must() {
        assert_eq!(
            rows().csv(),
            "NAME,KIND\r\nCITIC Securities,broker\r\n\"Foo, \"\"Bar\"\"\nBaz\",company\r\n"
        );
    }

    #[test]
    fn output_formats_parse() {
        for f in OutputFormat::ALL {
            assert_eq!(f.to_string().parse::<OutputFormat>().unwrap(), f);
        }
        assert!("xml".parse::<OutputFormat>().is_err());
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(
            counts(&KnowledgeGraph::new()),
            "0 entities, 0 relations, 0 metrics"
        );
    }
}
