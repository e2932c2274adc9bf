//! Queries end to end on a small hand-made graph: answers, errors with their
//! places, and no panic on any prefix of a query.

use super::*;
use crate::graph::tests::{doc, ent, metric, rel};
use crate::model::{Extraction, Unit};

/// Brokers, companies, an index, a person; forecasts, ratings, an
/// outperform cycle (Alibaba → Tencent → Baidu → Alibaba), metrics.
fn fixture() -> KnowledgeGraph {
    let mut rates_ms = rel("Morgan Stanley", "rates", "Tencent", "d1", 40);
    rates_ms.attrs.insert("rating".into(), "overweight".into());
    let mut d1_metrics = vec![
        metric("Alibaba", "capex", 130e9, Unit::Cny, "d1"),
        metric("Tencent", "PE", 19.3, Unit::Multiple, "d1"),
    ];
    d1_metrics[1].period = Some("2026".into());
    let d1 = Extraction {
        doc: doc("d1"),
        entities: vec![
            ent("CITIC Securities", "broker", &["CITIC SEC"], &["6030.HK"]),
            ent("Morgan Stanley", "broker", &[], &[]),
            ent("JPMorgan", "broker", &[], &[]),
            ent("Alibaba", "company", &["BABA"], &["9988.HK"]),
            ent("Tencent", "company", &[], &["0700.HK"]),
            ent("Baidu", "company", &[], &[]),
            ent("Hang Seng Tech Index", "index", &["HSTECH"], &[]),
            ent("Alex Yao", "person", &[], &[]),
        ],
        relations: vec![
            rel("CITIC Securities", "forecasts", "Alibaba", "d1", 0),
            rel("CITIC Securities", "forecasts", "Tencent", "d1", 20),
            rel("Morgan Stanley", "forecasts", "Tencent", "d1", 30),
            rates_ms,
            rel("Alibaba", "outperforms", "Tencent", "d1", 50),
            rel("Tencent", "outperforms", "Baidu", "d1", 60),
            rel("Baidu", "outperforms", "Alibaba", "d1", 70),
            rel("Alibaba", "outperforms", "Hang Seng Tech Index", "d1", 80),
            rel("Alex Yao", "works_for", "JPMorgan", "d1", 90),
        ],
        metrics: d1_metrics,
        actions: Vec::new(),
    };
    let mut rates_jpm = rel("JPMorgan", "rates", "Baidu", "d2", 10);
    rates_jpm.attrs.insert("rating".into(), "neutral".into());
    rates_jpm.attrs.insert("target".into(), "120".into());
    let mut usd = metric("Alibaba", "capex", 53e9, Unit::Usd, "d2");
    usd.period = None;
    let d2 = Extraction {
        doc: doc("d2"),
        entities: vec![
            ent("JPMorgan", "broker", &[], &[]),
            ent("Baidu", "company", &[], &[]),
            ent("Meituan", "company", &[], &[]),
            ent("Alex Yao", "person", &[], &[]),
            ent("Alibaba", "company", &[], &[]),
        ],
        relations: vec![
            rel("JPMorgan", "forecasts", "Baidu", "d2", 0),
            rates_jpm,
            rel("Alex Yao", "forecasts", "Meituan", "d2", 20),
            rel("CITIC Securities", "forecasts", "Alibaba", "d2", 30),
        ],
        metrics: vec![usd],
        actions: Vec::new(),
    };
    let mut g = KnowledgeGraph::new();
    g.ingest(d1);
    g.ingest(d2);
    g
}

/// Rows as `a|b|c` lines; sorted unless the query orders them.
fn answer(g: &KnowledgeGraph, text: &str) -> Vec<String> {
    let r = Engine::new(g)
        .param("name", "Baidu")
        .run(text)
        .unwrap_or_else(|e| panic!("{text}\n{e:#}"));
    let mut rows: Vec<String> = r
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    if !text.contains("ORDER BY") {
        rows.sort();
    }
    rows
}

