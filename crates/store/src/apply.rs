//! Applying a whole catalog to the database: the import path, and how the bundled catalog is
//! loaded. Records are matched by code; in one transaction the current rows are read, the
//! catalog as it would be afterwards is validated (every problem at once), the difference is
//! computed, and only what differs is written. Applying the same catalog twice writes nothing
//! the second time.

use std::fmt;
use std::mem::take;

use certgraph_domain::Catalog;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, TransactionTrait};
use tracing::instrument;

use crate::diff::{self, KindPlan};
use crate::snapshot::{self, Stored};
use crate::{apply_write, Store, StoreError};

/// How [`Store::apply_catalog`] treats what the catalog does not mention, and whether it writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Delete stored records the catalog does not contain. Without it nothing is deleted and
    /// the catalog may refer to records already stored.
    pub prune: bool,
    /// Validate and compute the changes, then roll back: nothing is written.
    pub dry_run: bool,
}

/// Which kind of record a [`Change`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKind {
    Certification,
    Exam,
    Course,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Certification => "certification",
            Self::Exam => "exam",
            Self::Course => "course",
        }
    }
}

/// What happened (or, in a dry run, would happen) to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeAction {
    Create,
    Update,
    Delete,
}

/// One record created, updated or deleted. Unchanged records are only counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: RecordKind,
    pub code: String,
    pub action: ChangeAction,
    /// For an update, the fields that differ (catalog-format names, e.g. `requirements`).
    pub fields: Vec<&'static str>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = match self.action {
            ChangeAction::Create => "create",
            ChangeAction::Update => "update",
            ChangeAction::Delete => "delete",
        };
        write!(f, "{verb} {} {}", self.kind.as_str(), self.code)?;
        if !self.fields.is_empty() {
            write!(f, " ({})", self.fields.join(", "))?;
        }
        Ok(())
    }
}

/// How many records of one kind were created, updated, left unchanged and deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deleted: usize,
}

impl fmt::Display for ChangeCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged",
            self.created, self.updated, self.unchanged
        )?;
        if self.deleted > 0 {
            write!(f, ", {} deleted", self.deleted)?;
        }
        Ok(())
    }
}

/// What [`Store::apply_catalog`] did, or would do in a dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplySummary {
    pub certifications: ChangeCounts,
    pub exams: ChangeCounts,
    pub courses: ChangeCounts,
    /// Every record created, updated or deleted: exams, then certifications, then courses;
    /// within a kind, creations and updates in the catalog's order, then deletions by code.
    pub changes: Vec<Change>,
    /// False in a dry run and when nothing differed.
    pub written: bool,
    /// The catalog version the write committed, when it wrote.
    pub version: Option<i64>,
}

/// The writes one apply makes.
pub(crate) struct Plan<'a> {
    pub exams: KindPlan<'a, certgraph_domain::Exam>,
    pub certifications: KindPlan<'a, certgraph_domain::Certification>,
    pub courses: KindPlan<'a, certgraph_domain::Course>,
}

impl Store {
    /// Makes the database hold `catalog`: creates records whose code is new, updates those
    /// that differ (bumping their `version`; an updated certification's requirement groups
    /// are replaced), leaves equal ones alone and, with `prune`, deletes the rest. Without
    /// `prune` the catalog is validated together with the stored records it does not
    /// mention, so it may refer to them. All in one transaction: on any error, including
    /// [`StoreError::InvalidCatalog`] with every problem found, nothing is written.
    #[instrument(skip_all, fields(certifications = catalog.certifications.len(), prune = options.prune, dry_run = options.dry_run))]
    pub async fn apply_catalog(
        &self,
        mut catalog: Catalog,
        options: ApplyOptions,
    ) -> Result<ApplySummary, StoreError> {
        let txn = self.db.begin().await?;
        if !options.dry_run {
            lock_for_writing(&txn).await?;
        }
        let current = snapshot::load(&txn).await?;
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
            validate_with_stored(&mut catalog, others)?;
        }

        // Without --prune the others were taken above: nothing is deleted.
        let mut changes = Vec::new();
        let plan = Plan {
            exams: diff::plan(
                &catalog.exams,
                &exams.matched,
                diff::ids(&exams.others),
                &mut changes,
            ),
            certifications: diff::plan(
                &catalog.certifications,
                &certs.matched,
                diff::ids(&certs.others),
                &mut changes,
            ),
            courses: diff::plan(
                &catalog.courses,
                &courses.matched,
                diff::ids(&courses.others),
                &mut changes,
            ),
        };
        let unchanged = plan.exams.is_empty() && plan.certifications.is_empty() && plan.courses.is_empty();
        let mut summary = ApplySummary {
            certifications: plan.certifications.counts(),
            exams: plan.exams.counts(),
            courses: plan.courses.counts(),
            changes,
            written: false,
            version: None,
        };
        if options.dry_run || unchanged {
            txn.rollback().await?;
            return Ok(summary);
        }
        apply_write::write(&txn, &plan).await?;
        summary.version = Some(crate::version::bump(&txn).await?);
        txn.commit().await?;
        summary.written = true;
        tracing::info!(
            certifications = %summary.certifications,
            exams = %summary.exams,
            courses = %summary.courses,
            "catalog applied"
        );
        Ok(summary)
    }
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

/// On PostgreSQL, concurrent imports queue rather than interleave (readers are not blocked).
/// SQLite allows one writer at a time anyway.
async fn lock_for_writing(txn: &DatabaseTransaction) -> Result<(), StoreError> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(
            "LOCK TABLE certification, exam, course, course_exam, requirement_group, requirement_item \
             IN SHARE ROW EXCLUSIVE MODE",
        )
        .await?;
    }
    Ok(())
}
