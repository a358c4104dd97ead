//! `plan` and `eligible` end to end over the seed catalog.

use certgraph_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    devops_needs_two_exams_with_the_other_branch_as_alternative,
    holdings_shorten_the_plan,
    solutions_architect_needs_both_exams_and_power_platform_needs_pl600,
    unknown_codes_are_bad_user_input_naming_them,
    eligible_lists_what_is_one_exam_away,
);

const PLAN: &str = r#"query($t: String!, $h: [String!]) { plan(target: $t, holding: $h) {
    target { code } achievable alreadyEarned examCount
    exams { exam { code } courses { code } earns { code } }
    certificationsEarned { code }
    alternatives { exams { exam { code } } } } }"#;

async fn plan(app: &TestApp, target: &str, holding: Value) -> Value {
    let response = app.graphql_with(PLAN, json!({ "t": target, "h": holding })).await;
    assert!(response.get("errors").is_none(), "{response}");
    response["data"]["plan"].clone()
}

fn exam_codes(steps: &Value) -> Vec<&str> {
    steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["exam"]["code"].as_str().unwrap())
        .collect()
}

async fn devops_needs_two_exams_with_the_other_branch_as_alternative(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = plan(&app, "devops-engineer", json!([])).await;
    assert_eq!(p["achievable"], true);
    assert_eq!(p["examCount"], 2);
    assert_eq!(
        p["exams"],
        json!([
            { "exam": { "code": "AZ-104" }, "courses": [{ "code": "AZ-104T00" }], "earns": [{ "code": "azure-administrator" }] },
            { "exam": { "code": "AZ-400" }, "courses": [{ "code": "AZ-400T00" }], "earns": [{ "code": "devops-engineer" }] },
        ])
    );
    assert_eq!(
        p["certificationsEarned"],
        json!([{ "code": "azure-administrator" }, { "code": "devops-engineer" }])
    );
    assert_eq!(
        p["alternatives"],
        json!([{ "exams": [{ "exam": { "code": "AZ-204" } }, { "exam": { "code": "AZ-400" } }] }])
    );
}

async fn holdings_shorten_the_plan(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for holding in [json!(["az-204"]), json!(["azure-administrator"])] {
        let p = plan(&app, "devops-engineer", holding.clone()).await;
        assert_eq!(exam_codes(&p["exams"]), ["AZ-400"], "holding {holding}");
    }
    let done = plan(&app, "devops-engineer", json!(["AZ-104", "AZ-400"])).await;
    assert_eq!(
        (done["alreadyEarned"].clone(), done["examCount"].clone()),
        (json!(true), json!(0))
    );
}

async fn solutions_architect_needs_both_exams_and_power_platform_needs_pl600(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let p = plan(&app, "azure-solutions-architect", json!([])).await;
    let mut exams = exam_codes(&p["exams"]);
    exams.sort();
    assert_eq!(exams, ["AZ-303", "AZ-304"]);
    assert_eq!(
        p["exams"][1]["earns"],
        json!([{ "code": "azure-solutions-architect" }])
    );
    let p = plan(
        &app,
        "power-platform-solution-architect-expert",
        json!(["PL-400"]),
    )
    .await;
    assert_eq!(exam_codes(&p["exams"]), ["PL-600"]);
    assert_eq!(
        p["exams"][0]["courses"],
        json!([]),
        "PL-600 has no instructor-led training"
    );
}

async fn unknown_codes_are_bad_user_input_naming_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .graphql_with(PLAN, json!({ "t": "devops-engineer", "h": ["AZ-999", "nope"] }))
        .await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let message = response["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("AZ-999") && message.contains("nope"),
        "{message}"
    );
    let response = app
        .graphql_with(PLAN, json!({ "t": "no-such-cert", "h": [] }))
        .await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(response["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("no-such-cert"));
}

async fn eligible_lists_what_is_one_exam_away(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(r#"{ eligible(holding: ["AZ-104"]) { certification { code } examsNeeded plan { exams { exam { code } } } } }"#)
        .await;
    let found: Vec<(String, i64)> = data["eligible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["certification"]["code"].as_str().unwrap().to_owned(),
                e["examsNeeded"].as_i64().unwrap(),
            )
        })
        .collect();
    let f = |c: &str, n: i64| (c.to_owned(), n);
    assert_eq!(
        found,
        [
            f("azure-administrator", 0),
            f("azure-developer", 1),
            f("devops-engineer", 1),
            f("power-platform-developer-associate", 1),
            f("power-platform-functional-consultant-associate", 1),
        ]
    );
    let bad = app
        .graphql(r#"{ eligible(holding: [], withinExams: 99) { examsNeeded } }"#)
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

on_both_backends!(planning_beyond_the_work_limit_is_limit_exceeded_and_the_server_keeps_serving);

async fn planning_beyond_the_work_limit_is_limit_exceeded_and_the_server_keeps_serving(backend: Backend) {
    let options = certgraph_tests::SpawnOptions {
        bundled_catalog: false,
        plan_max_work: Some(10),
        ..Default::default()
    };
    let app = TestApp::spawn_with(backend, options).await;
    app.load_catalog(&certgraph_testkit::synthetic_catalog(1000, 7))
        .await;
    let response = app
        .graphql_with(PLAN, json!({ "t": "expert-00999", "h": [] }))
        .await;
    assert_eq!(
        response["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{response}"
    );
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("10"));
    let small = plan(&app, "fundamentals-00003", json!([])).await;
    assert!(small["examCount"].as_i64().unwrap() >= 1);
}
