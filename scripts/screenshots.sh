#!/usr/bin/env bash
# Regenerates README's pictures: the explorer (screenshots from the Chromium test of
# /explore) and one path diagram (the seed's DevOps Engineer Expert, drawn by the server's
# own diagram code).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
scripts/with-postgres.sh cargo test -p certgraph-tests --test api -- explore::a_person
cp target/tmp/explore/explore-detail.png docs/explorer-detail.png
cp target/tmp/explore/explore-plan.png docs/explorer-plan.png
cargo run -q -p certgraph-diagram --example seed_path -- devops-engineer svg >docs/devops-engineer-path.svg
echo "updated docs/explorer-detail.png, docs/explorer-plan.png, docs/devops-engineer-path.svg"
