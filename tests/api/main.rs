//! End-to-end tests over real HTTP against real databases (SQLite and PostgreSQL).
#![allow(clippy::unwrap_used)]

mod attacks;
mod catalog;
mod compose;
mod consistency;
mod errors;
mod federation;
mod graphiql;
mod health;
mod http;
mod import;
mod live;
mod migrations;
mod outage;
mod planning;
mod rate_limit;
mod scale;
mod seed;
mod timeouts;
mod traversal;
