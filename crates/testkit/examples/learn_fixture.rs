//! Writes a synthetic Learn Catalog API response for benchmarks:
//! `cargo run --release -p certgraph-testkit --example learn_fixture -- OUT.json [CERTIFICATIONS] [SEED]`.

use std::fs::File;
use std::io::BufWriter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: learn_fixture OUT.json [CERTIFICATIONS] [SEED]")?;
    let certifications: usize = args.next().map_or(Ok(10_000), |n| n.parse())?;
    let seed: u64 = args.next().map_or(Ok(7), |n| n.parse())?;
    let file = BufWriter::new(File::create(&out)?);
    let counts = certgraph_testkit::learn::write_synthetic_learn(file, certifications, seed)?;
    eprintln!(
        "{out}: {} certifications, {} exams, {} courses, {:.1} MB",
        counts.certifications,
        counts.exams,
        counts.courses,
        counts.bytes as f64 / 1e6
    );
    Ok(())
}
