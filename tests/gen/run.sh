#!/bin/sh
# tests/gen: generated programs. Every program rbdc accepts must compile into manifests that pass the conformance
# validator and the ported API-server field validation, with every user value arriving as written.
#
#   sh tests/gen/run.sh RBDC        (from the repository root; RBDC e.g. build/rbdc)
#
# GEN_SEED=n varies the programs (the seed is printed), GEN_COUNT=n their number (default 5000), GEN_JOBS=n the
# concurrent rbdc processes (default 3); failing programs go to GEN_OUT (default build/gen-failures). Last line:
#   gen: N passed, M failed
set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/gen/run.sh RBDC" >&2
	exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT" || exit 2

if ! command -v node >/dev/null 2>&1; then
	echo "FAIL - node (Node.js >= 20) is not installed"
	echo "gen: 0 passed, 1 failed"
	exit 1
fi
# The pinned node packages of tests/node, installed as the conformance suite does.
stamp=tests/node/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ -n "$(find tests/node/package-lock.json -newer "$stamp" 2>/dev/null)" ]; then
	echo "gen: installing tests/node packages (npm ci)"
	if ! npm ci --prefix tests/node --no-audit --no-fund --loglevel=error >&2; then
		echo "FAIL - npm ci --prefix tests/node"
		echo "gen: 0 passed, 1 failed"
		exit 1
	fi
fi
exec node "$HERE/gen.mjs" "$1"
