//! Measuring a parsed document with its fragments expanded: depth, aliases, directives,
//! root fields, fields and the largest page asked for. Each fragment is measured once and
//! its measure reused wherever it is spread, so a "fragment bomb" (fragments spreading
//! the next one twice, thirty levels down) is measured in linear time; a fragment cycle is
//! found on the way.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{Name, Value as ConstValue, Variables};

/// What a selection set asks for once its fragments are expanded. Counts saturate.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Fields selected at any depth.
    pub fields: u64,
    /// Fields selected directly in this selection set (through fragments, not below).
    pub top_fields: u64,
    pub aliases: u64,
    pub directives: u64,
    /// The deepest field nesting (a set of leaf fields is 1 deep).
    pub depth: u64,
    /// The largest `first`/`last` argument given, with its name.
    pub page: Option<(&'static str, i64)>,
    /// The longest list of keys given (`ids`, `roots`, `holding`), with its name.
    pub keys: Option<(&'static str, i64)>,
    /// Whether `__schema` or `__type` is selected directly in this selection set.
    pub introspects: bool,
}

impl Shape {
    fn add(&mut self, other: &Shape) {
        self.fields = self.fields.saturating_add(other.fields);
        self.top_fields = self.top_fields.saturating_add(other.top_fields);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.directives = self.directives.saturating_add(other.directives);
        self.depth = self.depth.max(other.depth);
        self.page = larger(self.page, other.page);
        self.keys = larger(self.keys, other.keys);
        self.introspects |= other.introspects;
    }
}

fn larger(a: Option<(&'static str, i64)>, b: Option<(&'static str, i64)>) -> Option<(&'static str, i64)> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.1 > x.1 { y } else { x }),
        (x, y) => x.or(y),
    }
}

/// A fragment that spreads itself, directly or through others: the chain of names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentCycle(pub Vec<String>);

/// Measures every operation of `doc`, returning each one's shape (operation directives
/// included). `variables` resolve `first: $n`; a variable's default applies when absent.
pub fn measure(doc: &ExecutableDocument, variables: &Variables) -> Result<Vec<Shape>, FragmentCycle> {
    let mut defaults = HashMap::new();
    for (_, op) in doc.operations.iter() {
        for def in &op.node.variable_definitions {
            if let Some(value) = &def.node.default_value {
                defaults.insert(def.node.name.node.clone(), value.node.clone());
            }
        }
    }
    let mut walk = Walk {
        doc,
        variables,
        defaults,
        done: HashMap::new(),
        stack: Vec::new(),
    };
    doc.operations
        .iter()
        .map(|(_, op)| {
            let mut shape = walk.selection_set(&op.node.selection_set.node)?;
            shape.directives = shape.directives.saturating_add(op.node.directives.len() as u64);
            Ok(shape)
        })
        .collect()
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    defaults: HashMap<Name, ConstValue>,
    done: HashMap<&'a str, Shape>,
    stack: Vec<&'a str>,
}

