//! Every module says why it exists before anything else: a reader opening any file learns
//! its purpose from its first line.

use super::{read, relative, rust_files};

fn has_header(text: &str) -> bool {
    text.starts_with("//!")
}

#[test]
fn every_module_starts_with_a_doc_header() {
    let missing: Vec<String> = rust_files()
        .iter()
        .filter(|f| !has_header(&read(f)))
        .map(|f| relative(f))
        .collect();
    assert!(
        missing.is_empty(),
        "these modules do not start with a `//!` header saying why they exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_module_with_code_first_has_no_header() {
    assert!(has_header("//! Why.\n\nuse x;\n"));
    assert!(!has_header("use x;\n//! Late.\n"));
    assert!(!has_header("/// An item's doc.\nfn f() {}\n"));
}
