//! `finkg extract`: one gold-format JSON per document.

use super::support::{seed_files, Sandbox};

#[test]
fn one_json_per_seed_named_after_it() {
    let s = Sandbox::new();
    s.copy_seeds();
    let run = s.run(&["extract", "seeds", "--json-dir", "pred"]).ok();
    let seeds = seed_files();
    let want: Vec<String> = seeds
        .iter()
        .map(|f| format!("{}.json", f.file_stem().unwrap().to_string_lossy()))
        .collect();
    assert_eq!(s.list("pred"), want);
    assert_eq!(run.stdout.lines().count(), seeds.len(), "{}", run.stdout);
    for (seed, json) in seeds.iter().zip(&want) {
        let v: serde_json::Value =
            serde_json::from_slice(&s.read(&format!("pred/{json}"))).unwrap();
        assert_eq!(
            v["doc"],
            seed.file_name().unwrap().to_string_lossy().as_ref(),
            "{json}"
        );
        let entities = v["entities"].as_array().unwrap();
        assert!(!entities.is_empty(), "{json}: no entities");
        for e in entities {
            assert!(e["name"].is_string() && e["kind"].is_string() && e["aliases"].is_array());
        }
        for r in v["relations"].as_array().unwrap() {
            for k in ["subject", "relation", "object", "evidence"] {
                assert!(r[k].is_string(), "{json}: relation without {k}: {r}");
            }
            assert!(r["attrs"].is_object());
        }
        for m in v["metrics"].as_array().unwrap() {
            assert!(m["entity"].is_string() && m["value"].is_number() && m["unit"].is_string());
        }
    }
    // Extraction does not build a graph.
    assert!(!s.path("finkg-graph.ron").exists());
}

#[test]
fn the_citic_outlook_names_its_broker_and_companies() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["extract", "seeds", "--json-dir", "pred"]).ok();
    let mut forecasts = Vec::new();
    for f in s.list("pred") {
        let v: serde_json::Value = serde_json::from_slice(&s.read(&format!("pred/{f}"))).unwrap();
        for r in v["relations"].as_array().unwrap() {
            if r["relation"] == "forecasts" {
                forecasts.push(format!(
                    "{} -> {}",
                    r["subject"].as_str().unwrap(),
                    r["object"].as_str().unwrap()
                ));
            }
        }
    }
    for want in ["CITIC Securities -> Alibaba", "CITIC Securities -> Tencent"] {
        assert!(
            forecasts.iter().any(|f| f == want),
            "{want} missing from {forecasts:?}"
        );
    }
}

#[test]
fn extraction_is_deterministic() {
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["extract", "seeds", "--json-dir", "one"]).ok();
    s.run(&["extract", "seeds", "--json-dir", "two"]).ok();
    for f in s.list("one") {
        assert_eq!(
            s.read(&format!("one/{f}")),
            s.read(&format!("two/{f}")),
            "{f}"
        );
    }
}

#[test]
fn clashing_names_and_bad_files_write_nothing() {
    let s = Sandbox::new();
    s.write("a/x.txt", "CITIC Securities expects Alibaba to grow.\n");
    s.write("b/x.md", "Morgan Stanley expects Tencent to grow.\n");
    s.run(&["extract", "a", "b", "--json-dir", "pred"])
        .fails_with(&["would both be written to", "x.json"]);
    assert!(!s.path("pred").exists());
    // A file over the size limit (16 MiB) is an error naming it.
    let bad = std::fs::File::create(s.path("bad.txt")).unwrap();
    bad.set_len(17 << 20).unwrap();
    drop(bad);
    s.run(&["extract", "a", "bad.txt", "--json-dir", "pred"])
        .fails_with(&["bad.txt: 17.0 MiB", "larger than the limit"]);
    assert!(!s.path("pred").exists());
}
