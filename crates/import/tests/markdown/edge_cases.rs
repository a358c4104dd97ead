//! Small documents exercising each rule and each error of the format.

use certgraph_domain::{CatalogProblem, GroupKind, Level, RequirementItem};
use certgraph_import::{parse_markdown, MarkdownError, MarkdownImport};

const CERTS: &str = "https://docs.microsoft.com/en-gb/learn/certifications";

/// An expert section whose one certification has the given prerequisites block.
fn expert(prerequisites: &str) -> String {
    format!(
        "## Microsoft Certified: Expert ★★★\n\n\
         ### [AZ-400]({CERTS}/devops-engineer/) DevOps Engineer Expert\n\n\
         Works on DevOps.\n\n\
         #### **Prerequisites**\n\n\
         {prerequisites}\n"
    )
}

fn exam_item(code: &str) -> String {
    format!(
        " * [Exam {code}: Title of {code}]({CERTS}/exams/{})",
        code.to_lowercase()
    )
}

fn import(text: &str) -> MarkdownImport {
    match parse_markdown(text) {
        Ok(import) => import,
        Err(e) => panic!("import failed: {e}\n{text}"),
    }
}

/// The one error `text` is refused with.
fn refused(text: &str) -> MarkdownError {
    match parse_markdown(text) {
        Ok(_) => panic!("imported:\n{text}"),
        Err(e) if e.errors.len() == 1 => e.errors[0].clone(),
        Err(e) => panic!("expected one error, got {e}"),
    }
}

#[test]
fn an_empty_document_is_refused() {
    for text in ["", "\n\n", "   ", "# Just a title\n\nSome prose.\n"] {
        let err = refused(text);
        assert_eq!(err, MarkdownError::NoCertifications, "{text:?}");
        assert_eq!(err.code(), "NO_CERTIFICATIONS");
        assert_eq!(err.line(), None);
    }
}

#[test]
fn a_certification_heading_without_a_link_is_refused_with_its_line() {
    let text = "## Expert ★★★\n\nIntro.\n\n### Azure Solutions Architect Expert\n\nText.\n";
    let err = refused(text);
    assert_eq!(
        err,
        MarkdownError::HeadingWithoutLink {
            line: 5,
            text: "Azure Solutions Architect Expert".into()
        }
    );
    assert_eq!(err.code(), "HEADING_WITHOUT_LINK");
    assert_eq!(err.line(), Some(5));
}

#[test]
fn a_prerequisite_certification_defined_nowhere_is_refused_with_its_line_and_column() {
    let items = format!(
        "One of:\n\n * [Certification: Azure Administrator Associate]({CERTS}/azure-administrator/)\n\nThen:\n\n{}",
        exam_item("AZ-400")
    );
    let err = refused(&expert(&items));
    assert_eq!(
        err,
        MarkdownError::UnknownCertification {
            line: 11,
            column: 4,
            name: "Azure Administrator Associate".into(),
            code: "azure-administrator".into(),
        }
    );
    assert_eq!(err.code(), "UNKNOWN_CERTIFICATION");
}

#[test]
fn a_prerequisite_certification_may_be_defined_by_its_own_heading() {
    let mut text = expert(&format!(
        " * [Certification: Azure Administrator Associate]({CERTS}/azure-administrator/)\n{}",
        exam_item("AZ-400")
    ));
    text.push_str(&format!(
        "\n## Microsoft Certified: Associate ★★\n\n### [AZ-104]({CERTS}/azure-administrator/) Azure Administrator Associate\n\n#### Prerequisites\n\n{}\n",
        exam_item("AZ-104")
    ));
    let catalog = import(&text).document.catalog;
    let admin = &catalog.certifications[1];
    assert_eq!(
        (admin.code.as_str(), admin.level),
        ("azure-administrator", Level::Associate)
    );
    let devops = &catalog.certifications[0].requirements[0];
    assert_eq!(devops.kind, GroupKind::AllOf);
    assert!(
        matches!(&devops.items[0], RequirementItem::Certification(c) if c.as_str() == "azure-administrator")
    );
}

