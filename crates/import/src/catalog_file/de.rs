//! Deserializes domain records straight from a [`Node`] tree, so that a refused value (a
//! malformed code, an unknown level, a missing field) is reported at the line and column
//! of the value itself, or of its record when the record as a whole is to blame.
//!
//! Requirement items read as YAML's single-key maps (`- exam: AZ-400`), which is also how
//! JSON writes them; enum values read from plain or quoted text alike.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::tree::{Node, Value};

/// Why a value was refused, and the innermost place it was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeError {
    pub(crate) message: String,
    pub(crate) at: Option<(usize, usize)>,
}

impl DeError {
    /// Places the error at `node` unless a deeper value already claimed it.
    fn at(mut self, node: &Node) -> Self {
        self.at.get_or_insert((node.line, node.column));
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self {
            message: msg.to_string(),
            at: None,
        }
    }
}

/// `T` read from `node`.
pub(crate) fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, DeError> {
    T::deserialize(NodeDe(node)).map_err(|e| e.at(node))
}

/// A deserializer over one node of the tree.
pub(crate) struct NodeDe<'a>(pub(crate) &'a Node);

impl<'de> NodeDe<'de> {
    /// A plain scalar as YAML's core schema reads it: null, a boolean, a number or text.
    fn plain<V: Visitor<'de>>(text: &'de str, visitor: V) -> Result<V::Value, DeError> {
        match text {
            "" | "~" | "null" | "Null" | "NULL" => return visitor.visit_unit(),
            "true" | "True" | "TRUE" => return visitor.visit_bool(true),
            "false" | "False" | "FALSE" => return visitor.visit_bool(false),
            _ => {}
        }
        if let Ok(n) = text.parse::<i64>() {
            return visitor.visit_i64(n);
        }
        if let Ok(n) = text.parse::<u64>() {
            return visitor.visit_u64(n);
        }
        let numeric = text.bytes().any(|b| b.is_ascii_digit())
            && text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
        match text.parse::<f64>() {
            Ok(n) if numeric => visitor.visit_f64(n),
            _ => visitor.visit_borrowed_str(text),
        }
    }
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.0;
        let result = match &node.value {
            Value::Scalar { text, plain: true } => Self::plain(text, visitor),
            Value::Scalar { text, plain: false } => visitor.visit_borrowed_str(text),
            Value::Seq(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Map(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.0.value {
            // Codes such as `104` or `true` are text where text is expected, quoted or not.
            Value::Scalar { text, .. } if !self.0.is_null() => visitor
                .visit_borrowed_str(text)
                .map_err(|e: DeError| e.at(self.0)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.0.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let node = self.0;
        let result = match &node.value {
            Value::Scalar { text, .. } => visitor.visit_enum(text.as_str().into_deserializer()),
            Value::Map(entries) if entries.len() == 1 => visitor.visit_enum(Variant(&entries[0])),
            _ => Err(de::Error::custom(
                "expected a value such as `ALL_OF`, or a single-key map such as `exam: AZ-400`",
            )),
        };
        result.map_err(|e| e.at(node))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct Seq<'a>(std::slice::Iter<'a, Node>);

impl<'de> de::SeqAccess<'de> for Seq<'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        self.0
            .next()
            .map(|node| seed.deserialize(NodeDe(node)).map_err(|e| e.at(node)))
            .transpose()
    }
}

struct Map<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for Map<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(NodeDe(key)).map(Some).map_err(|e| e.at(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let value = self
            .value
            .take()
            .ok_or_else(|| <DeError as de::Error>::custom("a value without a key"))?;
        seed.deserialize(NodeDe(value)).map_err(|e| e.at(value))
    }
}

/// `exam: AZ-400`: the key names the variant, the value is its content.
struct Variant<'a>(&'a (Node, Node));

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = DeError;
    type Variant = NodeDe<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, NodeDe<'de>), DeError> {
        let (key, value) = self.0;
        let variant = seed.deserialize(NodeDe(key)).map_err(|e| e.at(key))?;
        Ok((variant, NodeDe(value)))
    }
}

impl<'de> de::VariantAccess<'de> for NodeDe<'de> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        let node = self.0;
        seed.deserialize(self).map_err(|e| e.at(node))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog_file::tree::parse;
    use certgraph_domain::{Certification, Exam};

    #[test]
    fn a_malformed_code_is_placed_at_the_code() {
        let root = parse("code: AZ-4\nstatus: LIVE\n").unwrap();
        let err = from_node::<Exam>(&root).unwrap_err();
        assert_eq!(err.at, Some((1, 7)), "{err:?}");
    }

    #[test]
    fn a_missing_field_is_placed_at_its_record() {
        let root = parse("\n\ncode: AZ-400\n").unwrap();
        let err = from_node::<Exam>(&root).unwrap_err();
        assert_eq!(err.at.map(|a| a.0), Some(3), "{err:?}");
        assert!(err.message.contains("status"), "{err:?}");
    }

    #[test]
    fn requirement_items_and_levels_read_from_yaml_and_json() {
        let yaml = "code: a\nname: A\nlevel: EXPERT\nstatus: ACTIVE\nrequirements:\n- kind: ALL_OF\n  items:\n  - exam: AZ-400\n  - certification: b\n";
        let json = r#"{"code": "a", "name": "A", "level": "EXPERT", "status": "ACTIVE",
            "requirements": [{"kind": "ALL_OF", "items": [{"exam": "AZ-400"}, {"certification": "b"}]}]}"#;
        let from_yaml: Certification = from_node(&parse(yaml).unwrap()).unwrap();
        let from_json: Certification = from_node(&parse(json).unwrap()).unwrap();
        assert_eq!(from_yaml, from_json);
        assert_eq!(from_yaml.requirements[0].items.len(), 2);
        let bad = parse(&yaml.replace("level: EXPERT", "level: MASTER")).unwrap();
        assert_eq!(from_node::<Certification>(&bad).unwrap_err().at, Some((3, 8)));
    }
}
