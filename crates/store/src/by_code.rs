//! Course links, requirement groups and items on PostgreSQL, written with codes that the
//! database resolves to ids in the same statement. The alternative, reading every id back
//! into code→id maps first, held a million-entry map per kind in the importer's memory and
//! sent a million rows over the wire just to send their ids back.

use certgraph_domain::{Certification, Course, RequirementItem};
use sea_orm::DatabaseTransaction;
use serde::Serialize;

use crate::bulk::{self, json};
use crate::StoreError;

const LINKS: &str = "INSERT INTO course_exam (course_id, exam_id, position) \
    SELECT c.id, e.id, r.position FROM json_to_recordset($1::json) \
    AS r(course text, exam text, position int) \
    JOIN course c ON c.code = r.course JOIN exam e ON e.code = r.exam";

/// A course's exam at its position.
#[derive(Serialize)]
struct Link<'a> {
    course: &'a str,
    exam: &'a str,
    position: usize,
}

/// Links each course to its exams, in order. Old links of updated courses are already gone.
pub(crate) async fn links(txn: &DatabaseTransaction, courses: &[&Course]) -> Result<(), StoreError> {
    let links: Vec<Link> = courses
        .iter()
        .flat_map(|c| {
            c.exams.iter().enumerate().map(|(position, e)| Link {
                course: c.code.as_str(),
                exam: e.as_str(),
                position,
            })
        })
        .collect();
    bulk::insert(txn, LINKS, &links, json).await
}

const GROUPS: &str = "INSERT INTO requirement_group (certification_id, position, kind) \
    SELECT c.id, r.position, r.kind FROM json_to_recordset($1::json) \
    AS r(certification text, position int, kind text) \
    JOIN certification c ON c.code = r.certification";

#[derive(Serialize)]
struct Group<'a> {
    certification: &'a str,
    position: usize,
    kind: &'static str,
}

/// An item is found by its certification's code and its group's position; its target is
/// the certification or exam with that code. The `WHERE` drops a row whose target code is
/// missing rather than storing a half-empty item, and the count check reports it.
const ITEMS: &str = "INSERT INTO requirement_item (group_id, position, certification_id, exam_id) \
    SELECT g.id, r.position, ic.id, ie.id FROM json_to_recordset($1::json) \
    AS r(owner text, grp int, position int, certification text, exam text) \
    JOIN certification c ON c.code = r.owner \
    JOIN requirement_group g ON g.certification_id = c.id AND g.position = r.grp \
    LEFT JOIN certification ic ON ic.code = r.certification \
    LEFT JOIN exam ie ON ie.code = r.exam \
    WHERE (r.certification IS NULL) = (ic.id IS NULL) AND (r.exam IS NULL) = (ie.id IS NULL)";

#[derive(Serialize)]
struct Item<'a> {
    owner: &'a str,
    grp: usize,
    position: usize,
    certification: Option<&'a str>,
    exam: Option<&'a str>,
}

/// Writes the requirement groups and items of these certifications. Old groups of updated
/// certifications are already gone.
pub(crate) async fn requirements(
    txn: &DatabaseTransaction,
    certifications: &[&Certification],
) -> Result<(), StoreError> {
    let groups: Vec<Group> = certifications
        .iter()
        .flat_map(|c| {
            c.requirements.iter().enumerate().map(|(position, g)| Group {
                certification: c.code.as_str(),
                position,
                kind: g.kind.as_str(),
            })
        })
        .collect();
    bulk::insert(txn, GROUPS, &groups, json).await?;
    drop(groups);

    let items: Vec<Item> = certifications
        .iter()
        .flat_map(|c| {
            c.requirements.iter().enumerate().flat_map(move |(grp, g)| {
                g.items.iter().enumerate().map(move |(position, item)| {
                    let (certification, exam) = match item {
                        RequirementItem::Certification(code) => (Some(code.as_str()), None),
                        RequirementItem::Exam(code) => (None, Some(code.as_str())),
                    };
                    Item {
                        owner: c.code.as_str(),
                        grp,
                        position,
                        certification,
                        exam,
                    }
                })
            })
        })
        .collect();
    bulk::insert(txn, ITEMS, &items, json).await
}
