//! Tests that run the `finkg` binary.

mod bad_input;
mod demo;
mod eval_cmd;
mod export_dot;
mod extract;
mod ingest;
mod queries;
mod readme;
mod schema;
mod support;