#[test]
fn queries_answer_as_cypher_says() {
    let g = fixture();
    let table: Vec<(&str, Vec<&str>)> = vec![
        (
            "MATCH (b:broker)-[:forecasts]->(c:company) RETURN b.name, c.name ORDER BY b.name, c.name",
            vec![
                "CITIC Securities|Alibaba",
                "CITIC Securities|Tencent",
                "JPMorgan|Baidu",
                "Morgan Stanley|Tencent",
            ],
        ),
        ("MATCH (n) RETURN count(*)", vec!["12"]),
        (
            "MATCH (n:company) RETURN n.name ORDER BY n.name DESC LIMIT 2",
            vec!["Tencent", "Meituan"],
        ),
        (
            "MATCH (c:company) RETURN c.name ORDER BY c.name SKIP 1 LIMIT 2",
            vec!["Baidu", "Meituan"],
        ),
        (
            "MATCH (c:company)<-[:forecasts]-(b) RETURN c.name, b.name",
            vec![
                "Alibaba|CITIC Securities",
                "Baidu|JPMorgan",
                "Meituan|Alex Yao",
                "Tencent|CITIC Securities",
                "Tencent|Morgan Stanley",
            ],
        ),
        (
            "MATCH (a:company {name: 'Tencent'})-[:outperforms]-(b) RETURN b.name",
            vec!["Alibaba", "Baidu"],
        ),
        // Trails: a relationship at most once per path.
        (
            "MATCH (a:company {name: 'Alibaba'})-[:outperforms*1..3]->(b) RETURN b.name, count(*)",
            vec![
                "Alibaba|1",
                "Baidu|1",
                "Hang Seng Tech Index|1",
                "Tencent|1",
            ],
        ),
        (
            "MATCH (a:company {name: 'Alibaba'})-[:outperforms*]->(b) RETURN b.name, count(*)",
            vec![
                "Alibaba|1",
                "Baidu|1",
                "Hang Seng Tech Index|2",
                "Tencent|1",
            ],
        ),
        (
            "MATCH (a:company {name: 'Alibaba'})-[r:outperforms*2]->(b) RETURN b.name, length(r)",
            vec!["Baidu|2"],
        ),
        (
            "MATCH (a:company {name: 'Baidu'})-[:outperforms*0..1]->(b) RETURN b.name",
            vec!["Alibaba", "Baidu"],
        ),
        (
            "MATCH (c:company) OPTIONAL MATCH (c)-[:has_metric]->(m:metric) RETURN c.name, m.label, m.value",
            vec![
                "Alibaba|capex|130000000000.0",
                "Alibaba|capex|53000000000.0",
                "Baidu|null|null",
                "Meituan|null|null",
                "Tencent|PE|19.3",
            ],
        ),
        (
            "MATCH (b:broker)-[r]->(x) RETURN b.name AS broker, count(*) AS n, count(DISTINCT x) AS targets ORDER BY broker",
            vec!["CITIC Securities|2|2", "JPMorgan|2|1", "Morgan Stanley|2|1"],
        ),
        (
            "MATCH (b:broker)-[:forecasts]->(c) WITH b, count(c) AS n WHERE n > 1 RETURN b.name, n",
            vec!["CITIC Securities|2"],
        ),
        (
            "MATCH (m:metric) RETURN min(m.value), max(m.value), sum(m.value) > 1e11, avg(m.value) > 0",
            vec!["19.3|130000000000.0|true|true"],
        ),
        (
            "MATCH (e) WHERE e.name STARTS WITH 'Al' RETURN e.name",
            vec!["Alex Yao", "Alibaba"],
        ),
        (
            "MATCH (e) WHERE e.name CONTAINS 'an' RETURN e.name",
            vec![
                "Hang Seng Tech Index",
                "JPMorgan",
                "Meituan",
                "Morgan Stanley",
            ],
        ),
        (
            "MATCH (e) WHERE e.name ENDS WITH 'x' OR e.name ENDS WITH 'u' RETURN e.name",
            vec!["Baidu", "Hang Seng Tech Index"],
        ),
        (
            "MATCH (c:company) WHERE c.name IN ['Baidu', 'Tencent', 'Nope'] RETURN c.name",
            vec!["Baidu", "Tencent"],
        ),
        (
            "MATCH (b)-[r:rates]->(c) WHERE r.target IS NULL RETURN b.name, r.rating",
            vec!["Morgan Stanley|overweight"],
        ),
        (
            "MATCH (b)-[r:rates]->(c) WHERE r.target IS NOT NULL RETURN b.name, r.rating, r.target",
            vec!["JPMorgan|neutral|120.0"],
        ),
        (
            "MATCH (c:company) WHERE 'BABA' IN c.aliases RETURN c.name, c.tickers",
            vec![r#"Alibaba|["9988.HK"]"#],
        ),
        (
            "MATCH (p:person)-[:works_for]->(b:broker), (p)-[:forecasts]->(c) RETURN p.name, b.name, c.name",
            vec!["Alex Yao|JPMorgan|Meituan"],
        ),
        (
            "MATCH (b:broker)-[:forecasts]->(c:company)-[:outperforms]->(d:company) RETURN b.name, c.name, d.name",
            vec![
                "CITIC Securities|Alibaba|Tencent",
                "CITIC Securities|Tencent|Baidu",
                "JPMorgan|Baidu|Alibaba",
                "Morgan Stanley|Tencent|Baidu",
            ],
        ),
        (
            "MATCH (b:broker)-[]->(c) RETURN DISTINCT c.name ORDER BY c.name",
            vec!["Alibaba", "Baidu", "Tencent"],
        ),
        (
            "MATCH (:broker {name: 'CITIC Securities'})-[r:forecasts]->({name: 'Alibaba'}) RETURN r.evidence, r.documents",
            vec!["2|2"],
        ),
        (
            "MATCH (c:company {name: 'Alibaba'}) RETURN c.mentions, c.documents, c.id, c.kind",
            vec!["4|2|company:alibaba|company"],
        ),
        (
            "MATCH (c)-[:has_metric]->(m) WHERE m.period IS NULL RETURN c.name, m.label, m.value, m.unit, m.kind",
            vec!["Alibaba|capex|53000000000.0|USD|metric"],
        ),
        (
            "MATCH (m:metric {unit: 'x'}) RETURN m.value * 2, round(m.value / 3, 2), m.entity, m.period",
            vec!["38.6|6.43|company:tencent|2026"],
        ),
        (
            "MATCH (c:company {name: 'Tencent'}) RETURN toLower(c.name), toUpper(c.name), size(c.name), \
             left(c.name, 3), right(c.name, 3), reverse(c.name), coalesce(null, c.name), lower(c.name) = 'tencent'",
            vec!["tencent|TENCENT|7|Ten|ent|tnecneT|Tencent|true"],
        ),
        (
            "RETURN null = null, null OR true, null AND false, NOT null, 1 IN [2, null], null IN [], true XOR false",
            vec!["null|true|false|null|null|false|true"],
        ),
        ("UNWIND [3, 1, 2] AS x RETURN x ORDER BY x DESC", vec!["3", "2", "1"]),
        (
            "RETURN 7 / 2, -7 % 3, 2 ^ 3, 1 + 2.5, 'a' + 'b', abs(-3), floor(2.5), ceil(2.1), sqrt(16)",
            vec!["3|-1|8.0|3.5|ab|3|2.0|3.0|4.0"],
        ),
        (
            "MATCH (b:broker) WHERE b.name =~ '.*[Ss]tanley' RETURN b.name",
            vec!["Morgan Stanley"],
        ),
        (
            "MATCH (n) RETURN n.kind AS kind, count(*) AS n ORDER BY kind",
            vec!["broker|3", "company|4", "index|1", "metric|3", "person|1"],
        ),
        (
            "MATCH (b:broker)-[:forecasts]->(c) RETURN b.name, count(*) ORDER BY count(*) DESC, b.name",
            vec!["CITIC Securities|2", "JPMorgan|1", "Morgan Stanley|1"],
        ),
        // r1 and r2 are different relationships.
        (
            "MATCH (a:company {name: 'Tencent'})-[r1:outperforms]-(b)-[r2:outperforms]-(c) RETURN b.name, c.name",
            vec![
                "Alibaba|Baidu",
                "Alibaba|Hang Seng Tech Index",
                "Baidu|Alibaba",
            ],
        ),
        (
            "MATCH (a)-[r]->(b) RETURN r.kind AS kind, count(*) ORDER BY kind",
            vec![
                "forecasts|5",
                "has_metric|3",
                "outperforms|4",
                "rates|2",
                "works_for|1",
            ],
        ),
        (
            "MATCH (b:broker)-[:forecasts]->(c) WITH DISTINCT c MATCH (c)-[:outperforms]->(d) RETURN c.name, d.name",
            vec![
                "Alibaba|Hang Seng Tech Index",
                "Alibaba|Tencent",
                "Baidu|Alibaba",
                "Tencent|Baidu",
            ],
        ),
        (
            "MATCH (c {name: $name})<-[:forecasts]-(b) RETURN b.name",
            vec!["JPMorgan"],
        ),
        (
            "MATCH (x:company|index) WHERE x.name STARTS WITH 'H' OR x.name STARTS WITH 'T' RETURN x.name",
            vec!["Hang Seng Tech Index", "Tencent"],
        ),
        (
            "MATCH (b:broker)-[r:forecasts|rates]->(c {name: 'Tencent'}) RETURN b.name, r.kind",
            vec![
                "CITIC Securities|forecasts",
                "Morgan Stanley|forecasts",
                "Morgan Stanley|rates",
            ],
        ),
        (
            "MATCH (c:company {name: 'Baidu'})<-[r:rates]-(b) RETURN c, r",
            vec!["(company:baidu)|(broker:jpmorgan)-[:rates]->(company:baidu)"],
        ),
        (
            "MATCH (c:company {name: 'Nope'}) RETURN count(*), sum(c.mentions), collect(c.name), avg(c.mentions)",
            vec!["0|0|[]|null"],
        ),
        (
            "MATCH (c:company) OPTIONAL MATCH (c)-[:has_metric]->(m) RETURN m.unit AS unit, count(*) AS n ORDER BY unit",
            vec!["CNY|1", "USD|1", "x|1", "null|2"],
        ),
        (
            "MATCH (m:metric) WHERE 10 < m.value < 100 RETURN m.value",
            vec!["19.3"],
        ),
        (
            "MATCH (c:company) WITH c ORDER BY c.name LIMIT 2 RETURN collect(c.name) AS names",
            vec![r#"["Alibaba", "Baidu"]"#],
        ),
        (
            "MATCH (c:company) RETURN c.name AS name ORDER BY c.mentions DESC, name LIMIT 1",
            vec!["Alibaba"],
        ),
        (
            "MATCH (c:company) OPTIONAL MATCH (c)<-[:forecasts]-(b:broker) WHERE b.name STARTS WITH 'M' \
             RETURN c.name, b.name",
            vec![
                "Alibaba|null",
                "Baidu|null",
                "Meituan|null",
                "Tencent|Morgan Stanley",
            ],
        ),
        (
            "match (B:broker) where B.name = 'JPMorgan' return B.name as `the name`",
            vec!["JPMorgan"],
        ),
        (
            "MATCH (b:broker)-[:forecasts]->(c) WITH b, c ORDER BY c.name \
             RETURN b.name, collect(c.name) AS cs, count(*) * 10 AS tens ORDER BY b.name LIMIT 1",
            vec![r#"CITIC Securities|["Alibaba", "Tencent"]|20"#],
        ),
    ];
    for (text, want) in table {
        assert_eq!(answer(&g, text), want, "{text}");
    }
}

#[test]
fn columns_are_aliases_or_the_text() {
    let g = fixture();
    let r = query(
        &g,
        "MATCH (b:broker) RETURN b.name AS broker, count( * ), b.kind",
    )
    .unwrap();
    assert_eq!(r.columns, ["broker", "count( * )", "b.kind"]);
    assert_eq!(r.column("b.kind").unwrap().len(), 3);
}

#[test]
fn nodes_and_relationships_come_back_with_their_properties() {
    let g = fixture();
    let r = query(
        &g,
        "MATCH (b:broker {name: 'JPMorgan'})-[r:rates]->(c) RETURN b, r",
    )
    .unwrap();
    let Value::Node(b) = &r.rows[0][0] else {
        panic!("{r:?}")
    };
    assert_eq!(b.label, "broker");
    assert_eq!(b.properties["mentions"], Value::Int(4));
    assert_eq!(b.properties["aliases"], Value::List(vec![]));
    let Value::Relationship(rel) = &r.rows[0][1] else {
        panic!("{r:?}")
    };
    assert_eq!(
        (rel.from.as_str(), rel.to.as_str()),
        ("broker:jpmorgan", "company:baidu")
    );
    assert_eq!(rel.properties["target"], Value::Float(120.0));
    assert_eq!(rel.properties["evidence"], Value::Int(1));
    let json = serde_json::to_string(&r.rows[0][1]).unwrap();
    assert!(
        json.starts_with(r#"{"_type":"rates","_from":"broker:jpmorgan""#),
        "{json}"
    );
}

#[test]
fn errors_name_the_place() {
    let g = fixture();
    use QueryErrorKind::{Runtime, Type};
    // (query, kind, column, message part); all on line 1.
    let table = [
        (
            "MATCH (b:brokr) RETURN b",
            Type,
            10,
            "unknown label `brokr` (labels: broker, company, index, person, metric)",
        ),
        (
            "MATCH (b)-[:forcasts]->(c) RETURN b",
            Type,
            13,
            "unknown relationship type `forcasts`",
        ),
        (
            "MATCH (b:broker) RETURN b.nmae",
            Type,
            27,
            "an entity has no property `nmae` (properties: id, name, kind",
        ),
        (
            "MATCH (m:metric) RETURN m.name",
            Type,
            27,
            "a metric has no property `name`",
        ),
        (
            "MATCH ()-[r]->() RETURN r.colour",
            Type,
            27,
            "a relationship has no property `colour`",
        ),
        (
            "MATCH (b) RETURN x",
            Type,
            18,
            "variable `x` is not defined",
        ),
        (
            "MATCH (c:company) WHERE c.mentions = 'many' RETURN c",
            Type,
            25,
            "cannot compare `c.mentions` (an integer) and `'many'` (a string)",
        ),
        (
            "MATCH (c:company) WHERE c.name < 3 RETURN c",
            Type,
            25,
            "cannot order",
        ),
        (
            "MATCH (c:company) WHERE c.name RETURN c",
            Type,
            25,
            "WHERE needs a boolean, but `c.name` is a string",
        ),
        (
            "MATCH (c:company) WHERE count(*) > 1 RETURN c",
            Type,
            25,
            "aggregate `count(*)` is not allowed in WHERE",
        ),
        (
            "MATCH (c:company) RETURN c.name, sum(c.name)",
            Type,
            38,
            "`sum` adds numbers, but `c.name` is a string",
        ),
        (
            "MATCH (c:company) WITH c.name RETURN 1",
            Type,
            24,
            "`c.name` in WITH needs a name",
        ),
        (
            "MATCH (c:company) RETURN c.name, c.name",
            Type,
            34,
            "`c.name` is returned twice",
        ),
        (
            "MATCH (c:company) RETURN c.name AS n, count(*) ORDER BY c.mentions",
            Type,
            57,
            "ORDER BY can only use the returned columns",
        ),
        (
            "MATCH (c:company) RETURN DISTINCT c.name ORDER BY c.mentions",
            Type,
            51,
            "ORDER BY can only use the returned columns",
        ),
        (
            "MATCH (a)-[r*1..2]->(b) RETURN r.kind",
            Type,
            34,
            "a variable-length relationship has no properties",
        ),
        (
            "MATCH (a)-[r]->(b) RETURN length(r)",
            Type,
            34,
            "`length` needs a variable-length relationship",
        ),
        (
            "MATCH (a)-[r]->(b), (b)-[r]->(c) RETURN a",
            Type,
            26,
            "relationship variable `r` is used twice in one MATCH",
        ),
        (
            "MATCH (a) RETURN foo(a)",
            Type,
            18,
            "unknown function `foo`",
        ),
        (
            "MATCH (a) RETURN toLower(1)",
            Type,
            26,
            "`toLower` needs a string, but `1` is an integer",
        ),
        (
            "MATCH (a) RETURN left('abc')",
            Type,
            18,
            "`left` takes 2 arguments, got 1",
        ),
        (
            "MATCH (a) RETURN a.name LIMIT -1",
            Type,
            31,
            "LIMIT needs an integer of zero or more",
        ),
        (
            "MATCH (a) RETURN a.name SKIP a.mentions",
            Type,
            30,
            "SKIP needs a constant number",
        ),
        (
            "MATCH (a) RETURN count(count(*))",
            Type,
            24,
            "aggregate `count(*)` is not allowed in another aggregate",
        ),
        (
            "MATCH (a) WHERE a.name = $p RETURN a",
            Type,
            26,
            "no value given for the parameter `$p`",
        ),
        (
            "MATCH (c:company) RETURN c.name + 1",
            Type,
            26,
            "cannot add `c.name` (a string) and `1` (an integer)",
        ),
        (
            "MATCH (c:company) WHERE c.name IN 'abc' RETURN c",
            Type,
            35,
            "IN needs a list",
        ),
        (
            "MATCH (c:company) WHERE c.mentions IN ['a'] RETURN c",
            Type,
            25,
            "the list holds strings",
        ),
        (
            "MATCH (c:company) RETURN c.name, count(*) + c.mentions",
            Type,
            45,
            "`c.mentions` sits next to an aggregate but is not a grouping key",
        ),
        (
            "MATCH (c:company) WHERE c.name =~ '(' RETURN c",
            Type,
            35,
            "invalid regular expression",
        ),
        (
            "MATCH (c:company) MATCH (c)-[c]->(d) RETURN c",
            Type,
            30,
            "`c` is a node; it cannot name a relationship here",
        ),
        (
            "UNWIND [1] AS x UNWIND [2] AS x RETURN x",
            Type,
            31,
            "variable `x` is already defined",
        ),
        (
            "MATCH (c:company {mentions: 'x'}) RETURN c",
            Type,
            29,
            "`mentions` is an integer, but `'x'` is a string",
        ),
        (
            "MATCH (c:company) RETURN c.name ORDER BY c",
            Type,
            42,
            "cannot sort by a node",
        ),
        (
            "MATCH (c:company) RETURN toLower(DISTINCT c.name)",
            Type,
            26,
            "DISTINCT only goes with aggregates",
        ),
        (
            "MATCH (a:company), (b {name: a.name}) RETURN b",
            Type,
            30,
            "`a` is bound by this MATCH",
        ),
        ("RETURN 1 / 0", Runtime, 8, "division by zero"),
        (
            "RETURN 9223372036854775807 + 1",
            Runtime,
            8,
            "integer overflow",
        ),
        (
            "RETURN 'abc' =~ ('(' + '')",
            Runtime,
            8,
            "invalid regular expression",
        ),
    ];
    for (text, kind, col, msg) in table {
        let e = Engine::new(&g).run(text).expect_err(text);
        assert_eq!(e.kind(), kind, "{text}: {e}");
        assert!(e.message().contains(msg), "{text}: {e}");
        assert_eq!((e.line(), e.column()), (1, col), "{text}: {e:#}");
    }
}

#[test]
fn a_type_error_shows_a_caret() {
    let g = fixture();
    let e = query(&g, "MATCH (b:broker)\nWHERE b.mentions > 'x'\nRETURN b").unwrap_err();
    assert_eq!(
        format!("{e:#}"),
        "type error at line 2, column 7: cannot order `b.mentions` (an integer) and `'x'` (a string)\n  \
         WHERE b.mentions > 'x'\n        \
         ^^^^^^^^^^^^^^^^"
    );
}

#[test]
fn an_ontology_makes_its_labels_known() {
    let g = fixture();
    let schema = crate::Schema::bundled().unwrap();
    let e = Engine::new(&g)
        .run("MATCH (s:sector) RETURN s")
        .unwrap_err();
    assert!(e.message().contains("unknown label `sector`"), "{e}");
    let r = Engine::new(&g)
        .with_ontology(&schema.ontology)
        .run("MATCH (s:sector)<-[:invests]-(x) RETURN s, x")
        .unwrap();
    assert!(r.rows.is_empty());
}

#[test]
fn large_patterns_stop_with_an_error_not_a_hang() {
    // A clique of 12 companies: undirected trails explode.
    let names: Vec<String> = (0..12).map(|i| format!("C{i}")).collect();
    let mut relations = Vec::new();
    for a in &names {
        for b in &names {
            if a < b {
                relations.push(rel(a, "outperforms", b, "d", relations.len()));
            }
        }
    }
    let mut g = KnowledgeGraph::new();
    g.ingest(Extraction {
        doc: doc("d"),
        entities: names.iter().map(|n| ent(n, "company", &[], &[])).collect(),
        relations,
        metrics: vec![],
        actions: Vec::new(),
    });
    let e = Engine::new(&g)
        .with_budget(100_000)
        .run("MATCH (a)-[*]-(b) RETURN count(*)")
        .unwrap_err();
    assert_eq!(e.kind(), QueryErrorKind::Runtime);
    assert!(e.message().contains("more than 100000 bindings"), "{e}");
}

#[test]
fn no_prefix_or_mangling_of_a_query_panics() {
    let g = fixture();
    let queries = [
        "MATCH (b:broker {name: 'CITIC'})-[r:forecasts|rates*1..2]->(c:company)<-[:outperforms]-(d) \
         WHERE r IS NOT NULL AND NOT b.name =~ 'x.*' OR c.name IN ['a', \"b\"] \
         WITH b, count(DISTINCT c) AS n, collect(d.name) AS ds ORDER BY n DESC SKIP 0 LIMIT 5 WHERE n > 0 \
         UNWIND ds AS x RETURN DISTINCT b.name AS name, n * 2.5 - 1 AS k, size(x), x ORDER BY name LIMIT 3;",
        "OPTIONAL MATCH (a)-[*]-(b), (c) RETURN coalesce(a.name, $name), round(1.5, 1), -a.mentions % 2 ^ 3",
        "MATCH (`a b`:index) WHERE `a b`.name STARTS WITH 'H' /* c */ RETURN `a b` // end",
    ];
    let engine = Engine::new(&g).param("name", "x").with_budget(20_000);
    let mut tried = 0;
    for q in queries {
        let mut cuts: Vec<usize> = (0..=q.len()).filter(|i| q.is_char_boundary(*i)).collect();
        cuts.dedup();
        for &i in &cuts {
            let _ = engine.run(&q[..i]);
            // Drop one character, too.
            if i < q.len() {
                let next = q[i..].chars().next().map_or(1, char::len_utf8);
                let mangled = format!("{}{}", &q[..i], &q[i + next..]);
                let _ = engine.run(&mangled);
            }
            tried += 1;
        }
    }
    assert!(tried > 300);
}

#[test]
fn deep_but_allowed_nesting_runs() {
    let g = fixture();
    for (open, close) in [
        ("(", ")"),
        ("[", "]"),
        ("-", ""),
        ("abs(", ")"),
        ("NOT ", ""),
    ] {
        let q = format!("RETURN {}1{}", open.repeat(60), close.repeat(60));
        let _ = query(&g, &q);
        let q = format!(
            "MATCH (n) WHERE {}n.mentions > 1{} RETURN count(*)",
            "(".repeat(60),
            ")".repeat(60)
        );
        query(&g, &q).unwrap();
    }
}

#[test]
fn an_id_in_where_starts_the_pattern_there_with_the_same_answer() {
    let g = fixture();
    let engine = Engine::new(&g);
    for (pushed, scanned) in [
        (
            "MATCH (s)-[r:forecasts]->(x) WHERE x.id = 'company:tencent' RETURN s.name ORDER BY s.name",
            "MATCH (s)-[r:forecasts]->(x) WHERE x.id + '' = 'company:tencent' RETURN s.name ORDER BY s.name",
        ),
        (
            "MATCH (s)-[r]->(x) WHERE x.id = $id AND r.rating IS NOT NULL RETURN s.name, r.rating",
            "MATCH (s)-[r]->(x) WHERE r.rating IS NOT NULL AND x.id + '' = $id RETURN s.name, r.rating",
        ),
        (
            "MATCH (a:company)-[:outperforms]->(b) WHERE b.name = 'Baidu' OR a.name = 'Baidu' RETURN a.name, b.name ORDER BY a.name",
            "MATCH (a:company)-[:outperforms]->(b) WHERE b.name + '' = 'Baidu' OR a.name + '' = 'Baidu' RETURN a.name, b.name ORDER BY a.name",
        ),
    ] {
        let e = engine.clone().param("id", "company:baidu");
        let a = e.run(pushed).unwrap();
        assert!(!a.rows.is_empty(), "{pushed}");
        assert_eq!(a, e.run(scanned).unwrap(), "{pushed}");
    }
    // an OR of ids on the two ends starts at those nodes, same answer
    for (anchored, scanned) in [
        (
            "MATCH (a)-[r:outperforms]->(b) WHERE a.id = $id OR b.id = $id RETURN a.name, b.name ORDER BY a.name, b.name",
            "MATCH (a)-[r:outperforms]->(b) WHERE a.id + '' = $id OR b.id + '' = $id RETURN a.name, b.name ORDER BY a.name, b.name",
        ),
        (
            "MATCH (a)<-[r]-(b) WHERE b.id = 'broker:jpmorgan' OR (a.id = $id AND r.evidence > 0) RETURN a.name, b.name ORDER BY a.name, b.name",
            "MATCH (a)<-[r]-(b) WHERE b.id + '' = 'broker:jpmorgan' OR (a.id + '' = $id AND r.evidence > 0) RETURN a.name, b.name ORDER BY a.name, b.name",
        ),
        (
            "MATCH (a)-[r:outperforms]->(b {name: 'Alibaba'}) WHERE a.id = $id OR b.id = $id RETURN a.name ORDER BY a.name",
            "MATCH (a)-[r:outperforms]->(b {name: 'Alibaba'}) WHERE a.id + '' = $id OR b.id + '' = $id RETURN a.name ORDER BY a.name",
        ),
    ] {
        let e = engine.clone().param("id", "company:baidu");
        let a = e.run(anchored).unwrap();
        assert_eq!(a, e.run(scanned).unwrap(), "{anchored}");
        assert!(!a.rows.is_empty(), "{anchored}");
    }
    let plan = engine
        .explain("MATCH (s)-[:forecasts]->(x) WHERE x.id = 'company:tencent' RETURN s")
        .unwrap();
    assert!(plan[0].contains("of that id"), "{plan:?}");
    // errors still point at what was written
    let err = engine
        .run("MATCH (s)-[:forecasts]->(x) WHERE x.id = 3 RETURN s")
        .unwrap_err();
    assert!(err.message().contains("compare"), "{err}");
}

#[test]
fn steps_nothing_reads_are_counted_with_the_same_answer() {
    let g = fixture();
    let engine = Engine::new(&g);
    // the same MATCH, then a RETURN that reads only the first variables
    // (counted) or a WITH that reads them all first (bound)
    for (pattern, ret, vars) in [
        (
            "MATCH (b:broker)-[:forecasts]->(c:company)-[:outperforms]->(d:company)",
            "RETURN b.name, count(*) AS n ORDER BY n DESC, b.name",
            "b, c, d",
        ),
        // undirected: a relationship is not used twice (a-b-a is no match)
        (
            "MATCH (a:company)-[:outperforms]-(b)-[:outperforms]-(c)",
            "RETURN a.name, count(*) AS n ORDER BY a.name",
            "a, b, c",
        ),
        (
            "MATCH (a)-[x]-(b)-[y]-(c)-[z]-(d)",
            "RETURN a.name, count(*) AS n ORDER BY a.name",
            "a, b, c, d, x, y, z",
        ),
        // the last node is bound already: a cycle back to the start
        (
            "MATCH (a)-[:outperforms]->(b)-[:outperforms]->(c)-[:outperforms]->(a)",
            "RETURN b.name, count(*) AS n ORDER BY b.name",
            "a, b, c",
        ),
        // properties on the counted steps
        (
            "MATCH (x)-[r:rates {rating: 'neutral'}]->(y)<-[:forecasts]-(z {kind: 'broker'})",
            "RETURN z.name, count(*) AS n ORDER BY z.name",
            "x, r, y, z",
        ),
        (
            "MATCH (c:company) OPTIONAL MATCH (c)-[:outperforms]->(d)-[:outperforms]->(e)",
            "RETURN c.name, count(*) AS n, count(d) AS m ORDER BY c.name",
            "c, d, e",
        ),
        (
            "MATCH (b:broker)-[:forecasts]->(c)-[:outperforms]->(d)",
            "RETURN DISTINCT b.name ORDER BY b.name",
            "b, c, d",
        ),
        (
            "MATCH (b:broker)-[:forecasts]->(c)-[:outperforms]->(d)",
            "RETURN b.name SKIP 1 LIMIT 2",
            "b, c, d",
        ),
        (
            "MATCH (p)-[:works_for]->(w), (w)-[:forecasts]->(x)-[:outperforms]->(y)",
            "RETURN p.name, count(*) AS n",
            "p, w, x, y",
        ),
    ] {
        let counted = format!("{pattern} {ret}");
        let bound = format!("{pattern} WITH {vars} {ret}");
        let a = engine.run(&counted).unwrap();
        assert!(!a.rows.is_empty(), "{counted}");
        assert_eq!(a, engine.run(&bound).unwrap(), "{counted}");
        let counts = |q: &str| {
            let plan = engine.explain(q).unwrap();
            plan.iter().any(|l| l.contains("(counted, not bound)"))
        };
        assert!(counts(&counted) && !counts(&bound), "{counted}");
    }
}

#[test]
fn json_strings_are_written_as_serde_json_writes_them() {
    let mut cases: Vec<String> = [
        "",
        "Tencent",
        "a \"b\" \\ c",
        "tab\there",
        "é/✓\u{7f}",
        "\u{1}\n",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // each escape at each place of a longer string, beside UTF-8
    for esc in ['"', '\\', '\n', '\u{1f}', '\u{0}'] {
        for at in 0..20 {
            let mut s: String = "Company ✓ Holdings é Ltd".chars().take(20).collect();
            let i = s.char_indices().nth(at).map_or(s.len(), |(i, _)| i);
            s.insert(i, esc);
            cases.push(s);
        }
    }
    cases.push("\u{80}\u{9f}\u{ff}ÿ€ plain above 0x7f".into());
    for s in &cases {
        let s = s.as_str();
        let mut out = Vec::new();
        super::json_str(&mut out, s);
        assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        let escapes = s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
        assert_eq!(super::needs_escape(s.as_bytes()), escapes, "{s:?}");
    }
}

#[test]
fn counts_remembered_per_node_give_the_same_answer() {
    // 400 companies, each outperforming the next two: more nodes than a
    // counted step counts at before it remembers its counts
    let names: Vec<String> = (0..400).map(|i| format!("C{i:03}")).collect();
    let mut relations = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in names.iter().skip(i + 1).take(2) {
            relations.push(rel(a, "outperforms", b, "d", relations.len()));
        }
    }
    let mut g = KnowledgeGraph::new();
    g.ingest(Extraction {
        doc: doc("d"),
        entities: names.iter().map(|n| ent(n, "company", &[], &[])).collect(),
        relations,
        metrics: vec![],
        actions: Vec::new(),
    });
    let engine = Engine::new(&g);
    for pattern in [
        "MATCH (a)-[:outperforms]-(b)-[:outperforms]-(c)",
        "MATCH (a)-[:outperforms]->(b)-[:outperforms]->(c)",
        "MATCH (a)<-[:outperforms]-(b)-[:outperforms]-(c)",
    ] {
        let counted = engine
            .run(&format!(
                "{pattern} RETURN a.name, count(*) AS n ORDER BY a.name"
            ))
            .unwrap();
        let bound = engine
            .run(&format!(
                "{pattern} WITH a, b, c RETURN a.name, count(*) AS n ORDER BY a.name"
            ))
            .unwrap();
        assert!(counted.rows.len() >= 398, "{pattern}");
        assert_eq!(counted, bound, "{pattern}");
    }
}

#[test]
fn json_rows_are_the_rows_of_run() {
    // the fixture, and more companies than a batch of the JSON writer holds
    let mut g = fixture();
    let names: Vec<String> = (0..600).map(|i| format!("Co \"{i}\"")).collect();
    g.ingest(Extraction {
        doc: doc("d9"),
        entities: names.iter().map(|n| ent(n, "company", &[], &[])).collect(),
        relations: names
            .iter()
            .map(|n| rel("JPMorgan", "forecasts", n, "d9", 0))
            .collect(),
        metrics: vec![],
        actions: Vec::new(),
    });
    let engine = Engine::new(&g).param("name", "Baidu");
    for q in [
        "MATCH (b:broker)-[:forecasts]->(c) RETURN b.name, c.name",
        "MATCH (b:broker)-[:forecasts]->(c) RETURN c.name, b.id, c.kind, c.label",
        "MATCH (n) RETURN n.name, n.label, n.unit",
        "MATCH (n) RETURN n.name, n.mentions",
        "MATCH (c:company) OPTIONAL MATCH (c)-[:outperforms]->(d) RETURN c.name, d.name",
        "MATCH (b:broker)-[r:forecasts]->(c) RETURN b.name, r.evidence, c.name LIMIT 700",
        "MATCH (c:company) WHERE c.name = $name RETURN c.name, c",
    ] {
        let mut out = Vec::new();
        let (columns, count) = engine.run_json(q, &mut out).unwrap();
        let want = engine.run(q).unwrap();
        assert_eq!(columns, want.columns, "{q}");
        assert_eq!(count, want.rows.len(), "{q}");
        let have: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(have, serde_json::to_value(&want.rows).unwrap(), "{q}");
    }
    let mut out = Vec::new();
    let err = engine
        .clone()
        .with_row_limit(300)
        .run_json(
            "MATCH (b)-[:forecasts]->(c) RETURN b.name, c.name",
            &mut out,
        )
        .unwrap_err();
    assert!(err.message().contains("more than 300 rows"), "{err}");
    // the rows of run_each come in batches too, and stop when asked
    let mut seen = 0;
    engine
        .run_each(
            "MATCH (b)-[:forecasts]->(c) RETURN b.name, c.name",
            &mut |_, _| {
                seen += 1;
                seen < 10
            },
        )
        .unwrap();
    assert_eq!(seen, 10);
}
