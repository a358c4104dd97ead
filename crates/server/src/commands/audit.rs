//! `certgraph audit`: the audit log, newest first — who changed what, when, through which
//! operation, with each field's old and new value.

use certgraph_store::{AuditFilter, AuditRecord, DatabaseSettings, Store};
use clap::Args;

use super::console::Console;

/// Options of `certgraph audit`.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Only changes at or after this time (RFC 3339, e.g. 2026-11-29T12:00:00Z).
    #[arg(long, value_parser = parse_time)]
    pub since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only changes to the record with this code.
    #[arg(long)]
    pub code: Option<String>,
    /// Only changes by this actor (an API key's name, or `import`).
    #[arg(long)]
    pub actor: Option<String>,
    /// At most this many records.
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
}

fn parse_time(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|t| t.to_utc())
        .map_err(|e| format!("{e}: give a time as RFC 3339, e.g. 2026-11-29T12:00:00Z"))
}

/// Prints the audit log of the database at `database_url`.
pub async fn run(database_url: &str, args: &AuditArgs, console: &mut Console) -> anyhow::Result<()> {
    let store = Store::connect(&DatabaseSettings::new(database_url)).await?;
    let filter = AuditFilter {
        code: args.code.clone(),
        actor: args.actor.clone(),
        since_ms: args.since.map(|t| t.timestamp_millis()),
    };
    let records = store.audit_log(&filter, None, args.limit).await;
    store.close().await?;
    let records = records?;
    let mut rows =
        vec![["at", "actor", "operation", "kind", "code", "version", "changes"].map(str::to_owned)];
    rows.extend(records.iter().map(row));
    console.table(&rows);
    console.note(format_args!("{} audit records", records.len()));
    Ok(())
}

fn row(r: &AuditRecord) -> [String; 7] {
    let version = |v: Option<i32>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
    let changes: Vec<String> = r
        .changes
        .iter()
        .map(|c| format!("{}: {} → {}", c.field, c.old, c.new))
        .collect();
    [
        chrono::DateTime::from_timestamp_millis(r.at_ms)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        r.actor.clone(),
        r.operation.clone(),
        r.kind.as_str().to_owned(),
        r.code.clone(),
        format!("{} → {}", version(r.version_before), version(r.version_after)),
        changes.join("; "),
    ]
}
