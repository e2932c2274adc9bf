//! Tests that run the `finkg` binary.

mod actions;
mod bad_input;
mod confidence;
mod crash;
mod cypher;
mod cypher_kuzu;
mod demo;
mod eval_cmd;
mod export_clients;
mod export_dot;
mod export_seed;
mod export_snapshots;
mod extract;
mod faults;
mod hostile_exports;
mod hostile_input;
mod hostile_text;
mod ingest;
mod lock;
mod neo4j_lint;
#[cfg(feature = "corpus")]
mod perf;
mod queries;
mod readme;
mod remove;
mod render;
mod schema;
mod serve;
mod serve_browser;
mod support;
mod view;
mod view_browser;
