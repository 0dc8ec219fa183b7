#!/bin/sh
# bench/run.sh RBDC: speed and memory of rbdc on generated programs (issue 5), against peers.
#
# For each size N (apps; each app routed, with its own Vault secret, see gen.sh) it times
#   rbdc FILE -o -        compile: one YAML stream on stdout
#   rbdc FILE -o DIR      end to end: one file per object, fsync'ed, atomic swap
#   rbdc FILE -o DIR      again into its own output (re-run: unchanged files are linked over)
# and, when installed, on the same objects:
#   jsonnet -y            bench/rbd.libsonnet over gen-jsonnet.sh N (same objects: compare.sh)
#   kubectl kustomize     over rbdc's own -o DIR output
#   cp -r                 of rbdc's -o DIR output into a fresh directory (the I/O floor)
# It prints median, min and max wall time, peak RSS, output bytes, MB/s and the ratio of
# each peer to rbdc, then reactbin.rbd's time per process and the issue's targets.
#
# Environment:
#   BENCH_SIZES       sizes to run (default "1 100 1000 10000 100000"); e.g. "1 100 1000"
#   BENCH_REPS        timed repetitions for every size (default: 7 up to 1,000 apps, 3 up
#                     to 10,000, 1 above); one untimed run before them measures peak RSS
#   BENCH_PEER_REPS   repetitions of a peer (default: min(reps, 3); 1 once a run takes > 10 s)
#   BENCH_PEER_CAP    seconds before a peer run is stopped and shown as "timeout" (default
#                     60); a peer that timed out is skipped at the larger sizes
#   BENCH_COMPARE     sizes at which bench/compare.sh checks that jsonnet and rbdc build the
#                     same objects before anything is timed (default "0 1 12 150 1000")
#   BENCH_PEER_MEM_KB address-space cap of a peer (ulimit -v; default 8388608 = 8 GiB)
#   BENCH_RBDC_CAP    seconds before an rbdc run is stopped (default 900)
#   BENCH_CP_MAX      largest size for the cp -r comparison (default 10000)
#   BENCH_REACTBIN    runs of reactbin.rbd for the per-process time (default 50; 0 skips)
#   BENCH_ONE_RUNS    runs of the one-app pair (rbdc and jsonnet, bare, alternating; default 30)
#   BENCH_NO_PEERS=1  time rbdc alone
#   BENCH_NO_KUSTOMIZE=1  leave kustomize out (it times out from 1,000 apps on: a minute per run)
#   TMPDIR            where the programs and outputs go (one mktemp -d, removed at exit)
set -eu
# bash's $EPOCHREALTIME reads the clock without starting a process (date +%s.%N costs one,
# a millisecond or more here); without bash the script runs as it is, under any POSIX sh.
if [ -z "${BASH_VERSION:-}" ] && [ -z "${BENCH_NO_BASH:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi
export LC_ALL=C

rbdc=${1:?usage: sh bench/run.sh RBDC}
case $rbdc in /*) ;; *) rbdc=$(pwd)/$rbdc ;; esac
[ -x "$rbdc" ] || { echo "bench: $rbdc is not an executable" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

sizes=${BENCH_SIZES:-1 100 1000 10000 100000}
peer_cap=${BENCH_PEER_CAP:-60}
peer_mem=${BENCH_PEER_MEM_KB:-8388608}
rbdc_cap=${BENCH_RBDC_CAP:-900}
cp_max=${BENCH_CP_MAX:-10000}
reactbin_runs=${BENCH_REACTBIN:-50}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-bench.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# --- tools ------------------------------------------------------------------------------
# stamp VAR: the wall clock in seconds (with decimals) into VAR, without a subshell in bash.
if [ -n "${EPOCHREALTIME:-}" ]; then
	clock='bash $EPOCHREALTIME'
	stamp() { eval "$1=\$EPOCHREALTIME"; }
else
	case $(date +%N) in *[!0-9]*|'') echo "bench: needs bash or GNU date (+%N) for wall times" >&2; exit 2 ;; esac
	clock='date +%s.%N (a process per reading)'
	stamp() { eval "$1=\$(date +%s.%N)"; }
fi
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$tmp/probe" true 2>/dev/null; then
	gnutime=/usr/bin/time
else
	gnutime=
	echo "bench: /usr/bin/time (Debian package time) is missing: no peak RSS" >&2
fi
have() { [ -z "${BENCH_NO_PEERS:-}" ] && command -v "$1" >/dev/null 2>&1; }
have_timeout=
command -v timeout >/dev/null 2>&1 && have_timeout=1
jsonnet_state=; kustomize_state=
if have jsonnet; then jsonnet_state=on; else jsonnet_state="not installed"; fi
if [ -n "${BENCH_NO_KUSTOMIZE:-}" ]; then kustomize_state="BENCH_NO_KUSTOMIZE"
elif have kubectl && kubectl kustomize --help >/dev/null 2>&1; then kustomize_state=on; else kustomize_state="not installed"; fi
[ -n "${BENCH_NO_PEERS:-}" ] && { jsonnet_state="BENCH_NO_PEERS"; kustomize_state="BENCH_NO_PEERS"; }

# --- one measured command -----------------------------------------------------------------
# run_cmd CAP OUT CMD...: runs CMD (stdout to OUT; OUT "-" discards), sets $elapsed
# ("START:END" clock readings) and $status (0, "timeout" or "failed"). CAP=0: no timeout.
run_cmd() {
	rc_cap=$1 rc_out=$2; shift 2
	[ "$rc_out" = - ] && rc_out=/dev/null
	if [ "$rc_cap" != 0 ] && [ -n "$have_timeout" ]; then
		set +e; stamp t0; timeout -k 5 "$rc_cap" "$@" > "$rc_out" 2>> "$tmp/stderr"; rc=$?; stamp t1; set -e
	else
		set +e; stamp t0; "$@" > "$rc_out" 2>> "$tmp/stderr"; rc=$?; stamp t1; set -e
	fi
	elapsed=$t0:$t1
	case $rc in 0) status=0 ;; 124|137) status=timeout ;; *) status=failed ;; esac
}
# secs START:END: seconds between two readings.
secs() { echo "$1" | awk -F: '{ printf "%.6f\n", $2 - $1 }'; }

# rss_of CAP OUT CMD...: one run; sets $rss to its peak RSS in KiB (or "-") and $status.
rss_of() {
	r_cap=$1 rout=$2; shift 2
	rss=-
	if [ -z "$gnutime" ]; then run_cmd "$r_cap" "$rout" "$@"; return; fi
	rm -f "$tmp/rss"
	run_cmd "$r_cap" "$rout" "$gnutime" -f %M -o "$tmp/rss" "$@"
	if [ "$status" = 0 ] && [ -s "$tmp/rss" ]; then rss=$(tail -n 1 "$tmp/rss"); fi
}

# stats START:END...: "median min max" in seconds.
stats() {
	printf '%s\n' "$@" | awk -F: 'NF == 2 { printf "%.6f\n", $2 - $1 }' | sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.6f %.6f %.6f\n", m, v[1], v[NR] }'
}

# --- the table ----------------------------------------------------------------------------
bytes_dir=; bytes_override=
results="$tmp/results"   # size|what|reps|median|min|max|rss|bytes|note
: > "$results"
row() { printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$@" >> "$results"; }
header_printed=
print_row() {
	# size what reps median min max rss bytes note, plus the rbdc median it is compared with
	[ -n "$header_printed" ] || {
		printf '| %7s | %-24s | %4s | %9s | %9s | %9s | %8s | %11s | %8s | %-11s |\n' \
			apps run reps "median s" "min s" "max s" "RSS MiB" "out bytes" "MB/s" "vs rbdc"
		printf '|--------:|:-------------------------|-----:|----------:|----------:|----------:|---------:|------------:|---------:|:------------|\n'
		header_printed=1
	}
	echo "$1|$2|$3|$4|$5|$6|$7|$8|$9|${10}" | awk -F'|' '{
		rss = ($7 == "-" || $7 == "") ? "-" : sprintf("%.1f", $7 / 1024)
		if ($9 != "") { med = $9; mn = "-"; mx = "-"; mbs = "-"; $8 = "-" } else {
			med = sprintf("%.4f", $4); mn = sprintf("%.4f", $5); mx = sprintf("%.4f", $6)
			mbs = ($8 > 0 && $4 > 0) ? sprintf("%.1f", $8 / $4 / 1e6) : "-" }
		ratio = ($10 != "" && $10 > 0 && $9 == "") ? sprintf("%.1fx slower", $4 / $10) : ($2 ~ /^rbdc/ ? "" : "-")
		if ($10 != "" && $10 > 0 && $9 == "" && $4 < $10) ratio = sprintf("%.1fx faster", $10 / $4)
		printf "| %7s | %-24s | %4s | %9s | %9s | %9s | %8s | %11s | %8s | %-11s |\n", $1, $2, $3, med, mn, mx, rss, $8, mbs, ratio }'
}

# measure SIZE WHAT REPS CAP PREP OUT CMD...: one run under /usr/bin/time for peak RSS
# (untimed: a warm-up), then REPS timed runs. With REPS=1, or a peer whose first run took
# 10 s or more, the first run is the timed one (the cap bounds the whole benchmark; GNU
# time's own start adds about a millisecond). No warm-up when $nowarm is set (cp -r).
# PREP is a shell command run before each run, untimed (e.g. removing the output
# directory). OUT is where stdout goes ("-": discarded). BASE (global) is the rbdc median
# to compare with ("" for none). Sets $median_s and $last_status.
measure() {
	m_size=$1 m_what=$2 m_reps=$3 m_cap=$4 m_prep=$5 m_out=$6; shift 6
	times=; done_reps=0; rss=-
	if [ -z "${nowarm:-}" ]; then
		eval "$m_prep"
		rss_of "$m_cap" "$m_out" "$@"
		if [ "$status" != 0 ]; then
			row "$m_size" "$m_what" 0 0 0 0 - 0 "$status"
			print_row "$m_size" "$m_what" 0 0 0 0 - 0 "$status" ""
			median_s=; last_status=$status; return 0
		fi
		if [ "$m_reps" = 1 ] || { [ -n "${peer:-}" ] && [ "$(secs "$elapsed" | cut -d. -f1)" -ge 10 ]; }; then
			times=$elapsed; done_reps=1; m_reps=1
		fi
	fi
	while [ "$done_reps" -lt "$m_reps" ]; do
		eval "$m_prep"
		run_cmd "$m_cap" "$m_out" "$@"
		[ "$status" = 0 ] || break
		times="$times $elapsed"; done_reps=$((done_reps + 1))
		# A slow peer is timed once: the cap bounds the whole run.
		[ -n "${peer:-}" ] && [ "$(secs "$elapsed" | cut -d. -f1)" -ge 10 ] && break
	done
	last_status=$status
	if [ "$done_reps" = 0 ]; then
		row "$m_size" "$m_what" 0 0 0 0 "$rss" 0 "$status"
		print_row "$m_size" "$m_what" 0 0 0 0 "$rss" 0 "$status" ""
		median_s=; return 0
	fi
	# shellcheck disable=SC2086
	set -- $(stats $times)
	median_s=$1
	bytes=0
	[ "$m_out" != - ] && bytes=$(wc -c < "$m_out")
	[ -n "${bytes_dir:-}" ] && bytes=$(dir_bytes "$bytes_dir")
	[ -n "${bytes_override:-}" ] && bytes=$bytes_override
	row "$m_size" "$m_what" "$done_reps" "$1" "$2" "$3" "$rss" "$bytes" ""
	print_row "$m_size" "$m_what" "$done_reps" "$1" "$2" "$3" "$rss" "$bytes" "" "${BASE:-}"
}

# set_aside DIR: before a run that writes DIR, move the last run's DIR aside and flush the
# disk. Nothing is removed before the end of the benchmark: ext4 skips the inodes freed in
# the last minutes when it allocates new ones (recently_deleted), so a run right after an
# rm -rf of tens of thousands of files pays for that scan (seen here: cp -r of 30,003 files
# in 1.5 s after a pause, 15.5 s right after removing as many).
aside=0
set_aside() {
	if [ -e "$1" ]; then
		aside=$((aside + 1)); mkdir -p "$tmp/aside"; mv "$1" "$tmp/aside/$aside"
	fi
	sync
}

dir_bytes() { find "$1" -type f -exec cat {} + | wc -c; }

reps_for() {
	if [ -n "${BENCH_REPS:-}" ]; then echo "$BENCH_REPS"
	elif [ "$1" -le 1000 ]; then echo 7
	elif [ "$1" -le 10000 ]; then echo 3
	else echo 1; fi
}

# --- what is measured ----------------------------------------------------------------------
commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
echo "# rbdc benchmark (bench/run.sh)"
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at start"
echo "clock:    $clock"
echo "rbdc:     $rbdc ($("$rbdc" --version 2>/dev/null | head -n 1)); repo HEAD $commit"
echo "temp:     $tmp ($(df -PT "$tmp" | awk 'NR == 2 { print $2 }'))"
if [ "$jsonnet_state" = on ]; then
	echo "jsonnet:  $(jsonnet --version 2>&1 | head -n 1) (cap ${peer_cap}s, ulimit -v ${peer_mem} KiB)"
else echo "jsonnet:  skipped ($jsonnet_state)"; fi
if [ "$kustomize_state" = on ]; then
	echo "kubectl:  $(kubectl version --client 2>/dev/null | tr '\n' ' ')(kubectl kustomize; cap ${peer_cap}s)"
else echo "kubectl:  skipped ($kustomize_state)"; fi
echo "sizes:    $sizes; reps: ${BENCH_REPS:-7 up to 1k apps, 3 up to 10k, 1 above} (+1 untimed run for peak RSS)"
echo

# --- reactbin.rbd: time per process ---------------------------------------------------------
reactbin_line=
if [ "$reactbin_runs" -gt 0 ] && [ -f "$root/reactbin.rbd" ]; then
	cp "$root/reactbin.rbd" "$tmp/reactbin.rbd"
	per_run() { # CMD...: median/min/max of $reactbin_runs runs, one process each
		ts=; i=0
		while [ "$i" -lt "$reactbin_runs" ]; do
			stamp t0; "$@" > /dev/null; stamp t1
			ts="$ts $t0:$t1"; i=$((i + 1))
		done
		# shellcheck disable=SC2086
		stats $ts
	}
	# The same loop around /bin/true is the cost of starting a process and reading the clock.
	set -- $(per_run /bin/true); true_ms=$(awk -v s="$1" 'BEGIN { printf "%.2f", s * 1000 }')
	set -- $(per_run "$rbdc" "$tmp/reactbin.rbd" -o -)
	rb_med=$1
	rss_of 0 - "$rbdc" "$tmp/reactbin.rbd" -o -; rb_rss=$rss
	stamp t0; i=0
	while [ "$i" -lt "$reactbin_runs" ]; do "$rbdc" "$tmp/reactbin.rbd" -o - > /dev/null; i=$((i + 1)); done
	stamp t1
	loop_ms=$(awk -v d="$(secs "$t0:$t1")" -v n="$reactbin_runs" 'BEGIN { printf "%.2f", d / n * 1000 }')
	reactbin_line=$(awk -v m="$1" -v lo="$2" -v hi="$3" -v t="$true_ms" -v n="$reactbin_runs" -v r="$rb_rss" -v l="$loop_ms" 'BEGIN { n2 = n;
		printf "reactbin.rbd -o -, one process per run, %d runs: median %.2f ms (min %.2f, max %.2f; %d back to back: %.2f ms each); /bin/true timed the same way: %.2f ms; peak RSS %s KiB", n, m * 1000, lo * 1000, hi * 1000, n2, l, t, r }')
	echo "$reactbin_line"
	echo
fi

# --- the peer builds the same objects ------------------------------------------------------------
# A fair comparison needs the same output: both streams are parsed and compared object by object.
compare_line=
if [ "$jsonnet_state" = on ]; then
	compare_ok=; compare_bad=
	for n in ${BENCH_COMPARE:-0 1 12 150 1000}; do
		if sh "$here/compare.sh" "$rbdc" "$n" > "$tmp/compare.out" 2>&1; then compare_ok="$compare_ok $n"
		else compare_bad="$compare_bad $n"; sed 's/^/  /' "$tmp/compare.out" | head -n 8; fi
	done
	if [ -z "$compare_bad" ]; then
		compare_line="equivalence: jsonnet and rbdc build the same objects, field by field and in the same order, at N =$compare_ok (bench/compare.sh)"
	else
		compare_line="equivalence: FAILED at N =$compare_bad (same at$compare_ok): the jsonnet times below are not comparable"
	fi
	echo "$compare_line"
	echo
fi

# --- one app, one process per run -----------------------------------------------------------------
# At one app a run is a few milliseconds, so the `timeout` wrapper of the table's rows (a process of its own)
# would be a large part of it. Both are timed here the same way, bare and back to back, for the 25x target.
one_line=; one_rbdc=; one_jsonnet=
if [ "$jsonnet_state" = on ] && [ "${BENCH_ONE_RUNS:-30}" -gt 0 ]; then
	sh "$here/gen.sh" 1 > "$tmp/one.rbd"
	sh "$here/gen-jsonnet.sh" 1 > "$tmp/one.jsonnet"
	one_ts_r=; one_ts_j=; i=0
	while [ "$i" -lt "${BENCH_ONE_RUNS:-30}" ]; do
		stamp t0; "$rbdc" "$tmp/one.rbd" -o - > /dev/null; stamp t1
		stamp t2; jsonnet -J "$here" -y "$tmp/one.jsonnet" > /dev/null; stamp t3
		one_ts_r="$one_ts_r $t0:$t1"; one_ts_j="$one_ts_j $t2:$t3"; i=$((i + 1))
	done
	# shellcheck disable=SC2086
	set -- $(stats $one_ts_r); one_rbdc=$1
	# shellcheck disable=SC2086
	set -- $(stats $one_ts_j); one_jsonnet=$1
	one_line=$(awk -v r="$one_rbdc" -v j="$one_jsonnet" -v n="${BENCH_ONE_RUNS:-30}" 'BEGIN {
		printf "one app, %d runs each, alternating, no wrapper: rbdc -o - median %.2f ms, jsonnet -y median %.2f ms: %.1fx", n, r * 1000, j * 1000, j / r }')
	echo "$one_line"
	echo
fi

# --- the sizes ------------------------------------------------------------------------------
jsonnet_skip=; kustomize_skip=
for n in $sizes; do
	reps=$(reps_for "$n")
	sh "$here/gen.sh" "$n" > "$tmp/bench.rbd"
	in_bytes=$(wc -c < "$tmp/bench.rbd")
	echo "$n|$in_bytes" >> "$tmp/inputs"
	peer=; BASE=; bytes_override=

	# compile: one stream on stdout
	measure "$n" "rbdc -o -" "$reps" "$rbdc_cap" ":" "$tmp/out.yaml" "$rbdc" "$tmp/bench.rbd" -o -
	compile_s=$median_s
	objects=$(grep -c '^kind:' "$tmp/out.yaml" 2>/dev/null || echo 0)

	# end to end: files on disk (a fresh directory each run; removing it is not timed)
	bytes_dir=$tmp/out
	measure "$n" "rbdc -o DIR" "$reps" "$rbdc_cap" 'set_aside "$tmp/out"' - "$rbdc" "$tmp/bench.rbd" -o "$tmp/out"
	e2e_s=$median_s
	# the same again into its own output: what a re-run after a small edit costs
	if [ -d "$tmp/out" ]; then
		measure "$n" "rbdc -o DIR (re-run)" "$reps" "$rbdc_cap" ":" - "$rbdc" "$tmp/bench.rbd" -o "$tmp/out"
	fi
	bytes_dir=
	dir_b=0; files=0
	if [ -d "$tmp/out" ]; then
		dir_b=$(dir_bytes "$tmp/out"); files=$(find "$tmp/out" -type f | wc -l)
	fi
	echo "$n apps: input $in_bytes bytes; $objects objects; -o DIR wrote $files files" >> "$tmp/notes"

	peer=1
	# jsonnet: the same objects from bench/rbd.libsonnet
	if [ "$jsonnet_state" = on ]; then
		if [ -n "$jsonnet_skip" ]; then
			row "$n" "jsonnet -y" 0 0 0 0 - 0 "skipped ($jsonnet_skip)"
			print_row "$n" "jsonnet -y" 0 0 0 0 - 0 "skipped ($jsonnet_skip)" ""
		else
			sh "$here/gen-jsonnet.sh" "$n" > "$tmp/bench.jsonnet"
			preps=${BENCH_PEER_REPS:-$([ "$reps" -lt 3 ] && echo "$reps" || echo 3)}
			BASE=$compile_s
			measure "$n" "jsonnet -y" "$preps" "$peer_cap" ":" "$tmp/jsonnet.yaml" \
				sh -c 'ulimit -v "$1" 2>/dev/null; shift; exec "$@"' sh "$peer_mem" jsonnet -J "$here" -y "$tmp/bench.jsonnet"
			[ "$last_status" = 0 ] || jsonnet_skip="$last_status at $n"
		fi
	fi
	# kubectl kustomize over rbdc's own output directory
	if [ "$kustomize_state" = on ] && [ -d "$tmp/out" ]; then
		if [ -n "$kustomize_skip" ]; then
			row "$n" "kubectl kustomize DIR" 0 0 0 0 - 0 "skipped ($kustomize_skip)"
			print_row "$n" "kubectl kustomize DIR" 0 0 0 0 - 0 "skipped ($kustomize_skip)" ""
		else
			preps=${BENCH_PEER_REPS:-$([ "$reps" -lt 3 ] && echo "$reps" || echo 3)}
			BASE=$compile_s
			measure "$n" "kubectl kustomize DIR" "$preps" "$peer_cap" ":" "$tmp/kustomize.yaml" \
				sh -c 'ulimit -v "$1" 2>/dev/null; shift; exec "$@"' sh "$peer_mem" kubectl kustomize "$tmp/out"
			[ "$last_status" = 0 ] || kustomize_skip="$last_status at $n"
		fi
	fi
	# cp -r of the same output: what writing that many files costs without rbdc
	if [ -d "$tmp/out" ] && [ "$n" -le "$cp_max" ]; then
		BASE=$e2e_s; bytes_override=$dir_b; nowarm=1
		creps=$([ "$reps" -lt 3 ] && echo "$reps" || echo 3)
		measure "$n" "cp -r DIR" "$creps" 0 'set_aside "$tmp/copy"' - cp -r "$tmp/out" "$tmp/copy"
		measure "$n" "cp -r DIR + sync -f" "$creps" 0 'set_aside "$tmp/copy"' - sh -c 'cp -r "$1" "$2" && sync -f "$2"' sh "$tmp/out" "$tmp/copy"
		bytes_override=; nowarm=
		set_aside "$tmp/copy"
	fi
	peer=
	set_aside "$tmp/out"
	rm -f "$tmp/out.yaml" "$tmp/jsonnet.yaml" "$tmp/kustomize.yaml" "$tmp/bench.jsonnet"
done

# --- the issue's targets --------------------------------------------------------------------
echo
echo "vs rbdc: the run's median against rbdc's (-o - for jsonnet and kustomize, which print one"
echo "stream; -o DIR for cp -r, which writes the same files). MB/s: output bytes / median."
echo "RSS: peak resident set of one run (GNU time %M). timeout: stopped after ${peer_cap}s."
echo
[ -s "$tmp/notes" ] && cat "$tmp/notes" && echo
echo "Targets (issue 13):"
get() { awk -F'|' -v n="$1" -v w="$2" -v f="$3" '$1 == n && $2 == w { print $f }' "$results"; }
verdict() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then echo met; else echo "MISSED"; fi; }
[ -n "$compare_line" ] && echo "- $compare_line"
if [ -n "$one_line" ]; then
	x=$(awk -v a="$one_jsonnet" -v b="$one_rbdc" 'BEGIN { printf "%.1f", a / b }')
	echo "- 1 app: at least 25x faster than jsonnet: ${x}x per process ($one_line), $(verdict 25 "$x")"
fi
for pair in 1000:12 10000:12; do
	n=${pair%%:*} want=${pair#*:}
	r=$(get "$n" "rbdc -o -" 4); j=$(get "$n" "jsonnet -y" 4); js=$(get "$n" "jsonnet -y" 9)
	[ -n "$r" ] || continue
	if [ -n "$j" ] && [ "$j" != 0 ] && [ -z "$js" ]; then
		x=$(awk -v a="$j" -v b="$r" 'BEGIN { printf "%.1f", a / b }')
		echo "- $n apps: at least ${want}x faster than jsonnet: ${x}x ($j s vs $r s), $(verdict "$want" "$x")"
	elif [ -n "$js" ]; then
		echo "- $n apps: at least ${want}x faster than jsonnet: jsonnet $js (over ${peer_cap} s: more than $(awk -v c="$peer_cap" -v b="$r" 'BEGIN { printf "%.0fx", c / b }'))"
	fi
done
if [ -n "$reactbin_line" ]; then
	ms=$(awk -v s="$rb_med" 'BEGIN { printf "%.2f", s * 1000 }')
	echo "- reactbin.rbd <= 2 ms per process: ${ms} ms, $(verdict "$ms" 2) (of which ~${true_ms} ms is starting any process here)"
fi
t10k=$(get 10000 "rbdc -o -" 4); r10k=$(get 10000 "rbdc -o -" 7); t1k=$(get 1000 "rbdc -o -" 4)
if [ -n "$t10k" ] && [ "$t10k" != 0 ]; then
	echo "- 10,000 apps -o - <= 0.6 s: ${t10k} s, $(verdict "$t10k" 0.6)"
	[ "$r10k" != - ] && echo "- 10,000 apps peak RSS <= 64 MiB: $(awk -v r="$r10k" 'BEGIN { printf "%.1f", r / 1024 }') MiB, $(verdict "$(awk -v r="$r10k" 'BEGIN { print r / 1024 }')" 64)"
fi
if [ -n "$t10k" ] && [ -n "$t1k" ] && [ "$t1k" != 0 ] && [ "$t10k" != 0 ]; then
	ratio=$(awk -v a="$t10k" -v b="$t1k" 'BEGIN { printf "%.1f", a / b }')
	echo "- 10k/1k time ratio <= 11: $ratio, $(verdict "$ratio" 11)"
fi
rr10k=$(get 10000 "rbdc -o DIR (re-run)" 4)
if [ -n "$rr10k" ] && [ -n "$t10k" ] && [ "$t10k" != 0 ]; then
	x=$(awk -v a="$rr10k" -v b="$t10k" 'BEGIN { printf "%.1f", a / b }')
	echo "- 10,000 apps -o DIR re-run into its own output <= 4x the -o - time: ${rr10k} s, ${x}x, $(verdict "$x" 4)"
fi
e10k=$(get 10000 "rbdc -o DIR" 4); c10k=$(get 10000 "cp -r DIR" 4); s10k=$(get 10000 "cp -r DIR + sync -f" 4)
if [ -n "$e10k" ] && [ -n "$c10k" ] && [ "$c10k" != 0 ]; then
	echo "- I/O: 10,000 apps -o DIR ${e10k} s vs -o - ${t10k} s; cp -r of the same files ${c10k} s ($(awk -v a="$e10k" -v b="$c10k" 'BEGIN { printf "rbdc %.2fx", a / b }')), cp -r + sync ${s10k} s ($(awk -v a="$e10k" -v b="$s10k" 'BEGIN { printf "rbdc %.2fx", a / b }'))"
fi
if [ -s "$tmp/stderr" ]; then
	echo
	echo "stderr of the runs (first lines):"
	sort -u "$tmp/stderr" | head -n 5 | sed 's/^/  /'
fi
