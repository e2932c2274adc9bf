//! The graph as a Cypher script that rebuilds it in a graph database.
//!
//! For Kùzu the script declares the schema first (`CREATE NODE TABLE` per
//! label, `CREATE REL TABLE` per relationship type, with every label pair
//! it connects), then creates the nodes and relationships. For Neo4j it
//! declares a uniqueness constraint on `id` per label instead. The data
//! statements are the same for both: `CREATE (:label {…})` per node and
//! `MATCH (a:… {id: …}) MATCH (b:… {id: …}) CREATE (a)-[:type {…}]->(b)`
//! per relationship (two `MATCH` clauses, each a lookup by the unique `id`,
//! not one `MATCH` of two disconnected patterns: Neo4j's linter warns that
//! such a pattern builds a cartesian product), one statement per line, each
//! ending with `;`. Null properties are left out.

use super::tables::{ident, literal, node_columns, Tables};
use super::{ExportError, Exporter};
use crate::graph::KnowledgeGraph;
use crate::query::Value;
use crate::schema::Ontology;
use std::fmt;
use std::io;
use std::str::FromStr;

/// Which database a Cypher script is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CypherDialect {
    /// Kùzu: node and relationship tables declared first.
    #[default]
    Kuzu,
    /// Neo4j: a uniqueness constraint on `id` per label.
    Neo4j,
}

impl CypherDialect {
    /// Every dialect.
    pub const ALL: [CypherDialect; 2] = [CypherDialect::Kuzu, CypherDialect::Neo4j];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            CypherDialect::Kuzu => "kuzu",
            CypherDialect::Neo4j => "neo4j",
        }
    }
}

impl fmt::Display for CypherDialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CypherDialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        CypherDialect::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown Cypher dialect `{s}` (known: kuzu, neo4j)"))
    }
}

/// Writes the graph as a Cypher script (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct CypherExporter<'a> {
    ontology: Option<&'a Ontology>,
    dialect: CypherDialect,
}

impl<'a> CypherExporter<'a> {
    /// A Kùzu script whose tables are those of the graph.
    pub fn new() -> CypherExporter<'a> {
        CypherExporter::default()
    }

    /// Also declare the labels and types an ontology defines, so queries
    /// naming them run on the database even where the graph has none.
    pub fn with_ontology(mut self, ontology: &'a Ontology) -> CypherExporter<'a> {
        self.ontology = Some(ontology);
        self
    }

    /// Write for this database.
    pub fn with_dialect(mut self, dialect: CypherDialect) -> CypherExporter<'a> {
        self.dialect = dialect;
        self
    }
}

impl Exporter<KnowledgeGraph> for CypherExporter<'_> {
    fn write(&self, g: &KnowledgeGraph, out: &mut dyn io::Write) -> Result<(), ExportError> {
        let t = Tables::new(g, self.ontology);
        let s = t.catalog.node_labels().count();
        writeln!(
            out,
            "// finkg graph for {}: {} node labels, {} nodes, {} relationships.",
            match self.dialect {
                CypherDialect::Kuzu => "Kùzu",
                CypherDialect::Neo4j => "Neo4j",
            },
            s,
            t.nodes.len(),
            t.rels.len()
        )?;
        match self.dialect {
            CypherDialect::Kuzu => {
                for stmt in kuzu_schema(&t) {
                    writeln!(out, "{stmt};")?;
                }
            }
            CypherDialect::Neo4j => {
                for stmt in neo4j_constraints(&t) {
                    writeln!(out, "{stmt};")?;
                }
            }
        }
        for n in &t.nodes {
            let props = property_map(
                node_columns(&n.label).iter().map(|(name, _)| *name),
                &n.values,
            );
            writeln!(out, "CREATE (:{} {props});", ident(&n.label))?;
        }
        let columns = t.catalog.relationship_properties();
        for r in &t.rels {
            let props = property_map(columns.iter().map(|(name, _)| *name), &r.values);
            writeln!(
                out,
                "MATCH (a:{} {{`id`: {}}}) MATCH (b:{} {{`id`: {}}}) CREATE (a)-[:{} {props}]->(b);",
                ident(&r.from_label),
                literal(&Value::String(r.from.clone())).unwrap_or_default(),
                ident(&r.to_label),
                literal(&Value::String(r.to.clone())).unwrap_or_default(),
                ident(&r.kind),
            )?;
        }
        Ok(())
    }
}

/// Neo4j's uniqueness constraint on `id`, one per label.
pub(crate) fn neo4j_constraints(t: &Tables) -> Vec<String> {
    t.catalog
        .node_labels()
        .map(|label| {
            format!(
                "CREATE CONSTRAINT {} IF NOT EXISTS FOR (n:{}) REQUIRE n.`id` IS UNIQUE",
                ident(&format!("{label}_id")),
                ident(label)
            )
        })
        .collect()
}

