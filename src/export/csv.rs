//! The graph as CSV files, nodes and relationships, with the scripts that
//! load them into Kùzu and Neo4j.
//!
//! - `nodes_<label>.csv`: one file per node label, a header row, then one row
//!   per node with the columns of [`ENTITY_PROPERTIES`] or [`METRIC_PROPERTIES`];
//! - `rels_<type>_<from>_<to>.csv`: one file per relationship type and pair
//!   of end labels: `from` and `to` (node ids), then the relationship columns;
//! - `load_kuzu.cypher`: the Kùzu schema (as `--format cypher` declares it)
//!   and `COPY … FROM` statements, to run in the folder of the files;
//! - `load_neo4j.cypher`: uniqueness constraints and `LOAD CSV` statements
//!   for Neo4j (batched with `CALL (row) { … } IN TRANSACTIONS`, relationships
//!   found by two lookups of `id`), with the files in its import folder;
//! - `neo4j_nodes_<label>.csv` and `neo4j_rels_<type>_<from>_<to>.csv`: the
//!   same tables for `neo4j-admin database import`, with its typed headers
//!   (`id:ID`, `:START_ID`, `:END_ID`, `mentions:long`, `aliases:string[]`)
//!   and its nulls (an empty field);
//! - `import_neo4j.sh`: the `neo4j-admin database import full` command that
//!   reads them, and `constraints_neo4j.cypher`, the constraints to create
//!   after it.
//!
//! Fields follow RFC 4180, written by the `csv` crate (quoted when they hold
//! a comma, quote or line break; lines end in `\n`). A null is written `\N`
//! (an empty field in the `neo4j_` files, where an empty string is no value
//! too); a list is its items joined by `|`, so an alias or ticker holding
//! `|` cannot be written (an error names it).
//!
//! [`ENTITY_PROPERTIES`]: crate::query::ENTITY_PROPERTIES
//! [`METRIC_PROPERTIES`]: crate::query::METRIC_PROPERTIES

use super::cypher::{kuzu_schema, neo4j_constraints};
use super::tables::{file_part, ident, node_columns, string_literal, Tables};
use super::ExportError;
use crate::graph::KnowledgeGraph;
use crate::query::{PropType, Value};
use crate::schema::Ontology;
use std::collections::BTreeMap;
use std::io;

/// How a null is written.
pub const CSV_NULL: &str = "\\N";

/// The separator of list items.
pub const CSV_LIST_SEPARATOR: char = '|';

/// One file of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFile {
    /// File name, without a folder.
    pub name: String,
    /// Contents.
    pub contents: Vec<u8>,
}

/// Writes the graph as CSV files and loading scripts (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvExporter<'a> {
    ontology: Option<&'a Ontology>,
}

