//! `/healthz`, and what a server started without the bundled catalog holds.

use certgraph_tests::{on_both_backends, Backend, SpawnOptions, TestApp};

on_both_backends!(healthz_answers_ok, no_bundled_catalog_leaves_the_database_empty);

async fn healthz_answers_ok(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

async fn no_bundled_catalog_leaves_the_database_empty(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        SpawnOptions {
            bundled_catalog: false,
            ..Default::default()
        },
    )
    .await;
    let data = app
        .data(r#"{ certifications { nodes { code } } exam(code: "AZ-400") { code } }"#)
        .await;
    assert_eq!(
        data,
        serde_json::json!({ "certifications": { "nodes": [] }, "exam": null })
    );
}
