//! `createCertification`, `updateCertification`, `setRequirements`, `deleteCertification`.

use async_graphql::{Context, InputObject, MaybeUndefined, Object};
use certgraph_domain::Certification as Record;
use certgraph_store::{CertificationPatch, Edit, RecordKind};

use super::inputs::{self, clearable, GroupsAt, ImageInput, RequirementGroupInput};
use super::payloads::{
    CreateCertificationPayload, DeleteCertificationPayload, SetRequirementsPayload,
    UpdateCertificationPayload,
};
use super::problems::Problems;
use super::{commit, delete, editor};
use crate::error::ApiResult;
use crate::objects::{Certification, CertificationLevel, CertificationStatus};

/// A new certification.
#[derive(InputObject)]
pub struct CreateCertificationInput {
    /// Its code: a lower-case slug, e.g. `devops-engineer`.
    code: String,
    /// Its full name.
    name: String,
    /// How senior it is.
    level: CertificationLevel,
    /// What it covers, as Markdown.
    description: Option<String>,
    /// Its official page (http or https).
    url: Option<String>,
    /// A picture of its path.
    path_image: Option<ImageInput>,
    /// Whether it can be earned.
    #[graphql(default_with = "CertificationStatus::Active")]
    status: CertificationStatus,
    /// Its requirement groups, each satisfied for the certification to be earned.
    #[graphql(default)]
    requirements: Vec<RequirementGroupInput>,
    /// Echoed in the payload, for the client's own bookkeeping.
    client_mutation_id: Option<String>,
}

/// Changes to a certification: only the fields given change; `null` clears an optional one.
#[derive(InputObject)]
pub struct UpdateCertificationInput {
    /// The certification to change.
    code: String,
    /// The version the change is based on; refused with `CONFLICT` if it has changed since.
    expected_version: i32,
    /// A new full name.
    name: Option<String>,
    /// A new level.
    level: Option<CertificationLevel>,
    /// A new description (Markdown), or `null` for none.
    description: MaybeUndefined<String>,
    /// A new official page, or `null` for none.
    url: MaybeUndefined<String>,
    /// A new path picture, or `null` for none.
    path_image: MaybeUndefined<ImageInput>,
    /// A new status.
    status: Option<CertificationStatus>,
    /// New requirement groups, replacing all of them (as `setRequirements` does).
    requirements: Option<Vec<RequirementGroupInput>>,
    /// Echoed in the payload.
    client_mutation_id: Option<String>,
}

/// A certification's requirement groups, replaced whole.
#[derive(InputObject)]
pub struct SetRequirementsInput {
    /// The certification whose requirements change.
    code: String,
    /// The version the change is based on; refused with `CONFLICT` if it has changed since.
    expected_version: i32,
    /// The new groups, in order; `[]` for none.
    groups: Vec<RequirementGroupInput>,
    /// Echoed in the payload.
    client_mutation_id: Option<String>,
}

/// A certification to delete.
#[derive(InputObject)]
pub struct DeleteCertificationInput {
    /// The certification to delete; refused with `IN_USE` while another requires it.
    code: String,
    /// The version the deletion is based on; refused with `CONFLICT` if it has changed since.
    expected_version: i32,
    /// Echoed in the payload.
    client_mutation_id: Option<String>,
}

/// The certification mutations.
#[derive(Default)]
pub struct CertificationMutations;

fn certification(snap: &crate::Snap, code: &str) -> Option<Certification> {
    snap.certification_by_code(code)
        .map(|id| Certification::new(snap, id))
}