impl<'a> CsvExporter<'a> {
    /// Tables for the labels and types of the graph.
    pub fn new() -> CsvExporter<'a> {
        CsvExporter::default()
    }

    /// Also declare the labels and types of an ontology in the Kùzu schema.
    pub fn with_ontology(mut self, ontology: &'a Ontology) -> CsvExporter<'a> {
        self.ontology = Some(ontology);
        self
    }

    /// The files: node tables, relationship tables, then the two scripts.
    pub fn files(&self, g: &KnowledgeGraph) -> Result<Vec<CsvFile>, ExportError> {
        let t = Tables::new(g, self.ontology);
        let mut out = Vec::new();
        let mut kuzu: Vec<String> = kuzu_schema(&t);
        let mut neo4j: Vec<String> = neo4j_constraints(&t);
        let mut admin_files: Vec<CsvFile> = Vec::new();
        let mut admin_args: Vec<String> = Vec::new();
        let options = |extra: &str| {
            format!(
                "(header=true, parallel=false, null_strings=[{}]{extra})",
                string_literal(CSV_NULL)
            )
        };

        let mut by_label: BTreeMap<&str, Vec<&[Value]>> = BTreeMap::new();
        for n in &t.nodes {
            by_label
                .entry(n.label.as_str())
                .or_default()
                .push(&n.values);
        }
        for (label, rows) in by_label {
            let columns = node_columns(label);
            let name = format!("nodes_{}.csv", file_part(label));
            let mut w = writer();
            w.write_record(columns.iter().map(|(c, _)| *c))
                .map_err(csv_error)?;
            let admin_name = format!("neo4j_{name}");
            let mut admin = writer();
            admin
                .write_record(columns.iter().map(|(c, ty)| admin_header(c, *ty)))
                .map_err(csv_error)?;
            for values in rows {
                w.write_record(row_fields(values, label, CSV_NULL)?)
                    .map_err(csv_error)?;
                admin
                    .write_record(row_fields(values, label, "")?)
                    .map_err(csv_error)?;
            }
            out.push(CsvFile {
                name: name.clone(),
                contents: finish(w)?,
            });
            admin_args.push(format!("--nodes={label}={admin_name}"));
            admin_files.push(CsvFile {
                name: admin_name,
                contents: finish(admin)?,
            });
            let read_as_text = columns
                .iter()
                .any(|(_, ty)| matches!(ty, PropType::StringList | PropType::Float));
            if read_as_text {
                // Lists are read as text and split; numbers (a confidence
                // may be null) as text and cast: Kùzu reads no null into a DOUBLE.
                let typed: Vec<String> = columns
                    .iter()
                    .map(|(c, ty)| {
                        let ty = if matches!(ty, PropType::StringList | PropType::Float) {
                            "STRING"
                        } else {
                            ty.kuzu()
                        };
                        format!("{} {ty}", ident(c))
                    })
                    .collect();
                let values: Vec<String> = columns
                    .iter()
                    .map(|(c, ty)| {
                        if *ty == PropType::StringList {
                            format!(
                                "CASE WHEN {c} = '' THEN CAST([] AS STRING[]) ELSE string_split({c}, {sep}) END",
                                c = ident(c),
                                sep = string_literal(&CSV_LIST_SEPARATOR.to_string())
                            )
                        } else if *ty == PropType::Float {
                            format!("CAST({} AS DOUBLE)", ident(c))
                        } else {
                            ident(c)
                        }
                    })
                    .collect();
                kuzu.push(format!(
                    "COPY {} FROM (LOAD WITH HEADERS ({}) FROM {} {} RETURN {})",
                    ident(label),
                    typed.join(", "),
                    string_literal(&name),
                    options(""),
                    values.join(", ")
                ));
            } else {
                kuzu.push(format!(
                    "COPY {} FROM {} {}",
                    ident(label),
                    string_literal(&name),
                    options("")
                ));
            }
            let props: Vec<String> = columns
                .iter()
                .map(|(c, ty)| format!("{}: {}", ident(c), neo4j_value(c, *ty)))
                .collect();
            neo4j.push(format!(
                "LOAD CSV WITH HEADERS FROM {} AS row CALL (row) {{ CREATE (:{} {{{}}}) }} {NEO4J_BATCH}",
                string_literal(&format!("file:///{name}")),
                ident(label),
                props.join(", ")
            ));
        }

        let columns = t.catalog.relationship_properties();
        let mut by_table: BTreeMap<(&str, &str, &str), Vec<&super::tables::RelRow>> =
            BTreeMap::new();
        for r in &t.rels {
            by_table
                .entry((r.kind.as_str(), r.from_label.as_str(), r.to_label.as_str()))
                .or_default()
                .push(r);
        }
        for ((kind, from, to), rows) in by_table {
            let name = format!(
                "rels_{}_{}_{}.csv",
                file_part(kind),
                file_part(from),
                file_part(to)
            );
            let mut w = writer();
            let header = ["from", "to"]
                .into_iter()
                .chain(columns.iter().map(|(c, _)| *c));
            w.write_record(header).map_err(csv_error)?;
            let admin_name = format!("neo4j_{name}");
            let mut admin = writer();
            admin
                .write_record(
                    [":START_ID".to_string(), ":END_ID".to_string()]
                        .into_iter()
                        .chain(columns.iter().map(|(c, ty)| admin_header(c, *ty))),
                )
                .map_err(csv_error)?;
            for r in rows {
                let ends = [r.from.clone(), r.to.clone()];
                let fields = row_fields(&r.values, kind, CSV_NULL)?;
                w.write_record(ends.iter().chain(&fields))
                    .map_err(csv_error)?;
                let fields = row_fields(&r.values, kind, "")?;
                admin
                    .write_record(ends.iter().chain(&fields))
                    .map_err(csv_error)?;
            }
            out.push(CsvFile {
                name: name.clone(),
                contents: finish(w)?,
            });
            admin_args.push(format!("--relationships={kind}={admin_name}"));
            admin_files.push(CsvFile {
                name: admin_name,
                contents: finish(admin)?,
            });
            let ends = format!("(from={}, to={})", string_literal(from), string_literal(to));
            if columns.iter().any(|(_, ty)| *ty == PropType::Float) {
                // Kùzu reads no null string into a DOUBLE column: numbers are
                // read as text and cast (a null stays null)
                let typed: Vec<String> = ["from", "to"]
                    .iter()
                    .map(|c| format!("{} STRING", ident(c)))
                    .chain(columns.iter().map(|(c, ty)| {
                        let ty = if *ty == PropType::Float {
                            "STRING"
                        } else {
                            ty.kuzu()
                        };
                        format!("{} {ty}", ident(c))
                    }))
                    .collect();
                let values: Vec<String> = ["from", "to"]
                    .iter()
                    .map(|c| ident(c))
                    .chain(columns.iter().map(|(c, ty)| {
                        if *ty == PropType::Float {
                            format!("CAST({} AS DOUBLE)", ident(c))
                        } else {
                            ident(c)
                        }
                    }))
                    .collect();
                kuzu.push(format!(
                    "COPY {} FROM (LOAD WITH HEADERS ({}) FROM {} {} RETURN {}) {ends}",
                    ident(kind),
                    typed.join(", "),
                    string_literal(&name),
                    options(""),
                    values.join(", ")
                ));
            } else {
                kuzu.push(format!(
                    "COPY {} FROM {} {}",
                    ident(kind),
                    string_literal(&name),
                    options(&format!(
                        ", from={}, to={}",
                        string_literal(from),
                        string_literal(to)
                    ))
                ));
            }
            let props: Vec<String> = columns
                .iter()
                .map(|(c, ty)| format!("{}: {}", ident(c), neo4j_value(c, *ty)))
                .collect();
            neo4j.push(format!(
                "LOAD CSV WITH HEADERS FROM {} AS row CALL (row) {{ \
                 MATCH (a:{} {{`id`: row.`from`}}) MATCH (b:{} {{`id`: row.`to`}}) \
                 CREATE (a)-[:{} {{{}}}]->(b) }} {NEO4J_BATCH}",
                string_literal(&format!("file:///{name}")),
                ident(from),
                ident(to),
                ident(kind),
                props.join(", ")
            ));
        }

        let script = |head: &str, stmts: Vec<String>| {
            let mut s = format!("{head}\n");
            for st in stmts {
                s.push_str(&st);
                s.push_str(";\n");
            }
            s.into_bytes()
        };
        out.push(CsvFile {
            name: "load_kuzu.cypher".into(),
            contents: script(
                "// Load the finkg CSV export into Kùzu; run in the folder of the files.",
                kuzu,
            ),
        });
        out.push(CsvFile {
            name: "load_neo4j.cypher".into(),
            contents: script(
                "// Load the finkg CSV export into Neo4j (5.23 or later); the files go in its import folder.",
                neo4j,
            ),
        });
        out.extend(admin_files);
        out.push(CsvFile {
            name: "import_neo4j.sh".into(),
            contents: import_script(&admin_args).into_bytes(),
        });
        out.push(CsvFile {
            name: "constraints_neo4j.cypher".into(),
            contents: script(
                "// After import_neo4j.sh: the uniqueness constraints of the graph's ids.",
                neo4j_constraints(&t),
            ),
        });
        Ok(out)
    }
}

