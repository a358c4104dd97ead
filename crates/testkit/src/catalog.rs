//! A deterministic synthetic catalog of any size, for benchmarks and load tests.
//!
//! Shape: seven layers of certifications. The first layer (about 40%) is earned by one exam
//! (a quarter of them by `ONE_OF` two exams, one of them shared with neighbours). Every
//! higher certification needs `ONE_OF` two or three certifications of the layer below
//! (sometimes also one two layers down), often `ALL_OF` one more lower certification shared
//! with its neighbours, and its own exam (sometimes plus a shared exam). Prerequisites are
//! drawn near the certification's relative position in each layer, so neighbours share
//! sub-prerequisites and the graph below a top certification holds a few hundred nodes,
//! nested six `ONE_OF`s deep. About 3% of exams are retired, 6% beta, 2% of certifications
//! retired; 85% of exams have an instructor-led course `<EXAM>T00`.
//!
//! Codes: certifications `fundamentals-00012`, `associate-…`, `expert-…`, `specialty-…`;
//! exams `EX-0000`…`EX-9999`, then `EX1-0000`…; courses `EX-0000T00`. The same arguments
//! always give the same catalog, and it always passes [`Catalog::validate`].

use std::collections::BTreeSet;

use certgraph_domain::{
    Catalog, Certification, CertificationCode, CertificationStatus, Course, CourseCode, Delivery, Exam,
    ExamCode, ExamStatus, GroupKind, Level, RequirementGroup, RequirementItem, WebUrl,
};

const LAYERS: usize = 7;

/// A valid catalog of `certifications` certifications (about 1.1 exams each), the same for
/// the same `seed`.
pub fn synthetic_catalog(certifications: usize, seed: u64) -> Catalog {
    let mut rng = SplitMix64(seed ^ 0x5EED_CA7A_1061_u64);
    let layers = layer_bounds(certifications);
    let shared = certifications / 10;
    let exam_count = certifications + shared;
    let mut catalog = Catalog::default();
    for i in 0..exam_count {
        catalog.exams.push(exam(i, &mut rng));
        if rng.percent(85) {
            catalog.courses.push(course(i));
        }
    }
    for (layer, range) in layers.iter().enumerate() {
        for i in range.clone() {
            let position = (i - range.start) as f64 / range.len() as f64;
            let shape = Shape {
                layers: &layers,
                shared,
                position,
            };
            let requirements = shape.requirements(layer, i, &mut rng);
            catalog
                .certifications
                .push(certification(i, layer, requirements, &mut rng));
        }
    }
    catalog
}

/// Where prerequisites are drawn from.
struct Shape<'a> {
    layers: &'a [std::ops::Range<usize>],
    shared: usize,
    position: f64,
}

impl Shape<'_> {
    fn requirements(&self, layer: usize, own: usize, rng: &mut SplitMix64) -> Vec<RequirementGroup> {
        let own_exam = RequirementItem::Exam(exam_code(own));
        if layer == 0 {
            return match self.shared_exam(rng) {
                Some(other) if rng.percent(25) => vec![group(GroupKind::OneOf, vec![own_exam, other])],
                _ => vec![group(GroupKind::AllOf, vec![own_exam])],
            };
        }
        let mut used = BTreeSet::new();
        let mut one_of: Vec<_> = (0..2 + rng.below(2))
            .filter_map(|_| self.near_cert(layer - 1, 4, &mut used, rng))
            .collect();
        if layer >= 2 && rng.percent(30) {
            one_of.extend(self.near_cert(layer - 2, 4, &mut used, rng));
        }
        let mut groups = vec![group(GroupKind::OneOf, one_of)];
        if rng.percent(50) {
            let lower = rng.below(layer);
            if let Some(item) = self.near_cert(lower, 2, &mut used, rng) {
                groups.push(group(GroupKind::AllOf, vec![item]));
            }
        }
        let mut last = vec![own_exam];
        if rng.percent(15) {
            last.extend(self.shared_exam(rng));
        }
        groups.push(group(GroupKind::AllOf, last));
        groups
    }

    /// A certification of `layer` within `spread` of this one's relative position, not yet used.
    fn near_cert(
        &self,
        layer: usize,
        spread: usize,
        used: &mut BTreeSet<usize>,
        rng: &mut SplitMix64,
    ) -> Option<RequirementItem> {
        let range = &self.layers[layer];
        let center = range.start + (self.position * range.len() as f64) as usize;
        let low = center.saturating_sub(spread).max(range.start);
        let high = (center + spread).min(range.end - 1);
        let pick = low + rng.below(high - low + 1);
        used.insert(pick)
            .then(|| RequirementItem::Certification(cert_code(pick, layer)))
    }

    /// One of the shared exams near this certification's relative position.
    fn shared_exam(&self, rng: &mut SplitMix64) -> Option<RequirementItem> {
        if self.shared == 0 {
            return None;
        }
        let center = (self.position * self.shared as f64) as usize;
        let pick = (center + rng.below(3)).min(self.shared - 1);
        let total = self.layers.last().map_or(0, |r| r.end);
        Some(RequirementItem::Exam(exam_code(total + pick)))
    }
}