/// `{`name`: value, …}` without the nulls.
fn property_map<'a>(names: impl Iterator<Item = &'a str>, values: &[Value]) -> String {
    let fields: Vec<String> = names
        .zip(values)
        .filter_map(|(name, v)| literal(v).map(|l| format!("{}: {l}", ident(name))))
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// The Kùzu DDL: a node table per label, a relationship table per type.
pub(crate) fn kuzu_schema(t: &Tables) -> Vec<String> {
    let mut out = Vec::new();
    for label in t.catalog.node_labels() {
        let cols: Vec<String> = node_columns(label)
            .iter()
            .map(|(name, ty)| format!("{} {}", ident(name), ty.kuzu()))
            .collect();
        out.push(format!(
            "CREATE NODE TABLE {}({}, PRIMARY KEY(`id`))",
            ident(label),
            cols.join(", ")
        ));
    }
    let columns: Vec<String> = t
        .catalog
        .relationship_properties()
        .iter()
        .map(|(name, ty)| format!("{} {}", ident(name), ty.kuzu()))
        .collect();
    for (kind, pairs) in t.rel_tables() {
        let ends: Vec<String> = pairs
            .iter()
            .map(|(a, b)| format!("FROM {} TO {}", ident(a), ident(b)))
            .collect();
        out.push(format!(
            "CREATE REL TABLE {}({}, {})",
            ident(kind),
            ends.join(", "),
            columns.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::sample;

    #[test]
    fn a_kuzu_script_declares_then_creates() {
        let text = String::from_utf8(CypherExporter::new().to_bytes(&sample()).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "// finkg graph for Kùzu: 4 node labels, 6 nodes, 5 relationships."
        );
        assert_eq!(
            lines[1],
            "CREATE NODE TABLE `broker`(`id` STRING, `name` STRING, `kind` STRING, \
             `aliases` STRING[], `tickers` STRING[], `mentions` INT64, `documents` INT64, \
             `confidence` DOUBLE, PRIMARY KEY(`id`));"
        );
        assert!(lines.contains(
            &"CREATE NODE TABLE `metric`(`id` STRING, `kind` STRING, `label` STRING, \
              `value` DOUBLE, `unit` STRING, `period` STRING, `entity` STRING, \
              `documents` INT64, `confidence` DOUBLE, PRIMARY KEY(`id`));"
        ));
        assert!(lines.contains(
            &"CREATE REL TABLE `has_metric`(FROM `broker` TO `metric`, FROM `company` TO `metric`, \
              FROM `index` TO `metric`, `kind` STRING, `rating` STRING, `target` DOUBLE, \
              `amount` STRING, `currency` STRING, `value` STRING, `unit` STRING, `period` STRING, \
              `previous_rating` STRING, `previous_target` DOUBLE, `analyst` STRING, `date` STRING, \
              `history` STRING, `evidence` INT64, `documents` INT64, `confidence` DOUBLE);"
        ));
        assert!(lines.contains(
            &"CREATE (:`company` {`id`: 'company:tencent', `name`: 'Tencent', `kind`: 'company', \
              `aliases`: [], `tickers`: ['0700.HK'], `mentions`: 2, `documents`: 1});"
        ));
        assert!(lines.contains(
            &"MATCH (a:`broker` {`id`: 'broker:citic-securities'}) MATCH (b:`company` {`id`: 'company:alibaba'}) \
              CREATE (a)-[:`forecasts` {`kind`: 'forecasts', `date`: '2025-12-24', `evidence`: 2, \
              `documents`: 2}]->(b);"
        ));
        assert!(text.contains("`value`: 130000000000.0"), "{text}");
        // Nulls are left out: the metric of Alibaba has a period, none has an entity-less id.
        assert!(!text.contains("null"), "{text}");
    }

    #[test]
    fn a_neo4j_script_declares_constraints() {
        let text = String::from_utf8(
            CypherExporter::new()
                .with_dialect(CypherDialect::Neo4j)
                .to_bytes(&sample())
                .unwrap(),
        )
        .unwrap();
        assert!(text.contains(
            "CREATE CONSTRAINT `company_id` IF NOT EXISTS FOR (n:`company`) REQUIRE n.`id` IS UNIQUE;"
        ));
        assert!(!text.contains("CREATE NODE TABLE"));
        assert_eq!(
            "NEO4J".parse::<CypherDialect>().unwrap(),
            CypherDialect::Neo4j
        );
        assert!("oracle".parse::<CypherDialect>().is_err());
    }

    #[test]
    fn an_ontology_adds_tables() {
        let schema = crate::Schema::bundled().unwrap();
        let text = String::from_utf8(
            CypherExporter::new()
                .with_ontology(&schema.ontology)
                .to_bytes(&sample())
                .unwrap(),
        )
        .unwrap();
        assert!(text.contains("CREATE NODE TABLE `sector`("));
        assert!(text.contains("CREATE REL TABLE `works_for`(FROM `person` TO `broker`"));
    }
}
