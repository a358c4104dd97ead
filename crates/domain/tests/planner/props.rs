//! Property tests on random small acyclic catalogs, against the brute-force oracle.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use crate::oracle::{is_earned, smallest_sets, Spec};
use crate::*;

/// A random catalog as raw numbers, turned into a `Spec` by `Case::spec`.
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub(crate) exam_kinds: Vec<u8>,
    pub(crate) cert_kinds: Vec<u8>,
    groups: Vec<Vec<(bool, Vec<usize>)>>,
    held_certs: Vec<bool>,
    held_exams: Vec<bool>,
    pub(crate) target: usize,
    pub(crate) shuffle: u64,
}

pub(crate) fn case() -> impl Strategy<Value = Case> {
    (1usize..=8, 1usize..=8).prop_flat_map(|(certs, exams)| {
        let group = (any::<bool>(), prop::collection::vec(0usize..64, 1..=3));
        let groups = prop_oneof![
            1 => Just(Vec::new()),
            8 => prop::collection::vec(group, 1..=2),
        ];
        (
            prop::collection::vec(0u8..20, exams),
            prop::collection::vec(0u8..20, certs),
            prop::collection::vec(groups, certs),
            prop::collection::vec(prop::bool::weighted(0.1), certs),
            prop::collection::vec(prop::bool::weighted(0.2), exams),
            0..certs,
            any::<u64>(),
        )
            .prop_map(
                |(exam_kinds, cert_kinds, groups, held_certs, held_exams, target, shuffle)| Case {
                    exam_kinds,
                    cert_kinds,
                    groups,
                    held_certs,
                    held_exams,
                    target,
                    shuffle,
                },
            )
    })
}

pub(crate) fn cert_code(i: usize) -> CertificationCode {
    cert(&format!("c-{i}"))
}

fn exam_code(i: usize) -> ExamCode {
    exam(&format!("EX-{}", 100 + i))
}

impl Case {
    /// Certification `i` may only name exams and certifications with a larger index: acyclic.
    pub(crate) fn spec(&self) -> Spec {
        let (certs, exams) = (self.cert_kinds.len(), self.exam_kinds.len());
        let item = |i: usize, raw: usize| {
            let later = certs - i - 1;
            if later == 0 || raw % 2 == 0 {
                RequirementItem::Exam(exam_code((raw / 2) % exams))
            } else {
                RequirementItem::Certification(cert_code(i + 1 + (raw / 2) % later))
            }
        };
        let status = |k: u8| match k {
            0..=2 => ExamStatus::Retired,
            3..=5 => ExamStatus::Beta,
            _ => ExamStatus::Live,
        };
        Spec {
            exams: (0..exams)
                .map(|i| (exam_code(i), status(self.exam_kinds[i])))
                .collect(),
            certs: (0..certs)
                .map(|i| {
                    let groups = self.groups[i]
                        .iter()
                        .map(|(all_of, raws)| RequirementGroup {
                            kind: if *all_of {
                                GroupKind::AllOf
                            } else {
                                GroupKind::OneOf
                            },
                            items: raws.iter().map(|&r| item(i, r)).collect(),
                        })
                        .collect();
                    let status = if self.cert_kinds[i] < 3 {
                        CertificationStatus::Retired
                    } else {
                        CertificationStatus::Active
                    };
                    (cert_code(i), (status, groups))
                })
                .collect(),
        }
    }

    pub(crate) fn holdings(&self) -> Holdings {
        Holdings {
            certifications: (0..self.held_certs.len())
                .filter(|&i| self.held_certs[i])
                .map(cert_code)
                .collect(),
            exams: (0..self.held_exams.len())
                .filter(|&i| self.held_exams[i])
                .map(exam_code)
                .collect(),
        }
    }
}

/// Adds the spec's records in an order shuffled by `seed`.
pub(crate) fn build(spec: &Spec, seed: u64) -> RequirementGraph {
    let mut records: Vec<Result<&ExamCode, &CertificationCode>> = spec
        .exams
        .keys()
        .map(Ok)
        .chain(spec.certs.keys().map(Err))
        .collect();
    let mut state = seed | 1;
    for i in (1..records.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        records.swap(i, (state >> 33) as usize % (i + 1));
    }
    let mut graph = RequirementGraph::new();
    for record in records {
        match record {
            Ok(e) => graph.add_exam(e.clone(), spec.exams[e]),
            Err(c) => {
                let (status, groups) = &spec.certs[c];
                graph.add_certification(c.clone(), *status, groups.clone());
            }
        }
    }
    graph
}

