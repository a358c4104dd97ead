//! Path diagrams for GraphQL (`Certification.pathDiagram`) and HTTP (`path.svg`): a
//! certification's path, highlighting a holding and the exams the planner would still have
//! one pass — the same planner and the same answer as `plan`.

use async_graphql::Enum;
use certgraph_diagram::{Format, Highlight, PathDiagram};
use certgraph_domain::PlanLimits;
use certgraph_snapshot::CertId;

use crate::error::ApiResult;
use crate::objects::Snap;
use crate::planning::{check_codes, holdings, plan_as_answered};
use crate::query::explain::{earned_by_holding, held_ids};
use crate::Limits;

/// How a path diagram is written.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagramFormat {
    /// An SVG picture, laid out and ready to show.
    Svg,
    /// Mermaid flowchart text.
    Mermaid,
    /// Graphviz DOT text.
    Dot,
}

impl From<DiagramFormat> for Format {
    fn from(format: DiagramFormat) -> Self {
        match format {
            DiagramFormat::Svg => Format::Svg,
            DiagramFormat::Mermaid => Format::Mermaid,
            DiagramFormat::Dot => Format::Dot,
        }
    }
}

/// The path diagram of `certification`, highlighting `holding` (codes, case-insensitive;
/// unknown ones are `BAD_USER_INPUT`) and what a plan would still have one pass, with the
/// planner's work steps (0 without a holding), for the caller to charge. Plans within
/// `max_work` steps; CPU-bound, so callers run it off the async runtime.
pub fn path_diagram(
    snap: &Snap,
    certification: CertId,
    holding: &[String],
    limits: &Limits,
    format: DiagramFormat,
) -> ApiResult<(String, u64)> {
    check_codes("holding", holding, limits.max_batch_keys)?;
    let (highlight, work) = match holding.is_empty() {
        true => (Highlight::default(), 0),
        false => highlight(snap, certification, holding, limits.max_plan_work)?,
    };
    Ok((
        PathDiagram::of(snap, certification, &highlight).render(format.into()),
        work,
    ))
}

fn highlight(
    snap: &Snap,
    certification: CertId,
    holding: &[String],
    max_work: u64,
) -> ApiResult<(Highlight, u64)> {
    let held = holdings(snap, holding)?;
    let (held_exams, held_directly) = held_ids(snap, &held);
    let limits = PlanLimits {
        max_work,
        ..PlanLimits::default()
    };
    // `plan`'s own answer: with no live path, the cheapest path through retired exams.
    let (plan, work) = plan_as_answered(snap, &[certification], &held, &limits);
    let plan = plan.map_err(crate::query::plan::plan_error)?;
    let to_pass = plan
        .exams()
        .filter_map(|e| snap.exam_by_code(e.as_str()))
        .collect();
    let highlight = Highlight {
        held_certifications: earned_by_holding(snap, &[certification], &held_exams, &held_directly),
        held_exams,
        to_pass,
    };
    Ok((highlight, work))
}
