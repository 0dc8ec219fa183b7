#!/bin/sh
# tests/parallel.sh RBDC: parallel emission (issue 13). For programs below and above the size where threads start
# (bench/gen.sh programs of 0 to 400 apps, every golden and example program), `-o -` and `-o DIR` give the same
# bytes with RBDC_THREADS=1 (the serial path), 2 and 7, and the same bytes again on a repeated run. Run on a
# ThreadSanitizer build by `make tsan` (TSAN_OPTIONS make any report fail the run). Last line:
#   parallel: N passed, M failed
set -u
rbdc=${1:?usage: sh tests/parallel.sh RBDC}
case $rbdc in /*) ;; *) rbdc=$(pwd)/$rbdc ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-parallel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
nok() { failed=$((failed + 1)); echo "FAIL $1"; }

# check NAME FILE: every thread count and a second run agree with the serial path, as a stream and as a directory.
check() {
	name=$1 file=$2
	if ! RBDC_THREADS=1 timeout -k 5 300 "$rbdc" "$file" -o - > "$tmp/serial.yaml" 2> "$tmp/err"; then
		nok "$name: the serial run failed: $(head -n 3 "$tmp/err")"
		return
	fi
	rm -rf "$tmp/serial.d"
	RBDC_THREADS=1 timeout -k 5 300 "$rbdc" "$file" -o "$tmp/serial.d" 2> "$tmp/err" || { nok "$name: serial -o DIR failed"; return; }
	for threads in 2 7 2; do
		if ! RBDC_THREADS=$threads timeout -k 5 300 "$rbdc" "$file" -o - > "$tmp/par.yaml" 2> "$tmp/err"; then
			nok "$name: $threads threads, -o -: exit $? $(head -n 5 "$tmp/err")"
			return
		fi
		if ! cmp -s "$tmp/serial.yaml" "$tmp/par.yaml"; then
			nok "$name: $threads threads, -o -: the stream differs from the serial one"
			return
		fi
		rm -rf "$tmp/par.d"
		if ! RBDC_THREADS=$threads timeout -k 5 300 "$rbdc" "$file" -o "$tmp/par.d" 2> "$tmp/err"; then
			nok "$name: $threads threads, -o DIR: $(head -n 5 "$tmp/err")"
			return
		fi
		if ! diff -r "$tmp/serial.d" "$tmp/par.d" > /dev/null; then
			nok "$name: $threads threads, -o DIR: the files differ from the serial ones"
			return
		fi
	done
	ok "$name: $(grep -c '^kind:' "$tmp/serial.yaml") objects, identical with 1, 2 and 7 threads, twice"
}

for n in 0 1 15 16 17 100 400; do
	sh "$root/bench/gen.sh" "$n" > "$tmp/bench$n.rbd"
	check "bench/gen.sh $n" "$tmp/bench$n.rbd"
done
for f in "$root"/examples/*.rbd "$root/reactbin.rbd"; do
	check "$(basename "$f")" "$f"
done
# Threads start only for programs of more than one batch: a small one runs on the caller's thread alone (no
# start-up cost), a large one uses one worker per extra core.
if command -v strace >/dev/null 2>&1; then
	clones() { RBDC_THREADS=$1 strace -f -qq -e trace=clone,clone3 -o "$tmp/strace" "$rbdc" "$2" -o - > /dev/null 2>&1; grep -c 'clone' "$tmp/strace"; }
	small=$(clones 2 "$root/examples/minimal.rbd"); large=$(clones 2 "$tmp/bench400.rbd"); serial=$(clones 1 "$tmp/bench400.rbd")
	# Relative to the serial run: a sanitizer's runtime starts threads of its own (LeakSanitizer, ThreadSanitizer).
	if [ "$small" = "$serial" ] && [ "$large" -gt "$serial" ]; then
		ok "threads: none for minimal.rbd, $((large - serial)) for 400 apps on 2 threads, beyond the $serial of the serial run"
	else
		nok "threads started: minimal.rbd $small, 400 apps $large, RBDC_THREADS=1 $serial (want the first equal to the last, the second more)"
	fi
else
	echo "SKIP threads: strace is not installed"
fi
echo "parallel: $passed passed, $failed failed"
[ "$failed" = 0 ]
