//! `certgraph import` and `certgraph export` run as a user runs them: exit codes, messages,
//! and byte-identical round trips on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn certgraph(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_certgraph"));
    command.env("DATABASE_URL", database_url).env("RUST_LOG", "warn");
    command
}

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

fn run(database_url: &str, args: &[&str]) -> Output {
    certgraph(database_url).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn sqlite_url(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// Import the seed, export, import the export elsewhere, export again: the same bytes.
fn round_trip(first_db: &str, second_db: &str, dir: &Path) {
    let seed = repo("catalog/seed/expert-certifications.md");
    let imported = run(first_db, &["import", seed.to_str().unwrap()]);
    let stderr = text(&imported.stderr);
    assert_eq!(imported.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("expert-certifications.md:33: warning: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("expert-certifications.md:52: warning: "),
        "{stderr}"
    );
    assert!(text(&imported.stdout).contains("certifications: 7 created, 0 updated, 0 unchanged"));

    let exported = dir.join("export.yaml");
    let out = run(first_db, &["export", "-o", exported.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(second_db, &["import", exported.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let again = run(second_db, &["export", "--format", "catalog-yaml"]);
    assert_eq!(text(&again.stdout), std::fs::read_to_string(&exported).unwrap());

    let json = run(second_db, &["export"]);
    let mut bundled = certgraph_catalog::bundled_as_seeded().unwrap();
    bundled.notes.clear();
    let canonical = bundled
        .to_canonical_string(certgraph_catalog::CatalogFormat::Json)
        .unwrap();
    assert_eq!(
        text(&json.stdout),
        canonical,
        "the seed imports to the bundled catalog"
    );
}

#[test]
fn the_seed_round_trips_byte_identically_through_the_binary_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    round_trip(
        &sqlite_url(dir.path(), "a.db"),
        &sqlite_url(dir.path(), "b.db"),
        dir.path(),
    );
}

/// A PostgreSQL database created on the tests' server and dropped afterwards.
struct PgDatabase(String);

/// The tests' PostgreSQL server (the test command starts a throwaway one): never a default,
/// so no test touches a server it was not pointed at.
fn postgres_admin_url() -> String {
    std::env::var("CERTGRAPH_TEST_POSTGRES_URL").expect(
        "CERTGRAPH_TEST_POSTGRES_URL names the PostgreSQL of the tests (scripts/test.sh \
         starts one): PostgreSQL tests never skip",
    )
}

fn psql(sql: &str) -> std::process::ExitStatus {
    Command::new("psql")
        .arg(postgres_admin_url())
        .args(["-X", "-q", "-c", sql])
        .status()
        .expect("psql is installed: PostgreSQL tests never skip")
}

impl PgDatabase {
    fn create() -> Self {
        let name = format!("certgraph_cli_{}_{}", std::process::id(), rand_suffix());
        let status = psql(&format!("CREATE DATABASE {name}"));
        assert!(
            status.success(),
            "creating {name} on {} failed",
            postgres_admin_url()
        );
        Self(name)
    }

    fn url(&self) -> String {
        let admin = postgres_admin_url();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
        format!("{base}/{}", self.0)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = psql(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.0));
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

#[test]
fn the_seed_round_trips_byte_identically_through_the_binary_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (PgDatabase::create(), PgDatabase::create());
    round_trip(&a.url(), &b.url(), dir.path());
}

#[test]
fn exit_codes_are_0_for_success_1_for_invalid_input_and_2_for_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite_url(dir.path(), "c.db");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"exams\": [,]\n}\n").unwrap();
    let learn = repo("tests/fixtures/learn/catalog.json");
    let overlay = repo("tests/fixtures/learn/requirements.yaml");
    let seed = repo("catalog/seed/expert-certifications.md");
    let path = |p: &Path| p.to_str().unwrap().to_owned();

    let ok = run(&db, &["import", &path(&learn), "--requirements", &path(&overlay)]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));

    let invalid = run(&db, &["import", &path(&broken)]);
    assert_eq!(invalid.status.code(), Some(1));
    assert!(
        text(&invalid.stderr).contains("broken.json:2:"),
        "{}",
        text(&invalid.stderr)
    );
    let missing = run(&db, &["import", "no-such-file.json"]);
    assert_eq!(missing.status.code(), Some(1));
    let unresolvable = run(
        &db,
        &["import", &path(&repo("tests/fixtures/learn/unresolvable.json"))],
    );
    assert_eq!(unresolvable.status.code(), Some(1));
    assert!(text(&unresolvable.stderr).contains("nothing was written"));

    for usage in [
        vec!["import".to_owned(), "catalog.txt".to_owned()],
        vec![
            "import".into(),
            path(&seed),
            "--requirements".into(),
            path(&overlay),
        ],
        vec!["import".into(), path(&seed), "--format".into(), "excel".into()],
        vec!["import".into()],
        vec!["export".into(), "--format".into(), "csv".into()],
    ] {
        let out = certgraph(&db).args(&usage).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{usage:?}: {}", text(&out.stderr));
    }
}

#[test]
fn export_refuses_an_unmigrated_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&sqlite_url(dir.path(), "empty.db"), &["export"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("certgraph migrate"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn help_documents_import_and_export() {
    let help = text(&run("sqlite::memory:", &["--help"]).stdout);
    assert!(help.contains("import") && help.contains("export"), "{help}");
    let import = text(&run("sqlite::memory:", &["import", "--help"]).stdout);
    for flag in ["--format", "--dry-run", "--prune", "--requirements", "--strict"] {
        assert!(import.contains(flag), "{import}");
    }
}

/// The 1-based line of `text` holding `needle`: where a diagnostic about it must point.
fn line_of(text: &str, needle: &str) -> usize {
    1 + text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in the fixture"))
}

/// Imports the seed into a new PostgreSQL database, then `broken` (named `name`): the import
/// must fail with exit code 1, report each of `needles` at its own line in one run, and
/// leave the database as the seed made it.
fn every_problem_is_reported_at_its_line(name: &str, broken: &str, needles: [&str; 3]) {
    let (dir, db) = (tempfile::tempdir().unwrap(), PgDatabase::create());
    let seed = repo("catalog/seed/expert-certifications.md");
    assert_eq!(
        run(&db.url(), &["import", seed.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let before = text(&run(&db.url(), &["export"]).stdout);
    let file = dir.path().join(name);
    std::fs::write(&file, broken).unwrap();

    let out = run(&db.url(), &["import", file.to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    for needle in needles {
        let at = format!("{name}:{}:", line_of(broken, needle));
        assert!(
            errors.iter().any(|e| e.contains(&at)),
            "no error at {at} (for {needle:?}) in\n{stderr}"
        );
    }
    assert!(
        stderr.contains("3 problem(s) in the input; nothing was written"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(" at line "),
        "each place is written once: {stderr}"
    );
    assert_eq!(
        text(&run(&db.url(), &["export"]).stdout),
        before,
        "nothing was written"
    );
}

#[test]
fn a_yaml_catalog_with_three_errors_reports_all_three_at_their_lines_and_writes_nothing() {
    let broken = "\
certifications:
- code: devops-engineer
  name: DevOps Engineer Expert
  level: MASTER
  status: ACTIVE
exams:
- code: AZ-4
  status: LIVE
courses:
- code: AZ-400T00
  delivery: INSTRUCTOR_LED
  exams:
  - AZ-400
  - ZZ-999
";
    every_problem_is_reported_at_its_line("broken.yaml", broken, ["MASTER", "code: AZ-4", "ZZ-999"]);
}

#[test]
fn a_json_catalog_with_three_errors_reports_all_three_at_their_lines_and_writes_nothing() {
    let broken = r#"{
  "certifications": [
    {
      "code": "devops-engineer",
      "name": "DevOps Engineer Expert",
      "level": "EXPERT",
      "status": "ACTIVE",
      "requirements": [{"kind": "SOME_OF", "items": [{"exam": "AZ-400"}]}]
    }
  ],
  "exams": [
    {"code": "AZ-400", "status": "LIVE"},
    {"code": "AZ-104", "status": "SOON"},
    {"code": "AZ-400", "status": "BETA"}
  ]
}
"#;
    every_problem_is_reported_at_its_line("broken.json", broken, ["SOME_OF", "SOON", "BETA"]);
}

#[test]
fn a_markdown_catalog_with_three_errors_reports_all_three_at_their_lines_and_writes_nothing() {
    let broken = "\
## Microsoft Certified: Expert ★★★

### Azure Solutions Architect Expert

Designs solutions.

### [AZ-400](https://learn.microsoft.com/certifications/devops-engineer/) DevOps Engineer Expert

#### Prerequisites

 * [Exam AZ-4: Too short](https://learn.microsoft.com/certifications/exams/az-4)
 * Pass AZ-400 somehow
 * [Exam AZ-400: Designing and Implementing Microsoft DevOps Solutions](https://learn.microsoft.com/certifications/exams/az-400)
";
    every_problem_is_reported_at_its_line("broken.md", broken, ["Architect", "AZ-4:", "somehow"]);
}

#[test]
fn strict_refuses_an_input_with_warnings_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = PgDatabase::create();
    let seed = std::fs::read_to_string(repo("catalog/seed/expert-certifications.md")).unwrap();
    let typo = dir.path().join("typo.md");
    std::fs::write(&typo, seed.replacen("[Exam AZ-400:", "[Exam AZ-40O:", 1)).unwrap();
    let typo = typo.to_str().unwrap();
    assert!(run(&db.url(), &["migrate"]).status.success());
    let empty = text(&run(&db.url(), &["export"]).stdout);

    let strict = run(&db.url(), &["import", "--strict", typo]);
    let stderr = text(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("typo.md:37: warning: the link text names exam AZ-40O"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        text(&run(&db.url(), &["export"]).stdout),
        empty,
        "nothing was written"
    );

    let lenient = run(&db.url(), &["import", typo]);
    assert_eq!(lenient.status.code(), Some(0), "{}", text(&lenient.stderr));
    assert_ne!(text(&run(&db.url(), &["export"]).stdout), empty);
}