#[test]
fn warnings_name_the_line_of_the_link_to_blame() {
    let items = format!(
        "{}\n * [Exam AZ-401: Other](https://docs.microsoft.com/en-gb/learn/certifications/exams/az-410)",
        exam_item("AZ-400")
    );
    let text = expert(&items);
    let import = import(&text);
    assert_eq!(import.warnings.len(), 2, "{:#?}", import.warnings);
    assert_eq!(
        import.warnings[0].line,
        Some(3),
        "the heading does not name AZ-401"
    );
    assert_eq!(import.warnings[1].line, Some(10));
    assert!(import.warnings[1].message.contains("az-410"));

    let shifted = format!("# Title\n\nPreamble.\n\n\n{text}");
    let lines: Vec<usize> = parse_markdown(&shifted)
        .map(|i| i.warnings.iter().filter_map(|w| w.line).collect())
        .unwrap_or_default();
    assert_eq!(
        lines,
        [3, 8, 15],
        "the preamble paragraph is ignored, and its 5 lines shift the others by 5"
    );
}

#[test]
fn crlf_descriptions_are_normalised_and_lines_still_count_right() {
    let lf = expert(&format!(
        "{}\n * [Exam AZ-401: T]({CERTS}/exams/az-999)",
        exam_item("AZ-400")
    ))
    .replace("Works on DevOps.", "Works on\nDevOps,  \nhard.");
    let crlf = lf.replace('\n', "\r\n");
    let (a, b) = (import(&lf), import(&crlf));
    assert_eq!(a.document, b.document);
    assert_eq!(a.warnings, b.warnings);
    let description = b.document.catalog.certifications[0]
        .description
        .clone()
        .unwrap_or_default();
    assert_eq!(description, "Works on\nDevOps,  \nhard.");
    assert_eq!(b.warnings.last().and_then(|w| w.line), Some(12));
}

#[test]
fn an_invalid_exam_code_is_refused_with_line_and_column() {
    let err = refused(&expert(" * [Exam AZ-4: Too short](https://x.org/exams/az-4)"));
    assert!(
        matches!(
            err,
            MarkdownError::InvalidCode {
                line: 9,
                column: 4,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("AZ-4"), "{err}");
}

#[test]
fn an_item_that_is_no_link_is_refused() {
    let err = refused(&expert(" * Pass AZ-400 somehow"));
    assert!(
        matches!(&err, MarkdownError::UnrecognisedPrerequisite { line: 9, column: 4, text } if text == "Pass AZ-400 somehow"),
        "{err:?}"
    );
}

#[test]
fn section_headings_give_every_level() {
    for (section, level) in [
        ("## Microsoft Certified: Associate ★★", Level::Associate),
        ("## Fundamentals ★", Level::Fundamentals),
        ("## Specialty", Level::Specialty),
        ("## ★★★", Level::Expert),
    ] {
        let text = format!("{section}\n\n### [AZ-900]({CERTS}/azure-fundamentals/) Azure Thing\n\n#### Prerequisites\n\n{}\n", exam_item("AZ-900"));
        assert_eq!(
            import(&text).document.catalog.certifications[0].level,
            level,
            "{section}"
        );
    }
}

#[test]
fn without_a_level_section_the_name_gives_the_level_or_the_import_fails() {
    let body = |name: &str| {
        format!(
            "### [AZ-900]({CERTS}/x/) {name}\n\n#### Prerequisites\n\n{}\n",
            exam_item("AZ-900")
        )
    };
    let by_name = import(&body("Azure Fundamentals"));
    assert_eq!(
        by_name.document.catalog.certifications[0].level,
        Level::Fundamentals
    );
    assert_eq!(
        by_name.warnings[0].line,
        Some(1),
        "the URL slug `x` disagrees with the name"
    );
    let err = refused(&body("Azure Thing"));
    assert_eq!(
        err,
        MarkdownError::UnknownLevel {
            line: 1,
            name: "Azure Thing".into()
        }
    );
}

#[test]
fn a_certification_defined_twice_is_refused() {
    let one = expert(&exam_item("AZ-400"));
    let text = format!(
        "{one}\n{}",
        one.replace("## Microsoft Certified: Expert ★★★\n", "")
    );
    let err = refused(&text);
    assert_eq!(
        err,
        MarkdownError::DuplicateCertification {
            line: 12,
            first_line: 3,
            code: "devops-engineer".into()
        }
    );
}

#[test]
fn a_prerequisite_cycle_is_refused_with_the_line_of_a_certification_on_it() {
    let text = format!(
        "## Expert\n\n### [Alpha Expert]({CERTS}/alpha/)\n\n#### Prerequisites\n\n * [Certification: Beta Expert]({CERTS}/beta/)\n\n\
         ### [Beta Expert]({CERTS}/beta/)\n\n#### Prerequisites\n\n * [Certification: Alpha Expert]({CERTS}/alpha/)\n"
    );
    let err = refused(&text);
    let MarkdownError::Invalid { line, problem } = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(problem, CatalogProblem::Cycle { .. }), "{problem:?}");
    assert_eq!(*line, 3);
}

#[test]
fn an_associate_listed_under_two_experts_is_one_certification() {
    let associate = format!(
        " * [Certification: Azure Administrator Associate]({CERTS}/azure-administrator/) (See: [Exam: AZ-104]({CERTS}/exams/az-104), [Instructor-led Training]({CERTS}/courses/az-104t00))"
    );
    let first = expert(&format!("{associate}\n{}", exam_item("AZ-400")));
    let second = format!(
        "### [AZ-500]({CERTS}/security-engineer/) Security Engineer Expert\n\n#### Prerequisites\n\n{}\n{}\n",
        associate.replace("104", "103"),
        exam_item("AZ-500")
    );
    let import = import(&format!("{first}\n{second}"));
    let catalog = &import.document.catalog;
    let codes: Vec<&str> = catalog.certifications.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        ["devops-engineer", "security-engineer", "azure-administrator"]
    );
    let courses: Vec<&str> = catalog.courses.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        courses,
        ["AZ-104T00", "AZ-103T00"],
        "one course per link target, never duplicated"
    );
    let repeat = import
        .warnings
        .iter()
        .find(|w| w.message.contains("earned by"))
        .expect("a warning");
    assert_eq!(repeat.line, Some(16));
}

