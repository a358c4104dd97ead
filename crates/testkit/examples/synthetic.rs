//! Writes a synthetic catalog as catalog JSON, for benchmarks:
//! `cargo run --release -p certgraph-testkit --example synthetic -- 1000 > catalog.json`
//! (the number of certifications; the same number always gives the same catalog).

use certgraph_catalog::{CatalogDocument, CatalogFormat};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let certifications: usize = std::env::args().nth(1).unwrap_or_else(|| "1000".into()).parse()?;
    let document = CatalogDocument {
        notes: vec![format!(
            "synthetic catalog of {certifications} certifications (seed 7)"
        )],
        catalog: certgraph_testkit::synthetic_catalog(certifications, 7),
    };
    document.write(std::io::stdout().lock(), CatalogFormat::Json)?;
    Ok(())
}
