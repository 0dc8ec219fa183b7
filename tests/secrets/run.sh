#!/bin/sh
# tests/secrets/run.sh RBDC: the plaintext-secret rule (E013) against a corpus of realistic secret shapes that must
# be rejected and ordinary values that must pass, the masking of secret values in diagnostics (in every token kind and
# statement position, every format), and a scan of the generated reactbin output with the same patterns. The corpus is generated at run time from parts and a seeded
# PRNG (tests/secrets/corpus.mjs), so the repository holds no secret-shaped literal. Last line:
#   secrets: N passed, M failed
set -u
rbdc=${1:?usage: sh tests/secrets/run.sh RBDC}
case $rbdc in
/*) ;;
*) rbdc=$(pwd)/$rbdc ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
need() { echo "secrets: $1" >&2; echo "secrets: 0 passed, 1 failed"; exit 1; }

command -v node >/dev/null 2>&1 || need "node not found: install it with \`make deps-test\` (Debian packages nodejs npm)"
[ -x "$rbdc" ] || need "$rbdc is not an executable (build it with \`make $rbdc\`)"
[ -f "$root/reactbin.rbd" ] || need "reactbin.rbd not found in $root"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-secrets.XXXXXX") || need "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

node "$here/secrets.mjs" "$rbdc" "$tmp" "$root"
