//! The built-in scorer (`finkg::eval`) against `../shared/score.py`: the same
//! gold and prediction folders must give the same rows (values to 1e-9, counts
//! exactly), the same table text and the same `--verbose` lines.
//!
//! When `../shared/score.py` (or `python3`) is not there, the comparisons are
//! skipped with a note, unless `CI` is set: then the test fails.

use finkg::eval::{self, GoldDoc, Report};
use finkg::model::{Document, Evidence, Extraction, FoundEntity, FoundMetric, FoundRelation};
use finkg::Unit;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gold_dir() -> PathBuf {
    manifest().join("tests/gold")
}

/// `../shared/score.py`, when it and `python3` are there.
fn score_py() -> Option<PathBuf> {
    let script = manifest().join("../shared/score.py");
    let python = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if script.is_file() && python {
        return Some(script);
    }
    let why = if script.is_file() {
        "python3 is not available".to_string()
    } else {
        format!("{} does not exist", script.display())
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set and {why}: cannot compare with score.py"
    );
    eprintln!("note: {why}; skipping the comparison with score.py");
    None
}

/// Runs `python3 score.py ARGS…` and returns its standard output.
fn run_py(script: &Path, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "score.py {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("score.py prints UTF-8")
}

/// The lines finkg adds to score.py's verbose listing.
fn finkg_only(line: &str) -> bool {
    ["  duplicate entity ", "  missed metric ", "  extra metric "]
        .iter()
        .any(|p| line.starts_with(p))
}

/// Scores `pred` against `gold` with finkg, and, when score.py is there,
/// checks that it agrees: every row, the table and the verbose lines.
fn agree(gold: &Path, pred: &Path) -> Report {
    agree_with(gold, pred, false)
}

/// [`agree`], with analyst actions scored too (`score.py --actions`) when
/// `actions` is set.
fn agree_with(gold: &Path, pred: &Path, actions: bool) -> Report {
    let options = eval::ScoreOptions { actions };
    let ours = eval::score_dirs_with(gold, pred, &options).unwrap();
    let Some(py) = score_py() else {
        return ours;
    };
    let (g, p) = (gold.to_str().unwrap(), pred.to_str().unwrap());
    let py_args = |extra: &[&'static str]| -> Vec<&str> {
        let mut v = vec![g, p];
        v.extend_from_slice(extra);
        if actions {
            v.push("--actions");
        }
        v
    };

    let json_text = run_py(&py, &py_args(&["--json"]));
    let theirs: BTreeMap<String, Value> =
        serde_json::from_str(&json_text).expect("score.py --json prints a JSON object");
    assert_eq!(
        ours.rows.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "row names differ"
    );
    for (name, t) in &theirs {
        let o = &ours.rows[name];
        for (field, mine) in [
            ("precision", o.precision),
            ("recall", o.recall),
            ("f1", o.f1),
        ] {
            let want = t[field].as_f64().unwrap();
            assert!(
                (mine - want).abs() <= 1e-9,
                "{name}.{field}: finkg {mine}, score.py {want}"
            );
        }
        assert_eq!(o.pred as u64, t["pred"].as_u64().unwrap(), "{name}.pred");
        assert_eq!(o.gold as u64, t["gold"].as_u64().unwrap(), "{name}.gold");
    }
    // Our JSON is score.py's, to the byte.
    assert_eq!(
        format!("{}\n", ours.to_json()),
        json_text,
        "to_json differs from score.py --json"
    );

    assert_eq!(
        ours.to_table(false),
        run_py(&py, &py_args(&[])),
        "table differs"
    );
    let verbose: String = ours
        .to_table(true)
        .lines()
        .filter(|l| !finkg_only(l))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        verbose,
        run_py(&py, &py_args(&["--verbose"])),
        "verbose differs"
    );
    ours
}

/// `../shared/dev` (articles and gold files with actions), when it is there;
/// under `CI` it must be.
fn shared_dev() -> Option<PathBuf> {
    let dev = manifest().join("../shared/dev");
    if dev.join("gold").is_dir() && dev.join("docs").is_dir() {
        return Some(dev);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set and {} does not exist",
        dev.display()
    );
    eprintln!("note: {} does not exist; skipping", dev.display());
    None
}

