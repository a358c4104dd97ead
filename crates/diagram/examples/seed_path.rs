//! Writes a seed certification's path diagram to standard output:
//! `cargo run -p certgraph-diagram --example seed_path -- devops-engineer [svg|dot|mermaid]`.

use certgraph_diagram::{Format, Highlight, PathDiagram};
use certgraph_snapshot::CatalogSnapshot;

fn main() {
    let mut args = std::env::args().skip(1);
    let code = args.next().unwrap_or_else(|| "devops-engineer".to_owned());
    let format = match args.next().as_deref() {
        Some("dot") => Format::Dot,
        Some("mermaid") => Format::Mermaid,
        _ => Format::Svg,
    };
    let catalog = match certgraph_catalog::bundled() {
        Ok(document) => document.catalog,
        Err(e) => return eprintln!("the bundled catalog does not parse: {e}"),
    };
    let snap = CatalogSnapshot::build(catalog, 1);
    match snap.certification_by_code(&code) {
        Some(root) => print!(
            "{}",
            PathDiagram::of(&snap, root, &Highlight::default()).render(format)
        ),
        None => eprintln!("no certification `{code}` in the seed"),
    }
}
