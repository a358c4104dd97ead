//! The command line: `certgraph serve | migrate | schema`.

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::settings::{Settings, SettingsError};
use crate::DEFAULT_DATABASE_URL;

/// certgraph: a GraphQL API over a catalog of certifications, exams, courses and their prerequisites.
#[derive(Debug, Parser)]
#[command(name = "certgraph", version, about)]
pub struct Cli {
    /// The database: `sqlite://FILE` (embedded, created on first use) or `postgres://USER@HOST/DB`.
    #[arg(long, global = true, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,

    /// Log format.
    #[arg(long, global = true, env = "CERTGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

/// How log lines are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the GraphQL server (migrates the database and loads the bundled catalog into an empty one).
    Serve(ServeArgs),
    /// Apply pending database migrations, then exit. Loads no data.
    Migrate,
    /// Print the GraphQL schema (SDL) and exit.
    Schema(SchemaArgs),
}

/// Options of `certgraph serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on, HOST:PORT (port 0 picks a free port).
    #[arg(long, env = "CERTGRAPH_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// Do not load the bundled catalog, even into an empty database.
    #[arg(long, env = "CERTGRAPH_NO_BUNDLED_CATALOG")]
    pub no_bundled_catalog: bool,

    /// Search steps one `plan`/`eligible` request may take before it fails with LIMIT_EXCEEDED.
    #[arg(long, env = "CERTGRAPH_PLAN_MAX_WORK", default_value_t = certgraph_domain::PlanLimits::DEFAULT_MAX_WORK,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub plan_max_work: u64,

    /// Serve as an Apollo Federation v2 subgraph: `_service { sdl }` and `_entities`, with
    /// Certification, Exam and Course as entities keyed by `code`.
    #[arg(long, env = "CERTGRAPH_FEDERATION")]
    pub federation: bool,
}

/// Options of `certgraph schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the federation subgraph SDL (what `_service { sdl }` returns under
    /// `serve --federation`) instead of `schema.graphql`.
    #[arg(long)]
    pub federation: bool,
}

impl ServeArgs {
    /// Validates the options into settings.
    pub fn into_settings(self, database_url: String) -> Result<Settings, SettingsError> {
        let mut settings = Settings::new(database_url, &self.listen, !self.no_bundled_catalog)?;
        settings.limits.max_plan_work = self.plan_max_work;
        settings.federation = self.federation;
        Ok(settings)
    }
}
