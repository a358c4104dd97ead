//! Every problem of one refused record, not just the first: a deserializer stops at the
//! first bad field, so once a record is refused each of its fields (and each requirement
//! group and item) is read on its own, and each one refused is reported at its value.

use certgraph_domain::{
    CertificationCode, CertificationStatus, CourseCode, Delivery, ExamCode, ExamStatus, GroupKind, Image,
    Level, RequirementItem, WebUrl,
};
use serde::de::DeserializeOwned;

use super::de::{from_node, DeError};
use super::tree::{Node, Value};

/// The problems of each field of `record`, a `kind` record; empty when none is found alone
/// (the record's own error then stands).
pub(super) fn field_errors(kind: &str, record: &Node) -> Vec<DeError> {
    let Value::Map(entries) = &record.value else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(field) = key.text() else { continue };
        match (kind, field) {
            ("certification", "code") => check::<CertificationCode>(value, &mut out),
            ("exam", "code") => check::<ExamCode>(value, &mut out),
            ("course", "code") => check::<CourseCode>(value, &mut out),
            (_, "name" | "title" | "description") => check::<Option<String>>(value, &mut out),
            (_, "url") => check::<Option<WebUrl>>(value, &mut out),
            ("certification", "level") => check::<Level>(value, &mut out),
            ("certification", "status") => check::<CertificationStatus>(value, &mut out),
            ("certification", "pathImage") => check::<Option<Image>>(value, &mut out),
            ("certification", "requirements") => groups(value, &mut out),
            ("exam", "status") => check::<ExamStatus>(value, &mut out),
            ("course", "delivery") => check::<Delivery>(value, &mut out),
            ("course", "exams") => each::<ExamCode>(value, &mut out),
            _ => {}
        }
    }
    let required: &[&str] = match kind {
        "certification" => &["code", "name", "level", "status"],
        "exam" => &["code", "status"],
        _ => &["code", "delivery", "exams"],
    };
    for field in required.iter().filter(|f| record.get(f).is_none()) {
        out.push(DeError {
            message: format!("missing field `{field}`"),
            at: Some((record.line, record.column)),
        });
    }
    out
}

fn check<T: DeserializeOwned>(node: &Node, out: &mut Vec<DeError>) {
    out.extend(from_node::<T>(node).err());
}

/// Each element of a list on its own (the list as a whole when it is no list).
fn each<T: DeserializeOwned>(node: &Node, out: &mut Vec<DeError>) {
    match &node.value {
        Value::Seq(items) => items.iter().for_each(|item| check::<T>(item, out)),
        _ => check::<Vec<T>>(node, out),
    }
}

fn groups(node: &Node, out: &mut Vec<DeError>) {
    let Value::Seq(groups) = &node.value else {
        return check::<Vec<certgraph_domain::RequirementGroup>>(node, out);
    };
    for group in groups {
        let found = out.len();
        if let Some(kind) = group.get("kind") {
            check::<GroupKind>(kind, out);
        }
        if let Some(items) = group.get("items") {
            each::<RequirementItem>(items, out);
        }
        if out.len() == found {
            // Nothing wrong in its parts: the group's shape is (a missing field, say).
            check::<certgraph_domain::RequirementGroup>(group, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog_file::tree::parse;

    #[test]
    fn each_bad_field_and_item_is_found_at_its_value() {
        let text = "code: a\nname: A\nlevel: MASTER\nstatus: GONE\nrequirements:\n- kind: ALL_OF\n  items:\n  - exam: AZ-400\n  - exam: AZ-4\n";
        let lines: Vec<_> = field_errors("certification", &parse(text).unwrap())
            .iter()
            .map(|e| e.at.map(|a| a.0))
            .collect();
        assert_eq!(lines, [Some(3), Some(4), Some(9)]);
    }

    #[test]
    fn a_missing_field_is_found_at_the_record() {
        let errors = field_errors("exam", &parse("\ncode: AZ-400\n").unwrap());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].at, Some((2, 1)));
        assert!(errors[0].message.contains("status"));
    }
}
