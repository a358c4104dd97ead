//! A small GraphQL lexer, enough to count a document's tokens before parsing it (so a
//! document of a hundred thousand tokens is refused after reading `limit + 1` of them) and
//! to find an operation's name without parsing (for metrics).

/// Whether `query` has more than `limit` GraphQL tokens (punctuators, names, numbers and
/// strings; whitespace, commas and comments are not tokens). Stops counting past the limit.
pub fn exceeds(query: &str, limit: usize) -> bool {
    Tokens::new(query).nth(limit).is_some()
}

/// The name of the document's first named operation, found in one pass without parsing:
/// what metrics label a request with when the client sends no `operationName`. (A
/// document of several operations needs `operationName` to run at all.)
pub fn first_operation_name(query: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut after_keyword = false;
    for token in Tokens::new(query) {
        if after_keyword && token.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic()) {
            return Some(token);
        }
        after_keyword = false;
        match token {
            "{" | "(" | "[" => depth += 1,
            "}" | ")" | "]" => depth = depth.saturating_sub(1),
            "query" | "mutation" | "subscription" => after_keyword = depth == 0,
            _ => {}
        }
    }
    None
}

/// The tokens of a document, in order.
struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() {
            let start = self.at;
            self.at = match bytes[start] {
                b' ' | b'\t' | b'\n' | b'\r' | b',' => start + 1,
                // A byte-order mark is ignored too.
                0xEF if bytes[start..].starts_with(&[0xEF, 0xBB, 0xBF]) => start + 3,
                b'#' => line_end(bytes, start),
                byte => {
                    self.at = token_end(bytes, start, byte);
                    // Token ends fall on ASCII bytes or the end, so this is a char boundary,
                    // except after an unknown multi-byte character: take all of it.
                    while !self.text.is_char_boundary(self.at) {
                        self.at += 1;
                    }
                    return Some(&self.text[start..self.at]);
                }
            };
        }
        None
    }
}

fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |n| at + n)
}

/// Where the token starting at `at` ends. Anything unknown is a one-byte token: the parser
/// reports it later with its position.
fn token_end(bytes: &[u8], at: usize, first: u8) -> usize {
    match first {
        b'.' if bytes[at..].starts_with(b"...") => at + 3,
        b'"' if bytes[at..].starts_with(b"\"\"\"") => block_string_end(bytes, at + 3),
        b'"' => string_end(bytes, at + 1),
        b'_' | b'a'..=b'z' | b'A'..=b'Z' => run_end(bytes, at, |b| b == b'_' || b.is_ascii_alphanumeric()),
        b'-' | b'0'..=b'9' => run_end(bytes, at + 1, |b| {
            b.is_ascii_alphanumeric() || b == b'.' || b == b'+' || b == b'-'
        }),
        _ => at + 1,
    }
}

fn run_end(bytes: &[u8], from: usize, part: impl Fn(u8) -> bool) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| !part(b))
        .map_or(bytes.len(), |n| from + n)
}

fn string_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            b'\n' | b'\r' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

fn block_string_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        if bytes[at..].starts_with(b"\\\"\"\"") {
            at += 4;
        } else if bytes[at..].starts_with(b"\"\"\"") {
            return at + 3;
        } else {
            at += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::{exceeds, first_operation_name};

    /// The exact count, found as the smallest limit not exceeded.
    fn count(query: &str) -> usize {
        (0..).find(|&n| !exceeds(query, n)).unwrap_or_default()
    }

    #[test]
    fn punctuators_names_numbers_and_strings_are_tokens() {
        assert_eq!(count("{ a }"), 3);
        assert_eq!(
            count("query Q($x: Int = -1.5e3) { a(x: $x) @skip(if: true) { ...F } }"),
            30
        );
        assert_eq!(count(r#"{ a(s: "x \" y", t: """ block "" """) }"#), 11);
    }

    #[test]
    fn whitespace_commas_and_comments_are_not_tokens() {
        assert_eq!(count("\u{feff}{ a, b,,, c }\n# { { { {\n"), 5);
        assert_eq!(count(""), 0);
    }

    #[test]
    fn the_first_operation_name_is_found_outside_selections_and_arguments() {
        assert_eq!(first_operation_name("query Dash { a }"), Some("Dash"));
        let query = "fragment F on Q { query } query($x: In = {query: 1}) { a } mutation M { b }";
        assert_eq!(first_operation_name(query), Some("M"));
        assert_eq!(first_operation_name("{ query }"), None);
        assert_eq!(first_operation_name("# query X\n{ a }"), None);
    }

    #[test]
    fn unknown_characters_are_single_tokens() {
        assert_eq!(count("{ é ü }"), 4);
    }

    #[test]
    fn counting_stops_past_the_limit() {
        let huge = "{ ".to_owned() + &"a ".repeat(1_000_000) + "}";
        assert!(exceeds(&huge, 2_000));
        assert!(!exceeds(&huge, 1_000_002));
    }
}
