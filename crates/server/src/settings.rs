//! The server's configuration: one typed tree whose sections each belong to one feature
//! (`server`, `database`, `http`, `cache`, `profile`, `limits`, `rate`), and the validated
//! [`Settings`] the server runs with, built from it once at start.
//!
//! A setting is one field of its section: its doc comment is the `--help` text, its `#[arg]`
//! the flag and environment variable, the section's `Default` the default (which `--help`
//! shows), the section's `apply` its check and where it lands in [`Settings`]. The TOML key is
//! the field's name. Layering (defaults, then the file, then environment and flags) is in
//! `layers`, reading the file in `file`; neither knows any setting by name.

mod cache;
mod database;
pub mod file;
mod http;
mod layers;
mod limits;
mod profile;
mod rate;
#[cfg(test)]
mod readme_tests;
mod server;
mod subscriptions;

use std::net::{IpAddr, SocketAddr};
use std::ops::RangeInclusive;
use std::time::Duration;

use certgraph_store::DatabaseSettings;
use clap::Args;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::graphql_http::HttpOptions;

pub use cache::CacheSection;
pub use database::DatabaseSection;
pub use http::HttpSection;
pub use layers::Given;
pub use limits::LimitsSection;
pub use profile::{Profile, ProfileSection};
pub use rate::RateSection;
pub use server::ServerSection;
pub use subscriptions::SubscriptionsSection;

/// Every setting, by feature. Flattened both ways: each field is a `serve` flag and a
/// top-level TOML key, so the sections cost users nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Args, Serialize, Deserialize)]
pub struct Config {
    #[command(flatten)]
    #[serde(flatten)]
    pub server: ServerSection,
    #[command(flatten)]
    #[serde(flatten)]
    pub database: DatabaseSection,
    #[command(flatten)]
    #[serde(flatten)]
    pub http: HttpSection,
    #[command(flatten)]
    #[serde(flatten)]
    pub cache: CacheSection,
    #[command(flatten)]
    #[serde(flatten)]
    pub profile: ProfileSection,
    #[command(flatten)]
    #[serde(flatten)]
    pub limits: LimitsSection,
    #[command(flatten)]
    #[serde(flatten)]
    pub rate: RateSection,
    #[command(flatten)]
    #[serde(flatten)]
    pub subscriptions: SubscriptionsSection,
}

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
    /// Development or production; sets the next two and suggestions.
    pub profile: Profile,
    /// Answer `__schema` and `__type`.
    pub introspection: bool,
    /// Serve GraphiQL at `/graphiql`.
    pub graphiql: bool,
    /// Serve the catalog explorer at `/explore`.
    pub explorer: bool,
    /// Each client's cost budget; `None` turns rate limiting off.
    pub rate_limit: Option<certgraph_graphql::RateLimit>,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// Bytes of successful read answers kept for repeats; 0 turns the cache off.
    pub response_cache_bytes: u64,
    /// Bounds on WebSocket subscriptions.
    pub subscriptions: crate::subscriptions::SubscriptionOptions,
}

/// A setting that cannot be used, with what to do about it.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("configuration file {0}")]
    ConfigFile(String),
    #[error("invalid settings:\n{}", .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<String>),
}

impl Settings {
    /// The defaults with this database, address and bundled-catalog switch (what tests and
    /// embedders start from).
    pub fn new(
        database_url: String,
        listen: &str,
        load_bundled_catalog: bool,
    ) -> Result<Self, SettingsError> {
        let mut config = Config::default();
        config.database.database_url = database_url;
        config.server.listen = listen.to_owned();
        config.server.bundled_catalog = load_bundled_catalog;
        Self::from_config(config)
    }

    /// Checks every setting and reports every bad one at once.
    pub fn from_config(config: Config) -> Result<Self, SettingsError> {
        let mut problems = Problems::default();
        // Placeholders only: each section below sets its own fields.
        let mut settings = Self {
            database: DatabaseSettings::new(String::new()),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            load_bundled_catalog: false,
            limits: certgraph_graphql::Limits::default(),
            federation: false,
            http: HttpOptions::default(),
            shutdown_timeout: Duration::ZERO,
            profile: Profile::default(),
            introspection: false,
            graphiql: false,
            explorer: false,
            rate_limit: None,
            trusted_proxies: Vec::new(),
            response_cache_bytes: 0,
            subscriptions: Default::default(),
        };
        config.server.apply(&mut settings, &mut problems);
        config.database.apply(&mut settings, &mut problems);
        config.http.apply(&mut settings, &mut problems);
        config.cache.apply(&mut settings, &mut problems);
        config.profile.apply(&mut settings);
        config.subscriptions.apply(&mut settings, &mut problems);
        config.limits.apply(&mut settings, &mut problems);
        // Last: the burst is checked against the complexity limit.
        config.rate.apply(&mut settings, &mut problems);
        problems.into_result(settings)
    }
}

/// The problems found so far; each names its setting (the TOML key), so a user finds it in
/// any layer.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<String>);

impl Problems {
    pub(crate) fn push(&mut self, problem: String) {
        self.0.push(problem);
    }

    /// `value` must lie in `range`.
    pub(crate) fn range<T>(&mut self, key: &str, value: T, range: RangeInclusive<T>)
    where
        T: PartialOrd + std::fmt::Display,
    {
        if !range.contains(&value) {
            let (low, high) = range.into_inner();
            self.push(format!("{key} must be between {low} and {high}, got {value}"));
        }
    }

    fn into_result<T>(self, value: T) -> Result<T, SettingsError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(SettingsError::Invalid(self.0))
        }
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
    fn the_defaults_are_the_runtime_defaults() {
        let s = Settings::new("sqlite://d.db".into(), "127.0.0.1:8080", true).unwrap();
        assert_eq!(s.limits, certgraph_graphql::Limits::default());
        // `HttpOptions` has no `PartialEq`; its debug form shows every field.
        assert_eq!(format!("{:?}", s.http), format!("{:?}", HttpOptions::default()));
        assert_eq!(s.rate_limit, Some(certgraph_graphql::RateLimit::default()));
        let db = DatabaseSettings::new("sqlite://d.db");
        assert_eq!(
            (s.database.max_connections, s.database.acquire_timeout),
            (db.max_connections, db.acquire_timeout)
        );
        assert_eq!(s.database.statement_timeout, db.statement_timeout);
        assert_eq!(s.response_cache_bytes, 64 * 1024 * 1024);
        assert_eq!(s.shutdown_timeout, Duration::from_secs(30));
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let file = file::parse(
            "max_batch = 500\n\
             cors_allowed_origins = [\"https://ok.example\", \"not a url\", \"https://x.example/path\"]\n\
             db_acquire_timeout_secs = 0\n",
        )
        .unwrap();
        let err = Config::layered(file, &Given::default())
            .and_then(Settings::from_config)
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
