//! Filter inputs for the catalog's lists.

use async_graphql::InputObject;
use certgraph_store as store;

use crate::error::ApiError;
use crate::objects::{CertificationLevel, CertificationStatus, CourseDelivery, ExamStatus};
use crate::Limits;

/// Narrows a list of certifications; every given condition must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct CertificationFilter {
    /// Only certifications of this level.
    pub level: Option<CertificationLevel>,
    /// Only certifications with this status.
    pub status: Option<CertificationStatus>,
    /// Case-insensitive text contained in the code, name or description.
    pub text: Option<String>,
}

/// Narrows a list of exams; every given condition must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ExamFilter {
    /// Only exams with this status.
    pub status: Option<ExamStatus>,
    /// Case-insensitive text contained in the code or title.
    pub text: Option<String>,
}

/// Narrows a list of courses; every given condition must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct CourseFilter {
    /// Only courses with this delivery.
    pub delivery: Option<CourseDelivery>,
    /// Case-insensitive text contained in the code or title.
    pub text: Option<String>,
}

/// Refuses over-long search text and NUL; empty text means no text condition.
pub(crate) fn checked_text(text: Option<String>, limits: &Limits) -> Result<Option<String>, ApiError> {
    let Some(text) = text else { return Ok(None) };
    // PostgreSQL refuses NUL in a text parameter: the query would fail as a server fault.
    if text.contains('\0') {
        return Err(ApiError::BadUserInput(
            "`text` must not contain NUL (U+0000)".into(),
        ));
    }
    let length = text.chars().count();
    if length > limits.max_text_length {
        return Err(ApiError::LimitExceeded(format!(
            "`text` is {length} characters, above the maximum of {}",
            limits.max_text_length
        )));
    }
    let trimmed = text.trim();
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

impl CertificationFilter {
    pub(crate) fn into_store(self, limits: &Limits) -> Result<store::CertificationFilter, ApiError> {
        Ok(store::CertificationFilter {
            level: self.level.map(Into::into),
            status: self.status.map(Into::into),
            text: checked_text(self.text, limits)?,
        })
    }
}

impl ExamFilter {
    pub(crate) fn into_store(self, limits: &Limits) -> Result<store::ExamFilter, ApiError> {
        Ok(store::ExamFilter {
            status: self.status.map(Into::into),
            text: checked_text(self.text, limits)?,
        })
    }
}

impl CourseFilter {
    pub(crate) fn into_store(self, limits: &Limits) -> Result<store::CourseFilter, ApiError> {
        Ok(store::CourseFilter {
            delivery: self.delivery.map(Into::into),
            text: checked_text(self.text, limits)?,
        })
    }
}
