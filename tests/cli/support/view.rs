//! Helpers of the `finkg view` tests: a graph of hostile names, a generated
//! graph of thousands of entities, and finding the browser test's tools.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The hostile entity name: closes the script block, opens another, and
/// tries an image whose error handler runs code. Each sets a global the
/// browser test checks stays unset.
pub const HOSTILE: &str = "</script><script>window.__finkgPwned=1</script>\
<img src=x onerror=\"window.__finkgPwnedAttr=1\"> & \"Co\" 'Ltd' <!--";

/// A graph file (finkg-graph/1 JSON) whose names, ids, attributes,
/// sentences, document titles and a kind of its own are hostile.
pub fn hostile_json() -> String {
    let sentence = format!("JPMorgan expects {HOSTILE} to grow </script> fast.");
    let ev = |s: &str| json!([{ "doc": "d1", "start": 0, "end": s.len(), "sentence": s, "rule": "test <b>rule</b>" }]);
    let g = json!({
        "format": "finkg-graph/1",
        "documents": [{
            "id": "d1", "name": "<b>hostile</b>.txt", "path": "x/<i>hostile</i>.txt",
            "title": "</script><script>window.__finkgPwned=2</script>", "date": "2025-01-01",
            "publisher": "<svg onload=\"window.__finkgPwned=3\">"
        }],
        "entities": [
            { "id": "company:</script>\"'&<x>", "name": HOSTILE, "kind": "company",
              "aliases": ["<style>body{display:none}</style>"], "tickers": ["\"><script>"], "mentions": { "d1": 2 } },
            { "id": "broker:jpmorgan", "name": "JPMorgan", "kind": "broker", "aliases": [], "tickers": [], "mentions": { "d1": 1 } },
            { "id": "weird:1", "name": "Weird } { ; -> kind", "kind": "<weird> kind", "aliases": [], "tickers": [], "mentions": { "d1": 1 } }
        ],
        "relations": [
            { "subject": "broker:jpmorgan", "relation": "forecasts", "object": "company:</script>\"'&<x>",
              "attrs": { "rating": "\"buy\" <script>", "<key>": "</td></tr></table>" }, "evidence": ev(&sentence) },
            { "subject": "company:</script>\"'&<x>", "relation": "rel\"ation <x>", "object": "weird:1",
              "attrs": {}, "evidence": ev(&sentence) }
        ],
        "metrics": [{
            "id": "metric:</script>", "entity": "company:</script>\"'&<x>", "label": "<b>PE</b>", "value": 19.3,
            "unit": "x", "period": "</script>", "documents": ["d1"], "evidence": ev(&sentence)
        }]
    });
    serde_json::to_string_pretty(&g).unwrap()
}

