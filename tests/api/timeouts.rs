//! A statement that runs too long is cancelled by PostgreSQL, and the client gets TIMEOUT.

use std::time::{Duration, Instant};

use certgraph_tests::{Backend, SpawnOptions, TestApp};
use sea_orm::{ConnectionTrait, Database};

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
            "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep%' \
             AND pid <> pg_backend_pid() AND query NOT LIKE '%pg_stat_activity%'",
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
