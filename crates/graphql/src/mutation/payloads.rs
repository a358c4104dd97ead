//! The mutations' payloads: the record as it is after the change (read from a snapshot that
//! holds it), the client's `clientMutationId` echoed, and for a deletion what was deleted.

use async_graphql::{SimpleObject, ID};

use crate::objects::{Certification, Course, Exam};

macro_rules! payload {
    ($(#[$doc:meta])* $name:ident, $field:ident: $ty:ty) => {
        $(#[$doc])*
        #[derive(SimpleObject)]
        pub struct $name {
            /// The record as it is now; `null` only if this replica could not load the change
            /// yet (it was committed: read it again shortly).
            pub $field: Option<$ty>,
            /// The `clientMutationId` the input carried, unchanged.
            pub client_mutation_id: Option<String>,
        }
    };
}

payload!(
    /// What `createCertification` created.
    CreateCertificationPayload, certification: Certification
);
payload!(
    /// What `updateCertification` changed.
    UpdateCertificationPayload, certification: Certification
);
payload!(
    /// The certification whose requirements `setRequirements` replaced.
    SetRequirementsPayload, certification: Certification
);
payload!(
    /// What `createExam` created.
    CreateExamPayload, exam: Exam
);
payload!(
    /// What `updateExam` changed.
    UpdateExamPayload, exam: Exam
);
payload!(
    /// What `createCourse` created.
    CreateCoursePayload, course: Course
);
payload!(
    /// What `updateCourse` changed.
    UpdateCoursePayload, course: Course
);

macro_rules! deleted {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(SimpleObject)]
        pub struct $name {
            /// The deleted record's code.
            pub deleted_code: String,
            /// The deleted record's global ID (as `node(id:)` knew it).
            pub deleted_id: ID,
            /// The version the record had when it was deleted.
            pub version: i32,
            /// The `clientMutationId` the input carried, unchanged.
            pub client_mutation_id: Option<String>,
        }
    };
}

deleted!(
    /// What `deleteCertification` deleted.
    DeleteCertificationPayload
);
deleted!(
    /// What `deleteExam` deleted.
    DeleteExamPayload
);
deleted!(
    /// What `deleteCourse` deleted.
    DeleteCoursePayload
);
