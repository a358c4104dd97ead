//! The Relay `Node` interface, so any object with a global ID can be fetched again by it.

use async_graphql::{Interface, ID};

use super::{Certification, Course, Exam, RequirementGroup};

/// An object with a global, opaque `id` that `node(id:)` finds again (Relay).
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "The object's global, opaque ID."))]
pub enum Node {
    Certification(Certification),
    Exam(Exam),
    Course(Course),
    RequirementGroup(RequirementGroup),
}
