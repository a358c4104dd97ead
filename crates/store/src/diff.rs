//! What an import changes: the incoming records compared, by code, with the stored ones.
//! Pure, so it is tested without a database.

use std::collections::HashMap;

use certgraph_domain::{Certification, Course, Exam};

use crate::audit::{Entry, Image};
use crate::changes::{Change, ChangeAction, ChangeCounts, RecordKind};
use crate::snapshot::Stored;

/// A record an import can create, update or delete, matched by its code.
pub(crate) trait Record {
    const KIND: RecordKind;
    fn code(&self) -> &str;
    fn image(&self) -> Image<'_>;
    /// The fields whose values differ from `stored`, by their catalog-format names.
    fn changed_fields(&self, stored: &Self) -> Vec<&'static str>;
}

fn fields<const N: usize>(checks: [(&'static str, bool); N]) -> Vec<&'static str> {
    checks
        .into_iter()
        .filter(|(_, differs)| *differs)
        .map(|(name, _)| name)
        .collect()
}

impl Record for Certification {
    const KIND: RecordKind = RecordKind::Certification;
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn image(&self) -> Image<'_> {
        Image::Certification(self)
    }
    fn changed_fields(&self, s: &Self) -> Vec<&'static str> {
        fields([
            ("name", self.name != s.name),
            ("level", self.level != s.level),
            ("description", self.description != s.description),
            ("url", self.url != s.url),
            ("pathImage", self.path_image != s.path_image),
            ("status", self.status != s.status),
            ("requirements", self.requirements != s.requirements),
        ])
    }
}

impl Record for Exam {
    const KIND: RecordKind = RecordKind::Exam;
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn image(&self) -> Image<'_> {
        Image::Exam(self)
    }
    fn changed_fields(&self, s: &Self) -> Vec<&'static str> {
        fields([
            ("title", self.title != s.title),
            ("url", self.url != s.url),
            ("status", self.status != s.status),
        ])
    }
}

impl Record for Course {
    const KIND: RecordKind = RecordKind::Course;
    fn code(&self) -> &str {
        self.code.as_str()
    }
    fn image(&self) -> Image<'_> {
        Image::Course(self)
    }
    fn changed_fields(&self, s: &Self) -> Vec<&'static str> {
        fields([
            ("title", self.title != s.title),
            ("url", self.url != s.url),
            ("delivery", self.delivery != s.delivery),
            ("exams", self.exams != s.exams),
        ])
    }
}

/// The stored records of one kind, split by whether the input names them.
pub(crate) struct Partition<T> {
    /// Stored records the input also has, by code.
    pub matched: HashMap<String, Stored<T>>,
    /// Stored records the input does not mention: kept, or deleted with `--prune`.
    pub others: Vec<Stored<T>>,
}

pub(crate) fn partition<T: Record>(incoming: &[T], stored: Vec<Stored<T>>) -> Partition<T> {
    if stored.is_empty() {
        // An import into an empty database: no set of every incoming code to build.
        return Partition {
            matched: HashMap::new(),
            others: Vec::new(),
        };
    }
    let wanted: std::collections::HashSet<&str> = incoming.iter().map(Record::code).collect();
    let (matched, others): (Vec<_>, Vec<_>) =
        stored.into_iter().partition(|s| wanted.contains(s.record.code()));
    Partition {
        matched: matched
            .into_iter()
            .map(|s| (s.record.code().to_owned(), s))
            .collect(),
        others,
    }
}

/// `(row id, code)` of stored records.
pub(crate) fn ids<T: Record>(stored: &[Stored<T>]) -> Vec<(i32, String)> {
    stored
        .iter()
        .map(|s| (s.id, s.record.code().to_owned()))
        .collect()
}

/// The writes one apply makes, kind by kind, stamped `at` (ms since the epoch).
pub(crate) struct CatalogWrites<'a> {
    pub at: i64,
    pub exams: KindWrites<'a, certgraph_domain::Exam>,
    pub certifications: KindWrites<'a, certgraph_domain::Certification>,
    pub courses: KindWrites<'a, certgraph_domain::Course>,
}

/// What to write for one kind of record.
pub(crate) struct KindWrites<'a, T> {
    pub create: Vec<&'a T>,
    /// `(row id, new value)`.
    pub update: Vec<(i32, &'a T)>,
    /// `(row id, code)`.
    pub delete: Vec<(i32, String)>,
    pub unchanged: usize,
}

impl<T> KindWrites<'_, T> {
    pub fn counts(&self) -> ChangeCounts {
        ChangeCounts {
            created: self.create.len(),
            updated: self.update.len(),
            unchanged: self.unchanged,
            deleted: self.delete.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.update.is_empty() && self.delete.is_empty()
    }
}

