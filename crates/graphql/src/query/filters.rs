//! Filter inputs for the catalog's lists.

use async_graphql::InputObject;
use certgraph_domain::{CertificationStatus as Status, Delivery, ExamStatus as DomainExamStatus, Level};
use certgraph_snapshot::{Filter, Words};

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
    /// Words that must each occur in the code, name or description (any order; case and
    /// accents ignored).
    pub text: Option<String>,
}

/// Narrows a list of exams; every given condition must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ExamFilter {
    /// Only exams with this status.
    pub status: Option<ExamStatus>,
    /// Words that must each occur in the code or title (any order; case and accents ignored).
    pub text: Option<String>,
}

/// Narrows a list of courses; every given condition must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct CourseFilter {
    /// Only courses with this delivery.
    pub delivery: Option<CourseDelivery>,
    /// Words that must each occur in the code or title (any order; case and accents ignored).
    pub text: Option<String>,
}

/// Refuses over-long search text and NUL; empty text means no text condition.
pub(crate) fn checked_text(text: Option<String>, limits: &Limits) -> Result<Option<String>, ApiError> {
    let Some(text) = text else { return Ok(None) };
    // No stored text holds NUL (PostgreSQL cannot store it); refusing it says so plainly.
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

fn words(text: Option<String>, limits: &Limits) -> Result<Option<Words>, ApiError> {
    Ok(checked_text(text, limits)?.as_deref().and_then(Words::parse))
}

/// The snapshot's filter on certifications.
pub(crate) type CertificationCondition = Filter<(Option<Level>, Option<Status>)>;

impl CertificationFilter {
    pub(crate) fn into_condition(self, limits: &Limits) -> Result<CertificationCondition, ApiError> {
        Ok(Filter {
            kinds: (self.level.map(Into::into), self.status.map(Into::into)),
            text: words(self.text, limits)?,
        })
    }
}

impl ExamFilter {
    pub(crate) fn into_condition(
        self,
        limits: &Limits,
    ) -> Result<Filter<Option<DomainExamStatus>>, ApiError> {
        Ok(Filter {
            kinds: self.status.map(Into::into),
            text: words(self.text, limits)?,
        })
    }
}

impl CourseFilter {
    pub(crate) fn into_condition(self, limits: &Limits) -> Result<Filter<Option<Delivery>>, ApiError> {
        Ok(Filter {
            kinds: self.delivery.map(Into::into),
            text: words(self.text, limits)?,
        })
    }
}
