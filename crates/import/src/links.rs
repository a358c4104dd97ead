//! What a link says: its text read as an exam, a certification or a course, and its URL
//! checked against that text.

use certgraph_domain::{CourseCode, Delivery, ExamCode, WebUrl};

/// The canonical title of the seed's course links.
pub(crate) const INSTRUCTOR_LED: &str = "Instructor-led Training";

/// What the text of a prerequisite link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkText<'a> {
    /// `Exam AZ-303: Title` or `Exam: AZ-104`.
    Exam {
        code: &'a str,
        title: Option<&'a str>,
    },
    /// `Certification: Azure Administrator Associate`.
    Certification {
        name: &'a str,
    },
    Other,
}

/// Reads a link's text.
pub(crate) fn classify(text: &str) -> LinkText<'_> {
    let text = text.trim();
    if let Some(rest) = strip_word(text, "exam") {
        let (code, title) = match rest.split_once(':') {
            Some((code, title)) => (code.trim(), Some(title.trim()).filter(|t| !t.is_empty())),
            None => (rest.trim(), None),
        };
        LinkText::Exam { code, title }
    } else if let Some(name) = strip_word(text, "certification") {
        LinkText::Certification { name: name.trim() }
    } else {
        LinkText::Other
    }
}

/// `text` without a leading `word` (any case) and the `:` or space after it.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    let rest = text.get(word.len()..)?;
    let separated = rest.is_empty() || rest.starts_with([':', ' ', '\t']);
    (head.eq_ignore_ascii_case(word) && separated).then(|| rest.trim_start().trim_start_matches(':'))
}

/// An exam title without its `(beta)` marker, and whether the marker was there.
pub(crate) fn strip_beta(title: &str) -> (String, bool) {
    match title.to_ascii_lowercase().find("(beta)") {
        Some(at) => {
            let before = title.get(..at).unwrap_or_default().trim_end();
            let after = title.get(at + "(beta)".len()..).unwrap_or_default().trim_start();
            let joined = if after.is_empty() {
                before.to_owned()
            } else {
                format!("{before} {after}")
            };
            (joined, true)
        }
        None => (title.to_owned(), false),
    }
}

/// The URL without query and fragment, split into (everything before the last path segment, last segment).
fn last_segment(url: &str) -> Option<(&str, &str)> {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    path.rsplit_once('/')
}

/// If `url` is a page `…/<kind>/<segment>`, the segment.
pub(crate) fn segment_under<'a>(url: &'a str, kind: &str) -> Option<&'a str> {
    let (parent, last) = last_segment(url)?;
    let parent_kind = parent.rsplit('/').next()?;
    parent_kind.eq_ignore_ascii_case(kind).then_some(last)
}

/// `url` cut just after its `/<kind>/` segment (`https://…/learn/certifications/`), if it has one.
pub(crate) fn base_through(url: &str, kind: &str) -> Option<String> {
    let marker = format!("/{kind}/");
    let at = url.find(&marker)?;
    url.get(..at + marker.len()).map(str::to_owned)
}

/// The outcome of checking an exam link's URL against the code in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckedUrl {
    pub(crate) url: Option<WebUrl>,
    pub(crate) problem: Option<String>,
}

/// Checks that an exam link's URL is the page of the exam its text names; if not, the URL
/// is rebuilt from the code (the text wins) and the disagreement described.
pub(crate) fn check_exam_url(code: &ExamCode, url: &str) -> CheckedUrl {
    let slug = code.as_str().to_ascii_lowercase();
    let named = segment_under(url, "exams");
    if named.is_some_and(|s| s.eq_ignore_ascii_case(&slug)) {
        return match WebUrl::parse(url) {
            Ok(url) => CheckedUrl { url: Some(url), problem: None },
            Err(_) => CheckedUrl {
                url: None,
                problem: Some(format!("the link to exam {code} has the URL “{url}”, which is not an absolute http(s) URL; stored no URL")),
            },
        };
    }
    let rebuilt = base_through(url, "exams")
        .or_else(|| base_through(url, "certifications").map(|base| format!("{base}exams/")))
        .and_then(|base| WebUrl::parse(&format!("{base}{slug}")).ok());
    let what = match named {
        Some(other) => format!("names exam `{other}`"),
        None => "is not an exam page".to_owned(),
    };
    let stored = rebuilt
        .as_ref()
        .map_or("no URL".to_owned(), |u| format!("the URL {u}"));
    CheckedUrl {
        problem: Some(format!(
            "the link text names exam {code} but its URL {url} {what}; stored {stored}"
        )),
        url: rebuilt,
    }
}

