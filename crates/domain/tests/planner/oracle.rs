//! An independent, deliberately naive model of the rules: a recursive evaluator and a
//! brute force over every subset of exams. It shares no code with the planner.

use std::collections::{BTreeMap, BTreeSet};

use certgraph_domain::{
    CertificationCode, CertificationStatus, ExamCode, ExamStatus, GroupKind, RequirementGroup,
    RequirementItem,
};

/// A small catalog as plain data.
#[derive(Debug, Clone)]
pub struct Spec {
    pub exams: BTreeMap<ExamCode, ExamStatus>,
    pub certs: BTreeMap<CertificationCode, (CertificationStatus, Vec<RequirementGroup>)>,
}

/// Whether `cert` is earned by holding `held` certifications and having passed `passed`.
pub fn is_earned(
    spec: &Spec,
    held: &BTreeSet<CertificationCode>,
    passed: &BTreeSet<ExamCode>,
    cert: &CertificationCode,
) -> bool {
    earned(spec, held, passed, cert, &mut Vec::new())
}

fn earned(
    spec: &Spec,
    held: &BTreeSet<CertificationCode>,
    passed: &BTreeSet<ExamCode>,
    cert: &CertificationCode,
    path: &mut Vec<CertificationCode>,
) -> bool {
    if held.contains(cert) {
        return true;
    }
    let Some((status, groups)) = spec.certs.get(cert) else {
        return false;
    };
    if *status == CertificationStatus::Retired || groups.is_empty() || path.contains(cert) {
        return false;
    }
    path.push(cert.clone());
    let mut item_ok = |item: &RequirementItem| match item {
        RequirementItem::Exam(e) => passed.contains(e),
        RequirementItem::Certification(c) => earned(spec, held, passed, c, path),
    };
    let ok = groups.iter().all(|g| match g.kind {
        GroupKind::AllOf => g.items.iter().all(&mut item_ok),
        GroupKind::OneOf => g.items.iter().any(&mut item_ok),
    });
    path.pop();
    ok
}

/// Every smallest set of takeable exams (not held, not retired) that, added to the held
/// exams, earns `target`; `None` when no set does.
pub fn smallest_sets(
    spec: &Spec,
    held_certs: &BTreeSet<CertificationCode>,
    held_exams: &BTreeSet<ExamCode>,
    target: &CertificationCode,
) -> Option<Vec<BTreeSet<ExamCode>>> {
    smallest_sets_for_all(spec, held_certs, held_exams, std::slice::from_ref(target))
}

/// [`smallest_sets`] for sets that earn every one of `targets`.
pub fn smallest_sets_for_all(
    spec: &Spec,
    held_certs: &BTreeSet<CertificationCode>,
    held_exams: &BTreeSet<ExamCode>,
    targets: &[CertificationCode],
) -> Option<Vec<BTreeSet<ExamCode>>> {
    let takeable: Vec<&ExamCode> = spec
        .exams
        .iter()
        .filter(|(code, status)| **status != ExamStatus::Retired && !held_exams.contains(*code))
        .map(|(code, _)| code)
        .collect();
    for size in 0..=takeable.len() {
        let mut found = Vec::new();
        for mask in 0u32..(1 << takeable.len()) {
            if mask.count_ones() as usize != size {
                continue;
            }
            let chosen: BTreeSet<ExamCode> = takeable
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, e)| (*e).clone())
                .collect();
            let passed: BTreeSet<ExamCode> = held_exams.union(&chosen).cloned().collect();
            if targets.iter().all(|t| is_earned(spec, held_certs, &passed, t)) {
                found.push(chosen);
            }
        }
        if !found.is_empty() {
            return Some(found);
        }
    }
    None
}
