//! Reading a Learn Catalog API response record by record.
//!
//! The top-level object is visited key by key; each array element is parsed into a
//! `serde_json::Value`, reduced at once to the few fields certgraph uses, and dropped. Arrays
//! certgraph does not use (`modules`, `units`, `learningPaths`, …) are skipped without being
//! kept. So memory holds the reduced records only, never the text or a whole `Value` tree.

use std::collections::HashMap;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The fields of one record certgraph reads; `None` where the field is absent or null.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawRecord {
    /// The array the record came from and its position there (0-based), to name a record
    /// that has no `uid`.
    pub array: &'static str,
    pub index: usize,
    pub uid: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub url: Option<String>,
    /// Certifications: `certification_type`.
    pub kind: Option<String>,
    /// Exams: `display_name`; courses: `course_number`.
    pub code: Option<String>,
    /// Certifications: `exams`; exams: `courses`; courses: `exam`.
    pub links: Vec<String>,
    /// Certifications (`mergedCertifications`): `prerequisites`.
    pub prerequisites: Vec<String>,
    pub levels: Vec<String>,
    /// Fields present with the wrong JSON type: `(field, expected)`.
    pub malformed: Vec<(&'static str, &'static str)>,
}

/// Everything certgraph uses from a response.
#[derive(Debug, Default)]
pub(crate) struct RawLearn {
    pub certifications: Vec<RawRecord>,
    pub merged_certifications: Vec<RawRecord>,
    pub exams: Vec<RawRecord>,
    pub courses: Vec<RawRecord>,
    /// The `levels` taxonomy: id → name.
    pub levels: HashMap<String, String>,
}

#[derive(Clone, Copy)]
enum Kind {
    Certification,
    Exam,
    Course,
}

impl<'de> serde::Deserialize<'de> for RawLearn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RootVisitor)
    }
}

struct RootVisitor;

impl<'de> Visitor<'de> for RootVisitor {
    type Value = RawLearn;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a Learn Catalog API response: an object with `certifications`, `exams` and `courses` arrays",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawLearn, A::Error> {
        let mut raw = RawLearn::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "certifications" => map.next_value_seed(Records(
                    Kind::Certification,
                    "certifications",
                    &mut raw.certifications,
                ))?,
                "mergedCertifications" => map.next_value_seed(Records(
                    Kind::Certification,
                    "mergedCertifications",
                    &mut raw.merged_certifications,
                ))?,
                "exams" => map.next_value_seed(Records(Kind::Exam, "exams", &mut raw.exams))?,
                "courses" => map.next_value_seed(Records(Kind::Course, "courses", &mut raw.courses))?,
                "levels" => {
                    let levels: Vec<Value> = map.next_value()?;
                    raw.levels = levels.iter().filter_map(taxonomy_entry).collect();
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(raw)
    }
}

fn taxonomy_entry(v: &Value) -> Option<(String, String)> {
    Some((
        v.get("id")?.as_str()?.to_owned(),
        v.get("name")?.as_str()?.to_owned(),
    ))
}

/// Parses an array of records into `out`, one element at a time.
struct Records<'a>(Kind, &'static str, &'a mut Vec<RawRecord>);

impl<'de> DeserializeSeed<'de> for Records<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Records(kind, array, out) = self;
        while let Some(value) = seq.next_element::<Value>()? {
            out.push(reduce(kind, array, out.len(), &value));
        }
        Ok(())
    }
}

fn reduce(kind: Kind, array: &'static str, index: usize, v: &Value) -> RawRecord {
    let mut r = RawRecord {
        array,
        index,
        ..RawRecord::default()
    };
    if !v.is_object() {
        r.malformed.push(("record", "an object"));
        return r;
    }
    r.uid = text(v, "uid", &mut r.malformed);
    r.title = text(v, "title", &mut r.malformed);
    r.url = text(v, "url", &mut r.malformed);
    match kind {
        Kind::Certification => {
            r.subtitle = text(v, "subtitle", &mut r.malformed);
            r.kind = text(v, "certification_type", &mut r.malformed);
            r.links = uids(v, "exams", &mut r.malformed);
            r.prerequisites = uids(v, "prerequisites", &mut r.malformed);
            r.levels = uids(v, "levels", &mut r.malformed);
        }
        Kind::Exam => {
            r.code = text(v, "display_name", &mut r.malformed);
            r.links = uids(v, "courses", &mut r.malformed);
            r.levels = uids(v, "levels", &mut r.malformed);
        }
        Kind::Course => {
            r.code = text(v, "course_number", &mut r.malformed);
            r.links = uids(v, "exam", &mut r.malformed);
        }
    }
    r
}

