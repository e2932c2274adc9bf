//! Integration tests: the `finkg` binary and the library, run on real files in
//! temporary folders. One test binary (`autotests = false`); each concern is a
//! module under `cli/`.

mod cli;
mod eval;
mod layers;
mod numbers;
mod patterns;
