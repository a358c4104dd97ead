//! One typed, validated settings struct for the server.

use std::net::SocketAddr;
use std::time::Duration;

use certgraph_store::DatabaseSettings;
use thiserror::Error;

use crate::config_file::FileConfig;
use crate::graphql_http::HttpOptions;

/// The response cache's default size: 64 MiB, some thousands of dashboard answers.
pub const DEFAULT_RESPONSE_CACHE_BYTES: u64 = 64 * 1024 * 1024;
/// A cache larger than 16 GiB is a typo, not a plan.
const MAX_RESPONSE_CACHE_BYTES: u64 = 16 * 1024 * 1024 * 1024;

/// Everything the server needs to start, already validated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub listen: SocketAddr,
    /// Load the bundled catalog into an empty database at start.
    pub load_bundled_catalog: bool,
    /// Bounds on what one request may ask for.
    pub limits: certgraph_graphql::Limits,
    /// Serve as an Apollo Federation v2 subgraph (`_service`, `_entities`).
    pub federation: bool,
    /// The HTTP endpoint's bounds and switches.
    pub http: HttpOptions,
    /// How long in-flight requests may run after SIGTERM/SIGINT before they are cut.
    pub shutdown_timeout: Duration,
    /// Development or production (see `hardening`); sets the next two and suggestions.
    pub profile: crate::hardening::Profile,
    /// Answer `__schema` and `__type`.
    pub introspection: bool,
    /// Serve GraphiQL at `/graphiql`.
    pub graphiql: bool,
    /// Each client's cost budget; `None` turns rate limiting off.
    pub rate_limit: Option<certgraph_graphql::RateLimit>,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Bytes of successful read answers kept for repeats; 0 turns the cache off.
    pub response_cache_bytes: u64,
}

/// A setting that cannot be used, with what to do about it.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("invalid listen address {0:?}: expected HOST:PORT, e.g. 127.0.0.1:8080")]
    Listen(String),
    #[error("invalid database URL {0:?}: expected sqlite://FILE or postgres://USER@HOST/DB")]
    DatabaseUrl(String),
    #[error("configuration file {0}")]
    ConfigFile(String),
    #[error("invalid settings:\n{}", .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<String>),
}

/// Values given on the command line or in the environment; `None` where not given.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub database_url: Option<String>,
    pub listen: Option<String>,
    pub no_bundled_catalog: bool,
    pub federation: bool,
    pub plan_max_work: Option<u64>,
    pub max_body_bytes: Option<usize>,
    pub max_batch: Option<usize>,
    pub cache_control: Option<String>,
    pub cors_allowed_origins: Option<Vec<String>>,
    pub shutdown_timeout_secs: Option<u64>,
    pub request_timeout_secs: Option<u64>,
    pub statement_timeout_ms: Option<u64>,
    pub response_cache_bytes: Option<u64>,
    /// The profile and the operation limits.
    pub hardening: crate::hardening::HardeningArgs,
    /// Per-client rate limits.
    pub rate_limit: crate::rate_limit::RateLimitArgs,
}

impl Settings {
    pub fn new(
        database_url: String,
        listen: &str,
        load_bundled_catalog: bool,
    ) -> Result<Self, SettingsError> {
        let listen = listen
            .parse()
            .map_err(|_| SettingsError::Listen(listen.to_owned()))?;
        let known = ["sqlite:", "postgres://", "postgresql://"];
        let postgres = database_url.starts_with("postgres");
        // Checked here, so that a bad URL never reaches a driver that would quote it, with
        // its password, in an error message.
        if !known.iter().any(|p| database_url.starts_with(p))
            || (postgres && url::Url::parse(&database_url).is_err())
        {
            return Err(SettingsError::DatabaseUrl(without_credentials(&database_url)));
        }
        Ok(Self {
            database: DatabaseSettings::new(database_url),
            listen,
            load_bundled_catalog,
            limits: certgraph_graphql::Limits::default(),
            federation: false,
            http: HttpOptions::default(),
            shutdown_timeout: Duration::from_secs(30),
            profile: crate::hardening::Profile::Development,
            introspection: true,
            graphiql: true,
            rate_limit: Some(certgraph_graphql::RateLimit::default()),
            trusted_proxies: Vec::new(),
            response_cache_bytes: DEFAULT_RESPONSE_CACHE_BYTES,
        })
    }

