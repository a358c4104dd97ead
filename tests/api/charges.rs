//! Charges follow the work done (issue 12, item 6): an operation is charged 1 as it
//! arrives and, after execution, the fields of its answer and the planner steps it spent;
//! the complexity estimate only refuses what could never fit. Each charge is read from
//! `RateLimit-Remaining` differences on a budget that refills 1 a second, so that what a
//! test sees is what it spent.

use std::num::NonZeroU32;

use certgraph::Settings;
use certgraph_graphql::RateLimit;
use certgraph_tests::{
    answer_size, client_from, header_number, on_both_backends, Backend, SpawnOptions, TestApp,
};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

on_both_backends!(
    a_cheap_and_an_expensive_query_are_charged_what_they_resolved,
    eligible_on_the_bundled_catalog_is_charged_its_search_not_10000_per_exam,
    an_operation_that_could_never_fit_is_refused_and_charged_only_its_arrival,
    an_operation_costing_more_than_is_left_runs_and_the_client_then_owes,
);

const CHEAP: &str = r#"{ exam(code: "AZ-400") { code } }"#;

/// Estimated at 100 certifications' worth of requirement trees, though the bundled catalog
/// has seven.
const EXPENSIVE: &str = "{ certifications(first: 100) { nodes { code name requirements { kind \
                         items { ... on Certification { code } ... on Exam { code courses { code } } } } } } }";

/// A burst of 10,000 that refills 1 a second. The response cache is off: these tests
/// measure what executing costs, and a repeat from the cache costs 1.
fn slow_budget(settings: &mut Settings) {
    settings.limits.operation.max_complexity = 9_000;
    settings.response_cache_bytes = 0;
    settings.rate_limit = Some(RateLimit {
        cost_per_second: NonZeroU32::new(1).unwrap(),
        burst: NonZeroU32::new(10_000).unwrap(),
    });
}

async fn spawn(backend: Backend, settings: fn(&mut Settings)) -> TestApp {
    let options = SpawnOptions {
        settings,
        ..SpawnOptions::default()
    };
    TestApp::spawn_with(backend, options).await
}

/// One client's view of its budget: it sends operations and reads each one's charge.
struct Meter<'a> {
    app: &'a TestApp,
    client: Client,
    left: u64,
}

impl<'a> Meter<'a> {
    fn new(app: &'a TestApp, burst: u64) -> Self {
        Self {
            app,
            client: client_from("127.0.0.1"),
            left: burst,
        }
    }

    /// Runs `query`, which must succeed; its answer and what it was charged. The bucket
    /// refills 1 a second and shows whole units, so a charge reads at most 1 short.
    async fn run(&mut self, query: &str) -> (Value, u64) {
        let response = self.app.post_from(&self.client, query, json!({})).await;
        assert_eq!(response.status(), StatusCode::OK);
        let left = header_number(&response, "ratelimit-remaining");
        let body: Value = response.json().await.unwrap();
        assert!(body.get("errors").is_none(), "{body}");
        let charged = self.left - left;
        self.left = left;
        (body["data"].clone(), charged)
    }
}

fn about(charged: u64, expected: u64) -> bool {
    (expected.saturating_sub(1)..=expected).contains(&charged)
}

/// A lower bound of `EXPENSIVE`'s complexity estimate (what main charged it): a page of
/// 100 nodes, each at least its `code`, `name`, `requirements`, `kind` and `items`.
const EXPENSIVE_ESTIMATE_AT_LEAST: u64 = 100 * 5;

