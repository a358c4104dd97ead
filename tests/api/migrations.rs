//! The same migrations run, and revert, on both backends.

use certgraph_store::{DatabaseSettings, Store};
use certgraph_tests::{on_both_backends, Backend, TestDatabase};

on_both_backends!(migrations_go_up_down_and_up_again_and_load_no_data);

async fn migrations_go_up_down_and_up_again_and_load_no_data(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let store = Store::connect(&DatabaseSettings::new(db.url.clone()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    assert!(store.migrations_current().await.unwrap());
    assert!(store.is_empty().await.unwrap(), "migrations must load no data");
    store.migrate_down_all().await.unwrap();
    assert!(!store.migrations_current().await.unwrap());
    assert!(store.is_empty().await.is_err(), "tables must be gone after down");
    store.migrate().await.unwrap();
    let doc = certgraph_catalog::bundled().unwrap();
    let summary = store.insert_catalog(&doc.catalog).await.unwrap();
    assert_eq!(
        (summary.certifications, summary.exams, summary.courses),
        (7, 8, 7)
    );
    store.close().await.unwrap();
}
