//! The seed's Markdown and certgraph's catalog format: equality with the bundled catalog,
//! byte-identical round trips, idempotency, validation, dry runs and pruning.

use certgraph::commands::export::ExportFormat;
use certgraph::commands::import::ImportFailure;
use certgraph_catalog::{bundled, bundled_as_seeded, CatalogDocument, CatalogFormat};
use certgraph_store::RecordKind;
use certgraph_tests::{on_both_backends, Backend, TestDatabase};

use super::{
    args, counts, export, import, import_with, repo_path, row_counts, seed_markdown, store, temp_file,
};

on_both_backends!(
    the_seed_markdown_imports_to_the_bundled_catalog_with_warnings_on_their_lines,
    export_import_export_is_byte_identical_in_json_and_yaml,
    importing_the_same_input_twice_changes_nothing_the_second_time,
    a_changed_record_is_updated_with_its_version_bumped_and_its_groups_replaced,
    an_invalid_import_reports_every_problem_together_and_writes_nothing,
    a_dry_run_reports_the_changes_and_writes_nothing,
    only_prune_deletes_what_the_input_lacks,
    without_prune_the_input_may_refer_to_stored_records,
    nul_in_a_title_is_refused_on_both_backends_and_writes_nothing,
);

/// The bundled catalog as an export writes it: canonical, and without notes (not stored).
fn bundled_json() -> String {
    export_of(bundled().unwrap())
}

/// What the seed imports to, as an export writes it (see [`bundled_as_seeded`]).
fn seeded_json() -> String {
    export_of(bundled_as_seeded().unwrap())
}

fn export_of(mut doc: CatalogDocument) -> String {
    doc.notes.clear();
    doc.to_canonical_string(CatalogFormat::Json).unwrap()
}

async fn the_seed_markdown_imports_to_the_bundled_catalog_with_warnings_on_their_lines(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let run = import(&db, &seed_markdown()).await;
    assert_eq!(run.summary().certifications, counts(7, 0, 0, 0));
    for line in [16, 33, 52] {
        let prefix = format!("expert-certifications.md:{line}: warning: ");
        assert!(
            run.err.contains(&prefix),
            "no warning for line {line}:\n{}",
            run.err
        );
    }
    assert!(run
        .err
        .contains(":33: warning: the link text names certification “Azure Developer Associate”"));
    assert!(run.err.contains(":52: warning: the link text names exam PL-400"));
    assert_eq!(export(&db, ExportFormat::CatalogJson).await, seeded_json());
}

async fn export_import_export_is_byte_identical_in_json_and_yaml(backend: Backend) {
    let source = TestDatabase::create(backend).await;
    import(&source, &repo_path("catalog/expert-certifications.json"))
        .await
        .summary();
    for (format, ext) in [
        (ExportFormat::CatalogJson, "json"),
        (ExportFormat::CatalogYaml, "yaml"),
    ] {
        let first = export(&source, format).await;
        let (_dir, file) = temp_file(&format!("catalog.{ext}"), &first);
        let copy = TestDatabase::create(backend).await;
        assert_eq!(import(&copy, &file).await.summary().exams, counts(8, 0, 0, 0));
        assert_eq!(
            export(&copy, format).await,
            first,
            "{ext} export changed after a round trip"
        );
    }
    assert_eq!(export(&source, ExportFormat::CatalogJson).await, bundled_json());
}

async fn importing_the_same_input_twice_changes_nothing_the_second_time(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import(&db, &seed_markdown()).await.summary();
    let again = import(&db, &seed_markdown()).await;
    let summary = again.summary();
    assert_eq!(
        (summary.certifications, summary.exams, summary.courses),
        (counts(0, 0, 7, 0), counts(0, 0, 8, 0), counts(0, 0, 7, 0))
    );
    assert!(!summary.written && summary.changes.is_empty());
    assert!(
        again
            .out
            .contains("certifications: 0 created, 0 updated, 7 unchanged"),
        "{}",
        again.out
    );
    let store = store(&db).await;
    let certs = store.record_versions(RecordKind::Certification).await.unwrap();
    assert!(certs.values().all(|&v| v == 1), "{certs:?}");
}

