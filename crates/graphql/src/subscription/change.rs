//! `CatalogChange`: one committed change to one catalog record, as a subscriber sees it.

use async_graphql::{Enum, SimpleObject};
use certgraph_store::{AuditRecord, ChangeAction, RecordKind};

/// A kind of catalog record.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogKind {
    /// A certification.
    Certification,
    /// An exam.
    Exam,
    /// A course.
    Course,
}

impl From<RecordKind> for CatalogKind {
    fn from(kind: RecordKind) -> Self {
        match kind {
            RecordKind::Certification => Self::Certification,
            RecordKind::Exam => Self::Exam,
            RecordKind::Course => Self::Course,
        }
    }
}

/// What a change did to its record.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogChangeAction {
    /// The record is new.
    Created,
    /// Some of the record's fields changed (`changedFields` names them).
    Updated,
    /// The record is gone.
    Deleted,
}

impl From<ChangeAction> for CatalogChangeAction {
    fn from(action: ChangeAction) -> Self {
        match action {
            ChangeAction::Create => Self::Created,
            ChangeAction::Update => Self::Updated,
            ChangeAction::Delete => Self::Deleted,
        }
    }
}

/// One committed change to one catalog record, wherever it was made (a mutation through any
/// replica, or an import). The changes of one record arrive in `version` order, and all of
/// them in `catalogVersion` order.
#[derive(SimpleObject, Debug, Clone, PartialEq, Eq)]
pub struct CatalogChange {
    /// The kind of record changed.
    pub kind: CatalogKind,
    /// The record's code.
    pub code: String,
    /// Whether the record was created, updated or deleted.
    pub action: CatalogChangeAction,
    /// The record's version after the change (before it, for a deletion).
    pub version: i32,
    /// The catalog version the change committed: pass the last one seen as `since` when
    /// subscribing again, to be sent what was missed meanwhile.
    pub catalog_version: i64,
    /// The names of the fields the change set (every field, for a creation).
    pub changed_fields: Vec<String>,
    /// When the change committed, RFC 3339 in UTC.
    pub at: String,
}

impl From<&AuditRecord> for CatalogChange {
    fn from(record: &AuditRecord) -> Self {
        let version = match record.action {
            ChangeAction::Delete => record.version_before,
            _ => record.version_after,
        };
        Self {
            kind: record.kind.into(),
            code: record.code.clone(),
            action: record.action.into(),
            version: version.unwrap_or_default(),
            catalog_version: record.catalog_version,
            changed_fields: record.changes.iter().map(|c| c.field.clone()).collect(),
            at: rfc3339(record.at_ms),
        }
    }
}

/// Milliseconds since the Unix epoch as RFC 3339 in UTC, to the millisecond.
pub(crate) fn rfc3339(at_ms: i64) -> String {
    let secs = at_ms.div_euclid(1000);
    let millis = at_ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// Howard Hinnant's days-to-civil: the proleptic Gregorian date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn times_are_rfc3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(rfc3339(1_798_761_599_999), "2026-12-31T23:59:59.999Z");
    }
}
