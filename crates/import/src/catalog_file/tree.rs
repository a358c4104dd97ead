//! A YAML (or JSON: YAML 1.2 reads it too) document as a tree that remembers where each
//! value starts, so that a problem in any record can be reported at its own line rather
//! than where a deserializer happened to stop.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// A value and the 1-based line and column it starts at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text as written; `plain` scalars (unquoted) may stand for null, booleans or numbers.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    fn new(span: Span, value: Value) -> Self {
        Self {
            line: span.start.line(),
            column: span.start.col() + 1,
            value,
        }
    }

    /// The scalar's text, if this is a scalar.
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// `null`, `~` or nothing, unquoted.
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The value of `key` in this mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.text() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Why the text is not YAML: where, and what the parser says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

enum Frame {
    Seq(Span, Vec<Node>),
    Map(Span, Vec<(Node, Node)>, Option<Node>),
}

/// Parses the first document of `text`; an empty text is a null document.
pub(crate) fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut stack: Vec<Frame> = Vec::new();
    for next in Parser::new_from_str(text) {
        let (event, span) = next.map_err(|e| SyntaxError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_owned(),
        })?;
        let node = match event {
            Event::Scalar(text, style, _, _) => {
                let plain = style == ScalarStyle::Plain;
                Node::new(
                    span,
                    Value::Scalar {
                        text: text.into_owned(),
                        plain,
                    },
                )
            }
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq(span, Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map(span, Vec::new(), None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(start, items)) => Node::new(start, Value::Seq(items)),
                Some(Frame::Map(start, entries, _)) => Node::new(start, Value::Map(entries)),
                None => continue,
            },
            Event::Alias(_) => {
                // Aliases can multiply a small text into a huge catalog; exports never write them.
                return Err(SyntaxError {
                    line: span.start.line(),
                    column: span.start.col() + 1,
                    message: "YAML aliases (`*name`) are not supported in a catalog".into(),
                });
            }
            Event::DocumentEnd if stack.is_empty() => break,
            _ => continue,
        };
        match stack.last_mut() {
            None => return Ok(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, key)) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
        }
    }
    Ok(Node {
        line: 1,
        column: 1,
        value: Value::Scalar {
            text: String::new(),
            plain: true,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_knows_its_line_and_column() {
        let root = parse("exams:\n  - code: AZ-400\n    status: LIVE\n").unwrap();
        let exam = match &root.get("exams").unwrap().value {
            Value::Seq(items) => items[0].clone(),
            other => panic!("{other:?}"),
        };
        let code = exam.get("code").unwrap();
        assert_eq!((code.line, code.column, code.text()), (2, 11, Some("AZ-400")));
        assert_eq!(exam.get("status").unwrap().line, 3);
    }

    #[test]
    fn json_is_read_too_with_its_positions() {
        let root = parse("{\n  \"exams\": [\n    {\"code\": \"AZ-400\"}\n  ]\n}").unwrap();
        let Value::Seq(items) = &root.get("exams").unwrap().value else {
            panic!()
        };
        assert_eq!(items[0].get("code").unwrap().line, 3);
        assert!(!items[0].get("code").unwrap().is_null());
    }

    #[test]
    fn syntax_errors_have_a_position_and_aliases_are_refused() {
        let err = parse("exams:\n  - code: [\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        let err = parse("a: &x 1\nb: *x\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(parse("").unwrap().is_null());
    }
}
