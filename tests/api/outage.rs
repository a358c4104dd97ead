//! The database goes away under a running server and comes back, is not up yet when the
//! server starts, or kills the server's connections.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use certgraph_tests::{
    backend_pids, unknown_persisted_query, Backend, SpawnOptions, TestApp, ThrowawayPostgres,
};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{json, Value};

const QUERY: &str = r#"{ exam(code: "AZ-400") { code } }"#;

/// Read by the clients during the outage; none of it changes in this test.
const READ: &str = r#"{ exam(code: "AZ-400") { code title requiredBy { code } }
    certification(code: "devops-engineer") { name requirements { kind items { ... on Exam { code } ... on Certification { code } } } }
    certifications(first: 100) { totalCount }
    plan(target: "devops-engineer") { examCount } }"#;

/// The issue's bounds: a request that needs the database is refused this fast once the
/// server knows it is down, and a change is served this soon after it returns.
const REFUSED_WITHIN: Duration = Duration::from_millis(100);
const CURRENT_WITHIN: Duration = Duration::from_secs(1);

/// A persisted-query lookup by hash: it needs the database. Returns the answer and how
/// long it took.
async fn lookup(app: &TestApp) -> (StatusCode, Value, Duration) {
    let asked = Instant::now();
    let (status, body) = app.post_graphql(&unknown_persisted_query()).await;
    (status, body, asked.elapsed())
}

