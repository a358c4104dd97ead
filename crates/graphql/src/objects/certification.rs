use async_graphql::{Context, Object, SimpleObject, ID};
use certgraph_store::CertificationRow;

use super::{
    certifications_by_code, certifications_in_order, exams_in_order, loaders, traversal_depth,
    CertificationLevel, CertificationStatus, Exam, RequirementGroup,
};
use crate::error::{ApiResult, ResultExt};
use crate::ids::GlobalId;
use crate::loaders::{GroupsOf, UnlockedBy};
use crate::traverse::walk;

/// A professional certification, earned when every one of its requirement groups is satisfied.
pub struct Certification(pub CertificationRow);

/// An image, such as a certification's path diagram.
#[derive(SimpleObject)]
// A plain value type other subgraphs may define too: `@shareable` lets them compose.
#[graphql(shareable)]
pub struct Image {
    /// Where the image is, as the source gives it (may be relative to the source document).
    url: String,
    /// The image's alternative text.
    alt: String,
}

/// A professional certification, earned when every one of its requirement groups is satisfied.
#[Object]
impl Certification {
    /// Global, opaque ID (for `node(id:)`).
    pub(crate) async fn id(&self) -> ID {
        ID(GlobalId::Certification(self.0.code.to_string()).encode())
    }

    /// Stable slug taken from the certification's URL, e.g. `devops-engineer`.
    async fn code(&self) -> &str {
        self.0.code.as_str()
    }

    /// Full name, e.g. `DevOps Engineer Expert`.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// How senior the certification is.
    async fn level(&self) -> CertificationLevel {
        self.0.level.into()
    }

    /// What the certification covers, as Markdown; `null` when the source has none.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// The certification's official page.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_ref().map(|u| u.as_str())
    }

    /// A diagram of the path to this certification.
    async fn path_image(&self) -> Option<Image> {
        self.0.path_image.as_ref().map(|i| Image {
            url: i.url.clone(),
            alt: i.alt.clone(),
        })
    }

    /// Whether the certification can still be earned.
    async fn status(&self) -> CertificationStatus {
        self.0.status.into()
    }

    /// The requirement groups, in order. The certification is earned when every group is satisfied.
    #[graphql(complexity = "crate::cost::related(child_complexity)")]
    async fn requirements(&self, ctx: &Context<'_>) -> ApiResult<Vec<RequirementGroup>> {
        let groups = loaders(ctx)?.load_one(GroupsOf(self.0.id)).await.api()?;
        Ok(groups
            .unwrap_or_default()
            .into_iter()
            .map(RequirementGroup)
            .collect())
    }

    /// Certifications this one requires: direct ones (named in its groups), or with
    /// `transitive: true` every certification below it, each once, nearest first.
    #[graphql(complexity = "crate::cost::traversal(transitive, child_complexity)")]
    async fn prerequisites(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false, desc = "Follow prerequisites of prerequisites.")] transitive: bool,
        #[graphql(
            desc = "How many levels to follow when transitive (at least 1; clamped to the server maximum)."
        )]
        max_depth: Option<i32>,
    ) -> ApiResult<Vec<Certification>> {
        let depth = traversal_depth(ctx, transitive, max_depth)?;
        let loaders = loaders(ctx)?;
        let traversal = walk(loaders, &[self.0.id], depth).await?;
        certifications_in_order(loaders, &traversal.certifications).await
    }

    /// Exams named in this certification's groups, or with `transitive: true` every exam
    /// anywhere below it; each once, nearest first.
    #[graphql(complexity = "crate::cost::traversal(transitive, child_complexity)")]
    async fn required_exams(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false, desc = "Include the exams of prerequisites, to any depth.")]
        transitive: bool,
    ) -> ApiResult<Vec<Exam>> {
        let depth = traversal_depth(ctx, transitive, None)?;
        let loaders = loaders(ctx)?;
        let traversal = walk(loaders, &[self.0.id], depth).await?;
        exams_in_order(loaders, &traversal.exams).await
    }

    /// Certifications that list this one as a requirement (the reverse edges), by code.
    #[graphql(complexity = "crate::cost::related(child_complexity)")]
    async fn unlocks(&self, ctx: &Context<'_>) -> ApiResult<Vec<Certification>> {
        let loaders = loaders(ctx)?;
        let ids = loaders
            .load_one(UnlockedBy(self.0.id))
            .await
            .api()?
            .unwrap_or_default();
        certifications_by_code(loaders, &ids).await
    }
}
