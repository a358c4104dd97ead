//! Certification codes: taken from the certification's URL when that URL agrees with its
//! name, derived from the name when it does not.
//!
//! Microsoft's slugs are the name, lower-cased and hyphenated, sometimes without the
//! trailing level word (`Azure Administrator Associate` → `azure-administrator`) and
//! sometimes with it (`Power Platform Developer Associate` →
//! `power-platform-developer-associate`). So a URL agrees with a name when its slug is
//! either form; and a code derived from a name follows the form used by the trusted
//! certifications that share the most leading words with it (dropping the level word
//! when nothing decides).

use certgraph_domain::{CertificationCode, WebUrl};

use crate::levels::{level_word, words};
use crate::links::{base_through, segment_under};

/// The name's slug with and without a trailing level word (equal when there is none).
fn forms(name: &str) -> (String, String) {
    let mut words = words(name);
    let full = words.join("-");
    if words.len() > 1 && words.last().and_then(|w| level_word(w)).is_some() {
        words.pop();
    }
    (full, words.join("-"))
}

/// How a certification named in the document resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub(crate) code: CertificationCode,
    pub(crate) url: Option<WebUrl>,
    /// Why the URL was not taken as is.
    pub(crate) problem: Option<String>,
}

/// A certification whose URL agreed with its name.
#[derive(Debug, Clone)]
struct Trusted {
    words: Vec<String>,
    kept_level: bool,
    code: CertificationCode,
    base: Option<String>,
}

/// Resolves certification names to codes, learning the slug convention from the ones
/// whose URL agrees with their name.
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    trusted: Vec<Trusted>,
}

impl Resolver {
    /// Records a (name, URL) pair if its URL agrees with the name.
    pub(crate) fn learn(&mut self, name: &str, url: &str) {
        if let Some(code) = agreeing_code(name, url) {
            let (full, short) = forms(name);
            self.trusted.push(Trusted {
                words: words(name),
                kept_level: code.as_str() == full && full != short,
                code,
                base: base_through(url, "certifications"),
            });
        }
    }

    /// The code and URL of a certification: the URL's when it agrees with the name,
    /// otherwise derived from the name (the text wins). `None` when the name has no letters.
    pub(crate) fn resolve(&self, name: &str, url: &str) -> Option<Resolved> {
        if let Some(code) = agreeing_code(name, url) {
            let parsed = WebUrl::parse(url).ok();
            let problem = parsed.is_none().then(|| {
                format!("the link to certification “{name}” has the URL “{url}”, which is not an absolute http(s) URL; stored no URL")
            });
            return Some(Resolved {
                code,
                url: parsed,
                problem,
            });
        }
        let code = self.derive(name)?;
        let base =
            base_through(url, "certifications").or_else(|| self.trusted.iter().find_map(|t| t.base.clone()));
        let rebuilt = base.and_then(|b| WebUrl::parse(&format!("{b}{code}/")).ok());
        let problem = format!(
            "the link text names certification “{name}” but its URL {url} {}; stored certification `{code}` with {}",
            describe(url),
            rebuilt.as_ref().map_or("no URL".to_owned(), |u| format!("the URL {u}")),
        );
        Some(Resolved {
            code,
            url: rebuilt,
            problem: Some(problem),
        })
    }

    fn derive(&self, name: &str) -> Option<CertificationCode> {
        let name_words = words(name);
        if let Some(same) = self.trusted.iter().find(|t| t.words == name_words) {
            return Some(same.code.clone());
        }
        let (full, short) = forms(name);
        CertificationCode::parse(if self.keeps_level(&name_words) {
            &full
        } else {
            &short
        })
        .ok()
    }

    /// Whether the trusted certifications sharing the most leading words keep the level word.
    fn keeps_level(&self, name_words: &[String]) -> bool {
        let shared = |t: &Trusted| t.words.iter().zip(name_words).take_while(|(a, b)| a == b).count();
        let best = self.trusted.iter().map(shared).max().unwrap_or(0);
        if best == 0 {
            return false;
        }
        let (kept, dropped) = self
            .trusted
            .iter()
            .filter(|t| shared(t) == best)
            .fold(
                (0, 0),
                |(k, d), t| if t.kept_level { (k + 1, d) } else { (k, d + 1) },
            );
        kept > dropped
    }
}

