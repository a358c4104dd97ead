//! Opaque global IDs for the `Node` interface: base64url of `Type:key`.
//! Certifications, exams and courses are keyed by code, requirement groups by their
//! certification's code and their position, so IDs survive re-imports and edits.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::ApiError;

/// What a global ID names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobalId {
    Certification(String),
    Exam(String),
    Course(String),
    /// A certification's code and a group's position in it, from 1.
    RequirementGroup(String, u32),
}

impl GlobalId {
    /// The opaque text clients see.
    pub fn encode(&self) -> String {
        let raw = match self {
            Self::Certification(code) => format!("Certification:{code}"),
            Self::Exam(code) => format!("Exam:{code}"),
            Self::Course(code) => format!("Course:{code}"),
            Self::RequirementGroup(code, position) => format!("RequirementGroup:{code}/{position}"),
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
            "RequirementGroup" => {
                let (code, position) = key.rsplit_once('/').ok_or_else(malformed)?;
                match position.parse::<u32>() {
                    Ok(n) if n >= 1 && n.to_string() == position && !code.is_empty() => {
                        Ok(Self::RequirementGroup(code.to_owned(), n))
                    }
                    _ => Err(malformed()),
                }
            }
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
            GlobalId::RequirementGroup("devops-engineer".into(), 2),
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
            &URL_SAFE_NO_PAD.encode("RequirementGroup:/1"),
            &URL_SAFE_NO_PAD.encode("RequirementGroup:devops-engineer/0"),
            // One group, one ID: other spellings of the position are refused.
            &URL_SAFE_NO_PAD.encode("RequirementGroup:devops-engineer/01"),
            &URL_SAFE_NO_PAD.encode("RequirementGroup:devops-engineer/+1"),
        ] {
            assert!(
                matches!(GlobalId::decode(bad), Err(ApiError::BadUserInput(_))),
                "{bad:?}"
            );
        }
    }
}
