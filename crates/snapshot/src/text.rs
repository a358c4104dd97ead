//! Text as people type it: case- and accent-insensitive, any word order.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Lower-cased, with accents removed (`Écoles` → `ecoles`).
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// What someone searched for: its folded words, and the whole folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub whole: String,
    pub words: Vec<String>,
}

impl Words {
    /// `None` when the text holds no word.
    pub fn parse(text: &str) -> Option<Self> {
        let whole = fold(text.trim());
        let words: Vec<String> = whole.split_whitespace().map(str::to_owned).collect();
        (!words.is_empty()).then(|| Self {
            whole: words.join(" "),
            words,
        })
    }

    /// Whether every word occurs somewhere in `fields`, each either folded or plain ASCII
    /// (whose folding is ASCII lower-casing, done here while comparing).
    pub fn all_in(&self, fields: &[&str]) -> bool {
        self.words
            .iter()
            .all(|w| fields.iter().any(|f| contains_folded(f, w)))
    }
}

/// Whether `word` (folded) occurs in `text` (folded, or plain ASCII) ignoring ASCII case.
/// Candidates are found with `memchr` on the word's first byte in either case, so a scan
/// of a large catalog stays a fast byte search without a lower-cased copy of every record.
pub(crate) fn contains_folded(text: &str, word: &str) -> bool {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    let mut from = 0;
    while let Some(found) = memchr::memchr2(first, first.to_ascii_uppercase(), &text[from..]) {
        let at = from + found;
        match text.get(at + 1..at + word.len()) {
            Some(candidate) if candidate.eq_ignore_ascii_case(rest) => return true,
            Some(_) => from = at + 1,
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("Écoles DevOps"), "ecoles devops");
    }

    #[test]
    fn every_word_must_match_in_any_order() {
        let words = Words::parse("  Azure   DEVOPS ").unwrap();
        assert!(words.all_in(&["devops engineer", "for microsoft azure"]));
        assert!(!words.all_in(&["azure administrator"]));
        assert_eq!(words.whole, "azure devops");
        assert!(Words::parse("  \t").is_none());
    }

    #[test]
    fn plain_ascii_text_matches_as_if_folded() {
        assert!(contains_folded("DevOps Engineer Expert", "engineer"));
        assert!(contains_folded("AZ-400", "az-4"));
        assert!(contains_folded("aaab", "aab"));
        assert!(!contains_folded("DevOps", "devopss"));
        assert!(!contains_folded("Ecoles", "écoles"));
        assert!(contains_folded(&fold("Écoles"), "ecoles"));
        assert!(contains_folded("anything", ""));
    }
}
