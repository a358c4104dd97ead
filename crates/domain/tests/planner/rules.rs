//! One hand-made case per planner rule.

use crate::*;

#[test]
fn the_overall_minimum_beats_each_branch_s_own_cheapest() {
    // Locally `a` (1 exam) beats `b` (2), but `b`'s exams also earn `c`, which the second
    // group needs unless `d` (2 other exams) is taken: greedy takes 3 exams, the minimum is 2.
    let graph = Builder::default()
        .cert("a", vec![all(&["XA-100"])])
        .cert("b", vec![all(&["YB-100", "ZB-100"])])
        .cert("c", vec![all(&["YB-100", "ZB-100"])])
        .cert("d", vec![all(&["PD-100", "QD-100"])])
        .cert("target", vec![one(&["a", "b"]), one(&["c", "d"])])
        .build();
    let plan = plan_of(&graph, "target", &Holdings::none());
    assert_eq!(exams_of(&plan), ["YB-100", "ZB-100"]);
    let earned: Vec<&str> = plan.certifications_earned.iter().map(|c| c.as_str()).collect();
    assert_eq!(earned, ["b", "c", "target"]);
    assert!(plan.alternatives.is_empty());
}

#[test]
fn an_exam_needed_anyway_makes_a_one_of_branch_free() {
    let graph = Builder::default()
        .cert("a", vec![all(&["AA-100"])])
        .cert("b", vec![all(&["ZZ-100"])])
        .cert("target", vec![one(&["a", "b"]), all(&["ZZ-100"])])
        .build();
    assert_eq!(
        exams_of(&plan_of(&graph, "target", &Holdings::none())),
        ["ZZ-100"]
    );
}

#[test]
fn two_one_ofs_can_share_an_exam() {
    let graph = Builder::default()
        .cert(
            "target",
            vec![one(&["AA-100", "SS-100"]), one(&["BB-100", "SS-100"])],
        )
        .build();
    let plan = plan_of(&graph, "target", &Holdings::none());
    assert_eq!(exams_of(&plan), ["SS-100"]);
    assert!(plan.alternatives.is_empty());
}

#[test]
fn set_cover_shaped_requirements_are_solved_exactly() {
    // Elements 1..6; exams are sets. Greedy set cover takes the big set first and needs 3;
    // the two halves cover everything with 2.
    let graph = Builder::default()
        .cert("e-1", vec![one(&["BG-100", "LO-100"])])
        .cert("e-2", vec![one(&["BG-100", "LO-100"])])
        .cert("e-3", vec![one(&["BG-100", "LO-100"])])
        .cert("e-4", vec![one(&["BG-100", "HI-100"])])
        .cert("e-5", vec![one(&["HI-100", "SM-100"])])
        .cert("e-6", vec![one(&["HI-100", "SN-100"])])
        .cert("e-7", vec![one(&["LO-100", "SM-100"])])
        .cert(
            "target",
            vec![all(&["e-1", "e-2", "e-3", "e-4", "e-5", "e-6", "e-7"])],
        )
        .build();
    let plan = plan_of(&graph, "target", &Holdings::none());
    // e-1 (first by code) names LO-100, so it comes first.
    assert_eq!(exams_of(&plan), ["LO-100", "HI-100"]);
}

#[test]
fn ties_prefer_fewer_certifications_then_exam_codes() {
    let graph = Builder::default()
        .cert("middle", vec![all(&["AA-100"])])
        .cert("target", vec![one(&["middle", "ZZ-100"])])
        .build();
    let plan = plan_of(&graph, "target", &Holdings::none());
    assert_eq!(exams_of(&plan), ["ZZ-100"]);
    assert_eq!(alternative_exams(&plan), [["AA-100"]]);
}

#[test]
fn steps_come_prerequisites_first_and_say_what_they_complete() {
    let graph = Builder::default()
        .cert("fundamentals", vec![all(&["ZZ-900"])])
        .cert("associate", vec![all(&["fundamentals", "MM-200"])])
        .cert("expert", vec![all(&["associate", "AA-300"])])
        .build();
    let plan = plan_of(&graph, "expert", &Holdings::none());
    assert_eq!(exams_of(&plan), ["ZZ-900", "MM-200", "AA-300"]);
    let earns: Vec<Vec<&str>> = plan
        .steps
        .iter()
        .map(|s| s.earns.iter().map(|c| c.as_str()).collect())
        .collect();
    assert_eq!(earns, [vec!["fundamentals"], vec!["associate"], vec!["expert"]]);
}

#[test]
fn one_exam_can_complete_several_certifications_at_once() {
    let graph = Builder::default()
        .cert("inner", vec![all(&["AA-100"])])
        .cert("outer", vec![all(&["inner", "AA-100"])])
        .build();
    let plan = plan_of(&graph, "outer", &Holdings::none());
    assert_eq!(plan.steps.len(), 1);
    let earns: Vec<&str> = plan.steps[0].earns.iter().map(|c| c.as_str()).collect();
    assert_eq!(earns, ["inner", "outer"]);
}

