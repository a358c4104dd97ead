//! One typed, validated settings struct for the server.

use std::net::SocketAddr;

use certgraph_store::DatabaseSettings;
use thiserror::Error;

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
}

/// A setting that cannot be used, with what to do about it.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("invalid listen address {0:?}: expected HOST:PORT, e.g. 127.0.0.1:8080")]
    Listen(String),
    #[error("invalid database URL {0:?}: expected sqlite://FILE or postgres://USER@HOST/DB")]
    DatabaseUrl(String),
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
        if !known.iter().any(|p| database_url.starts_with(p)) {
            return Err(SettingsError::DatabaseUrl(database_url));
        }
        Ok(Self {
            database: DatabaseSettings::new(database_url),
            listen,
            load_bundled_catalog,
            limits: certgraph_graphql::Limits::default(),
            federation: false,
        })
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
    }

    #[test]
    fn good_values_are_accepted() {
        let s = Settings::new("postgres://u@h/db".into(), "0.0.0.0:8080", false).unwrap();
        assert_eq!(s.listen.port(), 8080);
        assert!(!s.load_bundled_catalog);
    }
}
