//! Confidences: `eval --by-rule` and its calibration table, `calibrate`
//! writing a schema file that changes what `extract` says, `confidence` on
//! every fact of `extract`'s JSON, `--min-confidence` on every command that
//! reads facts, and graph files written before confidences.

use super::support::export::{seed_sandbox, with_fixture};
use super::support::{copy_schema, dot_available, Sandbox};
use serde_json::Value;

/// One article and a gold file that lists two of its three companies and
/// brokers (Alibaba, Tencent: not CITIC Securities), none of its relations,
/// and one of its two figures (Tencent's 5%).
fn fixture() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "art/note.txt",
        "CITIC Securities keeps its buy rating on Alibaba with a target price of HK$195.\n\
         Tencent shares rose 5% on Monday.\n",
    );
    s.write(
        "gold/note.json",
        r#"{"doc": "note.txt",
            "entities": [{"name": "Alibaba", "kind": "company", "aliases": []},
                         {"name": "Tencent", "kind": "company", "aliases": []}],
            "relations": [],
            "metrics": [{"entity": "Tencent", "metric": "gain", "value": 5, "unit": "%"}]}"#,
    );
    s
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The rows of `eval --by-rule --format json` of one family.
fn rows<'a>(v: &'a Value, family: &str) -> Vec<&'a Value> {
    v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["family"] == family)
        .collect()
}

fn sum(rows: &[&Value], field: &str) -> u64 {
    rows.iter().map(|r| r[field].as_u64().unwrap()).sum()
}