/// `finkg eval --actions` on the dev articles is score.py's, to the byte:
/// every row, the table and the verbose lines (the extraction's own files
/// scored both ways).
#[test]
fn eval_actions_on_the_dev_articles_agree_with_score_py() {
    let Some(dev) = shared_dev() else {
        return;
    };
    let ex = finkg::Extractor::new(finkg::Schema::bundled().unwrap());
    let pred = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(dev.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let x = ex.extract(&name, &path.to_string_lossy(), &text);
        let doc = finkg::export::GoldDocument::from_extraction(&x);
        fs::write(
            pred.path().join(finkg::export::json_file_name(&name)),
            serde_json::to_string_pretty(&doc).unwrap(),
        )
        .unwrap();
    }
    let r = agree_with(&dev.join("gold"), pred.path(), true);
    let actions = &r.rows["actions"];
    assert!(actions.gold > 20, "{actions:?}");
    // without the option, the rows of score.py without --actions
    let plain = agree(&dev.join("gold"), pred.path());
    assert!(!plain.rows.contains_key("actions"));
}

/// Actions perturbed every way the scorer distinguishes: dropped, renamed to
/// an alias, ratings in other cases and spellings, targets 0.4% and 0.6% off
/// and written as text, units swapped or missing, `null` fields, unknown
/// firms, duplicates.
#[test]
fn eval_perturbed_actions_agree_with_score_py() {
    let gold = tempfile::tempdir().unwrap();
    let pred = tempfile::tempdir().unwrap();
    let entities = json!([
        {"name": "Jefferies", "kind": "broker", "aliases": ["Jefferies LLC"]},
        {"name": "Li Auto", "kind": "company", "aliases": ["LI"]},
        {"name": "Nomura", "kind": "broker", "aliases": []},
        {"name": "Nissan", "kind": "company", "aliases": []},
        {"name": "Hang Seng Index", "kind": "index", "aliases": ["HSI"]}
    ]);
    let gold_actions = json!([
        {"by": "Jefferies", "on": "Li Auto", "rating": "hold", "previous_rating": "buy",
         "target": 17.5, "previous_target": 28.8, "unit": "USD", "evidence": "…"},
        {"by": "Nomura", "on": "Nissan", "rating": "Neutral", "previous_rating": "buy",
         "target": 810, "previous_target": 880, "unit": "JPY"},
        {"by": "Nomura", "on": "Hang Seng Index", "target": 25000, "unit": "points"},
        {"by": "Jefferies", "on": "Nissan", "rating": "equal-weight"},
        {"by": "Somebody Else", "on": "Nissan", "rating": "buy"}
    ]);
    let variants = [
        // all right, by other names and spellings
        json!([
            {"by": "JEFFERIES LLC", "on": "LI", "rating": "Hold", "previous_rating": "BUY",
             "target": "17.5", "previous_target": 28.8, "unit": "USD"},
            {"by": "Nomura", "on": "Nissan", "rating": "neutral", "previous_rating": "Buy",
             "target": 810.0, "previous_target": 880, "unit": "JPY"},
            {"by": "Nomura", "on": "HSI", "target": 25100, "unit": "points"},
            {"by": "Jefferies", "on": "Nissan", "rating": "Equal Weight"}
        ]),
        // every field wrong once
        json!([
            {"by": "Jefferies", "on": "Li Auto", "rating": "sell", "previous_rating": null,
             "target": 17.61, "previous_target": 28.8, "unit": "HKD"},
            {"by": "Nomura", "on": "Nissan", "rating": 5, "target": true, "unit": null},
            {"by": "Nomura", "on": "Hang Seng Index", "target": "25,000", "unit": "Points"},
            {"by": "Jefferies", "on": "Nissan", "rating": "equal-weight", "target": 1e20},
            {"by": "Jefferies", "on": "Nissan", "rating": "equal-weight"},
            {"by": "Mystery Capital", "on": "Nissan", "rating": "buy"},
            {"by": "Nomura", "on": "Toyota", "rating": "buy"},
            {"on": "Nissan"}
        ]),
        // nothing predicted
        json!([]),
    ];
    for (i, actions) in variants.iter().enumerate() {
        let name = format!("{i:03}_doc.json");
        write_doc(
            gold.path(),
            &name,
            &json!({"doc": format!("{i:03}_doc.txt"), "entities": entities,
                    "relations": [], "metrics": [], "actions": gold_actions}),
        );
        write_doc(
            pred.path(),
            &name,
            &json!({"doc": format!("{i:03}_doc.txt"), "entities": entities,
                    "relations": [], "metrics": [], "actions": actions}),
        );
    }
    // a gold file without actions, its prediction with some
    write_doc(gold.path(), "100_none.json", &json!({"entities": entities}));
    write_doc(
        pred.path(),
        "100_none.json",
        &json!({"entities": entities, "actions": [{"by": "Nomura", "on": "Nissan"}]}),
    );
    let r = agree_with(gold.path(), pred.path(), true);
    let lines: Vec<&String> = r.details.iter().flat_map(|d| &d.lines).collect();
    for what in ["  action fields ", "  extra action ", "  missed action "] {
        assert!(
            lines.iter().any(|l| l.starts_with(what)),
            "no `{what}` line"
        );
    }
    let full = &r.rows["actions_full"];
    assert!(full.pred > 0 && full.f1 < r.rows["actions"].f1, "{full:?}");
}

