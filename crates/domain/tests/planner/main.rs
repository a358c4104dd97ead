//! Planner tests: the seed catalog, hand-made cases for each rule, and property tests
//! against an independent brute-force oracle.
#![allow(clippy::unwrap_used)]

mod joint;
mod limits;
mod oracle;
mod props;
mod rules;
mod seed;
mod synthetic;

use certgraph_domain::planner::*;
use certgraph_domain::*;
use certgraph_domain::{CertificationStatus, ExamStatus, GroupKind, RequirementGroup, RequirementItem};

pub fn cert(code: &str) -> CertificationCode {
    CertificationCode::parse(code).unwrap()
}

pub fn exam(code: &str) -> ExamCode {
    ExamCode::parse(code).unwrap()
}

/// `AZ-104` is an exam, `azure-administrator` a certification.
pub fn item(code: &str) -> RequirementItem {
    if code.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()) {
        RequirementItem::Exam(exam(code))
    } else {
        RequirementItem::Certification(cert(code))
    }
}

pub fn all(items: &[&str]) -> RequirementGroup {
    RequirementGroup {
        kind: GroupKind::AllOf,
        items: items.iter().map(|i| item(i)).collect(),
    }
}

pub fn one(items: &[&str]) -> RequirementGroup {
    RequirementGroup {
        kind: GroupKind::OneOf,
        items: items.iter().map(|i| item(i)).collect(),
    }
}

/// A graph built by hand: every exam named in a group is added as live unless added before.
#[derive(Default)]
pub struct Builder {
    pub graph: RequirementGraph,
}

impl Builder {
    pub fn exam(mut self, code: &str, status: ExamStatus) -> Self {
        self.graph.add_exam(exam(code), status);
        self
    }

    pub fn cert(self, code: &str, groups: Vec<RequirementGroup>) -> Self {
        self.cert_with(code, CertificationStatus::Active, groups)
    }

    pub fn cert_with(
        mut self,
        code: &str,
        status: CertificationStatus,
        groups: Vec<RequirementGroup>,
    ) -> Self {
        for group in &groups {
            for item in &group.items {
                if let RequirementItem::Exam(e) = item {
                    if !self.graph.contains_exam(e) {
                        self.graph.add_exam(e.clone(), ExamStatus::Live);
                    }
                }
            }
        }
        self.graph.add_certification(cert(code), status, groups);
        self
    }

    pub fn build(self) -> RequirementGraph {
        self.graph
    }
}

pub fn holding(certs: &[&str], exams: &[&str]) -> Holdings {
    Holdings {
        certifications: certs.iter().map(|c| cert(c)).collect(),
        exams: exams.iter().map(|e| exam(e)).collect(),
    }
}

pub fn plan_of(graph: &RequirementGraph, target: &str, holdings: &Holdings) -> Plan {
    plan(graph, &cert(target), holdings, &PlanLimits::default()).unwrap()
}

pub fn exams_of(plan: &Plan) -> Vec<&str> {
    plan.exams().map(ExamCode::as_str).collect()
}

pub fn alternative_exams(plan: &Plan) -> Vec<Vec<&str>> {
    plan.alternatives
        .iter()
        .map(|a| a.exams().map(ExamCode::as_str).collect())
        .collect()
}
