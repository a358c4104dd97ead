//! docker-compose.yml wires the server to the database service.

use serde_norway::Value;

#[test]
fn the_server_service_points_at_the_database_service() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docker-compose.yml")).unwrap();
    let compose: Value = serde_norway::from_str(&text).unwrap();
    let services = compose["services"].as_mapping().unwrap();
    let db_name = services
        .iter()
        .find(|(_, s)| s["image"].as_str().is_some_and(|i| i.starts_with("postgres")))
        .map(|(name, _)| name.as_str().unwrap())
        .expect("a postgres service");
    let server = &compose["services"]["certgraph"];
    let url = server["environment"]["DATABASE_URL"]
        .as_str()
        .expect("DATABASE_URL set on the server");
    assert!(url.starts_with("postgres://"), "{url}");
    let host = url.split('@').nth(1).unwrap().split([':', '/']).next().unwrap();
    assert_eq!(
        host, db_name,
        "the server must reach the database by its service name"
    );
    let depends = &server["depends_on"];
    assert!(
        depends
            .as_sequence()
            .is_some_and(|d| d.iter().any(|s| s.as_str() == Some(db_name)))
            || depends.get(db_name).is_some(),
        "the server must depend on the database"
    );
    assert!(
        server["build"].is_string() || server["build"].is_mapping(),
        "the server builds from the Dockerfile"
    );
    let listen = server["environment"]["CERTGRAPH_LISTEN"].as_str().unwrap();
    assert!(
        listen.starts_with("0.0.0.0:"),
        "inside a container the server must listen on all interfaces"
    );
}