#[Object]
impl CertificationMutations {
    /// Creates a certification. Needs an `editor` key.
    async fn create_certification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: CreateCertificationInput,
    ) -> ApiResult<CreateCertificationPayload> {
        editor(ctx)?;
        let mut problems = Problems::default();
        let code = inputs::certification_code(&mut problems, &input.code);
        let name = inputs::name(&mut problems, "name", input.name);
        let url = inputs::url(&mut problems, "url", input.url.as_deref());
        let requirements = inputs::groups(&mut problems, "requirements", &input.requirements);
        let (Some(code), Some(url), true) = (code, url, problems.is_empty()) else {
            return Err(problems.into_error());
        };
        let record = Record {
            code,
            name,
            level: input.level.into(),
            description: input.description,
            url,
            path_image: input.path_image.map(Into::into),
            status: input.status.into(),
            requirements,
        };
        let code = record.code.to_string();
        let locate = GroupsAt {
            field: "requirements",
            groups: &input.requirements,
        };
        let (snap, _) = commit(
            ctx,
            "createCertification",
            Edit::CreateCertification(record),
            &locate,
        )
        .await?;
        Ok(CreateCertificationPayload {
            certification: certification(&snap, &code),
            client_mutation_id: input.client_mutation_id,
        })
    }

    /// Changes some of a certification's fields. Needs an `editor` key.
    async fn update_certification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateCertificationInput,
    ) -> ApiResult<UpdateCertificationPayload> {
        editor(ctx)?;
        let mut problems = Problems::default();
        let url = clearable(input.url, |u| {
            inputs::url(&mut problems, "url", Some(&u)).flatten()
        });
        let name = input.name.map(|n| inputs::name(&mut problems, "name", n));
        let requirements = input
            .requirements
            .as_deref()
            .map(|groups| inputs::groups(&mut problems, "requirements", groups));
        problems.finish()?;
        let patch = CertificationPatch {
            name,
            level: input.level.map(Into::into),
            description: clearable(input.description, Some),
            url,
            path_image: clearable(input.path_image, |i| Some(i.into())),
            status: input.status.map(Into::into),
            requirements,
        };
        let edit = Edit::UpdateCertification {
            code: input.code.clone(),
            expected_version: input.expected_version,
            patch,
        };
        let groups = input.requirements.unwrap_or_default();
        let locate = GroupsAt {
            field: "requirements",
            groups: &groups,
        };
        let (snap, _) = commit(ctx, "updateCertification", edit, &locate).await?;
        Ok(UpdateCertificationPayload {
            certification: certification(&snap, &input.code),
            client_mutation_id: input.client_mutation_id,
        })
    }

    /// Replaces a certification's requirement groups. Refused with `CYCLE` (and the cycle's
    /// `path` in `extensions`) when a requirement would, through others, require the
    /// certification itself. Needs an `editor` key.
    async fn set_requirements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: SetRequirementsInput,
    ) -> ApiResult<SetRequirementsPayload> {
        editor(ctx)?;
        let mut problems = Problems::default();
        let groups = inputs::groups(&mut problems, "groups", &input.groups);
        problems.finish()?;
        let edit = Edit::UpdateCertification {
            code: input.code.clone(),
            expected_version: input.expected_version,
            patch: CertificationPatch {
                requirements: Some(groups),
                ..CertificationPatch::default()
            },
        };
        let locate = GroupsAt {
            field: "groups",
            groups: &input.groups,
        };
        let (snap, _) = commit(ctx, "setRequirements", edit, &locate).await?;
        Ok(SetRequirementsPayload {
            certification: certification(&snap, &input.code),
            client_mutation_id: input.client_mutation_id,
        })
    }

    /// Deletes a certification no other certification requires. Needs an `editor` key.
    async fn delete_certification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: DeleteCertificationInput,
    ) -> ApiResult<DeleteCertificationPayload> {
        let deleted = delete(
            ctx,
            "deleteCertification",
            RecordKind::Certification,
            &input.code,
            input.expected_version,
        )
        .await?;
        Ok(DeleteCertificationPayload {
            deleted_code: deleted.code,
            deleted_id: deleted.id,
            version: deleted.version,
            client_mutation_id: input.client_mutation_id,
        })
    }
}
