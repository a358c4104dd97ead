//! `certgraph keys create | list | revoke`: the API keys clients send as `Authorization:
//! Bearer <key>`. A new key's secret is printed once, alone on standard output so that it
//! can be piped straight into a secret store; nothing prints it again, as only its hash is
//! kept.

use std::time::SystemTime;

use certgraph_store::{ApiKey, DatabaseSettings, Revoked, Role, Store, RELOAD_INTERVAL};
use clap::{Args, Subcommand, ValueEnum};

use super::console::Console;

/// Options of `certgraph keys`.
#[derive(Debug, Clone, Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

/// What `certgraph keys` does.
#[derive(Debug, Clone, Subcommand)]
pub enum KeysCommand {
    /// Create a key and print its secret, once (only its hash is stored).
    Create {
        /// Who or what holds the key; unique, and never reused, even once revoked.
        #[arg(long)]
        name: String,
        /// What the key may do.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// List the keys: name, role, created, last used, revoked (never a secret).
    List,
    /// Revoke the key NAME: every server refuses it within seconds.
    Revoke {
        /// The key's name.
        name: String,
    },
}

/// The roles, as the command line spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Reads the catalog (when reads need a key).
    Reader,
    /// Also changes the catalog.
    Editor,
    /// Also reads the audit log.
    Admin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Reader => Role::Reader,
            RoleArg::Editor => Role::Editor,
            RoleArg::Admin => Role::Admin,
        }
    }
}

/// Runs `certgraph keys` against the database at `database_url`, migrating it first (a
/// key may be made before any server has started).
pub async fn run(database_url: &str, args: &KeysArgs, console: &mut Console) -> anyhow::Result<()> {
    let store = Store::connect(&DatabaseSettings::new(database_url)).await?;
    store.migrate().await?;
    let done = match &args.command {
        KeysCommand::Create { name, role } => create(&store, name, (*role).into(), console).await,
        KeysCommand::List => list(&store, console).await,
        KeysCommand::Revoke { name } => revoke(&store, name, console).await,
    };
    store.close().await?;
    done
}

async fn create(store: &Store, name: &str, role: Role, console: &mut Console) -> anyhow::Result<()> {
    let new = store.create_key(name, role).await?;
    console.say(&new.secret);
    console.note(format_args!(
        "created API key {name:?} ({role}); its secret, above, is shown this once: keep it safe"
    ));
    Ok(())
}

async fn list(store: &Store, console: &mut Console) -> anyhow::Result<()> {
    let keys = store.list_keys().await?;
    let mut rows = vec![["name", "role", "created", "last used", "revoked"].map(str::to_owned)];
    rows.extend(keys.iter().map(row));
    console.table(&rows);
    Ok(())
}

fn row(key: &ApiKey) -> [String; 5] {
    [
        key.name.clone(),
        key.role.to_string(),
        rfc3339(key.created_at),
        key.last_used_at.map_or_else(|| "never".to_owned(), rfc3339),
        key.revoked_at.map_or_else(|| "-".to_owned(), rfc3339),
    ]
}

async fn revoke(store: &Store, name: &str, console: &mut Console) -> anyhow::Result<()> {
    match store.revoke_key(name).await? {
        Revoked::Now => console.note(format_args!(
            "revoked API key {name:?}; running servers refuse it within {} s",
            RELOAD_INTERVAL.as_secs()
        )),
        Revoked::Already => console.note(format_args!("API key {name:?} was already revoked")),
    }
    Ok(())
}

/// `at` in UTC to the second, as RFC 3339 writes it.
fn rfc3339(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(at).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn times_print_as_rfc_3339_in_utc() {
        let at = |seconds| rfc3339(UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_800_000_000), "2027-01-15T08:00:00Z");
        assert_eq!(at(4_102_444_799), "2099-12-31T23:59:59Z");
    }
}
