//! `finkg query`, `finkg ask` and the Cypher and CSV exports, through the
//! binary on a graph of the seeds. Answers are compared as multisets and
//! against other commands, never against counts of today's extraction.

use super::support::{Run, Sandbox};
use serde_json::Value;
use std::collections::BTreeMap;

fn seeded() -> Sandbox {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    s
}

fn json_rows(run: &Run) -> Vec<serde_json::Map<String, Value>> {
    let v: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: not JSON:\n{}", run.stdout));
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_object().unwrap().clone())
        .collect()
}

/// Rows as sorted `a|b` strings.
fn multiset(rows: &[serde_json::Map<String, Value>], keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| {
            keys.iter()
                .map(|k| match &r[*k] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    out.sort();
    out
}

const FORECASTS: &str =
    "MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name ORDER BY b.name, c.name";

#[test]
fn the_issue_question_agrees_with_finkg_relations() {
    let s = seeded();
    let table = s.run(&["query", FORECASTS]).ok().stdout;
    let mut lines = table.lines();
    assert_eq!(
        lines.next().unwrap().split_whitespace().collect::<Vec<_>>(),
        ["b.name", "c.name"]
    );
    assert!(
        table.contains("CITIC Securities") && table.contains("Alibaba"),
        "{table}"
    );
    let rows = json_rows(&s.run(&["query", FORECASTS, "--format", "json"]).ok());
    assert_eq!(rows.len() + 1, table.lines().count());
    // Ordered as asked.
    let pairs: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["b.name"].as_str().unwrap().to_string(),
                r["c.name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = pairs.clone();
    sorted.sort();
    assert_eq!(pairs, sorted);
    // The same pairs as `finkg relations`, a separate code path.
    let rel = json_rows(
        &s.run(&[
            "relations",
            "--kind",
            "forecasts",
            "--from",
            "broker",
            "--to",
            "company",
            "--format",
            "json",
        ])
        .ok(),
    );
    assert_eq!(
        multiset(&rows, &["b.name", "c.name"]),
        multiset(&rel, &["subject", "object"])
    );
    let csv = s.run(&["query", FORECASTS, "--format", "csv"]).ok().stdout;
    assert!(csv.starts_with("b.name,c.name\r\n"), "{csv}");
    assert_eq!(csv.lines().count(), rows.len() + 1);
}

#[test]
fn counts_agree_with_finkg_entities() {
    let s = seeded();
    let entities = json_rows(&s.run(&["entities", "--format", "json"]).ok());
    let mut by_kind: BTreeMap<String, i64> = BTreeMap::new();
    for e in &entities {
        *by_kind
            .entry(e["kind"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let rows = json_rows(
        &s.run(&[
            "query",
            "MATCH (n) WHERE n.kind <> 'metric' RETURN n.kind AS kind, count(*) AS n",
            "--format",
            "json",
        ])
        .ok(),
    );
    let counted: BTreeMap<String, i64> = rows
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["n"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counted, by_kind);
}

#[test]
fn parameters_fill_dollar_names() {
    let s = seeded();
    let run = s
        .run(&[
            "query",
            "MATCH (c {name: $name}) WHERE c.mentions >= $min RETURN c.kind AS kind",
            "--param",
            "name=Alibaba",
            "--param",
            "min=1",
            "--format",
            "json",
        ])
        .ok();
    assert_eq!(multiset(&json_rows(&run), &["kind"]), ["company"]);
    let err = s
        .run(&["query", "MATCH (c {name: $name}) RETURN c"])
        .fails_with_caret();
    assert!(
        err[0].contains("no value given for the parameter `$name`"),
        "{err:?}"
    );
    let err = s.run(&["query", "RETURN 1", "--param", "oops"]);
    assert!(!err.success && err.stderr.contains("NAME=VALUE"), "{err:?}");
}

impl Run {
    /// Assert it failed with `error: …` and a query line with a caret under
    /// it; returns the three lines.
    #[track_caller]
    fn fails_with_caret(self) -> Vec<String> {
        assert!(!self.success, "should have failed: {self:?}");
        assert_eq!(self.code, Some(1), "{self:?}");
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        let lines: Vec<String> = self.stderr.lines().map(str::to_string).collect();
        assert_eq!(lines.len(), 3, "{}", self.stderr);
        assert!(lines[0].starts_with("error: "), "{}", self.stderr);
        assert!(lines[1].starts_with("  "), "{}", self.stderr);
        assert!(lines[2].trim_start().starts_with('^'), "{}", self.stderr);
        lines
    }
}

#[test]
fn errors_show_the_line_and_a_caret() {
    let s = seeded();
    // (query, the error line, where the caret starts in the query line)
    let table = [
        (
            "MATCH (b:broker)-[:forecasts]->(c:company)\nRETURN b.nmae",
            "error: type error at line 2, column 10: an entity has no property `nmae`",
            "RETURN b.",
        ),
        (
            "MATCH (b:broker-[:forecasts]->(c) RETURN b",
            "error: syntax error at line 1, column 16: expected `)` to end the node pattern, found `-`",
            "MATCH (b:broker",
        ),
        (
            "MATCH (b:brokers) RETURN b",
            "error: type error at line 1, column 10: unknown label `brokers` (labels: broker,",
            "MATCH (b:",
        ),
        (
            "MATCH (c:company) WHERE c.mentions > 'many' RETURN c.name",
            "error: type error at line 1, column 25: cannot order `c.mentions` (an integer) and `'many'` (a string)",
            "MATCH (c:company) WHERE ",
        ),
        (
            "MATCH (c:company) RETURN c.name, count(*) ORDER BY c.mentions",
            "error: type error at line 1, column 52:",
            "MATCH (c:company) RETURN c.name, count(*) ORDER BY ",
        ),
        (
            "RETURN 1 / 0",
            "error: runtime error at line 1, column 8: division by zero",
            "RETURN ",
        ),
    ];
    for (q, first, before) in table {
        let lines = s.run(&["query", q]).fails_with_caret();
        assert!(lines[0].starts_with(first), "{q}: {lines:?}");
        let caret = lines[2].find('^').unwrap();
        assert_eq!(caret, 2 + before.chars().count(), "{q}: {lines:?}");
    }
}

#[test]
fn syntax_errors_need_no_graph() {
    let s = Sandbox::new();
    let lines = s
        .run(&[
            "query",
            "MATCH (b:broker RETURN b",
            "--graph",
            "missing.ron",
        ])
        .fails_with_caret();
    assert!(
        lines[0].contains("syntax error at line 1, column 17"),
        "{lines:?}"
    );
    s.run(&["query", "MATCH (b) RETURN b", "--graph", "missing.ron"])
        .fails_with(&["missing.ron: no graph file here"]);
}

#[test]
fn malformed_queries_never_panic() {
    let s = seeded();
    let deep = format!("RETURN {}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let long = "MATCH (a)-[:forecasts]->(b) ".repeat(200) + "RETURN count(*)";
    for q in [
        "",
        ";",
        "MATCH",
        "RETURN",
        "MATCH (a",
        ")))",
        "MATCH (a)-[",
        "MATCH (a)-[*..]->(b) RETURN a",
        "MATCH (a)-[*99999999999]->(b) RETURN a",
        "RETURN '\u{1F600}' + \"",
        "RETURN `",
        "MATCH (é:company) RETURN é.name ORDER BY",
        "RETURN 1 LIMIT 99999999999999999999",
        "RETURN -9223372036854775807 - 2",
        "UNWIND [1, 'a', null] AS x RETURN x + 1",
        "MATCH (a) RETURN a.name =~ '['",
        &deep,
        &long,
    ] {
        let run = s.run(&["query", q]);
        assert!(!run.stderr.contains("panicked"), "{q}: {}", run.stderr);
        assert!(run.code == Some(0) || run.code == Some(1), "{q}: {run:?}");
    }
}

#[test]
fn ask_answers_the_ready_made_questions() {
    let s = seeded();
    // `ask forecasts` is the forecasts query with column names.
    let asked = json_rows(&s.run(&["ask", "forecasts", "--format", "json"]).ok());
    let queried = json_rows(&s.run(&["query", FORECASTS, "--format", "json"]).ok());
    assert_eq!(
        multiset(&asked, &["broker", "company"]),
        multiset(&queried, &["b.name", "c.name"])
    );
    // Names may be aliases or tickers, in any case.
    for (question, entity, column) in [
        ("who-forecasts", "tencent", "forecaster"),
        ("metrics", "Alibaba", "metric"),
        ("outperforms", "Hang Seng Tech Index", "winner"),
    ] {
        let rows = json_rows(&s.run(&["ask", question, entity, "--format", "json"]).ok());
        assert!(!rows.is_empty(), "ask {question} {entity}");
        assert!(rows[0].contains_key(column), "{rows:?}");
    }
    for question in [
        vec!["invests"],
        vec!["ratings", "Alibaba"],
        vec!["ratings", "Alibaba", "--format", "csv"],
    ] {
        let mut args = vec!["ask"];
        args.extend(question);
        s.run(&args).ok();
    }
    let cypher = s
        .run(&["ask", "who-forecasts", "X", "--cypher"])
        .ok()
        .stdout;
    assert!(
        cypher.starts_with("MATCH (s)-[r:forecasts]->(x)\nWHERE x.id = $id"),
        "{cypher}"
    );
    // The printed Cypher runs as it is, given $id.
    let id = json_rows(
        &s.run(&[
            "query",
            "MATCH (c:company {name: 'Tencent'}) RETURN c.id AS id",
            "--format",
            "json",
        ])
        .ok(),
    )[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let direct = json_rows(
        &s.run(&[
            "query",
            cypher.trim(),
            "--param",
            &format!("id={id}"),
            "--format",
            "json",
        ])
        .ok(),
    );
    let asked = json_rows(
        &s.run(&["ask", "who-forecasts", "Tencent", "--format", "json"])
            .ok(),
    );
    assert_eq!(direct, asked);
    let err = s
        .run(&["ask", "metrics", "No Such Company"])
        .fails_with(&["No Such Company"]);
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn csv_export_writes_tables_and_load_scripts() {
    let s = seeded();
    let run = s
        .run(&["export", "--format", "csv", "--out", "tables"])
        .ok();
    assert!(run.stdout.starts_with("wrote "), "{}", run.stdout);
    let files = s.list("tables");
    for f in [
        "nodes_broker.csv",
        "nodes_company.csv",
        "nodes_metric.csv",
        "load_kuzu.cypher",
        "load_neo4j.cypher",
    ] {
        assert!(files.contains(&f.to_string()), "{f} not in {files:?}");
    }
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("rels_forecasts_broker_company")),
        "{files:?}"
    );
    // One row per node: the rows of the node files are the nodes of the graph.
    let count = json_rows(
        &s.run(&[
            "query",
            "MATCH (n) RETURN count(*) AS n",
            "--format",
            "json",
        ])
        .ok(),
    )[0]["n"]
        .as_i64()
        .unwrap();
    let rows: usize = files
        .iter()
        .filter(|f| f.starts_with("nodes_"))
        .map(|f| {
            String::from_utf8(s.read(&format!("tables/{f}")))
                .unwrap()
                .lines()
                .count()
                - 1
        })
        .sum();
    // Node names may hold quoted line breaks; there are none in the seeds.
    assert_eq!(rows as i64, count);
    let companies = String::from_utf8(s.read("tables/nodes_company.csv")).unwrap();
    assert!(companies.starts_with("id,name,kind,aliases,tickers,mentions,documents,confidence\n"));
    let kuzu = String::from_utf8(s.read("tables/load_kuzu.cypher")).unwrap();
    assert!(kuzu.contains("CREATE NODE TABLE `company`("), "{kuzu}");
    // targets are numbers, read as text and cast (Kùzu reads no null into a DOUBLE)
    assert!(
        kuzu.contains("COPY `forecasts` FROM (LOAD WITH HEADERS ("),
        "{kuzu}"
    );
    assert!(kuzu.contains("FROM 'rels_forecasts_broker_company.csv' (header=true"));
    assert!(kuzu.contains("CAST(`target` AS DOUBLE)"));
    s.run(&["export", "--format", "csv"])
        .fails_with(&["--format csv writes several files", "--out DIR"]);
}

#[test]
fn cypher_export_for_kuzu_and_neo4j() {
    let s = seeded();
    let kuzu = s.run(&["export", "--format", "cypher"]).ok().stdout;
    let neo4j = s
        .run(&["export", "--format", "cypher", "--dialect", "neo4j"])
        .ok()
        .stdout;
    assert!(kuzu.contains("CREATE NODE TABLE `broker`("));
    assert!(kuzu.contains("CREATE REL TABLE `forecasts`(FROM `broker` TO `company`"));
    assert!(neo4j.contains("CREATE CONSTRAINT `broker_id` IF NOT EXISTS"));
    assert!(!neo4j.contains("NODE TABLE"));
    // The data statements are the same in both.
    let data = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.starts_with("CREATE (") || l.starts_with("MATCH ("))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(data(&kuzu), data(&neo4j));
    let count = |q: &str| {
        json_rows(&s.run(&["query", q, "--format", "json"]).ok())[0]["n"]
            .as_i64()
            .unwrap() as usize
    };
    let creates = data(&kuzu)
        .iter()
        .filter(|l| l.starts_with("CREATE ("))
        .count();
    let matches = data(&kuzu)
        .iter()
        .filter(|l| l.starts_with("MATCH ("))
        .count();
    assert_eq!(creates, count("MATCH (n) RETURN count(*) AS n"));
    assert_eq!(matches, count("MATCH ()-[r]->() RETURN count(*) AS n"));
    let bad = s.run(&["export", "--format", "cypher", "--dialect", "oracle"]);
    assert!(!bad.success && bad.stderr.contains("kuzu"), "{bad:?}");
}
