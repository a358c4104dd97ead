//! The text diagrams read by the real tools: every seed certification's
//! `pathDiagram(format: MERMAID)` parsed and drawn by the Mermaid npm package in Chromium,
//! and its `pathDiagram(format: DOT)` laid out by Graphviz's `dot`, plain and highlighted.

use std::process::Stdio;

use certgraph_tests::{run_browser_script, Backend, TestApp};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mermaid_parses_and_draws_every_seed_path_diagram() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let report = run_browser_script("mermaid.mjs", &[&app.address, "--holding", "AZ-104"]).await;
    assert_eq!(report["canary"]["blocked"], true, "{report:#}");
    for empty in ["blocked", "externalSucceeded", "localFailed", "pageErrors"] {
        assert_eq!(report[empty], json!([]), "{empty}: {report:#}");
    }
    assert_eq!(
        report["broken"]["ok"], false,
        "Mermaid must refuse a broken diagram: {report:#}"
    );

    let results = report["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        14,
        "the seven seed certifications, plain and highlighted"
    );
    for result in results {
        assert_eq!(result["ok"], true, "{result:#}");
        assert_eq!(result["type"], "flowchart-v2", "{result:#}");
        let labels = result["labels"].as_array().unwrap();
        assert_eq!(
            labels.len() as u64,
            result["declared"].as_u64().unwrap(),
            "every box drawn: {result:#}"
        );
        assert!(
            labels.iter().all(|l| !l.as_str().unwrap().is_empty()),
            "{result:#}"
        );
    }
    let devops = results.iter().find(|r| r["code"] == "devops-engineer").unwrap();
    let labels = devops["labels"].to_string();
    assert!(
        labels.contains("Exam AZ-400") && labels.contains("one of"),
        "{labels}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphviz_lays_out_every_seed_path_diagram_without_a_warning() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let refused = graphviz("digraph path {\n  n0 -> ;\n}\n").await;
    assert!(refused.is_err(), "dot must refuse broken DOT: {refused:?}");

    let data = app
        .data("{ certifications(first: 100) { nodes { code } } }")
        .await;
    let codes: Vec<&str> = data["certifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 7);
    for code in codes {
        let answer = app
            .graphql_with(
                r#"query($code: String!) { certification(code: $code) {
                     plain: pathDiagram(format: DOT) held: pathDiagram(format: DOT, holding: ["AZ-104"]) } }"#,
                json!({ "code": code }),
            )
            .await;
        for form in ["plain", "held"] {
            let dot = text(&answer, form);
            let svg = graphviz(&dot)
                .await
                .unwrap_or_else(|e| panic!("{code} {form}: {e}\n{dot}"));
            assert!(svg.contains("<svg") && svg.contains("Exam "), "{code} {form}");
        }
    }
}

fn text(answer: &Value, field: &str) -> String {
    answer["data"]["certification"][field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field}: {answer}"))
        .to_owned()
}

/// Graphviz's `dot -Tsvg` on `dot`: the SVG, or what it said on standard error (a warning
/// counts as a failure).
async fn graphviz(dot: &str) -> Result<String, String> {
    let hint = "Graphviz's dot is not installed: run scripts/install-test-deps.sh (scripts/test.sh does)";
    let mut child = tokio::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect(hint);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(dot.as_bytes()).await.unwrap();
    drop(stdin);
    let output = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    match output.status.success() && stderr.trim().is_empty() {
        true => Ok(String::from_utf8_lossy(&output.stdout).into_owned()),
        false => Err(format!("{}: {stderr}", output.status)),
    }
}
