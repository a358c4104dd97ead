//! Any input returns `Ok` or `Err`, never panics; what comes back is consistent.
//! These are the importer's fuzz targets (proptest: stable Rust has no libFuzzer);
//! `PROPTEST_CASES` (set by `scripts/fuzz.sh`) runs them longer.

use certgraph_import::parse_markdown;
use certgraph_testkit::proptest_config;
use proptest::prelude::*;
use proptest::sample::Index;

use crate::SEED;

/// Lines as the importer counts them (`\n`, `\r\n` and a lone `\r` end a line).
fn line_count(text: &str) -> usize {
    1 + text
        .replace("\r\n", "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\r')
        .count()
}

/// Imports `text` and checks the outcome: a valid catalog and warnings on real lines, or
/// an error on a real line.
fn check(text: &str) -> Result<(), TestCaseError> {
    let lines = line_count(text);
    match parse_markdown(text) {
        Ok(import) => {
            prop_assert!(import.document.catalog.validate().is_ok());
            prop_assert!(!import.document.catalog.certifications.is_empty());
            for w in &import.warnings {
                let line = w.line.unwrap_or(0);
                prop_assert!(
                    (1..=lines).contains(&line),
                    "warning on line {} of {}: {}",
                    line,
                    lines,
                    w.message
                );
            }
        }
        Err(refused) => {
            prop_assert!(!refused.errors.is_empty());
            for err in &refused.errors {
                prop_assert!(!err.to_string().is_empty());
                if let Some(line) = err.line() {
                    prop_assert!(
                        (1..=lines).contains(&line),
                        "error on line {line} of {lines}: {err}"
                    );
                }
            }
        }
    }
    Ok(())
}

/// Snippets that matter to the format, to splice into the seed.
const TOKENS: &[&str] = &[
    "#",
    "## ",
    "### ",
    "#### ",
    "*",
    " * ",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    ":",
    "One of:\n\n",
    "Then:\n\n",
    "Exam ",
    "Exam: ",
    "Certification: ",
    "(beta)",
    "(See: ",
    "`",
    "> ",
    "    ",
    "https://x.org/certifications/exams/az-304",
    "AZ-",
    "★",
    "é",
    "",
];

fn mutate(seed: &str, edits: &[(Index, Index, u8)]) -> String {
    let mut text = seed.to_owned();
    for (at, token, op) in edits {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let start = boundaries[at.index(boundaries.len())];
        let end = boundaries.iter().copied().find(|&b| b > start).unwrap_or(start);
        let token = TOKENS[token.index(TOKENS.len())];
        match op % 3 {
            0 => text.insert_str(start, token),
            1 => text.replace_range(start..end, token),
            _ => text.replace_range(start..end, ""),
        }
    }
    text
}

fn shuffle_lines(seed: &str, picks: &[Index]) -> String {
    let lines: Vec<&str> = seed.lines().collect();
    picks
        .iter()
        .map(|i| lines[i.index(lines.len())])
        .collect::<Vec<_>>()
        .join("\n")
}

/// One edit of a line-level mutation: what to do, where, and with what.
#[derive(Debug, Clone)]
enum LineEdit {
    Delete(Index),
    Duplicate(Index),
    Swap(Index, Index),
    /// Arbitrary bytes (made UTF-8 the way a lossy reader would) at a character boundary.
    InsertBytes(Index, Vec<u8>),
    /// The document cut at a character boundary, as a partial download would leave it.
    Truncate(Index),
}

fn line_edit() -> impl Strategy<Value = LineEdit> {
    prop_oneof![
        any::<Index>().prop_map(LineEdit::Delete),
        any::<Index>().prop_map(LineEdit::Duplicate),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| LineEdit::Swap(a, b)),
        (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, b)| LineEdit::InsertBytes(at, b)),
        any::<Index>().prop_map(LineEdit::Truncate),
    ]
}

fn edit_lines(seed: &str, edits: &[LineEdit]) -> String {
    let mut lines: Vec<String> = seed.split('\n').map(str::to_owned).collect();
    for edit in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match edit {
            LineEdit::Delete(i) => {
                lines.remove(i.index(n));
            }
            LineEdit::Duplicate(i) => {
                let line = lines[i.index(n)].clone();
                lines.insert(i.index(n), line);
            }
            LineEdit::Swap(a, b) => lines.swap(a.index(n), b.index(n)),
            LineEdit::InsertBytes(at, bytes) => {
                let text = lines.join("\n");
                let at = char_boundary(&text, at);
                let noise = String::from_utf8_lossy(bytes);
                lines = [&text[..at], &noise, &text[at..]]
                    .concat()
                    .split('\n')
                    .map(str::to_owned)
                    .collect();
            }
            LineEdit::Truncate(at) => {
                let text = lines.join("\n");
                let at = char_boundary(&text, at);
                lines = text[..at].split('\n').map(str::to_owned).collect();
            }
        }
    }
    lines.join("\n")
}

fn char_boundary(text: &str, at: &Index) -> usize {
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    boundaries[at.index(boundaries.len())]
}

proptest! {
    #![proptest_config(proptest_config(384))]

    #[test]
    fn fuzz_markdown_arbitrary_text(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn fuzz_markdown_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn fuzz_markdown_seed_with_lines_deleted_duplicated_swapped_cut(edits in prop::collection::vec(line_edit(), 1..10)) {
        check(&edit_lines(SEED, &edits))?;
    }

    #[test]
    fn fuzz_markdown_shaped_noise(text in "([#*\\[\\]()!:>` \\n\\r-]|Exam |Certification: |AZ-[0-9]{3}|★|[a-z]{1,6}){0,120}") {
        check(&text)?;
    }

    #[test]
    fn fuzz_markdown_seed_with_tokens_spliced_in(edits in prop::collection::vec((any::<Index>(), any::<Index>(), any::<u8>()), 1..12)) {
        check(&mutate(SEED, &edits))?;
    }

    #[test]
    fn fuzz_markdown_seed_lines_picked_at_random(picks in prop::collection::vec(any::<Index>(), 0..80)) {
        check(&shuffle_lines(SEED, &picks))?;
    }
}

proptest! {
    // Each case parses up to 32 KB: fewer cases.
    #![proptest_config(proptest_config(64))]

    #[test]
    fn fuzz_markdown_long_inputs(line in "\\PC{0,80}", newline in any::<bool>(), repeat in 1usize..400) {
        let end = if newline { "\n" } else { "" };
        check(&format!("{line}{end}").repeat(repeat))?;
    }
}

#[test]
fn the_seed_repeated_never_panics() {
    for times in 1..=8 {
        if let Err(e) = check(&SEED.repeat(times)) {
            panic!("the seed {times} times: {e}");
        }
    }
}

#[test]
fn the_seed_without_any_one_line_never_panics() {
    let lines: Vec<&str> = SEED.lines().collect();
    for skip in 0..lines.len() {
        let text: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| *l)
            .collect();
        if let Err(e) = check(&text.join("\n")) {
            panic!("without line {}: {e}", skip + 1);
        }
    }
}
