//! The catalog's entities as the domain sees them: what a catalog file holds and what
//! writes are validated against.

use serde::{Deserialize, Serialize};

use crate::{CertificationCode, CourseCode, DomainError, ExamCode, WebUrl};

macro_rules! domain_enum {
    ($(#[$doc:meta])* $name:ident, $kind:literal { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable SCREAMING_CASE text used in files, the database and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the SCREAMING_CASE text (case-insensitive).
            pub fn parse(raw: &str) -> Result<Self, DomainError> {
                let upper = raw.trim().to_ascii_uppercase();
                $(if upper == $text { return Ok($name::$variant); })+
                Err(DomainError::UnknownEnumValue { kind: $kind, value: raw.to_owned() })
            }
        }
    };
}

domain_enum!(
    /// How senior a certification is. The seed's ★★★ is `EXPERT`.
    Level, "level" {
        Fundamentals => "FUNDAMENTALS",
        Associate => "ASSOCIATE",
        Expert => "EXPERT",
        Specialty => "SPECIALTY",
    }
);

domain_enum!(
    /// Whether a certification can still be earned.
    CertificationStatus, "certification status" {
        Active => "ACTIVE",
        Retired => "RETIRED",
    }
);

domain_enum!(
    /// Whether an exam can be taken, and in what state.
    ExamStatus, "exam status" {
        Live => "LIVE",
        Beta => "BETA",
        Retired => "RETIRED",
    }
);

domain_enum!(
    /// How a course is delivered.
    Delivery, "course delivery" {
        InstructorLed => "INSTRUCTOR_LED",
        SelfPaced => "SELF_PACED",
    }
);

domain_enum!(
    /// How a requirement group is satisfied: by every item, or by any one of them.
    GroupKind, "requirement group kind" {
        AllOf => "ALL_OF",
        OneOf => "ONE_OF",
    }
);

/// An image showing a certification's path, as the seed links it (a relative path is kept as is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub alt: String,
}

/// One thing a requirement group asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequirementItem {
    Certification(CertificationCode),
    Exam(ExamCode),
}

/// A group of a certification's requirements; the certification is earned when every group is satisfied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementGroup {
    pub kind: GroupKind,
    pub items: Vec<RequirementItem>,
}

/// A certification with its ordered requirement groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Certification {
    pub code: CertificationCode,
    pub name: String,
    pub level: Level,
    /// Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<WebUrl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_image: Option<Image>,
    pub status: CertificationStatus,
    #[serde(default)]
    pub requirements: Vec<RequirementGroup>,
}

/// An exam that earns (part of) a certification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exam {
    pub code: ExamCode,
    /// `None` where the source names the exam only by its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<WebUrl>,
    pub status: ExamStatus,
}

/// A course that prepares for one or more exams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub code: CourseCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<WebUrl>,
    pub delivery: Delivery,
    pub exams: Vec<ExamCode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_their_own_text_case_insensitively() {
        for level in Level::ALL {
            assert_eq!(Level::parse(&level.as_str().to_lowercase()), Ok(*level));
        }
        assert!(GroupKind::parse("SOME_OF").is_err());
    }

    #[test]
    fn requirement_items_serialize_as_tagged_codes() {
        let item = RequirementItem::Exam(ExamCode::parse("AZ-400").unwrap());
        assert_eq!(serde_json::to_string(&item).unwrap(), r#"{"exam":"AZ-400"}"#);
        let back: RequirementItem = serde_json::from_str(r#"{"certification":"devops-engineer"}"#).unwrap();
        assert!(matches!(back, RequirementItem::Certification(c) if c.as_str() == "devops-engineer"));
    }
}
