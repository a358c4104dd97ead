//! The key test: the seed imports to exactly the bundled catalog, with its mistakes reported.

use certgraph_domain::{Catalog, ExamStatus};
use certgraph_import::{parse_markdown, MarkdownImport};

use crate::SEED;

fn import_seed() -> MarkdownImport {
    parse_markdown(SEED).expect("the seed imports")
}

/// The bundled catalog less what it adds to the seed (see `TITLES_NOT_IN_SEED`).
fn bundled() -> Catalog {
    certgraph_catalog::bundled_as_seeded()
        .expect("the bundled catalog is valid")
        .catalog
}

#[test]
fn the_seed_imports_to_exactly_the_bundled_catalog_in_its_order() {
    assert_eq!(import_seed().document.catalog, bundled());
}

#[test]
fn the_seed_imports_to_the_bundled_catalog_whatever_the_order() {
    let sorted = |mut c: Catalog| {
        c.certifications.sort_by(|a, b| a.code.cmp(&b.code));
        c.exams.sort_by(|a, b| a.code.cmp(&b.code));
        c.courses.sort_by(|a, b| a.code.cmp(&b.code));
        c
    };
    assert_eq!(sorted(import_seed().document.catalog), sorted(bundled()));
}

#[test]
fn the_seed_warns_about_the_typo_and_both_contradicting_links_on_their_lines() {
    let warnings = import_seed().warnings;
    let lines: Vec<usize> = warnings.iter().filter_map(|w| w.line).collect();
    assert_eq!(lines, [16, 33, 52], "{warnings:#?}");
    assert!(warnings[0].message.contains("Instructor-le Training"));
    let developer = &warnings[1].message;
    assert!(
        developer.contains("Azure Developer Associate") && developer.contains("exams/az-304"),
        "{developer}"
    );
    assert!(developer.contains("https://docs.microsoft.com/en-gb/learn/certifications/azure-developer/"));
    let pl400 = &warnings[2].message;
    assert!(
        pl400.contains("PL-400") && pl400.contains("exams/pl-4000") && pl400.contains("exams/pl-400"),
        "{pl400}"
    );
}

#[test]
fn the_document_notes_repeat_the_warnings() {
    let import = import_seed();
    let expected: Vec<String> = import
        .warnings
        .iter()
        .map(|w| format!("line {}: {}", w.line.unwrap_or(0), w.message))
        .collect();
    assert_eq!(import.document.notes, expected);
}

#[test]
fn descriptions_keep_the_seed_text_byte_for_byte() {
    let catalog = import_seed().document.catalog;
    let architect = catalog.certifications[0]
        .description
        .as_deref()
        .unwrap_or_default();
    assert!(architect.contains("budgeting, and governance–this role"));
    assert!(architect.contains("solutions.\n\nAn Azure Solution Architect"));
    let power = catalog.certifications[2]
        .description
        .as_deref()
        .unwrap_or_default();
    assert!(power.starts_with("If you’re looking"));
    assert!(SEED.contains(power.split("\n\n").nth(1).unwrap_or("missing")));
}

#[test]
fn pl_600_is_beta_without_the_marker_and_has_no_course() {
    let catalog = import_seed().document.catalog;
    let pl600 = catalog
        .exams
        .iter()
        .find(|e| e.code.as_str() == "PL-600")
        .expect("PL-600");
    assert_eq!(pl600.status, ExamStatus::Beta);
    assert_eq!(
        pl600.title.as_deref(),
        Some("Microsoft Power Platform Solution Architect")
    );
    assert!(catalog
        .courses
        .iter()
        .all(|c| c.exams.iter().all(|e| e.as_str() != "PL-600")));
}

#[test]
fn crlf_line_endings_import_the_same_catalog_with_the_same_warning_lines() {
    let crlf = SEED.replace('\n', "\r\n");
    let import = parse_markdown(&crlf).expect("the CRLF seed imports");
    assert_eq!(import.document.catalog, bundled());
    assert_eq!(import.warnings, import_seed().warnings);
}
