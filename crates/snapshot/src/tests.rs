//! The snapshot's own rules, on a small catalog written out here.

use certgraph_domain::{Catalog, CertificationStatus, Level};

use crate::{CatalogSnapshot, Filter, ItemRef, PageRequest, SearchHit, SortField, SortKey, Words};

fn catalog() -> Catalog {
    serde_json::from_value(serde_json::json!({
        "certifications": [
            {"code": "devops-engineer", "name": "DevOps Engineer Expert", "level": "EXPERT", "status": "ACTIVE",
             "description": "Azure DevOps practices",
             "requirements": [
                {"kind": "ONE_OF", "items": [{"certification": "azure-administrator"}, {"certification": "azure-developer"}]},
                {"kind": "ALL_OF", "items": [{"exam": "AZ-400"}]}]},
            {"code": "azure-administrator", "name": "Azure Administrator Associate", "level": "ASSOCIATE",
             "status": "ACTIVE", "requirements": [{"kind": "ALL_OF", "items": [{"exam": "AZ-104"}]}]},
            {"code": "azure-developer", "name": "Azure Developer Associate", "level": "ASSOCIATE",
             "status": "RETIRED", "requirements": [{"kind": "ALL_OF", "items": [{"exam": "AZ-204"}]}]}
        ],
        "exams": [
            {"code": "AZ-400", "title": "Designing DevOps Solutions", "status": "LIVE"},
            {"code": "AZ-104", "title": "Microsoft Azure Administrator", "status": "LIVE"},
            {"code": "AZ-204", "status": "LIVE"}
        ],
        "courses": [
            {"code": "AZ-400T00", "title": "DevOps", "delivery": "INSTRUCTOR_LED", "exams": ["AZ-400"]},
            {"code": "AZ-104T00", "title": "Administrator", "delivery": "INSTRUCTOR_LED", "exams": ["AZ-104"]},
            {"code": "AZ-104FR", "title": "Administrateur des Écoles", "delivery": "SELF_PACED", "exams": ["AZ-104"]}
        ]
    }))
    .unwrap()
}

fn snapshot() -> CatalogSnapshot {
    CatalogSnapshot::build(catalog(), 3)
}

fn request(first: Option<u64>, last: Option<u64>) -> PageRequest {
    PageRequest {
        sort: SortField::Code,
        descending: false,
        after: None,
        before: None,
        first,
        last,
    }
}

fn codes(s: &CatalogSnapshot, ids: &[crate::CertId]) -> Vec<String> {
    ids.iter()
        .map(|&c| s.certification(c).record.code.to_string())
        .collect()
}

#[test]
fn lookups_ignore_case_and_edges_run_both_ways() {
    let s = snapshot();
    let devops = s.certification_by_code("DevOps-Engineer").unwrap();
    let admin = s.certification_by_code("azure-administrator").unwrap();
    assert_eq!(s.certification(admin).unlocks, vec![devops]);
    let az400 = s.exam_by_code("az-400").unwrap();
    assert_eq!(s.exam(az400).required_by, vec![devops]);
    assert_eq!(
        s.exam(az400).courses,
        vec![s.course_by_code("az-400t00").unwrap()]
    );
    assert_eq!(
        s.certification(devops).groups[1].items,
        vec![ItemRef::Exam(az400)]
    );
    assert_eq!(s.version, 3);
}

#[test]
fn pages_follow_cursors_in_both_directions() {
    let s = snapshot();
    let all = Filter::default();
    let first = s.certification_page(&all, &request(Some(2), None));
    assert_eq!(
        codes(&s, &first.items),
        ["azure-administrator", "azure-developer"]
    );
    assert!(first.has_next && !first.has_previous);
    let after = SortKey {
        value: "azure-developer".into(),
        code: "azure-developer".into(),
    };
    let next = s.certification_page(
        &all,
        &PageRequest {
            after: Some(after.clone()),
            ..request(Some(2), None)
        },
    );
    assert_eq!(codes(&s, &next.items), ["devops-engineer"]);
    assert!(!next.has_next && next.has_previous);
    let last = s.certification_page(
        &all,
        &PageRequest {
            before: Some(after),
            ..request(None, Some(5))
        },
    );
    assert_eq!(codes(&s, &last.items), ["azure-administrator"]);
    assert!(last.has_next && !last.has_previous);
    let descending = s.certification_page(
        &all,
        &PageRequest {
            descending: true,
            ..request(Some(1), None)
        },
    );
    assert_eq!(codes(&s, &descending.items), ["devops-engineer"]);
}

