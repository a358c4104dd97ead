//! The requirement graph the planner searches: certifications, exams and their groups,
//! with codes interned to dense ids so that a search never hashes a string.
//!
//! Ids depend on insertion order, so nothing the planner returns may be ordered by id:
//! every answer is ordered by code.

use std::collections::HashMap;

use crate::{
    Catalog, CertificationCode, CertificationStatus, ExamCode, ExamStatus, GroupKind, RequirementGroup,
    RequirementItem,
};

/// An interned certification or exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Node {
    Cert(u32),
    Exam(u32),
}

/// A requirement group with its items interned.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub kind: GroupKind,
    pub items: Vec<Node>,
}

/// What the graph knows about one certification.
#[derive(Debug, Clone)]
pub(crate) struct CertEntry {
    pub status: CertificationStatus,
    pub groups: Vec<Group>,
}

/// Certifications, exams and requirement groups, built by the caller from stored rows.
/// Lookups by code are hash lookups; a requirement may name a certification or exam that is
/// added later (or never: the planner then treats it as unobtainable).
#[derive(Debug, Clone, Default)]
pub struct RequirementGraph {
    cert_ids: HashMap<CertificationCode, u32>,
    cert_codes: Vec<CertificationCode>,
    certs: Vec<Option<CertEntry>>,
    exam_ids: HashMap<ExamCode, u32>,
    exam_codes: Vec<ExamCode>,
    exams: Vec<Option<ExamStatus>>,
}

impl RequirementGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) an exam.
    pub fn add_exam(&mut self, code: ExamCode, status: ExamStatus) {
        let id = self.intern_exam(code);
        self.exams[id as usize] = Some(status);
    }

    /// Adds (or replaces) a certification with its ordered requirement groups.
    pub fn add_certification(
        &mut self,
        code: CertificationCode,
        status: CertificationStatus,
        requirements: Vec<RequirementGroup>,
    ) {
        let id = self.intern_cert(code);
        let groups = requirements
            .into_iter()
            .map(|group| Group {
                kind: group.kind,
                items: group
                    .items
                    .into_iter()
                    .map(|item| self.intern_item(item))
                    .collect(),
            })
            .collect();
        self.certs[id as usize] = Some(CertEntry { status, groups });
    }

    /// The graph of a whole catalog.
    pub fn from_catalog(catalog: &Catalog) -> Self {
        let mut graph = Self::new();
        for exam in &catalog.exams {
            graph.add_exam(exam.code.clone(), exam.status);
        }
        for cert in &catalog.certifications {
            graph.add_certification(cert.code.clone(), cert.status, cert.requirements.clone());
        }
        graph
    }

    /// Whether the certification has been added.
    pub fn contains_certification(&self, code: &CertificationCode) -> bool {
        self.cert_id(code).is_some()
    }

    /// Whether the exam has been added.
    pub fn contains_exam(&self, code: &ExamCode) -> bool {
        self.exam_id(code).is_some()
    }

    /// Every certification added, sorted by code.
    pub fn certification_codes(&self) -> Vec<&CertificationCode> {
        let mut codes: Vec<_> = self
            .cert_codes
            .iter()
            .zip(&self.certs)
            .filter(|(_, entry)| entry.is_some())
            .map(|(code, _)| code)
            .collect();
        codes.sort_unstable();
        codes
    }

    /// The id of an added certification.
    pub(crate) fn cert_id(&self, code: &CertificationCode) -> Option<u32> {
        let id = *self.cert_ids.get(code)?;
        self.certs[id as usize].is_some().then_some(id)
    }

    /// The id of an added exam.
    pub(crate) fn exam_id(&self, code: &ExamCode) -> Option<u32> {
        let id = *self.exam_ids.get(code)?;
        self.exams[id as usize].is_some().then_some(id)
    }

    /// The certification behind an id; `None` when it was only ever named, never added.
    pub(crate) fn cert(&self, id: u32) -> Option<&CertEntry> {
        self.certs[id as usize].as_ref()
    }

    /// The exam's status; `None` when it was only ever named, never added.
    pub(crate) fn exam_status(&self, id: u32) -> Option<ExamStatus> {
        self.exams[id as usize]
    }

    /// How many certification ids exist (added or only named).
    pub(crate) fn cert_slots(&self) -> usize {
        self.certs.len()
    }

    pub(crate) fn cert_code(&self, id: u32) -> &CertificationCode {
        &self.cert_codes[id as usize]
    }

    pub(crate) fn exam_code(&self, id: u32) -> &ExamCode {
        &self.exam_codes[id as usize]
    }

    fn intern_item(&mut self, item: RequirementItem) -> Node {
        match item {
            RequirementItem::Certification(code) => Node::Cert(self.intern_cert(code)),
            RequirementItem::Exam(code) => Node::Exam(self.intern_exam(code)),
        }
    }

    fn intern_cert(&mut self, code: CertificationCode) -> u32 {
        if let Some(&id) = self.cert_ids.get(&code) {
            return id;
        }
        let id = to_id(self.cert_codes.len());
        self.cert_ids.insert(code.clone(), id);
        self.cert_codes.push(code);
        self.certs.push(None);
        id
    }

    fn intern_exam(&mut self, code: ExamCode) -> u32 {
        if let Some(&id) = self.exam_ids.get(&code) {
            return id;
        }
        let id = to_id(self.exam_codes.len());
        self.exam_ids.insert(code.clone(), id);
        self.exam_codes.push(code);
        self.exams.push(None);
        id
    }
}

/// Catalogs are far below four billion records; this only guards the conversion.
fn to_id(len: usize) -> u32 {
    u32::try_from(len).expect("more than u32::MAX codes in one requirement graph")
}
