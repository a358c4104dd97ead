//! Ranked search across certifications, exams and courses.

use crate::{CatalogSnapshot, CertId, CourseId, ExamId, Words};

/// A record's searchable text, folded once when the snapshot is built.
#[derive(Debug)]
pub(crate) struct Haystack {
    code: String,
    name: String,
    description: String,
}

impl Haystack {
    pub(crate) fn new(code: &str, name: Option<&str>, description: Option<&str>) -> Self {
        Self {
            code: crate::fold(code),
            name: name.map(crate::fold).unwrap_or_default(),
            description: description.map(crate::fold).unwrap_or_default(),
        }
    }

    pub(crate) fn matches(&self, words: &Words) -> bool {
        words.all_in(&[&self.code, &self.name, &self.description])
    }

    fn rank(&self, words: &Words) -> MatchRank {
        if self.code == words.whole {
            MatchRank::ExactCode
        } else if self.code.starts_with(&words.whole) {
            MatchRank::CodePrefix
        } else if words.all_in(&[&self.code, &self.name]) {
            MatchRank::Name
        } else {
            MatchRank::Other
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
        let mut scan = |texts: &[Haystack], hit: &dyn Fn(u32) -> SearchHit| {
            for (i, text) in texts.iter().enumerate() {
                if text.matches(words) {
                    hits.push((text.rank(words), hit(i as u32)));
                }
            }
        };
        scan(&self.certification_text, &|i| SearchHit::Certification(CertId(i)));
        scan(&self.exam_text, &|i| SearchHit::Exam(ExamId(i)));
        scan(&self.course_text, &|i| SearchHit::Course(CourseId(i)));
        hits.sort_unstable();
        hits
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
