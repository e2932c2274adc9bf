//! `finkg entities`, `relations`, `explain` on a graph of the seeds.

use super::support::Sandbox;
use std::io::Read;
use std::process::Stdio;

fn seeded() -> Sandbox {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    s
}

#[test]
fn brokers_forecast_companies() {
    let s = seeded();
    let run = s
        .run(&[
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
        .ok();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r["relation"], "forecasts");
        assert_eq!(r["subject_kind"], "broker");
        assert_eq!(r["object_kind"], "company");
        assert!(!r["evidence"].as_array().unwrap().is_empty());
    }
    let pairs: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["subject"].as_str().unwrap().into(),
                r["object"].as_str().unwrap().into(),
            )
        })
        .collect();
    for company in ["Alibaba", "Tencent"] {
        assert!(
            pairs.contains(&("CITIC Securities".into(), company.into())),
            "CITIC Securities -> {company} missing: {pairs:?}"
        );
    }
    // The table and CSV list the same rows.
    let table = s
        .run(&[
            "relations",
            "--kind",
            "forecasts",
            "--from",
            "broker",
            "--to",
            "company",
        ])
        .ok()
        .stdout;
    assert!(table.starts_with("SUBJECT"), "{table}");
    assert_eq!(table.lines().count(), rows.len() + 1);
    let csv = s
        .run(&[
            "relations",
            "--kind",
            "forecasts",
            "--from",
            "broker",
            "--to",
            "company",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert!(
        csv.starts_with("SUBJECT,RELATION,OBJECT,ATTRS,EVIDENCE,CONFIDENCE,FIRST SENTENCE\r\n"),
        "{csv}"
    );
}

#[test]
fn entities_filter_by_kind_in_every_format() {
    let s = seeded();
    let json = s
        .run(&["entities", "--kind", "broker", "--format", "json"])
        .ok()
        .stdout;
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert!(rows.iter().all(|r| r["kind"] == "broker"), "{json}");
    let citic = rows
        .iter()
        .find(|r| r["name"] == "CITIC Securities")
        .expect("CITIC Securities is a broker");
    assert!(citic["id"].as_str().unwrap().starts_with("broker:"));
    assert!(citic["mentions"].as_u64().unwrap() >= 1);
    assert!(!citic["documents"].as_array().unwrap().is_empty());

    let table = s.run(&["entities", "--kind", "broker"]).ok().stdout;
    assert!(table.starts_with("NAME"), "{table}");
    assert_eq!(table.lines().count(), rows.len() + 1, "{table}");
    let csv = s
        .run(&["entities", "--kind", "broker", "--format", "csv"])
        .ok()
        .stdout;
    assert_eq!(csv.lines().count(), rows.len() + 1, "{csv}");

    let all = s.run(&["entities", "--format", "json"]).ok().stdout;
    let all: Vec<serde_json::Value> = serde_json::from_str(&all).unwrap();
    assert!(all.len() > rows.len());
}

#[test]
fn explain_shows_sentences_documents_and_rules() {
    let s = seeded();
    let run = s
        .run(&["explain", "CITIC Securities", "forecasts", "Alibaba"])
        .ok();
    let out = run.stdout;
    assert!(
        out.starts_with("CITIC Securities (broker) -forecasts-> Alibaba (company)\n"),
        "{out}"
    );
    assert!(out.contains("evidence ("), "{out}");
    assert!(out.contains(".txt ["), "document names are shown: {out}");
    assert!(out.contains(", rule "), "{out}");
    assert!(out.contains("Alibaba"), "{out}");
    // Names are found case-insensitively and by alias or ticker.
    let by_alias = s
        .run(&["explain", "citic sec", "FORECASTS", "9988.hk"])
        .ok();
    assert_eq!(by_alias.stdout, out);
}

#[test]
fn empty_results_say_so() {
    let s = Sandbox::new();
    s.write(
        "a.txt",
        "CITIC Securities expects Alibaba to raise its cloud revenue by 30% in 2026.\n",
    );
    s.run(&["ingest", "a.txt"]).ok();
    let run = s.run(&["relations", "--kind", "develops"]).ok();
    assert_eq!(run.stdout, "no relations\n");
    let run = s.run(&["entities", "--kind", "model"]).ok();
    assert_eq!(run.stdout, "no entities\n");
    let run = s
        .run(&["entities", "--kind", "model", "--format", "json"])
        .ok();
    assert_eq!(run.stdout.trim(), "[]");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let s = seeded();
    let mut child = s
        .command(&["relations", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close our end before finkg writes: its writes fail with a broken pipe.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}: {err}");
    assert!(!err.contains("error"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
