//! The module paths a Rust file names through `crate::`, `super::` and `self::`, read from
//! its text: enough of Rust's path and `use`-tree syntax to find which modules depend on
//! which, without a parser dependency.

/// Each path the text names, written from its head (`crate`, `super` or `self`), with use
/// groups expanded: `use crate::{a::B, c}` names `crate::a::B` and `crate::c`.
pub fn named_paths(text: &str) -> Vec<Vec<String>> {
    let code = without_comments(without_unit_tests(text));
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !is_ident(bytes[at - 1]);
        let head = ["crate", "super", "self"].into_iter().find(|head| {
            bytes[at..].starts_with(head.as_bytes()) && bytes[at + head.len()..].starts_with(b"::")
        });
        match head {
            Some(head) if starts_word => {
                let (trees, end) = use_tree(bytes, at + head.len() + 2);
                for tree in trees {
                    let mut path = vec![head.to_owned()];
                    path.extend(tree);
                    paths.push(path);
                }
                at = end.max(at + 1);
            }
            _ => at += 1,
        }
    }
    paths
}

/// The file without its unit-test module: tests may reach anywhere.
fn without_unit_tests(text: &str) -> &str {
    let mut from = 0;
    while let Some(found) = text[from..].find("#[cfg(test)]") {
        let at = from + found;
        let rest = text[at + "#[cfg(test)]".len()..].trim_start();
        if rest.starts_with("mod tests") {
            return &text[..at];
        }
        from = at + 1;
    }
    text
}

fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| line.find("//").map_or(line, |at| &line[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && bytes[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

/// The paths of the use tree (or plain path) starting at `at`, and where it ends.
fn use_tree(bytes: &[u8], at: usize) -> (Vec<Vec<String>>, usize) {
    let at = skip_space(bytes, at);
    if bytes.get(at) == Some(&b'{') {
        return group(bytes, at + 1);
    }
    let mut end = at;
    while end < bytes.len() && is_ident(bytes[end]) {
        end += 1;
    }
    if end == at {
        return (vec![Vec::new()], at);
    }
    let segment = String::from_utf8_lossy(&bytes[at..end]).into_owned();
    if bytes[end..].starts_with(b"::") {
        let (trees, end) = use_tree(bytes, end + 2);
        let trees = trees
            .into_iter()
            .map(|tree| std::iter::once(segment.clone()).chain(tree).collect())
            .collect();
        return (trees, end);
    }
    (vec![vec![segment]], end)
}

/// The paths of a `{ … }` group whose `{` is just before `at`, and where it ends.
fn group(bytes: &[u8], mut at: usize) -> (Vec<Vec<String>>, usize) {
    let mut trees = Vec::new();
    loop {
        at = skip_space(bytes, at);
        match bytes.get(at) {
            None => return (trees, at),
            Some(b'}') => return (trees, at + 1),
            Some(b',') => at += 1,
            Some(_) => {
                let (more, end) = use_tree(bytes, at);
                trees.extend(more);
                // Past what a tree does not name (`as alias`, `*`) to the next item.
                at = end.max(at + 1);
                while at < bytes.len() && !matches!(bytes[at], b',' | b'}') {
                    at += 1;
                }
            }
        }
    }
}

#[test]
fn groups_expand_and_comments_and_unit_tests_name_nothing() {
    let text = "use crate::{a::B, c::{self, D as E}};\n// crate::x::Y\n\
                fn f() { super::g::h(); }\n#[cfg(test)]\nmod tests { use crate::z; }\n";
    let paths: Vec<String> = named_paths(text).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        paths,
        ["crate::a::B", "crate::c::self", "crate::c::D", "super::g::h"]
    );
}