/// The URL's certification slug, if it is a certification page whose slug is a form of the name.
fn agreeing_code(name: &str, url: &str) -> Option<CertificationCode> {
    let slug = segment_under(url, "certifications")?;
    let (full, short) = forms(name);
    if slug == full || slug == short {
        CertificationCode::parse(slug).ok()
    } else {
        None
    }
}

/// What a URL that does not agree with a certification's name points at instead.
fn describe(url: &str) -> String {
    if let Some(exam) = segment_under(url, "exams") {
        format!("is the page of exam {}", exam.to_ascii_uppercase())
    } else if let Some(course) = segment_under(url, "courses") {
        format!("is the page of course {}", course.to_ascii_uppercase())
    } else if let Some(other) = segment_under(url, "certifications") {
        format!("names certification `{other}`")
    } else {
        "is not a certification page".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://docs.microsoft.com/en-gb/learn/certifications/";

    fn seed_resolver() -> Resolver {
        let mut r = Resolver::default();
        for (name, slug) in [
            ("Azure Solutions Architect Expert", "azure-solutions-architect"),
            ("DevOps Engineer Expert", "devops-engineer"),
            (
                "Power Platform Solution Architect Expert",
                "power-platform-solution-architect-expert",
            ),
            ("Azure Administrator Associate", "azure-administrator"),
            (
                "Power Platform Functional Consultant Associate",
                "power-platform-functional-consultant-associate",
            ),
            (
                "Power Platform Developer Associate",
                "power-platform-developer-associate",
            ),
        ] {
            r.learn(name, &format!("{BASE}{slug}/"));
        }
        r
    }

    #[test]
    fn a_url_agreeing_with_the_name_gives_the_code() {
        let r = seed_resolver();
        let resolved = r
            .resolve(
                "Azure Administrator Associate",
                &format!("{BASE}azure-administrator/"),
            )
            .unwrap();
        assert_eq!(resolved.code.as_str(), "azure-administrator");
        assert_eq!(resolved.problem, None);
    }

    #[test]
    fn a_wrong_url_is_replaced_by_one_derived_from_the_name_and_its_siblings() {
        let r = seed_resolver();
        let resolved = r
            .resolve("Azure Developer Associate", &format!("{BASE}exams/az-304"))
            .unwrap();
        assert_eq!(resolved.code.as_str(), "azure-developer");
        assert_eq!(resolved.url.unwrap().as_str(), format!("{BASE}azure-developer/"));
        let problem = resolved.problem.unwrap();
        assert!(
            problem.contains("Azure Developer Associate") && problem.contains("exam AZ-304"),
            "{problem}"
        );

        let pp = r
            .resolve("Power Platform App Maker Associate", "https://x.org/")
            .unwrap();
        assert_eq!(pp.code.as_str(), "power-platform-app-maker-associate");
        assert_eq!(
            pp.url.unwrap().as_str(),
            format!("{BASE}power-platform-app-maker-associate/")
        );
    }

    #[test]
    fn a_url_naming_another_certification_loses_to_the_text() {
        let r = seed_resolver();
        let resolved = r
            .resolve(
                "Azure Developer Associate",
                &format!("{BASE}azure-administrator/"),
            )
            .unwrap();
        assert_eq!(resolved.code.as_str(), "azure-developer");
        let problem = resolved.problem.unwrap();
        assert!(
            problem.contains("names certification `azure-administrator`"),
            "{problem}"
        );
    }

    #[test]
    fn without_siblings_the_level_word_is_dropped() {
        let r = Resolver::default();
        let resolved = r.resolve("Security Operations Analyst Associate", "").unwrap();
        assert_eq!(resolved.code.as_str(), "security-operations-analyst");
        assert_eq!(resolved.url, None);
        assert!(r.resolve("★★", "").is_none());
    }
}
