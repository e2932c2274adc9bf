//! Exports of the seed graph: structural properties that hold whatever the
//! extraction rules find (exact bytes are the fixture snapshots' job).

use super::support::export::{seed_sandbox, DotFile};
use super::support::Sandbox;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn json(s: &Sandbox, args: &[&str]) -> Value {
    let mut argv = vec!["export", "--format", "json"];
    argv.extend_from_slice(args);
    serde_json::from_str(&s.run(&argv).ok().stdout).unwrap()
}

fn list<'v>(v: &'v Value, key: &str) -> &'v Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no list `{key}`"))
}

fn ids(v: &Value, key: &str) -> BTreeSet<String> {
    list(v, key)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

/// Entity id → kind.
fn kinds(v: &Value) -> BTreeMap<String, String> {
    list(v, "entities")
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every relation and metric names entities of the export.
fn assert_closed(v: &Value) {
    let ents = ids(v, "entities");
    for r in list(v, "relations") {
        for end in ["subject", "object"] {
            let id = r[end].as_str().unwrap();
            assert!(ents.contains(id), "{end} {id} of {r} is not exported");
        }
        assert!(!list(r, "evidence").is_empty(), "{r}");
    }
    for m in list(v, "metrics") {
        assert!(ents.contains(m["entity"].as_str().unwrap()), "{m}");
    }
}

#[test]
fn the_whole_graph_as_json_matches_the_listings() {
    let s = seed_sandbox();
    let v = json(&s, &[]);
    assert_eq!(v["format"], "finkg-graph/1");
    let entities: Value =
        serde_json::from_str(&s.run(&["entities", "--format", "json"]).ok().stdout).unwrap();
    let relations: Value =
        serde_json::from_str(&s.run(&["relations", "--format", "json"]).ok().stdout).unwrap();
    assert_eq!(
        list(&v, "entities").len(),
        entities.as_array().unwrap().len()
    );
    assert_eq!(
        list(&v, "relations").len(),
        relations.as_array().unwrap().len()
    );
    assert_eq!(list(&v, "documents").len(), 5);
    assert!(!list(&v, "metrics").is_empty());
    assert_closed(&v);
}

#[test]
fn graphml_holds_every_entity_metric_and_relation() {
    let s = seed_sandbox();
    let v = json(&s, &[]);
    let xml = s.run(&["export", "--format", "graphml"]).ok().stdout;
    let (e, r, m) = (
        list(&v, "entities").len(),
        list(&v, "relations").len(),
        list(&v, "metrics").len(),
    );
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut nodes, mut edges) = (0, 0);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(t) if t.name().as_ref() == b"node" => nodes += 1,
            quick_xml::events::Event::Start(t) if t.name().as_ref() == b"edge" => edges += 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(nodes, e + m);
    assert_eq!(edges, r + m);
    // Without metrics: entities and relations only.
    let xml = s
        .run(&["export", "--format", "graphml", "--without-metrics"])
        .ok()
        .stdout;
    assert_eq!(xml.matches("<node ").count(), e);
    assert_eq!(xml.matches("<edge ").count(), r);
}

#[test]
fn the_neighbourhood_of_alibaba_is_alibaba_and_its_neighbours() {
    let s = seed_sandbox();
    let all = json(&s, &[]);
    let ali = "company:alibaba";
    let mut want: BTreeSet<String> = [ali.to_string()].into();
    for r in list(&all, "relations") {
        let (a, b) = (
            r["subject"].as_str().unwrap(),
            r["object"].as_str().unwrap(),
        );
        if a == ali {
            want.insert(b.to_string());
        }
        if b == ali {
            want.insert(a.to_string());
        }
    }
    assert!(
        want.len() > 2,
        "Alibaba has neighbours in the seeds: {want:?}"
    );
    let near = json(&s, &["--around", "Alibaba", "--depth", "1"]);
    assert_eq!(ids(&near, "entities"), want);
    assert_closed(&near);

    let dot = DotFile::parse(
        &s.run(&["export", "--around", "Alibaba", "--depth", "1"])
            .ok()
            .stdout,
    );
    let drawn: BTreeSet<String> = dot.graph_nodes().iter().map(|n| n.id.clone()).collect();
    assert_eq!(drawn, want);
    assert!(dot.graph["label"].contains("around Alibaba, depth 1"));
    assert_eq!(dot.graph_edges().len(), list(&near, "relations").len());
    // Every edge carries its evidence in the tooltip.
    for (_, _, e) in dot.graph_edges() {
        assert!(e.get("tooltip").contains("\n• "), "{e:?}");
    }

    // Depth 2 reaches further, and never less.
    let far = json(&s, &["--around", "Alibaba", "--depth", "2"]);
    assert!(ids(&far, "entities").is_superset(&want));
}

#[test]
fn forecasts_only_shows_forecasters_and_what_they_forecast() {
    let s = seed_sandbox();
    let v = json(&s, &["--relation", "forecasts"]);
    let kinds = kinds(&v);
    assert!(!list(&v, "relations").is_empty());
    let mut ends = BTreeSet::new();
    for r in list(&v, "relations") {
        assert_eq!(r["relation"], "forecasts");
        let subject = &kinds[r["subject"].as_str().unwrap()];
        assert!(
            ["broker", "person", "investor"].contains(&subject.as_str()),
            "{r}"
        );
        ends.insert(r["subject"].as_str().unwrap().to_string());
        ends.insert(r["object"].as_str().unwrap().to_string());
    }
    assert_eq!(
        ids(&v, "entities"),
        ends,
        "every entity shown forecasts or is forecast"
    );
    assert!(kinds.values().any(|k| k == "broker"));

    let dot = DotFile::parse(&s.run(&["export", "--relation", "forecasts"]).ok().stdout);
    for (_, _, e) in dot.graph_edges() {
        assert!(e.get("label").starts_with("forecasts"), "{e:?}");
    }
    let legend: Vec<&str> = dot
        .edges
        .iter()
        .filter(|e| e.2.legend)
        .map(|e| e.2.get("label"))
        .collect();
    assert_eq!(legend, ["forecasts"]);
}

#[test]
fn each_filter_keeps_what_it_says() {
    let s = seed_sandbox();
    let all = json(&s, &[]);

    let some = json(&s, &["--kind", "broker,company"]);
    assert!(kinds(&some)
        .values()
        .all(|k| k == "broker" || k == "company"));
    assert!(!kinds(&some).is_empty());
    assert_closed(&some);

    let two = json(&s, &["--min-support", "2"]);
    for r in list(&two, "relations") {
        let docs: BTreeSet<&str> = list(r, "evidence")
            .iter()
            .map(|e| e["doc"].as_str().unwrap())
            .collect();
        assert!(docs.len() >= 2, "{r}");
    }
    assert!(list(&two, "relations").len() < list(&all, "relations").len());
    assert_closed(&two);

    let doc = list(&all, "documents")[0].clone();
    let name = doc["name"].as_str().unwrap();
    let one = json(&s, &["--document", name]);
    assert_eq!(list(&one, "documents"), &vec![doc.clone()]);
    let id = doc["id"].as_str().unwrap();
    for r in list(&one, "relations") {
        assert!(list(r, "evidence").iter().all(|e| e["doc"] == id), "{r}");
    }
    assert_closed(&one);
    // The id prefix names the same document.
    assert_eq!(json(&s, &["--document", &id[..8]]), one);

    let top = json(&s, &["--max-nodes", "10"]);
    assert_eq!(list(&top, "entities").len(), 10);
    assert_closed(&top);

    let connected = json(&s, &["--connected", "--without-metrics"]);
    let linked: BTreeSet<String> = list(&connected, "relations")
        .iter()
        .flat_map(|r| {
            [
                r["subject"].as_str().unwrap().to_string(),
                r["object"].as_str().unwrap().to_string(),
            ]
        })
        .collect();
    assert_eq!(ids(&connected, "entities"), linked);
    assert!(list(&connected, "metrics").is_empty());

    // DOT: metrics only on request, as notes.
    let plain = DotFile::parse(&s.run(&["export"]).ok().stdout);
    assert!(plain.graph_nodes().iter().all(|n| n.get("shape") != "note"));
    let with = DotFile::parse(&s.run(&["export", "--with-metrics"]).ok().stdout);
    let notes = with
        .graph_nodes()
        .iter()
        .filter(|n| n.get("shape") == "note")
        .count();
    assert_eq!(notes, list(&all, "metrics").len());
}

#[test]
fn clusters_group_every_entity_by_kind() {
    let s = seed_sandbox();
    let text = s.run(&["export", "--clusters", "--connected"]).ok().stdout;
    let dot = DotFile::parse(&text);
    let kinds = kinds(&json(&s, &["--connected", "--without-metrics"]));
    let clusters: BTreeSet<String> = dot
        .subgraphs
        .iter()
        .filter_map(|n| n.strip_prefix("cluster_kind_").map(str::to_string))
        .collect();
    let want: BTreeSet<String> = kinds.values().cloned().collect();
    assert_eq!(clusters, want);
    assert_eq!(dot.graph_nodes().len(), kinds.len());
}

#[test]
fn every_format_gives_the_same_bytes_twice() {
    let s = seed_sandbox();
    for args in [
        vec!["export", "--format", "dot", "--with-metrics", "--clusters"],
        vec!["export", "--format", "json"],
        vec!["export", "--format", "graphml"],
        vec![
            "export", "--format", "json", "--around", "Tencent", "--depth", "2",
        ],
    ] {
        assert_eq!(
            s.run(&args).ok().stdout,
            s.run(&args).ok().stdout,
            "{args:?}"
        );
    }
}

#[test]
fn filters_name_what_they_cannot_find() {
    let s = seed_sandbox();
    s.run(&["export", "--around", "Nobody Inc"])
        .fails_with(&["no entity named `Nobody Inc` in the graph"]);
    s.run(&["export", "--document", "nothing.txt"])
        .fails_with(&["no document `nothing.txt` in the graph (it has: 000_"]);
    s.run(&["export", "--kind", "planet"])
        .fails_with(&["unknown entity kind `planet`"]);
    s.run(&["render", "--relation", "likes", "--out", "x.svg"])
        .fails_with(&["unknown relation kind `likes`"]);
    s.run(&["export", "--kind", "broker", "--around", "Alibaba"])
        .fails_with(&["`Alibaba` is in the graph, but the other filters leave it out"]);
    s.run(&["export", "--format", "json", "--clusters"])
        .fails_with(&["--clusters", "dot only"]);
}
