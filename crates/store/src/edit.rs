//! One record created, changed or deleted through the API. Each edit is one transaction
//! with every other catalog writer queued behind it (`apply::lock_for_writing`): the stored
//! catalog is read, the edit checked against it (the record exists, `expected_version` is
//! still its version, nothing refers to a record being deleted), and the catalog as it would
//! be afterwards goes through the same validation, diff, write, audit and version bump as an
//! import. So an edit can never store a cycle or a dangling reference, whoever else writes.

use certgraph_domain::{
    cycle_through, Catalog, CatalogProblem, Certification, CertificationStatus, Course, Delivery, Exam,
    ExamCode, ExamStatus, Image, Level, RequirementGroup, RequirementItem, WebUrl,
};
use std::sync::Arc;

use certgraph_snapshot::{CatalogSnapshot, Revision, Revisions};
use sea_orm::TransactionTrait;
use tracing::instrument;

use crate::apply::{apply_in, lock_for_writing};
use crate::audit::Author;
use crate::changes::RecordKind;
use crate::diff::Record;
use crate::snapshot::{self, Snapshot, Stored};
use crate::{ApplyOptions, LiveCatalog, Store, StoreError};

/// A certification's fields to change; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct CertificationPatch {
    pub name: Option<String>,
    pub level: Option<Level>,
    pub description: Option<Option<String>>,
    pub url: Option<Option<WebUrl>>,
    pub path_image: Option<Option<Image>>,
    pub status: Option<CertificationStatus>,
    pub requirements: Option<Vec<RequirementGroup>>,
}

/// An exam's fields to change (see [`CertificationPatch`]).
#[derive(Debug, Clone, Default)]
pub struct ExamPatch {
    pub title: Option<Option<String>>,
    pub url: Option<Option<WebUrl>>,
    pub status: Option<ExamStatus>,
}

/// A course's fields to change (see [`CertificationPatch`]).
#[derive(Debug, Clone, Default)]
pub struct CoursePatch {
    pub title: Option<Option<String>>,
    pub url: Option<Option<WebUrl>>,
    pub delivery: Option<Delivery>,
    pub exams: Option<Vec<ExamCode>>,
}

/// One change to the catalog.
#[derive(Debug, Clone)]
pub enum Edit {
    CreateCertification(Certification),
    CreateExam(Exam),
    CreateCourse(Course),
    UpdateCertification {
        code: String,
        expected_version: i32,
        patch: CertificationPatch,
    },
    UpdateExam {
        code: String,
        expected_version: i32,
        patch: ExamPatch,
    },
    UpdateCourse {
        code: String,
        expected_version: i32,
        patch: CoursePatch,
    },
    Delete {
        kind: RecordKind,
        code: String,
        expected_version: i32,
    },
}

/// A record that refers to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referrer {
    pub kind: RecordKind,
    pub code: String,
}