/// How `load_neo4j.cypher` commits: in batches, so that a large file is not
/// one transaction held in memory.
const NEO4J_BATCH: &str = "IN TRANSACTIONS OF 10000 ROWS";

/// A column of a `neo4j-admin database import` header: its name and type.
fn admin_header(column: &str, ty: PropType) -> String {
    match (column, ty) {
        ("id", _) => "id:ID".to_string(),
        (c, PropType::String) => c.to_string(),
        (c, PropType::Int) => format!("{c}:long"),
        (c, PropType::Float) => format!("{c}:double"),
        (c, PropType::StringList) => format!("{c}:string[]"),
    }
}

/// `import_neo4j.sh`: the `neo4j-admin database import full` command that
/// reads the `neo4j_` files, each argument in single quotes.
fn import_script(args: &[String]) -> String {
    let quote = |a: &str| format!("'{}'", a.replace('\'', r"'\''"));
    let mut s = String::from(
        r#"#!/bin/sh
# Import the finkg CSV export into a new Neo4j database (Neo4j 5) with
# neo4j-admin, the fastest way in. Stop Neo4j (or name a database that does
# not exist yet), run this in the folder of the files:
#   sh import_neo4j.sh [DATABASE [more neo4j-admin options, e.g. --overwrite-destination]]
# (DATABASE defaults to neo4j), start Neo4j, then create the constraints:
#   cypher-shell -d DATABASE -f constraints_neo4j.cypher
# An empty list or string is left out (neo4j-admin reads an empty field as no value).
set -e
database=${1:-neo4j}
if [ $# -gt 0 ]; then shift; fi
neo4j-admin database import full "$@" \
  --array-delimiter='|' --multiline-fields=true"#,
    );
    for a in args {
        s.push_str(" \\\n  ");
        s.push_str(&quote(a));
    }
    s.push_str(" \\\n  \"$database\"\n");
    s
}

/// How Neo4j's `LOAD CSV` turns a field back into a value.
fn neo4j_value(column: &str, ty: PropType) -> String {
    let field = format!("row.{}", ident(column));
    let text = format!(
        "CASE {field} WHEN {} THEN null ELSE {field} END",
        string_literal(CSV_NULL)
    );
    match ty {
        PropType::String => text,
        PropType::Int => format!("toInteger({text})"),
        PropType::Float => format!("toFloat({text})"),
        PropType::StringList => format!(
            "CASE coalesce({field}, '') WHEN '' THEN [] ELSE split({field}, {}) END",
            string_literal(&CSV_LIST_SEPARATOR.to_string())
        ),
    }
}

/// The fields of a row: a null as `null` ([`CSV_NULL`], or empty for
/// `neo4j-admin`), a list joined by [`CSV_LIST_SEPARATOR`] (an item holding
/// it, or empty, is an error).
fn row_fields(values: &[Value], table: &str, null: &str) -> Result<Vec<String>, ExportError> {
    let mut fields = Vec::with_capacity(values.len());
    for v in values {
        fields.push(match v {
            Value::Null => null.to_string(),
            Value::List(items) => {
                let mut parts = Vec::new();
                for i in items {
                    let s = i.to_string();
                    if s.contains(CSV_LIST_SEPARATOR) || s.is_empty() {
                        return Err(ExportError::Io(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!(
                                "the list item `{s}` in table `{table}` is empty or holds `{CSV_LIST_SEPARATOR}`, \
                                 the list separator of the CSV export; use --format cypher"
                            ),
                        )));
                    }
                    parts.push(s);
                }
                parts.join(&CSV_LIST_SEPARATOR.to_string())
            }
            other => other.to_string(),
        });
    }
    Ok(fields)
}

