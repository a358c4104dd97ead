//! `schema.graphql` is the contract: it must equal the schema the code builds.

#[test]
fn schema_graphql_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema.graphql");
    let on_disk = std::fs::read_to_string(path).expect("schema.graphql exists");
    let from_code = certgraph_graphql::sdl();
    assert!(
        on_disk == from_code,
        "schema.graphql differs from the code: run `cargo run -- schema > schema.graphql` and review the diff"
    );
}