pub(crate) const LIMITS: PlanLimits = PlanLimits {
    max_work: 1_000_000,
    max_alternatives: 3,
};

pub(crate) fn exam_set<'a>(exams: impl Iterator<Item = &'a ExamCode>) -> BTreeSet<ExamCode> {
    exams.cloned().collect()
}

/// Each step's `earns` become earned exactly at that step; the last one includes the target.
fn check_steps(
    spec: &Spec,
    holdings: &Holdings,
    steps: &[PlanStep],
    earned: &[CertificationCode],
    target: &CertificationCode,
) {
    let mut passed = holdings.exams.clone();
    for step in steps {
        let before = passed.clone();
        passed.insert(step.exam.clone());
        for cert in &step.earns {
            assert!(
                !is_earned(spec, &holdings.certifications, &before, cert),
                "{cert} earned before {}",
                step.exam
            );
            assert!(
                is_earned(spec, &holdings.certifications, &passed, cert),
                "{cert} not earned by {}",
                step.exam
            );
        }
    }
    assert_eq!(earned.last(), Some(target));
    let listed: Vec<_> = steps.iter().flat_map(|s| s.earns.iter().cloned()).collect();
    assert_eq!(listed, earned);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn plans_are_minimal_valid_and_deterministic(case in case()) {
        let spec = case.spec();
        let holdings = case.holdings();
        let target = cert_code(case.target);
        let graph = build(&spec, 0);
        let plan = plan(&graph, &target, &holdings, &LIMITS).unwrap();
        let oracle = smallest_sets(&spec, &holdings.certifications, &holdings.exams, &target);
        match &oracle {
            None => {
                prop_assert!(!plan.achievable && !plan.already_earned && plan.steps.is_empty());
                prop_assert!(!plan.unachievable_reasons.is_empty());
            }
            Some(sets) if sets[0].is_empty() => prop_assert!(plan.achievable && plan.already_earned && plan.steps.is_empty()),
            Some(sets) => {
                prop_assert!(plan.achievable && !plan.already_earned);
                // (2) nothing smaller exists, and (1) the plan really earns the target.
                prop_assert_eq!(plan.steps.len(), sets[0].len());
                let mine = exam_set(plan.exams());
                prop_assert!(sets.contains(&mine), "{:?} not among {:?}", mine, sets);
                check_steps(&spec, &holdings, &plan.steps, &plan.certifications_earned, &target);
                // (4) alternatives: as small, valid, distinct, as many as exist up to the cap.
                prop_assert_eq!(plan.alternatives.len(), (sets.len() - 1).min(LIMITS.max_alternatives));
                let mut seen = BTreeSet::from([mine]);
                let mut previous = (plan.certifications_earned.len(), exam_set(plan.exams()));
                for alternative in &plan.alternatives {
                    let set = exam_set(alternative.exams());
                    prop_assert!(sets.contains(&set));
                    prop_assert!(seen.insert(set.clone()), "repeated alternative");
                    check_steps(&spec, &holdings, &alternative.steps, &alternative.certifications_earned, &target);
                    let key = (alternative.certifications_earned.len(), set);
                    prop_assert!(previous < key, "alternatives out of order");
                    previous = key;
                }
            }
        }
        // (3) the same answer again, and whatever order the graph was built in.
        prop_assert_eq!(&super::plan(&graph, &target, &holdings, &LIMITS).unwrap(), &plan);
        let shuffled = build(&spec, case.shuffle);
        prop_assert_eq!(&super::plan(&shuffled, &target, &holdings, &LIMITS).unwrap(), &plan);
    }

    #[test]
    fn eligible_matches_the_oracle(case in case()) {
        let spec = case.spec();
        let holdings = case.holdings();
        let graph = build(&spec, case.shuffle);
        let found = eligible(&graph, &holdings, 2, &LIMITS).unwrap();
        let got: BTreeMap<CertificationCode, usize> =
            found.iter().map(|e| (e.certification.clone(), e.exams_needed)).collect();
        let expected: BTreeMap<CertificationCode, usize> = spec
            .certs
            .keys()
            .filter_map(|c| {
                let sets = smallest_sets(&spec, &holdings.certifications, &holdings.exams, c)?;
                (sets[0].len() <= 2).then(|| (c.clone(), sets[0].len()))
            })
            .collect();
        prop_assert_eq!(got, expected);
        let order: Vec<_> = found.iter().map(|e| (e.exams_needed, e.certification.clone())).collect();
        let mut sorted = order.clone();
        sorted.sort();
        prop_assert_eq!(order, sorted);
    }
}
