//! `createExam`, `updateExam`, `deleteExam`.

use async_graphql::{Context, InputObject, MaybeUndefined, Object};
use certgraph_domain::Exam as Record;
use certgraph_store::{Edit, ExamPatch, RecordKind};

use super::inputs::{self, clearable};
use super::payloads::{CreateExamPayload, DeleteExamPayload, UpdateExamPayload};
use super::problems::Problems;
use super::{commit, delete, editor, Nowhere};
use crate::error::ApiResult;
use crate::objects::{Exam, ExamStatus};

/// A new exam.
#[derive(InputObject)]
pub struct CreateExamInput {
    /// Its code, e.g. `AZ-104` (stored upper case).
    code: String,
    /// Its title.
    title: Option<String>,
    /// Its official page (http or https).
    url: Option<String>,
    /// Whether it can be taken.
    #[graphql(default_with = "ExamStatus::Live")]
    status: ExamStatus,
    /// Echoed in the payload, for the client's own bookkeeping.
    client_mutation_id: Option<String>,
}

/// Changes to an exam: only the fields given change; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateExamInput {
    /// The exam to change.
    code: String,
    /// The version the change is based on; refused with `CONFLICT` if it has changed since.
    expected_version: i32,
    /// A new title, or `null` for none.
    title: MaybeUndefined<String>,
    /// A new official page, or `null` for none.
    url: MaybeUndefined<String>,
    /// A new status.
    status: Option<ExamStatus>,
    /// Echoed in the payload.
    client_mutation_id: Option<String>,
}

/// An exam to delete.
#[derive(InputObject)]
pub struct DeleteExamInput {
    /// The exam to delete; refused with `IN_USE` while a requirement or a course names it.
    code: String,
    /// The version the deletion is based on; refused with `CONFLICT` if it has changed since.
    expected_version: i32,
    /// Echoed in the payload.
    client_mutation_id: Option<String>,
}

/// The exam mutations.
#[derive(Default)]
pub struct ExamMutations;

fn exam(snap: &crate::Snap, code: &str) -> Option<Exam> {
    snap.exam_by_code(code).map(|id| Exam::new(snap, id))
}

#[Object]
impl ExamMutations {
    /// Creates an exam. Needs an `editor` key.
    async fn create_exam(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateExamInput,
    ) -> ApiResult<CreateExamPayload> {
        editor(ctx)?;
        let mut problems = Problems::default();
        let code = inputs::exam_code(&mut problems, &input.code);
        let url = inputs::url(&mut problems, "url", input.url.as_deref());
        let (Some(code), Some(url), true) = (code, url, problems.is_empty()) else {
            return Err(problems.into_error());
        };
        let record = Record {
            code,
            title: input.title,
            url,
            status: input.status.into(),
        };
        let code = record.code.to_string();
        let (snap, _) = commit(ctx, "createExam", Edit::CreateExam(record), &Nowhere).await?;
        Ok(CreateExamPayload {
            exam: exam(&snap, &code),
            client_mutation_id: input.client_mutation_id,
        })
    }

    /// Changes some of an exam's fields. Needs an `editor` key.
    async fn update_exam(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateExamInput,
    ) -> ApiResult<UpdateExamPayload> {
        editor(ctx)?;
        let mut problems = Problems::default();
        let url = clearable(input.url, |u| {
            inputs::url(&mut problems, "url", Some(&u)).flatten()
        });
        problems.finish()?;
        let edit = Edit::UpdateExam {
            code: input.code.clone(),
            expected_version: input.expected_version,
            patch: ExamPatch {
                title: clearable(input.title, Some),
                url,
                status: input.status.map(Into::into),
            },
        };
        let (snap, _) = commit(ctx, "updateExam", edit, &Nowhere).await?;
        Ok(UpdateExamPayload {
            exam: exam(&snap, &input.code),
            client_mutation_id: input.client_mutation_id,
        })
    }

    /// Deletes an exam no requirement and no course names. Needs an `editor` key.
    async fn delete_exam(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteExamInput,
    ) -> ApiResult<DeleteExamPayload> {
        let deleted = delete(
            ctx,
            "deleteExam",
            RecordKind::Exam,
            &input.code,
            input.expected_version,
        )
        .await?;
        Ok(DeleteExamPayload {
            deleted_code: deleted.code,
            deleted_id: deleted.id,
            version: deleted.version,
            client_mutation_id: input.client_mutation_id,
        })
    }
}
