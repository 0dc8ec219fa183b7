#!/bin/sh
# tests/yaml/run.sh RBDC: "YAML means what the source says" (issue 4). Tricky strings (YAML indicators, quotes,
# escapes, YAML 1.1 booleans/nulls/numbers/base-60/timestamps, Unicode, line breaks) and several hundred seeded
# random strings go into env values, migrate commands, image references, the image tag, bucket names and the Vault
# address; each must come back from a YAML 1.1 decoder exactly as written, without adding a document, key or object,
# or be refused with a clear E0xx error. The checks are in tests/yaml/roundtrip.mjs. Last line:
#   yaml: N passed, M failed
set -u
rbdc=${1:?usage: sh tests/yaml/run.sh RBDC}
case $rbdc in
/*) ;;
*) rbdc=$(pwd)/$rbdc ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
need() { echo "yaml: $1" >&2; echo "yaml: 0 passed, 1 failed"; exit 1; }

command -v node >/dev/null 2>&1 || need "node not found: install it with \`make deps-test\` (Debian packages nodejs npm)"
[ -x "$rbdc" ] || need "$rbdc is not an executable (build it with \`make $rbdc\`)"
if [ ! -d "$root/tests/node/node_modules/yaml" ]; then
	npm ci --prefix "$root/tests/node" --no-audit --no-fund --loglevel=error >&2 ||
		need "tests/node/node_modules is missing and \`npm ci --prefix tests/node\` failed"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-yaml.XXXXXX") || need "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

node "$here/roundtrip.mjs" "$rbdc" "$tmp"