fn write_doc(dir: &Path, name: &str, doc: &Value) {
    fs::write(dir.join(name), serde_json::to_string_pretty(doc).unwrap()).unwrap();
}

fn read_gold_values() -> BTreeMap<String, Value> {
    eval::load_dir(&gold_dir())
        .unwrap()
        .keys()
        .map(|name| {
            let text = fs::read_to_string(gold_dir().join(name)).unwrap();
            (name.clone(), serde_json::from_str(&text).unwrap())
        })
        .collect()
}

#[test]
fn eval_gold_against_itself_is_perfect() {
    let r = agree(&gold_dir(), &gold_dir());
    assert!(r.rows.len() > 7, "{:?}", r.rows.keys());
    for (name, row) in &r.rows {
        assert_eq!(
            (row.precision, row.recall, row.f1),
            (1.0, 1.0, 1.0),
            "{name}"
        );
        assert_eq!(row.pred, row.gold, "{name}");
    }
    assert!(r.details.iter().all(|d| d.lines.is_empty()));
    assert_eq!(r.details.len(), 5);
}

#[test]
fn eval_missing_predictions_predict_nothing() {
    let empty = tempfile::tempdir().unwrap();
    let r = agree(&gold_dir(), empty.path());
    assert_eq!(r.rows["entities"].pred, 0);
    assert_eq!(r.rows["entities"].precision, 0.0);
    // A prediction folder that does not exist is the same.
    let r2 = agree(&gold_dir(), &empty.path().join("nowhere"));
    assert_eq!(r.rows, r2.rows);
}

/// The kind a perturbed entity gets instead of its own.
fn wrong_kind(kind: &str) -> &'static str {
    match kind {
        "company" => "model",
        "broker" => "company",
        "sector" => "company",
        "index" => "sector",
        "model" => "company",
        "person" => "investor",
        _ => "broker",
    }
}

