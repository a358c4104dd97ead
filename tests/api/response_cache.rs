//! Repeated reads are answered from the response cache, until the catalog changes.

use certgraph_tests::{on_both_backends, Backend, SpawnOptions, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    a_repeated_read_is_a_cache_hit_with_the_same_bytes,
    a_new_catalog_version_is_never_answered_from_the_cache,
);

const QUERY: &str = r#"{ certification(code: "devops-engineer") { name requirements { kind } } }"#;

async fn raw(app: &TestApp, body: &Value) -> (reqwest::StatusCode, String) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(body)
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn hits_and_misses(app: &TestApp) -> (u64, u64) {
    (
        app.counter("certgraph_response_cache_hits_total").await,
        app.counter("certgraph_response_cache_misses_total").await,
    )
}

async fn a_repeated_read_is_a_cache_hit_with_the_same_bytes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = json!({ "query": QUERY });
    let (status, first) = raw(&app, &body).await;
    assert_eq!(status, 200);
    let before = hits_and_misses(&app).await;
    let (status, second) = raw(&app, &body).await;
    assert_eq!(status, 200);
    assert_eq!(second, first);
    assert_eq!(hits_and_misses(&app).await, (before.0 + 1, before.1));
    // Other variables, another operation: not the same answer, so a miss.
    let named = json!({ "query": format!("query Named {QUERY}"), "operationName": "Named" });
    raw(&app, &named).await;
    assert_eq!(hits_and_misses(&app).await, (before.0 + 1, before.1 + 1));
    // Errors are never kept.
    let wrong = json!({ "query": "{ certification(code: 5) { name } }" });
    raw(&app, &wrong).await;
    raw(&app, &wrong).await;
    assert_eq!(hits_and_misses(&app).await.0, before.0 + 1);
}

async fn a_new_catalog_version_is_never_answered_from_the_cache(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let body = json!({ "query": QUERY });
    let (_, old) = raw(&app, &body).await;
    assert!(old.contains("\"DevOps Engineer Expert\""), "{old}");
    app.rename_certification("devops-engineer", "DevOps Engineer Expert, renamed")
        .await;
    let (_, new) = raw(&app, &body).await;
    assert!(new.contains("\"DevOps Engineer Expert, renamed\""), "{new}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_cache_off_every_read_runs() {
    let options = SpawnOptions {
        settings: |s| s.response_cache_bytes = 0,
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    let body = json!({ "query": QUERY });
    for _ in 0..3 {
        assert_eq!(raw(&app, &body).await.0, 200);
    }
    assert_eq!(hits_and_misses(&app).await, (0, 0));
}
