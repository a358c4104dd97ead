//! Microsoft Learn Catalog API responses: mapping, uid resolution, URL clean-up, the
//! requirements overlay, invalid records, idempotency, and a large generated response.

use certgraph::commands::export::ExportFormat;
use certgraph::commands::import::ImportFailure;
use certgraph_catalog::{CatalogDocument, CatalogFormat};
use certgraph_domain::{Catalog, Certification, ExamStatus, GroupKind, Level, RequirementItem};
use certgraph_testkit::learn::write_synthetic_learn;
use certgraph_tests::{on_both_backends, Backend, TestDatabase};

use super::{args, counts, export, import, import_with, learn_fixture, row_counts};

on_both_backends!(
    learn_records_map_to_certifications_exams_and_courses,
    the_requirements_overlay_replaces_the_derived_groups,
    invalid_learn_records_are_skipped_with_warnings_naming_them,
    unresolvable_learn_references_are_reported_with_the_database_problems,
    a_learn_import_twice_changes_nothing_the_second_time,
    a_large_generated_learn_response_imports_and_reimports_unchanged,
);

async fn exported(db: &TestDatabase) -> Catalog {
    let text = export(db, ExportFormat::CatalogJson).await;
    CatalogDocument::read_unvalidated(text.as_bytes(), CatalogFormat::Json)
        .unwrap()
        .catalog
}

