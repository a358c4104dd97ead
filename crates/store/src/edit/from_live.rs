//! The stored catalog as the replica already holds it: when the live snapshot's version is
//! the database's under the writers' lock, it is exactly what is stored, so an edit reads it
//! from memory instead of reading every table back. Records are rebuilt with their
//! requirement groups and course exams as codes, in their stored order, and their row ids.

use certgraph_domain::{RequirementGroup, RequirementItem};
use certgraph_snapshot::{CatalogSnapshot, CertId, CourseId, ExamId, ItemRef};

use crate::snapshot::{Snapshot, Stored};

/// `snap`'s records as stored ones; `None` if any lacks its row id (a snapshot built without
/// the store), when the edit must read the database.
pub(super) fn stored(snap: &CatalogSnapshot) -> Option<Snapshot> {
    let cert_code = |id: CertId| snap.certification(id).record.code.clone();
    let exam_code = |id: ExamId| snap.exam(id).record.code.clone();
    let certifications = snap
        .certification_ids()
        .map(|id| {
            let node = snap.certification(id);
            let mut record = node.record.clone();
            record.requirements = node
                .groups
                .iter()
                .map(|g| RequirementGroup {
                    kind: g.kind,
                    items: g
                        .items
                        .iter()
                        .map(|item| match *item {
                            ItemRef::Certification(c) => RequirementItem::Certification(cert_code(c)),
                            ItemRef::Exam(e) => RequirementItem::Exam(exam_code(e)),
                        })
                        .collect(),
                })
                .collect();
            let revision = snap.certification_revision(id);
            (revision.row != 0).then_some(Stored {
                id: revision.row,
                revision,
                record,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let exams = (0..snap.exam_count() as u32)
        .map(ExamId)
        .map(|id| {
            let revision = snap.exam_revision(id);
            (revision.row != 0).then(|| Stored {
                id: revision.row,
                revision,
                record: snap.exam(id).record.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let courses = (0..snap.course_count() as u32)
        .map(CourseId)
        .map(|id| {
            let node = snap.course(id);
            let mut record = node.record.clone();
            record.exams = node.exams.iter().map(|&e| exam_code(e)).collect();
            let revision = snap.course_revision(id);
            (revision.row != 0).then_some(Stored {
                id: revision.row,
                revision,
                record,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Snapshot {
        certifications,
        exams,
        courses,
    })
}
