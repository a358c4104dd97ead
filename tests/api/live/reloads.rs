//! A reader never sees half of a reload: every answer belongs to one whole catalog
//! generation, however the reloads and the reads interleave.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use certgraph_domain::{
    Catalog, Certification, CertificationCode, CertificationStatus, ExamCode, GroupKind, Level,
    RequirementGroup, RequirementItem,
};
use certgraph_tests::{on_both_backends, Backend};
use serde_json::Value;

use super::{bundled, generation_of, spawn, tagged, CERTGRAPH};

on_both_backends!(readers_during_reloads_see_one_whole_catalog_or_the_other);

/// How many filler certifications generation `g` has: a different count for each, so a
/// page of them shows which generation its count comes from.
fn fillers(generation: usize) -> usize {
    60 + 7 * generation
}

/// [`tagged`] plus [`fillers`] certifications named with the generation, each requiring
/// AZ-400 (so AZ-400's `requiredBy` grows with them).
fn generation(generation: usize) -> Catalog {
    let mut catalog = tagged(generation);
    let az400 = ExamCode::parse("AZ-400").unwrap();
    for i in 0..fillers(generation) {
        catalog.certifications.push(Certification {
            code: CertificationCode::parse(&format!("filler-{i:03}")).unwrap(),
            name: format!("Filler {i} (gen {generation})"),
            level: Level::Associate,
            description: None,
            url: None,
            path_image: None,
            status: CertificationStatus::Active,
            requirements: vec![RequirementGroup {
                kind: GroupKind::AllOf,
                items: vec![RequirementItem::Exam(az400.clone())],
            }],
        });
    }
    catalog
}

/// Everything in it changes with each generation.
const CONSISTENT: &str = r#"{
  certification(code: "devops-engineer") { name requirements { items { ... on Exam { code title } } } }
  fillers: certifications(first: 100, filter: { text: "filler" }) { totalCount nodes { code name } }
  exam(code: "AZ-400") { title requiredBy { code } } }"#;

/// The one generation the whole answer belongs to, or why it does not.
fn whole_generation(response: &Value, base_required_by: usize) -> Result<usize, String> {
    let data = &response["data"];
    if response.get("errors").is_some() || data.is_null() {
        return Err("an error".into());
    }
    let generation = generation_of(&data["certification"]["name"]).ok_or("untagged certification")?;
    let mut tags = vec![generation_of(&data["exam"]["title"])];
    for group in data["certification"]["requirements"]
        .as_array()
        .ok_or("no requirements")?
    {
        for item in group["items"].as_array().ok_or("no items")? {
            if item["code"] == "AZ-400" {
                tags.push(generation_of(&item["title"]));
            }
        }
    }
    let nodes = data["fillers"]["nodes"].as_array().ok_or("no fillers")?;
    tags.extend(nodes.iter().map(|n| generation_of(&n["name"])));
    if tags.iter().any(|t| *t != Some(generation)) {
        return Err(format!("tags {tags:?} besides generation {generation}"));
    }
    let count = fillers(generation);
    if data["fillers"]["totalCount"] != count || nodes.len() != count {
        return Err(format!("{count} fillers expected"));
    }
    let required_by = data["exam"]["requiredBy"]
        .as_array()
        .ok_or("no requiredBy")?
        .len();
    if required_by != base_required_by + count {
        return Err(format!("requiredBy has {required_by}"));
    }
    Ok(generation)
}

async fn readers_during_reloads_see_one_whole_catalog_or_the_other(backend: Backend) {
    let app = spawn(backend).await;
    let base_required_by = bundled()
        .certifications
        .iter()
        .filter(|c| {
            c.requirements.iter().any(|g| {
                g.items
                    .iter()
                    .any(|i| matches!(i, RequirementItem::Exam(e) if e.as_str() == "AZ-400"))
            })
        })
        .count();
    app.load_catalog(&generation(0)).await;
    let first = app.graphql(CONSISTENT).await;
    assert_eq!(whole_generation(&first, base_required_by), Ok(0), "{first:#}");

    const LAST: usize = 5;
    let stop = AtomicBool::new(false);
    let seen = Mutex::new(Vec::<usize>::new());
    let reader = || async {
        loop {
            let response = app.graphql(CONSISTENT).await;
            match whole_generation(&response, base_required_by) {
                Ok(generation) => seen.lock().unwrap().push(generation),
                Err(why) => panic!("a mixed or failed answer ({why}): {response:#}"),
            }
            if stop.load(Ordering::Relaxed) {
                return;
            }
        }
    };
    let writer = async {
        for g in 1..=LAST {
            let before = app.committed_catalog_version().await;
            app.import_in_another_process(CERTGRAPH, &generation(g)).await;
            let committed = app.committed_catalog_version().await;
            assert!(committed > before, "generation {g} committed nothing");
            app.wait_for_catalog_version(committed).await;
            // Let the readers read this generation for a moment, and past the swap.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        stop.store(true, Ordering::Relaxed);
    };
    tokio::join!(reader(), reader(), writer);

    let seen = std::mem::take(&mut *seen.lock().unwrap());
    let distinct: BTreeSet<usize> = seen.iter().copied().collect();
    eprintln!("{} answers, generations {distinct:?}", seen.len());
    assert_eq!(
        distinct.last(),
        Some(&LAST),
        "the readers never saw the last import"
    );
    assert!(
        distinct.len() >= 3,
        "the readers read across too few reloads to show anything: {distinct:?}"
    );
    // One reader's answers never go back to an older generation.
    let last = app.graphql(CONSISTENT).await;
    assert_eq!(whole_generation(&last, base_required_by), Ok(LAST));
}