/// A course named by a link: its code (from the URL), title and delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CourseLink {
    pub(crate) code: CourseCode,
    pub(crate) title: String,
    pub(crate) url: Option<WebUrl>,
    pub(crate) delivery: Delivery,
    /// Set when the title was a misspelling that got corrected.
    pub(crate) corrected_from: Option<String>,
}

/// Reads a course link (`[Instructor-led Training](…/courses/az-303t00)`); `Err` says why it is not one.
pub(crate) fn course_link(text: &str, url: &str) -> Result<CourseLink, String> {
    let segment = segment_under(url, "courses").ok_or_else(|| {
        format!("the link “{text}” ({url}) is neither an exam nor a course page; ignored it")
    })?;
    let code = CourseCode::parse(segment).map_err(|_| {
        format!("the course URL {url} ends in `{segment}`, which is not a course code; ignored it")
    })?;
    let text = text.trim();
    let squashed = squash(text);
    let (title, corrected_from) = if squashed == squash(INSTRUCTOR_LED) {
        (text.to_owned(), None)
    } else if is_near(&squashed, &squash(INSTRUCTOR_LED)) {
        (INSTRUCTOR_LED.to_owned(), Some(text.to_owned()))
    } else {
        (text.to_owned(), None)
    };
    let self_paced = squashed.contains("selfpaced") || squashed.contains("learningpath");
    Ok(CourseLink {
        code,
        title,
        url: WebUrl::parse(url).ok(),
        delivery: if self_paced {
            Delivery::SelfPaced
        } else {
            Delivery::InstructorLed
        },
        corrected_from,
    })
}

/// Lower-case letters and digits only.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Within two edits (insert, delete, substitute) but not equal: a typo.
fn is_near(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 2 || a.len() > 64 {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            row[j + 1] = substitute.min(previous[j + 1] + 1).min(row[j] + 1);
        }
        previous = row;
    }
    previous.last().is_some_and(|&d| d <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_texts_are_read_in_every_seed_shape() {
        assert_eq!(
            classify("Exam AZ-303: Microsoft Azure Architect Technologies"),
            LinkText::Exam {
                code: "AZ-303",
                title: Some("Microsoft Azure Architect Technologies")
            }
        );
        assert_eq!(
            classify("Exam: AZ-104"),
            LinkText::Exam {
                code: "AZ-104",
                title: None
            }
        );
        assert_eq!(
            classify("Certification: Azure Developer Associate"),
            LinkText::Certification {
                name: "Azure Developer Associate"
            }
        );
        assert_eq!(classify("Examples"), LinkText::Other);
        assert_eq!(classify("Instructor-led Training"), LinkText::Other);
    }

    #[test]
    fn the_beta_marker_becomes_a_flag() {
        assert_eq!(
            strip_beta("Microsoft Power Platform Solution Architect (beta)"),
            ("Microsoft Power Platform Solution Architect".into(), true)
        );
        assert_eq!(strip_beta("A (Beta) B"), ("A B".into(), true));
        assert_eq!(strip_beta("Plain"), ("Plain".into(), false));
    }

    #[test]
    fn an_exam_url_naming_another_code_is_rebuilt_from_the_text() {
        let code = ExamCode::parse("PL-400").unwrap();
        let checked = check_exam_url(&code, "https://d.com/learn/certifications/exams/pl-4000");
        assert_eq!(
            checked.url.unwrap().as_str(),
            "https://d.com/learn/certifications/exams/pl-400"
        );
        assert!(checked.problem.unwrap().contains("pl-4000"));
        assert_eq!(check_exam_url(&code, "https://d.com/exams/PL-400/").problem, None);
    }

    #[test]
    fn course_titles_one_typo_away_are_corrected() {
        let course = course_link("Instructor-le Training", "https://d.com/courses/az-304t00").unwrap();
        assert_eq!(course.code.as_str(), "AZ-304T00");
        assert_eq!(course.title, INSTRUCTOR_LED);
        assert_eq!(course.corrected_from.as_deref(), Some("Instructor-le Training"));
        let exact = course_link("Instructor-led Training", "https://d.com/courses/az-303t00").unwrap();
        assert_eq!(exact.corrected_from, None);
        assert!(course_link("Training", "https://d.com/exams/az-303").is_err());
    }
}
