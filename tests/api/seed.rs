//! Every fact of the seed catalog comes out of the API exactly.

use certgraph_catalog::bundled;
use certgraph_domain::RequirementItem;
use certgraph_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

on_both_backends!(
    devops_engineer_has_the_seed_structure,
    every_certification_matches_the_bundled_catalog,
    every_exam_and_course_matches_the_bundled_catalog,
    certifications_lists_all_seven_in_code_order,
    unknown_codes_are_null_without_errors,
    the_associate_exams_have_their_official_titles,
);

async fn devops_engineer_has_the_seed_structure(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ certification(code: "devops-engineer") { name level requirements { kind items {
                __typename ... on Certification { code } ... on Exam { code courses { code } } } } } }"#,
        )
        .await;
    assert_eq!(
        data,
        json!({ "certification": {
            "name": "DevOps Engineer Expert",
            "level": "EXPERT",
            "requirements": [
                { "kind": "ONE_OF", "items": [
                    { "__typename": "Certification", "code": "azure-administrator" },
                    { "__typename": "Certification", "code": "azure-developer" },
                ]},
                { "kind": "ALL_OF", "items": [
                    { "__typename": "Exam", "code": "AZ-400", "courses": [{ "code": "AZ-400T00" }] },
                ]},
            ],
        }})
    );
}

const CERTIFICATION_FIELDS: &str = r#"code name level description url status pathImage { url alt }
    requirements { kind items { __typename ... on Certification { code } ... on Exam { code } } }"#;

/// The bundled document, shaped as the API answers it.
fn expected_certification(code: &str) -> Value {
    let doc = bundled().unwrap();
    let cert = doc
        .catalog
        .certifications
        .iter()
        .find(|c| c.code.as_str() == code)
        .unwrap();
    let requirements: Vec<Value> = cert
        .requirements
        .iter()
        .map(|g| {
            let items: Vec<Value> = g
                .items
                .iter()
                .map(|i| match i {
                    RequirementItem::Certification(c) => {
                        json!({ "__typename": "Certification", "code": c.as_str() })
                    }
                    RequirementItem::Exam(e) => json!({ "__typename": "Exam", "code": e.as_str() }),
                })
                .collect();
            json!({ "kind": g.kind.as_str(), "items": items })
        })
        .collect();
    json!({
        "code": cert.code.as_str(),
        "name": cert.name,
        "level": cert.level.as_str(),
        "description": cert.description,
        "url": cert.url.as_ref().map(|u| u.as_str()),
        "status": cert.status.as_str(),
        // The seed's three pictures are replaced by diagrams drawn from the live graph, one
        // for every certification; the seed's alternative text is kept where it has one.
        "pathImage": {
            "url": format!("/certifications/{}/path.svg", cert.code),
            "alt": cert.path_image.as_ref().map_or(format!("The path to {}", cert.name), |i| i.alt.clone()),
        },
        "requirements": requirements,
    })
}

async fn every_certification_matches_the_bundled_catalog(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let doc = bundled().unwrap();
    assert_eq!(doc.catalog.certifications.len(), 7);
    for cert in &doc.catalog.certifications {
        let query = format!(
            r#"{{ certification(code: "{}") {{ {CERTIFICATION_FIELDS} }} }}"#,
            cert.code
        );
        let data = app.data(&query).await;
        assert_eq!(
            data["certification"],
            expected_certification(cert.code.as_str()),
            "{}",
            cert.code
        );
    }
}

async fn every_exam_and_course_matches_the_bundled_catalog(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let doc = bundled().unwrap();
    for exam in &doc.catalog.exams {
        let courses: Vec<Value> = doc
            .catalog
            .courses
            .iter()
            .filter(|c| c.exams.contains(&exam.code))
            .map(|c| json!({ "code": c.code.as_str() }))
            .collect();
        // Lookups are case-insensitive: ask in lower case.
        let query = format!(
            r#"{{ exam(code: "{}") {{ code title url status courses {{ code }} }} }}"#,
            exam.code.as_str().to_lowercase()
        );
        let data = app.data(&query).await;
        let expected = json!({
            "code": exam.code.as_str(),
            "title": exam.title,
            "url": exam.url.as_ref().map(|u| u.as_str()),
            "status": exam.status.as_str(),
            "courses": courses,
        });
        assert_eq!(data["exam"], expected, "{}", exam.code);
    }
    for course in &doc.catalog.courses {
        let query = format!(
            r#"{{ course(code: "{}") {{ code title url delivery exams {{ code }} }} }}"#,
            course.code.as_str().to_lowercase()
        );
        let data = app.data(&query).await;
        let exams: Vec<Value> = course
            .exams
            .iter()
            .map(|e| json!({ "code": e.as_str() }))
            .collect();
        let expected = json!({
            "code": course.code.as_str(),
            "title": course.title,
            "url": course.url.as_ref().map(|u| u.as_str()),
            "delivery": course.delivery.as_str(),
            "exams": exams,
        });
        assert_eq!(data["course"], expected, "{}", course.code);
    }
}

async fn certifications_lists_all_seven_in_code_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data("{ certifications(first: 100) { nodes { code } } }")
        .await;
    let codes: Vec<&str> = data["certifications"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "azure-administrator",
            "azure-developer",
            "azure-solutions-architect",
            "devops-engineer",
            "power-platform-developer-associate",
            "power-platform-functional-consultant-associate",
            "power-platform-solution-architect-expert",
        ]
    );
}

async fn unknown_codes_are_null_without_errors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .graphql(
            r#"{ certification(code: "no-such-thing") { code } exam(code: "ZZ-999") { code }
            course(code: "not a code!") { code } }"#,
        )
        .await;
    assert_eq!(
        response,
        json!({ "data": { "certification": null, "exam": null, "course": null } })
    );
}

/// The seed names these four only by code; a dashboard needs something to print.
async fn the_associate_exams_have_their_official_titles(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = app
        .data(
            r#"{ a: exam(code: "AZ-104") { title } b: exam(code: "AZ-204") { title }
            c: exam(code: "PL-200") { title } d: exam(code: "PL-400") { title } }"#,
        )
        .await;
    assert_eq!(
        data,
        json!({
            "a": { "title": "Microsoft Azure Administrator" },
            "b": { "title": "Developing Solutions for Microsoft Azure" },
            "c": { "title": "Microsoft Power Platform Functional Consultant" },
            "d": { "title": "Microsoft Power Platform Developer" },
        })
    );
}
