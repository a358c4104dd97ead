//! One record created, changed or deleted through the API. Each edit is one transaction
//! with every other catalog writer queued behind it (`apply::lock_for_writing`): the stored
//! catalog is read, the edit checked against it (the record exists, `expected_version` is
//! still its version, nothing refers to a record being deleted), and the catalog as it would
//! be afterwards goes through the same validation, diff, write, audit and version bump as an
//! import. So an edit can never store a cycle or a dangling reference, whoever else writes.
//! The replica that made it then serves the catalog it built from what it read and wrote.

mod change;
mod checks;
mod from_live;

pub use change::{CertificationPatch, CoursePatch, Edit, ExamPatch, Referrer};

use std::sync::Arc;

use certgraph_domain::{cycle_through, Catalog, CatalogProblem};
use certgraph_snapshot::{CatalogSnapshot, Revision, Revisions};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait};
use tracing::instrument;

use crate::apply::{apply_in, lock_for_writing};
use crate::audit::Author;
use crate::changes::RecordKind;
use crate::snapshot::{self, Snapshot};
use crate::{ApplyOptions, LiveCatalog, Store, StoreError};
use checks::edited;

/// What an edit committed.
#[derive(Debug, Clone)]
pub struct Edited {
    /// The catalog version the edit's transaction committed.
    pub catalog_version: i64,
    /// The record's version now (for a deletion, the version it had).
    pub version: i32,
}

impl Store {
    /// Applies `edit` by `author` in one transaction, or writes nothing and says why:
    /// [`StoreError::NotFound`], [`StoreError::Conflict`], [`StoreError::InUse`],
    /// [`StoreError::AlreadyExists`], [`StoreError::Cycle`] or
    /// [`StoreError::InvalidCatalog`] with every problem found.
    ///
    /// With `live`, the replica serves the change as soon as it commits, from the catalog the
    /// edit read and wrote (it is not read back; the follower, which waits meanwhile, then
    /// finds the version already served).
    #[instrument(skip_all, fields(operation = %author.operation, actor = %author.actor))]
    pub async fn edit(
        &self,
        edit: Edit,
        author: &Author,
        live: Option<&LiveCatalog>,
    ) -> Result<Edited, StoreError> {
        let _writer = self.writer.lock().await;
        let txn = self.db.begin().await?;
        lock_for_writing(&txn).await?;
        let current = stored_catalog(&txn, live).await?;
        let (mut catalog, version, cycle_from, place) = edited(&current, edit)?;
        let mut revisions = Revisions {
            certifications: current.certifications.iter().map(|s| s.revision).collect(),
            exams: current.exams.iter().map(|s| s.revision).collect(),
            courses: current.courses.iter().map(|s| s.revision).collect(),
        };
        let options = ApplyOptions {
            prune: true,
            ..ApplyOptions::default()
        };
        let summary = match apply_in(&txn, &mut catalog, current, options, author).await {
            Err(StoreError::InvalidCatalog(problems)) => {
                return Err(explain(problems, &catalog, cycle_from.as_deref()));
            }
            other => other?,
        };
        let Some(catalog_version) = summary.version else {
            // Nothing differed: an update to the values already stored changes nothing.
            txn.rollback().await?;
            return Ok(Edited {
                catalog_version: self.catalog_version().await?,
                version: version - 1,
            });
        };
        let row = match place.created() {
            Some(kind) => row_of(&txn, kind, &catalog).await?,
            None => 0,
        };
        let loading = match live {
            Some(live) => Some((live, live.loading.lock().await)),
            None => None,
        };
        txn.commit().await?;
        if let Some((live, _loading)) = loading {
            let revision = Revision {
                version,
                updated_at_ms: summary.at_ms.unwrap_or_default(),
                row,
            };
            place.carry(&mut revisions, revision);
            let built = tokio::task::spawn_blocking(move || {
                CatalogSnapshot::build_revised(catalog, catalog_version, revisions)
            })
            .await;
            // The write committed either way: if this fails, the follower reads it back.
            match built {
                Ok(snapshot) => {
                    live.install(Arc::new(snapshot));
                    if let Err(e) = self.announce(live, catalog_version).await {
                        tracing::warn!(error = %e, "announcing a write failed");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "indexing the written catalog failed"),
            }
        }
        Ok(Edited {
            catalog_version,
            version,
        })
    }
}

/// The stored catalog, read inside `txn` (whose writers are serialised): from the replica's
/// snapshot when it holds the version the database has, else from every table.
async fn stored_catalog(
    txn: &DatabaseTransaction,
    live: Option<&LiveCatalog>,
) -> Result<Snapshot, StoreError> {
    let version = crate::version::read(txn).await?;
    if let Some(held) = live
        .and_then(LiveCatalog::current)
        .filter(|s| s.version == version)
    {
        let rebuilt = tokio::task::spawn_blocking(move || from_live::stored(&held)).await;
        if let Ok(Some(stored)) = rebuilt {
            return Ok(stored);
        }
    }
    snapshot::load(txn).await
}

/// The row the creation in `catalog` (the last record of its kind) was given.
async fn row_of(txn: &DatabaseTransaction, kind: RecordKind, catalog: &Catalog) -> Result<i32, StoreError> {
    use crate::entity::{certification as c, course as co, exam as e};
    let row = match kind {
        RecordKind::Certification => {
            let code = catalog.certifications.last().map(|r| r.code.to_string());
            c::Entity::find()
                .filter(c::Column::Code.eq(code))
                .one(txn)
                .await?
                .map(|m| m.id)
        }
        RecordKind::Exam => {
            let code = catalog.exams.last().map(|r| r.code.to_string());
            e::Entity::find()
                .filter(e::Column::Code.eq(code))
                .one(txn)
                .await?
                .map(|m| m.id)
        }
        RecordKind::Course => {
            let code = catalog.courses.last().map(|r| r.code.to_string());
            co::Entity::find()
                .filter(co::Column::Code.eq(code))
                .one(txn)
                .await?
                .map(|m| m.id)
        }
    };
    // A row the edit itself inserted; 0 (unknown) only makes the next edit read the tables.
    Ok(row.unwrap_or_default())
}

/// A cycle among the problems becomes [`StoreError::Cycle`] with its path through the edited
/// certification; anything else is reported as it is.
fn explain(problems: Vec<CatalogProblem>, catalog: &Catalog, edited: Option<&str>) -> StoreError {
    let cycle = problems.iter().find_map(|p| match p {
        CatalogProblem::Cycle { certifications } => Some(certifications.clone()),
        _ => None,
    });
    match cycle {
        Some(members) if problems.len() == 1 => {
            let start = edited
                .and_then(|code| catalog.certifications.iter().find(|c| c.code.as_str() == code))
                .map(|c| &c.code);
            let path = start
                .and_then(|s| cycle_through(catalog.prerequisite_edges(), s))
                .map(|p| p.into_iter().map(String::from).collect())
                .unwrap_or(members);
            StoreError::Cycle { path }
        }
        _ => StoreError::InvalidCatalog(problems),
    }
}
