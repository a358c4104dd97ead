//! Per-client rate limits counted in cost: 429 with `Retry-After`, other clients
//! unaffected, `X-Forwarded-For` believed only from trusted proxies.

use std::num::NonZeroU32;
use std::time::Duration;

use certgraph::Settings;
use certgraph_graphql::RateLimit;
use certgraph_tests::{client_from, on_both_backends, Backend, SpawnOptions, TestApp};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

const CHEAP: &str = r#"{ exam(code: "AZ-400") { code } }"#;
const EXPENSIVE: &str = "{ certifications(first: 20) { nodes { code name requirements { kind \
                         items { ... on Certification { code } ... on Exam { code courses { code } } } } } } }";

/// A budget that refills 1 per second (so a test sees what it spent, not a refill) or
/// `per_second`, of 10,000 at most; operations may cost up to 9,000. The response cache is
/// off: these tests spend the budget by repeating queries, which the cache answers for 1.
fn budget(settings: &mut Settings, per_second: u32) {
    settings.limits.operation.max_complexity = 9_000;
    settings.response_cache_bytes = 0;
    settings.rate_limit = Some(RateLimit {
        cost_per_second: NonZeroU32::new(per_second).unwrap(),
        burst: NonZeroU32::new(10_000).unwrap(),
    });
}

async fn spawn(settings: fn(&mut Settings)) -> TestApp {
    let options = SpawnOptions {
        settings,
        ..SpawnOptions::default()
    };
    TestApp::spawn_with(Backend::Postgres, options).await
}

on_both_backends!(a_429_says_what_is_left_and_browsers_can_read_it);

async fn post(client: &Client, app: &TestApp, query: &str, forwarded_for: Option<&str>) -> Response {
    let mut request = client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": query }));
    if let Some(ip) = forwarded_for {
        request = request.header("x-forwarded-for", ip);
    }
    request.send().await.unwrap()
}

fn header(response: &Response, name: &str) -> u64 {
    response.headers()[name].to_str().unwrap().parse().unwrap()
}

