//! `finkg eval`: the built-in scorer on the bundled seeds and their gold, the
//! floors the extraction must hold there, and agreement with score.py.

use super::support::{seeds, Sandbox};
use std::path::{Path, PathBuf};
use std::process::Command;

fn gold() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold")
}

fn scores(json: &str) -> serde_json::Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON ({e}):\n{json}"))
}

fn f1(v: &serde_json::Value, row: &str) -> f64 {
    v[row]["f1"]
        .as_f64()
        .unwrap_or_else(|| panic!("no row {row}"))
}

/// Floors the extraction must keep on the project's own seed articles. They only
/// go up. They are the floors the accuracy issue asks for.
const FLOORS: &[(&str, f64)] = &[
    ("entities_core_typed", 0.95),
    ("relations_named", 0.85),
    ("relations", 0.70),
    ("metrics", 0.92),
];

#[test]
fn eval_on_own_seeds_holds_the_floors() {
    let sb = Sandbox::new();
    let run = sb
        .run(&[
            "eval",
            "--gold",
            gold().to_str().unwrap(),
            seeds().to_str().unwrap(),
            "--format",
            "json",
        ])
        .ok();
    let v = scores(&run.stdout);
    for (row, floor) in FLOORS {
        let got = f1(&v, row);
        assert!(
            got >= *floor,
            "{row}: F1 {got:.3} is below the floor {floor}"
        );
    }
}

#[test]
fn eval_table_and_verbose_name_misses() {
    let sb = Sandbox::new();
    let run = sb
        .run(&[
            "eval",
            "--gold",
            gold().to_str().unwrap(),
            seeds().to_str().unwrap(),
            "--verbose",
        ])
        .ok();
    assert!(run.stdout.contains("entities_core_typed"), "{}", run.stdout);
    assert!(
        run.stdout.contains("000_citic-internet-2026-outlook.json"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("missed") || run.stdout.contains("extra"),
        "{}",
        run.stdout
    );
}

#[test]
fn eval_without_matching_gold_is_an_error() {
    let sb = Sandbox::new();
    sb.write("gold/other.json", r#"{"doc": "other.txt", "entities": []}"#);
    sb.write("a.txt", "Goldman Sachs upgraded Nvidia to buy.");
    sb.run(&["eval", "--gold", "gold", "a.txt"])
        .fails_with(&["gold", "no gold file"]);
}

/// `finkg eval` and score.py give the same numbers on the same predictions.
#[test]
fn eval_agrees_with_score_py() {
    let score_py = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/score.py");
    if !score_py.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ../shared/score.py"
        );
        eprintln!("skipped: {} is not here", score_py.display());
        return;
    }
    let sb = Sandbox::new();
    sb.run(&["extract", seeds().to_str().unwrap(), "--json-dir", "pred"])
        .ok();
    let py = Command::new("python3")
        .arg(&score_py)
        .arg(gold())
        .arg(sb.path("pred"))
        .arg("--json")
        .output()
        .expect("python3 runs");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let ours = sb
        .run(&[
            "eval",
            "--gold",
            gold().to_str().unwrap(),
            seeds().to_str().unwrap(),
            "--format",
            "json",
        ])
        .ok();
    let a = scores(&String::from_utf8_lossy(&py.stdout));
    let b = scores(&ours.stdout);
    let rows = a.as_object().unwrap();
    assert_eq!(rows.len(), b.as_object().unwrap().len());
    for (row, va) in rows {
        for field in ["precision", "recall", "f1", "pred", "gold"] {
            let (x, y) = (va[field].as_f64().unwrap(), b[row][field].as_f64().unwrap());
            assert!(
                (x - y).abs() < 1e-9,
                "{row}.{field}: score.py {x}, finkg {y}"
            );
        }
    }
}

/// `finkg eval --actions` on the dev articles of ../shared: the same rows as
/// `score.py --actions` on `finkg extract`'s files, and the targets of the
/// analyst-actions issue (actions F1 ≥ 0.90, actions_full ≥ 0.80).
#[test]
fn eval_actions_on_dev_agree_with_score_py_and_hold_the_targets() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let (score_py, dev) = (shared.join("score.py"), shared.join("dev"));
    if !score_py.exists() || !dev.join("gold").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ../shared/score.py and ../shared/dev"
        );
        eprintln!("skipped: {} is not here", dev.display());
        return;
    }
    let sb = Sandbox::new();
    let docs = dev.join("docs");
    let gold = dev.join("gold");
    sb.run(&["extract", docs.to_str().unwrap(), "--json-dir", "pred"])
        .ok();
    let py = Command::new("python3")
        .arg(&score_py)
        .arg(&gold)
        .arg(sb.path("pred"))
        .args(["--json", "--actions"])
        .output()
        .expect("python3 runs");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let ours = sb
        .run(&[
            "eval",
            "--actions",
            "--gold",
            gold.to_str().unwrap(),
            docs.to_str().unwrap(),
            "--format",
            "json",
        ])
        .ok();
    let (a, b) = (
        scores(&String::from_utf8_lossy(&py.stdout)),
        scores(&ours.stdout),
    );
    assert_eq!(a, b, "finkg eval --actions differs from score.py --actions");
    for (row, floor) in [("actions", 0.90), ("actions_full", 0.80)] {
        let got = f1(&b, row);
        assert!(got >= floor, "{row}: F1 {got:.3} is below {floor}");
    }
}
