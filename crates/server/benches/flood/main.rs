//! Flood benchmark: while one client floods the server with expensive queries, does
//! another client's simple traffic still succeed, and how fast?
//!
//! Runs the real `certgraph` binary (release, as `cargo bench` builds it) on a fresh SQLite
//! database holding a synthetic catalog, once with the default rate limits and once with
//! them off, and prints a Markdown table for `BENCHMARKS.md`.
//!
//! `cargo bench -p certgraph --bench flood` (or `scripts/bench-flood.sh`). Knobs:
//! `FLOOD_SECONDS` (per phase, default 10), `FLOOD_CONCURRENCY` (flooder's parallel
//! requests, default 32), `FLOOD_CERTIFICATIONS` (catalog size, default 2000).

mod load;
mod server;

use std::time::Duration;

use load::{flood, simple_traffic, Tally};
use server::Server;

/// The flooder's query: an `eligible` search from every certification, 3 exams ahead.
const EXPENSIVE: &str = "{ eligible(holding: [], withinExams: 3) { certification { code } examsNeeded } }";

/// The other client's query: one exam by code with its courses.
const SIMPLE: &str = r#"{ exam(code: "EX-0001") { code title courses { code } } }"#;

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let seconds = env_or("FLOOD_SECONDS", 10);
    let concurrency = env_or("FLOOD_CONCURRENCY", 32) as usize;
    let certifications = env_or("FLOOD_CERTIFICATIONS", 2_000) as usize;
    let phase = Duration::from_secs(seconds);
    let database = server::synthetic_database(certifications).await;
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "flood: {certifications} certifications, {seconds} s per phase, flooder concurrency {concurrency}, {cores} cores\n"
    );
    println!(
        "| server | phase | simple ok / sent | simple p50 | p99 | max | flooder sent | 200 | 429 | 504 | other |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (label, args) in [
        ("rate limits on (defaults)", &[][..]),
        ("rate limits off", &["--rate-limit-cost-per-second", "0"][..]),
    ] {
        let server = Server::start(&database, args).await;
        let baseline = simple_traffic(&server.url, SIMPLE, phase).await;
        row(label, "simple client alone", &baseline, None);
        let (simple, flooder) = tokio::join!(
            simple_traffic(&server.url, SIMPLE, phase),
            flood(&server.url, EXPENSIVE, phase, concurrency),
        );
        row(label, "under flood", &simple, Some(&flooder));
        server.stop();
    }
}

fn row(server: &str, phase: &str, simple: &Tally, flooder: Option<&Tally>) {
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let flood = flooder.map_or("| – | – | – | – | – |".to_owned(), |f| {
        let [ok, limited, timed_out] = [200, 429, 504].map(|s| f.status(s));
        let other = f.sent - ok - limited - timed_out;
        format!("| {} | {ok} | {limited} | {timed_out} | {other} |", f.sent)
    });
    println!(
        "| {server} | {phase} | {} / {} | {} | {} | {} {flood}",
        simple.status(200),
        simple.sent,
        ms(simple.percentile(50.0)),
        ms(simple.percentile(99.0)),
        ms(simple.percentile(100.0)),
    );
}
