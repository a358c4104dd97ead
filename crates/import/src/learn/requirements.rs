//! A certification's requirement groups from a Learn record: its prerequisites and exams,
//! resolved by uid, or the `--requirements` overlay's groups where it names the
//! certification. Kept apart from the record mapping because it is the only part that
//! reasons about AND/OR, which the source does not state.

use std::collections::HashSet;

use certgraph_domain::{
    Certification, CertificationCode, ExamCode, GroupKind, RequirementGroup, RequirementItem,
};

use super::map::{certification_code, label, Mapper};
use super::raw::RawRecord;
use super::Severity;

impl Mapper<'_> {
    /// Prerequisites (from `mergedCertifications`) first, then `ALL_OF` the exams; or the
    /// overlay's groups when it names the certification.
    pub(super) fn requirements(&mut self, r: &RawRecord, mut cert: Certification) -> Certification {
        if let Some(groups) = self.options.requirements.get(&cert.code) {
            cert.requirements = groups.clone();
            return cert;
        }
        let prerequisites = self.items(r, &r.prerequisites, "prerequisites", |m, uid| {
            m.certification_code(uid).map(RequirementItem::Certification)
        });
        if prerequisites.len() > 1 {
            let message = format!(
                "{} prerequisites with no AND/OR in the source were stored as one ONE_OF group; \
                 state the groups with --requirements",
                prerequisites.len()
            );
            self.say(Severity::Note, label(r, "certification"), message);
        }
        let kind = if prerequisites.len() > 1 {
            GroupKind::OneOf
        } else {
            GroupKind::AllOf
        };
        let exams = self.items(r, &r.links, "exams", |m, uid| {
            m.exam_code(uid).map(RequirementItem::Exam)
        });
        cert.requirements = [(kind, prerequisites), (GroupKind::AllOf, exams)]
            .into_iter()
            .filter(|(_, items)| !items.is_empty())
            .map(|(kind, items)| RequirementGroup { kind, items })
            .collect();
        cert
    }

    fn items(
        &mut self,
        r: &RawRecord,
        uids: &[String],
        field: &str,
        resolve: impl Fn(&Self, &str) -> Result<RequirementItem, String>,
    ) -> Vec<RequirementItem> {
        let mut items: Vec<RequirementItem> = Vec::new();
        for uid in uids {
            match resolve(self, uid) {
                Ok(item) if items.contains(&item) => {
                    let message = format!("{field}: {uid:?} is listed twice; stored once");
                    self.say(Severity::Warning, label(r, "certification"), message);
                }
                Ok(item) => items.push(item),
                Err(e) => self.say(
                    Severity::Error,
                    label(r, "certification"),
                    format!("{field}: {e}"),
                ),
            }
        }
        items
    }

    /// The code of an exam by uid: from the input, or else read from the uid itself
    /// (`exam.az-400` → `AZ-400`) so that exams already stored can be referred to.
    pub(super) fn exam_code(&self, uid: &str) -> Result<ExamCode, String> {
        if let Some(code) = self.uids.exams.get(uid) {
            return Ok(code.clone());
        }
        uid.strip_prefix("exam.")
            .and_then(|rest| ExamCode::parse(rest).ok())
            .ok_or_else(|| format!("{uid:?} is not an exam in the input and names no exam code"))
    }

    fn certification_code(&self, uid: &str) -> Result<CertificationCode, String> {
        if let Some(code) = self.uids.certifications.get(uid) {
            return Ok(code.clone());
        }
        certification_code(uid).map_err(|_| {
            format!("{uid:?} is not a certification in the input and names no certification code")
        })
    }

    pub(super) fn report_unused_overlay(&mut self) {
        let known: HashSet<&CertificationCode> = self.uids.certifications.values().collect();
        let mut unused: Vec<String> = self
            .options
            .requirements
            .keys()
            .filter(|code| !known.contains(code))
            .map(ToString::to_string)
            .collect();
        unused.sort();
        for code in unused {
            let message = format!("certification `{code}` is not in the input; its requirements are ignored");
            self.say(Severity::Warning, "--requirements".into(), message);
        }
    }
}