async fn a_changed_record_is_updated_with_its_version_bumped_and_its_groups_replaced(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import(&db, &seed_markdown()).await.summary();
    let changed = seeded_json()
        .replace(
            "\"title\": \"Designing and Implementing Microsoft DevOps Solutions\"",
            "\"title\": \"DevOps, renamed\"",
        )
        .replace("\"kind\": \"ONE_OF\"", "\"kind\": \"ALL_OF\"");
    let (_dir, file) = temp_file("changed.json", &changed);
    let run = import(&db, &file).await;
    let summary = run.summary();
    assert_eq!(summary.exams, counts(0, 1, 7, 0));
    assert_eq!(summary.certifications, counts(0, 2, 5, 0));
    let change: Vec<String> = summary.changes.iter().map(ToString::to_string).collect();
    assert!(
        change.contains(&"update exam AZ-400 (title)".to_owned()),
        "{change:?}"
    );
    assert!(
        change.contains(&"update certification devops-engineer (requirements)".to_owned()),
        "{change:?}"
    );
    assert_eq!(export(&db, ExportFormat::CatalogJson).await, changed);
    let store = store(&db).await;
    let certs = store.record_versions(RecordKind::Certification).await.unwrap();
    assert_eq!(certs["devops-engineer"], 2);
    let exams = store.record_versions(RecordKind::Exam).await.unwrap();
    assert_eq!(exams["AZ-400"], 2);
}

const BROKEN: &str = r#"{
  "certifications": [
    {"code": "a", "name": "A", "level": "EXPERT", "status": "ACTIVE",
     "requirements": [{"kind": "ALL_OF", "items": [{"certification": "b"}, {"exam": "ZZ-999"}]}]},
    {"code": "b", "name": "B", "level": "EXPERT", "status": "ACTIVE",
     "requirements": [{"kind": "ALL_OF", "items": [{"certification": "a"}]}]}
  ],
  "exams": [
    {"code": "AZ-104", "title": "changed, but never written", "status": "LIVE"},
    {"code": "AZ-104", "status": "LIVE"}
  ]
}"#;

async fn an_invalid_import_reports_every_problem_together_and_writes_nothing(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import(&db, &seed_markdown()).await.summary();
    let before = row_counts(&db).await;
    let (_dir, file) = temp_file("broken.json", BROKEN);
    let run = import(&db, &file).await;
    assert!(
        matches!(run.result, Err(ImportFailure::Invalid(3))),
        "{:?}\n{}",
        run.result,
        run.err
    );
    // Each at the record (and value) to blame: the second AZ-104, the item ZZ-999, the
    // requirements of the first certification on the cycle.
    for (at, problem) in [
        (
            "broken.json:10:",
            "error: exam `AZ-104`: duplicate exam code `AZ-104`",
        ),
        (
            "broken.json:4:",
            "error: certification `a`: `a` refers to unknown exam `ZZ-999`",
        ),
        (
            "broken.json:4:",
            "error: certification `a`: prerequisite cycle through certifications `a`, `b`",
        ),
    ] {
        let line = run.err.lines().find(|l| l.contains(problem));
        assert!(
            line.is_some_and(|l| l.starts_with(at) || l.contains(&format!("/{at}"))),
            "missing {at} {problem:?} in\n{}",
            run.err
        );
    }
    assert_eq!(row_counts(&db).await, before);
    assert_eq!(export(&db, ExportFormat::CatalogJson).await, seeded_json());
}

/// PostgreSQL cannot store NUL in text and SQLite can: validation refuses it on both, so a
/// file imports the same wherever it goes, and never fails halfway in the database.
async fn nul_in_a_title_is_refused_on_both_backends_and_writes_nothing(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import(&db, &seed_markdown()).await.summary();
    let before = row_counts(&db).await;
    let input = r#"{ "exams": [ {"code": "AZ-104", "title": "Azure\u0000Admin", "status": "LIVE"} ] }"#;
    let (_dir, file) = temp_file("nul.json", input);
    let run = import(&db, &file).await;
    assert!(
        matches!(run.result, Err(ImportFailure::Invalid(1))),
        "{:?}\n{}",
        run.result,
        run.err
    );
    assert!(
        run.err.contains("exam `AZ-104`: `title` contains NUL (U+0000)"),
        "{}",
        run.err
    );
    assert_eq!(row_counts(&db).await, before);
}

