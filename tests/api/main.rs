//! End-to-end tests over real HTTP against real databases (SQLite and PostgreSQL).
#![allow(clippy::unwrap_used)]

mod catalog;
mod compose;
mod errors;
mod health;
mod migrations;
mod planning;
mod scale;
mod seed;
mod traversal;
