//! `finkg query` and `finkg ask`: Cypher over the graph file.

use super::output::{FormatArg, OutputFormat, Rows};
use super::{GraphArg, SchemaArg};
use anyhow::Result;
use finkg::graph::GraphStore;
use finkg::query::{Engine, Params, QueryError, QueryResult, Question, RevisionFilter, Value};
use finkg::Schema;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::io::Write;
use std::path::Path;

/// Widest table cell before it is cut.
const CELL: usize = 60;

/// Arguments of `finkg query`.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// The query.
    #[arg(value_name = "CYPHER")]
    pub cypher: String,
    /// A value for `$NAME` in the query (repeatable); JSON values are read
    /// as JSON (`3`, `true`, `["a"]`), anything else as a string.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, Value)>,
    #[command(flatten)]
    pub confidence: super::MinConfidenceArg,
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub format: FormatArg,
}

impl QueryArgs {
    /// Run the query and print its rows.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        let schema = schema.load()?;
        let params: Params = self.params.iter().cloned().collect();
        let (graph, format) = (&self.graph.graph, self.format.format);
        let at = (graph.as_path(), self.confidence);
        query(&schema, at, &self.cypher, &params, format, out)
    }
}

/// Arguments of `finkg ask`.
#[derive(Debug, clap::Args)]
pub struct AskArgs {
    #[command(subcommand)]
    pub question: AskQuestion,
}

/// The questions of `finkg ask`.
#[derive(Debug, clap::Subcommand)]
pub enum AskQuestion {
    /// Which brokers forecast which companies.
    Forecasts {
        #[command(flatten)]
        options: AskOptions,
    },
    /// Who forecasts ENTITY (name, alias, ticker or id).
    WhoForecasts {
        /// The entity.
        entity: String,
        #[command(flatten)]
        options: AskOptions,
    },
    /// What ENTITY outperforms, and what outperforms it.
    Outperforms {
        /// The entity.
        entity: String,
        #[command(flatten)]
        options: AskOptions,
    },
    /// Who invests in what, with the money amounts tied to each investor.
    Invests {
        #[command(flatten)]
        options: AskOptions,
    },
    /// Ratings and targets given to ENTITY.
    Ratings {
        /// The entity.
        entity: String,
        #[command(flatten)]
        options: AskOptions,
    },
    /// The metrics of ENTITY, by period.
    Metrics {
        /// The entity.
        entity: String,
        #[command(flatten)]
        options: AskOptions,
    },
    /// Each broker's latest rating and target on COMPANY (or index), with its
    /// date, what it changed from and the analyst; then the consensus: brokers,
    /// rating distribution, mean/median/high/low target per currency and the
    /// implied upside against the latest price the graph holds.
    Targets {
        /// The company or index (name, alias, ticker or id).
        company: String,
        #[command(flatten)]
        options: AskOptions,
    },
    /// Every initiation, upgrade, downgrade and target change, newest first.
    Revisions {
        /// Only from this date on (YYYY-MM-DD, included).
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        since: Option<String>,
        /// Only up to this date (YYYY-MM-DD, included).
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        until: Option<String>,
        /// Only this broker (name, alias, ticker or id).
        #[arg(long, value_name = "BROKER")]
        broker: Option<String>,
        /// Only this company or index.
        #[arg(long, value_name = "COMPANY")]
        company: Option<String>,
        #[command(flatten)]
        options: AskOptions,
    },
}

/// A date flag, read as `finkg` reads dates everywhere (ISO, RFC 2822, month
/// names), kept as `YYYY-MM-DD`.
fn parse_day(s: &str) -> std::result::Result<String, String> {
    finkg::text::parse_date(s).ok_or_else(|| format!("`{s}` is not a date (write YYYY-MM-DD)"))
}

/// Options every question takes.
#[derive(Debug, clap::Args)]
pub struct AskOptions {
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub confidence: super::MinConfidenceArg,
    #[command(flatten)]
    pub format: FormatArg,
    /// Print the Cypher query instead of running it.
    #[arg(long)]
    pub cypher: bool,
}

