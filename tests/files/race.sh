#!/bin/sh
# tests/files/race.sh RBDC: concurrent `rbdc FILE -o DIR` runs on one DIR (issue 8). ROUNDS rounds (RACE_ROUNDS,
# default 20) of PAR runs at once (RACE_PAR, default 4), alternating two programs, on a DIR that also holds the
# user's README.md, a subdirectory with files, a dotfile and a symlink. After every round:
#   - every exit status is 0: runs on one DIR wait for each other (a lock beside DIR), so none has a reason to
#     fail (an exit 2 is a failure here, whatever its message);
#   - every user entry is still in DIR, byte for byte (type, mode, link target, SHA-256);
#   - nothing is left next to DIR (no `.rbdc-*` sibling, no lock file);
#   - DIR is the complete output of one of the two programs, plus the user's entries.
# In every round one more run is killed outright (SIGKILL) after a random delay, wherever it is (carrying the
# subdirectory over, swapping, cleaning up); one plain run after the round must put everything back in place.
# Every run is bounded by `timeout -k`, so a deadlock fails instead of hanging. Last line:
#   race: N passed, M failed
set -u
rb=${1:?usage: sh tests/files/race.sh RBDC}
case $rb in /*) ;; *) rb=$(pwd)/$rb ;; esac
rounds=${RACE_ROUNDS:-20}
par=${RACE_PAR:-4}
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
nok() {
	failed=$((failed + 1))
	echo "FAIL - $1"
	if [ $# -gt 1 ] && [ -n "$2" ]; then printf '%s\n' "$2" | sed 's/^/       /'; fi
}
finish() {
	echo "race: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-race.XXXXXX") || { nok "mktemp failed"; finish; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Two programs of 60 apps each, different in every file, so the runs last long enough to overlap.
prog() { # tag
	echo 'project race'
	echo 'registry reg.io/race'
	echo "tag \"$1\""
	i=0
	while [ $i -lt 60 ]; do
		echo "app a$i { image; port 8080; health /healthz; env RUN \"$1-$i\" }"
		i=$((i + 1))
	done
	echo "app only-$1 { image; port 8080; health /healthz }"
}
prog v1 >"$tmp/a.rbd"
prog v2 >"$tmp/b.rbd"
mkdir "$tmp/ref"
for p in a b; do
	"$rb" "$tmp/$p.rbd" -o "$tmp/ref/$p" 2>"$tmp/err" || { nok "rbdc $p.rbd -o DIR fails" "$(cat "$tmp/err")"; finish; }
done

# The user's entries: what must survive every round.
user_entries() {
	printf '# Our manifests\n\nKeep me.\n' >"$1/README.md"
	mkdir -p "$1/overlays/prod"
	printf 'kind: Kustomization\nresources: [../../]\n' >"$1/overlays/prod/kustomization.yaml"
	printf 'patch: 1\n' >"$1/overlays/prod/patch.yaml"
	printf 'LOCAL=1\n' >"$1/.env.local" && chmod 600 "$1/.env.local"
	ln -s README.md "$1/readme-link"
}
user_names='README.md overlays .env.local readme-link'
snap_user() { (cd "$1" && find $user_names -printf '%y %m %p %l\n' | LC_ALL=C sort && find $user_names -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); }
mkdir "$tmp/user"
user_entries "$tmp/user"
snap_user "$tmp/user" >"$tmp/user.snap"
# What DIR holds apart from the user's entries: the listing and bytes of one complete output.
snap_generated() { (cd "$1" && find . -maxdepth 1 -type f ! -name README.md ! -name .env.local -printf '%f\n' | LC_ALL=C sort | xargs -r sha256sum); }
snap_generated "$tmp/ref/a" >"$tmp/a.snap"
snap_generated "$tmp/ref/b" >"$tmp/b.snap"

mkdir "$tmp/w"
out=$tmp/w/out
cp -a "$tmp/ref/a" "$out"
user_entries "$out"
t0=$(date +%s)
round=1
while [ "$round" -le "$rounds" ]; do
	i=1
	pids=
	while [ "$i" -le "$par" ]; do
		p=a
		[ $(((i + round) % 2)) -eq 0 ] && p=b
		# Staggered by up to 25 ms, so that one run starts while another is in any phase of its own.
		sh -c 'sleep "$1"; exec timeout -k 5 30 "$2" "$3" -o "$4"' sh "0.0$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')" \
			"$rb" "$tmp/$p.rbd" "$out" >/dev/null 2>"$tmp/err.$i" &
		pids="$pids $!"
		i=$((i + 1))
	done
	"$rb" "$tmp/b.rbd" -o "$out" >/dev/null 2>&1 & # no timeout wrapper: the KILL must hit rbdc itself
	victim=$!
	sleep "0.0$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')"
	kill -s KILL "$victim" 2>/dev/null
	{ wait "$victim"; } 2>/dev/null
	i=1
	problems=
	statuses=
	for pid in $pids; do
		wait "$pid"
		st=$?
		statuses="$statuses $st"
		if [ "$st" -ne 0 ]; then
			problems="${problems}run $i: exit $st ($(head -1 "$tmp/err.$i")); "
		fi
		i=$((i + 1))
	done
	# DIR as the last of them left it: one complete output (checked before the next run rewrites it).
	snap_generated "$out" >"$tmp/gen.snap"
	if ! cmp -s "$tmp/gen.snap" "$tmp/a.snap" && ! cmp -s "$tmp/gen.snap" "$tmp/b.snap"; then
		problems="${problems}DIR is not one complete output after the concurrent runs; "
	fi
	# The run killed outright may have left its sibling and its lock file: the next run settles them.
	timeout -k 5 30 "$rb" "$tmp/a.rbd" -o "$out" >/dev/null 2>"$tmp/err.settle" || problems="${problems}the run after the round fails: $(head -1 "$tmp/err.settle"); "
	snap_user "$out" >"$tmp/now.snap" 2>&1
	cmp -s "$tmp/now.snap" "$tmp/user.snap" || problems="${problems}the user's entries changed: $(diff "$tmp/user.snap" "$tmp/now.snap" | grep '^[<>]' | head -3 | tr '\n' ' '); "
	left=$(cd "$tmp/w" && ls -A | grep -vx out | tr '\n' ' ')
	[ -z "$left" ] || problems="${problems}left next to DIR: $left; "
	snap_generated "$out" >"$tmp/gen.snap"
	if ! cmp -s "$tmp/gen.snap" "$tmp/a.snap" && ! cmp -s "$tmp/gen.snap" "$tmp/b.snap"; then
		problems="${problems}DIR is not one complete output; "
	fi
	if [ -n "$problems" ]; then
		nok "round $round ($par runs, exits$statuses): $problems" "$(cat "$tmp"/err.* | sort -u | head -5)"
		# Start the next round from a clean state, so one failure does not cascade.
		rm -rf "$out" "$tmp"/w/.[!.]* "$tmp"/w/..?* 2>/dev/null
		cp -a "$tmp/ref/a" "$out"
		user_entries "$out"
	fi
	round=$((round + 1))
done
t1=$(date +%s)
[ "$failed" -eq 0 ] && ok "$rounds rounds of $par concurrent runs (and one killed by SIGKILL) on one DIR ($((t1 - t0)) s): every exit 0, the user's README, subdirectory, dotfile and link intact byte for byte, nothing left beside DIR, DIR always one complete output"
finish