/// A string field; absent, null or blank is `None`.
fn text(v: &Value, field: &'static str, malformed: &mut Vec<(&'static str, &'static str)>) -> Option<String> {
    match v.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(_) => {
            malformed.push((field, "a string"));
            None
        }
    }
}

/// A uid or a list of uids; each may also be an object with a `uid`.
fn uids(v: &Value, field: &'static str, malformed: &mut Vec<(&'static str, &'static str)>) -> Vec<String> {
    let one = |item: &Value| match item {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Object(o) => o.get("uid").and_then(Value::as_str).map(|s| s.trim().to_owned()),
        _ => None,
    };
    let found: Option<Vec<String>> = match v.get(field) {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(one).collect(),
        Some(item) => one(item).map(|s| vec![s]),
    };
    match found {
        Some(list) => list.into_iter().filter(|s| !s.is_empty()).collect(),
        None => {
            malformed.push((field, "uids (strings)"));
            Vec::new()
        }
    }
}

/// `certifications` with their `mergedCertifications` counterpart folded in (by uid): its
/// prerequisites, and any field the certification lacks. Merged records with no counterpart
/// are certifications of their own.
pub(crate) fn merge(mut certs: Vec<RawRecord>, merged: Vec<RawRecord>) -> Vec<RawRecord> {
    let mut by_uid: HashMap<String, usize> = HashMap::new();
    for (i, c) in certs.iter().enumerate() {
        if let Some(uid) = &c.uid {
            by_uid.entry(uid.clone()).or_insert(i);
        }
    }
    for m in merged {
        let Some(&i) = m.uid.as_ref().and_then(|uid| by_uid.get(uid)) else {
            certs.push(m);
            continue;
        };
        let c = &mut certs[i];
        c.prerequisites.extend(m.prerequisites);
        c.title = c.title.take().or(m.title);
        c.subtitle = c.subtitle.take().or(m.subtitle);
        c.url = c.url.take().or(m.url);
        c.kind = c.kind.take().or(m.kind);
        if c.links.is_empty() {
            c.links = m.links;
        }
        if c.levels.is_empty() {
            c.levels = m.levels;
        }
    }
    certs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_arrays_and_fields_are_skipped() {
        let text = r#"{"modules": [{"uid": "m", "units": [1, 2]}],
            "exams": [{"uid": "exam.az-400", "display_name": "AZ-400", "courses": ["course.az-400t00"], "locales": ["en"]}],
            "levels": [{"id": "advanced", "name": "Advanced"}]}"#;
        let raw: RawLearn = serde_json::from_str(text).unwrap();
        assert_eq!(raw.exams.len(), 1);
        assert_eq!(raw.exams[0].code.as_deref(), Some("AZ-400"));
        assert_eq!(raw.exams[0].links, ["course.az-400t00"]);
        assert_eq!(raw.levels["advanced"], "Advanced");
        assert!(raw.certifications.is_empty());
    }

    #[test]
    fn wrong_types_are_recorded_per_field() {
        let text =
            r#"{"courses": [{"uid": "course.x", "course_number": 42, "exam": "exam.az-400"}, "junk"]}"#;
        let raw: RawLearn = serde_json::from_str(text).unwrap();
        assert_eq!(raw.courses[0].malformed, [("course_number", "a string")]);
        assert_eq!(raw.courses[0].links, ["exam.az-400"]);
        assert_eq!(raw.courses[1].malformed, [("record", "an object")]);
    }
}
