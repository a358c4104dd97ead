//! Opaque global IDs for the `Node` interface: base64url of `Type:key`.
//! Certifications, exams and courses are keyed by code, so IDs survive re-imports;
//! requirement groups by their row id.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::ApiError;

/// What a global ID names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobalId {
    Certification(String),
    Exam(String),
    Course(String),
    RequirementGroup(i32),
}

impl GlobalId {
    /// The opaque text clients see.
    pub fn encode(&self) -> String {
        let raw = match self {
            Self::Certification(code) => format!("Certification:{code}"),
            Self::Exam(code) => format!("Exam:{code}"),
            Self::Course(code) => format!("Course:{code}"),
            Self::RequirementGroup(id) => format!("RequirementGroup:{id}"),
        };
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// Decodes an ID this server issued; anything else is the client's mistake.
    pub fn decode(id: &str) -> Result<Self, ApiError> {
        let malformed =
            || ApiError::BadUserInput(format!("malformed ID {id:?}: use an `id` returned by this API"));
        let bytes = URL_SAFE_NO_PAD
            .decode(id.trim_end_matches('='))
            .map_err(|_| malformed())?;
        let raw = String::from_utf8(bytes).map_err(|_| malformed())?;
        let (kind, key) = raw.split_once(':').ok_or_else(malformed)?;
        if key.is_empty() {
            return Err(malformed());
        }
        match kind {
            "Certification" => Ok(Self::Certification(key.to_owned())),
            "Exam" => Ok(Self::Exam(key.to_owned())),
            "Course" => Ok(Self::Course(key.to_owned())),
            // Only the form `encode` writes: `+7` or `007` would be a second ID for one group.
            "RequirementGroup" => match key.parse::<i32>() {
                Ok(n) if n.to_string() == key => Ok(Self::RequirementGroup(n)),
                _ => Err(malformed()),
            },
            _ => Err(malformed()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for id in [
            GlobalId::Certification("devops-engineer".into()),
            GlobalId::Exam("AZ-400".into()),
            GlobalId::Course("AZ-400T00".into()),
            GlobalId::RequirementGroup(42),
        ] {
            assert_eq!(GlobalId::decode(&id.encode()).unwrap(), id);
        }
    }

    #[test]
    fn foreign_ids_are_bad_user_input() {
        for bad in [
            "",
            "!!!",
            "Zm9v",
            &URL_SAFE_NO_PAD.encode("Person:1"),
            &URL_SAFE_NO_PAD.encode("RequirementGroup:x"),
            // Found by fuzz_tests: these decoded to the ID of group 0 and group 7.
            &URL_SAFE_NO_PAD.encode("RequirementGroup:00"),
            &URL_SAFE_NO_PAD.encode("RequirementGroup:+7"),
            &URL_SAFE_NO_PAD.encode("RequirementGroup:-0"),
        ] {
            assert!(
                matches!(GlobalId::decode(bad), Err(ApiError::BadUserInput(_))),
                "{bad:?}"
            );
        }
    }
}
