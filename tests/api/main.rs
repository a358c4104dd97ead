//! End-to-end tests over real HTTP against real databases (SQLite and PostgreSQL).
#![allow(clippy::unwrap_used)]

mod attacks;
mod catalog;
mod charges;
mod compose;
mod consistency;
mod dashboard;
mod diagram_syntax;
mod diagrams;
mod error_codes;
mod errors;
mod explain;
mod explore;
mod federation;
mod graphiql;
mod health;
mod http;
mod import;
mod keys;
mod live;
mod metrics;
mod migrations;
mod order;
mod outage;
mod planning;
mod rate_limit;
mod request_errors;
mod response_cache;
mod scale;
mod seed;
mod store;
mod subscriptions;
mod timeouts;
mod traversal;
mod writes;
