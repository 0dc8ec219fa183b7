#!/bin/sh
# tests/tools/run.sh RBDC: the tools around the compiler (issue 12): header, pre-commit hook, explain, docs, man pages,
# install, graph, editors. Each NAME.sh runs alone too; this runs them all and fails when one fails.
set -u
rbdc=${1:?usage: sh tests/tools/run.sh RBDC}
here=$(cd "$(dirname "$0")" && pwd)
status=0
for t in header hook explain docs edges man install graph editors; do
	[ -f "$here/$t.sh" ] || continue
	echo "== tools: $t"
	timeout -k 10 600 sh "$here/$t.sh" "$rbdc" || status=1
done
exit $status
