//! Dated notes on one company (tests/fixtures/notes: an initiation, a target
//! raise, a downgrade, a later cut; dated by front matter, a manifest and a
//! feed): `finkg ask targets`, `finkg ask revisions`, `finkg explain`.

use super::support::Sandbox;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn notes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/notes")
}

/// The notes ingested into `g.ron` of a sandbox.
fn ingested() -> Sandbox {
    let s = Sandbox::new();
    let n = notes();
    let run = s
        .run(&[
            "ingest",
            n.to_str().unwrap(),
            n.join("later.jsonl").to_str().unwrap(),
            "--manifest",
            n.join("manifest.csv").to_str().unwrap(),
            "--graph",
            "g.ron",
        ])
        .ok();
    assert!(run.stdout.contains("added 4 documents"), "{}", run.stdout);
    assert!(
        run.stdout.contains("later.jsonl:1 (wire-0412)"),
        "{}",
        run.stdout
    );
    s
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn every_note_is_dated_by_front_matter_manifest_or_feed() {
    let s = ingested();
    let q = s
        .run(&[
            "query",
            "MATCH ()-[r]->() WHERE r.date IS NULL RETURN count(*) AS undated",
            "--graph",
            "g.ron",
            "--format",
            "json",
        ])
        .ok();
    assert_eq!(json(&q.stdout)[0]["undated"], 0, "{}", q.stdout);
    let g = std::fs::read_to_string(s.path("g.ron")).unwrap();
    for (date, url) in [
        ("2025-03-10", "https://example.com/notes/01"),
        ("2025-06-02", "https://example.com/notes/02"),
        ("2025-09-15", "https://example.com/notes/03"),
        ("2025-12-01", "https://example.com/notes/04"),
    ] {
        assert!(g.contains(&format!("date: Some(\"{date}\")")), "{date}");
        assert!(g.contains(&format!("url: Some(\"{url}\")")), "{url}");
    }
    // the front matter is metadata, not a sentence of the note
    assert!(!g.contains("sentence: \"source: Example Wire"));
    let ex = s
        .run(&["explain", "Daiwa", "rates", "Xiaomi", "--graph", "g.ron"])
        .ok();
    assert!(
        ex.stdout.contains("actions (4), oldest first:"),
        "{}",
        ex.stdout
    );
    assert!(
        ex.stdout.contains("2025-09-15 neutral (from buy)"),
        "{}",
        ex.stdout
    );
    assert!(
        ex.stdout.contains(", 2025-03-10, Example Wire, bytes"),
        "{}",
        ex.stdout
    );
}

#[test]
fn targets_show_each_brokers_latest_view_and_the_consensus() {
    let s = ingested();
    let t = s
        .run(&["ask", "targets", "Xiaomi", "--graph", "g.ron"])
        .ok();
    let lines: Vec<&str> = t.stdout.lines().collect();
    assert_eq!(lines[0], "Xiaomi");
    assert!(
        lines[2].starts_with(
            "Daiwa   neutral (from buy)  52 HKD (from 60)  target cut 13.3%  2025-12-01"
        ),
        "{}",
        t.stdout
    );
    assert!(
        lines[3].starts_with("CLSA    outperform          58 HKD"),
        "{}",
        t.stdout
    );
    assert!(t
        .stdout
        .contains("consensus: 2 brokers; ratings 1 buy, 1 hold, 0 sell"));
    assert!(
        t.stdout.contains("targets in HKD: 2 — mean 55, median 55, high 58, low 52; latest price 45.2 (2025-12-01): implied upside +21.7%"),
        "{}",
        t.stdout
    );
    let j = json(
        &s.run(&[
            "ask", "targets", "01810.HK", "--graph", "g.ron", "--format", "json",
        ])
        .ok()
        .stdout,
    );
    let daiwa = &j["brokers"][0];
    assert_eq!(daiwa["broker"], "Daiwa");
    assert_eq!(daiwa["history"].as_array().unwrap().len(), 4);
    assert_eq!(daiwa["history"][0]["change"], "initiation");
    assert_eq!(daiwa["history"][2]["change"], "downgrade");
    assert_eq!(j["consensus"][0]["median"], 55.0);
    assert_eq!(j["ratings"]["buy"], 1);
    let csv = s
        .run(&[
            "ask", "targets", "Xiaomi", "--graph", "g.ron", "--format", "csv",
        ])
        .ok();
    let csv = csv.stdout.replace("\r\n", "\n");
    assert!(csv.starts_with("broker,rating,previous_rating,target,previous_target,unit,change,date,analyst\nDaiwa,neutral,buy,52.0,60.0,HKD,target cut 13.3%,2025-12-01,"), "{csv}");
    s.run(&["ask", "targets", "Nobody", "--graph", "g.ron"])
        .fails_with(&["Nobody"]);
}

#[test]
fn revisions_newest_first_with_filters() {
    let s = ingested();
    let all = s
        .run(&["ask", "revisions", "--graph", "g.ron", "--format", "json"])
        .ok();
    let rows = json(&all.stdout);
    let got: Vec<(String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["date"].as_str().unwrap().to_string(),
                r["change"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("2025-12-01", "target cut"),
        ("2025-09-15", "downgrade"),
        ("2025-06-02", "target raised"),
        ("2025-03-10", "initiation"),
    ];
    assert_eq!(
        got,
        want.map(|(d, c)| (d.to_string(), c.to_string())),
        "{}",
        all.stdout
    );
    assert_eq!(rows[1]["previous_rating"], "buy");
    assert_eq!(rows[2]["target_change_pct"], 25.0);
    let since = s
        .run(&[
            "ask",
            "revisions",
            "--since",
            "2025-06-02",
            "--until",
            "Sep 30, 2025",
            "--broker",
            "Daiwa",
            "--company",
            "Xiaomi",
            "--graph",
            "g.ron",
            "--format",
            "csv",
        ])
        .ok();
    let lines: Vec<&str> = since.stdout.lines().collect(); // (lines() drops the \r)
    assert_eq!(lines.len(), 3, "{}", since.stdout);
    assert!(lines[1].starts_with("2025-09-15,Daiwa,Xiaomi,downgrade,neutral,buy"));
    let none = s
        .run(&["ask", "revisions", "--broker", "CLSA", "--graph", "g.ron"])
        .ok();
    assert_eq!(none.stdout.trim(), "(no revision)");
    let bad = s.run(&["ask", "revisions", "--since", "someday", "--graph", "g.ron"]);
    assert!(
        !bad.success && bad.stderr.contains("`someday` is not a date"),
        "{bad:?}"
    );
}

#[test]
fn bad_manifests_and_feeds_name_the_file_and_line_and_change_nothing() {
    let s = Sandbox::new();
    s.write(
        "a.txt",
        "Daiwa initiated coverage of Xiaomi with a Buy rating.\n",
    );
    s.write("m.csv", "path,date\na.txt,2025-31-12\n");
    s.run(&["ingest", "a.txt", "--manifest", "m.csv", "--graph", "g.ron"])
        .fails_with(&["m.csv:2: `2025-31-12` is not a date"]);
    s.write("f.jsonl", "{\"text\": \"ok\"}\n{\"title\": \"no text\"}\n");
    s.run(&["ingest", "f.jsonl", "--graph", "g.ron"])
        .fails_with(&["f.jsonl:2: no `text`"]);
    assert!(!s.path("g.ron").exists());
}

#[test]
fn the_targets_chart_renders_as_svg_and_png() {
    if !finkg::export::font_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and there is no TrueType font for charts"
        );
        eprintln!("note: no TrueType font; skipping the chart");
        return;
    }
    let s = ingested();
    let run = s
        .run(&[
            "chart", "targets", "Xiaomi", "--graph", "g.ron", "--out", "x.svg",
        ])
        .ok();
    assert_eq!(
        run.stdout.trim(),
        "wrote x.svg (svg, 2 brokers, 4 targets, 1 price)"
    );
    let svg = String::from_utf8(s.read("x.svg")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&svg);
    let mut texts = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Text(t) => texts.push(t.decode().unwrap().into_owned()),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    for want in [
        "Xiaomi: broker targets (HKD)",
        "Daiwa (neutral)",
        "CLSA (outperform)",
    ] {
        assert!(texts.iter().any(|t| t.trim() == want), "{want}: {texts:?}");
    }
    s.run(&[
        "chart", "targets", "Xiaomi", "--graph", "g.ron", "--out", "x.png", "--width", "1200",
        "--height", "600",
    ])
    .ok();
    let png = s.read("x.png");
    let info = png::Decoder::new(std::io::Cursor::new(&png))
        .read_info()
        .unwrap();
    assert_eq!((info.info().width, info.info().height), (1200, 600));
    s.run(&[
        "chart", "targets", "Xiaomi", "--graph", "g.ron", "--out", "x.gif",
    ])
    .fails_with(&["x.gif: name the chart .svg or .png"]);
    s.run(&[
        "chart", "targets", "CLSA", "--graph", "g.ron", "--out", "c.svg",
    ])
    .fails_with(&["CLSA: no dated target"]);
}
