//! Benchmark fixtures, not a pipeline stage: the synthetic corpus and graph
//! that `finkg corpus`, `bench/compare.sh` and `benches/perf.rs` run on, and
//! the hostile texts of the linear-time test and `benches/hostile.rs`.
//! Built with the `corpus` feature (on by default; a library user can leave
//! it out with `default-features = false`).

pub mod corpus;
pub mod hostile;
