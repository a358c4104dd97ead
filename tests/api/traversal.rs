//! Traversal in every direction over the seed catalog.

use certgraph_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    transitive_required_exams_of_devops_are_az104_az204_az400,
    direct_and_transitive_prerequisites,
    reverse_edges_unlocks_and_required_by,
    exam_courses_and_course_exams,
    prerequisite_graph_has_each_node_once_and_an_edge_per_item,
    unknown_roots_are_bad_user_input,
);

fn codes(list: &Value) -> Vec<String> {
    let mut codes: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes
}

async fn transitive_required_exams_of_devops_are_az104_az204_az400(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ certification(code: "devops-engineer") {
            direct: requiredExams { code } all: requiredExams(transitive: true) { code } } }"#,
        )
        .await;
    assert_eq!(codes(&data["certification"]["direct"]), ["AZ-400"]);
    assert_eq!(
        codes(&data["certification"]["all"]),
        ["AZ-104", "AZ-204", "AZ-400"]
    );
}

async fn direct_and_transitive_prerequisites(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ certification(code: "power-platform-solution-architect-expert") {
            direct: prerequisites { code } all: prerequisites(transitive: true, maxDepth: 5) { code } }
            leaf: certification(code: "azure-administrator") { prerequisites(transitive: true) { code } } }"#,
        )
        .await;
    let expected = [
        "power-platform-developer-associate",
        "power-platform-functional-consultant-associate",
    ];
    assert_eq!(codes(&data["certification"]["direct"]), expected);
    assert_eq!(codes(&data["certification"]["all"]), expected);
    assert_eq!(codes(&data["leaf"]["prerequisites"]), Vec::<String>::new());
    let bad = app
        .graphql(r#"{ certification(code: "devops-engineer") { prerequisites(maxDepth: 0) { code } } }"#)
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

async fn reverse_edges_unlocks_and_required_by(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ exam(code: "AZ-104") { requiredBy { code } }
            admin: certification(code: "azure-administrator") { unlocks { code } }
            top: certification(code: "devops-engineer") { unlocks { code } }
            az400: exam(code: "az-400") { requiredBy { code } } }"#,
        )
        .await;
    assert_eq!(codes(&data["exam"]["requiredBy"]), ["azure-administrator"]);
    assert_eq!(codes(&data["admin"]["unlocks"]), ["devops-engineer"]);
    assert_eq!(codes(&data["top"]["unlocks"]), Vec::<String>::new());
    assert_eq!(codes(&data["az400"]["requiredBy"]), ["devops-engineer"]);
}

async fn exam_courses_and_course_exams(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ exam(code: "AZ-303") { courses { code exams { code } } }
            pl600: exam(code: "PL-600") { status courses { code } }
            course(code: "AZ-204T00") { delivery exams { code requiredBy { code } } } }"#,
        )
        .await;
    assert_eq!(
        data["exam"]["courses"],
        json!([{ "code": "AZ-303T00", "exams": [{ "code": "AZ-303" }] }])
    );
    assert_eq!(data["pl600"], json!({ "status": "BETA", "courses": [] }));
    assert_eq!(
        data["course"],
        json!({ "delivery": "INSTRUCTOR_LED", "exams": [{ "code": "AZ-204", "requiredBy": [{ "code": "azure-developer" }] }] })
    );
}

async fn prerequisite_graph_has_each_node_once_and_an_edge_per_item(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(r#"{ prerequisiteGraph(roots: ["devops-engineer", "azure-solutions-architect"]) {
            nodes { __typename ... on Certification { code } ... on Exam { code } }
            edges { from { code } to { ... on Certification { code } ... on Exam { code } } group { kind } } } }"#)
        .await;
    let graph = &data["prerequisiteGraph"];
    assert_eq!(
        codes(&graph["nodes"]),
        [
            "AZ-104",
            "AZ-204",
            "AZ-303",
            "AZ-304",
            "AZ-400",
            "azure-administrator",
            "azure-developer",
            "azure-solutions-architect",
            "devops-engineer"
        ]
    );
    let mut edges: Vec<(String, String, String)> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |v: &Value| v.as_str().unwrap().to_owned();
            (s(&e["from"]["code"]), s(&e["to"]["code"]), s(&e["group"]["kind"]))
        })
        .collect();
    edges.sort();
    let e = |a: &str, b: &str, k: &str| (a.to_owned(), b.to_owned(), k.to_owned());
    assert_eq!(
        edges,
        [
            e("azure-administrator", "AZ-104", "ALL_OF"),
            e("azure-developer", "AZ-204", "ALL_OF"),
            e("azure-solutions-architect", "AZ-303", "ALL_OF"),
            e("azure-solutions-architect", "AZ-304", "ALL_OF"),
            e("devops-engineer", "AZ-400", "ALL_OF"),
            e("devops-engineer", "azure-administrator", "ONE_OF"),
            e("devops-engineer", "azure-developer", "ONE_OF"),
        ]
    );
    let shallow = app
        .data(r#"{ prerequisiteGraph(roots: ["devops-engineer"], maxDepth: 1) { nodes { ... on Certification { code } ... on Exam { code } } edges { group { kind } } } }"#)
        .await;
    assert_eq!(
        codes(&shallow["prerequisiteGraph"]["nodes"]),
        [
            "AZ-400",
            "azure-administrator",
            "azure-developer",
            "devops-engineer"
        ]
    );
    assert_eq!(shallow["prerequisiteGraph"]["edges"].as_array().unwrap().len(), 3);
}

async fn unknown_roots_are_bad_user_input(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .graphql(r#"{ prerequisiteGraph(roots: ["devops-engineer", "nope"]) { nodes { __typename } } }"#)
        .await;
    assert_eq!(response["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(response["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("nope"));
}
