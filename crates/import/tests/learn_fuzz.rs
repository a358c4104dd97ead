//! Fuzz targets for the Learn Catalog API reader (proptest: stable Rust has no libFuzzer):
//! arbitrary bytes, arbitrary JSON, and mutations of a real-shaped response never panic,
//! and what comes back is consistent. `PROPTEST_CASES` (set by `scripts/fuzz.sh`) runs them
//! longer.

use std::io::Read;

use certgraph_import::learn::LearnError;
use certgraph_import::{looks_like_learn, parse_learn, LearnOptions};
use certgraph_testkit::learn::write_synthetic_learn;
use certgraph_testkit::proptest_config;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};

const FIXTURE: &[u8] = include_bytes!("../../../tests/fixtures/learn/catalog.json");

/// Hands the reader a few bytes at a time, as a slow network would.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

/// Reads `bytes` and checks the outcome: a syntax error on a real line, or a result that is
/// the same however the bytes arrive, with no more records kept than were read.
fn check(bytes: &[u8], step: usize) -> Result<(), TestCaseError> {
    let _ = looks_like_learn(bytes);
    let options = LearnOptions::default();
    let whole = parse_learn(bytes, &options);
    let trickled = parse_learn(Trickle { bytes, step }, &options);
    match (whole, trickled) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(&a.catalog, &b.catalog);
            prop_assert_eq!(&a.diagnostics, &b.diagnostics);
            prop_assert_eq!(a.records, b.records);
            prop_assert!(a.catalog.certifications.len() <= a.records.certifications);
            prop_assert!(a.catalog.exams.len() <= a.records.exams);
            prop_assert!(a.catalog.courses.len() <= a.records.courses);
            for d in &a.diagnostics {
                prop_assert!(
                    d.record.as_ref().is_some_and(|r| !r.is_empty()) && !d.message.is_empty(),
                    "{d}"
                );
            }
        }
        (Err(LearnError::Syntax { line, column, .. }), Err(b)) => {
            let lines = 1 + bytes.iter().filter(|&&b| b == b'\n').count();
            prop_assert!((1..=lines).contains(&line), "line {line} of {lines}");
            prop_assert!(
                matches!(b, LearnError::Syntax { line: l, column: c, .. } if l == line && c == column),
                "{b}"
            );
        }
        (a, b) => prop_assert!(false, "{:?} / {:?}", a.map(|i| i.records), b.map(|i| i.records)),
    }
    Ok(())
}

const KEYS: &[&str] = &[
    "certifications",
    "mergedCertifications",
    "exams",
    "courses",
    "levels",
    "modules",
    "uid",
    "title",
    "subtitle",
    "url",
    "certification_type",
    "prerequisites",
    "display_name",
    "course_number",
    "exam",
    "id",
    "name",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        "(certification|exam|course)\\.[a-z0-9-]{0,12}".prop_map(Value::from),
        "[A-Za-z]{2,3}-[0-9]{3}(T00)?( \\(beta\\))?".prop_map(Value::from),
        "https?://[a-z.]{1,12}/[a-z/-]{0,12}(\\?WT\\.mc_id=x)?".prop_map(Value::from),
        prop::sample::select(&["fundamentals", "role-based", "specialty", "expert", "advanced"][..])
            .prop_map(Value::from),
    ]
}

/// JSON shaped like a response to differing depths: known keys, arrays of records.
fn learn_shaped() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(
                |fields| Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            ),
        ]
    })
}