/// What one apply records: each record touched, for the summary and the audit log.
#[derive(Default)]
pub(crate) struct Touched<'a> {
    pub changes: Vec<Change>,
    pub audit: Vec<Entry<'a>>,
}

/// Compares `incoming` (codes unique: the catalog validated) with the stored records;
/// `deleting` are the stored records to remove. Records one change per record touched.
pub(crate) fn writes<'a, T: Record>(
    incoming: &'a [T],
    matched: &'a HashMap<String, Stored<T>>,
    deleting: &'a [Stored<T>],
    touched: &mut Touched<'a>,
) -> KindWrites<'a, T> {
    let mut writes = KindWrites {
        create: Vec::new(),
        update: Vec::new(),
        delete: ids(deleting),
        unchanged: 0,
    };
    for record in incoming {
        match matched.get(record.code()) {
            None => {
                writes.create.push(record);
                touched.created(record);
            }
            Some(stored) => {
                let changed = record.changed_fields(&stored.record);
                if changed.is_empty() {
                    writes.unchanged += 1;
                } else {
                    writes.update.push((stored.id, record));
                    touched.updated(stored, record, changed);
                }
            }
        }
    }
    for stored in deleting {
        touched.deleted(stored);
    }
    writes
}

impl<'a> Touched<'a> {
    fn created<T: Record>(&mut self, record: &'a T) {
        self.changes
            .push(change::<T>(record.code(), ChangeAction::Create, Vec::new()));
        self.audit.push(Entry::Created(record.image()));
    }

    fn updated<T: Record>(&mut self, stored: &'a Stored<T>, record: &'a T, fields: Vec<&'static str>) {
        self.changes
            .push(change::<T>(record.code(), ChangeAction::Update, fields));
        self.audit.push(Entry::Updated {
            before: stored.record.image(),
            after: record.image(),
            version_before: stored.revision.version,
        });
    }

    fn deleted<T: Record>(&mut self, stored: &'a Stored<T>) {
        self.changes.push(change::<T>(
            stored.record.code(),
            ChangeAction::Delete,
            Vec::new(),
        ));
        self.audit.push(Entry::Deleted {
            before: stored.record.image(),
            version_before: stored.revision.version,
        });
    }
}

fn change<T: Record>(code: &str, action: ChangeAction, fields: Vec<&'static str>) -> Change {
    Change {
        kind: T::KIND,
        code: code.to_owned(),
        action,
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use certgraph_domain::{ExamCode, ExamStatus, WebUrl};

    fn exam(code: &str, title: &str) -> Exam {
        Exam {
            code: ExamCode::parse(code).unwrap(),
            title: Some(title.into()),
            url: None,
            status: ExamStatus::Live,
        }
    }

    fn stored(id: i32, record: Exam) -> Stored<Exam> {
        Stored {
            id,
            revision: certgraph_snapshot::Revision::default(),
            record,
        }
    }

    #[test]
    fn records_are_created_updated_or_left_alone_by_code() {
        let incoming = vec![
            exam("AZ-100", "same"),
            exam("AZ-200", "new title"),
            exam("AZ-300", "x"),
        ];
        let mut changed = exam("AZ-200", "old title");
        changed.url = Some(WebUrl::parse("https://example.org/").unwrap());
        let db = vec![
            stored(1, exam("AZ-100", "same")),
            stored(2, changed),
            stored(3, exam("AZ-900", "gone")),
        ];
        let split = partition(&incoming, db);
        assert_eq!(split.others.len(), 1);
        let mut touched = Touched::default();
        let writes = writes(&incoming, &split.matched, &split.others, &mut touched);
        let changes = touched.changes;
        assert_eq!(
            writes.counts(),
            ChangeCounts {
                created: 1,
                updated: 1,
                unchanged: 1,
                deleted: 1
            }
        );
        assert_eq!(writes.update[0].0, 2);
        let update = changes.iter().find(|c| c.action == ChangeAction::Update).unwrap();
        assert_eq!(
            (update.code.as_str(), update.fields.clone()),
            ("AZ-200", vec!["title", "url"])
        );
        assert_eq!(changes.len(), 3);
        let audited: Vec<_> = touched
            .audit
            .iter()
            .map(|e| (e.code(), e.version_before(), e.version_after()))
            .collect();
        assert_eq!(
            audited,
            [
                ("AZ-200", Some(1), Some(2)),
                ("AZ-300", None, Some(1)),
                ("AZ-900", Some(1), None)
            ]
        );
        let (before, after) = touched.audit[0].images();
        let title = crate::audit::field_changes(before, after);
        assert_eq!(title.len(), 2);
        assert_eq!(
            (title[0].field.as_str(), &title[0].old),
            ("title", &serde_json::json!("old title"))
        );
    }
}
