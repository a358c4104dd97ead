//! What an apply did, or in a dry run would do: each record created, updated or deleted,
//! and the counts. A leaf: computed by the diff, reported by the apply.

use std::fmt;

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
    /// When it wrote: the `updatedAt` of every record it touched (ms since the epoch).
    pub at_ms: Option<i64>,
}