#[test]
fn eval_by_rule_judges_every_fact_with_its_rule() {
    let s = fixture();
    let v = json(
        &s.run(&[
            "eval",
            "--gold",
            "gold",
            "art",
            "--by-rule",
            "--format",
            "json",
        ])
        .ok()
        .stdout,
    );
    // score.py's rows are still there
    assert_eq!(v["scores"]["entities"]["pred"], 3);
    // the three entities come from the gazetteer: two of them are gold
    let gaz = rows(&v, "entity");
    assert_eq!(gaz.len(), 1, "{gaz:?}");
    assert_eq!(gaz[0]["rule"], "gazetteer");
    assert_eq!(
        (gaz[0]["pred"].as_u64(), gaz[0]["correct"].as_u64()),
        (Some(3), Some(2))
    );
    assert!((gaz[0]["precision"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(gaz[0]["recall"], 1.0);
    // no relation is gold: every relation rule is wrong every time
    let rel = rows(&v, "relation");
    assert!(!rel.is_empty());
    assert_eq!(sum(&rel, "correct"), 0);
    assert!(rel
        .iter()
        .all(|r| r["precision"] == 0.0 && !r["rule"].as_str().unwrap().is_empty()));
    // one of the two figures is gold
    let met = rows(&v, "metric");
    assert_eq!((sum(&met, "pred"), sum(&met, "correct")), (2, 1));
    // the calibration table holds every judged fact once
    let buckets = v["calibration"].as_array().unwrap();
    let total: u64 = buckets.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    let right: u64 = buckets.iter().map(|b| b["correct"].as_u64().unwrap()).sum();
    assert_eq!(total, 3 + sum(&rel, "pred") + 2);
    assert_eq!(right, 3);

    // the table: score.py's, then the rules, then the calibration
    let table = s
        .run(&["eval", "--gold", "gold", "art", "--by-rule"])
        .ok()
        .stdout;
    let (by_rule, calibration) = (
        table.find("By rule").expect("no rule table"),
        table.find("Calibration").expect("no calibration table"),
    );
    assert!(table.find("entities_core_typed").unwrap() < by_rule && by_rule < calibration);
    let words: Vec<String> = table
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(
        words
            .iter()
            .any(|l| l == "entity gazetteer 3 2 0.667 1.000"),
        "{table}"
    );
    assert!(
        table.contains("CONFIDENCE   COUNT  MEAN CONF  PRECISION"),
        "{table}"
    );
    // without --by-rule: the calibration table, not the rules
    let plain = s.run(&["eval", "--gold", "gold", "art"]).ok().stdout;
    assert!(!plain.contains("By rule") && plain.contains("Calibration"));
}

/// The precision `confidence.ron` gives a rule.
fn precision_in(ron: &str, key: &str) -> f64 {
    let line = ron
        .lines()
        .find(|l| l.contains(&format!("\"{key}\": (precision: ")))
        .unwrap_or_else(|| panic!("no {key} in\n{ron}"));
    let after = line.split("precision: ").nth(1).unwrap();
    after.split(',').next().unwrap().parse().unwrap()
}

/// The confidences `extract` gives, by (family, name or relation).
fn extracted(s: &Sandbox, schema: &str) -> Value {
    s.run(&["--schema", schema, "extract", "art", "--json-dir", "out"])
        .ok();
    json(&String::from_utf8(s.read("out/note.json")).unwrap())
}

#[test]
fn calibrate_writes_a_schema_file_that_changes_extract() {
    let s = fixture();
    copy_schema(&s, "schema");
    let before = extracted(&s, "schema");
    let bundled = String::from_utf8(s.read("schema/confidence.ron")).unwrap();
    assert_eq!(
        before["entities"][0]["confidence"].as_f64().unwrap(),
        precision_in(&bundled, "entity:gazetteer")
    );
    // measured on the fixture alone, without smoothing
    let run = s
        .run(&[
            "--schema",
            "schema",
            "calibrate",
            "--gold",
            "gold",
            "art",
            "--strength",
            "0",
        ])
        .ok();
    assert!(
        run.stdout.starts_with("schema/confidence.ron: "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("left out of the fit"), "{}", run.stdout);
    let ron = String::from_utf8(s.read("schema/confidence.ron")).unwrap();
    assert!(ron.starts_with("// "), "{ron}");
    assert!(ron.contains("correct: 2, count: 3"), "{ron}");
    assert_eq!(precision_in(&ron, "entity:gazetteer"), 0.667);
    // extract reads it: every entity 0.667, every relation 0, the figures 1 and 0
    let after = extracted(&s, "schema");
    for e in after["entities"].as_array().unwrap() {
        assert_eq!(e["confidence"], 0.667, "{e}");
    }
    for r in after["relations"].as_array().unwrap() {
        assert_eq!(r["confidence"], 0.0, "{r}");
    }
    for m in after["metrics"].as_array().unwrap() {
        let rule = m["rule"].as_str().unwrap();
        assert_eq!(
            m["confidence"].as_f64().unwrap(),
            precision_in(&ron, &format!("metric:{rule}")),
            "{m}"
        );
    }
    // schema check says what is measured, and which rule-file rules are not
    let check = s
        .run(&["--schema", "schema", "schema", "check"])
        .ok()
        .stdout;
    let measured = ron.matches("(precision: ").count();
    assert!(
        check.contains(&format!(
            "confidence: {measured} rules measured, priors entity "
        )),
        "{check}"
    );
    assert!(
        check.contains("  not measured (their family's prior"),
        "{check}"
    );
    // smoothing pulls a rule seen three times towards its family
    s.run(&[
        "calibrate",
        "--gold",
        "gold",
        "art",
        "--out",
        "smooth.ron",
        "--strength",
        "20",
    ])
    .ok();
    let smooth = String::from_utf8(s.read("smooth.ron")).unwrap();
    let p = precision_in(&smooth, "entity:gazetteer");
    assert!(p > 0.5 && p < 0.667 + 1e-9, "{p}");
}

#[test]
fn calibrate_and_bad_calibrations_are_clear_errors() {
    let s = fixture();
    s.run(&["calibrate", "--gold", "gold", "art"])
        .fails_with(&["--out FILE", "--schema DIR"]);
    s.run(&[
        "calibrate",
        "--gold",
        "gold",
        "art",
        "--out",
        "no/such/c.ron",
    ])
    .fails_with(&["no/such: no such folder"]);
    let bad = s.run(&[
        "calibrate",
        "--gold",
        "gold",
        "art",
        "--out",
        "c.ron",
        "--strength=-1",
    ]);
    assert!(
        !bad.success && bad.stderr.contains("not a number of observations"),
        "{bad:?}"
    );
    s.run(&[
        "calibrate",
        "--gold",
        "gold",
        "--gold",
        "gold",
        "art",
        "--out",
        "c.ron",
    ])
    .fails_with(&["note.json", "another --gold folder"]);
    copy_schema(&s, "schema");
    s.write(
        "schema/confidence.ron",
        "(rules: {\"entity:gazetteer\": (precision: 1.5, correct: 1, count: 1)})",
    );
    s.run(&["--schema", "schema", "extract", "art", "--json-dir", "out"])
        .fails_with(&["schema/confidence.ron", "entity:gazetteer", "1.5"]);
    s.write("schema/confidence.ron", "(rules: {");
    s.run(&["--schema", "schema", "extract", "art", "--json-dir", "out"])
        .fails_with(&["schema/confidence.ron:1:"]);
    // a schema folder without the file: every fact gets the default
    std::fs::remove_file(s.path("schema/confidence.ron")).unwrap();
    let x = extracted(&s, "schema");
    assert_eq!(x["entities"][0]["confidence"], 0.5);
}

#[test]
fn every_fact_extract_writes_has_a_rule_and_a_confidence() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["extract", "seeds", "--json-dir", "out"]).ok();
    let mut seen = 0;
    for name in s.list("out") {
        let v = json(&String::from_utf8(s.read(&format!("out/{name}"))).unwrap());
        for family in ["entities", "relations", "metrics"] {
            for f in v[family].as_array().unwrap() {
                let c = f["confidence"].as_f64().unwrap_or_else(|| panic!("{f}"));
                assert!((0.0..=1.0).contains(&c), "{f}");
                assert!(!f["rule"].as_str().unwrap().is_empty(), "{f}");
                seen += 1;
            }
        }
    }
    assert!(seen > 200, "{seen}");
}

/// Confidences of the relations `relations --format json` lists.
fn relation_confidences(s: &Sandbox, extra: &[&str]) -> Vec<f64> {
    let mut args = vec!["relations", "--format", "json"];
    args.extend(extra);
    json(&s.run(&args).ok().stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["confidence"].as_f64().unwrap())
        .collect()
}

#[test]
fn min_confidence_filters_relations_query_ask_and_export() {
    let s = seed_sandbox();
    let all = relation_confidences(&s, &[]);
    let sure = relation_confidences(&s, &["--min-confidence", "0.85"]);
    assert!(sure.iter().all(|&c| c >= 0.85), "{sure:?}");
    // a sure relation whose end is an unsure entity goes with it
    assert!(sure.len() <= all.iter().filter(|&&c| c >= 0.85).count());
    assert!(!sure.is_empty() && sure.len() < all.len());
    let table = s.run(&["relations"]).ok().stdout;
    assert!(
        table.lines().next().unwrap().contains("CONFIDENCE"),
        "{table}"
    );
    // explain: the relation's confidence, and each sentence's rule's
    let why = s
        .run(&["explain", "CITIC Securities", "forecasts", "Alibaba"])
        .ok()
        .stdout;
    assert!(why.contains("), confidence 0."), "{why}");
    assert!(why.contains(", rule ") && why.contains(" (0."), "{why}");

    // query: the property, and the filter
    let count = |extra: &[&str]| {
        let mut args = vec![
            "query",
            "MATCH (a)-[r]->(b) WHERE r.kind <> 'has_metric' RETURN count(*) AS n, min(r.confidence) AS low",
            "--format",
            "json",
        ];
        args.extend(extra);
        let v = json(&s.run(&args).ok().stdout);
        (v[0]["n"].as_u64().unwrap(), v[0]["low"].as_f64().unwrap())
    };
    let (n, low) = count(&[]);
    assert_eq!(n as usize, all.len());
    assert!(low < 0.85);
    let (n, low) = count(&["--min-confidence", "0.85"]);
    assert_eq!(n as usize, sure.len());
    assert!(low >= 0.85);
    let entity = json(
        &s.run(&[
            "query",
            "MATCH (c:company) WHERE c.name = 'Alibaba' RETURN c.confidence AS c",
            "--format",
            "json",
        ])
        .ok()
        .stdout,
    );
    assert!(entity[0]["c"].as_f64().unwrap() > 0.9, "{entity}");

    // ask: fewer answers when only sure facts count
    let forecasts = |extra: &[&str]| {
        let mut args = vec!["ask", "forecasts", "--format", "json"];
        args.extend(extra);
        json(&s.run(&args).ok().stdout).as_array().unwrap().len()
    };
    assert!(forecasts(&["--min-confidence", "0.8"]) < forecasts(&[]));
    assert_eq!(forecasts(&["--min-confidence", "1"]), 0);

    // export: every fact left is sure enough, in JSON and in CSV
    s.run(&[
        "export",
        "--format",
        "json",
        "--out",
        "sure.json",
        "--min-confidence",
        "0.85",
    ])
    .ok();
    let g = json(&String::from_utf8(s.read("sure.json")).unwrap());
    for family in ["entities", "relations", "metrics"] {
        for f in g[family].as_array().unwrap() {
            assert!(f["confidence"].as_f64().unwrap() >= 0.85, "{f}");
        }
    }
    assert_eq!(g["relations"].as_array().unwrap().len(), sure.len());
    s.run(&["export", "--format", "csv", "--out", "csv"]).ok();
    let companies = String::from_utf8(s.read("csv/neo4j_nodes_company.csv")).unwrap();
    assert!(
        companies
            .lines()
            .next()
            .unwrap()
            .ends_with(",confidence:double"),
        "{companies}"
    );
    // out of range: a usage error
    let bad = s.run(&["relations", "--min-confidence", "1.5"]);
    assert!(
        !bad.success && bad.stderr.contains("not a confidence"),
        "{}",
        bad.stderr
    );
}

#[test]
fn min_confidence_filters_render_and_view() {
    if !dot_available() {
        return;
    }
    let s = seed_sandbox();
    let edges = |file: &str| {
        let svg = String::from_utf8(s.read(file)).unwrap();
        svg.matches("class=\"edge\"").count()
    };
    s.run(&["render", "--format", "svg", "--out", "all.svg"])
        .ok();
    s.run(&[
        "render",
        "--format",
        "svg",
        "--out",
        "sure.svg",
        "--min-confidence",
        "0.85",
    ])
    .ok();
    assert!(edges("sure.svg") < edges("all.svg"));
    let sure = String::from_utf8(s.read("sure.svg")).unwrap();
    assert!(
        sure.contains("confidence 0.85+"),
        "the filter is named in the title"
    );
    s.run(&["view", "--out", "sure.html", "--min-confidence", "0.85"])
        .ok();
    let html = String::from_utf8(s.read("sure.html")).unwrap();
    let start = "<script type=\"application/json\" id=\"finkg-data\">";
    let from = html.find(start).unwrap() + start.len();
    let to = from + html[from..].find("</script>").unwrap();
    let v = json(&html[from..to]);
    let rels = v["graph"]["relations"].as_array().unwrap();
    assert!(!rels.is_empty());
    for r in rels {
        assert!(r["confidence"].as_f64().unwrap() >= 0.85, "{r}");
    }
}

#[test]
fn graph_files_written_before_confidences_still_load() {
    // the snapshot fixture is of format 1: no confidence anywhere
    let s = Sandbox::new();
    let g = with_fixture(&s);
    let table = s.run(&["relations", "--graph", g]).ok().stdout;
    assert!(table.lines().count() > 3, "{table}");
    let v = json(
        &s.run(&["relations", "--graph", g, "--format", "json"])
            .ok()
            .stdout,
    );
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r.get("confidence").is_none()));
    // facts without a confidence do not pass a confidence filter
    let none = s
        .run(&["relations", "--graph", g, "--min-confidence", "0"])
        .ok()
        .stdout;
    assert_eq!(none.trim(), "no relations");
    // saved again, it is the current format, and loads
    s.run(&[
        "export", "--graph", g, "--format", "json", "--out", "g.json",
    ])
    .ok();
    s.run(&["relations", "--graph", "g.json"]).ok();
}

