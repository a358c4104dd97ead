//! No module imports a module that imports it back, directly or around a ring: such modules
//! can only be understood, changed and tested together. Shared types belong in a leaf both
//! import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::paths::named_paths;
use super::{read, relative, repo_root, rust_files_under, skipped};

type ModulePath = Vec<String>;

/// The `src` directories of the workspace's crates.
fn crate_sources(dir: &Path, found: &mut Vec<PathBuf>) {
    if dir.join("Cargo.toml").is_file() && dir.join("src").is_dir() {
        found.push(dir.join("src"));
    }
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !skipped(&name) {
            crate_sources(&entry.path(), found);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are module `a::b`; `lib.rs` and `main.rs` the root.
fn module_path(src: &Path, file: &Path) -> ModulePath {
    let relative = file.strip_prefix(src).expect("a file under src");
    let mut path: ModulePath = relative
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if matches!(path.last().map(String::as_str), Some("lib" | "main" | "mod")) {
        path.pop();
    }
    path
}

/// Which modules of one crate each module names (not its ancestors or descendants, which
/// always know each other).
fn dependencies(files: &BTreeMap<ModulePath, PathBuf>) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
    let mut edges: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
    for (module, file) in files {
        for path in named_paths(&read(file)) {
            let Some(target) = resolve(module, &path, files) else {
                continue;
            };
            let nested = target.starts_with(module) || module.starts_with(&target);
            if !nested {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// The module file that `path`, named in `module`, lies in: its longest prefix that is one.
fn resolve(
    module: &ModulePath,
    path: &[String],
    files: &BTreeMap<ModulePath, PathBuf>,
) -> Option<ModulePath> {
    let mut full: ModulePath = match path[0].as_str() {
        "crate" => Vec::new(),
        "self" => module.clone(),
        _ => module[..module.len().saturating_sub(1)].to_vec(),
    };
    for segment in &path[1..] {
        match segment.as_str() {
            "super" => {
                full.pop();
            }
            "self" => {}
            _ => full.push(segment.clone()),
        }
    }
    (1..=full.len())
        .rev()
        .map(|len| full[..len].to_vec())
        .find(|prefix| files.contains_key(prefix))
}

/// The strongly connected components of more than one module (Tarjan's algorithm).
fn rings(edges: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<Vec<ModulePath>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<ModulePath, BTreeSet<ModulePath>>,
        index: BTreeMap<&'a ModulePath, usize>,
        low: BTreeMap<&'a ModulePath, usize>,
        stack: Vec<&'a ModulePath>,
        rings: Vec<Vec<ModulePath>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a ModulePath) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let at = self.stack.iter().rposition(|m| *m == v).expect("on the stack");
                let ring: Vec<ModulePath> = self.stack.drain(at..).cloned().collect();
                if ring.len() > 1 {
                    self.rings.push(ring);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        rings: Vec::new(),
    };
    for v in edges.keys() {
        if !walk.index.contains_key(v) {
            walk.visit(v);
        }
    }
    walk.rings
}

/// Each ring of modules that import each other, as the files to look at.
fn module_cycles(root: &Path) -> Vec<String> {
    let mut sources = Vec::new();
    crate_sources(root, &mut sources);
    let mut cycles = Vec::new();
    for src in sources {
        let files: BTreeMap<ModulePath, PathBuf> = rust_files_under(&src)
            .into_iter()
            .map(|file| (module_path(&src, &file), file))
            .collect();
        for ring in rings(&dependencies(&files)) {
            let mut names: Vec<String> = ring.iter().map(|m| relative(&files[m])).collect();
            names.sort();
            cycles.push(names.join(" <-> "));
        }
    }
    cycles.sort();
    cycles
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let cycles = module_cycles(&repo_root());
    assert!(
        cycles.is_empty(),
        "modules that import each other (move what they share to a leaf both import):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn a_ring_of_three_modules_is_found_and_a_parent_child_pair_is_not() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let src = dir.path().join("ring/src");
    std::fs::create_dir_all(src.join("parent")).expect("directories");
    std::fs::write(dir.path().join("ring/Cargo.toml"), "").expect("manifest");
    let files = [
        ("lib.rs", "//! Root.\nmod a; mod b; mod c; mod parent;\n"),
        ("a.rs", "//! A.\nuse crate::b::B;\n"),
        ("b.rs", "//! B.\nuse super::c;\n"),
        ("c.rs", "//! C.\nuse crate::{a::A, parent};\n"),
        ("parent/mod.rs", "//! Parent.\nmod child; use self::child::X;\n"),
        ("parent/child.rs", "//! Child.\nuse super::Y;\n"),
    ];
    for (name, text) in files {
        std::fs::write(src.join(name), text).expect("a module");
    }
    let cycles = module_cycles(dir.path());
    let expected = format!("{0}/a.rs <-> {0}/b.rs <-> {0}/c.rs", src.display());
    assert_eq!(cycles, [expected]);
}
