//! Fresh databases for tests.

use std::collections::BTreeSet;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use tempfile::TempDir;

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the tests find the PostgreSQL server they create their databases on.
pub const POSTGRES_URL_VAR: &str = "CERTGRAPH_TEST_POSTGRES_URL";

/// The server that test databases are created on, named by [`POSTGRES_URL_VAR`]: there is
/// no default, so that no test ever touches a PostgreSQL it was not pointed at (the test
/// command starts a throwaway one). PostgreSQL tests never skip: without it they fail.
pub fn postgres_admin_url() -> String {
    std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_URL_VAR} is not set: run the tests with scripts/test.sh (or any command \
             under scripts/with-postgres.sh), which start a throwaway PostgreSQL, or point it \
             at a server of your own, e.g. postgres://postgres@127.0.0.1:5432/postgres"
        )
    })
}

/// A database that exists for one test and is removed when dropped.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    postgres_name: Option<String>,
    _dir: Option<TempDir>,
}

impl TestDatabase {
    /// A database someone else created and removes.
    pub fn external(url: String) -> Self {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        Self {
            url,
            backend,
            postgres_name: None,
            _dir: None,
        }
    }

    pub async fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!("sqlite://{}", dir.path().join("certgraph.db").display());
                Self {
                    url,
                    backend,
                    postgres_name: None,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let name = format!("certgraph_test_{}", uuid::Uuid::new_v4().simple());
                let admin = postgres_admin_url();
                let conn = Database::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is required for this test but {admin} is unreachable: {e}")
                });
                conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create database");
                conn.close().await.ok();
                let base = admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin);
                Self {
                    url: format!("{base}/{name}"),
                    backend,
                    postgres_name: Some(name),
                    _dir: None,
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot block on itself: use a thread.
        let handle = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                if let Ok(conn) = Database::connect(&postgres_admin_url()).await {
                    let _ = conn
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    conn.close().await.ok();
                }
            });
        });
        let _ = handle.join();
    }
}

/// The PostgreSQL backends on `admin`'s database that match `condition` (SQL over
/// `pg_stat_activity`), by process id, the asking connection left out.
pub async fn backend_pids(admin: &DatabaseConnection, condition: &str) -> BTreeSet<i32> {
    let sql = format!(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() \
         AND pid <> pg_backend_pid() AND {condition}"
    );
    admin
        .query_all_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<i32>("", "pid").unwrap())
        .collect()
}
