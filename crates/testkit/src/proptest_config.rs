//! One place for how many cases a property test runs: brief under `cargo test`, as many as
//! `PROPTEST_CASES` asks for under the fuzz script.

use proptest::test_runner::Config;

/// `PROPTEST_CASES` when set, else `ci_cases`, a count that keeps the default `cargo test`
/// brief. Failures are persisted beside the test's source, as proptest does by default.
pub fn proptest_config(ci_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ci_cases);
    Config {
        cases,
        ..Config::default()
    }
}
