//! GraphQL enums mirroring the domain's, in SCREAMING_CASE.

use async_graphql::Enum;
use certgraph_domain as domain;

macro_rules! mirror_enum {
    ($(#[$doc:meta])* $name:ident = $domain:ty { $($(#[$vdoc:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                match value { $(<$domain>::$variant => Self::$variant),+ }
            }
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value { $($name::$variant => Self::$variant),+ }
            }
        }
    };
}

mirror_enum!(
    /// How senior a certification is.
    CertificationLevel = domain::Level {
        /// Entry level: no prerequisites, broad knowledge.
        Fundamentals,
        /// Role-based, for practitioners with some experience.
        Associate,
        /// Role-based, for experienced practitioners; usually requires an associate certification (★★★).
        Expert,
        /// A narrow, specialised skill set.
        Specialty,
    }
);

mirror_enum!(
    /// Whether a certification can still be earned.
    CertificationStatus = domain::CertificationStatus {
        /// Can be earned.
        Active,
        /// No longer offered.
        Retired,
    }
);

mirror_enum!(
    /// Whether an exam can be taken.
    ExamStatus = domain::ExamStatus {
        /// Generally available.
        Live,
        /// Available as a beta exam; results may be delayed.
        Beta,
        /// No longer offered.
        Retired,
    }
);

mirror_enum!(
    /// How a course is delivered.
    CourseDelivery = domain::Delivery {
        /// Taught live by a trainer.
        InstructorLed,
        /// Studied alone, online.
        SelfPaced,
    }
);

mirror_enum!(
    /// How a requirement group is satisfied.
    RequirementKind = domain::GroupKind {
        /// Every item of the group is needed.
        AllOf,
        /// Any one item of the group is enough.
        OneOf,
    }
);
