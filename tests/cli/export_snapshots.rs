//! Snapshots of every export format on a small hand-made graph
//! (`tests/fixtures/small-graph.ron`), kept in `tests/snapshots/`: a change to
//! an exporter shows as a diff there. After a deliberate change, rewrite them
//! with `INSTA_UPDATE=always cargo test --test integration export_snapshots`
//! and review the diff. The fixture does not come from extraction, so the
//! snapshots do not move when the extraction rules do.

use super::support::export::fixture;
use super::support::Sandbox;

/// `finkg export ARGS… --graph <fixture>`'s standard output.
fn export(args: &[&str]) -> String {
    let s = Sandbox::new();
    let graph = fixture().display().to_string();
    let mut argv = vec!["export", "--graph", graph.as_str()];
    argv.extend_from_slice(args);
    s.run(&argv).ok().stdout
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(format!(
        "finkg export … on {}",
        "tests/fixtures/small-graph.ron"
    ));
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn dot_snapshot() {
    snapshot("export_dot", &export(&["--format", "dot"]));
}

#[test]
fn dot_with_clusters_and_metrics_snapshot() {
    snapshot(
        "export_dot_clusters_metrics",
        &export(&["--format", "dot", "--clusters", "--with-metrics"]),
    );
}

#[test]
fn dot_around_one_entity_snapshot() {
    snapshot(
        "export_dot_around_acme",
        &export(&["--around", "Acme", "--depth", "1", "--connected"]),
    );
}

#[test]
fn json_snapshot() {
    snapshot("export_json", &export(&["--format", "json"]));
}

#[test]
fn json_of_one_document_snapshot() {
    snapshot(
        "export_json_document_beta",
        &export(&["--format", "json", "--document", "beta-wire.txt"]),
    );
}

#[test]
fn graphml_snapshot() {
    snapshot("export_graphml", &export(&["--format", "graphml"]));
}

#[test]
fn graphml_of_forecasts_snapshot() {
    snapshot(
        "export_graphml_forecasts",
        &export(&[
            "--format",
            "graphml",
            "--relation",
            "forecasts",
            "--without-metrics",
        ]),
    );
}
