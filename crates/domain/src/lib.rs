//! The certification catalog's domain: validated codes, the catalog's types, and the
//! graph algorithms over prerequisite edges. Pure: no I/O, no database, no GraphQL.

mod catalog;
mod codes;
mod error;
mod graph;
mod model;
pub mod planner;

pub use catalog::{Catalog, CatalogProblem};
pub use codes::{CertificationCode, CourseCode, ExamCode, WebUrl};
pub use error::DomainError;
pub use graph::{cycle_through, find_cycle, PrerequisiteEdge};
pub use model::{
    Certification, CertificationStatus, Course, Delivery, Exam, ExamStatus, GroupKind, Image, Level,
    RequirementGroup, RequirementItem,
};
pub use planner::{
    eligible, eligible_spending, plan, plan_jointly_spending, plan_spending, Eligibility, Holdings, Plan,
    PlanAlternative, PlanError, PlanLimits, PlanStep, RequirementGraph,
};
