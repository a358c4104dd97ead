//! Errors, budgets, stack safety, determinism and `eligible`.

use crate::*;

#[test]
fn requirements_naming_codes_never_added_are_unobtainable() {
    let mut graph = RequirementGraph::new();
    graph.add_certification(
        cert("target"),
        CertificationStatus::Active,
        vec![one(&["ghost", "GH-100"])],
    );
    let plan = plan_of(&graph, "target", &Holdings::none());
    assert_eq!(
        plan.unachievable_reasons,
        [
            "certification ghost is not in the catalog",
            "exam GH-100 is not in the catalog"
        ]
    );
}

#[test]
fn unknown_codes_are_named_in_the_error() {
    let graph = super::seed::seed_graph();
    let limits = PlanLimits::default();
    let err = plan(&graph, &cert("nope"), &Holdings::none(), &limits).unwrap_err();
    assert_eq!(err, PlanError::UnknownCertification(vec![cert("nope")]));
    assert_eq!(err.code(), "UNKNOWN_CERTIFICATION");
    assert!(err.to_string().contains("`nope`"));
    let held = holding(&["ghost", "azure-developer"], &["XX-999", "AZ-104"]);
    let err = plan(&graph, &cert("devops-engineer"), &held, &limits).unwrap_err();
    assert_eq!(err, PlanError::UnknownCertification(vec![cert("ghost")]));
    let held = holding(&[], &["XX-999", "AZ-104", "YY-999"]);
    let err = plan(&graph, &cert("devops-engineer"), &held, &limits).unwrap_err();
    assert_eq!(err, PlanError::UnknownExam(vec![exam("XX-999"), exam("YY-999")]));
    assert_eq!(err.to_string(), "unknown exam code(s): `XX-999`, `YY-999`");
    assert!(eligible(&graph, &held, 1, &limits).is_err());
}

#[test]
fn exceeding_the_work_budget_is_an_error_not_a_long_search() {
    let limits = PlanLimits {
        max_work: 3,
        max_alternatives: 5,
    };
    let err = plan(
        &super::seed::seed_graph(),
        &cert("devops-engineer"),
        &Holdings::none(),
        &limits,
    )
    .unwrap_err();
    assert_eq!(err, PlanError::WorkLimitExceeded { limit: 3 });
    assert_eq!(err.code(), "PLAN_WORK_LIMIT_EXCEEDED");
}

#[test]
fn the_work_spent_is_reported_whether_the_search_succeeds_or_not() {
    let graph = super::seed::seed_graph();
    let target = cert("devops-engineer");
    let (found, spent) = plan_spending(&graph, &target, &Holdings::none(), &PlanLimits::default());
    assert!(found.is_ok());
    assert!(spent > 3, "a search spends steps: {spent}");
    let (found, spent_eligible) = eligible_spending(&graph, &Holdings::none(), 2, &PlanLimits::default());
    assert!(!found.unwrap().is_empty());
    assert!(
        spent_eligible > spent,
        "eligible plans several targets: {spent_eligible}"
    );
    // Over the limit: the whole limit was spent, and nothing more is reported.
    let tight = PlanLimits {
        max_work: 3,
        max_alternatives: 5,
    };
    let (failed, spent) = plan_spending(&graph, &target, &Holdings::none(), &tight);
    assert!(failed.is_err());
    assert_eq!(spent, 3);
}

