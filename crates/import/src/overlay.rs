//! The `--requirements` overlay: a catalog file (JSON or YAML) of which only each
//! certification's `code` and `requirements` are read, so a short file of just those is
//! enough. Its problems are reported like the input's, at their lines.

use std::collections::HashMap;

use certgraph_domain::{CertificationCode, RequirementGroup};
use serde::Deserialize;

use crate::catalog_file::{records_with, top_level, tree};
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Deserialize)]
struct OverlayCertification {
    code: CertificationCode,
    #[serde(default)]
    requirements: Vec<RequirementGroup>,
}

/// The requirement groups of `text` by certification, and its problems.
pub(crate) fn read(text: &str) -> (HashMap<CertificationCode, Vec<RequirementGroup>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut certifications: Vec<OverlayCertification> = Vec::new();
    match tree::parse(text) {
        Ok(root) => {
            let entries = top_level(&root, &mut diagnostics).unwrap_or_default();
            for (key, value) in entries {
                if key.text() == Some("certifications") {
                    // Only `code` and `requirements` are read: a record's first problem is enough.
                    diagnostics
                        .extend(records_with(value, "certification", &mut certifications, |_| Vec::new()).0);
                }
            }
        }
        Err(e) => diagnostics.push(Diagnostic::at(Severity::Error, e.line, Some(e.column), e.message)),
    }
    let groups = certifications
        .into_iter()
        .map(|c| (c.code, c.requirements))
        .collect();
    (groups, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_codes_and_requirements_are_read_and_problems_have_lines() {
        let text = "certifications:\n- code: devops-engineer\n  requirements:\n  - kind: ONE_OF\n    items:\n    - exam: AZ-104\n- code: x\n  requirements:\n  - kind: SOME_OF\n";
        let (groups, problems) = read(text);
        assert_eq!(groups.len(), 1);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].line, Some(9));
    }
}
