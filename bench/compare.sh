#!/bin/sh
# compare.sh RBDC [N]: check that bench/rbd.libsonnet builds the same objects as rbdc.
# Generates the N-app program both ways (default N=12, enough for two-digit routes to
# sort before one-digit ones), parses both streams (yq or python3 with PyYAML) and
# compares the objects field by field, key order and quoting aside. Exit 0 when equal.
set -eu
rbdc=${1:?usage: compare.sh RBDC [N]}
n=${2:-12}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
sh "$here/gen.sh" "$n" > "$tmp/bench.rbd"
sh "$here/gen-jsonnet.sh" "$n" > "$tmp/bench.jsonnet"
"$rbdc" "$tmp/bench.rbd" -o - > "$tmp/rbdc.yaml"
jsonnet -J "$here" -y "$tmp/bench.jsonnet" > "$tmp/jsonnet.yaml"
# One canonical JSON object per line (sorted keys), in stream order.
canon() {
	if command -v yq >/dev/null 2>&1 && command -v jq >/dev/null 2>&1; then
		yq -c -S . "$1"
	else
		python3 -c 'import sys, json, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    print(json.dumps(d, sort_keys=True, separators=(",", ":")))' "$1"
	fi
}
canon "$tmp/rbdc.yaml" > "$tmp/rbdc.json"
canon "$tmp/jsonnet.yaml" > "$tmp/jsonnet.json"
objs=$(wc -l < "$tmp/rbdc.json")
if cmp -s "$tmp/rbdc.json" "$tmp/jsonnet.json"; then
	echo "compare: N=$n: rbdc and jsonnet build the same $objs objects (field by field, in the same order)"
else
	echo "compare: N=$n: rbdc and jsonnet differ:" >&2
	diff "$tmp/rbdc.json" "$tmp/jsonnet.json" | cut -c1-200 | head -20 >&2
	exit 1
fi
