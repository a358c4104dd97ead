use async_graphql::{Context, Object, SimpleObject};
use certgraph_store::CertificationRow;

use super::{loaders, CertificationLevel, CertificationStatus, RequirementGroup};
use crate::error::{ApiResult, ResultExt};
use crate::loaders::GroupsOf;

/// A professional certification, earned when every one of its requirement groups is satisfied.
pub struct Certification(pub CertificationRow);

/// An image, such as a certification's path diagram.
#[derive(SimpleObject)]
pub struct Image {
    /// Where the image is, as the source gives it (may be relative to the source document).
    url: String,
    /// The image's alternative text.
    alt: String,
}

#[Object]
impl Certification {
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
    async fn requirements(&self, ctx: &Context<'_>) -> ApiResult<Vec<RequirementGroup>> {
        let groups = loaders(ctx)?.load_one(GroupsOf(self.0.id)).await.api()?;
        Ok(groups
            .unwrap_or_default()
            .into_iter()
            .map(RequirementGroup)
            .collect())
    }
}
