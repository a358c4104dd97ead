//! `createCourse`, `updateCourse` (including which exams it prepares for), `deleteCourse`.

use async_graphql::{Context, InputObject, MaybeUndefined, Object};
use certgraph_domain::Course as Record;
use certgraph_store::{CoursePatch, Edit, RecordKind};

use super::inputs::{self, clearable, ExamsAt};
use super::payloads::{CreateCoursePayload, DeleteCoursePayload, UpdateCoursePayload};
use super::problems::Problems;
use super::{commit, delete, editor};
use crate::error::ApiResult;
use crate::objects::{Course, CourseDelivery};

/// A new course.
#[derive(InputObject)]
pub struct CreateCourseInput {
    /// Its code, e.g. `AZ-104T00` (stored upper case).
    code: String,
    /// Its title.
    title: Option<String>,
    /// Its official page (http or https).
    url: Option<String>,
    /// How it is delivered.
    #[graphql(default_with = "CourseDelivery::InstructorLed")]
    delivery: CourseDelivery,
    /// The codes of the exams it prepares for, in order.
    #[graphql(default)]
    exams: Vec<String>,
    /// Echoed in the payload, for the client's own bookkeeping.
    client_mutation_id: Option<String>,
}

/// Changes to a course: only the fields given change; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateCourseInput {
    /// The course to change.
    code: String,
    /// The version the change is based on; refused with `CONFLICT` if it has changed since.
    expected_version: i32,
    /// A new title, or `null` for none.
    title: MaybeUndefined<String>,
    /// A new official page, or `null` for none.
    url: MaybeUndefined<String>,
    /// A new delivery.
    delivery: Option<CourseDelivery>,
    /// The exams it prepares for, replacing the list.
    exams: Option<Vec<String>>,
    /// Echoed in the payload.
    client_mutation_id: Option<String>,
}

/// A course to delete.
#[derive(InputObject)]
pub struct DeleteCourseInput {
    /// The course to delete.
    code: String,
    /// The version the deletion is based on; refused with `CONFLICT` if it has changed since.
    expected_version: i32,
    /// Echoed in the payload.
    client_mutation_id: Option<String>,
}

/// The course mutations.
#[derive(Default)]
pub struct CourseMutations;

fn course(snap: &crate::Snap, code: &str) -> Option<Course> {
    snap.course_by_code(code).map(|id| Course::new(snap, id))
}

#[Object]
impl CourseMutations {
    /// Creates a course. Needs an `editor` key.
    async fn create_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateCourseInput,
    ) -> ApiResult<CreateCoursePayload> {
        editor(ctx)?;
        let mut problems = Problems::default();
        let code = inputs::course_code(&mut problems, &input.code);
        let url = inputs::url(&mut problems, "url", input.url.as_deref());
        let exams = inputs::exam_codes(&mut problems, &input.exams);
        let (Some(code), Some(url), true) = (code, url, problems.is_empty()) else {
            return Err(problems.into_error());
        };
        let record = Record {
            code,
            title: input.title,
            url,
            delivery: input.delivery.into(),
            exams,
        };
        let code = record.code.to_string();
        let locate = ExamsAt(&input.exams);
        let (snap, _) = commit(ctx, "createCourse", Edit::CreateCourse(record), &locate).await?;
        Ok(CreateCoursePayload {
            course: course(&snap, &code),
            client_mutation_id: input.client_mutation_id,
        })
    }

    /// Changes some of a course's fields, including which exams it prepares for. Needs an
    /// `editor` key.
    async fn update_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateCourseInput,
    ) -> ApiResult<UpdateCoursePayload> {
        editor(ctx)?;
        let mut problems = Problems::default();
        let url = clearable(input.url, |u| {
            inputs::url(&mut problems, "url", Some(&u)).flatten()
        });
        let exams = input
            .exams
            .as_deref()
            .map(|exams| inputs::exam_codes(&mut problems, exams));
        problems.finish()?;
        let edit = Edit::UpdateCourse {
            code: input.code.clone(),
            expected_version: input.expected_version,
            patch: CoursePatch {
                title: clearable(input.title, Some),
                url,
                delivery: input.delivery.map(Into::into),
                exams,
            },
        };
        let listed = input.exams.unwrap_or_default();
        let (snap, _) = commit(ctx, "updateCourse", edit, &ExamsAt(&listed)).await?;
        Ok(UpdateCoursePayload {
            course: course(&snap, &input.code),
            client_mutation_id: input.client_mutation_id,
        })
    }

    /// Deletes a course. Needs an `editor` key.
    async fn delete_course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteCourseInput,
    ) -> ApiResult<DeleteCoursePayload> {
        let deleted = delete(
            ctx,
            "deleteCourse",
            RecordKind::Course,
            &input.code,
            input.expected_version,
        )
        .await?;
        Ok(DeleteCoursePayload {
            deleted_code: deleted.code,
            deleted_id: deleted.id,
            version: deleted.version,
            client_mutation_id: input.client_mutation_id,
        })
    }
}
