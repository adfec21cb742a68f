#!/bin/sh
# gen.sh regenerates ../aria.json from a pinned version of the npm package
# aria-query. It installs the package into a temporary folder (never into the
# repository) and runs gen.js on it. Run from the package folder, as
# `go generate` does: sh gen/gen.sh
set -eu

ARIA_QUERY_VERSION=5.3.2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

npm install --silent --no-audit --no-fund --no-package-lock --prefix "$tmp" "aria-query@$ARIA_QUERY_VERSION" >/dev/null
node gen/gen.js "$tmp/node_modules/aria-query" aria.json
