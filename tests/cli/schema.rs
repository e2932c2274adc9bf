//! `finkg schema check`: the bundled schema, a copy, and broken copies.

use super::support::{copy_schema, Sandbox};

#[test]
fn the_bundled_schema_checks_out() {
    let s = Sandbox::new();
    let run = s.run(&["schema", "check"]).ok();
    assert!(run.stdout.starts_with("schema: bundled"), "{}", run.stdout);
    assert!(
        run.stdout.contains("ontology: 7 entity kinds"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("gazetteer: "), "{}", run.stdout);
    assert!(
        run.stdout.lines().last().unwrap().starts_with("ok"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_schema_folder_is_checked_and_used() {
    let s = Sandbox::new();
    copy_schema(&s, "schema");
    s.write(
        "schema/gazetteer/zz_local.ron",
        "[(name: \"Acme Robotics\", kind: \"company\", aliases: [\"Acme\"], tickers: [\"ACME\"])]\n",
    );
    let run = s.run(&["schema", "check", "--schema", "schema"]).ok();
    assert!(run.stdout.starts_with("schema: schema"), "{}", run.stdout);
    assert!(run.stdout.contains("zz_local.ron: 1"), "{}", run.stdout);

    // The local entry is found in text with the folder schema.
    s.write(
        "a.txt",
        "Goldman Sachs expects Acme Robotics to double its revenue in 2026.\n",
    );
    s.run(&[
        "--schema",
        "schema",
        "extract",
        "a.txt",
        "--json-dir",
        "pred",
    ])
    .ok();
    let v: serde_json::Value = serde_json::from_slice(&s.read("pred/a.json")).unwrap();
    let names: Vec<&str> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Acme Robotics"), "{names:?}");
}

#[test]
fn broken_schema_files_name_file_line_and_column() {
    let s = Sandbox::new();
    copy_schema(&s, "schema");
    let ontology = String::from_utf8(s.read("schema/ontology.ron")).unwrap();
    // Drop the first comma after a field inside the entity kinds.
    let broken = ontology.replacen("core: true,", "core: true", 1);
    assert_ne!(broken, ontology);
    s.write("schema/ontology.ron", &broken);
    let line = s
        .run(&["schema", "check", "--schema", "schema"])
        .fails_with(&["schema/ontology.ron:"]);
    // error: schema/ontology.ron:LINE:COLUMN: message
    let rest = line.trim_start_matches("error: schema/ontology.ron:");
    let mut parts = rest.splitn(3, ':');
    let l: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{line}"));
    let c: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{line}"));
    assert!(l > 1 && c > 1, "{line}");
}

/// A relation kind added to a copy of the ontology and a rule file for a construction
/// finkg does not know ("X will supply … to Y"): the same binary extracts the new
/// relation, names the rule on its evidence, and `schema check` runs the rule's
/// examples. No recompiling.
#[test]
fn a_rule_file_added_to_a_schema_folder_yields_its_relation() {
    let s = Sandbox::new();
    copy_schema(&s, "schema");
    let ontology = String::from_utf8(s.read("schema/ontology.ron")).unwrap();
    let extended = ontology.replacen(
        "relation_kinds: [",
        "relation_kinds: [\n        (name: \"supplies\", description: \"Sells goods or services to the object\",\n         subjects: [\"company\"], objects: [\"company\"]),",
        1,
    );
    assert_ne!(extended, ontology);
    s.write("schema/ontology.ron", &extended);
    s.write(
        "schema/rules/supply.ron",
        r#"(
    stage: 70,
    rules: [
        (
            name: "supplies-to",
            doc: "\"Orvane Chips Inc. will supply modems to Quillon Robotics Inc.\": the supplier before the verb, the customer after it.",
            trigger: Cue(Words(["supply", "supplies", "supplied"])),
            args: [
                (name: "supplier", kinds: ["company"], at: [Before(Clause, Nearest)]),
                (name: "customer", kinds: ["company"], at: [After(Clause, Nearest)]),
            ],
            emit: [Relate("supplier", "supplies", "customer")],
            examples: [("Orvane Chips Inc. will supply modems to Quillon Robotics Inc. from 2027.",
                        [Rel("Orvane Chips Inc.", "supplies", "Quillon Robotics Inc.")])],
            counter: ["Orvane Chips Inc. reported higher supply costs."],
        ),
    ],
)
"#,
    );
    let run = s.run(&["schema", "check", "--schema", "schema"]).ok();
    assert!(run.stdout.contains("supply 1"), "{}", run.stdout);
    assert!(run.stdout.contains("0 failing"), "{}", run.stdout);

    s.write(
        "a.txt",
        "Tessaly Motors Inc. said Halcyon Batteries Inc. has supplied cells to Corvane Labs Inc. since May.\n",
    );
    s.run(&[
        "--schema",
        "schema",
        "extract",
        "a.txt",
        "--json-dir",
        "pred",
    ])
    .ok();
    let v: serde_json::Value = serde_json::from_slice(&s.read("pred/a.json")).unwrap();
    let found = v["relations"].as_array().unwrap().iter().any(|r| {
        r["subject"] == "Halcyon Batteries Inc."
            && r["relation"] == "supplies"
            && r["object"] == "Corvane Labs Inc."
    });
    assert!(found, "{}", v["relations"]);
    // the bundled schema knows no such relation
    s.run(&["extract", "a.txt", "--json-dir", "plain"]).ok();
    let v: serde_json::Value = serde_json::from_slice(&s.read("plain/a.json")).unwrap();
    assert!(!v["relations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["relation"] == "supplies"));

    // the trace names the rule
    let run = s
        .run(&[
            "--schema",
            "schema",
            "explain",
            "--trace",
            "Orvane Chips Inc. will supply modems to Quillon Robotics Inc.",
        ])
        .ok();
    assert!(
        run.stdout.contains("fired      supplies-to"),
        "{}",
        run.stdout
    );

    // a rule that names a kind the ontology does not define is an error at its place
    s.write(
        "schema/rules/supply.ron",
        "(\n    stage: 70,\n    rules: [\n        (\n            name: \"x\",\n            trigger: Mention([\"vendor\"]),\n            emit: [],\n        ),\n    ],\n)\n",
    );
    s.run(&["schema", "check", "--schema", "schema"])
        .fails_with(&["schema/rules/supply.ron:6:", "unknown entity kind `vendor`"]);
}
