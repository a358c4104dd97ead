//! Diagrams of the seed's certifications: each shows exactly its path, in every format.

use std::collections::BTreeSet;

use certgraph_snapshot::{CatalogSnapshot, CertId, ItemRef};

use crate::{Format, Highlight, PathDiagram};

fn seed() -> CatalogSnapshot {
    CatalogSnapshot::build(certgraph_catalog::bundled().unwrap().catalog, 1)
}

/// The labels the path of `root` must show: `(cert code)`, `Exam CODE`, `Course CODE`.
fn expected(snap: &CatalogSnapshot, root: CertId) -> BTreeSet<String> {
    let walk = snap.walk(&[root], 64);
    let mut labels = BTreeSet::new();
    for c in std::iter::once(root).chain(walk.certifications.iter().copied()) {
        labels.insert(format!("({})", snap.certification(c).record.code));
    }
    for &e in &walk.exams {
        labels.insert(format!("Exam {}", snap.exam(e).record.code));
        for &course in &snap.exam(e).courses {
            labels.insert(format!("Course {}", snap.course(course).record.code));
        }
    }
    labels
}

/// Every such label of the whole catalog found in `text`.
fn shown(snap: &CatalogSnapshot, text: &str) -> BTreeSet<String> {
    let mut all = Vec::new();
    for c in snap.certification_ids() {
        all.push(format!("({})", snap.certification(c).record.code));
    }
    for e in 0..snap.exam_count() as u32 {
        let exam = snap.exam(certgraph_snapshot::ExamId(e));
        all.push(format!("Exam {}", exam.record.code));
        for &course in &exam.courses {
            all.push(format!("Course {}", snap.course(course).record.code));
        }
    }
    // A label ends where the line does, so `Exam AZ-104` is not found inside another code.
    all.into_iter()
        .filter(|label| {
            text.match_indices(label.as_str()).any(|(at, _)| {
                let next = text[at + label.len()..].chars().next();
                !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
            })
        })
        .collect()
}

#[test]
fn every_seed_certification_shows_exactly_its_path_in_every_format() {
    let snap = seed();
    assert_eq!(snap.certification_count(), 7);
    for root in snap.certification_ids() {
        let diagram = PathDiagram::of(&snap, root, &Highlight::default());
        let expected = expected(&snap, root);
        for format in [Format::Svg, Format::Dot, Format::Mermaid] {
            let text = diagram.render(format);
            assert_eq!(shown(&snap, &text), expected, "{format:?} of {}", diagram.title);
        }
    }
}

#[test]
fn devops_marks_its_groups_and_pl600_says_it_has_no_training() {
    let snap = seed();
    let devops = snap.certification_by_code("devops-engineer").unwrap();
    let svg = PathDiagram::of(&snap, devops, &Highlight::default()).render(Format::Svg);
    assert!(svg.contains("one of") && svg.contains("all of"), "{svg}");
    assert!(svg.contains("<title>Path to DevOps Engineer Expert</title>"));
    assert!(svg.contains("<desc>The path to DevOps Engineer Expert"));
    let architect = snap
        .certification_by_code("power-platform-solution-architect-expert")
        .unwrap();
    let svg = PathDiagram::of(&snap, architect, &Highlight::default()).render(Format::Svg);
    assert!(svg.contains("no instructor-led training"));
    assert!(svg.contains("beta"), "PL-600 is in beta");
}

#[test]
fn a_holding_is_highlighted_and_the_exams_to_pass_too() {
    let snap = seed();
    let devops = snap.certification_by_code("devops-engineer").unwrap();
    let admin = snap.certification_by_code("azure-administrator").unwrap();
    let az104 = snap.exam_by_code("AZ-104").unwrap();
    let az400 = snap.exam_by_code("AZ-400").unwrap();
    let highlight = Highlight {
        held_certifications: [admin].into(),
        held_exams: [az104].into(),
        to_pass: [az400].into(),
    };
    let dot = PathDiagram::of(&snap, devops, &highlight).render(Format::Dot);
    let line = |code: &str| dot.lines().find(|l| l.contains(code)).unwrap().to_owned();
    assert!(line("Exam AZ-104").contains("#c8e6c9"), "held: {dot}");
    assert!(line("(azure-administrator)").contains("#c8e6c9"));
    assert!(line("Exam AZ-400").contains("#ffe082"), "to pass");
    assert!(!line("Exam AZ-204").contains("#c8e6c9"));
    let _ = ItemRef::Exam(az104);
}

#[test]
fn dot_and_mermaid_are_well_formed() {
    let snap = seed();
    let devops = snap.certification_by_code("devops-engineer").unwrap();
    let diagram = PathDiagram::of(&snap, devops, &Highlight::default());
    let dot = diagram.render(Format::Dot);
    // The layout library's own parser reads it back.
    assert!(layout::gv::DotParser::new(&dot).process().is_ok(), "{dot}");
    let mermaid = diagram.render(Format::Mermaid);
    assert!(mermaid.starts_with("flowchart TB\n"));
    for line in mermaid.lines().skip(1) {
        let line = line.trim();
        let known = line.starts_with('n')
            && (line.contains('[') || line.contains("((") || line.contains("-->"))
            || line.starts_with("style n");
        assert!(known, "unexpected Mermaid line: {line}");
        assert_eq!(line.matches('"').count() % 2, 0, "unbalanced quotes: {line}");
    }
}

/// The root `<svg>`'s width and height, which must be its viewBox's (so 100% is one pixel
/// per unit), and every font size its stylesheet gives text.
fn size_and_fonts(svg: &str) -> ((f64, f64), Vec<f64>) {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let root = document.root_element();
    let number = |name: &str| root.attribute(name).and_then(|v| v.parse::<f64>().ok());
    let (width, height) = (number("width").unwrap(), number("height").unwrap());
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 {width} {height}").as_str())
    );
    let style: String = document
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .filter_map(|n| n.text())
        .collect();
    let fonts = style
        .split("font-size:")
        .skip(1)
        .filter_map(|rest| rest.trim_start().split("px").next()?.parse().ok())
        .collect();
    // Every word drawn sits in a `<text>` whose size a stylesheet class gives.
    let drawn = document
        .descendants()
        .filter(|n| n.is_text() && !n.text().unwrap_or("").trim().is_empty())
        .filter(|n| n.ancestors().any(|a| a.has_tag_name("text")));
    for words in drawn {
        let classed = words
            .ancestors()
            .any(|a| a.has_tag_name("text") && a.attribute("class").is_some());
        assert!(classed, "{:?} has no size of its own", words.text());
    }
    ((width, height), fonts)
}

#[test]
fn every_seed_diagram_is_readable_at_its_own_size_on_a_wide_screen() {
    let snap = seed();
    for root in snap.certification_ids() {
        let diagram = PathDiagram::of(&snap, root, &Highlight::default());
        let ((width, height), fonts) = size_and_fonts(&diagram.render(Format::Svg));
        assert!(!fonts.is_empty(), "{}", diagram.title);
        assert!(fonts.iter().all(|&px| px >= 12.0), "{}: {fonts:?}", diagram.title);
        // Shown at 100% on a 1920-pixel screen, no text is scaled down.
        assert!(
            width <= 1_920.0 && height <= 1_600.0,
            "{}: {width}×{height}",
            diagram.title
        );
    }
}