#[test]
fn a_held_certification_is_not_looked_beneath() {
    let graph = Builder::default()
        .exam("OLD-100", ExamStatus::Retired)
        .cert("legacy", vec![all(&["OLD-100"])])
        .cert("target", vec![all(&["legacy", "NEW-200"])])
        .build();
    assert!(!plan_of(&graph, "target", &Holdings::none()).achievable);
    let plan = plan_of(&graph, "target", &holding(&["legacy"], &[]));
    assert_eq!(exams_of(&plan), ["NEW-200"]);
}

#[test]
fn retired_exams_are_avoided_while_a_live_branch_exists() {
    let graph = super::seed::seed_graph();
    let mut graph = graph;
    graph.add_exam(exam("AZ-104"), ExamStatus::Retired);
    let plan = plan_of(&graph, "devops-engineer", &Holdings::none());
    assert_eq!(exams_of(&plan), ["AZ-204", "AZ-400"]);
    assert!(plan.alternatives.is_empty());
}

#[test]
fn a_retired_exam_with_no_alternative_makes_the_target_unachievable() {
    let mut graph = super::seed::seed_graph();
    graph.add_exam(exam("AZ-303"), ExamStatus::Retired);
    let plan = plan_of(&graph, "azure-solutions-architect", &Holdings::none());
    assert!(!plan.achievable && plan.steps.is_empty());
    assert_eq!(plan.unachievable_reasons, ["exam AZ-303 is retired"]);
    // Holding the retired exam still counts as having passed it.
    let plan = plan_of(&graph, "azure-solutions-architect", &holding(&[], &["AZ-303"]));
    assert_eq!(exams_of(&plan), ["AZ-304"]);
}

#[test]
fn every_root_cause_is_reported_once() {
    let graph = Builder::default()
        .exam("AA-100", ExamStatus::Retired)
        .exam("BB-100", ExamStatus::Retired)
        .cert_with("old", CertificationStatus::Retired, vec![all(&["CC-100"])])
        .cert("empty", vec![])
        .cert(
            "target",
            vec![one(&["AA-100", "old", "empty"]), all(&["BB-100", "AA-100"])],
        )
        .build();
    let plan = plan_of(&graph, "target", &Holdings::none());
    assert_eq!(
        plan.unachievable_reasons,
        [
            "exam AA-100 is retired",
            "certification old is retired",
            "certification empty has no requirements, so it cannot be earned",
            "exam BB-100 is retired",
        ]
    );
}

#[test]
fn retired_certifications_are_never_planned_as_intermediates() {
    let graph = Builder::default()
        .cert_with("retired", CertificationStatus::Retired, vec![all(&["AA-100"])])
        .cert("active", vec![all(&["BB-100"])])
        .cert("target", vec![one(&["retired", "active"])])
        .build();
    assert_eq!(
        exams_of(&plan_of(&graph, "target", &Holdings::none())),
        ["BB-100"]
    );
    assert!(plan_of(&graph, "target", &holding(&["retired"], &[])).already_earned);
    let plan = plan_of(&graph, "retired", &Holdings::none());
    assert_eq!(plan.unachievable_reasons, ["certification retired is retired"]);
}

#[test]
fn a_certification_without_groups_is_earned_by_nothing() {
    let graph = Builder::default()
        .cert("empty", vec![])
        .cert("target", vec![one(&["empty", "BB-100"])])
        .build();
    assert!(!plan_of(&graph, "empty", &Holdings::none()).achievable);
    assert_eq!(
        exams_of(&plan_of(&graph, "target", &Holdings::none())),
        ["BB-100"]
    );
    assert!(plan_of(&graph, "empty", &holding(&["empty"], &[])).already_earned);
}

#[test]
fn cycles_are_never_followed() {
    let graph = Builder::default()
        .cert("a", vec![all(&["b", "AA-100"])])
        .cert("b", vec![one(&["a", "BB-100"])])
        .cert("self", vec![one(&["self"])])
        .cert("target", vec![one(&["a", "CC-100"])])
        .build();
    let plan = plan_of(&graph, "a", &Holdings::none());
    assert!(!plan.achievable);
    assert!(plan
        .unachievable_reasons
        .iter()
        .any(|r| r.contains("prerequisite cycle")));
    assert!(!plan_of(&graph, "self", &Holdings::none()).achievable);
    assert_eq!(
        exams_of(&plan_of(&graph, "target", &Holdings::none())),
        ["CC-100"]
    );
    // Holding one member breaks the cycle.
    assert_eq!(exams_of(&plan_of(&graph, "a", &holding(&["b"], &[]))), ["AA-100"]);
}
