//! The command line: `certgraph serve | migrate | schema | check`.

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config_file::FileConfig;
use crate::settings::{Overrides, Settings, SettingsError};
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
    /// Validate the configuration and the database (reachable, migrations current), then exit.
    Check(ServeArgs),
    /// Import a catalog (Markdown, catalog JSON/YAML, or Learn Catalog API JSON) into the database.
    Import(crate::commands::import::ImportArgs),
    /// Export the database's catalog as catalog JSON or YAML.
    Export(crate::commands::export::ExportArgs),
}

/// Options of `certgraph serve` (and `check`). Each may also come from the `--config`
/// TOML file (same names, snake_case); flags and environment variables win over the file.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A TOML configuration file (keys: listen, database_url, bundled_catalog, federation,
    /// plan_max_work, max_body_bytes, max_batch, cache_control, cors_allowed_origins,
    /// shutdown_timeout_secs, request_timeout_secs, statement_timeout_ms, db_acquire_timeout_secs,
    /// db_max_connections, profile, introspection, graphiql, max_depth, max_complexity,
    /// max_aliases, max_root_fields, max_directives, max_tokens, max_document_bytes,
    /// rate_limit_cost_per_second, rate_limit_burst, trusted_proxies, response_cache_bytes).
    #[arg(long, env = "CERTGRAPH_CONFIG", value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,

    /// Address to listen on, HOST:PORT (port 0 picks a free port). [default: 127.0.0.1:8080]
    #[arg(long, env = "CERTGRAPH_LISTEN")]
    pub listen: Option<String>,

    /// Do not load the bundled catalog, even into an empty database.
    #[arg(long, env = "CERTGRAPH_NO_BUNDLED_CATALOG")]
    pub no_bundled_catalog: bool,

    /// Search steps one `plan`/`eligible` request may take before it fails with
    /// LIMIT_EXCEEDED. [default: 250000]
    #[arg(long, env = "CERTGRAPH_PLAN_MAX_WORK", value_parser = clap::value_parser!(u64).range(1..))]
    pub plan_max_work: Option<u64>,

    /// Serve as an Apollo Federation v2 subgraph: `_service { sdl }` and `_entities`, with
    /// Certification, Exam and Course as entities keyed by `code`.
    #[arg(long, env = "CERTGRAPH_FEDERATION")]
    pub federation: bool,

    /// Largest request body in bytes; larger ones get 413. [default: 65536]
    #[arg(long, env = "CERTGRAPH_MAX_BODY_BYTES")]
    pub max_body_bytes: Option<usize>,

    /// Most operations in one JSON-array batch; 0 turns batching off. [default: 0]
    #[arg(long, env = "CERTGRAPH_MAX_BATCH")]
    pub max_batch: Option<usize>,

    /// Bytes of successful read answers the server keeps to answer repeats without
    /// executing them (keyed by document, operation, variables and catalog version); 0
    /// turns the cache off. [default: 67108864]
    #[arg(long, env = "CERTGRAPH_RESPONSE_CACHE_BYTES")]
    pub response_cache_bytes: Option<u64>,

    /// `Cache-Control` of successful GET query responses. [default: "public, max-age=60"]
    #[arg(long, env = "CERTGRAPH_CACHE_CONTROL")]
    pub cache_control: Option<String>,

    /// Origins browsers may call the API from (CORS), comma-separated. [default: none]
    #[arg(long, env = "CERTGRAPH_CORS_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub cors_allowed_origins: Option<Vec<String>>,

    /// Seconds in-flight requests may run after SIGTERM/SIGINT. [default: 30]
    #[arg(long, env = "CERTGRAPH_SHUTDOWN_TIMEOUT_SECS")]
    pub shutdown_timeout_secs: Option<u64>,

    /// Seconds one GraphQL request may execute before it fails with TIMEOUT. [default: 15]
    #[arg(long, env = "CERTGRAPH_REQUEST_TIMEOUT_SECS")]
    pub request_timeout_secs: Option<u64>,

    /// Milliseconds PostgreSQL lets one statement run before cancelling it (TIMEOUT).
    /// [default: 10000]
    #[arg(long, env = "CERTGRAPH_STATEMENT_TIMEOUT_MS")]
    pub statement_timeout_ms: Option<u64>,

    #[command(flatten)]
    pub hardening: crate::hardening::HardeningArgs,

    #[command(flatten)]
    pub rate_limit: crate::rate_limit::RateLimitArgs,
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
    /// Layers defaults, the config file and these options into validated settings.
    /// `database_url` is the global option when it was given (flag or environment).
    pub fn into_settings(self, database_url: Option<String>) -> Result<Settings, SettingsError> {
        let file = match &self.config {
            Some(path) => FileConfig::load(path)?,
            None => FileConfig::default(),
        };
        let overrides = Overrides {
            database_url,
            listen: self.listen,
            no_bundled_catalog: self.no_bundled_catalog,
            federation: self.federation,
            plan_max_work: self.plan_max_work,
            max_body_bytes: self.max_body_bytes,
            max_batch: self.max_batch,
            response_cache_bytes: self.response_cache_bytes,
            cache_control: self.cache_control,
            cors_allowed_origins: self.cors_allowed_origins,
            shutdown_timeout_secs: self.shutdown_timeout_secs,
            request_timeout_secs: self.request_timeout_secs,
            statement_timeout_ms: self.statement_timeout_ms,
            hardening: self.hardening,
            rate_limit: self.rate_limit,
        };
        Settings::layered(file, overrides, DEFAULT_DATABASE_URL)
    }
}

/// Parses the command line, also telling whether `--database-url`/`DATABASE_URL` was
/// given (so that a config file's `database_url` can apply when it was not).
pub fn parse() -> (Cli, Option<String>) {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let explicit = |m: &clap::ArgMatches| {
        m.value_source("database_url")
            .is_some_and(|s| s != clap::parser::ValueSource::DefaultValue)
    };
    let given = explicit(&matches) || matches.subcommand().is_some_and(|(_, sub)| explicit(sub));
    let database_url = given.then(|| cli.database_url.clone());
    (cli, database_url)
}
