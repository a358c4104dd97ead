//! The entity resolvers behind `_entities`: a representation's `code` key (case-insensitive),
//! looked up in the request's snapshot like every other lookup.

use async_graphql::{Any, Context, Object, OutputType, Value};
use certgraph_domain::{CertificationCode, CourseCode, ExamCode};

use crate::error::ApiResult;
use crate::objects::{snapshot, Certification, Course, Exam};

/// Resolves `_entities` representations by `code`.
#[derive(Default)]
pub struct EntityQuery;

/// The key as a code, or `None` when it is not a string or not a valid code. Keys are
/// taken as `_Any` so that a malformed representation is a `null` entry, not an error
/// that fails the whole batch.
pub(super) fn code_of<C, E>(key: &Value, parse: impl Fn(&str) -> Result<C, E>) -> Option<&str> {
    match key {
        Value::String(text) if parse(text).is_ok() => Some(text),
        _ => None,
    }
}

/// Whether a representation names one of the entity types resolved here.
pub(super) fn is_entity_type(representation: &Value) -> bool {
    let Value::Object(fields) = representation else {
        return false;
    };
    let names = [Certification::type_name(), Exam::type_name(), Course::type_name()];
    matches!(fields.get("__typename"), Some(Value::String(name)) if names.iter().any(|n| n == name))
}

#[Object]
impl EntityQuery {
    /// A certification by its `code` key (case-insensitive); `null` when there is none.
    #[graphql(entity)]
    async fn find_certification(&self, ctx: &Context<'_>, code: Any) -> ApiResult<Option<Certification>> {
        let Some(code) = code_of(&code.0, |c| CertificationCode::parse(&c.to_lowercase())) else {
            return Ok(None);
        };
        let snap = snapshot(ctx)?;
        Ok(snap
            .certification_by_code(code)
            .map(|id| Certification::new(snap, id)))
    }

    /// An exam by its `code` key (case-insensitive); `null` when there is none.
    #[graphql(entity)]
    async fn find_exam(&self, ctx: &Context<'_>, code: Any) -> ApiResult<Option<Exam>> {
        let Some(code) = code_of(&code.0, ExamCode::parse) else {
            return Ok(None);
        };
        let snap = snapshot(ctx)?;
        Ok(snap.exam_by_code(code).map(|id| Exam::new(snap, id)))
    }

    /// A course by its `code` key (case-insensitive); `null` when there is none.
    #[graphql(entity)]
    async fn find_course(&self, ctx: &Context<'_>, code: Any) -> ApiResult<Option<Course>> {
        let Some(code) = code_of(&code.0, CourseCode::parse) else {
            return Ok(None);
        };
        let snap = snapshot(ctx)?;
        Ok(snap.course_by_code(code).map(|id| Course::new(snap, id)))
    }
}
