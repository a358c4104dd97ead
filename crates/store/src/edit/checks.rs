//! An edit checked against the stored catalog and applied to a copy of it: the record exists,
//! `expected_version` is still its version, a new code is free, nothing refers to a record
//! being deleted; and where the edit landed, to carry the records' revisions over.

use certgraph_domain::{Catalog, ExamCode, RequirementItem};
use certgraph_snapshot::{Revision, Revisions};

use super::{Edit, Referrer};
use crate::changes::RecordKind;
use crate::diff::Record;
use crate::snapshot::{Snapshot, Stored};
use crate::StoreError;

/// Where in the catalog (in the stored order) an edit landed, to carry the records'
/// revisions over to the catalog after it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Place {
    Appended(RecordKind),
    At(RecordKind, usize),
    Removed(RecordKind, usize),
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
pub(super) fn edited(
    current: &Snapshot,
    edit: Edit,
) -> Result<(Catalog, i32, Option<String>, Place), StoreError> {
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
    /// The kind of record a creation added, if this is one.
    pub(super) fn created(self) -> Option<RecordKind> {
        match self {
            Place::Appended(kind) => Some(kind),
            _ => None,
        }
    }

    /// `revisions` (of the catalog before the edit) as they are after it; an updated record
    /// keeps its row.
    pub(super) fn carry(self, revisions: &mut Revisions, revision: Revision) {
        fn list(revisions: &mut Revisions, kind: RecordKind) -> &mut Vec<Revision> {
            match kind {
                RecordKind::Certification => &mut revisions.certifications,
                RecordKind::Exam => &mut revisions.exams,
                RecordKind::Course => &mut revisions.courses,
            }
        }
        match self {
            Place::Appended(kind) => list(revisions, kind).push(revision),
            Place::At(kind, i) => {
                let at = &mut list(revisions, kind)[i];
                *at = Revision {
                    row: at.row,
                    ..revision
                };
            }
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
