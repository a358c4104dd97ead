//! `certgraph import PATH`: reads a catalog in any supported format and makes the database
//! hold it. Idempotent (records are matched by code), transactional, validated as a whole
//! together with what is already stored, with a dry run.

use std::path::PathBuf;

use certgraph_store::{ApplyOptions, ApplySummary, DatabaseSettings, Store, StoreError};
use clap::Args;

use super::console::Console;
pub use super::input::ImportFailure;
use super::input::{self, ImportFormat};

/// Options of `certgraph import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The file to import.
    pub path: PathBuf,

    /// The input's format. By default from the extension: `.md` → markdown, `.yaml`/`.yml` →
    /// catalog, `.json` → learn when it looks like a Learn Catalog API response, else catalog.
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,

    /// Validate and report what would be created, updated, left unchanged (and deleted with
    /// --prune); write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Delete stored certifications, exams and courses that the input does not contain.
    #[arg(long)]
    pub prune: bool,

    /// A catalog file (JSON or YAML) whose certifications' `requirements` replace the groups
    /// derived from a Learn input (which gives prerequisites without AND/OR). Learn only.
    #[arg(long, value_name = "FILE")]
    pub requirements: Option<PathBuf>,

    /// Treat warnings as errors: an input the importer had to correct or partly ignore is
    /// refused, and nothing is written.
    #[arg(long)]
    pub strict: bool,
}

/// Runs the command on the process's console; returns the exit code.
pub async fn run_cli(database_url: &str, args: ImportArgs) -> i32 {
    let mut console = Console::stdio();
    match run(database_url, &args, &mut console).await {
        Ok(_) => 0,
        Err(e) => {
            console.note(format_args!("error: {e}"));
            e.exit_code()
        }
    }
}

/// Imports `args.path` into the database at `database_url` (migrated first).
///
/// Every problem is reported before anything is written: problems found while reading, and
/// those found validating the rest together with what is stored (a dry run when reading
/// found any).
pub async fn run(
    database_url: &str,
    args: &ImportArgs,
    console: &mut Console,
) -> Result<ApplySummary, ImportFailure> {
    let (mut import, mut progress) =
        input::read(&args.path, args.format, args.requirements.as_deref(), console)?;
    let failures = import.failures(args.strict);
    let Some(catalog) = import.catalog.take() else {
        return Err(ImportFailure::Invalid(failures.max(1)));
    };
    progress.begin(console, "validating against the database");
    let store = Store::connect(&DatabaseSettings::new(database_url)).await?;
    store.migrate().await?;
    let options = ApplyOptions {
        prune: args.prune,
        // Errors found while reading: still validate (without writing) to report every problem.
        dry_run: args.dry_run || failures > 0,
        ..ApplyOptions::default()
    };
    let result = store.apply_catalog(catalog, options).await;
    store.close().await?;
    let problems = match result {
        Ok(summary) if failures == 0 => {
            let done = if summary.written {
                "validated and written"
            } else {
                "validated"
            };
            progress.finish(console, done);
            report(console, &summary, args.dry_run);
            return Ok(summary);
        }
        Ok(_) => Vec::new(),
        Err(StoreError::InvalidCatalog(problems)) => problems,
        Err(e) => return Err(e.into()),
    };
    progress.finish(console, "validated");
    let located = import.locate(problems);
    input::print(console, &located);
    Err(ImportFailure::Invalid(failures + located.len()))
}

/// The changes, one per line (in a dry run), and a summary per kind.
fn report(console: &mut Console, summary: &ApplySummary, dry_run: bool) {
    if dry_run {
        console.say("dry run: nothing was written; the import would");
        for change in &summary.changes {
            console.say(format_args!("  {change}"));
        }
    }
    console.say(format_args!("certifications: {}", summary.certifications));
    console.say(format_args!("exams: {}", summary.exams));
    console.say(format_args!("courses: {}", summary.courses));
}