/// A prediction made from a gold document by dropping, adding, renaming and
/// retyping entities, relations and metrics.
fn perturb(gold: &Value) -> Value {
    let mut entities = Vec::new();
    for (i, e) in gold["entities"].as_array().unwrap().iter().enumerate() {
        let name = e["name"].as_str().unwrap();
        let kind = e["kind"].as_str().unwrap();
        let mut e = e.clone();
        match i % 8 {
            0 => continue, // dropped
            1 => e["kind"] = json!(wrong_kind(kind)),
            2 => {
                // a duplicate node: the same entity under a suffixed name
                entities.push(e.clone());
                e = json!({"name": format!("{name} Inc."), "kind": kind});
            }
            3 => {
                // renamed to an alias, other aliases dropped: still matches
                if let Some(a) = e["aliases"].get(0).cloned() {
                    e = json!({"name": a, "kind": kind, "aliases": []});
                }
            }
            4 => e = json!({"name": format!("Zz {name}"), "kind": kind, "aliases": []}),
            5 => e["name"] = json!(format!("{}, Ltd.", name.to_uppercase())),
            6 => {
                // a duplicate with the wrong kind
                entities.push(e.clone());
                e = json!({"name": format!("The {name}"), "kind": wrong_kind(kind)});
            }
            _ => {}
        }
        entities.push(e);
    }
    entities.push(json!({"name": "Mystery theme", "kind": "sector", "aliases": []}));
    entities.push(json!({"name": "Acme Robotics Ltd", "kind": "company", "aliases": ["ACME"]}));
    entities.push(json!({"name": "Nobody Analyst", "kind": "person"}));
    // Two predicted entities sharing a name: the first one's kind counts.
    entities.push(json!({"name": "dual use", "kind": "sector"}));
    entities.push(json!({"name": "Dual Use", "kind": "company"}));

    let mut relations = Vec::new();
    for (j, r) in gold["relations"].as_array().unwrap().iter().enumerate() {
        let mut r = r.clone();
        match j % 7 {
            0 => continue,
            1 => {
                let other = if r["relation"] == "forecasts" {
                    "rates"
                } else {
                    "forecasts"
                };
                r["relation"] = json!(other);
            }
            2 => r["object"] = json!("Mystery theme"),
            3 => r["subject"] = json!("Unknown Capital"),
            4 => {
                let s = r["subject"].take();
                r["subject"] = r["object"].take();
                r["object"] = s;
            }
            5 => {
                // the same triple twice, once with a differently written name
                let mut twin = r.clone();
                twin["subject"] = json!(r["subject"].as_str().unwrap().to_uppercase());
                relations.push(twin);
                r.as_object_mut().unwrap().remove("evidence");
                r.as_object_mut().unwrap().remove("attrs");
            }
            _ => {}
        }
        relations.push(r);
    }
    relations
        .push(json!({"subject": "Acme Robotics", "relation": "invests", "object": "Dual Use"}));
    relations.push(json!({"subject": "ACME", "relation": "invests", "object": "dual use"}));
    relations.push(json!({"subject": "Nobody Analyst", "relation": "works_for", "object": "Acme"}));

    let mut metrics = Vec::new();
    for (k, m) in gold["metrics"].as_array().unwrap().iter().enumerate() {
        let mut m = m.clone();
        let v = m["value"].as_f64().unwrap();
        match k % 10 {
            0 => continue,
            1 => m["value"] = json!(v * 1.004),
            2 => m["value"] = json!(v * 1.006),
            3 => m["value"] = json!(v * 0.996),
            4 => m["value"] = json!(v * 0.994),
            5 => {
                let other = if m["unit"] == "x" { "%" } else { "x" };
                m["unit"] = json!(other);
            }
            6 => m["entity"] = json!("Unknown Capital"),
            7 => {
                metrics.push(m.clone());
                m["value"] = json!(format!("{v}"));
            }
            8 => m["value"] = Value::Null,
            _ => {}
        }
        metrics.push(m);
    }
    metrics
        .push(json!({"entity": "Acme Robotics", "metric": "funding", "value": 5e8, "unit": "USD"}));

    json!({
        "doc": gold["doc"],
        "entities": entities,
        "relations": relations,
        "metrics": metrics,
    })
}

#[test]
fn eval_perturbed_predictions_agree_with_score_py() {
    let golds = read_gold_values();
    let pred = tempfile::tempdir().unwrap();
    let names: Vec<&String> = golds.keys().collect();
    for (i, (name, gold)) in golds.iter().enumerate() {
        if i + 1 == names.len() {
            continue; // no prediction for the last document
        }
        write_doc(pred.path(), name, &perturb(gold));
    }
    // A prediction without gold is not read, even when it is not JSON.
    fs::write(pred.path().join("zzz_no_gold.json"), "not json").unwrap();
    let r = agree(&gold_dir(), pred.path());

    // Every perturbation shows.
    for row in [
        "entities",
        "entities_typed",
        "relations",
        "relations_named",
        "metrics",
    ] {
        let x = &r.rows[row];
        assert!(x.precision < 1.0 && x.recall < 1.0, "{row}: {x:?}");
    }
    let lines: Vec<&String> = r.details.iter().flat_map(|d| &d.lines).collect();
    for what in [
        "  missed entity ",
        "  extra entity ",
        "  wrong kind ",
        "  missed relation ",
        "  extra relation ",
        "  duplicate entity ",
        "  missed metric ",
        "  extra metric ",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(what)),
            "no `{what}` line"
        );
    }
    assert!(lines.iter().any(|l| l.contains("-> ?Mystery theme")));
    assert!(lines.iter().any(|l| l.contains("?Unknown Capital -")));
}