#[test]
fn a_certification_without_a_prerequisites_list_requires_its_heading_exams() {
    let text = format!("## Expert ★★★\n\n### [AZ-303, AZ-304]({CERTS}/azure-solutions-architect/) Azure Solutions Architect Expert\n\nText.\n");
    let import = import(&text);
    let cert = &import.document.catalog.certifications[0];
    assert_eq!(cert.requirements.len(), 1);
    assert_eq!(cert.requirements[0].items.len(), 2);
    assert_eq!(import.document.catalog.exams.len(), 2);
    assert_eq!(import.warnings[0].line, Some(3));
}

#[test]
fn a_course_whose_code_does_not_match_its_exam_is_kept_with_a_warning() {
    let item = format!(
        "{} (See: [Instructor-led Training]({CERTS}/courses/az-500t00))",
        exam_item("AZ-400")
    );
    let import = import(&expert(&item));
    assert_eq!(import.document.catalog.courses[0].code.as_str(), "AZ-500T00");
    assert_eq!(import.warnings.len(), 1);
    assert_eq!(import.warnings[0].line, Some(9));
}

#[test]
fn every_error_of_a_document_is_reported_in_one_run() {
    let text = format!(
        "## Expert\n\n### Azure Solutions Architect Expert\n\nText.\n\n{}",
        expert(" * [Exam AZ-4: Too short](https://x.org/exams/az-4)\n * Pass AZ-400 somehow\n")
            .replace("## Microsoft Certified: Expert ★★★\n\n", "")
    );
    let refused = parse_markdown(&text).unwrap_err();
    let found: Vec<(&str, Option<usize>)> = refused.errors.iter().map(|e| (e.code(), e.line())).collect();
    assert_eq!(
        found,
        [
            ("HEADING_WITHOUT_LINK", Some(3)),
            ("INVALID_CODE", Some(13)),
            ("UNRECOGNISED_PREREQUISITE", Some(14)),
        ],
        "{refused}"
    );
}