    /// Defaults, then the file, then the overrides; every bad value reported at once.
    pub fn layered(
        file: FileConfig,
        over: Overrides,
        default_database_url: &str,
    ) -> Result<Self, SettingsError> {
        let hardening = crate::hardening::Layered::new(&file, &over.hardening);
        let rate_limit = crate::rate_limit::Layered::new(&file, &over.rate_limit);
        let database_url = over
            .database_url
            .or(file.database_url)
            .unwrap_or_else(|| default_database_url.to_owned());
        let listen = over
            .listen
            .or(file.listen)
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let bundled = !over.no_bundled_catalog && file.bundled_catalog.unwrap_or(true);
        let mut settings = Self::new(database_url, &listen, bundled)?;
        settings.federation = over.federation || file.federation.unwrap_or(false);
        let mut problems = Vec::new();
        hardening.apply(&mut settings, &mut problems);
        rate_limit.apply(&mut settings, &mut problems);
        if let Some(bytes) = over.response_cache_bytes.or(file.response_cache_bytes) {
            if bytes > MAX_RESPONSE_CACHE_BYTES {
                problems.push(format!(
                    "response_cache_bytes must be at most {MAX_RESPONSE_CACHE_BYTES} (0 turns the cache off), got {bytes}"
                ));
            }
            settings.response_cache_bytes = bytes;
        }
        if let Some(work) = over.plan_max_work.or(file.plan_max_work) {
            if work == 0 {
                problems.push("plan_max_work must be at least 1".to_owned());
            }
            settings.limits.max_plan_work = work;
        }
        if let Some(bytes) = over.max_body_bytes.or(file.max_body_bytes) {
            if !(1024..=16 * 1024 * 1024).contains(&bytes) {
                problems.push(format!(
                    "max_body_bytes must be between 1024 and 16777216, got {bytes}"
                ));
            }
            settings.http.max_body_bytes = bytes;
        }
        if let Some(batch) = over.max_batch.or(file.max_batch) {
            if batch > 50 {
                problems.push(format!(
                    "max_batch must be at most 50 (0 turns batching off), got {batch}"
                ));
            }
            settings.http.max_batch = batch;
        }
        if let Some(cache) = over.cache_control.or(file.cache_control) {
            if cache.is_empty() || !cache.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                problems.push(format!("cache_control must be printable ASCII, got {cache:?}"));
            }
            settings.http.cache_control = cache;
        }
        if let Some(origins) = over.cors_allowed_origins.or(file.cors_allowed_origins) {
            problems.extend(origins.iter().filter(|o| !is_origin(o)).map(|o| {
                format!("cors_allowed_origins: {o:?} is not an origin like https://dashboard.example.com")
            }));
            settings.http.allowed_origins = origins;
        }
        if let Some(secs) = over.shutdown_timeout_secs.or(file.shutdown_timeout_secs) {
            if secs > 300 {
                problems.push(format!("shutdown_timeout_secs must be at most 300, got {secs}"));
            }
            settings.shutdown_timeout = Duration::from_secs(secs);
        }
        if let Some(secs) = over.request_timeout_secs.or(file.request_timeout_secs) {
            if !(1..=600).contains(&secs) {
                problems.push(format!(
                    "request_timeout_secs must be between 1 and 600, got {secs}"
                ));
            }
            settings.http.request_timeout = Duration::from_secs(secs);
        }
        if let Some(ms) = over.statement_timeout_ms.or(file.statement_timeout_ms) {
            if !(10..=600_000).contains(&ms) {
                problems.push(format!(
                    "statement_timeout_ms must be between 10 and 600000, got {ms}"
                ));
            }
            settings.database.statement_timeout = Some(Duration::from_millis(ms));
        }
        if let Some(secs) = file.db_acquire_timeout_secs {
            if !(1..=60).contains(&secs) {
                problems.push(format!(
                    "db_acquire_timeout_secs must be between 1 and 60, got {secs}"
                ));
            }
            settings.database.acquire_timeout = Duration::from_secs(secs);
        }
        if let Some(n) = file.db_max_connections {
            if !(1..=200).contains(&n) {
                problems.push(format!("db_max_connections must be between 1 and 200, got {n}"));
            }
            settings.database.max_connections = n;
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(SettingsError::Invalid(problems))
        }
    }
}

