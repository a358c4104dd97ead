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

    /// Whether every word occurs somewhere in `fields` (each already folded).
    pub fn all_in(&self, fields: &[&str]) -> bool {
        self.words
            .iter()
            .all(|w| fields.iter().any(|f| f.contains(w.as_str())))
    }
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
}