impl AskQuestion {
    /// The library's question, and the options it was asked with (`None`
    /// for the questions answered from action histories, not by one query).
    pub fn question(&self) -> Option<(Question, &AskOptions)> {
        Some(match self {
            AskQuestion::Forecasts { options } => (Question::Forecasts, options),
            AskQuestion::WhoForecasts { entity, options } => {
                (Question::WhoForecasts(entity.clone()), options)
            }
            AskQuestion::Outperforms { entity, options } => {
                (Question::Outperforms(entity.clone()), options)
            }
            AskQuestion::Invests { options } => (Question::Invests, options),
            AskQuestion::Ratings { entity, options } => {
                (Question::Ratings(entity.clone()), options)
            }
            AskQuestion::Metrics { entity, options } => {
                (Question::Metrics(entity.clone()), options)
            }
            AskQuestion::Targets { .. } | AskQuestion::Revisions { .. } => return None,
        })
    }
}

impl AskArgs {
    /// Ask the question, or print its Cypher.
    pub fn run(&self, schema: &SchemaArg, out: &mut dyn Write) -> Result<()> {
        match &self.question {
            AskQuestion::Targets { company, options } => {
                return targets(company, options, out);
            }
            AskQuestion::Revisions {
                since,
                until,
                broker,
                company,
                options,
            } => {
                let filter = RevisionFilter {
                    since: since.clone(),
                    until: until.clone(),
                    broker: broker.clone(),
                    company: company.clone(),
                };
                return revisions(&filter, options, out);
            }
            _ => {}
        }
        let Some((question, o)) = self.question.question() else {
            unreachable!("every other question is a query");
        };
        if o.cypher {
            writeln!(out, "{}", question.cypher())?;
            return Ok(());
        }
        ask(
            &schema.load()?,
            (&o.graph.graph, o.confidence),
            &question,
            o.format.format,
            out,
        )
    }
}

/// Run a query on a graph file and print the rows (CSV and JSON as they
/// are found; a table once all are in, to size its columns).
fn query(
    schema: &Schema,
    (graph, confidence): (&Path, super::MinConfidenceArg),
    text: &str,
    params: &Params,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    // A malformed query is reported before the graph is read.
    finkg::query::check_syntax(text)?;
    let store = open_store_with(graph, confidence)?;
    let mut engine = Engine::on_store(&store).with_ontology(&schema.ontology);
    for (name, value) in params {
        engine = engine.param(name, value.clone());
    }
    if format == OutputFormat::Table {
        let result = engine.run(text)?;
        return print(&result, format, out);
    }
    let out = std::io::BufWriter::with_capacity(1 << 16, out);
    if format == OutputFormat::Json {
        stream_json(&engine, text, out)?;
    } else {
        stream_csv(&engine, text, out)?;
    }
    // The process ends after printing: freeing a big store would only add time.
    std::mem::forget(store);
    Ok(())
}