/// `url` with its password (between the user's `:` and the last `@`) hidden.
fn without_credentials(url: &str) -> String {
    let Some(start) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    match (url.rfind('@'), url[start..].find(':').map(|i| i + start)) {
        (Some(at), Some(colon)) if colon < at => format!("{}***{}", &url[..=colon], &url[at..]),
        _ => url.to_owned(),
    }
}

/// `scheme://host[:port]`, nothing more: what a browser sends in `Origin`.
fn is_origin(text: &str) -> bool {
    match url::Url::parse(text) {
        Ok(u) => {
            matches!(u.scheme(), "http" | "https")
                && u.host().is_some()
                && u.path() == "/"
                && !text.ends_with('/')
                && u.query().is_none()
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_refused_with_what_to_fix() {
        let err = Settings::new("sqlite://x.db".into(), "localhost", true).unwrap_err();
        assert!(err.to_string().contains("HOST:PORT"));
        let err = Settings::new("mysql://x".into(), "127.0.0.1:0", true).unwrap_err();
        assert!(err.to_string().contains("sqlite://FILE"));
        let bad_port = "postgres://u:s3cret@db.example:notaport/certgraph";
        let err = Settings::new(bad_port.into(), "127.0.0.1:0", true)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("postgres://u:***@db.example:notaport/certgraph"),
            "{err}"
        );
        assert!(!err.contains("s3cret"), "{err}");
    }

    #[test]
    fn good_values_are_accepted() {
        let s = Settings::new("postgres://u@h/db".into(), "0.0.0.0:8080", false).unwrap();
        assert_eq!(s.listen.port(), 8080);
        assert!(!s.load_bundled_catalog);
    }

    #[test]
    fn flags_and_env_override_the_file_which_overrides_defaults() {
        let file = FileConfig {
            listen: Some("0.0.0.0:9000".into()),
            max_batch: Some(5),
            cache_control: Some("no-cache".into()),
            ..FileConfig::default()
        };
        let over = Overrides {
            listen: Some("127.0.0.1:7000".into()),
            ..Overrides::default()
        };
        let s = Settings::layered(file, over, "sqlite://d.db").unwrap();
        assert_eq!(s.listen.port(), 7000);
        assert_eq!(s.http.max_batch, 5);
        assert_eq!(s.http.cache_control, "no-cache");
        assert_eq!(s.database.url, "sqlite://d.db");
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let file = FileConfig {
            max_batch: Some(500),
            cors_allowed_origins: Some(vec![
                "https://ok.example".into(),
                "not a url".into(),
                "https://x.example/path".into(),
            ]),
            db_acquire_timeout_secs: Some(0),
            ..FileConfig::default()
        };
        let err = Settings::layered(file, Overrides::default(), "sqlite://d.db")
            .unwrap_err()
            .to_string();
        for part in [
            "max_batch",
            "not a url",
            "x.example/path",
            "db_acquire_timeout_secs",
        ] {
            assert!(err.contains(part), "{err}");
        }
        assert!(!err.contains("ok.example"));
    }
}