async fn a_dry_run_reports_the_changes_and_writes_nothing(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let mut dry = args(&seed_markdown());
    dry.dry_run = true;
    let run = import_with(&db, dry.clone()).await;
    assert_eq!(run.summary().certifications, counts(7, 0, 0, 0));
    assert!(run.out.starts_with("dry run: nothing was written"), "{}", run.out);
    assert!(
        run.out.contains("  create certification devops-engineer\n"),
        "{}",
        run.out
    );
    assert!(row_counts(&db).await.iter().all(|(_, n)| *n == 0));

    let (_dir, file) = temp_file("subset.json", &subset_json());
    import(&db, &seed_markdown()).await.summary();
    dry.path = file;
    dry.prune = true;
    let before = row_counts(&db).await;
    let run = import_with(&db, dry).await;
    assert_eq!(run.summary().certifications, counts(0, 0, 2, 5));
    assert!(
        run.out.contains("  delete certification devops-engineer\n"),
        "{}",
        run.out
    );
    assert_eq!(row_counts(&db).await, before);
}

/// The bundled catalog cut down to the Azure administrator and developer associates.
fn subset_json() -> String {
    let mut doc = bundled_as_seeded().unwrap();
    doc.notes.clear();
    let keep = ["azure-administrator", "azure-developer"];
    doc.catalog
        .certifications
        .retain(|c| keep.contains(&c.code.as_str()));
    doc.catalog
        .exams
        .retain(|e| ["AZ-104", "AZ-204"].contains(&e.code.as_str()));
    doc.catalog
        .courses
        .retain(|c| c.exams.iter().all(|e| ["AZ-104", "AZ-204"].contains(&e.as_str())));
    doc.to_canonical_string(CatalogFormat::Json).unwrap()
}

async fn only_prune_deletes_what_the_input_lacks(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import(&db, &seed_markdown()).await.summary();
    let (_dir, file) = temp_file("subset.json", &subset_json());
    let kept = import(&db, &file).await;
    assert_eq!(kept.summary().certifications, counts(0, 0, 2, 0));
    assert_eq!(export(&db, ExportFormat::CatalogJson).await, seeded_json());

    let mut prune = args(&file);
    prune.prune = true;
    let pruned = import_with(&db, prune).await;
    let summary = pruned.summary();
    assert_eq!(
        (summary.certifications, summary.exams, summary.courses),
        (counts(0, 0, 2, 5), counts(0, 0, 2, 6), counts(0, 0, 2, 5))
    );
    assert_eq!(export(&db, ExportFormat::CatalogJson).await, subset_json());
    let rows: Vec<i64> = row_counts(&db).await.into_iter().map(|(_, n)| n).collect();
    assert_eq!(rows, [2, 2, 2, 2, 2, 2]);
}

async fn without_prune_the_input_may_refer_to_stored_records(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import(&db, &seed_markdown()).await.summary();
    let text = r#"certifications:
- code: devops-lead
  name: DevOps Lead Expert
  level: EXPERT
  status: ACTIVE
  requirements:
  - kind: ALL_OF
    items:
    - certification: devops-engineer
    - exam: AZ-400
"#;
    let (_dir, file) = temp_file("extra.yaml", text);
    let mut prune = args(&file);
    prune.prune = true;
    let refused = import_with(&db, prune).await;
    assert!(
        matches!(refused.result, Err(ImportFailure::Invalid(2))),
        "{}",
        refused.err
    );
    let added = import(&db, &file).await;
    assert_eq!(added.summary().certifications, counts(1, 0, 0, 0));
    let doc = CatalogDocument::read_unvalidated(
        export(&db, ExportFormat::CatalogYaml).await.as_bytes(),
        CatalogFormat::Yaml,
    )
    .unwrap();
    assert_eq!(doc.catalog.certifications.len(), 8);
    doc.catalog.validate().unwrap();
}