/// A graph file of `n` entities and `m` relations of every kind the bundled
/// ontology allows between them, one evidence sentence each, spread over
/// 50 documents; the same numbers give the same file.
pub fn big_json(n: usize, m: usize) -> String {
    // (relation, subject kinds, object kinds) as graph-schema/ontology.ron allows them.
    const RELATIONS: &[(&str, &[&str], &[&str])] = &[
        (
            "forecasts",
            &["broker", "person", "investor"],
            &["company", "index", "sector", "model"],
        ),
        (
            "outperforms",
            &["company", "index", "sector"],
            &["company", "index", "sector"],
        ),
        (
            "invests",
            &["company", "investor", "broker"],
            &["company", "sector", "model"],
        ),
        ("rates", &["broker", "person"], &["company", "index"]),
        ("develops", &["company"], &["model"]),
        ("works_for", &["person"], &["broker", "investor", "company"]),
    ];
    const KINDS: &[&str] = &[
        "company", "company", "company", "company", "company", "company", "broker", "index",
        "model", "investor", "person", "sector",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below as u64) as usize
    };
    let documents: Vec<Value> = (0..50)
        .map(|d| {
            json!({ "id": format!("d{d:04}"), "name": format!("note-{d}.txt"), "path": format!("news/note-{d}.txt"),
                    "title": format!("Research note {d}"), "date": null, "publisher": null })
        })
        .collect();
    let mut entities = Vec::new();
    let mut by_kind: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for i in 0..n {
        let kind = KINDS[next(KINDS.len())];
        by_kind.entry(kind).or_default().push(i);
        entities.push(json!({
            "id": format!("{kind}:entity-{i:05}"), "name": format!("Entity {i}"), "kind": kind,
            "aliases": [format!("Entity {i} Group")], "tickers": [format!("E{i:04}.HK")],
            "mentions": { format!("d{:04}", i % 50): 1 + i % 3 }
        }));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut relations = Vec::new();
    while relations.len() < m {
        let (rel, subjects, objects) = RELATIONS[next(RELATIONS.len())];
        let (Some(ss), Some(os)) = (
            by_kind.get(subjects[next(subjects.len())]),
            by_kind.get(objects[next(objects.len())]),
        ) else {
            continue;
        };
        let (s, o) = (ss[next(ss.len())], os[next(os.len())]);
        if s == o || !seen.insert((s, rel, o)) {
            continue;
        }
        let sentence = format!("Entity {s} {rel} Entity {o}, the research note said, in a sentence about as long as a real one.");
        relations.push((s, rel, o, sentence));
    }
    let id = |i: usize| entities[i]["id"].as_str().unwrap().to_string();
    let mut relations: Vec<Value> = relations
        .into_iter()
        .enumerate()
        .map(|(k, (s, rel, o, sentence))| {
            json!({ "subject": id(s), "relation": rel, "object": id(o), "attrs": {},
                    "evidence": [{ "doc": format!("d{:04}", k % 50), "start": 0, "end": sentence.len(), "sentence": sentence, "rule": "generated" }] })
        })
        .collect();
    relations.sort_by_key(|r| {
        (
            r["subject"].as_str().unwrap().to_string(),
            r["relation"].as_str().unwrap().to_string(),
            r["object"].as_str().unwrap().to_string(),
        )
    });
    entities.sort_by_key(|e| e["id"].as_str().unwrap().to_string());
    serde_json::to_string(&json!({
        "format": "finkg-graph/1", "documents": documents, "entities": entities,
        "relations": relations, "metrics": []
    }))
    .unwrap()
}

/// What the browser test runs with.
pub struct Browser {
    /// `node`.
    pub node: PathBuf,
    /// The node_modules folder holding playwright-core.
    pub modules: PathBuf,
    /// Chromium.
    pub chromium: PathBuf,
}

/// Node, playwright-core and Chromium, when all three are here: from
/// `FINKG_NODE`, `FINKG_PLAYWRIGHT` and `FINKG_CHROMIUM`, else `node` on the
/// PATH, `target/browser-test/node_modules` (where `.ci/run` installs
/// playwright-core) and `/usr/bin/chromium`. Missing: fine on a developer
/// machine (the caller skips, saying so), a failure under CI.
pub fn browser() -> Option<Browser> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let b = Browser {
        node: var("FINKG_NODE").unwrap_or_else(|| "node".into()),
        modules: var("FINKG_PLAYWRIGHT")
            .unwrap_or_else(|| root.join("target/browser-test/node_modules")),
        chromium: var("FINKG_CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into()),
    };
    let node_runs = Command::new(&b.node)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let missing: Vec<String> = [
        (!node_runs).then(|| format!("node ({})", b.node.display())),
        (!b.modules.join("playwright-core/package.json").is_file())
            .then(|| format!("playwright-core (in {})", b.modules.display())),
        (!b.chromium.is_file()).then(|| format!("chromium ({})", b.chromium.display())),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return Some(b);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the browser test needs {}, and CI is set: .ci/run must install them",
        missing.join(", ")
    );
    eprintln!(
        "skipping the browser test: {} missing (.ci/run installs them: apt-get install chromium; \
         npm install --prefix target/browser-test playwright-core)",
        missing.join(", ")
    );
    None
}
