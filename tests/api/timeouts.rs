//! A statement that runs too long is cancelled by PostgreSQL, and the client gets TIMEOUT.
//! Catalog reads run no SQL (they are answered from the snapshot), so these tests slow down
//! what a request still asks the database: a persisted query looked up by its hash.

use std::time::{Duration, Instant};

use certgraph_tests::{Backend, SpawnOptions, TestApp};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{json, Value};

/// The server's statements reading `persisted_query` (the slowed view), running now.
const SERVER_READS_PERSISTED: &str = "state = 'active' AND datname = current_database() \
     AND query LIKE '%FROM \"persisted_query\"%' AND pid <> pg_backend_pid()";

/// Makes every row read from `persisted_query` sleep `seconds`.
async fn slow_persisted_queries(admin: &DatabaseConnection, seconds: f64) {
    for sql in [
        "ALTER TABLE persisted_query RENAME TO persisted_query_rows".to_owned(),
        format!(
            "CREATE VIEW persisted_query AS SELECT * FROM persisted_query_rows \
             WHERE pg_sleep({seconds}) IS NOT NULL"
        ),
        // One row, so the lookup reads (and sleeps on) at least one.
        "INSERT INTO persisted_query_rows VALUES (repeat('f', 64), '{ __typename }')".to_owned(),
    ] {
        admin.execute_unprepared(&sql).await.unwrap();
    }
}

/// A request naming a persisted query by its hash alone: the server must look it up.
fn by_hash() -> Value {
    json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": "f".repeat(64) } } })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statement_timeout_cancels_a_slow_statement_and_the_client_gets_timeout() {
    let options = SpawnOptions {
        statement_timeout: Some(Duration::from_millis(300)),
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Postgres, options).await;
    let admin = Database::connect(&app.database.url).await.unwrap();
    slow_persisted_queries(&admin, 1.0).await;
    let started = Instant::now();
    let response: Value = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&by_hash())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "TIMEOUT",
        "{response}"
    );
    // The statement is gone on the database side too, not left running.
    let running = admin
        .query_one_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT count(*) AS n FROM pg_stat_activity WHERE {SERVER_READS_PERSISTED}"),
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(running.try_get::<i64>("", "n").unwrap(), 0);
    // Other queries still work.
    assert_eq!(
        app.data(r#"{ certification(code: "devops-engineer") { name } }"#)
            .await["certification"]["name"],
        "DevOps Engineer Expert"
    );
    admin.close().await.unwrap();
}

/// A connection killed while its statement runs (a failover, `pg_terminate_backend`) is the
/// database going away under that one request: 503 `SERVICE_UNAVAILABLE`, which clients
/// retry, not a 500; the pool replaces the connection for the next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_killed_mid_statement_answers_503_and_the_next_request_succeeds() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let admin = Database::connect(&app.database.url).await.unwrap();
    slow_persisted_queries(&admin, 0.5).await;
    let slow = tokio::spawn({
        let (client, address) = (app.client.clone(), app.address.clone());
        async move {
            client
                .post(format!("{address}/graphql"))
                .json(&by_hash())
                .send()
                .await
                .unwrap()
        }
    });
    let kill = format!(
        "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE {SERVER_READS_PERSISTED}"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let killed = admin
            .query_one_raw(sea_orm::Statement::from_string(
                admin.get_database_backend(),
                &kill,
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        if killed > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the slow statement never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let response = slow.await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE",
        "{body}"
    );
    assert_eq!(
        app.data(r#"{ certification(code: "devops-engineer") { name } }"#)
            .await["certification"]["name"],
        "DevOps Engineer Expert"
    );
    admin.close().await.unwrap();
}
