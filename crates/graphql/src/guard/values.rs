//! Input values held to their types before anything runs, as the spec's input coercion
//! requires. async-graphql's validator lets three kinds of wrong value through to the
//! resolvers, where they become field errors beside `data` (or are silently accepted):
//! an `Int` literal outside 32 bits, a quoted string where an enum is required, and a
//! variable that is missing or of the wrong type.

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, OperationDefinition, OperationType, Selection,
    SelectionSet,
};
use async_graphql::registry::{MetaInputValue, MetaType, MetaTypeName, Registry};
use async_graphql::{Pos, Positioned, ServerError, Variables};
use async_graphql_value::Value;

use super::codes::coded_at;
use crate::ErrorCode;

/// How a value was written: enum values are bare names in the document, strings in JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Written {
    Literal,
    Json,
}

/// Every wrong argument, directive argument, default and variable value in `doc`, as
/// `BAD_USER_INPUT` errors; variables only of the operation that would run.
pub fn check(
    registry: &Registry,
    doc: &ExecutableDocument,
    variables: &Variables,
    operation_name: Option<&str>,
) -> Vec<ServerError> {
    let mut check = Check {
        registry,
        errors: Vec::new(),
    };
    for (_, op) in doc.operations.iter() {
        check.operation(&op.node);
    }
    for fragment in doc.fragments.values() {
        let fragment = &fragment.node;
        check.directives(&fragment.directives);
        let on = fragment.type_condition.node.on.node.as_str();
        check.selection_set(on, &fragment.selection_set.node);
    }
    if let Some(op) = selected(doc, operation_name) {
        check.variables(op, variables);
    }
    check.errors
}

/// The operation async-graphql would run (it reports an unknown name itself).
fn selected<'a>(doc: &'a ExecutableDocument, name: Option<&str>) -> Option<&'a OperationDefinition> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), None) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next().map(|op| &op.node),
        _ => None,
    }
}

struct Check<'a> {
    registry: &'a Registry,
    errors: Vec<ServerError>,
}

impl Check<'_> {
    fn operation(&mut self, op: &OperationDefinition) {
        self.directives(&op.directives);
        for def in &op.variable_definitions {
            if let Some(default) = &def.node.default_value {
                let ty = def.node.var_type.node.to_string();
                let value = default.node.clone().into_value();
                let what = format!("default value of variable \"${}\"", def.node.name.node);
                self.value(&ty, &value, Written::Literal, default.pos, &what);
            }
        }
        let registry = self.registry;
        let root = match op.ty {
            OperationType::Query => Some(&registry.query_type),
            OperationType::Mutation => registry.mutation_type.as_ref(),
            OperationType::Subscription => registry.subscription_type.as_ref(),
        };
        if let Some(root) = root {
            self.selection_set(root, &op.selection_set.node);
        }
    }

    /// Variables sent (or missing) for `op`'s definitions.
    fn variables(&mut self, op: &OperationDefinition, variables: &Variables) {
        for def in &op.variable_definitions {
            let (name, ty) = (&def.node.name.node, &def.node.var_type.node);
            match variables.get(name) {
                Some(value) => {
                    let what = format!("variable \"${name}\"");
                    self.value(
                        &ty.to_string(),
                        &value.clone().into_value(),
                        Written::Json,
                        def.pos,
                        &what,
                    );
                }
                None if !ty.nullable && def.node.default_value.is_none() => {
                    let message = format!("Variable \"${name}\" of required type \"{ty}\" was not provided.");
                    self.errors
                        .push(coded_at(ErrorCode::BadUserInput, message, def.pos));
                }
                None => {}
            }
        }
    }

    fn selection_set(&mut self, ty: &str, set: &SelectionSet) {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    self.directives(&field.directives);
                    let meta = self.registry.types.get(ty);
                    // Unknown fields are the validator's to report.
                    let Some(meta) = meta.and_then(|t| t.field_by_name(&field.name.node)) else {
                        continue;
                    };
                    self.arguments(&meta.args, &field.arguments);
                    let inner = MetaTypeName::concrete_typename(&meta.ty);
                    self.selection_set(inner, &field.selection_set.node);
                }
                Selection::FragmentSpread(spread) => self.directives(&spread.node.directives),
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    self.directives(&inline.directives);
                    let on = inline
                        .type_condition
                        .as_ref()
                        .map_or(ty, |c| c.node.on.node.as_str());
                    self.selection_set(on, &inline.selection_set.node);
                }
            }
        }
    }

    fn directives(&mut self, directives: &[Positioned<Directive>]) {
        for directive in directives {
            let directive = &directive.node;
            if let Some(meta) = self.registry.directives.get(directive.name.node.as_str()) {
                self.arguments(&meta.args, &directive.arguments);
            }
        }
    }

    fn arguments(
        &mut self,
        args: &IndexMap<String, MetaInputValue>,
        given: &[(Positioned<async_graphql::Name>, Positioned<Value>)],
    ) {
        for (name, value) in given {
            if let Some(arg) = args.get(name.node.as_str()) {
                let what = format!("argument \"{}\"", name.node);
                self.value(&arg.ty, &value.node, Written::Literal, value.pos, &what);
            }
        }
    }

    fn value(&mut self, ty: &str, value: &Value, written: Written, pos: Pos, what: &str) {
        if let Some(problem) = problem(self.registry, ty, value, written) {
            let message = format!("Invalid value for {what}: {problem}");
            self.errors.push(coded_at(ErrorCode::BadUserInput, message, pos));
        }
    }
}

