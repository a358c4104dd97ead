//! Applying a whole catalog to the database: the import path, and how the bundled catalog is
//! loaded. Records are matched by code; in one transaction the current rows are read, the
//! catalog as it would be afterwards is validated (every problem at once), the difference is
//! computed, and only what differs is written. Applying the same catalog twice writes nothing
//! the second time.

use std::mem::take;

use certgraph_domain::Catalog;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, TransactionTrait};
use tracing::instrument;

use crate::audit::{self, Author};
use crate::changes::ApplySummary;
use crate::diff::{self, CatalogWrites, Touched};
use crate::snapshot::{self, Snapshot, Stored};
use crate::{apply_write, Store, StoreError};

/// How [`Store::apply_catalog`] treats what the catalog does not mention, and whether it writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Delete stored records the catalog does not contain. Without it nothing is deleted and
    /// the catalog may refer to records already stored.
    pub prune: bool,
    /// Validate and compute the changes, then roll back: nothing is written.
    pub dry_run: bool,
    /// On PostgreSQL, from how many link and item rows written a load drops the foreign keys
    /// of the link tables and adds them back before committing (see [`BULK_LOAD_ROWS`],
    /// the default when `None`).
    ///
    /// [`BULK_LOAD_ROWS`]: crate::BULK_LOAD_ROWS
    pub bulk_load_rows: Option<usize>,
}

impl Store {
    /// Makes the database hold `catalog`: creates records whose code is new, updates those
    /// that differ (bumping their `version`; an updated certification's requirement groups
    /// are replaced), leaves equal ones alone and, with `prune`, deletes the rest. Without
    /// `prune` the catalog is validated together with the stored records it does not
    /// mention, so it may refer to them. All in one transaction, with its audit records:
    /// on any error, including [`StoreError::InvalidCatalog`] with every problem found,
    /// nothing is written.
    #[instrument(skip_all, fields(certifications = catalog.certifications.len(), prune = options.prune, dry_run = options.dry_run))]
    pub async fn apply_catalog(
        &self,
        mut catalog: Catalog,
        options: ApplyOptions,
    ) -> Result<ApplySummary, StoreError> {
        let _writer = self.writer.lock().await;
        let txn = self.db.begin().await?;
        if !options.dry_run {
            lock_for_writing(&txn).await?;
        }
        let current = snapshot::load(&txn).await?;
        let summary = apply_in(&txn, &mut catalog, current, options, &Author::import()).await?;
        if summary.written {
            txn.commit().await?;
            tracing::info!(
                certifications = %summary.certifications,
                exams = %summary.exams,
                courses = %summary.courses,
                "catalog applied"
            );
        } else {
            txn.rollback().await?;
        }
        Ok(summary)
    }
}

/// The apply inside `txn`, whose writers are already serialised and in which `current` was
/// read: validates, writes the difference with its audit records and bumps the version. The
/// caller commits when the summary says `written`. `catalog` is only borrowed (its lists are
/// lengthened for a check and restored), so an edit keeps it for the snapshot it builds.
pub(crate) async fn apply_in(
    txn: &DatabaseTransaction,
    catalog: &mut Catalog,
    current: Snapshot,
    options: ApplyOptions,
    author: &Author,
) -> Result<ApplySummary, StoreError> {
    let mut certs = diff::partition(&catalog.certifications, current.certifications);
    let mut exams = diff::partition(&catalog.exams, current.exams);
    let mut courses = diff::partition(&catalog.courses, current.courses);
    if options.prune {
        catalog.validate().map_err(StoreError::InvalidCatalog)?;
    } else {
        // Kept as they are, so only needed for the check.
        let others = (
            take(&mut certs.others),
            take(&mut exams.others),
            take(&mut courses.others),
        );
        validate_with_stored(catalog, others)?;
    }

    // Without --prune the others were taken above: nothing is deleted.
    let mut touched = Touched::default();
    let writes = CatalogWrites {
        at: now_ms(),
        exams: diff::writes(&catalog.exams, &exams.matched, &exams.others, &mut touched),
        certifications: diff::writes(
            &catalog.certifications,
            &certs.matched,
            &certs.others,
            &mut touched,
        ),
        courses: diff::writes(&catalog.courses, &courses.matched, &courses.others, &mut touched),
    };
    let unchanged = writes.exams.is_empty() && writes.certifications.is_empty() && writes.courses.is_empty();
    let mut summary = ApplySummary {
        certifications: writes.certifications.counts(),
        exams: writes.exams.counts(),
        courses: writes.courses.counts(),
        changes: touched.changes,
        written: false,
        version: None,
        at_ms: None,
    };
    if options.dry_run || unchanged {
        return Ok(summary);
    }
    let bulk_load_rows = options.bulk_load_rows.unwrap_or(crate::BULK_LOAD_ROWS);
    apply_write::write(txn, &writes, bulk_load_rows).await?;
    let version = crate::version::bump(txn).await?;
    audit::write(txn, &touched.audit, author, writes.at, version).await?;
    summary.version = Some(version);
    summary.at_ms = Some(writes.at);
    summary.written = true;
    Ok(summary)
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

type Others = (
    Vec<Stored<certgraph_domain::Certification>>,
    Vec<Stored<certgraph_domain::Exam>>,
    Vec<Stored<certgraph_domain::Course>>,
);

/// Validates `catalog` as it will be stored beside the records it does not mention: those
/// are moved in for the check and dropped after it, so nothing is copied.
fn validate_with_stored(catalog: &mut Catalog, others: Others) -> Result<(), StoreError> {
    let lens = (
        catalog.certifications.len(),
        catalog.exams.len(),
        catalog.courses.len(),
    );
    catalog
        .certifications
        .extend(others.0.into_iter().map(|s| s.record));
    catalog.exams.extend(others.1.into_iter().map(|s| s.record));
    catalog.courses.extend(others.2.into_iter().map(|s| s.record));
    let result = catalog.validate();
    catalog.certifications.truncate(lens.0);
    catalog.exams.truncate(lens.1);
    catalog.courses.truncate(lens.2);
    result.map_err(StoreError::InvalidCatalog)
}

/// On PostgreSQL, concurrent writers — imports and mutations, from any process — queue
/// rather than interleave (readers are not blocked). A whole-catalog lock rather than row
/// locks or SERIALIZABLE: a write is validated against the whole graph (a new requirement
/// may close a cycle through any record), so two writers always depend on each other's
/// reads, and queueing them costs less than retrying them. SQLite allows one writer at a
/// time anyway; in one process the store's own mutex queues them first.
pub(crate) async fn lock_for_writing(txn: &DatabaseTransaction) -> Result<(), StoreError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(
            "LOCK TABLE certification, exam, course, course_exam, requirement_group, requirement_item \
             IN SHARE ROW EXCLUSIVE MODE",
        )
        .await?;
    } else {
        // A deferred SQLite transaction that reads first and writes later fails at its first
        // write if another connection wrote in between (SQLITE_BUSY_SNAPSHOT; waiting does not
        // help). Writing first takes the write lock, waiting for it, before anything is read.
        txn.execute_unprepared("UPDATE catalog_version SET version = version WHERE id = 1")
            .await?;
    }
    Ok(())
}
