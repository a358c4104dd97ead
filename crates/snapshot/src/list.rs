//! Filtered, ordered, keyset-paged lists. A cursor names a position by its (sort value,
//! code), so it keeps its place while records are added or removed elsewhere.

use certgraph_domain::{CertificationStatus, Delivery, ExamStatus, Level};

use crate::search::Haystack;
use crate::{CatalogSnapshot, CertId, CourseId, ExamId, Words};

/// What a list is ordered by; the code always breaks ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    Code,
    /// A certification's name, an exam's or course's title.
    Name,
}

/// A position in an ordering: the sort value and the code of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub value: String,
    pub code: String,
}

/// Which slice of an ordering to return (Relay's `first/after`, `last/before`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub sort: SortField,
    pub descending: bool,
    pub after: Option<SortKey>,
    pub before: Option<SortKey>,
    /// Records to take from the start (after `after`), or ...
    pub first: Option<u64>,
    /// ... records to take from the end (before `before`).
    pub last: Option<u64>,
}

/// One page and whether records exist beyond it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<I> {
    pub items: Vec<I>,
    pub has_previous: bool,
    pub has_next: bool,
}

/// Conditions on a list; every one given must hold. `Kind` is the record's own enum
/// (level and status, exam status, delivery).
#[derive(Debug, Clone, Default)]
pub struct Filter<Kind> {
    pub kinds: Kind,
    pub text: Option<Words>,
}

/// Certification conditions: level and status.
pub type CertificationKinds = (Option<Level>, Option<CertificationStatus>);

impl CatalogSnapshot {
    /// One page of certifications.
    pub fn certification_page(
        &self,
        filter: &Filter<CertificationKinds>,
        request: &PageRequest,
    ) -> Page<CertId> {
        let keep = |id: CertId| self.certification_matches(filter, id);
        let key = |id: CertId| {
            let r = &self.certification(id).record;
            (r.name.as_str(), r.code.as_str())
        };
        page(
            self.certifications.len(),
            &self.certifications_by_name,
            CertId,
            key,
            keep,
            request,
        )
    }

    /// How many certifications match.
    pub fn certification_total(&self, filter: &Filter<CertificationKinds>) -> usize {
        count(self.certification_ids(), filter, |id| {
            self.certification_matches(filter, id)
        })
    }

    fn certification_matches(&self, filter: &Filter<CertificationKinds>, id: CertId) -> bool {
        let r = &self.certification(id).record;
        filter.kinds.0.is_none_or(|l| l == r.level)
            && filter.kinds.1.is_none_or(|s| s == r.status)
            && text_ok(&filter.text, self.certification_text(id))
    }

    /// One page of exams.
    pub fn exam_page(&self, filter: &Filter<Option<ExamStatus>>, request: &PageRequest) -> Page<ExamId> {
        let keep = |id: ExamId| self.exam_matches(filter, id);
        let key = |id: ExamId| {
            let r = &self.exam(id).record;
            (r.title.as_deref().unwrap_or(""), r.code.as_str())
        };
        page(self.exams.len(), &self.exams_by_title, ExamId, key, keep, request)
    }

    /// How many exams match.
    pub fn exam_total(&self, filter: &Filter<Option<ExamStatus>>) -> usize {
        let ids = (0..self.exams.len() as u32).map(ExamId);
        count(ids, filter, |id| self.exam_matches(filter, id))
    }

    fn exam_matches(&self, filter: &Filter<Option<ExamStatus>>, id: ExamId) -> bool {
        filter.kinds.is_none_or(|s| s == self.exam(id).record.status)
            && text_ok(&filter.text, self.exam_text(id))
    }

    /// One page of courses.
    pub fn course_page(&self, filter: &Filter<Option<Delivery>>, request: &PageRequest) -> Page<CourseId> {
        let keep = |id: CourseId| self.course_matches(filter, id);
        let key = |id: CourseId| {
            let r = &self.course(id).record;
            (r.title.as_deref().unwrap_or(""), r.code.as_str())
        };
        page(
            self.courses.len(),
            &self.courses_by_title,
            CourseId,
            key,
            keep,
            request,
        )
    }

    /// How many courses match.
    pub fn course_total(&self, filter: &Filter<Option<Delivery>>) -> usize {
        let ids = (0..self.courses.len() as u32).map(CourseId);
        count(ids, filter, |id| self.course_matches(filter, id))
    }

    fn course_matches(&self, filter: &Filter<Option<Delivery>>, id: CourseId) -> bool {
        filter.kinds.is_none_or(|d| d == self.course(id).record.delivery)
            && text_ok(&filter.text, self.course_text(id))
    }
}

fn text_ok(text: &Option<Words>, haystack: Haystack) -> bool {
    text.as_ref().is_none_or(|words| haystack.matches(words))
}

fn count<I: Copy, K>(
    ids: impl ExactSizeIterator<Item = I>,
    filter: &Filter<K>,
    keep: impl Fn(I) -> bool,
) -> usize
where
    K: Default + PartialEq,
{
    if filter.text.is_none() && filter.kinds == K::default() {
        ids.len()
    } else {
        ids.filter(|&id| keep(id)).count()
    }
}

/// The page `request` asks for. Records are in code order by position; `by_name` is the
/// name ordering. Bounds come from a binary search on the ordering; the filter is applied
/// while walking from the bound, so a page costs its size plus the records skipped.
fn page<'a, I: Copy>(
    len: usize,
    by_name: &[I],
    id: impl Fn(u32) -> I,
    key: impl Fn(I) -> (&'a str, &'a str),
    keep: impl Fn(I) -> bool,
    request: &PageRequest,
) -> Page<I> {
    let at = |i: usize| match request.sort {
        SortField::Code => id(i as u32),
        SortField::Name => by_name[i],
    };
    let sort_key = |i: usize| {
        let (name, code) = key(at(i));
        match request.sort {
            SortField::Code => (code, code),
            SortField::Name => (name, code),
        }
    };
    // Index of the first record whose key is above `k` (or at it, when `inclusive`).
    let bound = |k: &SortKey, inclusive: bool| {
        let target = (k.value.as_str(), k.code.as_str());
        partition_point(len, |i| {
            if inclusive {
                sort_key(i) < target
            } else {
                sort_key(i) <= target
            }
        })
    };
    let (mut lo, mut hi) = (0, len);
    // In ascending terms: `after` cuts from below and `before` from above; descending swaps them.
    let (low_key, high_key) = if request.descending {
        (&request.before, &request.after)
    } else {
        (&request.after, &request.before)
    };
    if let Some(k) = low_key {
        lo = bound(k, false);
    }
    if let Some(k) = high_key {
        hi = bound(k, true).max(lo);
    }
    let forward = request.last.is_none() || request.first.is_some();
    let limit = if forward { request.first } else { request.last }.unwrap_or(20) as usize;
    // Walking from the end means reading the ordering backwards, then restoring it.
    let ascending = forward != request.descending;
    let range = lo..hi;
    let walk: Box<dyn Iterator<Item = usize>> = if ascending {
        Box::new(range)
    } else {
        Box::new(range.rev())
    };
    let mut items: Vec<I> = Vec::with_capacity(limit.min(len));
    let mut more = false;
    for i in walk {
        let item = at(i);
        if !keep(item) {
            continue;
        }
        if items.len() == limit {
            more = true;
            break;
        }
        items.push(item);
    }
    if forward {
        Page {
            items,
            has_previous: request.after.is_some(),
            has_next: more,
        }
    } else {
        items.reverse();
        Page {
            items,
            has_previous: more,
            has_next: request.before.is_some(),
        }
    }
}

fn partition_point(len: usize, below: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
