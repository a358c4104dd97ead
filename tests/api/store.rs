//! The store applying catalogs directly, without HTTP: what the import and the bundled
//! catalog rely on, on both backends.

use certgraph_store::{ApplyOptions, DatabaseSettings, Store};
use certgraph_tests::{Backend, TestDatabase};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

async fn store(db: &TestDatabase) -> Store {
    let store = Store::connect(&DatabaseSettings::new(db.url.clone()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    store
}

fn bundled() -> certgraph_domain::Catalog {
    certgraph_catalog::bundled().unwrap().catalog
}

/// Every foreign key of the schema with its definition, as PostgreSQL reports it.
async fn foreign_keys(url: &str) -> Vec<(String, String)> {
    let conn = Database::connect(url).await.unwrap();
    let rows = conn
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE contype = 'f' ORDER BY 1",
        ))
        .await
        .unwrap();
    conn.close().await.ok();
    rows.iter()
        .map(|r| (r.try_get_by_index(0).unwrap(), r.try_get_by_index(1).unwrap()))
        .collect()
}

#[tokio::test]
async fn a_bulk_load_stores_the_same_catalog_and_keeps_every_foreign_key() {
    let (bulk, row_by_row) = (
        TestDatabase::create(Backend::Postgres).await,
        TestDatabase::create(Backend::Postgres).await,
    );
    let (bulk_store, plain_store) = (store(&bulk).await, store(&row_by_row).await);
    let keys = foreign_keys(&bulk.url).await;
    assert_eq!(keys.len(), 6, "{keys:?}");

    let everything = ApplyOptions {
        bulk_load_rows: Some(1),
        ..ApplyOptions::default()
    };
    let summary = bulk_store.apply_catalog(bundled(), everything).await.unwrap();
    assert!(summary.written);
    plain_store
        .apply_catalog(bundled(), ApplyOptions::default())
        .await
        .unwrap();

    assert_eq!(foreign_keys(&bulk.url).await, keys);
    let exported = bulk_store.export_catalog().await.unwrap();
    assert_eq!(exported, plain_store.export_catalog().await.unwrap());
    assert_eq!(exported.certifications.len(), bundled().certifications.len());

    // The restored keys enforce again: a link to an exam that does not exist is refused.
    let conn = Database::connect(&bulk.url).await.unwrap();
    let refused = conn
        .execute_unprepared(
            "INSERT INTO course_exam (course_id, exam_id, position) \
             SELECT min(id), 2147483647, 99 FROM course",
        )
        .await;
    assert!(refused.is_err(), "a dangling link was stored");
    conn.close().await.ok();

    // A second bulk load of the same catalog writes nothing and leaves the keys alone.
    let again = bulk_store.apply_catalog(bundled(), everything).await.unwrap();
    assert!(!again.written);
    assert_eq!(foreign_keys(&bulk.url).await, keys);
}

#[tokio::test]
async fn applying_the_same_catalog_twice_writes_once_on_both_backends() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let db = TestDatabase::create(backend).await;
        let store = store(&db).await;
        let first = store
            .apply_catalog(bundled(), ApplyOptions::default())
            .await
            .unwrap();
        assert!(first.written, "{backend:?}");
        assert_eq!(first.certifications.created, bundled().certifications.len());
        let second = store
            .apply_catalog(bundled(), ApplyOptions::default())
            .await
            .unwrap();
        assert!(!second.written, "{backend:?}");
        assert_eq!(second.certifications.unchanged, bundled().certifications.len());
        assert_eq!(
            store.export_catalog().await.unwrap().courses.len(),
            bundled().courses.len()
        );
    }
}
