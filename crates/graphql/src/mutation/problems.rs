//! Input problems with the input path of each, so a form can mark every wrong field at once:
//! collected while an input is turned into domain values, then reported together as one
//! `BAD_USER_INPUT` error whose `extensions.problems` lists `{ path, message }`.

use async_graphql::{ErrorExtensions, Value};
use certgraph_domain::CatalogProblem;

use crate::error::ErrorCode;

/// One step of an input path: a field name or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Field(&'static str),
    Index(usize),
}

/// A wrong value at `path` (starting with `input`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub path: Vec<Step>,
    pub message: String,
}

/// The problems found so far, and where in the input the checks are.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    found: Vec<Problem>,
}

impl Problems {
    pub fn add(&mut self, path: Vec<Step>, message: impl Into<String>) {
        self.found.push(Problem {
            path,
            message: message.into(),
        });
    }

    /// Nothing was found, or the one error listing everything.
    pub fn finish(self) -> Result<(), async_graphql::Error> {
        if self.found.is_empty() {
            Ok(())
        } else {
            Err(bad_input(self.found))
        }
    }

    /// The one error listing everything found (called once a check has failed).
    pub fn into_error(self) -> async_graphql::Error {
        bad_input(self.found)
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

/// `input.<field>`.
pub(crate) fn at(field: &'static str) -> Vec<Step> {
    vec![Step::Field("input"), Step::Field(field)]
}

/// Parses `raw` with `parse`, noting a problem at `path` when it is refused.
pub(crate) fn parsed<T, E: std::fmt::Display>(
    problems: &mut Problems,
    path: Vec<Step>,
    parse: Result<T, E>,
) -> Option<T> {
    match parse {
        Ok(value) => Some(value),
        Err(e) => {
            problems.add(path, e.to_string());
            None
        }
    }
}

fn path_value(path: &[Step]) -> Value {
    Value::List(
        path.iter()
            .map(|s| match s {
                Step::Field(f) => Value::from(*f),
                Step::Index(i) => Value::from(*i as i32),
            })
            .collect(),
    )
}

/// One `BAD_USER_INPUT` error naming every problem; its message names the first.
pub(crate) fn bad_input(problems: Vec<Problem>) -> async_graphql::Error {
    let first = problems
        .first()
        .map(|p| format!("{}: {}", dotted(&p.path), p.message))
        .unwrap_or_default();
    let message = match problems.len() {
        1 => first,
        n => format!("{first} (and {} more problems: see extensions.problems)", n - 1),
    };
    let list = Value::List(
        problems
            .iter()
            .map(|p| {
                let mut entry = async_graphql::indexmap::IndexMap::new();
                entry.insert(async_graphql::Name::new("path"), path_value(&p.path));
                entry.insert(
                    async_graphql::Name::new("message"),
                    Value::from(p.message.clone()),
                );
                Value::Object(entry)
            })
            .collect(),
    );
    async_graphql::Error::new(message).extend_with(|_, e| {
        e.set("code", ErrorCode::BadUserInput.as_str());
        e.set("problems", list.clone());
    })
}

/// `input.groups[0].items[1].exam`.
pub(crate) fn dotted(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Field(f) if out.is_empty() => out.push_str(f),
            Step::Field(f) => {
                out.push('.');
                out.push_str(f);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Where in an input a problem the catalog's validation found lies: each input kind says
/// where the codes it names sit.
pub(crate) trait Locate {
    /// The path of the reference to `code` (a certification or exam), if the input names it.
    fn reference(&self, code: &str) -> Option<Vec<Step>>;
}

/// The catalog's problems placed in the input (`input` when they cannot be placed).
pub(crate) fn located(problems: &[CatalogProblem], input: &dyn Locate) -> async_graphql::Error {
    let placed = problems
        .iter()
        .map(|problem| {
            let path = match problem {
                CatalogProblem::UnknownReference { code, .. }
                | CatalogProblem::DuplicateItem { code, .. } => input.reference(code),
                CatalogProblem::EmptyName { .. } => Some(at("name")),
                CatalogProblem::DuplicateCode { .. } => Some(at("code")),
                _ => None,
            };
            Problem {
                path: path.unwrap_or_else(|| vec![Step::Field("input")]),
                message: problem.to_string(),
            }
        })
        .collect();
    bad_input(placed)
}