/// Run a query and write its rows as a JSON array as they are found.
fn stream_json(engine: &Engine<'_>, text: &str, mut out: impl Write) -> Result<()> {
    let mut failed: Option<std::io::Error> = None;
    let mut first = true;
    engine.run_each(text, &mut |columns, row| {
        let sep = if first { "[\n" } else { ",\n" };
        first = false;
        let written = write!(out, "{sep}").and_then(|()| {
            let row = JsonRow {
                columns,
                values: &row,
            };
            serde_json::to_writer_pretty(&mut out, &row).map_err(std::io::Error::other)
        });
        match written {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    writeln!(out, "{}", if first { "[]" } else { "\n]" })?;
    out.flush()?;
    Ok(())
}

/// Run a query and write its rows as CSV (the csv crate, CRLF, a null as
/// an empty field) as they are found; the header comes first, even with no
/// rows.
fn stream_csv(engine: &Engine<'_>, text: &str, out: impl Write) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let mut failed: Option<csv::Error> = None;
    let mut first = true;
    let columns = engine.run_each(text, &mut |columns, row| {
        let header = if first {
            w.write_record(columns)
        } else {
            Ok(())
        };
        first = false;
        let fields = row.iter().map(|v| match v {
            Value::Null => String::new(),
            v => v.to_string(),
        });
        match header.and_then(|()| w.write_record(fields)) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(std::io::Error::from(e).into());
    }
    if first {
        w.write_record(&columns).map_err(std::io::Error::from)?;
    }
    w.flush()?;
    Ok(())
}

/// The query store of a graph file: mapped from a binary snapshot, or
/// built from the graph (RON, JSON or an older snapshot).
pub fn open_store(graph: &Path) -> Result<GraphStore> {
    if let Some(store) = GraphStore::open(graph)? {
        return Ok(store);
    }
    let g = super::load_existing_graph(graph)?;
    let store = GraphStore::build(&g);
    std::mem::forget(g);
    Ok(store)
}

/// The query store of a graph file with the facts below a confidence left
/// out (built from the filtered graph), or [`open_store`] when no
/// confidence is asked for.
fn open_store_with(graph: &Path, confidence: super::MinConfidenceArg) -> Result<GraphStore> {
    if confidence.min_confidence.is_none() {
        return open_store(graph);
    }
    let g = confidence.load(graph)?;
    Ok(GraphStore::build(&g))
}

/// Ask a ready-made question.
fn ask(
    schema: &Schema,
    (graph, confidence): (&Path, super::MinConfidenceArg),
    question: &Question,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let store = open_store_with(graph, confidence)?;
    let result = question
        .ask(Engine::on_store(&store).with_ontology(&schema.ontology))
        .map_err(finkg::Error::from)?;
    print(&result, format, out)
}

/// The Cypher that lists the dated actions on the `rates` and `forecasts`
/// edges (what `ask targets` and `ask revisions` read; `--cypher` prints it).
const ACTIONS_CYPHER: &str = "MATCH (b)-[r]->(c)\n\
     WHERE r.kind IN ['rates', 'forecasts'] AND r.history IS NOT NULL\n\
     RETURN b.name AS broker, c.name AS company, r.kind AS relation, r.rating AS rating,\n       \
     r.previous_rating AS previous_rating, r.target AS target, r.previous_target AS previous_target,\n       \
     r.unit AS unit, r.date AS date, r.analyst AS analyst, r.history AS history\n\
     ORDER BY company, broker, relation";

/// `finkg ask targets COMPANY`: the brokers' views, then the consensus (as
/// lines under a table; in JSON one object; in CSV the brokers' rows).
fn targets(company: &str, o: &AskOptions, out: &mut dyn Write) -> Result<()> {
    if o.cypher {
        writeln!(out, "{ACTIONS_CYPHER}")?;
        return Ok(());
    }
    let g = o.confidence.load(&o.graph.graph)?;
    let answer = finkg::query::targets(&g, company)?;
    match o.format.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &answer)?;
            writeln!(out)?;
        }
        OutputFormat::Csv => print(&answer.brokers_result(), OutputFormat::Csv, out)?,
        OutputFormat::Table => {
            writeln!(out, "{}", answer.company)?;
            if answer.brokers.is_empty() {
                writeln!(out, "(no broker's rating or target in the graph)")?;
                return Ok(());
            }
            let mut rows = Rows::new(&["BROKER", "RATING", "TARGET", "CHANGE", "DATE", "ANALYST"]);
            for b in &answer.brokers {
                let rating = match (&b.rating, &b.previous_rating) {
                    (Some(r), Some(p)) => format!("{r} (from {p})"),
                    (Some(r), None) => r.clone(),
                    _ => "—".into(),
                };
                let target = match b.target {
                    Some(t) => {
                        let mut s = format!("{} {}", number(t), b.unit.as_deref().unwrap_or(""));
                        if let Some(p) = b.previous_target {
                            s.push_str(&format!(" (from {})", number(p)));
                        }
                        s.trim().to_string()
                    }
                    None => "—".into(),
                };
                rows.push(vec![
                    b.broker.clone(),
                    rating,
                    target,
                    b.change.clone(),
                    b.date.clone().unwrap_or_else(|| "—".into()),
                    b.analyst.clone().unwrap_or_default(),
                ]);
            }
            write!(out, "{}", rows.table(CELL))?;
            writeln!(out)?;
            for l in answer.consensus_lines() {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}

/// A number as written in answers: no needless `.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// `finkg ask revisions`: one row per change, newest first.
fn revisions(f: &RevisionFilter, o: &AskOptions, out: &mut dyn Write) -> Result<()> {
    if o.cypher {
        writeln!(out, "{ACTIONS_CYPHER}")?;
        return Ok(());
    }
    let g = o.confidence.load(&o.graph.graph)?;
    let revs = finkg::query::revisions(&g, f)?;
    let result = finkg::query::revisions_result(&revs);
    if revs.is_empty() && o.format.format == OutputFormat::Table {
        writeln!(out, "(no revision)")?;
        return Ok(());
    }
    print(&result, o.format.format, out)
}

/// Print a result as a table, JSON (an array of objects, keys in column
/// order) or CSV.
pub fn print(result: &QueryResult, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    match format {
        OutputFormat::Json => {
            let rows: Vec<JsonRow<'_>> = result
                .rows
                .iter()
                .map(|values| JsonRow {
                    columns: &result.columns,
                    values,
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
        OutputFormat::Table | OutputFormat::Csv => {
            let header: Vec<&str> = result.columns.iter().map(String::as_str).collect();
            let mut rows = Rows::new(&header);
            for r in &result.rows {
                rows.push(
                    r.iter()
                        .map(|v| match (v, format) {
                            (Value::Null, OutputFormat::Csv) => String::new(),
                            (v, _) => v.to_string(),
                        })
                        .collect(),
                );
            }
            if format == OutputFormat::Csv {
                out.write_all(rows.csv().as_bytes())?;
            } else {
                out.write_all(rows.table(CELL).as_bytes())?;
                if rows.is_empty() {
                    writeln!(out, "(no rows)")?;
                }
            }
        }
    }
    Ok(())
}

struct JsonRow<'a> {
    columns: &'a [String],
    values: &'a [Value],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.columns.len()))?;
        for (c, v) in self.columns.iter().zip(self.values) {
            m.serialize_entry(c, v)?;
        }
        m.end()
    }
}

/// `NAME=VALUE` of `--param`: the value is read as JSON when it is a JSON
/// number, boolean, null, string or list, and as a plain string otherwise.
pub fn parse_param(s: &str) -> Result<(String, Value), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: a parameter is NAME=VALUE"))?;
    let name = name.trim().trim_start_matches('$');
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(format!("`{name}` is not a parameter name"));
    }
    let value = match serde_json::from_str::<serde_json::Value>(value.trim()) {
        Ok(v) => {
            json_value(&v).ok_or_else(|| format!("`{value}`: objects cannot be parameters"))?
        }
        Err(_) => Value::String(value.to_string()),
    };
    Ok((name.to_string(), value))
}

fn json_value(v: &serde_json::Value) -> Option<Value> {
    Some(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64()?),
        },
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => {
            Value::List(items.iter().map(json_value).collect::<Option<_>>()?)
        }
        serde_json::Value::Object(_) => return None,
    })
}

