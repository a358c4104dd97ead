//! `catalog/catalog.schema.json` describes what the catalog format accepts and what exports write.

use certgraph_catalog::{bundled, CatalogDocument, CatalogFormat, SCHEMA_JSON};
use certgraph_testkit::synthetic_catalog;
use serde_json::{json, Value};

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA_JSON).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn errors(instance: &Value) -> Vec<String> {
    validator()
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_bundled_catalog_validates_against_the_schema() {
    let bundled: Value = serde_json::from_str(certgraph_catalog::BUNDLED_JSON).unwrap();
    assert_eq!(errors(&bundled), Vec::<String>::new());
}

#[test]
fn canonical_exports_validate_against_the_schema() {
    let synthetic = CatalogDocument {
        notes: vec![],
        catalog: synthetic_catalog(300, 3),
    };
    for doc in [bundled().unwrap(), synthetic] {
        let text = doc.to_canonical_string(CatalogFormat::Json).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(errors(&value), Vec::<String>::new());
    }
}

#[test]
fn the_schema_refuses_what_the_importer_refuses() {
    let cert = |extra: Value| {
        let mut c = json!({"code": "a", "name": "A", "level": "EXPERT", "status": "ACTIVE"});
        c.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "certifications": [c] })
    };
    assert!(errors(&cert(json!({}))).is_empty());
    for bad in [
        cert(json!({"level": "GURU"})),
        cert(json!({"code": "Not A Slug"})),
        cert(json!({"url": "ftp://x.org/"})),
        cert(json!({"requirements": [{"kind": "ALL_OF", "items": []}]})),
        cert(
            json!({"requirements": [{"kind": "ALL_OF", "items": [{"exam": "AZ-400", "certification": "a"}]}]}),
        ),
        cert(json!({"colour": "blue"})),
        json!({"exams": [{"code": "AZ-400"}]}),
        json!({"courses": [{"code": "AZ-400T00", "delivery": "INSTRUCTOR_LED"}]}),
    ] {
        assert!(!errors(&bad).is_empty(), "accepted {bad}");
    }
}
