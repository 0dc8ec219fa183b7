#!/bin/sh
# tests/mcjob/run.sh: runs the shell script of every bucket Job rbdc emits (reactbin.rbd and the examples) against a
# fake `mc` and checks that no credential reaches a command line, that mc gets the root credentials only through
# MC_HOST_store and each app's secret key only on standard input, and that each app's policy allows only its store's
# buckets. Needs Node.js >= 20 and the tests/node packages (`yaml`).
#
#   sh tests/mcjob/run.sh RBDC
set -u
if [ $# -ne 1 ]; then
	echo "usage: sh tests/mcjob/run.sh RBDC" >&2
	exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
exec node "$HERE/mcjob.mjs" "$1"
