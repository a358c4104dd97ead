//! Human-readable reasons why a target can never be earned.

use std::collections::HashSet;

use super::analysis::{group_status, Analysis, Context, Status, Why};
use super::requirement_graph::Node;
use crate::ExamStatus;

/// The root causes below `target`, depth first in requirement order, each once.
pub(crate) fn unachievable_reasons(ctx: &Context<'_>, analysis: &Analysis, target: u32) -> Vec<String> {
    let mut reasons = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![Node::Cert(target)];
    while let Some(node) = stack.pop() {
        if !seen.insert(node) {
            continue;
        }
        match node {
            Node::Exam(exam) => reasons.extend(exam_reason(ctx, exam)),
            Node::Cert(cert) => {
                let why = analysis.cert_state(ctx, cert).why;
                if let Some(reason) = why.and_then(|why| cert_reason(ctx, cert, why)) {
                    reasons.push(reason);
                } else if why == Some(Why::Requirements) {
                    let mut blocking = blocking_items(ctx, analysis, cert);
                    blocking.reverse();
                    stack.extend(blocking);
                }
            }
        }
    }
    reasons
}

/// The items of `cert`'s impossible groups that are impossible themselves, in order.
fn blocking_items(ctx: &Context<'_>, analysis: &Analysis, cert: u32) -> Vec<Node> {
    let lookup = |item| analysis.item_status(ctx, item);
    ctx.graph
        .cert(cert)
        .map(|entry| {
            entry
                .groups
                .iter()
                .filter(|g| group_status(g, lookup) == Status::Impossible)
                .flat_map(|g| g.items.iter().copied())
                .filter(|&item| lookup(item) == Status::Impossible)
                .collect()
        })
        .unwrap_or_default()
}

fn cert_reason(ctx: &Context<'_>, cert: u32, why: Why) -> Option<String> {
    let code = ctx.graph.cert_code(cert);
    match why {
        Why::Retired => Some(format!("certification {code} is retired")),
        Why::NoRequirements => Some(format!(
            "certification {code} has no requirements, so it cannot be earned"
        )),
        Why::Cycle => Some(format!("certification {code} is part of a prerequisite cycle")),
        Why::Unknown => Some(format!("certification {code} is not in the catalog")),
        Why::Requirements => None,
    }
}

fn exam_reason(ctx: &Context<'_>, exam: u32) -> Option<String> {
    let code = ctx.graph.exam_code(exam);
    match ctx.graph.exam_status(exam) {
        None => Some(format!("exam {code} is not in the catalog")),
        Some(ExamStatus::Retired) => Some(format!("exam {code} is retired")),
        Some(ExamStatus::Live | ExamStatus::Beta) => None,
    }
}
