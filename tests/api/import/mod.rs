//! `certgraph import` / `certgraph export` through the server crate's command functions, on
//! SQLite and PostgreSQL. (`crates/server/tests/import_cli.rs` runs the real binary.)

mod catalog;
mod learn;

use std::path::{Path, PathBuf};

use certgraph::commands::export::{self, ExportArgs, ExportFormat};
use certgraph::commands::import::{self, ImportArgs, ImportFailure};
use certgraph::commands::Console;
use certgraph_store::{ApplySummary, ChangeCounts, DatabaseSettings, Store};
use certgraph_tests::TestDatabase;
use sea_orm::{ConnectionTrait, Database, Statement};

/// What one import printed and returned.
pub struct Run {
    pub result: Result<ApplySummary, ImportFailure>,
    pub out: String,
    pub err: String,
}

impl Run {
    /// The summary of a successful import.
    pub fn summary(&self) -> &ApplySummary {
        match &self.result {
            Ok(summary) => summary,
            Err(e) => panic!("import failed: {e}\n{}", self.err),
        }
    }
}

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(relative)
}

pub fn learn_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/learn")
        .join(name)
}

pub fn seed_markdown() -> PathBuf {
    repo_path("catalog/seed/expert-certifications.md")
}

pub fn args(path: &Path) -> ImportArgs {
    ImportArgs {
        path: path.to_owned(),
        format: None,
        dry_run: false,
        prune: false,
        requirements: None,
        strict: false,
    }
}

pub async fn import_with(db: &TestDatabase, args: ImportArgs) -> Run {
    let (mut console, out, err) = Console::captured();
    let result = import::run(&db.url, &args, &mut console).await;
    Run {
        result,
        out: out.text(),
        err: err.text(),
    }
}

pub async fn import(db: &TestDatabase, path: &Path) -> Run {
    import_with(db, args(path)).await
}

pub async fn export(db: &TestDatabase, format: ExportFormat) -> String {
    let (mut console, out, _) = Console::captured();
    let args = ExportArgs {
        format: Some(format),
        output: None,
    };
    export::run(&db.url, &args, &mut console)
        .await
        .expect("export succeeds");
    out.text()
}

pub fn counts(created: usize, updated: usize, unchanged: usize, deleted: usize) -> ChangeCounts {
    ChangeCounts {
        created,
        updated,
        unchanged,
        deleted,
    }
}

/// Rows in every catalog table, to prove a failed import wrote nothing.
pub async fn row_counts(db: &TestDatabase) -> Vec<(String, i64)> {
    let conn = Database::connect(&db.url).await.unwrap();
    let mut counts = Vec::new();
    for table in [
        "certification",
        "exam",
        "course",
        "course_exam",
        "requirement_group",
        "requirement_item",
    ] {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let row = conn
            .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        counts.push((table.to_owned(), row.try_get::<i64>("", "n").unwrap()));
    }
    conn.close().await.unwrap();
    counts
}

pub async fn store(db: &TestDatabase) -> Store {
    Store::connect(&DatabaseSettings::new(db.url.clone()))
        .await
        .unwrap()
}

/// Writes `text` to a file named `name` in a new temporary directory.
pub fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}
