//! Why the domain refuses a value: one error type for every validated newtype.

use thiserror::Error;

/// Why a value was refused by the domain.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("invalid certification code {0:?}: expected a lowercase slug such as `devops-engineer`")]
    InvalidCertificationCode(String),
    #[error("invalid exam code {0:?}: expected letters or digits, a hyphen and a number, such as `AZ-400`")]
    InvalidExamCode(String),
    #[error("invalid course code {0:?}: expected letters, digits and hyphens, such as `AZ-400T00`")]
    InvalidCourseCode(String),
    #[error("invalid URL {0:?}: expected an absolute http(s) URL")]
    InvalidUrl(String),
    #[error("unknown {kind} {value:?}")]
    UnknownEnumValue { kind: &'static str, value: String },
}
