//! `certgraph export`: the whole catalog in the canonical catalog format.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use certgraph_catalog::{CatalogDocument, CatalogFormat};
use certgraph_store::{DatabaseSettings, Store};
use clap::{Args, ValueEnum};

use super::console::Console;

/// Options of `certgraph export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The output format; by default YAML when FILE ends in `.yaml`/`.yml`, else JSON.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,

    /// Write to FILE (replaced whole, never left half-written) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The formats `certgraph export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// certgraph's catalog format as JSON.
    CatalogJson,
    /// certgraph's catalog format as YAML.
    CatalogYaml,
}

/// Writes the catalog of the database at `database_url`: records sorted by code, the same
/// bytes for the same data.
pub async fn run(database_url: &str, args: &ExportArgs, console: &mut Console) -> anyhow::Result<()> {
    let format = match (args.format, &args.output) {
        (Some(ExportFormat::CatalogJson), _) => CatalogFormat::Json,
        (Some(ExportFormat::CatalogYaml), _) => CatalogFormat::Yaml,
        (None, Some(path)) => CatalogFormat::from_path(path).unwrap_or(CatalogFormat::Json),
        (None, None) => CatalogFormat::Json,
    };
    let store = Store::connect(&DatabaseSettings::new(database_url)).await?;
    if !store.migrations_current().await? {
        anyhow::bail!("the database is not migrated: run `certgraph migrate` (or import into it) first");
    }
    let catalog = store.export_catalog().await?;
    store.close().await?;
    let mut doc = CatalogDocument {
        notes: Vec::new(),
        catalog,
    };
    doc.sort_by_code();
    match &args.output {
        None => doc.write(&mut console.out, format)?,
        Some(path) => {
            write_atomically(path, |w| Ok(doc.write(w, format)?))?;
            let c = &doc.catalog;
            console.note(format_args!(
                "export: wrote {} certifications, {} exams, {} courses to {}",
                c.certifications.len(),
                c.exams.len(),
                c.courses.len(),
                path.display()
            ));
        }
    }
    Ok(())
}

/// Writes beside `path` and renames over it, so a failure leaves any old file intact.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let file = File::create(&partial).with_context(|| format!("creating {}", partial.display()))?;
    let mut writer = BufWriter::new(file);
    let written = write(&mut writer).and_then(|()| Ok(writer.into_inner()?.sync_all()?));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e.context(format!("writing {}", path.display())));
    }
    std::fs::rename(&partial, path)
        .with_context(|| format!("renaming {} to {}", partial.display(), path.display()))
}
