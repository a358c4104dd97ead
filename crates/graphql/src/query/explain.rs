//! Why a plan is what it is: for each certification it relies on, how each requirement group
//! is met — by what is already held, by an exam of the plan, or by a certification the plan
//! earns — and which held certifications it uses, said once as data and once as a sentence.
//! Computed from the snapshot when asked, so `eligible`'s many plans cost nothing until a
//! client selects an explanation.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use async_graphql::{Enum, SimpleObject};
use certgraph_domain::{GroupKind, Holdings};
use certgraph_snapshot::{CertId, ExamId, ItemRef};

use crate::objects::{requirement, Certification, Requirement, RequirementGroup, Snap};

/// How a requirement group is met.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SatisfiedHow {
    /// By what is already held alone.
    Held,
    /// By exams of this plan (and perhaps some of what is held).
    Planned,
    /// Through a certification this plan earns.
    EarnedInPlan,
}

/// One requirement group of a certification a plan relies on, and how it is met.
#[derive(SimpleObject)]
pub struct GroupSatisfaction {
    /// The certification the group belongs to.
    certification: Certification,
    /// The group.
    group: RequirementGroup,
    /// The items that meet it: every item of an `ALL_OF`, the one used of a `ONE_OF`.
    satisfied_by: Vec<Requirement>,
    /// Held, planned, or earned in the plan (see `SatisfiedHow`).
    how: SatisfiedHow,
}

/// What a plan is, in snapshot ids: enough to explain it.
pub(crate) struct PlanFacts {
    /// Every certification planned for (one, or several for a joint plan).
    pub targets: Vec<CertId>,
    pub already_earned: bool,
    pub achievable: bool,
    pub exams: Vec<ExamId>,
    /// Includes the targets when the plan earns them.
    pub earned: Vec<CertId>,
    pub unachievable_reasons: Vec<String>,
}

/// What an explanation is computed from, and the explanation once a field asked for it.
pub(crate) struct Why {
    pub snap: Snap,
    holding: Arc<Holdings>,
    pub facts: PlanFacts,
    explained: OnceLock<Explanation>,
}

impl Why {
    pub(crate) fn explanation(&self) -> &Explanation {
        self.explained
            .get_or_init(|| Explanation::new(&self.snap, &self.holding, &self.facts))
    }
}

impl Why {
    pub(crate) fn new(snap: &Snap, holding: &Arc<Holdings>, facts: PlanFacts) -> Self {
        Self {
            snap: snap.clone(),
            holding: holding.clone(),
            facts,
            explained: OnceLock::new(),
        }
    }
}

/// One met group, before it becomes GraphQL objects.
struct Met {
    certification: CertId,
    position: u32,
    by: Vec<(ItemRef, SatisfiedHow)>,
    how: SatisfiedHow,
}

/// The explanation of one plan for one holding.
pub(crate) struct Explanation {
    met: Vec<Met>,
    /// Held certifications (given, or earned by held exams) that some met group uses.
    held: Vec<CertId>,
    held_exams: HashSet<ExamId>,
    held_directly: HashSet<CertId>,
}

impl Explanation {
    pub(crate) fn new(snap: &Snap, holding: &Holdings, plan: &PlanFacts) -> Self {
        let (held_exams, held_directly) = held_ids(snap, holding);
        let held_certs = earned_by_holding(snap, &plan.targets, &held_exams, &held_directly);
        let planned: HashSet<ExamId> = plan.exams.iter().copied().collect();
        let in_plan: HashSet<CertId> = plan.earned.iter().copied().collect();
        let source = |item: ItemRef| match item {
            ItemRef::Exam(e) if held_exams.contains(&e) => Some(SatisfiedHow::Held),
            ItemRef::Exam(e) if planned.contains(&e) => Some(SatisfiedHow::Planned),
            ItemRef::Certification(c) if held_certs.contains(&c) => Some(SatisfiedHow::Held),
            ItemRef::Certification(c) if in_plan.contains(&c) => Some(SatisfiedHow::EarnedInPlan),
            _ => None,
        };
        // Already earned: the targets not held outright, explained by what earns them.
        let relied_on: Vec<CertId> = match plan.already_earned {
            true => plan
                .targets
                .iter()
                .filter(|t| !held_directly.contains(t))
                .copied()
                .collect(),
            false => plan.earned.clone(),
        };
        let mut met = Vec::new();
        for cert in relied_on {
            for (position, group) in snap.certification(cert).groups.iter().enumerate() {
                let by = meeting(group.kind, &group.items, &source);
                let how = if by.iter().all(|(_, h)| *h == SatisfiedHow::Held) {
                    SatisfiedHow::Held
                } else if by.iter().any(|(_, h)| *h == SatisfiedHow::EarnedInPlan) {
                    SatisfiedHow::EarnedInPlan
                } else {
                    SatisfiedHow::Planned
                };
                met.push(Met {
                    certification: cert,
                    position: position as u32,
                    by,
                    how,
                });
            }
        }
        let mut held: Vec<CertId> = met
            .iter()
            .flat_map(|m| &m.by)
            .filter_map(|(item, how)| match (item, how) {
                (ItemRef::Certification(c), SatisfiedHow::Held) => Some(*c),
                _ => None,
            })
            .collect();
        if plan.already_earned {
            held.extend(plan.targets.iter().filter(|t| held_directly.contains(t)));
        }
        held.sort_unstable();
        held.dedup();
        Self {
            met,
            held,
            held_exams,
            held_directly,
        }
    }

