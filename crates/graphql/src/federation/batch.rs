//! Loading a whole `_entities` batch at once. async-graphql resolves representations
//! concurrently, and a DataLoader batches whatever keys arrive within its delay, so left
//! alone a large batch could split into several statements depending on timing. Instead
//! the first representation to resolve loads every representation's key (one statement
//! per entity type) and, as lists do (see `prefetch`), every relation the query selects
//! below them; the others wait for it and take their rows from the batch, so a code that
//! does not exist is not looked up again either.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest};
use async_graphql::{Context, OutputType, Pos, Request, ServerResult, Value};
use certgraph_domain::{CertificationCode, CourseCode, ExamCode};
use certgraph_store::{CertificationRow, CourseRow, ExamRow};
use futures_util::future::try_join3;
use tokio::sync::OnceCell;

use super::entities::code_of;
use crate::error::{ApiResult, ResultExt};
use crate::loaders::{CertificationId, CoursesFor, ExamsFor, RequiredBy};
use crate::objects::{loaders, Certification, Course, Exam};
use crate::{prefetch, Loaders};

/// The rows of one `_entities` batch, by code; a code that is not here does not exist.
#[derive(Default)]
pub(super) struct Loaded {
    pub certifications: HashMap<CertificationCode, CertificationRow>,
    pub exams: HashMap<ExamCode, ExamRow>,
    pub courses: HashMap<CourseCode, CourseRow>,
}

/// A batch's outcome; a failure too is kept, so that a hundred representations do not
/// retry a load that failed (say, with the database down) a hundred times.
type Cell = Arc<OnceCell<ServerResult<Arc<Loaded>>>>;

/// Per request: one cell per `_entities` field (by its position in the document), set once
/// that field's representations are loaded.
#[derive(Default)]
struct EntityBatches(Mutex<HashMap<Pos, Cell>>);

/// Gives every request its [`EntityBatches`].
pub(super) struct BatchEntities;

impl ExtensionFactory for BatchEntities {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(BatchEntities)
    }
}

#[async_trait::async_trait]
impl Extension for BatchEntities {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        next.run(ctx, request.data(EntityBatches::default())).await
    }
}

/// The cell of the `_entities` field being resolved; `None` without [`BatchEntities`].
fn cell(ctx: &Context<'_>) -> Option<Cell> {
    let batches = ctx.data_opt::<EntityBatches>()?;
    let mut cells = batches.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    Some(cells.entry(ctx.item.pos).or_default().clone())
}

/// Loads every representation of the `_entities` field being resolved, once per field.
/// Without [`BatchEntities`] installed this does nothing and lookups batch by timing.
pub(super) async fn load_batch(ctx: &Context<'_>) -> ServerResult<()> {
    match cell(ctx) {
        Some(cell) => cell.get_or_init(|| load_all(ctx)).await.clone().map(|_| ()),
        None => Ok(()),
    }
}

/// The loaded batch of the `_entities` field being resolved, once [`load_batch`] has run.
pub(super) fn loaded(ctx: &Context<'_>) -> Option<Arc<Loaded>> {
    cell(ctx)?.get()?.as_ref().ok().cloned()
}

/// The codes of one batch, by entity type; keys that are not valid codes are skipped
/// (they resolve to `null` without a lookup).
#[derive(Default)]
struct Codes {
    certifications: HashSet<CertificationCode>,
    exams: HashSet<ExamCode>,
    courses: HashSet<CourseCode>,
}

impl Codes {
    fn is_empty(&self) -> bool {
        self.certifications.is_empty() && self.exams.is_empty() && self.courses.is_empty()
    }

    fn add(&mut self, representation: &Value) {
        let Value::Object(fields) = representation else {
            return;
        };
        let (Some(Value::String(typename)), Some(key)) = (fields.get("__typename"), fields.get("code"))
        else {
            return;
        };
        if *typename == <Certification as OutputType>::type_name() {
            self.certifications.extend(code_of(key, CertificationCode::parse));
        } else if *typename == <Exam as OutputType>::type_name() {
            self.exams.extend(code_of(key, ExamCode::parse));
        } else if *typename == <Course as OutputType>::type_name() {
            self.courses.extend(code_of(key, CourseCode::parse));
        }
    }
}

async fn load_all(ctx: &Context<'_>) -> ServerResult<Arc<Loaded>> {
    let mut codes = Codes::default();
    for (name, value) in ctx.field().arguments()? {
        if let ("representations", Value::List(representations)) = (name.as_str(), &value) {
            representations.iter().for_each(|r| codes.add(r));
        }
    }
    if codes.is_empty() {
        return Ok(Arc::default());
    }
    let at = |e: async_graphql::Error| e.into_server_error(ctx.item.pos);
    let loaders = loaders(ctx).map_err(at)?;
    // Joined, so all three batches are queued in one poll and none waits for another.
    let (certifications, exams, courses) = try_join3(
        loaders.load_many(codes.certifications),
        loaders.load_many(codes.exams),
        loaders.load_many(codes.courses),
    )
    .await
    .api()
    .map_err(at)?;
    let certification_rows: Vec<CertificationRow> = certifications.values().cloned().collect();
    let exam_ids: Vec<i32> = exams.values().map(|e| e.id).collect();
    let course_ids: Vec<i32> = courses.values().map(|c| c.id).collect();
    // One after another, so that each relation is one statement whatever the timing (a
    // relation already loaded for an earlier one costs nothing).
    prefetch::certifications(&[ctx.look_ahead()], loaders, &certification_rows)
        .await
        .map_err(at)?;
    exam_relations(ctx, loaders, &exam_ids).await.map_err(at)?;
    course_relations(ctx, loaders, &course_ids).await.map_err(at)?;
    Ok(Arc::new(Loaded {
        certifications,
        exams,
        courses,
    }))
}

/// What the batch selects directly on its exams: their courses, the certifications requiring them.
async fn exam_relations(ctx: &Context<'_>, loaders: &Loaders, ids: &[i32]) -> ApiResult<()> {
    let selection = ctx.look_ahead();
    if selection.field("courses").exists() {
        loaders
            .load_many(ids.iter().map(|&id| CoursesFor(id)))
            .await
            .api()?;
    }
    if selection.field("requiredBy").exists() {
        let requirers = loaders
            .load_many(ids.iter().map(|&id| RequiredBy(id)))
            .await
            .api()?;
        let requirers = requirers.values().flatten().map(|&id| CertificationId(id));
        loaders.load_many(requirers).await.api()?;
    }
    Ok(())
}

/// What the batch selects directly on its courses: their exams.
async fn course_relations(ctx: &Context<'_>, loaders: &Loaders, ids: &[i32]) -> ApiResult<()> {
    if ctx.look_ahead().field("exams").exists() {
        loaders
            .load_many(ids.iter().map(|&id| ExamsFor(id)))
            .await
            .api()?;
    }
    Ok(())
}