/// A CSV writer into memory: RFC 4180 quoting, `\n` line ends.
fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// The bytes a writer holds.
fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, ExportError> {
    w.into_inner()
        .map_err(|e| ExportError::Io(io::Error::other(e.to_string())))
}

fn csv_error(e: csv::Error) -> ExportError {
    ExportError::Io(e.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    fn file<'a>(files: &'a [CsvFile], name: &str) -> &'a str {
        let f = files
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no {name}"));
        std::str::from_utf8(&f.contents).unwrap()
    }

    #[test]
    fn one_file_per_table_and_the_load_scripts() {
        let files = CsvExporter::new().files(&sample()).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "nodes_broker.csv",
                "nodes_company.csv",
                "nodes_index.csv",
                "nodes_metric.csv",
                "rels_forecasts_broker_company.csv",
                "rels_has_metric_company_metric.csv",
                "rels_has_metric_index_metric.csv",
                "rels_outperforms_company_index.csv",
                "load_kuzu.cypher",
                "load_neo4j.cypher",
                "neo4j_nodes_broker.csv",
                "neo4j_nodes_company.csv",
                "neo4j_nodes_index.csv",
                "neo4j_nodes_metric.csv",
                "neo4j_rels_forecasts_broker_company.csv",
                "neo4j_rels_has_metric_company_metric.csv",
                "neo4j_rels_has_metric_index_metric.csv",
                "neo4j_rels_outperforms_company_index.csv",
                "import_neo4j.sh",
                "constraints_neo4j.cypher",
            ]
        );
        assert_eq!(
            file(&files, "nodes_company.csv"),
            "id,name,kind,aliases,tickers,mentions,documents,confidence\n\
             company:alibaba,Alibaba,company,Alibaba Group|Alibaba Group Holding|BABA,9988.HK|BABA,4,2,\\N\n\
             company:tencent,Tencent,company,,0700.HK,2,1,\\N\n"
        );
        let metrics = file(&files, "nodes_metric.csv");
        assert!(
            metrics.starts_with("id,kind,label,value,unit,period,entity,documents,confidence\n")
        );
        assert!(metrics.contains(",metric,capex,130000000000.0,CNY,2025,company:alibaba,2,\\N\n"));
        assert_eq!(
            file(&files, "rels_forecasts_broker_company.csv")
                .lines()
                .next()
                .unwrap(),
            "from,to,kind,rating,target,amount,currency,value,unit,period,previous_rating,\
             previous_target,analyst,date,history,evidence,documents,confidence"
        );
        assert!(file(&files, "rels_forecasts_broker_company.csv").contains(
            "broker:citic-securities,company:alibaba,forecasts,\\N,\\N,\\N,\\N,\\N,\\N,\\N,\\N,\\N,\\N,\
             2025-12-24,\\N,2,2,\\N\n"
        ));
        let kuzu = file(&files, "load_kuzu.cypher");
        // numbers (targets) are read as text and cast: Kùzu reads no null into a DOUBLE
        assert!(kuzu.contains(
            "COPY `forecasts` FROM (LOAD WITH HEADERS (`from` STRING, `to` STRING, `kind` STRING, \
             `rating` STRING, `target` STRING,"
        ));
        assert!(kuzu.contains(
            "FROM 'rels_forecasts_broker_company.csv' (header=true, parallel=false, \
             null_strings=['\\\\N']) RETURN `from`, `to`, `kind`, `rating`, CAST(`target` AS DOUBLE),"
        ));
        assert!(kuzu.contains("CAST(`confidence` AS DOUBLE)) (from='broker', to='company');"));
        assert!(kuzu.contains("COPY `company` FROM (LOAD WITH HEADERS (`id` STRING,"));
        let neo4j = file(&files, "load_neo4j.cypher");
        assert!(neo4j.contains(
            "LOAD CSV WITH HEADERS FROM 'file:///nodes_metric.csv' AS row CALL (row) { CREATE (:`metric` {"
        ));
        assert!(neo4j.contains(
            "LOAD CSV WITH HEADERS FROM 'file:///rels_forecasts_broker_company.csv' AS row CALL (row) { \
             MATCH (a:`broker` {`id`: row.`from`}) MATCH (b:`company` {`id`: row.`to`}) \
             CREATE (a)-[:`forecasts` {"
        ));
        assert!(neo4j.contains("}]->(b) } IN TRANSACTIONS OF 10000 ROWS;\n"));
        // neo4j-admin: typed headers, empty fields for nulls, the command.
        assert_eq!(
            file(&files, "neo4j_nodes_company.csv"),
            "id:ID,name,kind,aliases:string[],tickers:string[],mentions:long,documents:long,confidence:double\n\
             company:alibaba,Alibaba,company,Alibaba Group|Alibaba Group Holding|BABA,9988.HK|BABA,4,2,\n\
             company:tencent,Tencent,company,,0700.HK,2,1,\n"
        );
        assert!(file(&files, "neo4j_nodes_metric.csv").starts_with(
            "id:ID,kind,label,value:double,unit,period,entity,documents:long,confidence:double\n"
        ));
        let rels = file(&files, "neo4j_rels_forecasts_broker_company.csv");
        assert_eq!(
            rels.lines().next().unwrap(),
            ":START_ID,:END_ID,kind,rating,target:double,amount,currency,value,unit,period,\
             previous_rating,previous_target:double,analyst,date,history,evidence:long,documents:long,\
             confidence:double"
        );
        assert!(rels.contains(
            "broker:citic-securities,company:alibaba,forecasts,,,,,,,,,,,2025-12-24,,2,2,\n"
        ));
        let script = file(&files, "import_neo4j.sh");
        assert!(script.starts_with("#!/bin/sh\n"));
        assert!(script.contains(
            "neo4j-admin database import full \"$@\" \\\n  --array-delimiter='|' --multiline-fields=true \\\n  \
             '--nodes=broker=neo4j_nodes_broker.csv' \\\n"
        ));
        assert!(script.ends_with(
            "'--relationships=outperforms=neo4j_rels_outperforms_company_index.csv' \\\n  \"$database\"\n"
        ));
        assert_eq!(
            file(&files, "constraints_neo4j.cypher").lines().nth(2).unwrap(),
            "CREATE CONSTRAINT `company_id` IF NOT EXISTS FOR (n:`company`) REQUIRE n.`id` IS UNIQUE;"
        );
        assert!(neo4j.contains(
            "`value`: toFloat(CASE row.`value` WHEN '\\\\N' THEN null ELSE row.`value` END)"
        ));
    }

    #[test]
    fn hostile_text_is_quoted() {
        let mut w = writer();
        w.write_record(["a,b", "say \"hi\"", "two\nlines", " pad", "plain\\back"])
            .unwrap();
        assert_eq!(
            String::from_utf8(finish(w).unwrap()).unwrap(),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\", pad,plain\\back\n"
        );
    }

    #[test]
    fn a_list_item_with_the_separator_is_refused() {
        let mut g = KnowledgeGraph::new();
        let mut x = crate::graph::tests::doc_a();
        x.entities[1].aliases.push("Ali|baba".into());
        g.ingest(x);
        let err = CsvExporter::new().files(&g).unwrap_err().to_string();
        assert!(err.contains("`Ali|baba` in table `company`"), "{err}");
    }
}
