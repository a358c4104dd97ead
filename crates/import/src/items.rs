//! Prerequisite list items: `[Exam AZ-303: Title](url) (See: [Instructor-led Training](url))`
//! and `[Certification: Name](url) (See: [Exam: AZ-104](url), [Instructor-led Training](url))`.

use certgraph_domain::ExamCode;

use crate::links::{check_exam_url, classify, course_link, strip_beta, LinkText, INSTRUCTOR_LED};
use crate::markdown::{first_link, plain_text, Inline, Item, Link};
use crate::positions::Diagnostics;
use crate::raw::{CertMention, CourseMention, ExamMention, RawItem};
use crate::MarkdownError;

const NO_COURSE: &str = "currently no instructor-led training";

/// Reads one prerequisite list item.
pub(crate) fn read_item(item: &Item, diag: &mut Diagnostics<'_>) -> Result<RawItem, MarkdownError> {
    if item.nested {
        diag.warn(
            item.start,
            "ignored the nested list or block inside this prerequisite",
        );
    }
    let Some((at, main)) = first_link(&item.inlines) else {
        return Err(unrecognised(item, diag));
    };
    let (before, rest) = (&item.inlines[..at], &item.inlines[at + 1..]);
    if !plain_text(before).trim().is_empty() {
        return Err(unrecognised(item, diag));
    }
    let trailer = read_trailer(rest, main.start, diag)?;
    match classify(&main.text) {
        LinkText::Exam { code, title } => exam_item(main, code, title, trailer, diag).map(RawItem::Exam),
        LinkText::Certification { name } => cert_item(main, name, trailer, diag).map(RawItem::Certification),
        LinkText::Other => Err(unrecognised(item, diag)),
    }
}

fn unrecognised(item: &Item, diag: &Diagnostics<'_>) -> MarkdownError {
    let (line, column) = diag.position(content_start(diag.source(), item.start));
    let text: String = plain_text(&item.inlines).trim().chars().take(120).collect();
    MarkdownError::UnrecognisedPrerequisite { line, column, text }
}

/// The offset of an item's content: past its indentation and list marker (`*`, `-`, `+`, `1.`, `1)`).
fn content_start(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    let indented = rest.trim_start_matches([' ', '\t']);
    let numbered = indented.trim_start_matches(|c: char| c.is_ascii_digit());
    let unmarked = if numbered.len() < indented.len() {
        numbered.strip_prefix(['.', ')'])
    } else {
        indented.strip_prefix(['*', '-', '+'])
    };
    let content = unmarked.unwrap_or(indented).trim_start_matches([' ', '\t']);
    start + (rest.len() - content.len())
}

/// Reads an exam link (`[Exam AZ-303: Title](url)`), checking its URL against its code.
fn exam_mention(
    link: &Link,
    code: &str,
    title: Option<&str>,
    diag: &mut Diagnostics<'_>,
) -> Result<ExamMention, MarkdownError> {
    let (code, beta_in_code) = strip_beta(code);
    let code = ExamCode::parse(&code).map_err(|error| {
        let (line, column) = diag.position(link.start);
        MarkdownError::InvalidCode { line, column, error }
    })?;
    let (title, beta) = match title.map(strip_beta) {
        Some((title, beta)) => (Some(title).filter(|t| !t.is_empty()), beta || beta_in_code),
        None => (None, beta_in_code),
    };
    let checked = check_exam_url(&code, &link.url);
    if let Some(problem) = checked.problem {
        diag.warn(link.start, problem);
    }
    Ok(ExamMention {
        start: link.start,
        code,
        title,
        url: checked.url,
        beta,
        courses: Vec::new(),
    })
}

/// What follows an item's main link: `(See: …)` links and any remark.
#[derive(Default)]
struct Trailer {
    exams: Vec<ExamMention>,
    courses: Vec<CourseMention>,
    no_course_at: Option<usize>,
}

