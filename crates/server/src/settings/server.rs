//! The server's own settings: where it listens, what it loads at start, what it serves as,
//! and how long it waits for requests when told to stop.

use std::time::Duration;

use clap::builder::{BoolValueParser, TypedValueParser as _};
use clap::{ArgAction, Args};
use serde::{Deserialize, Serialize};

use super::{Problems, Settings};

/// Where the server listens, what it loads at start, how it stops.
#[derive(Debug, Clone, PartialEq, Eq, Args, Serialize, Deserialize)]
#[serde(default)]
#[command(next_help_heading = "Server")]
pub struct ServerSection {
    /// Address to listen on, HOST:PORT (port 0 picks a free port).
    #[arg(long, env = "CERTGRAPH_LISTEN")]
    pub listen: String,

    /// Do not load the bundled catalog, even into an empty database.
    // The flag says "no", the key says "yes": the parser turns one into the other.
    #[arg(
        long = "no-bundled-catalog",
        env = "CERTGRAPH_NO_BUNDLED_CATALOG",
        action = ArgAction::SetTrue,
        value_parser = BoolValueParser::new().map(|no: bool| !no),
    )]
    pub bundled_catalog: bool,

    /// Serve as an Apollo Federation v2 subgraph: `_service { sdl }` and `_entities`, with
    /// Certification, Exam and Course as entities keyed by `code`.
    #[arg(long, env = "CERTGRAPH_FEDERATION")]
    pub federation: bool,

    /// Seconds in-flight requests may run after SIGTERM/SIGINT.
    #[arg(long, env = "CERTGRAPH_SHUTDOWN_TIMEOUT_SECS")]
    pub shutdown_timeout_secs: u64,
}

impl Default for ServerSection {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".to_owned(),
            bundled_catalog: true,
            federation: false,
            shutdown_timeout_secs: 30,
        }
    }
}

impl ServerSection {
    pub(super) fn apply(self, settings: &mut Settings, problems: &mut Problems) {
        match self.listen.parse() {
            Ok(listen) => settings.listen = listen,
            Err(_) => problems.push(format!(
                "listen: invalid address {:?}: expected HOST:PORT, e.g. 127.0.0.1:8080",
                self.listen
            )),
        }
        settings.load_bundled_catalog = self.bundled_catalog;
        settings.federation = self.federation;
        problems.range("shutdown_timeout_secs", self.shutdown_timeout_secs, 0..=300);
        settings.shutdown_timeout = Duration::from_secs(self.shutdown_timeout_secs);
    }
}