/// Metric values 0.4% and 0.6% off, on both sides, and at the 0.5% edge.
#[test]
fn eval_metric_tolerance_edges_agree_with_score_py() {
    let gold = tempfile::tempdir().unwrap();
    let pred = tempfile::tempdir().unwrap();
    let ents = json!([{"name": "Hang Seng Tech Index", "kind": "index", "aliases": ["HSTECH"]}]);
    let values = [19.3, 100.0, 130e9, 0.0, -10.0, 4700.0, 0.25, 1e-12];
    let factors = [1.004, 0.996, 1.006, 0.994, 1.005, 0.995, 1.0049, 1.0051];
    for (i, v) in values.iter().enumerate() {
        let gm: Vec<Value> = factors
            .iter()
            .map(|_| json!({"entity": "HSTECH", "metric": "m", "value": v, "unit": "x"}))
            .collect();
        let pm: Vec<Value> = factors
            .iter()
            .map(|f| json!({"entity": "Hang Seng Tech Index", "metric": "m", "value": v * f, "unit": "x"}))
            .collect();
        let name = format!("{i:03}.json");
        write_doc(
            gold.path(),
            &name,
            &json!({"entities": ents, "metrics": gm}),
        );
        write_doc(
            pred.path(),
            &name,
            &json!({"entities": ents, "metrics": pm}),
        );
    }
    let r = agree(gold.path(), pred.path());
    let m = &r.rows["metrics"];
    assert_eq!((m.pred, m.gold), (64, 64));
    assert!(m.recall > 0.4 && m.recall < 1.0, "{m:?}");
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const BASES: [&str; 16] = [
    "Alibaba",
    "Tencent",
    "CITIC Securities",
    "AI",
    "cloud",
    "Hang Seng Tech Index",
    "DeepSeek",
    "DeepSeek R2",
    "Nasdaq 100",
    "S&P 500",
    "Société Générale",
    "Nestlé",
    "美团",
    "Mark Mobius",
    "SoftBank",
    "Zeta",
];
const KINDS: [&str; 7] = [
    "company", "broker", "index", "model", "investor", "person", "sector",
];
const RELATIONS: [&str; 6] = [
    "forecasts",
    "outperforms",
    "invests",
    "rates",
    "develops",
    "works_for",
];

/// A surface form of a base name that normalises back to it (mostly).
fn variant(rng: &mut Rng, base: &str) -> String {
    match rng.below(9) {
        0 => format!("{base} Inc."),
        1 => format!("The {base} Group Holding Ltd"),
        2 => format!("{base}'s"),
        3 => base.to_uppercase(),
        4 => format!("{base} (0{})", 700 + rng.below(3)),
        5 => format!("  {}  ", base.replace(' ', "-")),
        _ => base.to_string(),
    }
}

fn random_doc(rng: &mut Rng) -> Value {
    let mut entities = Vec::new();
    for _ in 0..rng.below(9) {
        let base = rng.pick(&BASES);
        let aliases: Vec<String> = (0..rng.below(3))
            .map(|_| {
                let b = rng_base(rng, base);
                variant(rng, b)
            })
            .collect();
        entities.push(
            json!({"name": variant(rng, base), "kind": rng.pick(&KINDS), "aliases": aliases}),
        );
    }
    let mut relations = Vec::new();
    for _ in 0..rng.below(10) {
        let (s, o) = (*rng.pick(&BASES), *rng.pick(&BASES));
        relations.push(json!({
            "subject": variant(rng, s),
            "relation": rng.pick(&RELATIONS),
            "object": variant(rng, o),
            "evidence": "…",
            "attrs": {}
        }));
    }
    let mut metrics = Vec::new();
    for _ in 0..rng.below(6) {
        let base = rng.pick(&BASES);
        let value = *rng.pick(&[19.3, 100.0, 130e9, 0.0, -8.0]);
        let factor = *rng.pick(&[1.0, 1.004, 0.996, 1.006, 0.994, 1.005]);
        metrics.push(json!({
            "entity": variant(rng, base),
            "metric": "m",
            "value": value * factor,
            "unit": rng.pick(&["x", "%", "CNY"]),
        }));
    }
    json!({"doc": "x.txt", "entities": entities, "relations": relations, "metrics": metrics})
}

/// Mostly the same base, sometimes another one (an alias shared by two entities).
fn rng_base<'a>(rng: &mut Rng, base: &'a str) -> &'a str {
    if rng.chance(15) {
        BASES[rng.below(BASES.len())]
    } else {
        base
    }
}

/// Random documents from a small vocabulary, with names written many ways:
/// shared aliases, duplicates, wrong kinds, unmatched ends, near metrics.
#[test]
fn eval_random_documents_agree_with_score_py() {
    for seed in 1..=6u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let gold = tempfile::tempdir().unwrap();
        let pred = tempfile::tempdir().unwrap();
        for d in 0..25 {
            let name = format!("{d:03}.json");
            write_doc(gold.path(), &name, &random_doc(&mut rng));
            if !rng.chance(10) {
                write_doc(pred.path(), &name, &random_doc(&mut rng));
            }
        }
        agree(gold.path(), pred.path());
    }
}

