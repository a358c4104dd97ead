//! GraphiQL's docs pane is what people read: everything in the schema is described.

use async_graphql::Value;

const INTROSPECTION: &str = r#"{ __schema { types { name kind description
    fields { name description args { name description } }
    inputFields { name description }
    enumValues { name description } } } }"#;

fn text(v: &Value) -> &str {
    match v {
        Value::String(s) => s,
        _ => "",
    }
}

fn list(v: &Value) -> Vec<&Value> {
    match v {
        Value::List(items) => items.iter().collect(),
        _ => Vec::new(),
    }
}

fn field<'a>(v: &'a Value, name: &str) -> &'a Value {
    match v {
        Value::Object(map) => map.get(name).unwrap_or(&Value::Null),
        _ => &Value::Null,
    }
}

#[tokio::test]
async fn every_type_field_argument_and_enum_value_has_a_description() {
    let schema = certgraph_graphql::schema_builder().finish();
    let response = schema.execute(INTROSPECTION).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let data = response.data;
    let mut missing = Vec::new();
    for ty in list(field(field(&data, "__schema"), "types")) {
        let name = text(field(ty, "name"));
        let builtin = ["String", "Int", "Float", "Boolean", "ID"].contains(&name);
        if name.starts_with("__") || builtin {
            continue;
        }
        if text(field(ty, "description")).is_empty() {
            missing.push(format!("type {name}"));
        }
        for f in list(field(ty, "fields"))
            .into_iter()
            .chain(list(field(ty, "inputFields")))
        {
            let fname = text(field(f, "name"));
            if text(field(f, "description")).is_empty() {
                missing.push(format!("field {name}.{fname}"));
            }
            for arg in list(field(f, "args")) {
                if text(field(arg, "description")).is_empty() {
                    missing.push(format!("argument {name}.{fname}({})", text(field(arg, "name"))));
                }
            }
        }
        for value in list(field(ty, "enumValues")) {
            if text(field(value, "description")).is_empty() {
                missing.push(format!("enum value {name}.{}", text(field(value, "name"))));
            }
        }
    }
    assert!(missing.is_empty(), "undocumented:\n{}", missing.join("\n"));
}
