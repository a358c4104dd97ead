//! A statement that runs too long is cancelled by PostgreSQL, and the client gets TIMEOUT.

use std::time::{Duration, Instant};

use certgraph_tests::{Backend, SpawnOptions, TestApp};
use sea_orm::{ConnectionTrait, Database};

/// The server's statements reading `exam` (the slowed view), running now on this database.
const SERVER_READS_EXAM: &str = "state = 'active' AND datname = current_database() \
     AND query LIKE '%FROM \"exam\"%' AND pid <> pg_backend_pid()";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statement_timeout_cancels_a_slow_statement_and_the_client_gets_timeout() {
    let options = SpawnOptions {
        statement_timeout: Some(Duration::from_millis(300)),
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Postgres, options).await;
    // Make exam lookups slow on purpose: every row read from `exam` sleeps a second.
    let admin = Database::connect(&app.database.url).await.unwrap();
    for sql in [
        "ALTER TABLE exam RENAME TO exam_rows",
        "CREATE VIEW exam AS SELECT * FROM exam_rows WHERE pg_sleep(1) IS NOT NULL",
    ] {
        admin.execute_unprepared(sql).await.unwrap();
    }
    let started = Instant::now();
    let response = app.graphql(r#"{ exam(code: "AZ-400") { code } }"#).await;
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
            format!("SELECT count(*) AS n FROM pg_stat_activity WHERE {SERVER_READS_EXAM}"),
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
    for sql in [
        "ALTER TABLE exam RENAME TO exam_rows",
        "CREATE VIEW exam AS SELECT * FROM exam_rows WHERE pg_sleep(0.5) IS NOT NULL",
    ] {
        admin.execute_unprepared(sql).await.unwrap();
    }
    let slow = tokio::spawn({
        let (client, address) = (app.client.clone(), app.address.clone());
        async move {
            client
                .post(format!("{address}/graphql"))
                .json(&serde_json::json!({ "query": r#"{ exam(code: "AZ-400") { code } }"# }))
                .send()
                .await
                .unwrap()
        }
    });
    let kill = format!(
        "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE {SERVER_READS_EXAM}"
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