#[test]
fn filters_apply_every_condition_and_count_the_whole_list() {
    let s = snapshot();
    let active_associates = Filter {
        kinds: (Some(Level::Associate), Some(CertificationStatus::Active)),
        text: None,
    };
    let page = s.certification_page(&active_associates, &request(Some(10), None));
    assert_eq!(codes(&s, &page.items), ["azure-administrator"]);
    assert_eq!(s.certification_total(&active_associates), 1);
    let words = Filter {
        kinds: (None, None),
        text: Words::parse("devops AZURE"),
    };
    assert_eq!(s.certification_total(&words), 1);
    assert_eq!(s.certification_total(&Filter::default()), 3);
}

#[test]
fn names_order_with_codes_breaking_ties() {
    let s = snapshot();
    let by_name = PageRequest {
        sort: SortField::Name,
        ..request(Some(10), None)
    };
    let page = s.exam_page(&Filter::default(), &by_name);
    let titles: Vec<_> = page
        .items
        .iter()
        .map(|&e| s.exam(e).record.code.to_string())
        .collect();
    // No title sorts first (as the empty string).
    assert_eq!(titles, ["AZ-204", "AZ-400", "AZ-104"]);
}

#[test]
fn search_ranks_exact_codes_first_then_certifications_before_exams() {
    let s = snapshot();
    let hits = s.search(&Words::parse("az-400").unwrap());
    assert_eq!(hits[0], SearchHit::Exam(s.exam_by_code("AZ-400").unwrap()));
    let hits = s.search(&Words::parse("administrator").unwrap());
    assert_eq!(
        hits,
        [
            SearchHit::Certification(s.certification_by_code("azure-administrator").unwrap()),
            SearchHit::Exam(s.exam_by_code("AZ-104").unwrap()),
            SearchHit::Course(s.course_by_code("AZ-104T00").unwrap()),
        ]
    );
    assert!(s.search(&Words::parse("azure devops").unwrap()).len() == 1);
}

#[test]
fn accents_and_case_are_ignored_on_both_sides() {
    let s = snapshot();
    let french = SearchHit::Course(s.course_by_code("AZ-104FR").unwrap());
    for query in ["ecoles", "ÉCOLES", "Ecoles administrateur", "az-104fr"] {
        assert_eq!(s.search(&Words::parse(query).unwrap()), vec![french], "{query}");
    }
    let words = Words::parse("ECOLE").unwrap();
    let filter = Filter {
        kinds: None,
        text: Some(words),
    };
    assert_eq!(s.course_total(&filter), 1);
    assert!(s.search(&Words::parse("écolesx").unwrap()).is_empty());
}

#[test]
fn walks_and_list_sizes_follow_the_data() {
    let s = snapshot();
    let devops = s.certification_by_code("devops-engineer").unwrap();
    let walk = s.walk(&[devops], u32::MAX);
    assert_eq!(walk.certifications.len(), 2);
    assert_eq!(walk.exams.len(), 3);
    assert_eq!(walk.edges.len(), 5);
    let one_level = s.walk(&[devops], 1);
    assert_eq!(one_level.exams.len(), 1);
    let sizes = s.list_sizes();
    assert_eq!(
        (
            sizes.groups_per_certification,
            sizes.items_per_group,
            sizes.certifications_below,
            sizes.exams_below
        ),
        (2, 2, 2, 3)
    );
}