    pub(crate) fn satisfaction(&self, snap: &Snap) -> Vec<GroupSatisfaction> {
        self.met
            .iter()
            .map(|m| GroupSatisfaction {
                certification: Certification::new(snap, m.certification),
                group: RequirementGroup::new(snap, m.certification, m.position),
                satisfied_by: m.by.iter().map(|(item, _)| requirement(snap, *item)).collect(),
                how: m.how,
            })
            .collect()
    }

    pub(crate) fn held(&self, snap: &Snap) -> Vec<Certification> {
        self.held.iter().map(|&c| Certification::new(snap, c)).collect()
    }

    /// The plan in a sentence or three, from the same facts.
    pub(crate) fn summary(&self, snap: &Snap, plan: &PlanFacts) -> String {
        let name = |c: CertId| snap.certification(c).record.name.clone();
        let names: Vec<String> = plan.targets.iter().map(|&t| name(t)).collect();
        let target = and_list(&names);
        if plan.already_earned {
            let because = self.met.iter().flat_map(|m| &m.by).map(|(i, _)| match i {
                ItemRef::Exam(e) => snap.exam(*e).record.code.to_string(),
                ItemRef::Certification(c) => name(*c),
            });
            let because: Vec<String> = because.collect();
            return match because.is_empty() {
                true => format!("You already hold {target}."),
                false => format!("What you hold already earns {target}: {}.", and_list(&because)),
            };
        }
        let exams: Vec<String> = plan
            .exams
            .iter()
            .map(|&e| snap.exam(e).record.code.to_string())
            .collect();
        if !plan.achievable {
            let reasons = plan.unachievable_reasons.join("; ");
            let mut said = format!("{target} cannot be earned with the exams offered today: {reasons}.");
            if !exams.is_empty() {
                said.push_str(&format!(" It took {}.", and_list(&exams)));
            }
            return said;
        }
        let mut sentences = vec![format!("Pass {}.", and_list(&exams))];
        for &held in &self.held {
            let Some((cert, kind, options)) = self.use_of(snap, held) else {
                continue;
            };
            let role = match kind {
                GroupKind::OneOf => format!("one of the {options} options {} accepts", name(cert)),
                GroupKind::AllOf => format!("which {} requires", name(cert)),
            };
            sentences.push(match self.held_directly.contains(&held) {
                true => format!("You already hold {}, {role}.", name(held)),
                false => {
                    let exams = self.exams_under(snap, held);
                    let verb = if exams.len() == 1 { "gives" } else { "give" };
                    format!("{} already {verb} you {}, {role}.", and_list(&exams), name(held))
                }
            });
        }
        sentences.join(" ")
    }

    /// The first met group that uses `held`: its certification, kind and size.
    fn use_of(&self, snap: &Snap, held: CertId) -> Option<(CertId, GroupKind, usize)> {
        let m = self
            .met
            .iter()
            .find(|m| m.by.iter().any(|(i, _)| *i == ItemRef::Certification(held)))?;
        let group = &snap.certification(m.certification).groups[m.position as usize];
        Some((m.certification, group.kind, group.items.len()))
    }

    /// The held exams below `cert`, by code: what earned it.
    fn exams_under(&self, snap: &Snap, cert: CertId) -> Vec<String> {
        let below = snap.walk(&[cert], crate::planning::UNBOUNDED_DEPTH);
        let mut codes: Vec<String> = below
            .exams
            .iter()
            .filter(|e| self.held_exams.contains(e))
            .map(|&e| snap.exam(e).record.code.to_string())
            .collect();
        codes.sort();
        codes
    }
}

/// The items that meet a group, each with how: all of an `ALL_OF` (when each is met), the
/// best-met one of a `ONE_OF` (held before earned in the plan before planned).
fn meeting(
    kind: GroupKind,
    items: &[ItemRef],
    source: &impl Fn(ItemRef) -> Option<SatisfiedHow>,
) -> Vec<(ItemRef, SatisfiedHow)> {
    let met = items.iter().filter_map(|&i| source(i).map(|how| (i, how)));
    match kind {
        GroupKind::AllOf => met.collect(),
        GroupKind::OneOf => met.min_by_key(|(_, how)| *how).into_iter().collect(),
    }
}

/// The holding's exams and certifications as snapshot ids.
pub(crate) fn held_ids(snap: &Snap, holding: &Holdings) -> (HashSet<ExamId>, HashSet<CertId>) {
    let exams = holding.exams.iter().filter_map(|e| snap.exam_by_code(e.as_str()));
    let certifications =
        (holding.certifications.iter()).filter_map(|c| snap.certification_by_code(c.as_str()));
    (exams.collect(), certifications.collect())
}

/// Certifications below (and including) `targets` that the holding earns: held outright, or
/// every group met by held exams and certifications, to a fixed point.
pub(crate) fn earned_by_holding(
    snap: &Snap,
    targets: &[CertId],
    exams: &HashSet<ExamId>,
    certifications: &HashSet<CertId>,
) -> HashSet<CertId> {
    let mut earned = certifications.clone();
    let below = snap.walk(targets, crate::planning::UNBOUNDED_DEPTH);
    let candidates: Vec<CertId> = below.certifications.iter().chain(targets).copied().collect();
    loop {
        let before = earned.len();
        for &cert in &candidates {
            let groups = &snap.certification(cert).groups;
            if earned.contains(&cert) || groups.is_empty() {
                continue;
            }
            let has = |i: &ItemRef| match i {
                ItemRef::Exam(e) => exams.contains(e),
                ItemRef::Certification(c) => earned.contains(c),
            };
            let met = groups.iter().all(|g| match g.kind {
                GroupKind::AllOf => g.items.iter().all(has),
                GroupKind::OneOf => g.items.iter().any(has),
            });
            if met {
                earned.insert(cert);
            }
        }
        if earned.len() == before {
            return earned;
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
