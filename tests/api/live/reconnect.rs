//! The server follows the catalog again after PostgreSQL kills its notification
//! connection, including a change committed while nobody was listening.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use certgraph_tests::{backend_pids, postgres_admin_url, Backend};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};

use super::{generation_of, import_and_time_until_served, spawn, tagged, CURRENT_WITHIN, DEVOPS};

/// The server's notification connection: the backend on the test's database that ran
/// `LISTEN` last (PostgreSQL keeps showing a connection's last statement).
async fn listeners(admin: &DatabaseConnection) -> BTreeSet<i32> {
    backend_pids(admin, "query LIKE 'LISTEN%'").await
}

async fn wait_for_listeners(
    admin: &DatabaseConnection,
    done: impl Fn(&BTreeSet<i32>) -> bool,
) -> BTreeSet<i32> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = listeners(admin).await;
        if done(&found) {
            return found;
        }
        assert!(Instant::now() < deadline, "listeners now: {found:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn committed_version(admin: &DatabaseConnection) -> i64 {
    let sql = "SELECT version FROM catalog_version WHERE id = 1";
    let row = admin.query_one_raw(Statement::from_string(DbBackend::Postgres, sql));
    row.await.unwrap().unwrap().try_get("", "version").unwrap()
}

async fn execute(admin: &DatabaseConnection, sql: &str) {
    admin
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_follows_again_after_its_notification_connection_is_killed() {
    let app = spawn(Backend::Postgres).await;
    // One connection, opened now: it must keep working while new ones are refused.
    let mut options = ConnectOptions::new(app.database.url.clone());
    options.max_connections(1).min_connections(1);
    let admin = Database::connect(options).await.unwrap();
    let before = wait_for_listeners(&admin, |l| l.len() == 1).await;
    let database: String = admin
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT current_database() AS name",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "name")
        .unwrap();

    // No new connection to the database until the change is committed, so the server
    // cannot be listening again before it: the change is made while it has no
    // notification connection, and its NOTIFY reaches no one.
    // (From another database: PostgreSQL refuses to do it from the database itself.)
    let cluster = Database::connect(postgres_admin_url()).await.unwrap();
    let allow = |yes: bool| format!("ALTER DATABASE {database} ALLOW_CONNECTIONS {yes}");
    execute(&cluster, &allow(false)).await;
    // The LISTEN backend and every other of the server's (an idle pooled connection would
    // otherwise let it listen again at once), waiting (up to 5 s each) until they exit.
    let kill = format!(
        "SELECT pid, pg_terminate_backend(pid, 5000) AS gone FROM pg_stat_activity \
         WHERE datname = '{database}' AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    );
    let killed: Vec<(i32, bool)> = admin
        .query_all_raw(Statement::from_string(DbBackend::Postgres, kill))
        .await
        .unwrap()
        .iter()
        .map(|row| (row.try_get("", "pid").unwrap(), row.try_get("", "gone").unwrap()))
        .collect();
    assert!(
        before.iter().all(|l| killed.contains(&(*l, true))),
        "the LISTEN backend {before:?} was not killed: {killed:?}"
    );
    let committed_before = committed_version(&admin).await;
    execute(
        &admin,
        "BEGIN;
         UPDATE certification SET name = 'DevOps Engineer Expert (gen 1)', version = version + 1
           WHERE code = 'devops-engineer';
         UPDATE catalog_version SET version = version + 1 WHERE id = 1;
         SELECT pg_notify('certgraph_catalog', (SELECT version::text FROM catalog_version WHERE id = 1));
         COMMIT;",
    )
    .await;
    let version = committed_version(&admin).await;
    assert_eq!(version, committed_before + 1);
    assert!(
        listeners(&admin).await.is_empty(),
        "the server listened again too early"
    );
    execute(&cluster, &allow(true)).await;
    cluster.close().await.unwrap();
    let allowed_at = Instant::now();

    let served_at = app
        .wait_until_served(DEVOPS, |r| {
            generation_of(&r["data"]["certification"]["name"]) == Some(1)
        })
        .await;
    let took = served_at.saturating_duration_since(allowed_at);
    eprintln!(
        "the change made while the server was not listening was served {took:?} after it could reconnect"
    );
    assert!(
        took <= Duration::from_secs(2),
        "the change made while the notification connection was down took {took:?}"
    );
    assert_eq!(app.catalog_version().await, Some(version));

    // A new notification connection, and later changes are followed as before.
    let after = wait_for_listeners(&admin, |l| l.len() == 1 && l.is_disjoint(&before)).await;
    for generation in 2..=3 {
        let (took, version) = import_and_time_until_served(&app, &tagged(generation), generation).await;
        assert!(took <= CURRENT_WITHIN, "generation {generation} took {took:?}");
        assert_eq!(app.catalog_version().await, Some(version));
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, ready) = app.get_json("/readyz").await;
        assert_eq!(status, 200, "{ready}");
        if ready["status"] == "ready" {
            break;
        }
        assert!(Instant::now() < deadline, "not ready again: {ready}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        listeners(&admin).await,
        after,
        "the notification connection was replaced again"
    );
    admin.close().await.unwrap();
}
