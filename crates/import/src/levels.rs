//! Certification levels as the seed writes them: `## Microsoft Certified: Expert ★★★`
//! section headings, and names ending in `Expert`, `Associate`…

use certgraph_domain::Level;

/// `Azure Developer Associate` → `["azure", "developer", "associate"]`.
pub(crate) fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The level a word names: `Expert`, `Associates`, `Fundamentals`, `Specialty`…
pub(crate) fn level_word(word: &str) -> Option<Level> {
    match word.to_ascii_lowercase().as_str() {
        "expert" | "experts" => Some(Level::Expert),
        "associate" | "associates" => Some(Level::Associate),
        "fundamental" | "fundamentals" => Some(Level::Fundamentals),
        "specialty" | "specialties" | "speciality" | "specialist" => Some(Level::Specialty),
        _ => None,
    }
}

/// The level a certification's name ends with, if any.
pub(crate) fn name_level(name: &str) -> Option<Level> {
    words(name).last().and_then(|w| level_word(w))
}

/// The level a section heading gives, by its words (`Expert`) or its stars (★ Fundamentals,
/// ★★ Associate, ★★★ Expert), and a problem to report when it gives none or two.
pub(crate) fn section_level(text: &str) -> (Option<Level>, Option<String>) {
    let by_stars = match text.chars().filter(|&c| c == '★').count() {
        1 => Some(Level::Fundamentals),
        2 => Some(Level::Associate),
        3 => Some(Level::Expert),
        _ => None,
    };
    let by_word = text.split(|c: char| !c.is_alphanumeric()).find_map(level_word);
    match (by_word, by_stars) {
        (Some(word), Some(stars)) if word != stars => {
            let (word, stars) = (word.as_str(), stars.as_str());
            let problem = format!("the section heading “{text}” says {word} but its stars mean {stars}; used {word}");
            (by_word, Some(problem))
        }
        (Some(level), _) | (None, Some(level)) => (Some(level), None),
        (None, None) => (None, Some(format!(
            "the section heading “{text}” names no level (Expert, Associate, Fundamentals, Specialty, or ★ to ★★★); \
             certifications under it take the level their name ends with"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_headings_are_read_by_word_or_by_stars() {
        assert_eq!(
            section_level("Microsoft Certified: Expert ★★★"),
            (Some(Level::Expert), None)
        );
        assert_eq!(section_level("Associates"), (Some(Level::Associate), None));
        assert_eq!(section_level("★"), (Some(Level::Fundamentals), None));
        let (level, problem) = section_level("Fundamentals ★★★");
        assert_eq!(level, Some(Level::Fundamentals));
        assert!(problem.is_some_and(|p| p.contains("EXPERT")));
        assert!(section_level("Other resources").1.is_some());
    }

    #[test]
    fn a_name_ends_with_its_level() {
        assert_eq!(name_level("Azure Developer Associate"), Some(Level::Associate));
        assert_eq!(
            name_level("Azure IoT Developer Specialty"),
            Some(Level::Specialty)
        );
        assert_eq!(name_level("Expert Systems Thing"), None);
    }
}
