#!/bin/sh
# scale/run.sh: inputs far under the size limit must compile in linear time and bounded memory (issue 8, item 9).
# Each case ran for minutes or took gigabytes when a per-item check was quadratic; the bounds here are 20-50x
# above what a linear compiler needs on a slow machine, so they catch a blow-up, not a slow day.
set -u
rbdc=${1:?usage: scale/run.sh RBDC}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-scale.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

head_lines() {
	printf 'project p\ndomain p.example.com\nregistry ghcr.io/x\ntag "1"\nvault { auth a; mount kv }\n'
	printf 'secret m from vault "p/m" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }\n'
}

# case NAME SECONDS MEMORY_KIB FILE [WANT_STATUS GREP]: compiles FILE to a stream within the bounds; exit 0 with
# output, or the given status with GREP matching stderr (a refusal must be as bounded as a success).
case_() {
	name=$1 seconds=$2 kib=$3 file=$4 want=${5:-0} pattern=${6:-}
	bytes=$(wc -c <"$file")
	( ulimit -v "$kib"; exec timeout -k 5 "$seconds" "$rbdc" "$file" -o - ) >"$tmp/out" 2>"$tmp/err"
	st=$?
	if [ "$st" -eq "$want" ] && { [ "$want" -ne 0 ] || [ -s "$tmp/out" ]; } && { [ -z "$pattern" ] || grep -q -- "$pattern" "$tmp/err"; }; then
		pass=$((pass + 1)); echo "ok   $name ($bytes bytes, under ${seconds}s and $((kib / 1024)) MiB)"
	else
		fail=$((fail + 1)); echo "FAIL $name: exit $st (124/137: over ${seconds}s; otherwise likely over $((kib / 1024)) MiB)"; head -3 "$tmp/err"
	fi
}

# 150,000 env lines in one app (each checked against the others for duplicates).
{ head_lines; echo 'app api { image; port 8000; health /h; route /'
  awk 'BEGIN { for (i = 0; i < 150000; i++) printf "  env E%d \"v%d\"\n", i, i }'
  echo '}'; echo 'store minio { size 1Gi; secrets m }'; echo 'ingress { tls le }'; } >"$tmp/env.rbd"
case_ "150,000 env lines" 20 524288 "$tmp/env.rbd"

# 200,000 buckets in one store (a pairwise duplicate check needs about a minute here).
{ head_lines; echo 'store minio { size 1Gi; secrets m'
  awk 'BEGIN { for (i = 0; i < 200000; i++) printf "  bucket b%06dx\n", i }'
  echo '}'; } >"$tmp/buckets.rbd"
case_ "200,000 buckets" 20 524288 "$tmp/buckets.rbd"

# keys_file N: one secret with N keys.
keys_file() {
	printf 'project p\nregistry ghcr.io/x\ntag "1"\nvault { auth a; mount kv }\nsecret s from vault "p/s" { keys '
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "%sKEY_%08d", (i ? ",\n " : ""), i }'
	echo ' }'; echo 'app api { image; port 8000; health /h; secrets s }'
}
# A 45 MB keys list: refused (E023, a statement takes at most 10,000 arguments) in a bounded multiple of the
# input's memory (it took 1.9 GB for 55 MB); 10,000 keys, the most a statement takes, compile.
keys_file 3000000 >"$tmp/keys.rbd"
case_ "3,000,000 keys (45 MB) refused" 60 786432 "$tmp/keys.rbd" 1 "at most 10000 arguments"
keys_file 10000 >"$tmp/keys.rbd"
case_ "10,000 keys" 20 262144 "$tmp/keys.rbd"

# 20,000 apps, each with its secret and route: every cross-app check is a hash lookup.
awk 'BEGIN { print "project p\ndomain p.example.com\nregistry ghcr.io/x\ntag \"1\"\nvault { auth a; mount kv }"
	for (i = 0; i < 20000; i++) printf "secret s%d from vault \"p/s%d\" { keys K%d }\napp a%d { image; port 8000; health /h; route /r%d; secrets s%d }\n", i, i, i, i, i, i
	print "ingress { tls le }" }' >"$tmp/apps.rbd"
case_ "20,000 apps with secrets and routes" 30 1048576 "$tmp/apps.rbd"

echo "scale: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -eq 5 ]
