//! The optional TOML configuration file. Precedence, lowest first: built-in defaults,
//! this file, environment variables, command-line flags.

use std::path::Path;

use serde::Deserialize;

use crate::settings::SettingsError;

/// Every key the file may set; unknown keys are refused so typos are caught at start.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub listen: Option<String>,
    pub bundled_catalog: Option<bool>,
    pub federation: Option<bool>,
    pub plan_max_work: Option<u64>,
    pub max_body_bytes: Option<usize>,
    pub max_batch: Option<usize>,
    pub cache_control: Option<String>,
    pub cors_allowed_origins: Option<Vec<String>>,
    pub shutdown_timeout_secs: Option<u64>,
    pub db_acquire_timeout_secs: Option<u64>,
    pub db_max_connections: Option<u32>,
    pub request_timeout_secs: Option<u64>,
    pub statement_timeout_ms: Option<u64>,
    pub profile: Option<crate::hardening::Profile>,
    pub introspection: Option<bool>,
    pub graphiql: Option<bool>,
    pub max_depth: Option<usize>,
    pub max_complexity: Option<usize>,
    pub max_aliases: Option<usize>,
    pub max_root_fields: Option<usize>,
    pub max_directives: Option<usize>,
    pub max_tokens: Option<usize>,
    pub max_document_bytes: Option<usize>,
    pub rate_limit_cost_per_second: Option<u32>,
    pub rate_limit_burst: Option<u32>,
    pub trusted_proxies: Option<Vec<String>>,
    pub response_cache_bytes: Option<u64>,
}

impl FileConfig {
    /// Reads and parses the file; errors name the file and the line.
    pub fn load(path: &Path) -> Result<Self, SettingsError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| SettingsError::ConfigFile(format!("{}: {e}", path.display())))?;
        Self::parse(&text).map_err(|e| SettingsError::ConfigFile(format!("{}: {e}", path.display())))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod fuzz_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_parse() {
        let config =
            FileConfig::parse("listen = \"0.0.0.0:9000\"\ncors_allowed_origins = [\"https://a.example\"]\n")
                .unwrap();
        assert_eq!(config.listen.as_deref(), Some("0.0.0.0:9000"));
        assert_eq!(config.cors_allowed_origins.unwrap(), ["https://a.example"]);
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_refused_with_their_line() {
        let err = FileConfig::parse("listen = \"x\"\nlisten_adress = \"y\"\n").unwrap_err();
        assert!(err.contains("listen_adress") && err.contains("line 2"), "{err}");
        let err = FileConfig::parse("max_batch = \"ten\"\n").unwrap_err();
        assert!(err.contains("max_batch"), "{err}");
    }
}
