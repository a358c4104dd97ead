//! A large, realistic Learn Catalog API response, generated (never committed) for tests and
//! benchmarks of the importer.
//!
//! Built from [`crate::synthetic_catalog`]: every certification with its exams
//! and its certification prerequisites (flattened, as Learn gives them, into a
//! `mergedCertifications` record), every exam and course, with the fields a real response
//! carries and certgraph skips (icons, locales, roles, products, summaries), tracking
//! parameters on every URL, and `modules`/`units` arrays as large again, which the importer
//! skips unread. The same arguments always give the same bytes.

use std::collections::HashMap;
use std::io::{self, Write};

use certgraph_domain::{Catalog, Certification, Level, RequirementItem};
use serde_json::{json, Value};

use crate::synthetic_catalog;

const TRACKING: &str = "?WT.mc_id=api_CatalogApi";

/// What a generated response holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyntheticCounts {
    /// Certifications.
    pub certifications: usize,
    /// Exams.
    pub exams: usize,
    /// Courses.
    pub courses: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes a response with `certifications` certifications (about 2 KB per certification in
/// all) to `out`; the same `seed` gives the same bytes.
pub fn write_synthetic_learn(
    out: impl Write,
    certifications: usize,
    seed: u64,
) -> io::Result<SyntheticCounts> {
    let catalog = synthetic_catalog(certifications, seed);
    let mut out = Counting { inner: out, bytes: 0 };
    out.write_all(b"{\n")?;
    array(&mut out, "modules", (0..catalog.exams.len()).map(module))?;
    out.write_all(b",\n")?;
    array(
        &mut out,
        "certifications",
        catalog.certifications.iter().map(certification),
    )?;
    out.write_all(b",\n")?;
    array(
        &mut out,
        "mergedCertifications",
        catalog.certifications.iter().filter_map(merged),
    )?;
    out.write_all(b",\n")?;
    array(&mut out, "exams", exams(&catalog).into_iter())?;
    out.write_all(b",\n")?;
    array(&mut out, "courses", catalog.courses.iter().map(course))?;
    out.write_all(b",\n")?;
    let levels = [
        ("beginner", "Beginner"),
        ("intermediate", "Intermediate"),
        ("advanced", "Advanced"),
    ];
    array(
        &mut out,
        "levels",
        levels.iter().map(|(id, name)| json!({"id": id, "name": name})),
    )?;
    out.write_all(b"\n}\n")?;
    out.flush()?;
    Ok(SyntheticCounts {
        certifications: catalog.certifications.len(),
        exams: catalog.exams.len(),
        courses: catalog.courses.len(),
        bytes: out.bytes,
    })
}

struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn array(out: &mut impl Write, key: &str, records: impl Iterator<Item = Value>) -> io::Result<()> {
    write!(out, "  \"{key}\": [")?;
    for (i, record) in records.enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *out, &record)?;
    }
    out.write_all(b"\n  ]")
}

fn url(path: &str) -> String {
    format!("https://learn.microsoft.com/en-us/{path}{TRACKING}")
}

fn module(i: usize) -> Value {
    let uid = format!("learn.synthetic.module-{i:05}");
    json!({
        "summary": "Learn how the pieces of a synthetic service fit together, and how to operate them.",
        "levels": ["beginner"], "roles": ["developer"], "products": ["azure"], "subjects": ["cloud-computing"],
        "uid": uid, "type": "module", "title": format!("Synthetic module {i}"), "duration_in_minutes": 42,
        "url": url(&format!("training/modules/synthetic-{i:05}/")),
        "units": (1..=4).map(|u| format!("{uid}.{u}-unit")).collect::<Vec<_>>(),
        "locales": ["en-us", "de-de", "ja-jp"], "last_modified": "2024-05-02T16:44:00+00:00",
    })
}

fn certification(c: &Certification) -> Value {
    let (kind, level) = match c.level {
        Level::Fundamentals => ("fundamentals", "beginner"),
        Level::Associate => ("role-based", "intermediate"),
        Level::Expert => ("role-based", "advanced"),
        Level::Specialty => ("specialty", "intermediate"),
    };
    let exams: Vec<String> = items(c)
        .filter_map(|i| match i {
            RequirementItem::Exam(e) => Some(format!("exam.{}", e.as_str().to_lowercase())),
            RequirementItem::Certification(_) => None,
        })
        .collect();
    json!({
        "uid": format!("certification.{}", c.code), "type": "certification",
        "title": format!("Microsoft Certified: {}", c.name),
        "subtitle": "Demonstrate the skills this synthetic role needs: design, build, secure and operate its solutions.",
        "url": url(&format!("credentials/certifications/{}/", c.code)),
        "icon_url": "https://learn.microsoft.com/media/learn/certification/badges/microsoft-certified-associate-badge.svg",
        "last_modified": "2024-04-12T08:11:00+00:00", "certification_type": kind,
        "exams": exams, "levels": [level], "roles": ["developer"], "products": ["azure"],
        "locales": ["en-us", "de-de"],
    })
}

