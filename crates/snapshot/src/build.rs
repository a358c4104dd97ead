//! Building a snapshot from the catalog: resolve every code to an index once, derive the
//! reverse edges, orderings, folded text and list sizes.

use std::collections::HashMap;
use std::time::SystemTime;

use certgraph_domain::{Catalog, RequirementItem};

use crate::revision::{self, Revisions};
use crate::search::FoldedTexts;
use crate::{
    CatalogSnapshot, CertId, CertificationNode, CourseId, CourseNode, ExamId, ExamNode, Group, ItemRef,
    ListSizes,
};

impl CatalogSnapshot {
    /// Indexes `catalog` as version `version`. References to codes the catalog lacks are
    /// dropped (a stored catalog has none: imports validate them).
    pub fn build(catalog: Catalog, version: i64) -> Self {
        let revisions = revision::none(&catalog);
        Self::build_revised(catalog, version, revisions)
    }

    /// Like [`build`](Self::build), with each record's revision (`revisions` in the
    /// catalog's order).
    pub fn build_revised(mut catalog: Catalog, version: i64, revisions: Revisions) -> Self {
        let certification_revisions =
            revision::sort_with(&mut catalog.certifications, revisions.certifications, |c| &c.code);
        let exam_revisions = revision::sort_with(&mut catalog.exams, revisions.exams, |e| &e.code);
        let course_revisions = revision::sort_with(&mut catalog.courses, revisions.courses, |c| &c.code);
        let certification_codes: HashMap<String, CertId> =
            positions(&catalog.certifications, |c| c.code.as_str(), CertId);
        let exam_codes: HashMap<String, ExamId> = positions(&catalog.exams, |e| e.code.as_str(), ExamId);

        let mut exams: Vec<ExamNode> = catalog
            .exams
            .into_iter()
            .map(|record| ExamNode {
                record,
                courses: Vec::new(),
                required_by: Vec::new(),
            })
            .collect();
        let mut course_links: Vec<(u32, CourseId, ExamId)> = Vec::new();
        let courses: Vec<CourseNode> = catalog
            .courses
            .into_iter()
            .enumerate()
            .map(|(i, mut record)| {
                let ids: Vec<ExamId> = std::mem::take(&mut record.exams)
                    .iter()
                    .filter_map(|code| exam_codes.get(&code_key(code.as_str())).copied())
                    .collect();
                for (position, exam) in ids.iter().enumerate() {
                    course_links.push((position as u32, CourseId(i as u32), *exam));
                }
                CourseNode { record, exams: ids }
            })
            .collect();
        // An exam's courses: those naming it first, then second…, each by code.
        course_links.sort();
        for (_, course, exam) in course_links {
            exams[exam.0 as usize].courses.push(course);
        }

        let mut certifications: Vec<CertificationNode> = catalog
            .certifications
            .into_iter()
            .map(|mut record| {
                let groups = std::mem::take(&mut record.requirements)
                    .iter()
                    .enumerate()
                    .map(|(position, group)| Group {
                        kind: group.kind,
                        position: position as u32,
                        items: group
                            .items
                            .iter()
                            .filter_map(|item| match item {
                                RequirementItem::Certification(code) => certification_codes
                                    .get(&code_key(code.as_str()))
                                    .map(|&id| ItemRef::Certification(id)),
                                RequirementItem::Exam(code) => exam_codes
                                    .get(&code_key(code.as_str()))
                                    .map(|&id| ItemRef::Exam(id)),
                            })
                            .collect(),
                    })
                    .collect();
                CertificationNode {
                    record,
                    groups,
                    unlocks: Vec::new(),
                }
            })
            .collect();
        // Reverse edges, each requirer once, in code order (positions are code order).
        for requirer in 0..certifications.len() {
            let mut targets: Vec<ItemRef> = certifications[requirer]
                .groups
                .iter()
                .flat_map(|g| g.items.iter().copied())
                .collect();
            targets.sort_by_key(item_order);
            targets.dedup();
            for target in targets {
                let by = CertId(requirer as u32);
                match target {
                    ItemRef::Certification(c) => certifications[c.0 as usize].unlocks.push(by),
                    ItemRef::Exam(e) => exams[e.0 as usize].required_by.push(by),
                }
            }
        }

        let certifications_by_name = ordering(&certifications, |c| c.record.name.as_str(), CertId);
        let exams_by_title = ordering(&exams, |e| e.record.title.as_deref().unwrap_or(""), ExamId);
        let courses_by_title = ordering(&courses, |c| c.record.title.as_deref().unwrap_or(""), CourseId);
        let certification_folded = FoldedTexts::new(certifications.iter().map(|c| {
            let r = &c.record;
            [r.code.as_str(), &r.name, r.description.as_deref().unwrap_or("")]
        }));
        let exam_folded = FoldedTexts::new(exams.iter().map(|e| {
            [
                e.record.code.as_str(),
                e.record.title.as_deref().unwrap_or(""),
                "",
            ]
        }));
        let course_folded = FoldedTexts::new(courses.iter().map(|c| {
            [
                c.record.code.as_str(),
                c.record.title.as_deref().unwrap_or(""),
                "",
            ]
        }));

        let mut snapshot = Self {
            version,
            built_at: SystemTime::now(),
            certifications,
            exams,
            courses,
            certifications_by_name,
            exams_by_title,
            courses_by_title,
            certification_folded,
            exam_folded,
            course_folded,
            sizes: ListSizes::default(),
            revisions: Revisions {
                certifications: certification_revisions,
                exams: exam_revisions,
                courses: course_revisions,
            },
        };
        snapshot.sizes = snapshot.measure();
        snapshot
    }

