#!/usr/bin/env bash
# The flood benchmark (see BENCHMARKS.md): the release binary under one client's flood of
# expensive queries while another client's simple queries are timed, with rate limits on
# and off. FLOOD_SECONDS, FLOOD_CONCURRENCY and FLOOD_CERTIFICATIONS tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --locked -p certgraph --bench flood
