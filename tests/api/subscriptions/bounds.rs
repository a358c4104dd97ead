//! Each bound on subscriptions holds, and the server stays healthy for everyone else: a
//! connection over its subscriptions, one that never says `connection_init`, one that
//! never answers a ping, a client over its connections, a consumer that never reads, and an
//! operation over the operation limits.

use std::time::Duration;

use certgraph_tests::{Backend, SpawnOptions, TestApp};
use serde_json::{json, Value};

use super::{import_elsewhere, metric, tagged, wait_for_metric, Subscriber, CHANGES};

async fn spawn(settings: fn(&mut certgraph::Settings)) -> TestApp {
    let options = SpawnOptions {
        settings,
        ..Default::default()
    };
    TestApp::spawn_with(Backend::Sqlite, options).await
}

const DEVOPS: &str = r#"subscription { certificationChanged(code: "devops-engineer") { name } }"#;

/// A `graphql-ws` client subscribed to the DevOps certification, registered on the server.
async fn bystander(app: &TestApp, already: f64) -> Subscriber {
    let mut bystander = Subscriber::graphql_ws(&app.address, json!([{ "query": DEVOPS }]), json!({})).await;
    assert_eq!(bystander.next().await, json!({ "connected": true }));
    wait_for_metric(&app.address, "certgraph_subscriptions", "", already + 1.0).await;
    bystander
}

/// Imports generation `generation` and checks that `bystander` (subscription `sub`) hears.
async fn still_served(app: &TestApp, bystander: &mut Subscriber, sub: u64, generation: usize) {
    import_elsewhere(app, &tagged(generation)).await;
    let name = format!("DevOps Engineer Expert (gen {generation})");
    let heard = bystander
        .until(|m| m["sub"] == sub && m["next"]["data"]["certificationChanged"]["name"] == name.as_str())
        .await;
    assert!(!heard.is_empty());
}

fn subscribe(id: &str, query: &str) -> Value {
    json!({ "type": "subscribe", "id": id, "payload": { "query": query } })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_over_the_connections_bound_is_refused_and_the_others_go_on() {
    let app = spawn(|s| s.subscriptions.max_per_connection = 2).await;
    let three = json!([{ "query": DEVOPS }, { "query": DEVOPS }, { "query": DEVOPS }]);
    let mut crowded = Subscriber::graphql_ws(&app.address, three, json!({})).await;
    let refused = crowded.until(|m| m.get("error").is_some()).await.pop().unwrap();
    assert_eq!(refused["sub"], 2);
    assert_eq!(
        refused["error"][0]["extensions"]["code"], "TOO_MANY_SUBSCRIPTIONS",
        "{refused}"
    );
    let mut other = bystander(&app, 2.0).await;

    import_elsewhere(&app, &tagged(1)).await;
    let events = crowded.events(0, 1).await;
    assert_eq!(
        events[0]["next"]["data"]["certificationChanged"]["name"],
        "DevOps Engineer Expert (gen 1)"
    );
    crowded.events(1, 1).await;
    other.events(0, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_never_initialises_is_closed_with_4408() {
    let app = spawn(|s| s.subscriptions.init_timeout = Duration::from_secs(1)).await;
    let mut silent = Subscriber::raw(&app.address, json!({ "send": [] })).await;
    let mut other = bystander(&app, 0.0).await;
    let closed = silent.until(|m| m.get("closed").is_some()).await.pop().unwrap();
    assert_eq!(closed["closed"]["code"], 4408, "{closed}");
    still_served(&app, &mut other, 0, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_never_answers_a_ping_is_closed_with_4504() {
    let app = spawn(|s| s.subscriptions.keepalive = Duration::from_secs(1)).await;
    let init = json!({ "send": [{ "type": "connection_init" }] });
    let mut mute = Subscriber::raw(&app.address, init).await;
    let seen = mute.until(|m| m.get("closed").is_some()).await;
    let messages: Vec<&Value> = seen.iter().filter_map(|m| m.get("message")).collect();
    assert_eq!(
        messages,
        [&json!({ "type": "connection_ack" }), &json!({ "type": "ping" })]
    );
    assert_eq!(seen.last().unwrap()["closed"]["code"], 4504, "{seen:?}");
    // The graphql-ws client answers pings: it stays.
    let mut other = bystander(&app, 0.0).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    still_served(&app, &mut other, 0, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_over_its_connections_is_refused_with_429() {
    let app = spawn(|s| s.subscriptions.max_connections_per_client = 2).await;
    let mut first = bystander(&app, 0.0).await;
    let mut second = bystander(&app, 1.0).await;
    let mut third = Subscriber::raw(&app.address, json!({ "send": [] })).await;
    let refused = third.until(|m| m.get("closed").is_some()).await;
    assert!(
        refused
            .iter()
            .any(|m| m["error"].as_str().is_some_and(|e| e.contains("429"))),
        "{refused:?}"
    );
    import_elsewhere(&app, &tagged(1)).await;
    first.events(0, 1).await;
    second.events(0, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_that_never_reads_is_dropped_with_1008_and_the_others_keep_receiving() {
    let app = spawn(|s| {
        s.subscriptions.send_timeout = Duration::from_secs(1);
        s.subscriptions.max_per_connection = 200;
        s.rate_limit = None;
    })
    .await;
    let mut send = vec![json!({ "type": "connection_init" })];
    send.extend((0..200).map(|i| subscribe(&i.to_string(), CHANGES)));
    let mut stalled = Subscriber::raw(&app.address, json!({ "send": send, "pause": true })).await;
    stalled.until(|m| m.get("paused").is_some()).await;
    wait_for_metric(&app.address, "certgraph_subscriptions", "", 200.0).await;
    let mut other = bystander(&app, 200.0).await;

    // Large changes, until the stalled connection's socket is full and it is dropped.
    let mut generation = 0;
    while metric(
        &app.address,
        "certgraph_subscription_closes_total",
        r#"code="1008""#,
    )
    .await
        < 1.0
    {
        generation += 1;
        assert!(generation <= 20, "never dropped after {generation} large changes");
        app.load_catalog(&certgraph_testkit::synthetic_catalog(300, generation))
            .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    wait_for_metric(&app.address, "certgraph_subscriptions", "", 1.0).await;
    assert_eq!(
        metric(&app.address, "certgraph_subscriptions", "").await,
        1.0,
        "the stalled ones are gone"
    );
    still_served(&app, &mut other, 0, 1).await;
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscription_documents_are_held_to_the_operation_limits() {
    let app = spawn(|_| {}).await;
    let aliases: String = (0..20).map(|i| format!("a{i}: code ")).collect();
    let wide = format!("subscription {{ catalogChanged {{ {aliases} }} }}");
    let mut subscriber = Subscriber::graphql_ws(&app.address, json!([{ "query": wide }]), json!({})).await;
    let refused = subscriber
        .until(|m| m.get("error").is_some())
        .await
        .pop()
        .unwrap();
    assert_eq!(
        refused["error"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{refused}"
    );
    assert_eq!(metric(&app.address, "certgraph_subscriptions", "").await, 0.0);
}
