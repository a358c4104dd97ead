#!/usr/bin/env bash
# Installs what the end-to-end tests need beyond cargo, on a fresh machine, and nothing
# when it is already there: Debian's Chromium (the browser tests drive it; no browser is
# ever downloaded by npm), Debian's Graphviz (`dot` checks the DOT diagrams) and the Node
# packages of tests/browser (playwright-core, Mermaid) and tests/federation, reinstalled
# with `npm ci` whenever their package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v dot >/dev/null || missing+=(graphviz)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian's ${missing[*]} for the end-to-end tests" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# `npm ci` into DIR unless DIR/node_modules was installed from this very package-lock.json.
npm_ci() {
  local dir=$1 stamp=$1/node_modules/.certgraph-lock.sha256 want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "npm ci --prefix $dir" >&2
    npm ci --prefix "$dir" --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
}

npm_ci tests/browser
if [ -f tests/federation/package-lock.json ]; then npm_ci tests/federation; fi
