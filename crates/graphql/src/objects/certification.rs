//! The `Certification` GraphQL object: a snapshot record wrapped with the fields clients
//! ask for (requirements, path image, global ID).

use async_graphql::{Context, Object, SimpleObject, ID};
use certgraph_snapshot::{CertId, CertificationNode};

use super::{
    certifications, exams, traversal_depth, CertificationLevel, CertificationStatus, Exam, RequirementGroup,
    Snap,
};
use crate::diagrams::DiagramFormat;
use crate::error::{ApiError, ApiResult};
use crate::ids::GlobalId;

/// A professional certification, earned when every one of its requirement groups is satisfied.
#[derive(Clone)]
pub struct Certification {
    snap: Snap,
    pub(crate) id: CertId,
}

impl Certification {
    pub(crate) fn new(snap: &Snap, id: CertId) -> Self {
        Self {
            snap: snap.clone(),
            id,
        }
    }

    pub(crate) fn node(&self) -> &CertificationNode {
        self.snap.certification(self.id)
    }
}

/// The address clients reach the server at (`--public-url`), when configured: URLs the API
/// hands out are then absolute.
pub struct PublicUrl(pub String);

/// An image, such as a certification's path diagram.
#[derive(SimpleObject)]
// A plain value type other subgraphs may define too: `@shareable` lets them compose.
#[graphql(shareable)]
pub struct Image {
    /// Where the image is: for a path diagram, the server's live drawing (absolute when the server
    /// has a public URL configured, else relative to the server).
    url: String,
    /// The image's alternative text.
    alt: String,
}

/// A professional certification, earned when every one of its requirement groups is satisfied.
#[Object]
impl Certification {
    /// Global, opaque ID (for `node(id:)`).
    pub(crate) async fn id(&self) -> ID {
        ID(GlobalId::Certification(self.node().record.code.to_string()).encode())
    }

    /// The certification's own version: 1 when created, one more on every change. Send it as
    /// `expectedVersion` when changing it.
    async fn version(&self) -> i32 {
        self.snap.certification_revision(self.id).version
    }

    /// When the certification last changed (RFC 3339, UTC).
    async fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
        super::time(self.snap.certification_revision(self.id).updated_at_ms)
    }

    /// Stable slug taken from the certification's URL, e.g. `devops-engineer`.
    async fn code(&self) -> &str {
        self.node().record.code.as_str()
    }

    /// Full name, e.g. `DevOps Engineer Expert`.
    async fn name(&self) -> &str {
        &self.node().record.name
    }

    /// How senior the certification is.
    async fn level(&self) -> CertificationLevel {
        self.node().record.level.into()
    }

    /// What the certification covers, as Markdown; `null` when the source has none.
    async fn description(&self) -> Option<&str> {
        self.node().record.description.as_deref()
    }

    /// The certification's official page.
    async fn url(&self) -> Option<&str> {
        self.node().record.url.as_ref().map(|u| u.as_str())
    }

    /// A diagram of the path to this certification, drawn from the live graph (`GET
    /// /certifications/{code}/path.svg`); every certification has one.
    async fn path_image(&self, ctx: &Context<'_>) -> Option<Image> {
        let record = &self.node().record;
        let base = ctx.data_opt::<PublicUrl>().map_or("", |b| b.0.as_str());
        let alt = match &record.path_image {
            Some(seed) => seed.alt.clone(),
            None => format!("The path to {}", record.name),
        };
        Some(Image {
            url: format!("{base}/certifications/{}/path.svg", record.code),
            alt,
        })
    }

    /// The certification's path as a diagram drawn from the live graph: its requirement
    /// groups ("all of", "one of"), the certifications and exams in them down to the exams,
    /// and each exam's courses. With `holding`, what is held is highlighted, and the exams
    /// `plan` would still have one pass.
    async fn path_diagram(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "DiagramFormat::Svg",
            desc = "How to write it: an SVG picture, or Mermaid or DOT text."
        )]
        format: DiagramFormat,
        #[graphql(
            default,
            desc = "Certification and exam codes already held (case-insensitive)."
        )]
        holding: Vec<String>,
    ) -> ApiResult<String> {
        let (snap, id, limits) = (self.snap.clone(), self.id, crate::objects::limits(ctx));
        let drawn = tokio::task::spawn_blocking(move || {
            crate::diagrams::path_diagram(&snap, id, &holding, &limits, format)
        })
        .await;
        match drawn {
            Ok(Ok((diagram, work))) => {
                // Charged like `plan`'s search (see `spent`).
                if let Some(spent) = ctx.data_opt::<crate::spent::PlannerWork>() {
                    spent.add(work);
                }
                Ok(diagram)
            }
            Ok(Err(e)) => Err(e),
            Err(e) => Err(ApiError::Internal(format!("diagram task failed: {e}")).into_gql()),
        }
    }

    /// Whether the certification can still be earned.
    async fn status(&self) -> CertificationStatus {
        self.node().record.status.into()
    }

    /// The requirement groups, in order. The certification is earned when every group is satisfied.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::Groups, child_complexity)")]
    async fn requirements(&self) -> Vec<RequirementGroup> {
        let groups = 0..self.node().groups.len() as u32;
        groups
            .map(|g| RequirementGroup::new(&self.snap, self.id, g))
            .collect()
    }

    /// Certifications this one requires: direct ones (named in its groups), or with
    /// `transitive: true` every certification below it, each once, nearest first.
    #[graphql(
        complexity = "crate::cost::traversal(transitive, crate::cost::Edge::CertificationsBelow, child_complexity)"
    )]
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
        let traversal = self.snap.walk(&[self.id], depth);
        Ok(certifications(&self.snap, traversal.certifications))
    }

    /// Exams named in this certification's groups, or with `transitive: true` every exam
    /// anywhere below it; each once, nearest first.
    #[graphql(
        complexity = "crate::cost::traversal(transitive, crate::cost::Edge::ExamsBelow, child_complexity)"
    )]
    async fn required_exams(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false, desc = "Include the exams of prerequisites, to any depth.")]
        transitive: bool,
    ) -> ApiResult<Vec<Exam>> {
        let depth = traversal_depth(ctx, transitive, None)?;
        let traversal = self.snap.walk(&[self.id], depth);
        Ok(exams(&self.snap, traversal.exams))
    }

    /// Certifications that list this one as a requirement (the reverse edges), by code.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::Unlocks, child_complexity)")]
    async fn unlocks(&self) -> Vec<Certification> {
        certifications(&self.snap, self.node().unlocks.iter().copied())
    }
}