/// 24 elements, each coverable by one of three overlapping exams: a hard hitting-set shape.
fn hitting_set(elements: usize) -> RequirementGraph {
    let mut builder = Builder::default();
    let mut names = Vec::new();
    for i in 0..elements {
        let options = [i % 9, (i * 7 + 3) % 11 + 9, (i * 5 + 1) % 13 + 20];
        let codes: Vec<String> = options.iter().map(|o| format!("HS-{:03}", o + 100)).collect();
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        builder = builder.cert(&format!("element-{i}"), vec![one(&refs)]);
        names.push(format!("element-{i}"));
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    builder.cert("target", vec![all(&refs)]).build()
}

#[test]
fn a_hard_instance_is_either_solved_or_refused_within_budget() {
    let graph = hitting_set(24);
    let small = PlanLimits {
        max_work: 50,
        max_alternatives: 0,
    };
    let err = plan(&graph, &cert("target"), &Holdings::none(), &small).unwrap_err();
    assert_eq!(err, PlanError::WorkLimitExceeded { limit: 50 });
    let plan = plan_of(&graph, "target", &Holdings::none());
    assert!(plan.achievable);
    assert!(plan.exam_count() <= 9, "{:?}", exams_of(&plan));
}

#[test]
fn long_chains_are_planned_without_deep_recursion() {
    let run = || {
        let mut graph = RequirementGraph::new();
        let len = 600;
        for i in 0..len {
            let own = format!("CH-{i:04}");
            graph.add_exam(exam(&own), ExamStatus::Live);
            let mut items = vec![item(&own)];
            if i > 0 {
                items.push(item(&format!("chain-{}", i - 1)));
            }
            let group = RequirementGroup {
                kind: GroupKind::AllOf,
                items,
            };
            graph.add_certification(
                cert(&format!("chain-{i}")),
                CertificationStatus::Active,
                vec![group],
            );
        }
        plan(
            &graph,
            &cert("chain-599"),
            &Holdings::none(),
            &PlanLimits::default(),
        )
    };
    let plan = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap()
        .unwrap();
    assert_eq!(plan.exam_count(), 600);
    assert_eq!(plan.steps[0].exam.as_str(), "CH-0000");
}

#[test]
fn deeply_nested_choices_are_refused_rather_than_overflowing_the_stack() {
    const STACK: usize = 1024 * 1024;
    // c-i and d-i each need ONE_OF [c-(i-1), d-(i-1)]: choices nested 1,000 deep.
    let run = || {
        let mut builder = Builder::default()
            .cert("c-0", vec![all(&["CC-100"])])
            .cert("d-0", vec![all(&["DD-100"])]);
        for i in 1..1000 {
            let (c, d) = (format!("c-{}", i - 1), format!("d-{}", i - 1));
            builder = builder
                .cert(&format!("c-{i}"), vec![one(&[&c, &d])])
                .cert(&format!("d-{i}"), vec![one(&[&c, &d])]);
        }
        plan(
            &builder.build(),
            &cert("c-999"),
            &Holdings::none(),
            &PlanLimits::default(),
        )
    };
    let result = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
    match result {
        Ok(plan) => assert_eq!(plan.exam_count(), 1),
        Err(err) => assert!(matches!(err, PlanError::TooDeep { .. }), "{err}"),
    }
}

#[test]
fn insertion_order_does_not_change_the_answer() {
    let forward = super::seed::seed_graph();
    let mut backward = RequirementGraph::new();
    backward.add_certification(
        cert("devops-engineer"),
        CertificationStatus::Active,
        vec![one(&["azure-administrator", "azure-developer"]), all(&["AZ-400"])],
    );
    backward.add_certification(
        cert("azure-developer"),
        CertificationStatus::Active,
        vec![all(&["AZ-204"])],
    );
    backward.add_certification(
        cert("azure-administrator"),
        CertificationStatus::Active,
        vec![all(&["AZ-104"])],
    );
    for code in ["AZ-400", "AZ-204", "AZ-104"] {
        backward.add_exam(exam(code), ExamStatus::Live);
    }
    assert_eq!(
        plan_of(&backward, "devops-engineer", &Holdings::none()),
        plan_of(&forward, "devops-engineer", &Holdings::none())
    );
}

#[test]
fn alternatives_are_capped_and_ordered() {
    let graph = Builder::default()
        .cert(
            "target",
            vec![one(&[
                "EE-105", "EE-101", "EE-104", "EE-102", "EE-103", "EE-100", "EE-106",
            ])],
        )
        .build();
    let limits = PlanLimits {
        max_work: 10_000,
        max_alternatives: 3,
    };
    let plan = plan(&graph, &cert("target"), &Holdings::none(), &limits).unwrap();
    assert_eq!(exams_of(&plan), ["EE-100"]);
    assert_eq!(alternative_exams(&plan), [["EE-101"], ["EE-102"], ["EE-103"]]);
}

#[test]
fn eligible_lists_earned_and_near_certifications_in_order() {
    let graph = Builder::default()
        .cert("one-exam", vec![all(&["AA-100"])])
        .cert("two-exams", vec![all(&["AA-100", "BB-100"])])
        .cert("three-exams", vec![all(&["CC-100", "DD-100", "EE-100"])])
        .cert("held", vec![all(&["ZZ-100"])])
        .build();
    let found = eligible(&graph, &holding(&["held"], &[]), 2, &PlanLimits::default()).unwrap();
    let summary: Vec<(&str, usize)> = found
        .iter()
        .map(|e| (e.certification.as_str(), e.exams_needed))
        .collect();
    assert_eq!(summary, [("held", 0), ("one-exam", 1), ("two-exams", 2)]);
}