fn assert_unavailable(status: StatusCode, body: &Value) {
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE",
        "{body}"
    );
    assert!(
        !body.to_string().contains("127.0.0.1"),
        "no internals leak: {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_are_answered_from_the_snapshot_while_postgres_is_down_and_what_needs_it_fails_fast() {
    let cluster = ThrowawayPostgres::start();
    let options = SpawnOptions {
        // Four clients reading for seconds: the limiter is not what this is about.
        settings: |s| s.rate_limit = None,
        ..Default::default()
    };
    let app = TestApp::spawn_on_url_with(cluster.url(), options).await;
    let (status, ready) = app.get_json("/readyz").await;
    assert_eq!(
        (status, &ready["status"]),
        (StatusCode::OK, &json!("ready")),
        "{ready}"
    );
    let version = ready["catalog"]["version"].clone();
    let expected = app.data(READ).await;
    let (status, miss, _) = lookup(&app).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{miss}");
    assert_eq!(
        miss["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );

    // A light load of reads, from before the outage until after the database is back.
    let stop = AtomicBool::new(false);
    let down = AtomicBool::new(false);
    let answered_while_down = AtomicUsize::new(0);
    let reader = || async {
        while !stop.load(Ordering::Relaxed) {
            let (status, body) = app.post_graphql(&json!({ "query": READ })).await;
            assert_eq!(status, StatusCode::OK, "a read failed: {body}");
            assert_eq!(body, json!({ "data": expected }), "a read answered wrongly");
            if down.load(Ordering::Relaxed) {
                answered_while_down.fetch_add(1, Ordering::Relaxed);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let outage = async {
        tokio::task::block_in_place(|| cluster.stop());
        down.store(true, Ordering::Relaxed);

        // The first request that needs the database may wait the acquire timeout (3 s)
        // before the server knows; it still answers 503, not a hang or a 500.
        let (status, body, took) = lookup(&app).await;
        eprintln!("the first lookup during the outage took {took:?}");
        assert_unavailable(status, &body);
        // Once the server knows (a failed request or its follower told it), /readyz says so.
        let deadline = Instant::now() + Duration::from_secs(10);
        let degraded = loop {
            let (status, ready) = app.get_json("/readyz").await;
            assert_eq!(status, StatusCode::OK, "{ready}");
            if ready["status"] == "degraded" {
                break ready;
            }
            assert!(Instant::now() < deadline, "never degraded: {ready}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(degraded["catalog"]["version"], version, "{degraded}");
        assert!(degraded["catalog"]["ageSeconds"].is_number(), "{degraded}");
        assert_eq!(degraded["database"]["reachable"], false, "{degraded}");
        assert_eq!(app.get_json("/healthz").await.0, StatusCode::OK);
        // From now on, every request that needs the database is refused at once.
        for _ in 0..10 {
            let (status, body, took) = lookup(&app).await;
            assert_unavailable(status, &body);
            assert!(took <= REFUSED_WITHIN, "refused only after {took:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The reads went on meanwhile.
        assert!(
            answered_while_down.load(Ordering::Relaxed) > 0,
            "no read was answered during the outage"
        );

        tokio::task::block_in_place(|| cluster.resume());
        down.store(false, Ordering::Relaxed);
        // A change made as soon as the database is back is served within a second of its
        // commit (the follower reconnects and reloads).
        let mut changed = certgraph_catalog::bundled().unwrap().catalog;
        let course = changed
            .courses
            .iter_mut()
            .find(|c| c.code.as_str() == "AZ-400T00")
            .unwrap();
        course.title = Some("Back after the outage".to_owned());
        let commit = app.watch_for_commit_after(version.as_i64().unwrap()).await;
        app.load_catalog_without_waiting(&changed).await.unwrap();
        let (committed, committed_at) = commit.await.unwrap();
        let served_at = app
            .wait_until_served(r#"{ course(code: "AZ-400T00") { title } }"#, |r| {
                r["data"]["course"]["title"] == "Back after the outage"
            })
            .await;
        let took = served_at.saturating_duration_since(committed_at);
        eprintln!("the change after the outage was served {took:?} after its commit");
        assert!(took <= CURRENT_WITHIN, "served {took:?} after its commit");

        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (status, ready) = app.get_json("/readyz").await;
            if ready["status"] == "ready" {
                assert_eq!(status, StatusCode::OK);
                assert_eq!(ready["catalog"]["version"], committed, "{ready}");
                break;
            }
            assert!(Instant::now() < deadline, "not ready again: {ready}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let (status, miss, _) = lookup(&app).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{miss}");
        assert_eq!(
            miss["errors"][0]["extensions"]["code"],
            "PERSISTED_QUERY_NOT_FOUND"
        );
        stop.store(true, Ordering::Relaxed);
    };
    tokio::join!(reader(), reader(), reader(), reader(), outage);
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

    assert_eq!(app.get_json("/healthz").await.0, StatusCode::OK);
    let (status, body) = app.get_json("/readyz").await;
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
    let (status, body) = app.get_json("/readyz").await;
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
    while app.get_json("/readyz").await.0 != StatusCode::OK {
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

/// Client connections, as `pg_stat_activity` tells them from autovacuum workers.
const CLIENT_BACKEND: &str = "backend_type = 'client backend'";

/// The server's backends on its database, as PostgreSQL lists them.
async fn server_backends(admin: &DatabaseConnection) -> BTreeSet<i32> {
    backend_pids(admin, CLIENT_BACKEND).await
}

/// `n` requests at once, so the pool holds several connections.
async fn burst(app: &TestApp, n: usize, body: &Value) -> Vec<(StatusCode, Value)> {
    let requests = (0..n).map(|_| app.post_graphql(body));
    futures::future::join_all(requests).await
}

/// [`QUERY`] as a persisted query asked by its hash only: unlike a read of the catalog
/// (answered from memory), it needs the database. Registers it first.
async fn persisted_by_hash(app: &TestApp) -> Value {
    let hash = certgraph_graphql::query_hash(QUERY);
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let (status, body) = app
        .post_graphql(&json!({ "query": QUERY, "extensions": ext }))
        .await;
    assert_eq!(status, StatusCode::OK, "registering: {body}");
    json!({ "extensions": ext })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_killed_by_postgres_are_replaced_without_a_failed_request() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let by_hash = persisted_by_hash(&app).await;
    for (status, body) in burst(&app, 8, &by_hash).await {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let admin = Database::connect(&app.database.url).await.unwrap();
    let before = server_backends(&admin).await;
    assert!(!before.is_empty(), "the server holds no connection");

    // In the select list, not in WHERE: PostgreSQL may evaluate WHERE terms in any order,
    // and would then terminate the asking connection too.
    let kill = format!(
        "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND {CLIENT_BACKEND}"
    );
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

    let (status, body) = app.post_graphql(&by_hash).await;
    assert_eq!(status, StatusCode::OK, "the first request after the kill: {body}");
    assert_eq!(body["data"]["exam"]["code"], "AZ-400", "{body}");
    for (status, body) in burst(&app, 8, &by_hash).await {
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["data"]["exam"]["code"], "AZ-400", "{body}");
    }
    assert_eq!(app.get_json("/readyz").await.0, StatusCode::OK);

    let after = server_backends(&admin).await;
    assert!(!after.is_empty(), "the pool did not reconnect");
    assert!(after.is_disjoint(&before), "old {before:?}, now {after:?}");
    admin.close().await.unwrap();
}