/// Index ranges of the layers: about 40% in the first, the rest spread evenly.
fn layer_bounds(count: usize) -> Vec<std::ops::Range<usize>> {
    let first = if count == 0 { 0 } else { (count * 2 / 5).max(1) };
    let mut bounds = Vec::with_capacity(LAYERS);
    bounds.push(0..first);
    let rest = count - first;
    let mut start = first;
    for layer in 1..LAYERS {
        let size = rest / (LAYERS - 1) + usize::from(layer - 1 < rest % (LAYERS - 1));
        bounds.push(start..start + size);
        start += size;
    }
    bounds.retain(|r| !r.is_empty());
    bounds
}

fn group(kind: GroupKind, items: Vec<RequirementItem>) -> RequirementGroup {
    RequirementGroup { kind, items }
}

fn level_word(layer: usize, index: usize) -> (&'static str, Level) {
    match layer {
        0 => ("fundamentals", Level::Fundamentals),
        1 | 2 => ("associate", Level::Associate),
        _ if index % 10 == 0 => ("specialty", Level::Specialty),
        _ => ("expert", Level::Expert),
    }
}

fn cert_code(index: usize, layer: usize) -> CertificationCode {
    let (word, _) = level_word(layer, index);
    CertificationCode::parse(&format!("{word}-{index:05}")).expect("synthetic certification codes are slugs")
}

fn exam_code(index: usize) -> ExamCode {
    let raw = match index / 10_000 {
        0 => format!("EX-{:04}", index % 10_000),
        block => format!("EX{block}-{:04}", index % 10_000),
    };
    ExamCode::parse(&raw).expect("synthetic exam codes are valid")
}

fn url(path: &str) -> Option<WebUrl> {
    WebUrl::parse(&format!("https://example.com/{path}")).ok()
}

fn exam(index: usize, rng: &mut SplitMix64) -> Exam {
    let code = exam_code(index);
    let status = match rng.below(100) {
        0..=2 => ExamStatus::Retired,
        3..=8 => ExamStatus::Beta,
        _ => ExamStatus::Live,
    };
    Exam {
        title: Some(format!("Synthetic Exam {code}")),
        url: url(&format!("exams/{}", code.as_str().to_ascii_lowercase())),
        code,
        status,
    }
}

fn course(index: usize) -> Course {
    let exam = exam_code(index);
    Course {
        code: CourseCode::parse(&format!("{exam}T00")).expect("synthetic course codes are valid"),
        title: Some(format!("Preparing for {exam}")),
        url: None,
        delivery: Delivery::InstructorLed,
        exams: vec![exam],
    }
}

fn certification(
    index: usize,
    layer: usize,
    requirements: Vec<RequirementGroup>,
    rng: &mut SplitMix64,
) -> Certification {
    let (_, level) = level_word(layer, index);
    let code = cert_code(index, layer);
    Certification {
        name: format!(
            "Synthetic {} Certification {index}",
            level.as_str().to_lowercase()
        ),
        level,
        description: Some(format!("A generated certification on layer {layer}.")),
        url: url(&format!("certifications/{code}/")),
        path_image: None,
        status: if rng.percent(2) {
            CertificationStatus::Retired
        } else {
            CertificationStatus::Active
        },
        requirements,
        code,
    }
}

/// SplitMix64: tiny, fast and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_of_every_size_are_valid() {
        for count in [0, 1, 2, 7, 10, 100, 1_000] {
            let catalog = synthetic_catalog(count, 7);
            assert_eq!(catalog.certifications.len(), count);
            assert_eq!(catalog.validate(), Ok(()), "{count} certifications");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_catalog() {
        assert_eq!(synthetic_catalog(300, 42), synthetic_catalog(300, 42));
        assert_ne!(synthetic_catalog(300, 42), synthetic_catalog(300, 43));
    }

    #[test]
    fn ten_thousand_certifications_validate() {
        let catalog = synthetic_catalog(10_000, 1);
        assert_eq!(catalog.validate(), Ok(()));
        assert_eq!(catalog.exams.len(), 11_000);
        assert!(catalog.exams.iter().any(|e| e.code.as_str() == "EX1-0999"));
        assert!(catalog.courses.iter().all(|c| c.code.as_str().ends_with("T00")));
    }
}