impl<'a> Walk<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> Result<Shape, FragmentCycle> {
        let mut shape = Shape::default();
        for item in &set.items {
            let part = match &item.node {
                Selection::Field(field) => self.field(&field.node)?,
                Selection::InlineFragment(inline) => {
                    let mut part = self.selection_set(&inline.node.selection_set.node)?;
                    part.directives = part
                        .directives
                        .saturating_add(inline.node.directives.len() as u64);
                    part
                }
                Selection::FragmentSpread(spread) => {
                    let mut part = self.fragment(spread.node.fragment_name.node.as_str())?;
                    part.directives = part
                        .directives
                        .saturating_add(spread.node.directives.len() as u64);
                    part
                }
            };
            shape.add(&part);
        }
        Ok(shape)
    }

    fn field(&mut self, field: &'a Field) -> Result<Shape, FragmentCycle> {
        let below = self.selection_set(&field.selection_set.node)?;
        let mut shape = Shape {
            fields: below.fields.saturating_add(1),
            top_fields: 1,
            aliases: below.aliases.saturating_add(u64::from(field.alias.is_some())),
            directives: below.directives.saturating_add(field.directives.len() as u64),
            depth: below.depth + 1,
            page: below.page,
            keys: below.keys,
            introspects: matches!(field.name.node.as_str(), "__schema" | "__type"),
        };
        for (name, value) in &field.arguments {
            let name = match name.node.as_str() {
                "first" => "first",
                "last" => "last",
                "ids" => "ids",
                "roots" => "roots",
                "holding" => "holding",
                _ => continue,
            };
            match value.node.clone().into_const_with(|v| self.variable(&v)) {
                Ok(ConstValue::Number(n)) => shape.page = larger(shape.page, n.as_i64().map(|n| (name, n))),
                Ok(ConstValue::List(items)) => {
                    shape.keys = larger(shape.keys, Some((name, items.len() as i64)));
                }
                _ => {}
            }
        }
        Ok(shape)
    }

    /// A fragment's shape, measured on first use. Unknown fragments measure as empty:
    /// validation reports them.
    fn fragment(&mut self, name: &'a str) -> Result<Shape, FragmentCycle> {
        if let Some(shape) = self.done.get(name) {
            return Ok(*shape);
        }
        if let Some(start) = self.stack.iter().position(|n| *n == name) {
            let mut chain: Vec<String> = self.stack[start..].iter().map(|n| n.to_string()).collect();
            chain.push(name.to_owned());
            return Err(FragmentCycle(chain));
        }
        let Some(fragment) = self.doc.fragments.get(name) else {
            return Ok(Shape::default());
        };
        self.stack.push(name);
        let mut shape = self.selection_set(&fragment.node.selection_set.node)?;
        self.stack.pop();
        shape.directives = shape
            .directives
            .saturating_add(fragment.node.directives.len() as u64);
        self.done.insert(name, shape);
        Ok(shape)
    }

    /// A variable's value: the request's, else the operation's default.
    fn variable(&self, name: &Name) -> Result<ConstValue, ()> {
        let value = self.variables.get(name).or_else(|| self.defaults.get(name));
        value.cloned().ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(query: &str) -> Shape {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        measure(&doc, &Variables::default()).unwrap()[0]
    }

    #[test]
    fn fields_aliases_directives_and_depth_are_counted_through_fragments() {
        let s =
            shape("query @a { x: c { d @b ...F ... on T @c { e } } g } fragment F on T @d { y: h { i } }");
        assert_eq!(
            (s.fields, s.top_fields, s.aliases, s.directives, s.depth),
            (6, 2, 2, 4, 3)
        );
    }

    #[test]
    fn a_fragment_bomb_is_measured_without_expanding_it() {
        let mut query = "{ ...F0 }".to_owned();
        for i in 0..70 {
            query.push_str(&format!(
                " fragment F{i} on Query {{ ...F{} ...F{} }}",
                i + 1,
                i + 1
            ));
        }
        query.push_str(" fragment F70 on Query { a }");
        let s = shape(&query);
        assert_eq!(s.fields, u64::MAX);
        assert_eq!(s.depth, 1);
    }

    #[test]
    fn a_fragment_cycle_is_named() {
        let doc = async_graphql::parser::parse_query(
            "{ ...A } fragment A on Q { a { ...B } } fragment B on Q { b { ...A } }",
        )
        .unwrap();
        let cycle = measure(&doc, &Variables::default()).unwrap_err();
        assert_eq!(cycle.0, ["A", "B", "A"]);
    }

    #[test]
    fn key_lists_are_measured_from_literals_and_variables() {
        assert_eq!(
            shape("{ a(ids: [1, 2, 3]) { b(roots: [1]) } }").keys,
            Some(("ids", 3))
        );
        let doc = async_graphql::parser::parse_query("query($h: [String!]) { plan(holding: $h) }").unwrap();
        let vars = Variables::from_json(serde_json::json!({ "h": vec!["x"; 500] }));
        assert_eq!(measure(&doc, &vars).unwrap()[0].keys, Some(("holding", 500)));
    }

    #[test]
    fn page_sizes_come_from_literals_variables_and_defaults() {
        assert_eq!(shape("{ a(first: 5) { b(last: 7) } }").page, Some(("last", 7)));
        let doc = async_graphql::parser::parse_query("query($n: Int = 9) { a(first: $n) }").unwrap();
        assert_eq!(
            measure(&doc, &Variables::default()).unwrap()[0].page,
            Some(("first", 9))
        );
        let vars = Variables::from_json(serde_json::json!({ "n": 1000000 }));
        assert_eq!(measure(&doc, &vars).unwrap()[0].page, Some(("first", 1_000_000)));
    }
}