async fn a_cheap_and_an_expensive_query_are_charged_what_they_resolved(backend: Backend) {
    let app = spawn(backend, slow_budget).await;
    let mut meter = Meter::new(&app, 10_000);
    let (data, cheap) = meter.run(CHEAP).await;
    // `exam`, `code`, and the arrival.
    assert_eq!(answer_size(&data), 2);
    assert!(about(cheap, 3), "cheap charged {cheap}");
    let (data, expensive) = meter.run(EXPENSIVE).await;
    let resolved = answer_size(&data);
    assert!(resolved > 50, "{data}");
    assert!(
        about(expensive, 1 + resolved),
        "charged {expensive} for {resolved} fields"
    );
    // Seven certifications were there to resolve, not the hundred the estimate allows for.
    assert!(expensive < EXPENSIVE_ESTIMATE_AT_LEAST, "charged {expensive}");
    // The same operation again costs the same: the charge is the answer, not a guess.
    let (_, again) = meter.run(EXPENSIVE).await;
    assert!(again.abs_diff(expensive) <= 1, "{again} then {expensive}");
}

async fn eligible_on_the_bundled_catalog_is_charged_its_search_not_10000_per_exam(backend: Backend) {
    let app = spawn(backend, |s| {
        s.rate_limit = Some(RateLimit {
            cost_per_second: NonZeroU32::new(1).unwrap(),
            burst: NonZeroU32::new(200_000).unwrap(),
        });
    })
    .await;
    let mut meter = Meter::new(&app, 200_000);
    let query = r#"{ eligible(holding: ["AZ-104"], withinExams: 2) { certification { code } examsNeeded } }"#;
    let (data, charged) = meter.run(query).await;
    let found = data["eligible"].as_array().unwrap();
    assert!(found.len() >= 2, "{data}");
    let resolved = answer_size(&data);
    // The search was charged (its steps), on top of the answer…
    assert!(charged > 1 + resolved, "charged {charged} for {resolved} fields");
    // …but what seven certifications take, far from 10,000 per exam looked ahead.
    assert!(charged < 2_000, "charged {charged}");
}

async fn an_operation_that_could_never_fit_is_refused_and_charged_only_its_arrival(backend: Backend) {
    // Settings the server's own validation would refuse (a burst below the complexity
    // limit), to reach the one refusal the estimate still makes.
    let app = spawn(backend, |s| {
        s.rate_limit = Some(RateLimit {
            cost_per_second: NonZeroU32::new(1).unwrap(),
            burst: NonZeroU32::new(400).unwrap(),
        });
    })
    .await;
    let client = client_from("127.0.0.1");
    let response = app.post_from(&client, EXPENSIVE, json!({})).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header_number(&response, "ratelimit-remaining"), 399);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{body}");
    assert!(body.get("data").is_none_or(Value::is_null), "nothing ran: {body}");
    // Operations that fit run, charged what they did.
    let response = app.post_from(&client, CHEAP, json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!((395..=396).contains(&header_number(&response, "ratelimit-remaining")));
}

async fn an_operation_costing_more_than_is_left_runs_and_the_client_then_owes(backend: Backend) {
    let app = spawn(backend, slow_budget).await;
    let mut meter = Meter::new(&app, 10_000);
    let (_, expensive) = meter.run(EXPENSIVE).await;
    // Spend until less than one expensive operation is left, but something is.
    while meter.left >= expensive {
        meter.run(EXPENSIVE).await;
    }
    assert!(meter.left > 0, "the budget ran out exactly");
    // Admitted (something is left), charged in full after it ran: the client now owes,
    // and the answer says so.
    let response = app.post_from(&meter.client, EXPENSIVE, json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_number(&response, "ratelimit-remaining"), 0);
    let owed = expensive - meter.left;
    let reset = header_number(&response, "ratelimit-reset");
    assert!(
        (10_000 + owed - 2..=10_000 + owed + 1).contains(&reset),
        "reset {reset} s, owing {owed} at 1 a second"
    );
    // Until the debt is paid back, nothing runs; the refusal says 0 left and how long.
    let refusal = app.post_from(&meter.client, CHEAP, json!({})).await;
    assert_eq!(refusal.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header_number(&refusal, "ratelimit-remaining"), 0);
    let wait = header_number(&refusal, "retry-after");
    assert!(
        (owed - 1..=owed + 2).contains(&wait),
        "Retry-After {wait}, owing {owed}"
    );
}
