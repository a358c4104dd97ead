//! The mutations: create, change and delete certifications, exams and courses, Relay-style
//! (one `input`, one payload each). Every mutation needs an `editor` key, is one store
//! transaction (`Store::edit`: version checks, validation, audit record, version bump), and
//! answers from a snapshot that already holds its change, so a client reads its own write.

mod certification;
mod course;
mod exam;
mod inputs;
mod payloads;
mod problems;

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, MergedObject, Value};
use certgraph_store::{Author, Edit, Edited, LiveCatalog, RecordKind, Role, Store, StoreError};

use crate::caller::{require_role, Caller};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::ids::GlobalId;
use crate::objects::{snapshot, Snap};
use problems::{at, bad_input, located, Locate, Problem};

pub use certification::CertificationMutations;
pub use course::CourseMutations;
pub use exam::ExamMutations;

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(CertificationMutations, ExamMutations, CourseMutations);

/// What a committed write is charged, in planner steps (see `spent`): the transaction reads
/// and validates the whole catalog, so a write costs like a sizeable search.
const WRITE_STEPS: u64 = 50;

/// Commits `edit` for the caller as `operation`, then returns a snapshot that shows it.
pub(crate) async fn commit(
    ctx: &Context<'_>,
    operation: &str,
    edit: Edit,
    locate: &(dyn Locate + Sync),
) -> ApiResult<(Snap, Edited)> {
    if let Some(executed) = ctx.data_opt::<crate::Executed>() {
        executed.wrote();
    }
    if let Some(work) = ctx.data_opt::<crate::spent::PlannerWork>() {
        work.add(WRITE_STEPS);
    }
    let actor = match ctx.data_opt::<Caller>() {
        Some(Caller::Key(holder)) => holder.name.to_string(),
        _ => return Err(ApiError::Unauthenticated("writes need an API key".into()).into_gql()),
    };
    let author = Author {
        actor,
        operation: operation.to_owned(),
    };
    let store = ctx.data::<Store>()?;
    let live = ctx.data_opt::<Arc<LiveCatalog>>();
    let edited = store
        .edit(edit, &author, live.map(|l| &**l))
        .await
        .map_err(|e| refused(e, locate))?;
    Ok((fresh(ctx, store, live, edited.catalog_version).await?, edited))
}

/// The replica's snapshot once it holds `version` (the edit normally installed it already;
/// else it is loaded now). Without a live catalog (in-process use) the request's own.
async fn fresh(
    ctx: &Context<'_>,
    store: &Store,
    live: Option<&Arc<LiveCatalog>>,
    version: i64,
) -> ApiResult<Snap> {
    if let Some(live) = live {
        if live.current().is_none_or(|s| s.version < version) {
            if let Err(e) = store.refresh(live).await {
                tracing::warn!(error = %e, "reloading after a write failed; the change feed will");
            }
        }
        if let Some(current) = live.current().filter(|s| s.version >= version) {
            return Ok(current);
        }
    }
    snapshot(ctx).cloned()
}

/// What a deletion removed: its code, its global ID and the version it had.
pub(crate) struct Deleted {
    code: String,
    id: async_graphql::ID,
    version: i32,
}

/// Deletes the record of `kind` coded `code` at `expected_version`, as `operation`.
pub(crate) async fn delete(
    ctx: &Context<'_>,
    operation: &str,
    kind: RecordKind,
    code: &str,
    expected_version: i32,
) -> ApiResult<Deleted> {
    editor(ctx)?;
    // Stored codes: certifications in lower case, exams and courses in upper.
    let (code, id): (String, fn(String) -> GlobalId) = match kind {
        RecordKind::Certification => (code.trim().to_lowercase(), GlobalId::Certification),
        RecordKind::Exam => (code.trim().to_uppercase(), GlobalId::Exam),
        RecordKind::Course => (code.trim().to_uppercase(), GlobalId::Course),
    };
    let edit = Edit::Delete {
        kind,
        code: code.clone(),
        expected_version,
    };
    let (_, edited) = commit(ctx, operation, edit, &Nowhere).await?;
    Ok(Deleted {
        id: async_graphql::ID(id(code.clone()).encode()),
        code,
        version: edited.version,
    })
}

/// The editor role, or the coded refusal.
pub(crate) fn editor(ctx: &Context<'_>) -> ApiResult<()> {
    require_role(ctx, Role::Editor)
}

fn list(values: impl IntoIterator<Item = Value>) -> Value {
    Value::List(values.into_iter().collect())
}

/// A refused edit as its coded error: `CONFLICT` with `currentVersion`, `IN_USE` with the
/// `referrers`, `CYCLE` with its `path`, `NOT_FOUND`, or `BAD_USER_INPUT` placed in the input.
fn refused(error: StoreError, locate: &(dyn Locate + Sync)) -> async_graphql::Error {
    let coded = |code: ErrorCode, message: String| {
        async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code.as_str()))
    };
    let message = error.to_string();
    match error {
        StoreError::Conflict { current_version, .. } => {
            coded(ErrorCode::Conflict, message).extend_with(|_, e| e.set("currentVersion", current_version))
        }
        StoreError::InUse { referrers, .. } => {
            let referrers = list(referrers.iter().map(|r| {
                let mut entry = async_graphql::indexmap::IndexMap::new();
                let kind = crate::query::CatalogKind::from(r.kind);
                entry.insert(
                    async_graphql::Name::new("kind"),
                    async_graphql::InputType::to_value(&kind),
                );
                entry.insert(async_graphql::Name::new("code"), Value::from(r.code.clone()));
                Value::Object(entry)
            }));
            coded(ErrorCode::InUse, message).extend_with(|_, e| e.set("referrers", referrers.clone()))
        }
        StoreError::Cycle { path } => {
            let path = list(path.into_iter().map(Value::from));
            coded(ErrorCode::Cycle, message).extend_with(|_, e| e.set("path", path.clone()))
        }
        StoreError::NotFound { .. } => coded(ErrorCode::NotFound, message),
        StoreError::AlreadyExists { .. } => bad_input(vec![Problem {
            path: at("code"),
            message,
        }]),
        StoreError::InvalidCatalog(problems) => located(&problems, locate),
        other => ApiError::from(other).into_gql(),
    }
}

/// Inputs that name no other record.
pub(crate) struct Nowhere;

impl Locate for Nowhere {
    fn reference(&self, _code: &str) -> Option<Vec<problems::Step>> {
        None
    }
}