/// Sends `query` until it is refused; the successes and the refusal.
async fn until_refused(client: &Client, app: &TestApp, query: &str, xff: Option<&str>) -> (u64, Response) {
    for sent in 0..1_000 {
        let response = post(client, app, query, xff).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            return (sent, response);
        }
        assert_eq!(response.status(), StatusCode::OK);
    }
    panic!("never rate limited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_is_spent_by_cost_then_429_with_retry_after_while_other_clients_go_on() {
    let app = spawn(|s| budget(s, 1)).await;
    let flooder = client_from("127.0.0.1");

    // Every answer says what is left; each operation takes 1 plus what it resolved.
    let first = post(&flooder, &app, CHEAP, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(header(&first, "ratelimit-limit"), 10_000);
    let cheap = 10_000 - header(&first, "ratelimit-remaining");
    let probe = post(&flooder, &app, EXPENSIVE, None).await;
    assert_eq!(probe.status(), StatusCode::OK);
    let left = header(&probe, "ratelimit-remaining");
    let expensive = 10_000 - cheap - left;
    assert!(expensive > 20 * cheap, "cheap {cheap}, expensive {expensive}");

    // Counted in cost, not requests: the same budget runs many cheap queries but few
    // expensive ones (the last one admitted may overspend: it is charged after it ran).
    let (more, refusal) = until_refused(&flooder, &app, EXPENSIVE, None).await;
    let expected = left / expensive;
    assert!(
        (expected..=expected + 1).contains(&more),
        "{more} more expensive queries fitted in {left}, each costing {expensive}"
    );
    let wait = header(&refusal, "retry-after");
    assert!(wait >= 1, "Retry-After {wait}");
    // Refused only once the budget is spent (the client owes).
    assert_eq!(header(&refusal, "ratelimit-remaining"), 0);
    let body: Value = refusal.json().await.unwrap();
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "RATE_LIMITED", "{body}");
    assert_eq!(error["extensions"]["retryAfter"], wait, "{body}");
    assert!(error["message"].as_str().unwrap().contains("retry in"), "{body}");
    assert!(body["data"].is_null(), "nothing ran: {body}");

    // GET is charged to the same budget.
    let get = flooder
        .get(format!("{}/graphql", app.address))
        .query(&[("query", EXPENSIVE)])
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(get.headers().contains_key("retry-after"));

    // Another client has its own budget.
    let other = client_from("127.0.0.2");
    let response = post(&other, &app, EXPENSIVE, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["data"]["certifications"]["nodes"][0]["code"].is_string(),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_retry_after_the_same_client_is_served_again() {
    let app = spawn(|s| budget(s, 2_000)).await;
    let client = client_from("127.0.0.1");
    let (_, refusal) = until_refused(&client, &app, EXPENSIVE, None).await;
    let wait = header(&refusal, "retry-after");
    assert!((1..=5).contains(&wait), "Retry-After {wait}");
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(
        post(&client, &app, EXPENSIVE, None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_for_names_the_client_only_behind_a_trusted_proxy() {
    // Untrusted: a client cannot dodge its budget by inventing addresses.
    let app = spawn(|s| budget(s, 1)).await;
    let client = client_from("127.0.0.1");
    until_refused(&client, &app, EXPENSIVE, Some("192.0.2.1")).await;
    let dodge = post(&client, &app, EXPENSIVE, Some("192.0.2.2")).await;
    assert_eq!(dodge.status(), StatusCode::TOO_MANY_REQUESTS);

    // Behind a trusted proxy, each forwarded client has its own budget.
    let app = spawn(|s| {
        budget(s, 1);
        s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    until_refused(&client, &app, EXPENSIVE, Some("192.0.2.1")).await;
    let second = post(&client, &app, EXPENSIVE, Some("192.0.2.2")).await;
    assert_eq!(second.status(), StatusCode::OK);
    let again = post(&client, &app, EXPENSIVE, Some("203.0.113.9, 192.0.2.1")).await;
    assert_eq!(
        again.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the proxy's own entry counts"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_rate_limiting_off_there_are_no_budget_headers() {
    let app = spawn(|s| s.rate_limit = None).await;
    let response = post(&app.client, &app, EXPENSIVE, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(!response.headers().contains_key("ratelimit-remaining"));
}

async fn a_429_says_what_is_left_and_browsers_can_read_it(backend: Backend) {
    let options = SpawnOptions {
        settings: |s| budget(s, 1),
        cors_allowed_origins: &["https://dashboard.example.com"],
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(backend, options).await;
    let client = client_from("127.0.0.1");
    // Operations are charged after they ran, so the one that spends the last of the budget
    // runs and leaves the client owing; the next one is refused.
    let mut last_answer = None;
    let refusal = loop {
        let response = client
            .post(format!("{}/graphql", app.address))
            .header("origin", "https://dashboard.example.com")
            .json(&json!({ "query": EXPENSIVE }))
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            break response;
        }
        last_answer = Some((
            header(&response, "ratelimit-remaining"),
            header(&response, "ratelimit-reset"),
        ));
    };
    // The answer that overspent said so: nothing left, and longer than a full refill
    // (10,000 s at 1 a second) until the budget is full again.
    let (left, owing_reset) = last_answer.unwrap();
    assert_eq!(left, 0);
    assert!(owing_reset > 10_000, "reset {owing_reset}");
    // The refusal took nothing: the same debt, less what a stalled test refilled.
    assert_eq!(header(&refusal, "ratelimit-remaining"), 0);
    let reset = header(&refusal, "ratelimit-reset");
    assert!(
        (owing_reset - 5..=owing_reset).contains(&reset),
        "reset {reset} after the 429, {owing_reset} before"
    );
    let exposed = refusal.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    for name in [
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
        "retry-after",
    ] {
        assert!(exposed.contains(name), "{name} not in {exposed:?}");
    }
    assert!(refusal.headers().contains_key("retry-after"));
    // The next cheap request is refused too, and finds what the 429 said: the client owes
    // until its budget refills.
    let cheap = post(&client, &app, CHEAP, None).await;
    assert_eq!(cheap.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&cheap, "ratelimit-remaining"), 0);
    let after_cheap = header(&cheap, "ratelimit-reset");
    assert!(
        (reset - 5..=reset).contains(&after_cheap),
        "reset {reset} after the 429, then {after_cheap}"
    );
}
