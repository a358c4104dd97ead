//! DataLoaders for every relation. One loader type answers every key type, each with one
//! batched store call, so a request's statement count depends on the query's shape only.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use certgraph_domain::{CertificationCode, CourseCode, ExamCode};
use certgraph_store::{
    CertificationRow, CourseRow, ExamRow, GroupRow, ItemRow, Store, StoreError, TargetKind,
};

/// Row id of a certification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CertificationId(pub i32);
/// Row id of an exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExamId(pub i32);
/// Row id of a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CourseId(pub i32);
/// The requirement groups of a certification (by its row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupsOf(pub i32);
/// The items of a requirement group (by its row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemsOf(pub i32);
/// The courses preparing for an exam (by its row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CoursesFor(pub i32);
/// The exams a course prepares for (by its row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExamsFor(pub i32);

/// A requirement group by its row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupId(pub i32);
/// The certifications that list this certification (by row id) as a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnlockedBy(pub i32);
/// The certifications that list this exam (by row id) as a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequiredBy(pub i32);

/// Batches store calls for one request.
pub struct StoreLoader {
    store: Store,
}

/// The per-request loader handle resolvers find in the context.
pub type Loaders = DataLoader<StoreLoader, HashMapCache>;

impl StoreLoader {
    pub fn loaders(store: Store) -> Loaders {
        // Cached per request; the short delay lets sibling resolvers join a batch. Lists
        // prefetch their children (see `prefetch`) so batching never depends on timing there.
        DataLoader::with_cache(Self { store }, tokio::spawn, HashMapCache::default())
            .delay(std::time::Duration::from_millis(2))
    }
}

type LoadResult<K, V> = Result<HashMap<K, V>, Arc<StoreError>>;

fn index<K: Eq + Hash, V>(rows: Vec<V>, key: impl Fn(&V) -> K) -> HashMap<K, V> {
    rows.into_iter().map(|r| (key(&r), r)).collect()
}

/// Groups rows by key, with an empty list for every asked key that has none, so the
/// answer "nothing" is cached too and never asked for again in the same request.
fn group<K: Eq + Hash + Clone, V>(keys: &[K], rows: impl IntoIterator<Item = (K, V)>) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = keys.iter().map(|k| (k.clone(), Vec::new())).collect();
    for (k, v) in rows {
        map.entry(k).or_default().push(v);
    }
    map
}

macro_rules! loader {
    ($key:ty => $value:ty, |$store:ident, $keys:ident| $body:expr) => {
        impl Loader<$key> for StoreLoader {
            type Value = $value;
            type Error = Arc<StoreError>;

            async fn load(&self, $keys: &[$key]) -> LoadResult<$key, $value> {
                let $store = &self.store;
                let result: Result<HashMap<$key, $value>, StoreError> = async { $body }.await;
                result.map_err(Arc::new)
            }
        }
    };
}

loader!(CertificationId => CertificationRow, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    Ok(index(store.certifications_by_ids(&ids).await?, |r| CertificationId(r.id)))
});
loader!(ExamId => ExamRow, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    Ok(index(store.exams_by_ids(&ids).await?, |r| ExamId(r.id)))
});
loader!(CourseId => CourseRow, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    Ok(index(store.courses_by_ids(&ids).await?, |r| CourseId(r.id)))
});
loader!(CertificationCode => CertificationRow, |store, keys| {
    Ok(index(store.certifications_by_codes(keys).await?, |r| r.code.clone()))
});
loader!(ExamCode => ExamRow, |store, keys| {
    Ok(index(store.exams_by_codes(keys).await?, |r| r.code.clone()))
});
loader!(CourseCode => CourseRow, |store, keys| {
    Ok(index(store.courses_by_codes(keys).await?, |r| r.code.clone()))
});
loader!(GroupsOf => Vec<GroupRow>, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    let rows = store.groups_of_certifications(&ids).await?;
    Ok(group(keys, rows.into_iter().map(|g| (GroupsOf(g.certification_id), g))))
});
loader!(ItemsOf => Vec<ItemRow>, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    let rows = store.items_of_groups(&ids).await?;
    Ok(group(keys, rows.into_iter().map(|i| (ItemsOf(i.group_id), i))))
});
loader!(CoursesFor => Vec<CourseRow>, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    Ok(group(keys, store.courses_of_exams(&ids).await?.into_iter().map(|(e, c)| (CoursesFor(e), c))))
});
loader!(ExamsFor => Vec<ExamRow>, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    Ok(group(keys, store.exams_of_courses(&ids).await?.into_iter().map(|(c, e)| (ExamsFor(c), e))))
});
loader!(GroupId => GroupRow, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    Ok(index(store.groups_by_ids(&ids).await?, |g| GroupId(g.id)))
});
loader!(UnlockedBy => Vec<i32>, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    let pairs = store.requirers_of(TargetKind::Certification, &ids).await?;
    Ok(group(keys, pairs.into_iter().map(|(target, requirer)| (UnlockedBy(target), requirer))))
});
loader!(RequiredBy => Vec<i32>, |store, keys| {
    let ids: Vec<i32> = keys.iter().map(|k| k.0).collect();
    let pairs = store.requirers_of(TargetKind::Exam, &ids).await?;
    Ok(group(keys, pairs.into_iter().map(|(target, requirer)| (RequiredBy(target), requirer))))
});
