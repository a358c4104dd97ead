//! Ranked search across certifications, exams and courses.

use crate::{CatalogSnapshot, CertId, CourseId, ExamId, Words};

/// A record's searchable fields (code, name or title, description) as they are compared:
/// the record's own text when it is plain ASCII, whose folding is ASCII lower-casing that
/// the comparison does itself, else the folded copy kept for it. Keeping a folded copy of
/// every record doubled a large catalog's text in memory; few records need one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Haystack<'a> {
    code: &'a str,
    name: &'a str,
    description: &'a str,
}

impl Haystack<'_> {
    pub(crate) fn matches(&self, words: &Words) -> bool {
        words.all_in(&[self.code, self.name, self.description])
    }

    fn rank(&self, words: &Words) -> MatchRank {
        let code = self.code.as_bytes();
        let whole = words.whole.as_bytes();
        if code.eq_ignore_ascii_case(whole) {
            MatchRank::ExactCode
        } else if code
            .get(..whole.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(whole))
        {
            MatchRank::CodePrefix
        } else if words.all_in(&[self.code, self.name]) {
            MatchRank::Name
        } else {
            MatchRank::Other
        }
    }
}

/// The folded fields of the records of one kind whose text is not plain ASCII, by position.
#[derive(Debug, Default)]
pub(crate) struct FoldedTexts(Vec<(u32, Box<[Box<str>; 3]>)>);

impl FoldedTexts {
    /// From every record's raw fields, in position order.
    pub(crate) fn new<'a>(records: impl Iterator<Item = [&'a str; 3]>) -> Self {
        let folded = records
            .enumerate()
            .filter(|(_, fields)| !fields.iter().all(|f| f.is_ascii()))
            .map(|(i, fields)| (i as u32, Box::new(fields.map(|f| crate::fold(f).into()))))
            .collect();
        Self(folded)
    }

    /// The fields to compare for the record at `position`, whose raw fields are `raw`.
    pub(crate) fn haystack<'a>(&'a self, position: u32, raw: [&'a str; 3]) -> Haystack<'a> {
        let [code, name, description] = match self.0.binary_search_by_key(&position, |(p, _)| *p) {
            Ok(i) => {
                let [c, n, d] = &*self.0[i].1;
                [&**c, &**n, &**d]
            }
            Err(_) => raw,
        };
        Haystack {
            code,
            name,
            description,
        }
    }
}

/// How well a hit matches; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchRank {
    ExactCode = 0,
    CodePrefix = 1,
    /// Every word is in the code or the name/title.
    Name = 2,
    /// Some word only in the description.
    Other = 3,
}

/// One search hit. Ordered as ranked: certifications before exams before courses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SearchHit {
    Certification(CertId),
    Exam(ExamId),
    Course(CourseId),
}

impl CatalogSnapshot {
    /// Every record where each word of `words` occurs in its code, name/title or
    /// description, best first: exact code, code prefix, name, the rest; equal matches
    /// certifications, then exams, then courses, each by code.
    pub fn search(&self, words: &Words) -> Vec<SearchHit> {
        self.search_ranked(words)
            .into_iter()
            .map(|(_, hit)| hit)
            .collect()
    }

    /// [`Self::search`] with each hit's rank.
    pub fn search_ranked(&self, words: &Words) -> Vec<(MatchRank, SearchHit)> {
        let mut hits: Vec<(MatchRank, SearchHit)> = Vec::new();
        let (certs, exams, courses) = (self.certification_count(), self.exam_count(), self.course_count());
        scan(
            &mut hits,
            words,
            certs,
            |i| self.certification_text(CertId(i)),
            |i| SearchHit::Certification(CertId(i)),
        );
        scan(
            &mut hits,
            words,
            exams,
            |i| self.exam_text(ExamId(i)),
            |i| SearchHit::Exam(ExamId(i)),
        );
        scan(
            &mut hits,
            words,
            courses,
            |i| self.course_text(CourseId(i)),
            |i| SearchHit::Course(CourseId(i)),
        );
        hits.sort_unstable();
        hits
    }

    pub(crate) fn certification_text(&self, id: CertId) -> Haystack<'_> {
        let r = &self.certification(id).record;
        let raw = [r.code.as_str(), &r.name, r.description.as_deref().unwrap_or("")];
        self.certification_folded.haystack(id.0, raw)
    }

    pub(crate) fn exam_text(&self, id: ExamId) -> Haystack<'_> {
        let r = &self.exam(id).record;
        let raw = [r.code.as_str(), r.title.as_deref().unwrap_or(""), ""];
        self.exam_folded.haystack(id.0, raw)
    }

    pub(crate) fn course_text(&self, id: CourseId) -> Haystack<'_> {
        let r = &self.course(id).record;
        let raw = [r.code.as_str(), r.title.as_deref().unwrap_or(""), ""];
        self.course_folded.haystack(id.0, raw)
    }

    /// A hit's code.
    pub fn hit_code(&self, hit: SearchHit) -> &str {
        match hit {
            SearchHit::Certification(id) => self.certification(id).record.code.as_str(),
            SearchHit::Exam(id) => self.exam(id).record.code.as_str(),
            SearchHit::Course(id) => self.course(id).record.code.as_str(),
        }
    }
}

fn scan<'s>(
    hits: &mut Vec<(MatchRank, SearchHit)>,
    words: &Words,
    count: usize,
    text: impl Fn(u32) -> Haystack<'s>,
    hit: impl Fn(u32) -> SearchHit,
) {
    for i in 0..count as u32 {
        let text = text(i);
        if text.matches(words) {
            hits.push((text.rank(words), hit(i)));
        }
    }
}
