//! Fuzz-style properties of the two decoders that read client text: global IDs and cursors.
//! Stable Rust has no libFuzzer, so these are proptest properties over hostile inputs;
//! `PROPTEST_CASES` (set by `scripts/fuzz.sh`) runs them longer.

use async_graphql::connection::CursorType;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use certgraph_testkit::proptest_config;
use proptest::prelude::*;

use crate::error::ApiError;
use crate::ids::GlobalId;
use crate::paging::{Cursor, OrderField};

const KINDS: &[&str] = &[
    "Certification",
    "Exam",
    "Course",
    "RequirementGroup",
    "certification",
    "Person",
    "",
];

fn any_global_id() -> impl Strategy<Value = GlobalId> {
    // Keys are never empty: an empty key is refused, so it cannot round-trip.
    let key = any::<String>().prop_filter("non-empty key", |k| !k.is_empty());
    prop_oneof![
        key.clone().prop_map(GlobalId::Certification),
        key.clone().prop_map(GlobalId::Exam),
        key.clone().prop_map(GlobalId::Course),
        (key, 1..=u32::MAX).prop_map(|(code, position)| GlobalId::RequirementGroup(code, position)),
    ]
}

/// Text shaped like an ID to differing depths, so the decoder's later stages are reached.
fn id_like_text() -> impl Strategy<Value = String> {
    let kind = prop::sample::select(KINDS);
    let number = "[+-]?0*[0-9]{0,12}";
    prop_oneof![
        any::<String>(),
        "[A-Za-z0-9_+/=-]{0,64}",
        prop::collection::vec(any::<u8>(), 0..256).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
        prop::collection::vec(any::<u8>(), 0..256).prop_map(|b| STANDARD.encode(b)),
        (kind.clone(), any::<String>()).prop_map(|(k, key)| URL_SAFE_NO_PAD.encode(format!("{k}:{key}"))),
        (kind.clone(), number).prop_map(|(k, n)| URL_SAFE_NO_PAD.encode(format!("{k}:{n}"))),
        (kind.clone(), "[a-z-]{0,12}", number)
            .prop_map(|(k, code, n)| URL_SAFE_NO_PAD.encode(format!("{k}:{code}/{n}"))),
        (kind, prop::collection::vec(any::<u8>(), 0..64)).prop_map(|(k, key)| {
            let mut raw = format!("{k}:").into_bytes();
            raw.extend(key);
            URL_SAFE_NO_PAD.encode(raw)
        }),
        (any_global_id(), "[=A-Za-z0-9_!-]{1,8}").prop_map(|(id, tail)| id.encode() + &tail),
        (any_global_id(), "={0,3}").prop_map(|(id, pad)| id.encode() + &pad),
        (any_global_id(), 1usize..400).prop_map(|(id, n)| id.encode().repeat(n)),
    ]
}

/// Cursor-shaped text: base64 of JSON that is near, at, or far from what the server issues.
fn cursor_like_text() -> impl Strategy<Value = String> {
    let json = prop_oneof![
        any::<String>(),
        "\\{\"f\":\"(CODE|NAME|Code|Name|)\",\"v\":\"([a-z\\\\0-9\"]|\\\\u0000){0,12}\",\"c\":\"[a-z0-9\"\\\\]{0,12}\"(,\"x\":1)?\\}",
        "\\{ *\"[fvc]\" *: *(\"[A-Za-z]{0,8}\"|[0-9]{1,4}|null|\\[\\]|\\{\\}) *(, *\"[fvc]\" *: *(\"[A-Z]{0,8}\"|null)){0,4} *\\}",
    ];
    prop_oneof![
        any::<String>(),
        "[A-Za-z0-9_-]{0,96}",
        prop::collection::vec(any::<u8>(), 0..256).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
        json.prop_map(|j| URL_SAFE_NO_PAD.encode(j)),
        (any_cursor(), "[=A-Za-z0-9_!-]{1,8}").prop_map(|(c, tail)| c.encode_cursor() + &tail),
        (any_cursor(), 1usize..200).prop_map(|(c, n)| c.encode_cursor().repeat(n)),
    ]
}

/// Cursors the server can issue: stored text never holds NUL (PostgreSQL refuses it).
fn any_cursor() -> impl Strategy<Value = Cursor> {
    let text = any::<String>().prop_map(|t| t.replace('\0', ""));
    (
        prop_oneof![Just(OrderField::Code), Just(OrderField::Name)],
        text.clone(),
        text,
    )
        .prop_map(|(field, value, code)| Cursor::new(field, &value, &code))
}

proptest! {
    #![proptest_config(proptest_config(1_000))]

    #[test]
    fn fuzz_global_ids_decode_to_a_canonical_id_or_bad_user_input(text in id_like_text()) {
        match GlobalId::decode(&text) {
            // The server never issues padding; trailing `=` is tolerated, nothing else.
            Ok(id) => prop_assert_eq!(id.encode(), text.trim_end_matches('=')),
            Err(e) => prop_assert!(matches!(e, ApiError::BadUserInput(_)), "{e:?}"),
        }
    }

    #[test]
    fn fuzz_global_ids_round_trip(id in any_global_id()) {
        let text = id.encode();
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(GlobalId::decode(&text)?, id);
    }

    #[test]
    fn fuzz_cursors_decode_to_a_stable_cursor_or_bad_user_input(text in cursor_like_text()) {
        match Cursor::decode_cursor(&text) {
            Ok(cursor) => {
                let canonical = cursor.encode_cursor();
                let again = Cursor::decode_cursor(&canonical)?;
                prop_assert_eq!(&again, &cursor);
                prop_assert_eq!(again.encode_cursor(), canonical);
            }
            Err(e) => prop_assert!(matches!(e, ApiError::BadUserInput(_)), "{e:?}"),
        }
    }

    #[test]
    fn fuzz_cursors_round_trip(cursor in any_cursor()) {
        let text = cursor.encode_cursor();
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(Cursor::decode_cursor(&text)?, cursor);
    }
}

#[test]
fn a_cursor_holding_nul_is_bad_user_input() {
    // Found by fuzz_graphql on PostgreSQL: this key failed the query as INTERNAL_SERVER_ERROR.
    for json in [
        r#"{"f":"Code","v":"a\u0000b","c":"x"}"#,
        r#"{"f":"Name","v":"a","c":"\u0000"}"#,
    ] {
        let decoded = Cursor::decode_cursor(&URL_SAFE_NO_PAD.encode(json));
        assert!(
            matches!(decoded, Err(ApiError::BadUserInput(_))),
            "{json}: {decoded:?}"
        );
    }
}
