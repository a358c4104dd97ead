//! Repository-wide checks that keep the code base easy to move into, in the manner of
//! rust-analyzer's tidy test: they read the sources as text, so they guard every crate at
//! once and fail with the files to fix.

mod cycles;
mod headers;
mod paths;
mod sizes;

use std::path::{Path, PathBuf};

/// The repository's root (this package lives in `tests/`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package sits inside the repository")
        .to_owned()
}

/// Where the project's own Rust lives; build output and Node packages are not ours.
const SOURCE_DIRS: [&str; 3] = ["crates", "migrations", "tests"];

fn skipped(name: &str) -> bool {
    name == "target" || name == "node_modules" || name.starts_with('.')
}

/// Every `.rs` file under `dir`, sorted so failures list them in a stable order.
fn rust_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !skipped(&name) {
                    pending.push(path);
                }
            } else if name.ends_with(".rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every `.rs` file of the project.
fn rust_files() -> Vec<PathBuf> {
    let root = repo_root();
    SOURCE_DIRS
        .iter()
        .flat_map(|dir| rust_files_under(&root.join(dir)))
        .collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_walk_finds_the_project_sources() {
    let files: Vec<String> = rust_files().iter().map(|f| relative(f)).collect();
    assert!(
        files.contains(&"crates/domain/src/lib.rs".to_owned()),
        "{files:?}"
    );
    assert!(files.contains(&"tests/tidy/main.rs".to_owned()), "{files:?}");
    assert!(!files.iter().any(|f| f.contains("node_modules")), "{files:?}");
}