/// Changes `value` where `choices` say: replace a node, drop an entry, duplicate one.
fn mutate(value: &mut Value, choices: &mut impl Iterator<Item = (Index, u8, Value)>) {
    let Some((at, op, new)) = choices.next() else {
        return;
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            let i = at.index(items.len());
            match op % 4 {
                0 => items[i] = new,
                1 => {
                    items.remove(i);
                }
                2 => items.insert(i, items[i].clone()),
                _ => mutate(&mut items[i], choices),
            }
        }
        Value::Object(fields) if !fields.is_empty() => {
            let key = fields
                .keys()
                .nth(at.index(fields.len()))
                .cloned()
                .unwrap_or_default();
            match op % 4 {
                0 => {
                    fields.insert(key, new);
                }
                1 => {
                    fields.remove(&key);
                }
                2 => {
                    let copy = fields[&key].clone();
                    fields.insert(format!("{key}_"), copy);
                }
                _ => {
                    if let Some(v) = fields.get_mut(&key) {
                        mutate(v, choices);
                    }
                }
            }
        }
        _ => *value = new,
    }
}

fn fixture_value() -> Value {
    serde_json::from_slice(FIXTURE).expect("the fixture is JSON")
}

fn synthetic(certifications: usize, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_synthetic_learn(&mut bytes, certifications, seed).expect("writing to memory");
    bytes
}

#[test]
fn the_fixture_reads_whole_and_trickled_alike() {
    check(FIXTURE, 1).expect("consistent");
    let import = parse_learn(FIXTURE, &LearnOptions::default()).expect("the fixture reads");
    assert!(!import.catalog.certifications.is_empty());
}

proptest! {
    #![proptest_config(proptest_config(160))]

    #[test]
    fn fuzz_learn_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), step in 1usize..9) {
        check(&bytes, step)?;
    }

    #[test]
    fn fuzz_learn_arbitrary_json(value in learn_shaped(), step in 1usize..64) {
        check(&serde_json::to_vec(&value).expect("JSON"), step)?;
    }

    #[test]
    fn fuzz_learn_shaped_records(
        records in prop::collection::vec(learn_shaped(), 0..6),
        array in prop::sample::select(&["certifications", "mergedCertifications", "exams", "courses", "levels"][..]),
        step in 1usize..64,
    ) {
        let mut root = fixture_value();
        root[array] = Value::Array(records);
        check(&serde_json::to_vec(&root).expect("JSON"), step)?;
    }

    #[test]
    fn fuzz_learn_fixture_mutated_as_json(
        edits in prop::collection::vec(prop::collection::vec((any::<Index>(), any::<u8>(), leaf()), 1..8), 1..6),
        step in 1usize..512,
    ) {
        let mut value = fixture_value();
        for path in edits {
            mutate(&mut value, &mut path.into_iter());
        }
        check(&serde_json::to_vec_pretty(&value).expect("JSON"), step)?;
    }

    #[test]
    fn fuzz_learn_fixture_mutated_as_bytes(
        edits in prop::collection::vec((any::<Index>(), any::<u8>(), any::<u8>()), 1..8),
        cut in any::<Index>(),
        step in 1usize..512,
    ) {
        let mut bytes = FIXTURE.to_vec();
        for (at, op, byte) in edits {
            let i = at.index(bytes.len());
            match op % 3 {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        check(&bytes, step)?;
        bytes.truncate(cut.index(bytes.len() + 1));
        check(&bytes, step)?;
    }

    #[test]
    fn fuzz_learn_synthetic_responses_cut_anywhere(seed in any::<u64>(), size in 1usize..12, cut in any::<Index>()) {
        let bytes = synthetic(size, seed);
        check(&bytes, 4096)?;
        check(&bytes[..cut.index(bytes.len())], 97)?;
    }
}

#[test]
fn a_response_of_the_wrong_shape_is_a_syntax_error() {
    for bad in [
        json!([]),
        json!("x"),
        json!({ "certifications": {} }),
        json!({ "exams": 3 }),
    ] {
        let bytes = serde_json::to_vec(&bad).expect("JSON");
        let result = parse_learn(bytes.as_slice(), &LearnOptions::default());
        assert!(
            matches!(result, Err(LearnError::Syntax { .. })),
            "{bad}: {:?}",
            result.map(|i| i.records)
        );
    }
}
