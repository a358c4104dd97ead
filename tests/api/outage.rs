//! The database goes away under a running server and comes back, is not up yet when the
//! server starts, or kills the server's connections.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use certgraph_tests::{Backend, SpawnOptions, TestApp, ThrowawayPostgres};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
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

async fn get(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn post(client: &reqwest::Client, address: &str, query: &str) -> (StatusCode, Value) {
    let response = client
        .post(format!("{address}/graphql"))
        .json(&serde_json::json!({ "query": query }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_starts_before_postgres_and_becomes_ready_when_it_is_up() {
    let cluster = ThrowawayPostgres::create();
    let started = Instant::now();
    let options = SpawnOptions {
        wait_until_ready: false,
        ..Default::default()
    };
    let app = TestApp::spawn_on_url_with(cluster.url(), options).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "binding waited for the database: {:?}",
        started.elapsed()
    );

    assert_eq!(get(&app, "/healthz").await.0, StatusCode::OK);
    let (status, body) = get(&app, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "unavailable");
    assert!(
        body["reason"].as_str().unwrap().starts_with("starting: "),
        "{body}"
    );
    for _ in 0..3 {
        let asked = Instant::now();
        let (status, body) = post(&app.client, &app.address, QUERY).await;
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "took {:?}",
            asked.elapsed()
        );
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE",
            "{body}"
        );
        assert_eq!(
            body["errors"][0]["message"],
            "the server is starting; the database is not ready yet"
        );
    }
    let query = format!("{}/graphql?query={QUERY}", app.address);
    let response = app.client.get(query).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);

    // Once an attempt has failed, /readyz says why, without the URL.
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.readiness.last_error().is_none() {
        assert!(Instant::now() < deadline, "no start-up attempt failed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (status, body) = get(&app, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let reason = body["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("starting: migrating the database: database unavailable"),
        "{reason}"
    );
    assert!(
        !reason.contains("postgres://") && !reason.contains("127.0.0.1"),
        "{reason}"
    );

    cluster.resume();
    let resumed = Instant::now();
    while get(&app, "/readyz").await.0 != StatusCode::OK {
        assert!(
            resumed.elapsed() < Duration::from_secs(15),
            "not ready 15 s after PostgreSQL started"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!(
        "ready {:?} after PostgreSQL accepted connections",
        resumed.elapsed()
    );
    assert_eq!(app.data(QUERY).await["exam"]["code"], "AZ-400");
}

/// Client connections to the test database other than the asking one: the server's
/// (autovacuum workers also show up in `pg_stat_activity`, so are left out).
const SERVER_BACKENDS: &str = "datname = current_database() AND pid <> pg_backend_pid() \
                               AND backend_type = 'client backend'";

/// The server's backends on its database, as PostgreSQL lists them.
async fn server_backends(admin: &DatabaseConnection) -> BTreeSet<i32> {
    let sql = format!("SELECT pid FROM pg_stat_activity WHERE {SERVER_BACKENDS}");
    admin
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<i32>("", "pid").unwrap())
        .collect()
}

/// `n` queries at once, so the pool holds several connections.
async fn burst(app: &TestApp, n: usize) -> Vec<(StatusCode, Value)> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let client = app.client.clone();
            let address = app.address.clone();
            tokio::spawn(async move { post(&client, &address, QUERY).await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_killed_by_postgres_are_replaced_without_a_failed_request() {
    let app = TestApp::spawn(Backend::Postgres).await;
    for (status, body) in burst(&app, 8).await {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let admin = Database::connect(&app.database.url).await.unwrap();
    let before = server_backends(&admin).await;
    assert!(!before.is_empty(), "the server holds no connection");

    // In the select list, not in WHERE: PostgreSQL may evaluate WHERE terms in any order,
    // and would then terminate the asking connection too.
    let kill = format!("SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE {SERVER_BACKENDS}");
    let killed: BTreeSet<i32> = admin
        .query_all_raw(Statement::from_string(DbBackend::Postgres, kill))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<i32>("", "pid").unwrap())
        .collect();
    assert!(killed.is_superset(&before), "killed {killed:?} of {before:?}");
    // Terminating is asynchronous: wait until the backends are gone, so the pool holds
    // nothing but dead connections when the next request comes.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server_backends(&admin).await.is_disjoint(&before) {
        assert!(Instant::now() < deadline, "the backends did not exit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let (status, body) = post(&app.client, &app.address, QUERY).await;
    assert_eq!(status, StatusCode::OK, "the first request after the kill: {body}");
    assert_eq!(body["data"]["exam"]["code"], "AZ-400", "{body}");
    for (status, body) in burst(&app, 8).await {
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["data"]["exam"]["code"], "AZ-400", "{body}");
    }
    assert_eq!(get(&app, "/readyz").await.0, StatusCode::OK);

    let after = server_backends(&admin).await;
    assert!(!after.is_empty(), "the pool did not reconnect");
    assert!(after.is_disjoint(&before), "old {before:?}, now {after:?}");
    admin.close().await.unwrap();
}
