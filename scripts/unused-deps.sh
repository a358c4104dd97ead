#!/usr/bin/env bash
# Fails when a crate declares a dependency that none of its code uses (cargo-machete: it
# reads the sources, so it needs no build and takes a second). The tool is built once from
# crates.io, at a pinned version, into target/tools (like any build output: never
# committed), so a fresh clone needs nothing installed beyond cargo.
# A dependency used in a way it cannot see (only through a macro's expansion) goes in the
# crate's `[package.metadata.cargo-machete] ignored`, with a comment saying why.
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.9.2
tools=target/tools
if ! "$tools/bin/cargo-machete" --version 2>/dev/null | grep -qF "$version"; then
  echo "building cargo-machete $version into $tools" >&2
  cargo install --quiet --locked --root "$tools" --version "$version" cargo-machete
fi
"$tools/bin/cargo-machete" --skip-target-dir
