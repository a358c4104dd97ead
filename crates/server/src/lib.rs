//! The certgraph server: the only crate that knows HTTP.

mod bootstrap;
pub mod cli;
mod clients;
pub mod commands;
pub mod graphql_http;
mod metrics;
mod readiness;
mod request_id;
mod response_cache;
mod routes;
pub mod settings;
mod startup;
pub mod subscriptions;
pub mod telemetry;

pub use readiness::Readiness;
pub use settings::Settings;
pub use startup::Application;

/// Where the embedded default database lives when no URL is given.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://certgraph.db";
