use std::collections::HashMap;

use async_graphql::{Context, Object, Union, ID};
use certgraph_store::{GroupRow, ItemTarget};

use super::{loaders, Certification, Exam, RequirementKind};
use crate::error::{ApiResult, ResultExt};
use crate::ids::GlobalId;
use crate::loaders::{CertificationId, ExamId, ItemsOf};

/// Something a requirement group can ask for: a certification or an exam.
#[derive(Union)]
pub enum Requirement {
    Certification(Certification),
    Exam(Exam),
}

/// One group of a certification's requirements: `ALL_OF` or `ONE_OF` its items.
pub struct RequirementGroup(pub GroupRow);

/// One group of a certification's requirements: `ALL_OF` or `ONE_OF` its items.
#[Object]
impl RequirementGroup {
    /// Global, opaque ID (for `node(id:)`).
    pub(crate) async fn id(&self) -> ID {
        ID(GlobalId::RequirementGroup(self.0.id).encode())
    }

    /// The certification this group belongs to.
    async fn certification(&self, ctx: &Context<'_>) -> ApiResult<Option<Certification>> {
        let row = loaders(ctx)?
            .load_one(CertificationId(self.0.certification_id))
            .await
            .api()?;
        Ok(row.map(Certification))
    }

    /// Whether every item is needed or any one is enough.
    async fn kind(&self) -> RequirementKind {
        self.0.kind.into()
    }

    /// The group's place among its certification's groups, from 1.
    async fn position(&self) -> i32 {
        self.0.position + 1
    }

    /// The items, in order.
    #[graphql(complexity = "crate::cost::related(child_complexity)")]
    async fn items(&self, ctx: &Context<'_>) -> ApiResult<Vec<Requirement>> {
        let loaders = loaders(ctx)?;
        let items = loaders
            .load_one(ItemsOf(self.0.id))
            .await
            .api()?
            .unwrap_or_default();
        let cert_ids = items.iter().filter_map(|i| match i.target {
            ItemTarget::Certification(id) => Some(CertificationId(id)),
            ItemTarget::Exam(_) => None,
        });
        let exam_ids = items.iter().filter_map(|i| match i.target {
            ItemTarget::Exam(id) => Some(ExamId(id)),
            ItemTarget::Certification(_) => None,
        });
        let (mut certs, mut exams): (HashMap<_, _>, HashMap<_, _>) =
            tokio::try_join!(loaders.load_many(cert_ids), loaders.load_many(exam_ids)).api()?;
        Ok(items
            .iter()
            .filter_map(|i| match i.target {
                ItemTarget::Certification(id) => certs
                    .remove(&CertificationId(id))
                    .map(|r| Requirement::Certification(Certification(r))),
                ItemTarget::Exam(id) => exams.remove(&ExamId(id)).map(|r| Requirement::Exam(Exam(r))),
            })
            .collect())
    }
}
