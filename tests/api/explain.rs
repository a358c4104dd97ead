//! Plans that explain themselves: how each requirement group is met, which held
//! certifications a plan uses, and the same said in a sentence.

use certgraph_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    a_held_exam_is_shown_earning_the_associate_the_expert_accepts,
    an_empty_holding_explains_every_group_the_plan_relies_on_once,
    a_target_already_earned_is_explained_by_what_is_held,
    eligibility_counts_exams_like_plan_and_holding_defaults_to_empty,
    a_joint_plan_chooses_a_shared_prerequisite_once,
    exactly_one_of_target_and_targets_is_required,
    a_target_without_a_live_path_shows_the_cheapest_one_through_retired_exams,
);

const EXPLAINED: &str = r#"query($t: String!, $h: [String!]) { plan(target: $t, holding: $h) {
    examCount exams { exam { code } } alreadyEarned
    held { code }
    satisfaction { certification { code } group { position kind }
                   satisfiedBy { __typename ... on Exam { code } ... on Certification { code } } how }
    summary } }"#;

async fn explained(app: &TestApp, target: &str, holding: Value) -> Value {
    let response = app
        .graphql_with(EXPLAINED, json!({ "t": target, "h": holding }))
        .await;
    assert!(response.get("errors").is_none(), "{response}");
    response["data"]["plan"].clone()
}

/// `certification/position: how [codes]` for each group, in the answer's order.
fn groups(plan: &Value) -> Vec<String> {
    plan["satisfaction"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let by: Vec<&str> = g["satisfiedBy"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["code"].as_str().unwrap())
                .collect();
            format!(
                "{}/{}: {} [{}]",
                g["certification"]["code"].as_str().unwrap(),
                g["group"]["position"],
                g["how"].as_str().unwrap(),
                by.join(", ")
            )
        })
        .collect()
}

async fn a_held_exam_is_shown_earning_the_associate_the_expert_accepts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let plan = explained(&app, "devops-engineer", json!(["AZ-104"])).await;
    assert_eq!(plan["examCount"], 1);
    assert_eq!(plan["held"], json!([{ "code": "azure-administrator" }]));
    assert_eq!(
        groups(&plan),
        [
            "devops-engineer/1: HELD [azure-administrator]",
            "devops-engineer/2: PLANNED [AZ-400]"
        ]
    );
    assert_eq!(
        plan["summary"],
        "Pass AZ-400. AZ-104 already gives you Azure Administrator Associate, \
         one of the 2 options DevOps Engineer Expert accepts."
    );
}

async fn an_empty_holding_explains_every_group_the_plan_relies_on_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let plan = explained(&app, "devops-engineer", json!([])).await;
    assert_eq!(plan["held"], json!([]));
    assert_eq!(
        groups(&plan),
        [
            "azure-administrator/1: PLANNED [AZ-104]",
            "devops-engineer/1: EARNED_IN_PLAN [azure-administrator]",
            "devops-engineer/2: PLANNED [AZ-400]"
        ]
    );
    assert_eq!(plan["summary"], "Pass AZ-104 and AZ-400.");
}

async fn a_target_already_earned_is_explained_by_what_is_held(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let plan = explained(&app, "devops-engineer", json!(["AZ-104", "AZ-400"])).await;
    assert_eq!(plan["alreadyEarned"], true);
    assert_eq!(plan["exams"], json!([]));
    assert_eq!(plan["held"], json!([{ "code": "azure-administrator" }]));
    assert_eq!(
        groups(&plan),
        [
            "devops-engineer/1: HELD [azure-administrator]",
            "devops-engineer/2: HELD [AZ-400]"
        ]
    );
    let held_outright = explained(&app, "devops-engineer", json!(["devops-engineer"])).await;
    assert_eq!(held_outright["held"], json!([{ "code": "devops-engineer" }]));
    assert_eq!(
        held_outright["summary"],
        "You already hold DevOps Engineer Expert."
    );
}

async fn eligibility_counts_exams_like_plan_and_holding_defaults_to_empty(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let eligible = app
        .data("{ eligible { certification { code } examCount examsNeeded plan { examCount } } }")
        .await;
    let rows = eligible["eligible"].as_array().unwrap();
    assert!(!rows.is_empty(), "{eligible}");
    for row in rows {
        assert_eq!(row["examCount"], row["examsNeeded"], "{row}");
        assert_eq!(row["examCount"], row["plan"]["examCount"], "{row}");
    }
}

