//! The command line: `certgraph serve | migrate | schema | check | import | export | keys`.

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::settings::{Config, Given, Settings, SettingsError};
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
    /// Create, list and revoke the API keys clients send as `Authorization: Bearer <key>`.
    Keys(crate::commands::keys::KeysArgs),
    /// Print the audit log, newest first: who changed what, when, and each field's old and new value.
    Audit(crate::commands::audit::AuditArgs),
}

/// Options of `certgraph serve` (and `check`): the configuration file and every setting.
/// Flags and environment variables win over the file.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A TOML configuration file: any option below but `--log-format`, as a top-level key in
    /// snake_case (`max_batch = 10`, `cors_allowed_origins = ["https://a.example"]`,
    /// `bundled_catalog = false`).
    #[arg(long, env = "CERTGRAPH_CONFIG", value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,

    #[command(flatten)]
    pub settings: Given<Config>,
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
    pub fn into_settings(mut self, database_url: Option<String>) -> Result<Settings, SettingsError> {
        if let Some(url) = database_url {
            // The global option layers over the file like the options of `serve`.
            self.settings.value.database.database_url = url;
            self.settings.ids.insert("database_url".to_owned());
        }
        let file = match &self.config {
            Some(path) => crate::settings::file::load(path)?,
            None => Default::default(),
        };
        Settings::from_config(Config::layered(file, &self.settings)?)
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