/// Where in the catalog (in the stored order) an edit landed, to carry the records'
/// revisions over to the catalog after it.
#[derive(Debug, Clone, Copy)]
enum Place {
    Appended(RecordKind),
    At(RecordKind, usize),
    Removed(RecordKind, usize),
}

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
        let current = snapshot::load(&txn).await?;
        let (catalog, version, cycle_from, place) = edited(&current, edit)?;
        let mut revisions = Revisions {
            certifications: current.certifications.iter().map(|s| s.revision).collect(),
            exams: current.exams.iter().map(|s| s.revision).collect(),
            courses: current.courses.iter().map(|s| s.revision).collect(),
        };
        let options = ApplyOptions {
            prune: true,
            ..ApplyOptions::default()
        };
        let summary = match apply_in(&txn, catalog.clone(), current, options, author).await {
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
        let loading = match live {
            Some(live) => Some((live, live.loading.lock().await)),
            None => None,
        };
        txn.commit().await?;
        if let Some((live, _loading)) = loading {
            let revision = Revision {
                version,
                updated_at_ms: summary.at_ms.unwrap_or_default(),
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

fn records<T: Clone>(stored: &[Stored<T>]) -> Vec<T> {
    stored.iter().map(|s| s.record.clone()).collect()
}

/// The stored record of `kind` coded `code`, checked against `expected_version`.
fn checked<'a, T: Record>(
    stored: &'a [Stored<T>],
    code: &str,
    expected_version: i32,
) -> Result<(usize, &'a Stored<T>), StoreError> {
    let kind = T::KIND;
    let (index, found) = stored
        .iter()
        .enumerate()
        .find(|(_, s)| s.record.code().eq_ignore_ascii_case(code.trim()))
        .ok_or_else(|| StoreError::NotFound {
            kind,
            code: code.to_owned(),
        })?;
    if found.revision.version != expected_version {
        return Err(StoreError::Conflict {
            kind,
            code: found.record.code().to_owned(),
            current_version: found.revision.version,
        });
    }
    Ok((index, found))
}

fn taken<T: Record>(stored: &[Stored<T>], code: &str) -> Result<(), StoreError> {
    match stored.iter().any(|s| s.record.code() == code) {
        true => Err(StoreError::AlreadyExists {
            kind: T::KIND,
            code: code.to_owned(),
        }),
        false => Ok(()),
    }
}

/// The catalog after `edit`, the edited record's version after it, the certification whose
/// requirements may have closed a cycle, and where in the catalog the edit landed.
fn edited(current: &Snapshot, edit: Edit) -> Result<(Catalog, i32, Option<String>, Place), StoreError> {
    let mut catalog = Catalog {
        certifications: records(&current.certifications),
        exams: records(&current.exams),
        courses: records(&current.courses),
    };
    Ok(match edit {
        Edit::CreateCertification(c) => {
            taken(&current.certifications, c.code.as_str())?;
            let code = c.code.to_string();
            catalog.certifications.push(c);
            (catalog, 1, Some(code), Place::Appended(RecordKind::Certification))
        }
        Edit::CreateExam(e) => {
            taken(&current.exams, e.code.as_str())?;
            catalog.exams.push(e);
            (catalog, 1, None, Place::Appended(RecordKind::Exam))
        }
        Edit::CreateCourse(c) => {
            taken(&current.courses, c.code.as_str())?;
            catalog.courses.push(c);
            (catalog, 1, None, Place::Appended(RecordKind::Course))
        }
        Edit::UpdateCertification {
            code,
            expected_version,
            patch,
        } => {
            let (i, found) = checked(&current.certifications, &code, expected_version)?;
            let c = &mut catalog.certifications[i];
            set(&mut c.name, patch.name);
            set(&mut c.level, patch.level);
            set(&mut c.description, patch.description);
            set(&mut c.url, patch.url);
            set(&mut c.path_image, patch.path_image);
            set(&mut c.status, patch.status);
            set(&mut c.requirements, patch.requirements);
            let code = c.code.to_string();
            let place = Place::At(RecordKind::Certification, i);
            (catalog, found.revision.version + 1, Some(code), place)
        }
        Edit::UpdateExam {
            code,
            expected_version,
            patch,
        } => {
            let (i, found) = checked(&current.exams, &code, expected_version)?;
            let e = &mut catalog.exams[i];
            set(&mut e.title, patch.title);
            set(&mut e.url, patch.url);
            set(&mut e.status, patch.status);
            (
                catalog,
                found.revision.version + 1,
                None,
                Place::At(RecordKind::Exam, i),
            )
        }
        Edit::UpdateCourse {
            code,
            expected_version,
            patch,
        } => {
            let (i, found) = checked(&current.courses, &code, expected_version)?;
            let c = &mut catalog.courses[i];
            set(&mut c.title, patch.title);
            set(&mut c.url, patch.url);
            set(&mut c.delivery, patch.delivery);
            set(&mut c.exams, patch.exams);
            (
                catalog,
                found.revision.version + 1,
                None,
                Place::At(RecordKind::Course, i),
            )
        }
        Edit::Delete {
            kind,
            code,
            expected_version,
        } => {
            let (i, version) = match kind {
                RecordKind::Certification => {
                    let (i, found) = checked(&current.certifications, &code, expected_version)?;
                    let removed = catalog.certifications.remove(i);
                    refuse_if_used(
                        &catalog,
                        &RequirementItem::Certification(removed.code.clone()),
                        None,
                    )?;
                    (i, found.revision.version)
                }
                RecordKind::Exam => {
                    let (i, found) = checked(&current.exams, &code, expected_version)?;
                    let removed = catalog.exams.remove(i);
                    refuse_if_used(
                        &catalog,
                        &RequirementItem::Exam(removed.code.clone()),
                        Some(&removed.code),
                    )?;
                    (i, found.revision.version)
                }
                RecordKind::Course => {
                    let (i, found) = checked(&current.courses, &code, expected_version)?;
                    catalog.courses.remove(i);
                    (i, found.revision.version)
                }
            };
            (catalog, version, None, Place::Removed(kind, i))
        }
    })
}

impl Place {
    /// `revisions` (of the catalog before the edit) as they are after it.
    fn carry(self, revisions: &mut Revisions, revision: Revision) {
        fn list(revisions: &mut Revisions, kind: RecordKind) -> &mut Vec<Revision> {
            match kind {
                RecordKind::Certification => &mut revisions.certifications,
                RecordKind::Exam => &mut revisions.exams,
                RecordKind::Course => &mut revisions.courses,
            }
        }
        match self {
            Place::Appended(kind) => list(revisions, kind).push(revision),
            Place::At(kind, i) => list(revisions, kind)[i] = revision,
            Place::Removed(kind, i) => {
                list(revisions, kind).remove(i);
            }
        }
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

/// Refuses to delete `item` while a requirement (or, for an exam, a course) refers to it.
fn refuse_if_used(
    catalog: &Catalog,
    item: &RequirementItem,
    exam: Option<&ExamCode>,
) -> Result<(), StoreError> {
    let mut referrers: Vec<Referrer> = catalog
        .certifications
        .iter()
        .filter(|c| c.requirements.iter().any(|g| g.items.contains(item)))
        .map(|c| Referrer {
            kind: RecordKind::Certification,
            code: c.code.to_string(),
        })
        .collect();
    if let Some(exam) = exam {
        referrers.extend(
            catalog
                .courses
                .iter()
                .filter(|c| c.exams.contains(exam))
                .map(|c| Referrer {
                    kind: RecordKind::Course,
                    code: c.code.to_string(),
                }),
        );
    }
    if referrers.is_empty() {
        return Ok(());
    }
    let (kind, code) = match item {
        RequirementItem::Certification(c) => (RecordKind::Certification, c.to_string()),
        RequirementItem::Exam(e) => (RecordKind::Exam, e.to_string()),
    };
    Err(StoreError::InUse {
        kind,
        code,
        referrers,
    })
}
