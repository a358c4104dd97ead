//! The server under test: started on port 0 over a database of its own, with the options a
//! test may change, and waited for until it is ready.

use std::time::Duration;

use certgraph::{Application, Readiness, Settings};

use crate::{Backend, TestDatabase};

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
