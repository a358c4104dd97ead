//! The planner on the synthetic catalog: every answer checked by the oracle's evaluator.

use std::collections::BTreeSet;

use crate::oracle::{is_earned, Spec};
use crate::*;
use certgraph_testkit::synthetic_catalog;

fn spec_of(catalog: &certgraph_domain::Catalog) -> Spec {
    Spec {
        exams: catalog.exams.iter().map(|e| (e.code.clone(), e.status)).collect(),
        certs: catalog
            .certifications
            .iter()
            .map(|c| (c.code.clone(), (c.status, c.requirements.clone())))
            .collect(),
    }
}

#[test]
fn plans_on_a_synthetic_catalog_earn_their_targets() {
    let catalog = synthetic_catalog(1_000, 3);
    let spec = spec_of(&catalog);
    let graph = RequirementGraph::from_catalog(&catalog);
    let held = Holdings {
        certifications: catalog
            .certifications
            .iter()
            .step_by(41)
            .map(|c| c.code.clone())
            .collect(),
        exams: catalog.exams.iter().step_by(7).map(|e| e.code.clone()).collect(),
    };
    let mut achievable = 0;
    for certification in catalog.certifications.iter().rev().step_by(7) {
        let plan = plan(&graph, &certification.code, &held, &PlanLimits::default()).unwrap();
        let mut routes = vec![(
            plan.exams().cloned().collect::<Vec<_>>(),
            &plan.certifications_earned,
        )];
        routes.extend(
            plan.alternatives
                .iter()
                .map(|a| (a.exams().cloned().collect(), &a.certifications_earned)),
        );
        for (exams, earned) in &routes {
            assert_eq!(exams.len(), plan.exam_count());
            let passed: BTreeSet<ExamCode> = held.exams.iter().chain(exams).cloned().collect();
            assert_eq!(
                is_earned(&spec, &held.certifications, &passed, &certification.code),
                plan.achievable,
                "{}",
                certification.code
            );
            for cert in earned.iter() {
                assert!(is_earned(&spec, &held.certifications, &passed, cert));
            }
        }
        achievable += usize::from(plan.achievable && !plan.already_earned);
    }
    assert!(achievable > 100, "only {achievable} plans to check");
}

#[test]
fn eligible_agrees_with_plan_on_a_synthetic_catalog() {
    let catalog = synthetic_catalog(400, 5);
    let graph = RequirementGraph::from_catalog(&catalog);
    let held = Holdings {
        certifications: BTreeSet::new(),
        exams: catalog.exams.iter().step_by(3).map(|e| e.code.clone()).collect(),
    };
    let limits = PlanLimits {
        max_work: 10_000_000,
        max_alternatives: 0,
    };
    let found = eligible(&graph, &held, 3, &limits).unwrap();
    let listed: BTreeSet<&CertificationCode> = found.iter().map(|e| &e.certification).collect();
    for certification in &catalog.certifications {
        let plan = plan(&graph, &certification.code, &held, &limits).unwrap();
        let near = plan.achievable && plan.exam_count() <= 3;
        assert_eq!(
            listed.contains(&certification.code),
            near,
            "{}",
            certification.code
        );
    }
}

/// The exams and certifications below `target`, as a spec of their own.
fn restricted(spec: &Spec, target: &CertificationCode) -> Spec {
    let mut certs = std::collections::BTreeMap::new();
    let mut exams = std::collections::BTreeMap::new();
    let mut stack = vec![target.clone()];
    while let Some(code) = stack.pop() {
        let Some(entry) = spec.certs.get(&code) else {
            continue;
        };
        if certs.insert(code, entry.clone()).is_some() {
            continue;
        }
        for item in entry.1.iter().flat_map(|g| &g.items) {
            match item {
                RequirementItem::Certification(c) => stack.push(c.clone()),
                RequirementItem::Exam(e) => {
                    exams.insert(e.clone(), spec.exams[e]);
                }
            }
        }
    }
    Spec { exams, certs }
}

#[test]
fn small_synthetic_targets_match_the_brute_force_minimum() {
    let mut checked = 0;
    for seed in 0..4 {
        let catalog = synthetic_catalog(80, seed);
        let spec = spec_of(&catalog);
        let graph = RequirementGraph::from_catalog(&catalog);
        for certification in &catalog.certifications {
            let below = restricted(&spec, &certification.code);
            let takeable = below
                .exams
                .values()
                .filter(|s| **s != ExamStatus::Retired)
                .count();
            if takeable > 12 {
                continue;
            }
            let sets =
                crate::oracle::smallest_sets(&below, &BTreeSet::new(), &BTreeSet::new(), &certification.code);
            let plan = plan(
                &graph,
                &certification.code,
                &Holdings::none(),
                &PlanLimits::default(),
            )
            .unwrap();
            match sets {
                None => assert!(!plan.achievable),
                Some(sets) => {
                    assert_eq!(plan.exam_count(), sets[0].len(), "{}", certification.code);
                    assert_eq!(plan.alternatives.len(), (sets.len() - 1).min(5));
                    checked += usize::from(sets[0].len() > 2);
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} non-trivial targets");
}
