//! The database goes away under a running server and comes back.

use std::time::{Duration, Instant};

use certgraph_tests::{TestApp, ThrowawayPostgres};
use reqwest::StatusCode;
use serde_json::Value;

const QUERY: &str = r#"{ exam(code: "AZ-400") { code } }"#;

async fn readyz(app: &TestApp) -> StatusCode {
    app.client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_fail_fast_with_503_while_postgres_is_down_and_recover_after() {
    let cluster = ThrowawayPostgres::start();
    let app = TestApp::spawn_on_url(cluster.url()).await;
    assert_eq!(readyz(&app).await, StatusCode::OK);
    assert_eq!(app.data(QUERY).await["exam"]["code"], "AZ-400");

    cluster.stop();
    for _ in 0..3 {
        let started = Instant::now();
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .json(&serde_json::json!({ "query": QUERY }))
            .send()
            .await
            .unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "took {:?}",
            started.elapsed()
        );
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE",
            "{body}"
        );
        assert!(
            !body.to_string().contains("127.0.0.1"),
            "no internals leak: {body}"
        );
    }
    assert_eq!(readyz(&app).await, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        app.client
            .get(format!("{}/healthz", app.address))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    cluster.resume();
    let deadline = Instant::now() + Duration::from_secs(15);
    while readyz(&app).await != StatusCode::OK {
        assert!(Instant::now() < deadline, "the server did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(app.data(QUERY).await["exam"]["code"], "AZ-400");
}