fn cert<'a>(catalog: &'a Catalog, code: &str) -> &'a Certification {
    catalog
        .certifications
        .iter()
        .find(|c| c.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

fn items(kind: GroupKind, codes: &[&str]) -> (GroupKind, Vec<String>) {
    (kind, codes.iter().map(|c| (*c).to_owned()).collect())
}

fn groups(c: &Certification) -> Vec<(GroupKind, Vec<String>)> {
    let code = |i: &RequirementItem| match i {
        RequirementItem::Certification(c) => c.to_string(),
        RequirementItem::Exam(e) => e.to_string(),
    };
    c.requirements
        .iter()
        .map(|g| (g.kind, g.items.iter().map(code).collect()))
        .collect()
}

async fn learn_records_map_to_certifications_exams_and_courses(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let run = import(&db, &learn_fixture("catalog.json")).await;
    assert_eq!(run.summary().certifications, counts(8, 0, 0, 0));
    assert!(
        run.err.contains(
            "catalog.json: note: certification \"certification.devops-engineer\": 2 prerequisites with no \
             AND/OR in the source were stored as one ONE_OF group"
        ),
        "{}",
        run.err
    );
    let catalog = exported(&db).await;
    let levels: Vec<(&str, Level)> = catalog
        .certifications
        .iter()
        .map(|c| (c.code.as_str(), c.level))
        .collect();
    assert_eq!(
        levels,
        [
            ("azure-administrator", Level::Associate),
            ("azure-developer", Level::Associate),
            ("azure-fundamentals", Level::Fundamentals),
            ("azure-iot-developer-specialty", Level::Specialty),
            ("azure-solutions-architect", Level::Expert),
            ("devops-engineer", Level::Expert),
            ("power-platform-functional-consultant-associate", Level::Associate),
            ("power-platform-solution-architect-expert", Level::Expert),
        ]
    );
    let devops = cert(&catalog, "devops-engineer");
    assert_eq!(
        groups(devops),
        [
            items(GroupKind::OneOf, &["azure-administrator", "azure-developer"]),
            items(GroupKind::AllOf, &["AZ-400"])
        ]
    );
    assert_eq!(
        devops.url.as_ref().unwrap().as_str(),
        "https://learn.microsoft.com/en-us/credentials/certifications/devops-engineer/"
    );
    let developer = cert(&catalog, "azure-developer").url.as_ref().unwrap().as_str();
    assert_eq!(developer, "https://learn.microsoft.com/en-us/credentials/certifications/azure-developer/?tab=tab-learning-paths");
    let architect = cert(&catalog, "azure-solutions-architect");
    assert_eq!(
        groups(architect),
        [
            items(GroupKind::AllOf, &["azure-administrator"]),
            items(GroupKind::AllOf, &["AZ-303", "AZ-304"])
        ]
    );
    let pl600 = catalog
        .exams
        .iter()
        .find(|e| e.code.as_str() == "PL-600")
        .unwrap();
    assert_eq!(
        (pl600.status, pl600.title.as_deref()),
        (
            ExamStatus::Beta,
            Some("Microsoft Power Platform Solution Architect")
        )
    );
    let az400t00 = catalog
        .courses
        .iter()
        .find(|c| c.code.as_str() == "AZ-400T00")
        .unwrap();
    assert_eq!(
        az400t00.exams.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        ["AZ-400"]
    );
    assert_eq!(
        az400t00.url.as_ref().unwrap().as_str(),
        "https://learn.microsoft.com/en-us/training/courses/az-400t00"
    );
    assert!(catalog
        .exams
        .iter()
        .chain([])
        .all(|e| !e.url.as_ref().is_some_and(|u| u.as_str().contains("WT."))));
    assert_eq!((catalog.exams.len(), catalog.courses.len()), (9, 7));
}

async fn the_requirements_overlay_replaces_the_derived_groups(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let mut with_overlay = args(&learn_fixture("catalog.json"));
    with_overlay.requirements = Some(learn_fixture("requirements.yaml"));
    let run = import_with(&db, with_overlay).await;
    run.summary();
    assert!(
        !run.err.contains("note:"),
        "the overlay states the groups:\n{}",
        run.err
    );
    assert!(
        run.err
            .contains("certification `not-in-the-input` is not in the input"),
        "{}",
        run.err
    );
    let catalog = exported(&db).await;
    assert_eq!(
        groups(cert(&catalog, "azure-solutions-architect")),
        [items(GroupKind::AllOf, &["AZ-303", "AZ-304"])]
    );
    assert_eq!(groups(cert(&catalog, "devops-engineer"))[0].0, GroupKind::OneOf);
    // Without the overlay the architect's Learn prerequisite comes back: an update.
    let plain = import(&db, &learn_fixture("catalog.json")).await;
    assert_eq!(plain.summary().certifications, counts(0, 1, 7, 0));
}

async fn invalid_learn_records_are_skipped_with_warnings_naming_them(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let run = import(&db, &learn_fixture("invalid-records.json")).await;
    let summary = run.summary();
    assert_eq!(
        (
            summary.certifications.created,
            summary.exams.created,
            summary.courses.created
        ),
        (2, 2, 2)
    );
    for warning in [
        "warning: certification \"certification.missing-title\": missing required field `title`; record skipped",
        "warning: certification \"certification.Not_A_Slug\": uid: invalid certification code",
        "warning: certification \"certification.mystery\": unknown certification_type \"mos\"",
        "warning: certification \"certification.security-operations-analyst\": invalid URL \"not a url\"",
        "warning: certifications[5]: missing required field `uid`; record skipped",
        "warning: exam \"exam.no-display-name\": missing required field `display_name`; record skipped",
        "warning: exam \"exam.bad-code\": display_name: invalid exam code \"Exam 700 A\"",
        "warning: exam \"exam.sc-200\": field `title` is not a string; ignored",
        "warning: exams[4]: not an object; record skipped",
        "warning: exam \"exam.az-700\": courses: \"course.retired-course\" is not a course in the input",
        "warning: course \"course.no-number\": missing required field `course_number`; record skipped",
        "warning: course \"course.sc-200t00\": exam: \"a-retired-exam\" is not an exam in the input",
    ] {
        assert!(run.err.contains(&format!("invalid-records.json: {warning}")), "missing {warning:?} in\n{}", run.err);
    }
    let catalog = exported(&db).await;
    let analyst = cert(&catalog, "security-operations-analyst");
    assert!(analyst.url.is_none());
    let sc200 = catalog
        .exams
        .iter()
        .find(|e| e.code.as_str() == "SC-200")
        .unwrap();
    assert!(sc200.title.is_none());
    let course = catalog
        .courses
        .iter()
        .find(|c| c.code.as_str() == "SC-200T00")
        .unwrap();
    assert_eq!(
        course.exams.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        ["SC-200"],
        "linked from the exam"
    );
}

async fn unresolvable_learn_references_are_reported_with_the_database_problems(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import(&db, &learn_fixture("catalog.json")).await.summary();
    let before = row_counts(&db).await;
    let run = import(&db, &learn_fixture("unresolvable.json")).await;
    assert!(
        matches!(run.result, Err(ImportFailure::Invalid(4))),
        "{:?}\n{}",
        run.result,
        run.err
    );
    for problem in [
        "error: certification \"certification.azure-database-administrator-associate\": exams: \"an exam that names no code\"",
        "error: duplicate exam code `DP-203`",
        "error: `azure-data-engineer` refers to unknown exam `ZZ-999`",
        "error: prerequisite cycle through certifications `cycle-a`, `cycle-b`",
    ] {
        assert!(run.err.contains(&format!("unresolvable.json: {problem}")), "missing {problem:?} in\n{}", run.err);
    }
    assert_eq!(row_counts(&db).await, before);
}

async fn a_learn_import_twice_changes_nothing_the_second_time(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import(&db, &learn_fixture("catalog.json")).await.summary();
    let first = export(&db, ExportFormat::CatalogJson).await;
    let again = import(&db, &learn_fixture("catalog.json")).await;
    let summary = again.summary();
    assert_eq!(
        (summary.certifications, summary.exams, summary.courses),
        (counts(0, 0, 8, 0), counts(0, 0, 9, 0), counts(0, 0, 7, 0))
    );
    assert_eq!(export(&db, ExportFormat::CatalogJson).await, first);
}

async fn a_large_generated_learn_response_imports_and_reimports_unchanged(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("learn-large.json");
    let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let generated = write_synthetic_learn(file, 1500, 3).unwrap();
    assert!(generated.bytes > 3_000_000, "{generated:?}");
    let db = TestDatabase::create(backend).await;
    let first = import(&db, &path).await;
    let summary = first.summary();
    assert_eq!(
        (
            summary.certifications.created,
            summary.exams.created,
            summary.courses.created
        ),
        (generated.certifications, generated.exams, generated.courses)
    );
    let again = import(&db, &path).await;
    assert_eq!(
        again.summary().certifications,
        counts(0, 0, generated.certifications, 0)
    );
    assert!(!again.summary().written);
}