fn items(c: &Certification) -> impl Iterator<Item = &RequirementItem> {
    c.requirements.iter().flat_map(|g| &g.items)
}

fn merged(c: &Certification) -> Option<Value> {
    let prerequisites: Vec<String> = items(c)
        .filter_map(|i| match i {
            RequirementItem::Certification(p) => Some(format!("certification.{p}")),
            RequirementItem::Exam(_) => None,
        })
        .collect();
    (!prerequisites.is_empty()).then(|| {
        json!({
            "uid": format!("certification.{}", c.code), "type": "certification",
            "prerequisites": prerequisites, "study_guide": [], "skills": ["Synthetic skill"],
        })
    })
}

fn exams(catalog: &Catalog) -> Vec<Value> {
    let mut courses_of: HashMap<&str, Vec<String>> = HashMap::new();
    for c in &catalog.courses {
        if let Some(e) = c.exams.first() {
            let uid = format!("course.{}", c.code.as_str().to_lowercase());
            courses_of.entry(e.as_str()).or_default().push(uid);
        }
    }
    catalog
        .exams
        .iter()
        .map(|e| {
            let lower = e.code.as_str().to_lowercase();
            let courses = courses_of.remove(e.code.as_str()).unwrap_or_default();
            let beta = if e.status == certgraph_domain::ExamStatus::Beta { " (beta)" } else { "" };
            json!({
                "uid": format!("exam.{lower}"), "type": "exam",
                "title": format!("{}{beta}", e.title.as_deref().unwrap_or("Synthetic exam")),
                "display_name": e.code.as_str(),
                "url": url(&format!("credentials/certifications/exams/{lower}/")),
                "courses": courses, "levels": ["intermediate"], "roles": ["developer"], "products": ["azure"],
                "locales": ["en", "ja", "zh-cn"],
                "providers": [{"type": "pearson-vue", "url": format!("https://examregistration.microsoft.com/?examcode={}", e.code)}],
            })
        })
        .collect()
}

fn course(c: &certgraph_domain::Course) -> Value {
    let lower = c.code.as_str().to_lowercase();
    json!({
        "uid": format!("course.{lower}"), "type": "course", "course_number": c.code.as_str(),
        "title": c.title.as_deref().unwrap_or("Synthetic course"),
        "summary": "This instructor-led course teaches the skills the exam measures, with labs for each of them.",
        "duration_in_hours": 24, "url": url(&format!("training/courses/{lower}")),
        "exam": c.exams.first().map(|e| format!("exam.{}", e.as_str().to_lowercase())),
        "levels": ["intermediate"], "roles": ["developer"], "products": ["azure"], "locales": ["en"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use certgraph_import::learn::{parse_learn, LearnOptions, Severity};

    #[test]
    fn the_generated_response_imports_every_record_without_problems() {
        let mut bytes = Vec::new();
        let counts = write_synthetic_learn(&mut bytes, 60, 1).unwrap();
        assert_eq!(counts.bytes, bytes.len() as u64);
        let import = parse_learn(bytes.as_slice(), &LearnOptions::default()).unwrap();
        assert!(
            import.diagnostics.iter().all(|d| d.severity == Severity::Note),
            "{:?}",
            import.diagnostics
        );
        assert_eq!(import.catalog.certifications.len(), counts.certifications);
        assert_eq!(import.catalog.exams.len(), counts.exams);
        assert_eq!(import.catalog.courses.len(), counts.courses);
        import.catalog.validate().unwrap();
        assert!(
            String::from_utf8(bytes).unwrap().contains("?WT.mc_id="),
            "URLs carry tracking parameters"
        );
        let urls = import.catalog.exams.iter().filter_map(|e| e.url.as_ref());
        assert!(urls.into_iter().all(|u| !u.as_str().contains("WT.")));
    }
}
