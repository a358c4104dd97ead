//! The catalog graph in memory: an immutable snapshot of every certification, exam and
//! course, with the edges between them resolved to indexes in both directions and the
//! orderings and text the lists and search need. Built once per catalog version and
//! shared by every request (behind an `Arc`), so a read never touches the database and a
//! reader never sees half a change. Pure: no I/O, no database, no GraphQL.

mod build;
mod list;
mod revision;
mod search;
mod text;
mod walk;

use std::time::SystemTime;

use certgraph_domain::{Certification, Course, Exam, GroupKind};

pub use list::{CertificationKinds, Filter, Page, PageRequest, SortField, SortKey};
pub use revision::{Revision, Revisions};
pub use search::{MatchRank, SearchHit};
pub use text::{fold, Words};
pub use walk::{Traversal, TraversedEdge};

/// A certification's place in the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CertId(pub u32);
/// An exam's place in the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExamId(pub u32);
/// A course's place in the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CourseId(pub u32);

/// One thing a requirement group asks for, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemRef {
    Certification(CertId),
    Exam(ExamId),
}

/// A requirement group with its items resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub kind: GroupKind,
    /// Place among its certification's groups, from 0.
    pub position: u32,
    pub items: Vec<ItemRef>,
}

/// A certification and its edges. Its `record.requirements` is emptied: `groups` holds
/// them, resolved (one copy of a large catalog's codes is enough).
#[derive(Debug, Clone)]
pub struct CertificationNode {
    pub record: Certification,
    pub groups: Vec<Group>,
    /// Certifications that list this one in a group, by code.
    pub unlocks: Vec<CertId>,
}

/// An exam and its edges.
#[derive(Debug, Clone)]
pub struct ExamNode {
    pub record: Exam,
    /// Courses preparing for it.
    pub courses: Vec<CourseId>,
    /// Certifications that list it in a group, by code.
    pub required_by: Vec<CertId>,
}

/// A course and its edges. Its `record.exams` is emptied: `exams` holds them, resolved.
#[derive(Debug, Clone)]
pub struct CourseNode {
    pub record: Course,
    /// The exams it prepares for, in the course's own order.
    pub exams: Vec<ExamId>,
}

/// The longest list of each kind anywhere in the catalog: what a query's cost is
/// estimated from, so the estimate follows the data instead of a fixed guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListSizes {
    pub groups_per_certification: usize,
    pub items_per_group: usize,
    pub courses_per_exam: usize,
    pub exams_per_course: usize,
    pub unlocks_per_certification: usize,
    pub required_by_per_exam: usize,
    /// Most certifications below any one certification, transitively.
    pub certifications_below: usize,
    /// Most exams below any one certification, transitively.
    pub exams_below: usize,
    pub certifications: usize,
    pub exams: usize,
    pub courses: usize,
}

/// The whole catalog, indexed. Immutable once built.
#[derive(Debug)]
pub struct CatalogSnapshot {
    /// The catalog version this snapshot shows (bumped by every committed change).
    pub version: i64,
    /// When this snapshot was built.
    pub built_at: SystemTime,
    certifications: Vec<CertificationNode>,
    exams: Vec<ExamNode>,
    courses: Vec<CourseNode>,
    /// Positions ordered by (name or title, code); the code order is the position order.
    certifications_by_name: Vec<CertId>,
    exams_by_title: Vec<ExamId>,
    courses_by_title: Vec<CourseId>,
    /// Folded text (code, name/title, description) of the records that are not plain
    /// ASCII, for filters and search.
    certification_folded: search::FoldedTexts,
    exam_folded: search::FoldedTexts,
    course_folded: search::FoldedTexts,
    sizes: ListSizes,
    revisions: Revisions,
}

impl CatalogSnapshot {
    pub fn certification_revision(&self, id: CertId) -> Revision {
        self.revisions.certifications[id.0 as usize]
    }

    pub fn exam_revision(&self, id: ExamId) -> Revision {
        self.revisions.exams[id.0 as usize]
    }

    pub fn course_revision(&self, id: CourseId) -> Revision {
        self.revisions.courses[id.0 as usize]
    }

    pub fn certification(&self, id: CertId) -> &CertificationNode {
        &self.certifications[id.0 as usize]
    }

    pub fn exam(&self, id: ExamId) -> &ExamNode {
        &self.exams[id.0 as usize]
    }

    pub fn course(&self, id: CourseId) -> &CourseNode {
        &self.courses[id.0 as usize]
    }

    /// A certification by code, case-insensitive. Stored certification codes are lower
    /// case and the records sorted by code, so a binary search needs no index.
    pub fn certification_by_code(&self, code: &str) -> Option<CertId> {
        let key = code.trim().to_lowercase();
        let found = self
            .certifications
            .binary_search_by(|c| c.record.code.as_str().cmp(&key));
        found.ok().map(|i| CertId(i as u32))
    }

    /// An exam by code, case-insensitive (stored exam codes are upper case).
    pub fn exam_by_code(&self, code: &str) -> Option<ExamId> {
        let key = code.trim().to_uppercase();
        let found = self.exams.binary_search_by(|e| e.record.code.as_str().cmp(&key));
        found.ok().map(|i| ExamId(i as u32))
    }

    /// A course by code, case-insensitive (stored course codes are upper case).
    pub fn course_by_code(&self, code: &str) -> Option<CourseId> {
        let key = code.trim().to_uppercase();
        let found = self
            .courses
            .binary_search_by(|c| c.record.code.as_str().cmp(&key));
        found.ok().map(|i| CourseId(i as u32))
    }

    /// Every certification, by code.
    pub fn certification_ids(&self) -> impl ExactSizeIterator<Item = CertId> {
        (0..self.certifications.len() as u32).map(CertId)
    }

    pub fn certification_count(&self) -> usize {
        self.certifications.len()
    }

    pub fn exam_count(&self) -> usize {
        self.exams.len()
    }

    pub fn course_count(&self) -> usize {
        self.courses.len()
    }

    /// The longest lists in this catalog.
    pub fn list_sizes(&self) -> ListSizes {
        self.sizes
    }

    /// A certification's requirement group at `position` (from 0).
    pub fn group(&self, cert: CertId, position: u32) -> Option<&Group> {
        self.certification(cert).groups.get(position as usize)
    }
}

#[cfg(test)]
mod tests;
