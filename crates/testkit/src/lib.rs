//! What tests and benchmarks need that production code must not carry: deterministic
//! synthetic catalogs and Learn Catalog API responses of any size, and the proptest
//! settings every property test shares. A dev-dependency only; the examples write the
//! generated inputs to files for the benchmark scripts.

mod catalog;
pub mod learn;
mod proptest_config;

pub use catalog::synthetic_catalog;
pub use proptest_config::proptest_config;