    fn measure(&self) -> ListSizes {
        let max = |it: &mut dyn Iterator<Item = usize>| it.max().unwrap_or(0);
        let (certifications_below, exams_below) = self.deepest_reach();
        ListSizes {
            groups_per_certification: max(&mut self.certifications.iter().map(|c| c.groups.len())),
            items_per_group: max(&mut self
                .certifications
                .iter()
                .flat_map(|c| c.groups.iter().map(|g| g.items.len()))),
            courses_per_exam: max(&mut self.exams.iter().map(|e| e.courses.len())),
            exams_per_course: max(&mut self.courses.iter().map(|c| c.exams.len())),
            unlocks_per_certification: max(&mut self.certifications.iter().map(|c| c.unlocks.len())),
            required_by_per_exam: max(&mut self.exams.iter().map(|e| e.required_by.len())),
            certifications_below,
            exams_below,
            certifications: self.certifications.len(),
            exams: self.exams.len(),
            courses: self.courses.len(),
        }
    }

    /// The most certifications and exams any one certification reaches. Only roots (no
    /// certification requires them) need walking: a root reaches at least what lies below it.
    fn deepest_reach(&self) -> (usize, usize) {
        let roots = self
            .certification_ids()
            .filter(|&c| self.certification(c).unlocks.is_empty());
        roots.fold((0, 0), |(certs, exams), root| {
            let reach = self.walk(&[root], u32::MAX);
            (
                certs.max(reach.certifications.len()),
                exams.max(reach.exams.len()),
            )
        })
    }
}

fn item_order(item: &ItemRef) -> (u8, u32) {
    match item {
        ItemRef::Certification(c) => (0, c.0),
        ItemRef::Exam(e) => (1, e.0),
    }
}

fn positions<R, I>(records: &[R], code: impl Fn(&R) -> &str, id: impl Fn(u32) -> I) -> HashMap<String, I> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| (code_key(code(r)), id(i as u32)))
        .collect()
}

/// Positions sorted by (`name`, position); positions are code order, so ties go by code.
fn ordering<R, I>(records: &[R], name: impl Fn(&R) -> &str, id: impl Fn(u32) -> I) -> Vec<I> {
    let mut order: Vec<u32> = (0..records.len() as u32).collect();
    order.sort_by(|&a, &b| {
        name(&records[a as usize])
            .cmp(name(&records[b as usize]))
            .then(a.cmp(&b))
    });
    order.into_iter().map(id).collect()
}

/// Codes resolve case-insensitively while building, as lookups do afterwards.
fn code_key(code: &str) -> String {
    code.trim().to_lowercase()
}
