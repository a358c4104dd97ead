//! Helpers for the end-to-end tests: every test spawns the real server on port 0 with a
//! fresh database of its own (an SQLite file in a temporary directory, or a freshly
//! created PostgreSQL database that is dropped afterwards). This is the one place for
//! them: the server under test (`app`), requests to it (`requests`), catalog changes under
//! it (`catalog_writes`), its API keys (`keys`), writes through the API and second server
//! processes (`writes`), databases (`database`, `cluster`), shared queries (`dashboard`) and
//! the browser scripts that drive it (`node_scripts`).
#![allow(clippy::unwrap_used)]

mod app;
mod catalog_writes;
mod cluster;
mod dashboard;
mod database;
mod keys;
mod node_scripts;
mod requests;
mod writes;

pub use app::{SpawnOptions, TestApp};
pub use catalog_writes::{tagged, with_exam_retired};
pub use cluster::ThrowawayPostgres;
pub use dashboard::{dashboard_queries, DashboardCodes, DashboardQuery, CATALOG_PAGE, PATH_PAGE};
pub use database::{backend_pids, postgres_admin_url, Backend, TestDatabase, POSTGRES_URL_VAR};
pub use keys::{bearer, unknown_key, KeysRun};
pub use node_scripts::{assert_stayed_local_and_clean, run_browser_script};
pub use requests::{
    answer_size, client_from, graphql_at, header_number, squeeze_json, unknown_persisted_query,
};
pub use writes::{error_code, post_as, ServerProcess};

/// Defines each listed test function (taking a [`Backend`]) once per backend:
/// `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Backend::Postgres).await
                }
            }
        )*
    };
}