/// Names that stress `norm`: finkg's and score.py's must be the same.
#[test]
fn eval_norm_agrees_with_score_py() {
    let names = [
        "Alibaba Group Holding Ltd.",
        "The Walt Disney Co.",
        "S&P 500",
        "Nestle\u{301}",
        "Société Générale S.A.",
        "腾讯控股（00700.HK）",
        "ＡＢＣ Ｉｎｃ",
        "Ⅻ Fund",
        "x² ½",
        "İstanbul",
        "ΟΔΟΣ ΣΑΣ",
        "a\u{a0}b\u{3000}c\u{1c}d\u{85}e",
        "a\u{203f}b_c",
        "ǅemal",
        "ß straße",
        "ﬁnance",
        "—",
        "",
        "Co",
        "अमेरिका",
        "Ⓐ circled",
        "١٢٣ arabic digits",
    ];
    let Some(py) = score_py() else { return };
    let dir = py.parent().unwrap().to_str().unwrap().to_string();
    let program = format!(
        "import json, sys; sys.path.insert(0, {dir:?}); import score; \
         print(json.dumps([score.norm(n) for n in json.load(sys.stdin)]))"
    );
    let mut child = Command::new("python3")
        .args(["-c", &program])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    serde_json::to_writer(child.stdin.take().unwrap(), &names).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let theirs: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    for (name, want) in names.iter().zip(&theirs) {
        assert_eq!(&eval::norm(name), want, "norm({name:?})");
    }
}

/// An extraction converted in memory scores like the file `finkg export` writes.
#[test]
fn eval_gold_doc_from_extraction() {
    let ev = |s: &str| Evidence {
        doc: "d1".into(),
        start: 0,
        end: s.len(),
        sentence: s.into(),
        rule: "test".into(),
        confidence: None,
    };
    let x = Extraction {
        doc: Document {
            id: "d1".into(),
            name: "a.txt".into(),
            path: "a.txt".into(),
            title: "t".into(),
            date: None,
            publisher: None,
            url: None,
        },
        entities: vec![
            FoundEntity {
                name: "Tencent".into(),
                kind: "company".into(),
                aliases: vec!["Tencent Holdings".into()],
                tickers: vec!["0700.HK".into()],
                mentions: 2,
                rule: String::new(),
                confidence: None,
            },
            FoundEntity {
                name: "CITIC Securities".into(),
                kind: "broker".into(),
                aliases: vec![],
                tickers: vec![],
                mentions: 1,
                rule: String::new(),
                confidence: None,
            },
        ],
        relations: vec![FoundRelation {
            subject: "CITIC Securities".into(),
            relation: "rates".into(),
            object: "Tencent".into(),
            attrs: BTreeMap::from([("rating".to_string(), "buy".to_string())]),
            evidence: ev("CITIC Securities rates Tencent buy."),
            support: Vec::new(),
        }],
        metrics: vec![FoundMetric {
            entity: "Tencent".into(),
            metric: "target price".into(),
            value: 700.0,
            unit: Unit::Hkd,
            period: Some("2026".into()),
            evidence: ev("Target HK$700."),
        }],
        actions: Vec::new(),
    };
    let g = GoldDoc::from_extraction(&x);
    assert_eq!(g.doc, "a.txt");
    let names: Vec<&str> = g.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["CITIC Securities", "Tencent"]);
    assert_eq!(g.entities[1].aliases, ["0700.HK", "Tencent Holdings"]);
    let r = &g.relations[0];
    assert_eq!(
        (&*r.subject, &*r.relation, &*r.object, &*r.evidence),
        (
            "CITIC Securities",
            "rates",
            "Tencent",
            "CITIC Securities rates Tencent buy."
        )
    );
    assert_eq!(r.attrs["rating"], "buy");
    let m = &g.metrics[0];
    assert_eq!(
        (
            &*m.entity,
            &*m.metric,
            m.value,
            &*m.unit,
            m.period.as_deref()
        ),
        ("Tencent", "target price", Some(700.0), "HKD", Some("2026"))
    );

    // The same document read back from the exporter's file.
    use finkg::export::{Exporter, GoldJsonExporter};
    let bytes = GoldJsonExporter.to_bytes(&x).unwrap();
    let back: GoldDoc = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(back, g);

    // Scored against itself, in memory: perfect.
    let docs = BTreeMap::from([("a.json".to_string(), g)]);
    let r = eval::score(&docs, &docs);
    assert!(r.rows.values().all(|row| row.f1 == 1.0));
}
