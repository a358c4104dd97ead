//! Joint plans on random small catalogs, against the brute-force oracle: never larger than
//! the separate plans together, earning every target, and as small as any set that does.

use std::collections::BTreeSet;

use proptest::prelude::*;

use crate::oracle::{is_earned, smallest_sets_for_all};
use crate::props::{build, case, cert_code, exam_set, LIMITS};
use crate::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn joint_plans_are_minimal_and_never_larger_than_the_separate_plans(case in case()) {
        let spec = case.spec();
        let holdings = case.holdings();
        let certs = case.cert_kinds.len() as u64;
        let mut targets: Vec<CertificationCode> = Vec::new();
        for index in [case.target as u64, case.shuffle % certs, (case.shuffle >> 16) % certs] {
            let code = cert_code(index as usize);
            if !targets.contains(&code) {
                targets.push(code);
            }
        }
        let (joint, _) = plan_jointly_spending(build(&spec, case.shuffle), &targets, &holdings, &LIMITS);
        let joint = joint.unwrap();
        prop_assert_eq!(&joint.target, &targets[0]);
        // The certification joining the targets never shows in the answer.
        let listed = joint.certifications_earned.iter().chain(joint.steps.iter().flat_map(|s| &s.earns));
        for code in listed {
            prop_assert!(spec.certs.contains_key(code), "{} is not in the catalog", code);
        }
        let oracle = smallest_sets_for_all(&spec, &holdings.certifications, &holdings.exams, &targets);
        match oracle {
            None => prop_assert!(!joint.achievable && !joint.already_earned),
            Some(sets) if sets[0].is_empty() => {
                prop_assert!(joint.already_earned && joint.steps.is_empty());
            }
            Some(sets) => {
                prop_assert!(joint.achievable && !joint.already_earned);
                // As small as any set of exams that earns them all (brute force)...
                prop_assert_eq!(joint.steps.len(), sets[0].len());
                // ...and every target earned by the plan's exams and the holding, as the
                // independent evaluator sees it.
                let passed: BTreeSet<ExamCode> = holdings.exams.iter().chain(joint.exams()).cloned().collect();
                for target in &targets {
                    prop_assert!(is_earned(&spec, &holdings.certifications, &passed, target), "{} not earned", target);
                }
                // Never larger than the separate plans put together.
                let graph = build(&spec, 0);
                let mut union = BTreeSet::new();
                for target in &targets {
                    union.extend(exam_set(plan(&graph, target, &holdings, &LIMITS).unwrap().exams()));
                }
                prop_assert!(joint.steps.len() <= union.len(), "joint {} > union {}", joint.steps.len(), union.len());
            }
        }
    }
}
