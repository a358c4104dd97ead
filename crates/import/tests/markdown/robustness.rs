//! Any input returns `Ok` or `Err`, never panics; what comes back is consistent.

use certgraph_import::parse_markdown;
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
                prop_assert!(
                    (1..=lines).contains(&w.line),
                    "warning on line {} of {}: {}",
                    w.line,
                    lines,
                    w.message
                );
            }
        }
        Err(err) => {
            prop_assert!(!err.to_string().is_empty());
            if let Some(line) = err.line() {
                prop_assert!(
                    (1..=lines).contains(&line),
                    "error on line {line} of {lines}: {err}"
                );
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn markdown_shaped_noise_never_panics(text in "([#*\\[\\]()!:>` \\n\\r-]|Exam |Certification: |AZ-[0-9]{3}|★|[a-z]{1,6}){0,120}") {
        check(&text)?;
    }

    #[test]
    fn a_mutated_seed_never_panics(edits in prop::collection::vec((any::<Index>(), any::<Index>(), any::<u8>()), 1..12)) {
        check(&mutate(SEED, &edits))?;
    }

    #[test]
    fn the_seed_lines_reordered_never_panic(picks in prop::collection::vec(any::<Index>(), 0..80)) {
        check(&shuffle_lines(SEED, &picks))?;
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