/// The query error in an error chain, if any: its caret snippet goes under
/// the one-line message.
pub fn query_error(err: &anyhow::Error) -> Option<&QueryError> {
    err.chain().find_map(|c| {
        c.downcast_ref::<QueryError>()
            .or_else(|| match c.downcast_ref::<finkg::Error>() {
                Some(finkg::Error::Query(q)) => Some(q),
                _ => None,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_read_json_or_text() {
        let table = [
            (
                "id=company:alibaba",
                ("id", Value::String("company:alibaba".into())),
            ),
            ("$n=3", ("n", Value::Int(3))),
            ("x=2.5", ("x", Value::Float(2.5))),
            ("b=true", ("b", Value::Bool(true))),
            ("s=\"3\"", ("s", Value::String("3".into()))),
            (
                "l=[1, \"a\"]",
                (
                    "l",
                    Value::List(vec![Value::Int(1), Value::String("a".into())]),
                ),
            ),
            ("e=", ("e", Value::String(String::new()))),
        ];
        for (arg, (name, value)) in table {
            assert_eq!(
                parse_param(arg).unwrap(),
                (name.to_string(), value),
                "{arg}"
            );
        }
        assert!(parse_param("novalue").is_err());
        assert!(parse_param("a b=1").is_err());
        assert!(parse_param("o={\"a\": 1}").is_err());
    }

    #[test]
    fn results_print_in_three_formats() {
        let r = QueryResult {
            columns: vec!["name".into(), "n".into()],
            rows: vec![
                vec!["Alibaba".into(), Value::Int(2)],
                vec!["Tencent, Inc.".into(), Value::Null],
            ],
        };
        let text = |f| {
            let mut buf = Vec::new();
            print(&r, f, &mut buf).unwrap();
            String::from_utf8(buf).unwrap()
        };
        assert_eq!(
            text(OutputFormat::Table),
            "name           n\nAlibaba        2\nTencent, Inc.  null\n"
        );
        assert_eq!(
            text(OutputFormat::Csv),
            "name,n\r\nAlibaba,2\r\n\"Tencent, Inc.\",\r\n"
        );
        let json: serde_json::Value = serde_json::from_str(&text(OutputFormat::Json)).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"name": "Alibaba", "n": 2}, {"name": "Tencent, Inc.", "n": null}])
        );
        // Keys keep the column order.
        assert!(text(OutputFormat::Json).find("\"name\"") < text(OutputFormat::Json).find("\"n\""));
        let empty = QueryResult {
            columns: vec!["x".into()],
            rows: vec![],
        };
        let mut buf = Vec::new();
        print(&empty, OutputFormat::Table, &mut buf).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "x\n(no rows)\n");
    }
}
