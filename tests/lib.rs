//! Helpers for the end-to-end tests: every test spawns the real server on port 0 with a
//! fresh database of its own (an SQLite file in a temporary directory, or a freshly
//! created PostgreSQL database that is dropped afterwards).
#![allow(clippy::unwrap_used)]

mod cluster;
mod dashboard;
mod database;

pub use cluster::ThrowawayPostgres;
pub use dashboard::{dashboard_queries, DashboardCodes, DashboardQuery, CATALOG_PAGE, PATH_PAGE};
pub use database::{backend_pids, postgres_admin_url, Backend, TestDatabase};

use std::time::{Duration, Instant};

use certgraph::{Application, Readiness, Settings};
use serde_json::{json, Value};

/// Longest a test waits for the server's start-up work (migrations, bundled catalog).
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// A running server and a client for it.
pub struct TestApp {
    pub address: String,
    pub database: TestDatabase,
    pub client: reqwest::Client,
    /// The server's start-up state (see [`SpawnOptions::wait_until_ready`]).
    pub readiness: Readiness,
}

/// How to start the server under test.
#[derive(Debug, Clone, Copy)]
pub struct SpawnOptions {
    pub bundled_catalog: bool,
    /// Overrides the planner's work limit.
    pub plan_max_work: Option<u64>,
    /// Serve as a federation subgraph (`_service`, `_entities`).
    pub federation: bool,
    /// Origins allowed by CORS.
    pub cors_allowed_origins: &'static [&'static str],
    /// PostgreSQL `statement_timeout` for the server's connections.
    pub statement_timeout: Option<std::time::Duration>,
    /// Any other change to the settings (profile, limits, batching…), applied last.
    pub settings: fn(&mut Settings),
    /// Return only once the database is migrated and the bundled catalog loaded, as most
    /// tests assume; off for tests of the start-up itself.
    pub wait_until_ready: bool,
}

impl Default for SpawnOptions {
    fn default() -> Self {
        Self {
            bundled_catalog: true,
            plan_max_work: None,
            federation: false,
            cors_allowed_origins: &[],
            statement_timeout: None,
            settings: |_| {},
            wait_until_ready: true,
        }
    }
}

