//! The differential test: the queries of `tests/kuzu/queries.cypher` on a
//! graph of the seeds and the dated notes of `tests/fixtures/notes`,
//! answered by finkg and by Kùzu, and by Ladybug (Kùzu's maintained
//! continuation), each loaded from finkg's own CSV and Cypher exports
//! (`tests/kuzu/differential.py`), must agree as multisets of rows.

use super::support::Sandbox;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A graph database the differential test runs against.
#[derive(Clone, Copy)]
enum Db {
    Kuzu,
    Ladybug,
}

impl Db {
    /// The Python package, `--engine` of differential.py.
    fn package(self) -> &'static str {
        match self {
            Db::Kuzu => "kuzu",
            Db::Ladybug => "ladybug",
        }
    }

    /// The variable naming its Python, which `.ci/run` sets.
    fn env(self) -> &'static str {
        match self {
            Db::Kuzu => "FINKG_KUZU_PYTHON",
            Db::Ladybug => "FINKG_LADYBUG_PYTHON",
        }
    }
}

/// The Python with the database's package: `FINKG_KUZU_PYTHON` or
/// `FINKG_LADYBUG_PYTHON` (which `.ci/run` sets to the virtual environment
/// it creates), else that environment (`target/kuzu-venv`,
/// `target/ladybug-venv`) when it is there. Missing: a skip on a developer
/// machine, a failure under CI.
fn db_python(db: Db) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(db.env()).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("target/{}-venv/bin/python", db.package()));
    if venv.is_file() {
        return Some(venv);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is not set, and CI is: .ci/run must create the {} virtual environment",
        db.env(),
        db.package()
    );
    eprintln!(
        "skipping the {0} differential test: set {1} to a Python with {0} \
         (.ci/run creates one in target/{0}-venv)",
        db.package(),
        db.env()
    );
    None
}

/// Run differential.py against `db` on the graph of the seeds.
fn seeds_agree(db: Db) {
    let Some(python) = db_python(db) else {
        return;
    };
    let s = Sandbox::new();
    s.copy_seeds();
    s.run(&["ingest", "seeds"]).ok();
    // dated notes with analyst actions (a history on one edge), by a
    // manifest, front matter and a feed
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes");
    s.run(&[
        "ingest",
        notes.to_str().unwrap(),
        notes.join("later.jsonl").to_str().unwrap(),
        "--manifest",
        notes.join("manifest.csv").to_str().unwrap(),
    ])
    .ok();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kuzu");
    let out = Command::new(&python)
        .arg(dir.join("differential.py"))
        .arg("--engine")
        .arg(db.package())
        .arg("--finkg")
        .arg(env!("CARGO_BIN_EXE_finkg"))
        .arg("--graph")
        .arg(s.path("finkg-graph.ron"))
        .arg("--queries")
        .arg(dir.join("queries.cypher"))
        .arg("--work")
        .arg(s.path("db"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "finkg and {} disagree:\n{stdout}\n{stderr}",
        db.package()
    );
    eprintln!("{}", stdout.lines().last().unwrap_or(""));
}

#[test]
fn finkg_and_kuzu_answer_the_same() {
    seeds_agree(Db::Kuzu);
}

#[test]
fn finkg_and_ladybug_answer_the_same() {
    seeds_agree(Db::Ladybug);
}

/// A graph file (finkg's JSON format) whose names carry every character a
/// CSV or Cypher writer can get wrong.
pub(super) fn hostile_graph() -> serde_json::Value {
    let ev = serde_json::json!([{
        "doc": "d1", "start": 0, "end": 10, "sentence": "s", "rule": "test"
    }]);
    let entity = |id: &str, name: &str, kind: &str, aliases: serde_json::Value| {
        serde_json::json!({
            "id": id, "name": name, "kind": kind, "aliases": aliases,
            "tickers": ["9988.HK", "A,B"], "mentions": {"d1": 3}
        })
    };
    serde_json::json!({
        "format": "finkg-graph/1",
        "documents": [{
            "id": "d1", "name": "d1.txt", "path": "d1.txt", "title": "t",
            "date": null, "publisher": null
        }],
        "entities": [
            entity("investor:obrien", "O'Brien \"Quant\" Capital", "investor",
                   serde_json::json!(["it's", "quote\"d", "a, b"])),
            entity("company:backslash", "Back\\slash, Inc.", "company",
                   serde_json::json!(["back\\slash\\"])),
            entity("company:linebreak", "Line\nBreak Co", "company", serde_json::json!([])),
            entity("company:semicolon", "semi;colon // not a comment", "company",
                   serde_json::json!(["/* x */", "`tick`"])),
            entity("company:unicode", "Ünïcode 株式会社 ‘quoted’", "company", serde_json::json!([" padded "])),
            entity("company:injection", "Evil'}) DETACH DELETE n // <script>alert('x')</script> }{", "company",
                   serde_json::json!(["\"}) MATCH (m) DETACH DELETE m //"])),
        ],
        "relations": [
            {"subject": "investor:obrien", "relation": "invests", "object": "company:backslash",
             "attrs": {"rating": "buy, \"strong\"", "target price": "120\\n'"}, "evidence": ev},
            {"subject": "company:backslash", "relation": "outperforms", "object": "company:semicolon",
             "attrs": {"rating": ""}, "evidence": ev},
            {"subject": "company:semicolon", "relation": "outperforms", "object": "company:linebreak",
             "attrs": {}, "evidence": ev},
            {"subject": "company:injection", "relation": "outperforms", "object": "company:unicode",
             "attrs": {"rating": "'}) DETACH DELETE n //"}, "evidence": ev},
        ],
        "metrics": [{
            "id": "metric:company:unicode/p-e-fwd/1e-7x", "entity": "company:unicode",
            "label": "P/E \"fwd\", 'x'", "value": 1e-7, "unit": "x", "period": "FY'25\\",
            "documents": ["d1"], "evidence": ev
        }],
    })
}

/// Run differential.py against `db` on the graph of hostile names.
fn hostile_names_agree(db: Db) {
    let Some(python) = db_python(db) else {
        return;
    };
    let s = Sandbox::new();
    s.write(
        "hostile.json",
        serde_json::to_string_pretty(&hostile_graph()).unwrap(),
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kuzu");
    let out = Command::new(&python)
        .arg(dir.join("differential.py"))
        .arg("--engine")
        .arg(db.package())
        .arg("--finkg")
        .arg(env!("CARGO_BIN_EXE_finkg"))
        .arg("--graph")
        .arg(s.path("hostile.json"))
        .arg("--queries")
        .arg(dir.join("hostile.cypher"))
        .arg("--work")
        .arg(s.path("db"))
        .arg("--min-queries")
        .arg("7")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "finkg and {} disagree on hostile names:\n{stdout}\n{}",
        db.package(),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{stdout}");
}

#[test]
fn hostile_names_survive_both_exports() {
    hostile_names_agree(Db::Kuzu);
}

#[test]
fn hostile_names_survive_both_exports_into_ladybug() {
    hostile_names_agree(Db::Ladybug);
}