#[test]
fn sentences_stating_the_same_relation_combine() {
    let s = Sandbox::new();
    let once =
        "CITIC Securities keeps its buy rating on Alibaba.\nTencent shares rose 5% on Monday.\n";
    let twice =
        format!("{once}CITIC Securities reiterated its buy rating on Alibaba after the results.\n");
    s.write("one/note.txt", once);
    s.write("two/note.txt", &twice);
    // the same sentence printed twice is one sentence
    s.write("same/note.txt", format!("{once}{once}"));
    let rates = |dir: &str| {
        s.run(&["extract", dir, "--json-dir", &format!("{dir}-out")])
            .ok();
        let v = json(&String::from_utf8(s.read(&format!("{dir}-out/note.json"))).unwrap());
        v["relations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["relation"] == "rates")
            .unwrap_or_else(|| panic!("{v}"))["confidence"]
            .as_f64()
            .unwrap()
    };
    let (one, two) = (rates("one"), rates("two"));
    assert_eq!(rates("same"), one);
    // noisy-or: 1 - (1 - p)(1 - q) > max(p, q)
    assert!(two > one && two <= 1.0, "{one} {two}");
    // in the graph, both sentences are evidence, and the edge combines them
    s.run(&["ingest", "two", "--graph", "g.ron"]).ok();
    let why = s
        .run(&[
            "explain",
            "--graph",
            "g.ron",
            "CITIC Securities",
            "rates",
            "Alibaba",
        ])
        .ok()
        .stdout;
    assert!(
        why.contains("bytes 0..49") && why.contains("bytes 84..156"),
        "{why}"
    );
    let edge: f64 = why
        .split("confidence ")
        .nth(1)
        .and_then(|x| x.split(':').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(edge >= two - 1e-9, "{edge} {two}");
}
