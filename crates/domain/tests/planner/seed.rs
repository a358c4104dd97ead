//! The seed catalog's expert certifications, built by hand.

use crate::*;

pub fn seed_graph() -> RequirementGraph {
    Builder::default()
        .exam("PL-600", ExamStatus::Beta)
        .cert("azure-administrator", vec![all(&["AZ-104"])])
        .cert("azure-developer", vec![all(&["AZ-204"])])
        .cert(
            "devops-engineer",
            vec![one(&["azure-administrator", "azure-developer"]), all(&["AZ-400"])],
        )
        .cert("azure-solutions-architect", vec![all(&["AZ-303", "AZ-304"])])
        .cert(
            "power-platform-functional-consultant-associate",
            vec![all(&["PL-200"])],
        )
        .cert("power-platform-developer-associate", vec![all(&["PL-400"])])
        .cert(
            "power-platform-solution-architect-expert",
            vec![
                one(&[
                    "power-platform-functional-consultant-associate",
                    "power-platform-developer-associate",
                ]),
                all(&["PL-600"]),
            ],
        )
        .build()
}

fn codes(certs: &[CertificationCode]) -> Vec<&str> {
    certs.iter().map(CertificationCode::as_str).collect()
}

#[test]
fn devops_engineer_takes_az_104_then_az_400_with_the_developer_branch_as_alternative() {
    let plan = plan_of(&seed_graph(), "devops-engineer", &Holdings::none());
    assert!(plan.achievable && !plan.already_earned);
    assert_eq!(exams_of(&plan), ["AZ-104", "AZ-400"]);
    assert_eq!(codes(&plan.steps[0].earns), ["azure-administrator"]);
    assert_eq!(codes(&plan.steps[1].earns), ["devops-engineer"]);
    assert_eq!(
        codes(&plan.certifications_earned),
        ["azure-administrator", "devops-engineer"]
    );
    assert_eq!(alternative_exams(&plan), [["AZ-204", "AZ-400"]]);
    assert_eq!(
        codes(&plan.alternatives[0].certifications_earned),
        ["azure-developer", "devops-engineer"]
    );
    assert!(plan.unachievable_reasons.is_empty());
}

#[test]
fn devops_engineer_holding_az_204_needs_only_az_400() {
    let plan = plan_of(&seed_graph(), "devops-engineer", &holding(&[], &["AZ-204"]));
    assert_eq!(exams_of(&plan), ["AZ-400"]);
    assert_eq!(codes(&plan.steps[0].earns), ["devops-engineer"]);
    assert!(plan.alternatives.is_empty());
}

#[test]
fn devops_engineer_holding_the_administrator_certification_needs_only_az_400() {
    let plan = plan_of(
        &seed_graph(),
        "devops-engineer",
        &holding(&["azure-administrator"], &[]),
    );
    assert_eq!(exams_of(&plan), ["AZ-400"]);
    assert_eq!(codes(&plan.certifications_earned), ["devops-engineer"]);
}

#[test]
fn solutions_architect_needs_both_exams() {
    let plan = plan_of(&seed_graph(), "azure-solutions-architect", &Holdings::none());
    assert_eq!(exams_of(&plan), ["AZ-303", "AZ-304"]);
    assert!(plan.steps[0].earns.is_empty());
    assert_eq!(codes(&plan.steps[1].earns), ["azure-solutions-architect"]);
    assert!(plan.alternatives.is_empty());
}

#[test]
fn power_platform_architect_holding_pl_400_needs_only_the_beta_pl_600() {
    let target = "power-platform-solution-architect-expert";
    let plan = plan_of(&seed_graph(), target, &holding(&[], &["PL-400"]));
    assert_eq!(exams_of(&plan), ["PL-600"]);
    assert_eq!(codes(&plan.certifications_earned), [target]);
}

#[test]
fn power_platform_architect_from_nothing_has_one_alternative() {
    let plan = plan_of(
        &seed_graph(),
        "power-platform-solution-architect-expert",
        &Holdings::none(),
    );
    assert_eq!(exams_of(&plan), ["PL-200", "PL-600"]);
    assert_eq!(alternative_exams(&plan), [["PL-400", "PL-600"]]);
}

#[test]
fn holding_the_target_means_already_earned_with_no_steps() {
    let plan = plan_of(
        &seed_graph(),
        "devops-engineer",
        &holding(&["devops-engineer"], &[]),
    );
    assert!(plan.achievable && plan.already_earned);
    assert!(plan.steps.is_empty() && plan.alternatives.is_empty());
}

#[test]
fn holdings_that_satisfy_every_group_also_count_as_already_earned() {
    let graph = seed_graph();
    let plan = plan_of(
        &graph,
        "azure-solutions-architect",
        &holding(&[], &["AZ-303", "AZ-304"]),
    );
    assert!(plan.already_earned && plan.steps.is_empty());
    let plan = plan_of(&graph, "devops-engineer", &holding(&[], &["AZ-204", "AZ-400"]));
    assert!(plan.already_earned);
}

#[test]
fn the_same_question_gives_the_same_answer() {
    let graph = seed_graph();
    let first = plan_of(&graph, "devops-engineer", &Holdings::none());
    for _ in 0..10 {
        assert_eq!(
            plan_of(&seed_graph(), "devops-engineer", &Holdings::none()),
            first
        );
    }
}

#[test]
fn within_one_exam_of_az_104_are_its_neighbours() {
    let found = eligible(
        &seed_graph(),
        &holding(&[], &["AZ-104"]),
        1,
        &PlanLimits::default(),
    )
    .unwrap();
    let summary: Vec<(&str, usize)> = found
        .iter()
        .map(|e| (e.certification.as_str(), e.exams_needed))
        .collect();
    assert_eq!(
        summary,
        [
            ("azure-administrator", 0),
            ("azure-developer", 1),
            ("devops-engineer", 1),
            ("power-platform-developer-associate", 1),
            ("power-platform-functional-consultant-associate", 1),
        ]
    );
    assert!(found[0].plan.already_earned);
    assert_eq!(exams_of(&found[2].plan), ["AZ-400"]);
}
