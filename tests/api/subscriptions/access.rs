//! Who may subscribe and where: with reads behind API keys the key rides in
//! `connection_init`'s payload; a federation subgraph serves subscriptions but leaves them
//! out of its SDL; a replica told to stop closes every socket with 1001 and exits cleanly;
//! an upgrade that does not offer the protocol is refused.

use certgraph_tests::{bearer, Backend, ServerProcess, SpawnOptions, TestApp};
use serde_json::json;

use super::{import_elsewhere, tagged, wait_for_metric, Subscriber, CERTGRAPH, CHANGES};

const DEVOPS: &str = r#"subscription { certificationChanged(code: "devops-engineer") { name } }"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_reads_behind_keys_the_key_comes_in_connection_init() {
    let options = SpawnOptions {
        settings: |s| s.http.require_key_for_reads = true,
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    let key = app.create_key(CERTGRAPH, "dashboard", "reader").await;

    let mut anonymous = Subscriber::graphql_ws(&app.address, json!([{ "query": DEVOPS }]), json!({})).await;
    let closed = anonymous
        .until(|m| m.get("closed").is_some())
        .await
        .pop()
        .unwrap();
    assert_eq!(closed["closed"]["code"], 4403, "{closed}");
    assert!(closed["closed"]["reason"]
        .as_str()
        .unwrap()
        .starts_with("UNAUTHENTICATED"));

    let wrong = json!({ "authorization": bearer("cgk_not-a-key") });
    let mut forged = Subscriber::graphql_ws(&app.address, json!([{ "query": DEVOPS }]), wrong).await;
    let closed = forged.until(|m| m.get("closed").is_some()).await.pop().unwrap();
    assert_eq!(closed["closed"]["code"], 4403, "{closed}");

    let params = json!({ "authorization": bearer(&key) });
    let mut keyed = Subscriber::graphql_ws(&app.address, json!([{ "query": DEVOPS }]), params).await;
    assert_eq!(keyed.next().await, json!({ "connected": true }));
    wait_for_metric(&app.address, "certgraph_subscriptions", "", 1.0).await;
    import_elsewhere(&app, &tagged(1)).await;
    let events = keyed.events(0, 1).await;
    assert_eq!(
        events[0]["next"]["data"]["certificationChanged"]["name"],
        "DevOps Engineer Expert (gen 1)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_federation_subgraph_serves_subscriptions_but_leaves_them_out_of_its_sdl() {
    let options = SpawnOptions {
        federation: true,
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    let sdl = app.graphql("{ _service { sdl } }").await;
    let sdl = sdl["data"]["_service"]["sdl"].as_str().expect("an SDL");
    assert!(sdl.contains("type Query"), "the subgraph's SDL");
    assert!(
        !sdl.contains("Subscription") && !sdl.contains("catalogChanged"),
        "{sdl}"
    );

    let mut subscriber = Subscriber::graphql_ws(&app.address, json!([{ "query": DEVOPS }]), json!({})).await;
    subscriber.next().await;
    wait_for_metric(&app.address, "certgraph_subscriptions", "", 1.0).await;
    import_elsewhere(&app, &tagged(1)).await;
    subscriber.events(0, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_told_to_stop_closes_its_sockets_with_1001_and_exits_cleanly() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let replica = ServerProcess::start(CERTGRAPH, &app.database.url).await;
    let send = json!([
        { "type": "connection_init" },
        { "type": "subscribe", "id": "1", "payload": { "query": CHANGES } },
    ]);
    let mut subscriber = Subscriber::raw(&replica.address, json!({ "send": send })).await;
    wait_for_metric(&replica.address, "certgraph_subscriptions", "", 1.0).await;

    let status = replica.terminate().await;
    let closed = subscriber
        .until(|m| m.get("closed").is_some())
        .await
        .pop()
        .unwrap();
    assert_eq!(closed["closed"]["code"], 1001, "{closed}");
    assert!(status.success(), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upgrade_without_the_graphql_transport_ws_subprotocol_is_refused_with_400() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("connection", "Upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")
        .header("sec-websocket-protocol", "graphql-ws")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST", "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("graphql-transport-ws"),
        "the upgrade's refusal, not a GET's: {message}"
    );
}