fn read_trailer(
    rest: &[Inline],
    anchor: usize,
    diag: &mut Diagnostics<'_>,
) -> Result<Trailer, MarkdownError> {
    let mut trailer = Trailer::default();
    let mut text = String::new();
    for inline in rest {
        match inline {
            Inline::Text(t) => text.push_str(t),
            Inline::Image(image) => diag.warn(
                image.start,
                format!("ignored the image “{}” inside a prerequisite", image.text),
            ),
            Inline::Link(link) => read_see_link(link, &mut trailer, diag)?,
        }
    }
    let lower = text.to_lowercase();
    if lower.contains(NO_COURSE) {
        trailer.no_course_at = Some(anchor);
    }
    let stray = lower
        .replace(NO_COURSE, " ")
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| !word.is_empty() && word != "see");
    if stray {
        diag.warn(
            anchor,
            format!("ignored the text “{}” beside a prerequisite link", text.trim()),
        );
    }
    Ok(trailer)
}

fn read_see_link(
    link: &Link,
    trailer: &mut Trailer,
    diag: &mut Diagnostics<'_>,
) -> Result<(), MarkdownError> {
    match classify(&link.text) {
        LinkText::Exam { code, title } => trailer.exams.push(exam_mention(link, code, title, diag)?),
        LinkText::Certification { name } => diag.warn(
            link.start,
            format!("ignored the link to certification “{name}” inside a prerequisite"),
        ),
        LinkText::Other => match course_link(&link.text, &link.url) {
            Ok(course) => {
                if let Some(typo) = &course.corrected_from {
                    diag.warn(link.start, format!(
                        "the link text “{typo}” of course {} looks like a misspelling of “{INSTRUCTOR_LED}”; stored the title “{INSTRUCTOR_LED}”",
                        course.code
                    ));
                }
                trailer.courses.push(CourseMention {
                    start: link.start,
                    link: course,
                });
            }
            Err(problem) => diag.warn(link.start, problem),
        },
    }
    Ok(())
}

fn exam_item(
    main: &Link,
    code: &str,
    title: Option<&str>,
    trailer: Trailer,
    diag: &mut Diagnostics<'_>,
) -> Result<ExamMention, MarkdownError> {
    let mut exam = exam_mention(main, code, title, diag)?;
    for other in &trailer.exams {
        diag.warn(
            other.start,
            format!(
                "ignored the link to exam {} beside exam {}",
                other.code, exam.code
            ),
        );
    }
    if let (Some(at), false) = (trailer.no_course_at, trailer.courses.is_empty()) {
        diag.warn(
            at,
            format!(
                "exam {} is said to have no instructor-led training, yet a course is linked",
                exam.code
            ),
        );
    }
    for course in trailer.courses {
        attach_course(std::slice::from_mut(&mut exam), course, diag);
    }
    Ok(exam)
}

fn cert_item(
    main: &Link,
    name: &str,
    trailer: Trailer,
    diag: &mut Diagnostics<'_>,
) -> Result<CertMention, MarkdownError> {
    if name.is_empty() {
        let (line, column) = diag.position(main.start);
        return Err(MarkdownError::MissingName { line, column });
    }
    let mut exams = trailer.exams;
    for course in trailer.courses {
        attach_course(&mut exams, course, diag);
    }
    Ok(CertMention {
        start: main.start,
        name: name.to_owned(),
        url: main.url.clone(),
        exams,
    })
}

/// Attaches a course to the exam whose code its code starts with (`AZ-104T00` → `AZ-104`).
/// A lone exam takes a course whose code does not match it, with a warning.
fn attach_course(exams: &mut [ExamMention], course: CourseMention, diag: &mut Diagnostics<'_>) {
    let code = course.link.code.as_str();
    if let Some(exam) = exams.iter_mut().find(|e| code.starts_with(e.code.as_str())) {
        exam.courses.push(course);
    } else if let [exam] = exams {
        diag.warn(
            course.start,
            format!(
                "course {code} is listed for exam {} but its code does not start with the exam's",
                exam.code
            ),
        );
        exam.courses.push(course);
    } else {
        diag.warn(
            course.start,
            format!("course {code} matches none of the exams listed beside it; ignored it"),
        );
    }
}
