//! `certgraph import PATH`: reads a catalog in any supported format and makes the database
//! hold it. Idempotent (records are matched by code), transactional, validated as a whole
//! together with what is already stored, with a dry run.

use std::path::{Path, PathBuf};

use certgraph_store::{ApplyOptions, ApplySummary, DatabaseSettings, Store, StoreError};
use clap::Args;
use thiserror::Error;

use super::console::Console;
use super::input::{self, ImportFormat};
use super::progress::Progress;

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
}

/// Why an import failed. Nothing was written in any case.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The command line asks for something impossible (exit code 2, like clap's own).
    #[error("{0}")]
    Usage(String),
    /// The input cannot be read.
    #[error("{0}")]
    Input(String),
    /// The input was read but is invalid; the problems were printed.
    #[error("{0} problem(s) in the input; nothing was written")]
    Invalid(usize),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    pub(crate) fn input(path: &Path, e: std::io::Error) -> Self {
        Self::Input(format!("cannot read {}: {e}", path.display()))
    }

    /// 2 for a usage error, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Usage(_) => 2,
            _ => 1,
        }
    }
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
pub async fn run(
    database_url: &str,
    args: &ImportArgs,
    console: &mut Console,
) -> Result<ApplySummary, ImportError> {
    let format = match args.format {
        Some(format) => format,
        None => input::detect(&args.path)?,
    };
    if args.requirements.is_some() && format != ImportFormat::Learn {
        return Err(ImportError::Usage(
            "--requirements applies to --format learn only".into(),
        ));
    }
    let file = input::open(&args.path)?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    let shown = args.path.display().to_string();
    let mut progress = Progress::start(console, &shown, bytes);
    let mut lines = Vec::new();
    let requirements = args.requirements.as_deref();
    let parsed = input::read(&args.path, file, format, requirements, &mut lines, &progress);
    let read = match &parsed {
        Ok(p) => format!(
            "read {} certifications, {} exams, {} courses",
            p.catalog.certifications.len(),
            p.catalog.exams.len(),
            p.catalog.courses.len()
        ),
        Err(_) => "read".to_owned(),
    };
    progress.finish(console, &read);
    for line in lines {
        console.note(line);
    }
    let parsed = parsed?;
    progress.begin(console, "validating against the database");

    let store = Store::connect(&DatabaseSettings::new(database_url)).await?;
    store.migrate().await?;
    let options = ApplyOptions {
        prune: args.prune,
        // Errors found while reading: still validate (without writing) to report every problem.
        dry_run: args.dry_run || parsed.errors > 0,
        ..ApplyOptions::default()
    };
    let result = store.apply_catalog(parsed.catalog, options).await;
    store.close().await?;
    let problems = match result {
        Ok(summary) if parsed.errors == 0 => {
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
    for p in &problems {
        console.note(format_args!("{shown}: error: {p}"));
    }
    Err(ImportError::Invalid(parsed.errors + problems.len()))
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
