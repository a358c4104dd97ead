//! Validated identifiers. Each is parsed once at the edge and trusted after.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::DomainError;

const MAX_CODE_LEN: usize = 100;

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $check:expr, $normalize:expr, $error:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses and normalises a code, refusing anything malformed.
            pub fn parse(raw: &str) -> Result<Self, DomainError> {
                let normalized: String = $normalize(raw.trim());
                if normalized.len() <= MAX_CODE_LEN && $check(&normalized) {
                    Ok(Self(normalized))
                } else {
                    Err(DomainError::$error(raw.to_owned()))
                }
            }

            /// The code as stored and shown.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = DomainError;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw)
            }
        }

        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

code_type!(
    /// A certification's stable slug, taken from its URL: `azure-solutions-architect`.
    CertificationCode,
    is_slug,
    |s: &str| s.to_owned(),
    InvalidCertificationCode
);
code_type!(
    /// An exam code such as `AZ-400`; case-insensitive, stored in upper case.
    ExamCode,
    is_exam_code,
    |s: &str| s.to_ascii_uppercase(),
    InvalidExamCode
);
code_type!(
    /// A course code such as `AZ-400T00`; case-insensitive, stored in upper case.
    CourseCode,
    is_course_code,
    |s: &str| s.to_ascii_uppercase(),
    InvalidCourseCode
);

/// `devops-engineer`: lowercase ASCII words joined by single hyphens.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|word| {
            !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `AZ-400`, `PL-600`, `70-483`: an alphanumeric prefix, a hyphen, 2-4 digits, then an optional letter.
fn is_exam_code(s: &str) -> bool {
    let Some((prefix, number)) = s.split_once('-') else {
        return false;
    };
    let digits = number.trim_end_matches(|c: char| c.is_ascii_uppercase());
    (1..=6).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && (2..=4).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && number.len() - digits.len() <= 1
}

/// `AZ-400T00`, `55264A`: uppercase alphanumeric segments joined by single hyphens.
fn is_course_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.split('-')
            .all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

/// An absolute `http`/`https` URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WebUrl(String);

impl WebUrl {
    /// Parses an absolute http(s) URL; the text is kept as given so that exports round-trip.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let raw = raw.trim();
        match url::Url::parse(raw) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(Self(raw.to_owned())),
            _ => Err(DomainError::InvalidUrl(raw.to_owned())),
        }
    }

    /// The URL's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for WebUrl {
    type Error = DomainError;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

impl From<WebUrl> for String {
    fn from(url: WebUrl) -> String {
        url.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exam_codes_are_normalised_to_upper_case() {
        assert_eq!(ExamCode::parse("az-400").unwrap().as_str(), "AZ-400");
        assert_eq!(ExamCode::parse("70-483").unwrap().as_str(), "70-483");
    }

    #[test]
    fn malformed_exam_codes_are_refused() {
        for bad in [
            "", "AZ", "AZ-", "-400", "AZ-4", "AZ-40000", "AZ 400", "AZ-400TT", "ÄZ-400",
        ] {
            assert!(ExamCode::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn course_codes_accept_the_seed_shape() {
        assert_eq!(CourseCode::parse("az-303t00").unwrap().as_str(), "AZ-303T00");
        assert!(CourseCode::parse("AZ--303").is_err());
        assert!(CourseCode::parse("AZ 303").is_err());
    }

    #[test]
    fn certification_codes_are_slugs() {
        assert!(CertificationCode::parse("power-platform-solution-architect-expert").is_ok());
        for bad in [
            "",
            "Devops",
            "devops--engineer",
            "-devops",
            "devops_engineer",
            "devops-",
        ] {
            assert!(CertificationCode::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn urls_must_be_absolute_http() {
        assert!(WebUrl::parse("https://docs.microsoft.com/en-gb/learn/").is_ok());
        for bad in [
            "",
            "docs.microsoft.com",
            "ftp://x.org/a",
            "javascript:alert(1)",
            "/relative",
        ] {
            assert!(WebUrl::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    proptest! {
        #[test]
        fn slug_parse_never_panics_and_round_trips(s in "\\PC{0,40}") {
            if let Ok(code) = CertificationCode::parse(&s) {
                prop_assert_eq!(CertificationCode::parse(code.as_str()).unwrap(), code);
            }
        }

        #[test]
        fn generated_exam_codes_are_accepted(p in "[A-Z]{2,3}", n in 100u32..1000) {
            let raw = format!("{p}-{n}");
            let code = ExamCode::parse(&raw.to_lowercase()).unwrap();
            prop_assert_eq!(code.as_str(), raw.as_str());
        }

        #[test]
        fn exam_code_parse_is_idempotent(s in "[a-zA-Z0-9-]{0,12}") {
            if let Ok(code) = ExamCode::parse(&s) {
                prop_assert_eq!(ExamCode::parse(code.as_str()).unwrap(), code);
            }
        }
    }
}
