//! sea-orm entities: the tables as the store reads and writes them. Only the store sees these.

pub mod api_key;
pub mod audit_log;
pub mod certification;
pub mod course;
pub mod course_exam;
pub mod exam;
pub mod persisted_query;
pub mod requirement_group;
pub mod requirement_item;
