//! Prefetching for lists. A DataLoader batches whatever keys arrive within its delay, so
//! on a busy server one level of a large list can split into several batches. A list
//! resolver knows every row of its page, so it loads each relation the query selects
//! (looked ahead) for all rows at once, one statement per relation, and the children
//! then find their data in the request's loader cache.

use std::collections::HashSet;

use async_graphql::{Context, Lookahead};
use certgraph_store::{CertificationRow, ItemTarget};

use crate::error::{ApiResult, ResultExt};
use crate::loaders::{CertificationId, CoursesFor, ExamId, GroupsOf, ItemsOf, UnlockedBy};
use crate::Loaders;

/// The selections under a connection's nodes, by `nodes` or `edges { node }`.
fn node_selections<'a>(ctx: &'a Context<'_>) -> [Lookahead<'a>; 2] {
    let here = ctx.look_ahead();
    [here.field("nodes"), here.field("edges").field("node")]
}

fn selects(nodes: &[Lookahead<'_>], path: &[&str]) -> bool {
    nodes.iter().any(|node| {
        let mut at = node.field(path[0]);
        for name in &path[1..] {
            at = at.field(name);
        }
        at.exists()
    })
}

/// Loads, for a page of certifications, every relation the query selects below it.
pub async fn certification_page(
    ctx: &Context<'_>,
    loaders: &Loaders,
    rows: &[CertificationRow],
) -> ApiResult<()> {
    certifications(&node_selections(ctx), loaders, rows).await
}

/// Loads, for certifications whose selections are `nodes`, every relation selected below
/// them (also used for a federation `_entities` batch).
pub async fn certifications(
    nodes: &[Lookahead<'_>],
    loaders: &Loaders,
    rows: &[CertificationRow],
) -> ApiResult<()> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    if selects(nodes, &["requirements", "items"]) {
        let groups = loaders
            .load_many(ids.iter().map(|&id| GroupsOf(id)))
            .await
            .api()?;
        let group_ids = groups.values().flatten().map(|g| ItemsOf(g.id));
        let items = loaders.load_many(group_ids).await.api()?;
        let mut certs = HashSet::new();
        let mut exams = HashSet::new();
        for item in items.values().flatten() {
            match item.target {
                ItemTarget::Certification(id) => certs.insert(CertificationId(id)),
                ItemTarget::Exam(id) => exams.insert(ExamId(id)),
            };
        }
        loaders.load_many(certs).await.api()?;
        if selects(nodes, &["requirements", "items", "courses"]) {
            loaders
                .load_many(exams.iter().map(|e| CoursesFor(e.0)))
                .await
                .api()?;
        }
        loaders.load_many(exams).await.api()?;
    } else if selects(nodes, &["requirements"]) {
        loaders
            .load_many(ids.iter().map(|&id| GroupsOf(id)))
            .await
            .api()?;
    }
    if selects(nodes, &["unlocks"]) {
        let unlocked = loaders
            .load_many(ids.iter().map(|&id| UnlockedBy(id)))
            .await
            .api()?;
        loaders
            .load_many(unlocked.values().flatten().map(|&id| CertificationId(id)))
            .await
            .api()?;
    }
    Ok(())
}