/// What is wrong with `value` as a `ty` (a type reference such as `[String!]!`), if
/// anything. Variables inside literals are checked as variables, not here.
fn problem(registry: &Registry, ty: &str, value: &Value, written: Written) -> Option<String> {
    match (MetaTypeName::create(ty), value) {
        (_, Value::Variable(_)) => None,
        (MetaTypeName::NonNull(_), Value::Null) => Some(format!("null where {ty} is required")),
        (MetaTypeName::NonNull(inner), _) => problem(registry, inner, value, written),
        (_, Value::Null) => None,
        (MetaTypeName::List(inner), Value::List(items)) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| problem(registry, inner, item, written).map(|p| format!("at [{i}]: {p}"))),
        // A single value where a list is expected is a list of one.
        (MetaTypeName::List(inner), _) => problem(registry, inner, value, written),
        (MetaTypeName::Named(name), _) => named(registry, name, value, written),
    }
}

fn named(registry: &Registry, name: &str, value: &Value, written: Written) -> Option<String> {
    let expected = || Some(format!("expected {name}, got {}", shown(value)));
    let ok = match (name, value) {
        ("Int", Value::Number(n)) => {
            if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) {
                return None;
            }
            if n.is_i64() || n.is_u64() {
                return Some(format!("{n} is outside the 32-bit range of Int"));
            }
            false
        }
        ("Float", Value::Number(_)) | ("String", Value::String(_)) | ("Boolean", Value::Boolean(_)) => true,
        ("ID", Value::String(_)) => true,
        ("ID", Value::Number(n)) => n.is_i64() || n.is_u64(),
        ("Int" | "Float" | "String" | "Boolean" | "ID", _) => false,
        _ => return composite(registry, name, value, written),
    };
    if ok {
        None
    } else {
        expected()
    }
}

fn composite(registry: &Registry, name: &str, value: &Value, written: Written) -> Option<String> {
    match registry.types.get(name)? {
        MetaType::Enum { enum_values, .. } => {
            let given = match (value, written) {
                (Value::Enum(v), Written::Literal) => v.as_str(),
                (Value::String(v), Written::Json) => v.as_str(),
                (Value::String(v), Written::Literal) if enum_values.contains_key(v.as_str()) => {
                    return Some(format!(
                        "enum values are written without quotes: {v}, not \"{v}\""
                    ));
                }
                _ => return Some(format!("expected a {name} value, got {}", shown(value))),
            };
            (!enum_values.contains_key(given)).then(|| {
                let values: Vec<&str> = enum_values.keys().map(String::as_str).collect();
                format!("{given} is not a {name} value (one of {})", values.join(", "))
            })
        }
        MetaType::InputObject {
            input_fields, oneof, ..
        } => {
            let Value::Object(fields) = value else {
                return Some(format!("expected a {name} object, got {}", shown(value)));
            };
            if let Some(unknown) = fields.keys().find(|k| !input_fields.contains_key(k.as_str())) {
                return Some(format!("{name} has no field \"{unknown}\""));
            }
            for (field, meta) in input_fields {
                match fields.get(field.as_str()) {
                    Some(v) => {
                        if let Some(p) = problem(registry, &meta.ty, v, written) {
                            return Some(format!("in \"{field}\": {p}"));
                        }
                    }
                    None if meta.ty.ends_with('!') && meta.default_value.is_none() => {
                        return Some(format!("{name} needs \"{field}\""));
                    }
                    None => {}
                }
            }
            let set = fields.values().filter(|v| !matches!(v, Value::Null)).count();
            (*oneof && set != 1).then(|| format!("{name} takes exactly one field, got {set}"))
        }
        MetaType::Scalar { is_valid, .. } => {
            let valid = match (is_valid, value.clone().into_const()) {
                (Some(is_valid), Some(value)) => is_valid(&value),
                _ => true,
            };
            (!valid).then(|| format!("expected {name}, got {}", shown(value)))
        }
        _ => None,
    }
}

/// A value as it would be written, cut short.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}