impl TestApp {
    /// The server with the bundled catalog on a fresh database.
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, SpawnOptions::default()).await
    }

    pub async fn spawn_with(backend: Backend, options: SpawnOptions) -> Self {
        Self::start(TestDatabase::create(backend).await, options).await
    }

    /// The server on a database it does not own (e.g. a [`ThrowawayPostgres`]).
    pub async fn spawn_on_url(url: String) -> Self {
        Self::spawn_on_url_with(url, SpawnOptions::default()).await
    }

    /// [`Self::spawn_on_url`] with options (e.g. not waiting for a database that is down).
    pub async fn spawn_on_url_with(url: String, options: SpawnOptions) -> Self {
        Self::start(TestDatabase::external(url), options).await
    }

    async fn start(database: TestDatabase, options: SpawnOptions) -> Self {
        let mut settings = Settings::new(database.url.clone(), "127.0.0.1:0", options.bundled_catalog)
            .expect("test settings are valid");
        if let Some(work) = options.plan_max_work {
            settings.limits.max_plan_work = work;
        }
        settings.federation = options.federation;
        if let Some(timeout) = options.statement_timeout {
            settings.database.statement_timeout = Some(timeout);
        }
        settings.http.allowed_origins = options
            .cors_allowed_origins
            .iter()
            .map(|o| o.to_string())
            .collect();
        (options.settings)(&mut settings);
        let (address, readiness) = serve(settings, options.wait_until_ready).await;
        Self {
            address,
            database,
            client: reqwest::Client::new(),
            readiness,
        }
    }

    /// Starts a second server on this app's database (as another replica, or the same
    /// service after a restart) and returns its address once it is ready.
    pub async fn another_server(&self) -> String {
        let settings =
            Settings::new(self.database.url.clone(), "127.0.0.1:0", false).expect("valid settings");
        serve(settings, true).await.0
    }

    /// POSTs a query and returns the whole JSON response.
    pub async fn graphql(&self, query: &str) -> Value {
        self.graphql_with(query, json!({})).await
    }

    /// POSTs a query with variables and returns the whole JSON response.
    pub async fn graphql_with(&self, query: &str, variables: Value) -> Value {
        self.client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent")
            .json()
            .await
            .expect("a JSON response")
    }

    /// POSTs a query with variables from `client` (see [`client_from`]) and returns the
    /// HTTP response, headers and all.
    pub async fn post_from(
        &self,
        client: &reqwest::Client,
        query: &str,
        variables: Value,
    ) -> reqwest::Response {
        client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent")
    }

    /// POSTs `body` as it is, asking for `accept` (the server's default when `None`).
    pub async fn post_raw(&self, body: &str, accept: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        request.send().await.expect("request sent")
    }

    /// Writes a whole catalog into the server's database, as an import from another
    /// process would, and waits until the server serves it (its snapshot has the version
    /// the write committed).
    pub async fn load_catalog(&self, catalog: &certgraph_domain::Catalog) {
        if let Some(version) = self.load_catalog_without_waiting(catalog).await {
            self.wait_for_catalog_version(version).await;
        }
    }

    /// Writes a whole catalog into the server's database through a store of its own, and
    /// returns the version committed (`None` when nothing changed).
    pub async fn load_catalog_without_waiting(&self, catalog: &certgraph_domain::Catalog) -> Option<i64> {
        let store = self.other_store().await;
        let options = certgraph_store::ApplyOptions::default();
        let summary = store.apply_catalog(catalog.clone(), options).await.unwrap();
        store.close().await.unwrap();
        summary.version
    }

    /// Re-imports the bundled catalog with one certification renamed, and waits until the
    /// server serves it.
    pub async fn rename_certification(&self, code: &str, name: &str) {
        let mut catalog = certgraph_catalog::bundled().unwrap().catalog;
        let certification = catalog
            .certifications
            .iter_mut()
            .find(|c| c.code.as_str() == code)
            .unwrap_or_else(|| panic!("no certification {code} in the bundled catalog"));
        certification.name = name.to_owned();
        self.load_catalog(&catalog).await;
    }

    /// The catalog version the server's snapshot holds, from `/readyz`.
    pub async fn catalog_version(&self) -> Option<i64> {
        let ready: Value = self
            .client
            .get(format!("{}/readyz", self.address))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        ready["catalog"]["version"].as_i64()
    }

    /// Waits (up to 10 s, then panics) until the server serves catalog `version` or later.
    pub async fn wait_for_catalog_version(&self, version: i64) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while self.catalog_version().await.is_none_or(|v| v < version) {
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not serve catalog version {version} within 10 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Runs `certgraph import` as a process of its own (`binary`, the command line built
    /// from the server's `main.rs`: pass `env!("CARGO_BIN_EXE_certgraph-cli")`) on a
    /// catalog file holding `catalog`, against this app's database, and returns what it
    /// printed. Panics unless it exits 0. Does not wait for the server.
    pub async fn import_in_another_process(
        &self,
        binary: &str,
        catalog: &certgraph_domain::Catalog,
    ) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.json");
        let document = certgraph_catalog::CatalogDocument {
            notes: Vec::new(),
            catalog: catalog.clone(),
        };
        std::fs::write(&path, serde_json::to_vec(&document).unwrap()).unwrap();
        let out = tokio::process::Command::new(binary)
            .args([
                "--database-url",
                &self.database.url,
                "import",
                "--format",
                "catalog",
            ])
            .arg(&path)
            .env("RUST_LOG", "warn")
            .output()
            .await
            .expect("the import runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "certgraph import failed ({}): {stderr}",
            out.status
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The catalog version the database has committed (not necessarily the one served).
    pub async fn committed_catalog_version(&self) -> i64 {
        let store = self.other_store().await;
        let version = store.catalog_version().await.unwrap();
        store.close().await.unwrap();
        version
    }

    async fn other_store(&self) -> certgraph_store::Store {
        let settings = certgraph_store::DatabaseSettings::new(self.database.url.clone());
        certgraph_store::Store::connect(&settings).await.unwrap()
    }

    /// Watches the database, from a connection of its own, for a committed catalog version
    /// above `version`; the task ends with that version and about when it was committed
    /// (first seen, asking every 5 ms), to time how long the server takes to follow it.
    /// Panics if none comes within 60 s.
    pub async fn watch_for_commit_after(&self, version: i64) -> tokio::task::JoinHandle<(i64, Instant)> {
        let store = self.other_store().await;
        tokio::spawn(async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                // SQLite may be busy while the writer commits; the next turn asks again.
                if let Ok(seen) = store.catalog_version().await {
                    if seen > version {
                        let at = Instant::now();
                        store.close().await.ok();
                        return (seen, at);
                    }
                }
                assert!(
                    Instant::now() < deadline,
                    "no catalog version above {version} was committed"
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    }

    /// Asks `query` every 5 ms until `done` accepts the whole response, and returns when
    /// it first did. Panics after 30 s.
    pub async fn wait_until_served(&self, query: &str, done: impl Fn(&Value) -> bool) -> Instant {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let response = self.graphql(query).await;
            if done(&response) {
                return Instant::now();
            }
            assert!(
                Instant::now() < deadline,
                "never served as expected; last answer: {response}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// GETs `path` and returns the status and the JSON body.
    pub async fn get_json(&self, path: &str) -> (reqwest::StatusCode, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// POSTs a GraphQL request body as is and returns the status and the JSON response.
    pub async fn post_graphql(&self, body: &Value) -> (reqwest::StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// The Prometheus text `/metrics` answers.
    pub async fn metrics_text(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// `certgraph_db_statements_total` as `/metrics` reports it.
    pub async fn statements_total(&self) -> u64 {
        self.counter("certgraph_db_statements_total").await
    }

    /// A counter without labels, as `/metrics` reports it.
    pub async fn counter(&self, name: &str) -> u64 {
        let text = self.metrics_text().await;
        let prefix = format!("{name} ");
        text.lines()
            .find_map(|l| l.strip_prefix(prefix.as_str()))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /metrics:\n{text}"))
    }

    /// POSTs a query that must succeed and returns its `data`.
    pub async fn data(&self, query: &str) -> Value {
        let response = self.graphql(query).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors: {response:#}"
        );
        response["data"].clone()
    }
}

/// A client whose requests come from `ip` (any 127.0.0.0/8 address is loopback), so that
/// it is charged to a rate budget of its own.
pub fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<std::net::IpAddr>().ok())
        .build()
        .unwrap()
}

/// A numeric response header (`RateLimit-Remaining`, `Retry-After`…); panics when absent.
pub fn header_number(response: &reqwest::Response, name: &str) -> u64 {
    let value = response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header: {:?}", response.headers()));
    value.to_str().unwrap().parse().unwrap()
}

/// Fields in a JSON answer, as the server charges them: every field of every object at any
/// depth counts 1, a list counts what its items hold.
pub fn answer_size(data: &Value) -> u64 {
    match data {
        Value::Object(fields) => fields.values().map(|v| 1 + answer_size(v)).sum(),
        Value::Array(items) => items.iter().map(answer_size).sum(),
        _ => 0,
    }
}

/// Starts the server in the background; returns its address (and start-up state) once it
/// is ready, or at once if `wait` is false.
async fn serve(settings: Settings, wait: bool) -> (String, Readiness) {
    let app = Application::build(settings).await.expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let readiness = app.readiness();
    tokio::spawn(app.run_until_stopped());
    if wait
        && tokio::time::timeout(READY_TIMEOUT, readiness.wait())
            .await
            .is_err()
    {
        panic!(
            "the server was not ready after {READY_TIMEOUT:?}: {}",
            readiness.last_error().unwrap_or_default()
        );
    }
    (address, readiness)
}

/// Defines each listed test function (taking a [`Backend`]) once per backend:
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Backend::Postgres).await
                }
            }
        )*
    };
}

/// JSON text without the whitespace between its tokens (strings kept as they are), so two
/// texts compare equal exactly when they hold the same tokens in the same order.
pub fn squeeze_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

/// A request body that only looks up a persisted query by a hash never registered: it
/// needs the database (the answer is `PERSISTED_QUERY_NOT_FOUND` while the database
/// answers), so it shows what a request that needs the database gets.
pub fn unknown_persisted_query() -> Value {
    let hash = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } })
}
