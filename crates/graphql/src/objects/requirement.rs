//! Requirement groups and the union of what they may ask for, as GraphQL objects.

use async_graphql::{Object, Union, ID};
use certgraph_snapshot::{CertId, Group};

use super::{requirement, Certification, Exam, RequirementKind, Snap};
use crate::ids::GlobalId;

/// Something a requirement group can ask for: a certification or an exam.
#[derive(Union)]
pub enum Requirement {
    Certification(Certification),
    Exam(Exam),
}

/// One group of a certification's requirements: `ALL_OF` or `ONE_OF` its items.
pub struct RequirementGroup {
    snap: Snap,
    certification: CertId,
    position: u32,
}

impl RequirementGroup {
    pub(crate) fn new(snap: &Snap, certification: CertId, position: u32) -> Self {
        Self {
            snap: snap.clone(),
            certification,
            position,
        }
    }

    fn group(&self) -> &Group {
        &self.snap.certification(self.certification).groups[self.position as usize]
    }
}

/// One group of a certification's requirements: `ALL_OF` or `ONE_OF` its items.
#[Object]
impl RequirementGroup {
    /// Global, opaque ID (for `node(id:)`): its certification and position, so it stays
    /// the same across re-imports and edits of the certification.
    pub(crate) async fn id(&self) -> ID {
        let code = self
            .snap
            .certification(self.certification)
            .record
            .code
            .to_string();
        ID(GlobalId::RequirementGroup(code, self.position + 1).encode())
    }

    /// The certification this group belongs to.
    async fn certification(&self) -> Option<Certification> {
        Some(Certification::new(&self.snap, self.certification))
    }

    /// Whether every item is needed or any one is enough.
    async fn kind(&self) -> RequirementKind {
        self.group().kind.into()
    }

    /// The group's place among its certification's groups, from 1.
    async fn position(&self) -> i32 {
        self.position as i32 + 1
    }

    /// The items, in order.
    #[graphql(complexity = "crate::cost::related(crate::cost::Edge::Items, child_complexity)")]
    async fn items(&self) -> Vec<Requirement> {
        self.group()
            .items
            .iter()
            .map(|&item| requirement(&self.snap, item))
            .collect()
    }
}
