//! Path diagrams from the live graph: `pathImage` points at one for every certification,
//! `path.svg` serves it cacheably, `pathDiagram` writes it as SVG, Mermaid or DOT.

use std::collections::BTreeSet;

use certgraph_tests::{on_both_backends, Backend, TestApp};
use serde_json::json;

/// The fill of an exam the plan still has one pass.
const TO_PASS_FILL: &str = "#ffe082";

on_both_backends!(
    every_seed_path_image_is_served_as_svg,
    diagrams_are_cacheable_and_unknown_codes_are_not_found,
    a_holding_is_highlighted_with_what_the_plan_still_asks,
    path_diagram_writes_svg_mermaid_and_dot,
    an_unachievable_target_is_highlighted_with_the_retired_path_plan_shows,
);

async fn every_seed_path_image_is_served_as_svg(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data("{ certifications(first: 50) { nodes { code name pathImage { url alt } } } }")
        .await;
    let nodes = data["certifications"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 7);
    for node in nodes {
        let url = node["pathImage"]["url"].as_str().unwrap();
        assert_eq!(
            url,
            format!("/certifications/{}/path.svg", node["code"].as_str().unwrap())
        );
        assert!(!node["pathImage"]["alt"].as_str().unwrap().is_empty());
        let response = app.get(url).await;
        assert_eq!(response.status(), 200, "{url}");
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
        let svg = response.text().await.unwrap();
        let title = format!("<title>Path to {}</title>", node["name"].as_str().unwrap());
        assert!(svg.contains(&title), "{url}: {}", &svg[..svg.len().min(400)]);
        assert!(svg.contains(&format!("({})", node["code"].as_str().unwrap())));
    }
}

async fn diagrams_are_cacheable_and_unknown_codes_are_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app.get("/certifications/DevOps-Engineer/path.svg").await;
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(first.headers().contains_key("cache-control"));
    let again = app
        .client
        .get(format!("{}/certifications/devops-engineer/path.svg", app.address))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(app.get("/certifications/nope/path.svg").await.status(), 404);
    let bad = app
        .get("/certifications/devops-engineer/path.svg?holding=XX-999")
        .await;
    assert_eq!(bad.status(), 400);
}

async fn a_holding_is_highlighted_with_what_the_plan_still_asks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let plain = app
        .get("/certifications/devops-engineer/path.svg")
        .await
        .text()
        .await
        .unwrap();
    let held = app
        .get("/certifications/devops-engineer/path.svg?holding=AZ-104")
        .await
        .text()
        .await
        .unwrap();
    let (held_fill, to_pass_fill) = ("#c8e6c9", "#ffe082");
    assert!(!plain.contains(held_fill) && !plain.contains(to_pass_fill));
    assert!(held.contains(held_fill), "AZ-104 and the administrator are held");
    assert!(
        held.contains(to_pass_fill),
        "AZ-400 is still to pass, as plan says"
    );
    let dot = app
        .graphql_with(
            r#"query($h: [String!]) { certification(code: "devops-engineer") {
                 pathDiagram(format: DOT, holding: $h) } }"#,
            json!({ "h": ["AZ-104"] }),
        )
        .await;
    let dot = dot["data"]["certification"]["pathDiagram"]
        .as_str()
        .unwrap()
        .to_owned();
    let line = |label: &str| dot.lines().find(|l| l.contains(label)).unwrap().to_owned();
    assert!(line("Exam AZ-104").contains(held_fill));
    assert!(line("Exam AZ-400").contains(to_pass_fill));
    assert!(
        !line("Exam AZ-204").contains(to_pass_fill),
        "the plan takes the held branch"
    );
}

async fn path_diagram_writes_svg_mermaid_and_dot(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ certification(code: "power-platform-solution-architect-expert") {
                 svg: pathDiagram mermaid: pathDiagram(format: MERMAID) dot: pathDiagram(format: DOT) } }"#,
        )
        .await;
    let c = &data["certification"];
    assert!(c["svg"].as_str().unwrap().contains("<svg"));
    assert!(c["mermaid"].as_str().unwrap().starts_with("flowchart TB"));
    assert!(c["dot"].as_str().unwrap().starts_with("digraph path {"));
    for format in ["svg", "mermaid", "dot"] {
        let text = c[format].as_str().unwrap();
        assert!(
            text.contains("no instructor-led training"),
            "{format}: PL-600 has no course"
        );
        assert!(text.contains("Exam PL-600"), "{format}");
    }
    let bad = app
        .graphql(r#"{ certification(code: "devops-engineer") { pathDiagram(holding: ["nope"]) } }"#)
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{bad}");
}

/// The exams a DOT diagram fills with `fill`, by code.
fn exams_filled(dot: &str, fill: &str) -> BTreeSet<String> {
    dot.lines()
        .filter(|line| line.contains(fill))
        .filter_map(|line| line.split("label=\"Exam ").nth(1))
        .filter_map(|rest| rest.split(['\\', '"']).next())
        .map(str::to_owned)
        .collect()
}

async fn an_unachievable_target_is_highlighted_with_the_retired_path_plan_shows(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // DevOps Engineer Expert's only exam of its own retires: no live path is left.
    app.load_catalog(&certgraph_tests::with_exam_retired("AZ-400"))
        .await;

    let answer = app
        .data(
            r#"{ plan(target: "devops-engineer", holding: ["PL-200"]) { achievable exams { exam { code } } }
                 certification(code: "devops-engineer") {
                   pathDiagram(format: DOT, holding: ["PL-200"]) } }"#,
        )
        .await;
    assert_eq!(answer["plan"]["achievable"], false, "{answer}");
    let planned: BTreeSet<String> = answer["plan"]["exams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["exam"]["code"].as_str().unwrap().to_owned())
        .collect();
    // Nothing held helps: plan shows the whole cheapest path, through the retired exam.
    assert_eq!(planned, ["AZ-104", "AZ-400"].map(String::from).into(), "{answer}");
    let dot = answer["certification"]["pathDiagram"].as_str().unwrap();
    assert_eq!(exams_filled(dot, TO_PASS_FILL), planned, "{dot}");

    let svg = app
        .get("/certifications/devops-engineer/path.svg?holding=PL-200")
        .await
        .text()
        .await
        .unwrap();
    assert!(svg.contains(TO_PASS_FILL), "path.svg highlights the same path");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_url_makes_path_images_absolute() {
    let options = certgraph_tests::SpawnOptions {
        settings: |s| s.http.public_url = Some("https://certs.example.com".to_owned()),
        ..certgraph_tests::SpawnOptions::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    let data = app
        .data(r#"{ certification(code: "devops-engineer") { pathImage { url } } }"#)
        .await;
    assert_eq!(
        data["certification"]["pathImage"]["url"],
        "https://certs.example.com/certifications/devops-engineer/path.svg"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagrams_are_charged_to_the_rate_budget() {
    let options = certgraph_tests::SpawnOptions {
        settings: |s| {
            s.rate_limit = Some(certgraph_graphql::RateLimit {
                cost_per_second: std::num::NonZeroU32::new(1).unwrap(),
                burst: std::num::NonZeroU32::new(40).unwrap(),
            });
        },
        ..certgraph_tests::SpawnOptions::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await;
    // A highlighted diagram costs its planner search too; a burst of 40 runs out quickly.
    let mut statuses = Vec::new();
    for _ in 0..30 {
        let response = app
            .get("/certifications/devops-engineer/path.svg?holding=AZ-104")
            .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses[0], 200);
    assert!(statuses.contains(&429), "{statuses:?}");
}