const JOINT: &str = r#"query($t: [String!], $h: [String!]) { plan(targets: $t, holding: $h) {
    target { code } targets { code } examCount exams { exam { code } earns { code } }
    certificationsEarned { code } alreadyEarned
    satisfaction { certification { code } group { position kind }
                   satisfiedBy { __typename ... on Exam { code } ... on Certification { code } } how }
    summary } }"#;

async fn a_joint_plan_chooses_a_shared_prerequisite_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Apart, DevOps takes the administrator branch (AZ-104) and the developer needs
    // AZ-204: three exams. Together the developer branch serves both: two.
    let targets = json!(["devops-engineer", "azure-developer"]);
    let response = app.graphql_with(JOINT, json!({ "t": targets, "h": [] })).await;
    assert!(response.get("errors").is_none(), "{response}");
    let plan = &response["data"]["plan"];
    assert_eq!(plan["examCount"], 2);
    let mut exams: Vec<&str> = plan["exams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["exam"]["code"].as_str().unwrap())
        .collect();
    exams.sort();
    assert_eq!(exams, ["AZ-204", "AZ-400"]);
    assert_eq!(plan["target"], json!({ "code": "devops-engineer" }));
    assert_eq!(
        plan["targets"],
        json!([{ "code": "devops-engineer" }, { "code": "azure-developer" }])
    );
    let mut earned: Vec<&str> = plan["certificationsEarned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    earned.sort();
    assert_eq!(
        earned,
        ["azure-developer", "devops-engineer"],
        "no joining certification shows"
    );
    assert_eq!(
        groups(plan),
        [
            "azure-developer/1: PLANNED [AZ-204]",
            "devops-engineer/1: EARNED_IN_PLAN [azure-developer]",
            "devops-engineer/2: PLANNED [AZ-400]"
        ]
    );
    assert_eq!(plan["summary"], "Pass AZ-204 and AZ-400.");

    let held = app
        .graphql_with(JOINT, json!({ "t": targets, "h": ["AZ-204", "AZ-400"] }))
        .await;
    assert_eq!(held["data"]["plan"]["alreadyEarned"], true, "{held}");
}

async fn exactly_one_of_target_and_targets_is_required(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for query in [
        r#"{ plan { examCount } }"#,
        r#"{ plan(target: "devops-engineer", targets: ["azure-developer"]) { examCount } }"#,
        r#"{ plan(targets: []) { examCount } }"#,
    ] {
        let response = app.graphql(query).await;
        assert_eq!(
            response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{query}: {response}"
        );
    }
    let unknown = app
        .graphql(r#"{ plan(targets: ["devops-engineer", "nope"]) { examCount } }"#)
        .await;
    let message = unknown["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("`nope`"), "{unknown}");
    // As many targets as a batch may hold codes, no more.
    let many: Vec<String> = (0..1_000).map(|i| format!("cert-{i}")).collect();
    let response = app
        .graphql_with(
            "query($t: [String!]) { plan(targets: $t) { examCount } }",
            json!({ "t": many }),
        )
        .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{response}"
    );
    assert!(response["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("`targets`"));
}

async fn a_target_without_a_live_path_shows_the_cheapest_one_through_retired_exams(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.load_catalog(&certgraph_tests::with_exam_retired("AZ-400"))
        .await;

    let response = app
        .graphql(
            r#"{ plan(target: "devops-engineer") { achievable examCount unachievableReasons
                 exams { exam { code } retired } summary } }"#,
        )
        .await;
    let plan = &response["data"]["plan"];
    assert_eq!(plan["achievable"], false, "{response}");
    assert_eq!(plan["examCount"], 2);
    assert_eq!(
        plan["exams"],
        json!([
            { "exam": { "code": "AZ-104" }, "retired": false },
            { "exam": { "code": "AZ-400" }, "retired": true }
        ])
    );
    let reasons = plan["unachievableReasons"].to_string();
    assert!(reasons.contains("exam AZ-400 is retired"), "{reasons}");
    let summary = plan["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("DevOps Engineer Expert cannot be earned"),
        "{summary}"
    );
    assert!(summary.ends_with("It took AZ-104 and AZ-400."), "{summary}");
}
