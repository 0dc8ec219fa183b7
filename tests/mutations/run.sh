#!/bin/sh
# rbdc mutation test (issue 3): every single-mistake variant of reactbin.rbd must give ONE
# diagnostic on the right line, with a hint how to fix it, exit 1 and write nothing; a
# variant that is still a valid program must compile cleanly. See tests/mutations/README.md.
#
#   sh tests/mutations/run.sh RBDC          (RBDC e.g. build/rbdc; any working directory)
#
# The mutants are generated from reactbin.rbd's statement tree by mutate.mjs (Node.js >= 20,
# no packages). Last line:
#   mutations: N passed, M failed
set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/mutations/run.sh RBDC" >&2
	exit 2
fi
RBDC=$1
case $RBDC in
	/*) ;;
	*/*) RBDC=$(pwd)/$RBDC ;;
	*) RBDC=$(command -v "$RBDC") || { echo "run.sh: $1: not found" >&2; exit 2; } ;;
esac
if [ ! -x "$RBDC" ]; then
	echo "run.sh: $RBDC is not an executable rbdc" >&2
	exit 2
fi
if ! command -v node >/dev/null 2>&1; then
	echo "run.sh: needs Node.js >= 20 (make deps-test installs it)" >&2
	exit 2
fi

HERE=$(cd "$(dirname "$0")" && pwd)
exec node "$HERE/mutate.mjs" "$RBDC" "${RBDC_MUTATIONS_SRC:-$HERE/../../reactbin.rbd}"
