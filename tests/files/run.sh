#!/bin/sh
# tests/files/run.sh RBDC: "files are safe" (issue 4). What `rbdc FILE -o DIR` does to the file system:
#   - user files and subdirectories in DIR survive a run byte for byte; stale generated files go; DIR keeps its mode
#   - permission denied, a write error (`ulimit -f`), a full disk (a small tmpfs, when mount works), a regular file
#     or a symbolic link where DIR should be, a foreign file (or directory, FIFO, symlink) with a generated file's
#     name: exit 2 with a clear message, DIR byte-identical, nothing `.rbdc-*` left beside DIR, no symlink target
#     touched
#   - a symlink under another name is kept as it is; names cannot escape DIR
#   - SIGINT and SIGTERM at several moments of a long run (thousands of apps; right after the start, and once 5%,
#     50%, 95% and all of the files are in the temporary directory) leave DIR as the complete old or the complete
#     new output, never a mix, and no temporary directory; SIGKILL too (a temporary directory may stay: reported);
#     two runs at once leave one complete output
#   - signals exactly around the swap (an LD_PRELOAD shim, tests/files/shim.c, raises them inside syncfs, right
#     before and right after the rename): DIR is exactly old or exactly new, exit 0 exactly when it is new, no
#     user file lost; the same shim checks at every rename that DIR never goes missing (the swap is one atomic
#     exchange), and forces the two-rename fallback of file systems without RENAME_EXCHANGE
#   - standard output: a write error (/dev/full) exits 2 with a message in every mode; a reader that stops early
#     (`| head -1`) gets exit 2 and no message, never a death by SIGPIPE
#   - tests/files/race.sh: concurrent and killed runs on one DIR
# Every rbdc run is bounded (`timeout -k`, or a watchdog for the runs a trial signals), so no case can hang.
# A case that cannot run here is a SKIP line, counted at the end; a skip that should not happen here (as root:
# no setpriv/runuser, no tmpfs mount; a /dev/full that cannot be written) is a failure. RBDC_FILES_NO_MOUNT=1
# turns the tmpfs case into an allowed skip, for containers without mount rights.
# Directories are compared with `diff -r` and a listing of every entry's type, mode, link target and SHA-256.
# Unprivileged cases run as nobody (setpriv, else runuser) when run as root. FILES_BIG_APPS=N sets the size of the
# long program (default 1500 apps). Last line:
#   files: N passed, M failed, K skipped
set -u
rbdc_in=${1:?usage: sh tests/files/run.sh RBDC [RBDC_DYNAMIC]}
case $rbdc_in in
/*) ;;
*) rbdc_in=$(pwd)/$rbdc_in ;;
esac
# Section 11 preloads a shim, which only a dynamically linked rbdc loads: for a static RBDC (build/rbdc), the
# second argument is the same source linked dynamically (build/dyn/rbdc); without one, RBDC itself is used.
rbdc_dyn=${2:-$rbdc_in}
case $rbdc_dyn in
/*) ;;
*) rbdc_dyn=$(pwd)/$rbdc_dyn ;;
esac
passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
nok() {
	failed=$((failed + 1))
	echo "FAIL - $1"
	if [ $# -gt 1 ] && [ -n "$2" ]; then printf '%s\n' "$2" | sed 's/^/       /'; fi
}
skip() { skipped=$((skipped + 1)); echo "SKIP - $1"; }
note() { echo "note - $1"; }
finish() {
	echo "files: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit $?
}
# Every rbdc run in this suite ends within this many seconds, or is killed (rbdc blocks SIGTERM while it writes,
# hence -k). A hang is then a failure with exit 124 or 137, not a stalled suite.
limit=${FILES_TIMEOUT:-120}
bounded() { timeout -k 5 "$limit" "$@"; }
# Waits for background job $1, killing it (SIGKILL) if it outlives the limit; st is its exit status. The watchdog
# polls rather than being signalled, since a signal sent while a subshell is starting can be lost.
bounded_wait() {
	(
		ticks=$((limit * 10))
		while [ "$ticks" -gt 0 ] && kill -0 "$1" 2>/dev/null; do
			sleep 0.1
			ticks=$((ticks - 1))
		done
		[ "$ticks" -gt 0 ] || kill -s KILL "$1" 2>/dev/null
	) >/dev/null 2>&1 &
	watchdog=$!
	wait "$1"
	st=$?
	wait "$watchdog"
}
[ -x "$rbdc_in" ] || { nok "$rbdc_in is not an executable"; finish; }
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-files.XXXXXX") || { nok "mktemp failed"; finish; }
mounted=
cleanup() {
	[ -z "$mounted" ] || umount "$mounted" 2>/dev/null
	chmod -R u+rwx "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 755 "$tmp" # nobody must reach the programs and the binary
umask 022
mkdir "$tmp/bin" && cp "$rbdc_in" "$tmp/bin/rbdc" && chmod 755 "$tmp/bin/rbdc"
cp "$rbdc_dyn" "$tmp/bin/rbdc-dyn" && chmod 755 "$tmp/bin/rbdc-dyn"
RB=$tmp/bin/rbdc

# st: exit status of the last run; its output is in $tmp/last.out and $tmp/last.err.
run() {
	bounded "$@" >"$tmp/last.out" 2>"$tmp/last.err"
	st=$?
}
err_text() { sed 's/^/stderr: /' "$tmp/last.err" | head -5; }
# Every entry of a directory: type, mode, path and link target; then the SHA-256 of every regular file.
snap() {
	(cd "$1" && find . -printf '%y %m %p %l\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
same_dir() { diff -r "$1" "$2" >/dev/null 2>&1 && [ "$(snap "$1")" = "$(snap "$2")" ]; }
# What rbdc leaves beside DIR while it runs, in DIR's parent: the new directory `.rbdc-KEY-XXXXXX` and the lock
# `.rbdc-KEY.lock` (KEY a hash of DIR's name). Every DIR in this suite is alone with its kind in its parent.
leftovers() { find "$(dirname "$1")" -maxdepth 1 -name ".rbdc-*" | wc -l; }
# What the temporary siblings hold: name, owner, number of files.
describe_leftovers() {
	find "$(dirname "$1")" -maxdepth 1 -name ".rbdc-*" | while IFS= read -r d; do
		printf '%s (owner %s, %s files) ' "$(basename "$d")" "$(stat -c %U "$d")" "$(find "$d" -type f | wc -l)"
	done
}
drop_leftovers() { find "$(dirname "$1")" -maxdepth 1 -name ".rbdc-*" -exec rm -rf {} +; }

# Unprivileged runs: as nobody when we are root, as ourselves otherwise.
# $as_user is a command prefix (empty for ourselves), so `run $as_user "$RB" ...` stays bounded by timeout.
if [ "$(id -u)" -ne 0 ]; then
	unpriv=self
	as_user=
elif setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	unpriv=setpriv
	as_user='setpriv --reuid=65534 --regid=65534 --clear-groups'
elif runuser -u nobody -- true 2>/dev/null; then
	unpriv=runuser
	as_user='runuser -u nobody --'
else
	unpriv=
	as_user=
fi

# The programs: A, and B with another tag, another env value, one app less (its files go stale) and one more.
cat >"$tmp/a.rbd" <<'EOF'
project files
registry reg.io/files
tag "v1"
app api { image; port 8000; health /healthz; env MODE "a" }
app old { image; port 8001; health /healthz }
EOF
cat >"$tmp/b.rbd" <<'EOF'
project files
registry reg.io/files
tag "v2"
app api { image; port 8000; health /healthz; env MODE "b" }
app new { image; port 8002; health /healthz }
EOF
run "$RB" "$tmp/a.rbd" -o "$tmp/refA"
[ "$st" -eq 0 ] || { nok "rbdc a.rbd -o DIR exits $st" "$(err_text)"; finish; }
run "$RB" "$tmp/b.rbd" -o "$tmp/refB"
[ "$st" -eq 0 ] || { nok "rbdc b.rbd -o DIR exits $st" "$(err_text)"; finish; }
[ -f "$tmp/refA/old-deployment.yaml" ] && [ -f "$tmp/refB/new-deployment.yaml" ] ||
	{ nok "the reference outputs are not what this test expects (old-/new-deployment.yaml)"; finish; }

# A fresh case directory holding `out`, a copy of refA.
fresh() {
	c=$tmp/$1
	rm -rf "$c"
	mkdir -p "$c"
	cp -a "$tmp/refA" "$c/out"
}

# ---------------------------------------------------------------------------------------------------------------
# 1. User files survive.
fresh user
printf '# Our deployment\n\nDo not delete me.\n' >"$c/out/README.md"
mkdir -p "$c/out/overlays/prod"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' >"$c/out/overlays/prod/patch.yaml"
printf 'private\n' >"$c/out/.hidden"
chmod 600 "$c/out/.hidden"
printf 'x\n# generated by rbdc from a.rbd; do not edit\n' >"$c/out/notes.txt" # the mark, but not at the start
chmod 750 "$c/out"
mkdir "$c/expected"
cp -a "$tmp/refB/." "$c/expected/"
for f in README.md overlays .hidden notes.txt; do cp -a "$c/out/$f" "$c/expected/"; done
chmod 750 "$c/expected"
run "$RB" "$tmp/b.rbd" -o "$c/out"
if [ "$st" -ne 0 ]; then
	nok "user files: rbdc exits $st" "$(err_text)"
elif ! same_dir "$c/out" "$c/expected"; then
	snap "$c/out" >"$tmp/s1"
	snap "$c/expected" >"$tmp/s2"
	nok "user files: DIR is not the new output plus the user's files, byte for byte and mode for mode" "$(diff "$tmp/s1" "$tmp/s2" | head -20)"
elif [ "$(leftovers "$c/out")" -ne 0 ]; then
	nok "user files: a temporary directory is left next to DIR"
else
	ok "user files: README.md, a subdirectory, a dotfile and a file with the mark inside are kept byte for byte; stale generated files removed; DIR keeps mode 750"
fi
run "$RB" "$tmp/b.rbd" -o "$c/out"
if [ "$st" -eq 0 ] && same_dir "$c/out" "$c/expected" && [ "$(leftovers "$c/out")" -eq 0 ]; then
	ok "user files: a second identical run changes nothing"
else
	nok "user files: a second identical run exits $st or changes DIR" "$(err_text)"
fi

# ---------------------------------------------------------------------------------------------------------------
# 2. Permission denied: the unprivileged user cannot write the output's parent.
if [ -z "$unpriv" ]; then
	nok "permission denied: running as root, yet neither setpriv nor runuser can run as nobody"
else
	fresh perm
	printf 'readme\n' >"$c/out/README.md"
	if [ "$unpriv" = self ]; then chmod 555 "$c"; fi # as root, $c is root's and 755: nobody cannot write it
	snap "$c" >"$tmp/before"
	run $as_user "$RB" "$tmp/b.rbd" -o "$c/out"
	snap "$c" >"$tmp/after"
	if [ "$st" -ne 2 ]; then
		nok "permission denied: exit $st, want 2" "$(err_text)"
	elif ! grep -q "^rbdc: error: .*$c.*Permission denied" "$tmp/last.err"; then
		nok "permission denied: the message does not name the place and the reason" "$(err_text)"
	elif ! cmp -s "$tmp/before" "$tmp/after"; then
		nok "permission denied: the old output changed" "$(diff "$tmp/before" "$tmp/after" | head)"
	else
		ok "permission denied ($unpriv): exit 2, '$(head -1 "$tmp/last.err" | sed "s|$tmp|TMP|g")', old output intact"
	fi
	chmod 755 "$c"
	rm -rf "$c/out"
	if [ "$unpriv" = self ]; then chmod 555 "$c"; fi
	run $as_user "$RB" "$tmp/b.rbd" -o "$c/out"
	if [ "$st" -eq 2 ] && [ ! -e "$c/out" ] && [ "$(leftovers "$c/out")" -eq 0 ]; then
		ok "permission denied, no output yet: exit 2, nothing created"
	else
		nok "permission denied, no output yet: exit $st, want 2 and nothing created" "$(err_text)"
	fi
	chmod 755 "$c"

	# The old output belongs to someone else (root, not writable by the user) while its parent is the user's:
	# rbdc may replace it or refuse, but must not leave the old files behind under a temporary name.
	if [ "$unpriv" = self ]; then
		skip "old output owned by another user: needs root"
	else
		fresh owner
		chown 65534 "$c"
		run $as_user "$RB" "$tmp/b.rbd" -o "$c/out"
		n=$(leftovers "$c/out")
		if [ "$st" -eq 0 ] && diff -r "$c/out" "$tmp/refB" >/dev/null && [ "$n" -eq 0 ]; then
			ok "old output owned by root, parent writable by nobody: replaced, nothing left behind"
		elif [ "$st" -eq 2 ] && same_dir "$c/out" "$tmp/refA" && [ "$n" -eq 0 ]; then
			ok "old output owned by root, parent writable by nobody: refused (exit 2), old output intact"
		else
			nok "old output owned by root, parent writable by nobody: exit $st, out is $(diff -r "$c/out" "$tmp/refB" >/dev/null && echo new || echo 'not the new output'), $n temporary director$( [ "$n" -eq 1 ] && echo y || echo ies) left: $(describe_leftovers "$c/out")" "$(err_text)"
		fi
		drop_leftovers "$c/out"

		# The swap itself fails after the user's subdirectory was moved into the new output: in a sticky parent
		# (like /tmp), nobody may create the new directory but not rename root's `out`. The subdirectory must be
		# moved back, and everything else stay as it was.
		fresh sticky
		chmod 1777 "$c"
		chmod 777 "$c/out"
		mkdir -p "$c/out/overlays/prod"
		printf 'kind: Kustomization\n' >"$c/out/overlays/prod/kustomization.yaml"
		printf 'readme\n' >"$c/out/README.md"
		chown -R 65534 "$c/out/overlays" "$c/out/README.md"
		snap "$c" >"$tmp/before"
		run $as_user "$RB" "$tmp/b.rbd" -o "$c/out"
		snap "$c" >"$tmp/after"
		if [ "$st" -eq 2 ] && grep -q "^rbdc: error: .*out" "$tmp/last.err" && cmp -s "$tmp/before" "$tmp/after"; then
			ok "the swap fails (sticky parent) after the user's subdirectory moved: exit 2, subdirectory moved back, nothing changed"
		elif [ "$st" -eq 0 ] && [ "$(leftovers "$c/out")" -eq 0 ] && [ -f "$c/out/overlays/prod/kustomization.yaml" ] && cmp -s "$c/out/new-deployment.yaml" "$tmp/refB/new-deployment.yaml"; then
			ok "sticky parent: replaced, the user's subdirectory kept, nothing left behind"
		else
			nok "sticky parent, the swap fails: exit $st, want 2 with everything as it was" "$(err_text; diff "$tmp/before" "$tmp/after" | head)"
		fi
		chmod 755 "$c"
	fi
fi

# ---------------------------------------------------------------------------------------------------------------
# 3. Write errors: a file size limit (the write fails with EFBIG, SIGXFSZ ignored), a full disk.
fresh fsize
printf 'readme\n' >"$c/out/README.md"
snap "$c" >"$tmp/before"
(
	trap '' XFSZ
	ulimit -f 1
	exec timeout -k 5 "$limit" "$RB" "$tmp/b.rbd" -o "$c/out"
) >"$tmp/last.out" 2>"$tmp/last.err"
st=$?
snap "$c" >"$tmp/after"
if [ "$st" -ne 2 ]; then
	nok "write error (ulimit -f): exit $st, want 2" "$(err_text)"
elif ! grep -q '^rbdc: error: .*File too large' "$tmp/last.err"; then
	nok "write error (ulimit -f): the message does not say what failed" "$(err_text)"
elif ! cmp -s "$tmp/before" "$tmp/after"; then
	nok "write error (ulimit -f): the old output changed or a temporary directory is left" "$(diff "$tmp/before" "$tmp/after" | head)"
else
	ok "write error (ulimit -f): exit 2, old output byte-identical, no temporary directory left"
fi
(
	trap '' XFSZ
	ulimit -f 1
	exec timeout -k 5 "$limit" "$RB" "$tmp/b.rbd" -o - >"$c/stream.yaml"
) 2>"$tmp/last.err"
st=$?
if [ "$st" -eq 2 ] && grep -q '^rbdc: error: cannot write the YAML stream' "$tmp/last.err"; then
	ok "write error on -o - (ulimit -f): exit 2 with a message"
else
	nok "write error on -o - (ulimit -f): exit $st, want 2 and a message" "$(err_text)"
fi
if [ -w /dev/full ]; then
	run sh -c '"$1" "$2" -o - >/dev/full' sh "$RB" "$tmp/b.rbd"
	if [ "$st" -eq 2 ] && grep -q 'No space left on device' "$tmp/last.err"; then
		ok "-o - to /dev/full: exit 2, 'No space left on device'"
	else
		nok "-o - to /dev/full: exit $st, want 2 and ENOSPC" "$(err_text)"
	fi
elif [ -e /dev/full ]; then
	nok "/dev/full exists but cannot be written: the write-error cases cannot run"
else
	skip "-o - to /dev/full: no /dev/full here"
fi
# A real full disk: a 256 KiB tmpfs holding the old output, and a program whose output does not fit.
mkdir -p "$tmp/small"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=256k,mode=755 tmpfs "$tmp/small" 2>/dev/null; then
	mounted=$tmp/small
	cp -a "$tmp/refA" "$tmp/small/out"
	printf 'readme\n' >"$tmp/small/out/README.md"
	{
		echo 'project full'
		echo 'registry reg.io/full'
		echo 'tag "v1"'
		i=0
		while [ $i -lt 200 ]; do
			echo "app a$i { image; port 8080; health /healthz }"
			i=$((i + 1))
		done
	} >"$tmp/full.rbd"
	snap "$tmp/small" >"$tmp/before"
	run "$RB" "$tmp/full.rbd" -o "$tmp/small/out"
	snap "$tmp/small" >"$tmp/after"
	if [ "$st" -eq 2 ] && grep -q 'No space left on device' "$tmp/last.err" && cmp -s "$tmp/before" "$tmp/after"; then
		ok "disk full (tmpfs): exit 2, 'No space left on device', old output byte-identical, no temporary directory left"
	else
		nok "disk full (tmpfs): exit $st, want 2, ENOSPC and the old output intact" "$(err_text; diff "$tmp/before" "$tmp/after" | head)"
	fi
	umount "$tmp/small" && mounted=
elif [ "$(id -u)" -ne 0 ]; then
	skip "disk full (tmpfs): mounting a tmpfs needs root; the ulimit -f case covers write errors"
elif [ "${RBDC_FILES_NO_MOUNT:-}" = 1 ]; then
	skip "disk full (tmpfs): mount refused and RBDC_FILES_NO_MOUNT=1"
else
	nok "disk full (tmpfs): running as root, yet a tmpfs cannot be mounted (set RBDC_FILES_NO_MOUNT=1 where that is expected)"
fi

# ---------------------------------------------------------------------------------------------------------------
# 4. A regular file where DIR should be.
rm -rf "$tmp/regular" && mkdir "$tmp/regular"
printf 'I am a file\n' >"$tmp/regular/out"
for target in out out/ out/sub; do
	snap "$tmp/regular" >"$tmp/before"
	run "$RB" "$tmp/a.rbd" -o "$tmp/regular/$target"
	snap "$tmp/regular" >"$tmp/after"
	if [ "$st" -eq 2 ] && grep -q '^rbdc: error: ' "$tmp/last.err" && cmp -s "$tmp/before" "$tmp/after"; then
		ok "a regular file where DIR should be (-o .../$target): exit 2, '$(head -1 "$tmp/last.err" | sed "s|$tmp|TMP|g")', nothing changed"
	else
		nok "a regular file where DIR should be (-o .../$target): exit $st, want 2 and nothing changed" "$(err_text)"
	fi
done

# ---------------------------------------------------------------------------------------------------------------
# 5. Something that is not rbdc's, under the name of a generated file: refused, nothing changed.
foreign_case() { # label, then the commands that plant it in $c/out
	label=$1
	shift
	fresh foreign
	"$@"
	snap "$c" >"$tmp/before"
	run "$RB" "$tmp/b.rbd" -o "$c/out"
	snap "$c" >"$tmp/after"
	if [ "$st" -ne 2 ]; then
		nok "$label: exit $st, want 2" "$(err_text)"
	elif ! grep -q "^rbdc: error: .*api-deployment.yaml" "$tmp/last.err"; then
		nok "$label: the message does not name the file" "$(err_text)"
	elif ! cmp -s "$tmp/before" "$tmp/after"; then
		nok "$label: something changed" "$(diff "$tmp/before" "$tmp/after" | head)"
	else
		ok "$label: refused (exit 2), nothing changed"
	fi
}
plant_file() { printf 'kind: Deployment # written by hand\n' >"$c/out/api-deployment.yaml"; }
plant_late_mark() { { echo; cat "$tmp/refA/api-deployment.yaml"; } >"$c/out/api-deployment.yaml"; }
plant_other_mark() { printf '# generated by helm; do not edit\nkind: Deployment\n' >"$c/out/api-deployment.yaml"; }
plant_short() { printf '# generated by rbdc' >"$c/out/api-deployment.yaml"; }
plant_dir() { rm "$c/out/api-deployment.yaml" && mkdir "$c/out/api-deployment.yaml" && printf 'x\n' >"$c/out/api-deployment.yaml/f"; }
plant_fifo() { rm "$c/out/api-deployment.yaml" && mkfifo "$c/out/api-deployment.yaml"; }
foreign_case "a hand-written file with a generated file's name" plant_file
foreign_case "a file whose rbdc mark is not on the first line" plant_late_mark
foreign_case "a file with another tool's mark" plant_other_mark
foreign_case "a file holding only the start of the mark" plant_short
foreign_case "a directory with a generated file's name" plant_dir
foreign_case "a FIFO with a generated file's name" plant_fifo

# ---------------------------------------------------------------------------------------------------------------
# 6. DIR is a symbolic link: refused, the link and its target untouched.
rm -rf "$tmp/link" && mkdir "$tmp/link"
cp -a "$tmp/refA" "$tmp/link/target"
ln -s target "$tmp/link/out"
for target in out out/; do
	snap "$tmp/link" >"$tmp/before"
	run "$RB" "$tmp/b.rbd" -o "$tmp/link/$target"
	snap "$tmp/link" >"$tmp/after"
	if [ "$st" -eq 2 ] && grep -q '^rbdc: error: .*symbolic link' "$tmp/last.err" && cmp -s "$tmp/before" "$tmp/after"; then
		ok "DIR is a symbolic link (-o .../$target): refused (exit 2), link and target untouched"
	else
		nok "DIR is a symbolic link (-o .../$target): exit $st, want 2, a message and nothing changed" "$(err_text; diff "$tmp/before" "$tmp/after" | head)"
	fi
done

# ---------------------------------------------------------------------------------------------------------------
# 7. A symlink inside DIR named like a generated file: refused, the link and its target untouched (also when the
#    target carries the rbdc mark, when it dangles, and when it is a directory).
printf 'victim: do not touch\n' >"$tmp/victim.txt"
cp "$tmp/refA/api-deployment.yaml" "$tmp/victim-generated.yaml"
mkdir -p "$tmp/victimdir" && printf 'inside\n' >"$tmp/victimdir/f"
snap_victims() { sha256sum "$tmp/victim.txt" "$tmp/victim-generated.yaml" "$tmp/victimdir/f"; snap "$tmp/victimdir"; }
snap_victims >"$tmp/victims.before"
link_case() { # label, link target
	fresh inlink
	rm "$c/out/api-deployment.yaml"
	ln -s "$2" "$c/out/api-deployment.yaml"
	snap "$c" >"$tmp/before"
	run "$RB" "$tmp/b.rbd" -o "$c/out"
	snap "$c" >"$tmp/after"
	snap_victims >"$tmp/victims.after"
	if [ "$st" -ne 2 ] || ! grep -q '^rbdc: error: .*api-deployment.yaml' "$tmp/last.err"; then
		nok "$1: exit $st, want 2 and a message naming the file" "$(err_text)"
	elif ! cmp -s "$tmp/before" "$tmp/after"; then
		nok "$1: DIR changed" "$(diff "$tmp/before" "$tmp/after" | head)"
	elif ! cmp -s "$tmp/victims.before" "$tmp/victims.after"; then
		nok "$1: the symlink's target changed"
	else
		ok "$1: refused (exit 2), the link and its target untouched"
	fi
}
link_case "a symlink named like a generated file, to a user file" "$tmp/victim.txt"
link_case "a symlink named like a generated file, to a file with the rbdc mark" "$tmp/victim-generated.yaml"
link_case "a dangling symlink named like a generated file" "$tmp/does-not-exist"
link_case "a symlink named like a generated file, to a directory" "$tmp/victimdir"
[ -e "$tmp/does-not-exist" ] && nok "rbdc created the target of a dangling symlink"

# ---------------------------------------------------------------------------------------------------------------
# 8. A symlink under another name: kept as it is, its target untouched.
fresh otherlink
ln -s "$tmp/victim.txt" "$c/out/notes.txt"
ln -s ../../victimdir "$c/out/overlay"
ln -s "$tmp/victim-generated.yaml" "$c/out/stale-deployment.yaml" # the name of no file the program makes
ln -s "$tmp/does-not-exist" "$c/out/dangling"
run "$RB" "$tmp/b.rbd" -o "$c/out"
snap_victims >"$tmp/victims.after"
problems=
[ "$st" -eq 0 ] || problems="exit $st; "
[ "$(readlink "$c/out/notes.txt")" = "$tmp/victim.txt" ] || problems="${problems}notes.txt is no longer the same symlink; "
[ "$(readlink "$c/out/overlay")" = ../../victimdir ] || problems="${problems}overlay is no longer the same symlink; "
[ "$(readlink "$c/out/stale-deployment.yaml")" = "$tmp/victim-generated.yaml" ] || problems="${problems}stale-deployment.yaml is no longer the same symlink; "
[ "$(readlink "$c/out/dangling")" = "$tmp/does-not-exist" ] || problems="${problems}dangling is no longer the same symlink; "
cmp -s "$tmp/victims.before" "$tmp/victims.after" || problems="${problems}a target changed; "
[ -e "$tmp/does-not-exist" ] && problems="${problems}the dangling link's target was created; "
for f in "$tmp"/refB/*; do cmp -s "$f" "$c/out/$(basename "$f")" || problems="${problems}$(basename "$f") is not the new output; "; done
[ -e "$c/out/old-deployment.yaml" ] && problems="${problems}stale old-deployment.yaml kept; "
[ "$(leftovers "$c/out")" -eq 0 ] || problems="${problems}a temporary directory is left; "
if [ -z "$problems" ]; then
	ok "symlinks under other names (to a file, a directory, a file with the mark, nowhere): kept as they are, targets untouched"
else
	nok "symlinks under other names: $problems" "$(err_text)"
fi

# ---------------------------------------------------------------------------------------------------------------
# 9. Names cannot escape DIR: every name that becomes a file name is a DNS label, checked before anything is
#    written; what is written is plain files directly in DIR.
rm -rf "$tmp/escape" && mkdir "$tmp/escape"
cp -a "$tmp/refA" "$tmp/escape/out"
app='app api { image; port 8000; health /healthz }'
minio='vault { auth va; mount kv }
secret s from vault "p/s" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }'
i=0
for body in "project ../evil
$app" 'project "../evil"
'"$app" "project files
$app
app ../evil { image; port 1; health /h }" "project files
$app
app \"a/evil\" { image; port 1; health /h }" "project files
$app
app .evil { image; port 1; health /h }" "project files
namespace ../evil
$app" "project files
namespace \"a/../../evil\"
$app" "project files
$app
vault { auth va; mount kv }
secret ../evil from vault \"p/s\" { keys K }" "project files
$app
vault { auth ../evil; mount kv; role r }
secret s from vault \"p/s\" { keys K }" "project files
$app
$minio
store \"../../evil\" { size 1Gi; secrets s }" "project files
$app
$minio
store .evil { size 1Gi; secrets s }"; do
	i=$((i + 1))
	printf 'registry reg.io/files\ntag "v1"\n%s\n' "$body" >"$tmp/escape/p.rbd"
	snap "$tmp/escape" >"$tmp/before"
	run "$RB" "$tmp/escape/p.rbd" -o "$tmp/escape/out"
	snap "$tmp/escape" >"$tmp/after"
	what=$(printf '%s\n' "$body" | grep evil | head -1)
	if [ "$st" -eq 1 ] && grep -q '\[E0[0-9][0-9]\]' "$tmp/last.err" && cmp -s "$tmp/before" "$tmp/after" &&
		[ -z "$(find "$tmp" -mindepth 1 -name '*evil*' -print -quit)" ]; then
		ok "names cannot escape ($what): refused with $(grep -o '\[E0[0-9][0-9]\]' "$tmp/last.err" | head -1), nothing written"
	else
		nok "names cannot escape ($what): exit $st, want 1 with an E0xx error and nothing written" "$(err_text; find "$tmp" -mindepth 1 -name '*evil*')"
	fi
done
printf 'registry reg.io/files\ntag "v1"\nproject files\n%s\n' "$app" >"$tmp/escape/p.rbd"
for ns in ../evil a/b .evil; do
	run "$RB" -n "$ns" "$tmp/escape/p.rbd" -o "$tmp/escape/out"
	if [ "$st" -eq 2 ] && [ -z "$(find "$tmp" -mindepth 1 -name '*evil*' -print -quit)" ]; then
		ok "names cannot escape (-n $ns): usage error, exit 2"
	else
		nok "names cannot escape (-n $ns): exit $st, want 2" "$(err_text)"
	fi
done
# A real run writes only plain *.yaml files directly in DIR, and nothing else next to it.
(cd "$tmp/escape" && ls -A) >"$tmp/before"
run "$RB" "$tmp/b.rbd" -o "$tmp/escape/out"
(cd "$tmp/escape" && ls -A) >"$tmp/after"
odd=$(find "$tmp/escape/out" -mindepth 1 ! \( -type f -name '*.yaml' -regex '.*/[a-z0-9][a-z0-9.-]*\.yaml' \) -print)
if [ "$st" -eq 0 ] && [ -z "$odd" ] && cmp -s "$tmp/before" "$tmp/after"; then
	ok "names cannot escape: a run writes only plain NAME-KIND.yaml files in DIR and nothing beside it"
else
	nok "names cannot escape: exit $st; odd entries: $odd" "$(diff "$tmp/before" "$tmp/after")"
fi

# `-o .` from inside the output directory: either it works, or it is refused with DIR unchanged.
fresh dot
printf 'readme\n' >"$c/out/README.md"
snap "$c" >"$tmp/before"
run sh -c 'cd "$1" && exec "$2" "$3" -o .' sh "$c/out" "$RB" "$tmp/b.rbd"
snap "$c" >"$tmp/after"
n=$(find "$c" -name '.rbdc-*' | wc -l)
if [ "$st" -eq 2 ] && cmp -s "$tmp/before" "$tmp/after"; then
	ok "-o . inside the output directory: refused (exit 2), unchanged: '$(head -1 "$tmp/last.err" | sed "s|$tmp|TMP|g")'"
elif [ "$st" -eq 0 ] && [ "$n" -eq 0 ] && [ "$(cat "$c/out/README.md")" = readme ] && diff -r -x README.md "$c/out" "$tmp/refB" >/dev/null; then
	ok "-o . inside the output directory: works, README.md kept, nothing left behind"
else
	nok "-o . inside the output directory: exit $st, $n temporary entries" "$(err_text; diff "$tmp/before" "$tmp/after" | head)"
fi

# DIR names of every length up to 255 bytes, the longest a name can be: rbdc's siblings have short names of their
# own (`.rbdc-KEY-XXXXXX`), so a long DIR is no reason to fail.
rm -rf "$tmp/long" && mkdir "$tmp/long"
long_problems=
for len in 200 243 250 255; do
	name=$(printf '%*s' "$len" '' | tr ' ' k)
	run "$RB" "$tmp/a.rbd" -o "$tmp/long/$name"
	[ "$st" -eq 0 ] || { long_problems="${long_problems}$len bytes, first run: exit $st ($(head -1 "$tmp/last.err" | cut -c1-80)...); "; continue; }
	printf 'mine\n' >"$tmp/long/$name/README.md"
	run "$RB" "$tmp/b.rbd" -o "$tmp/long/$name"
	[ "$st" -eq 0 ] && [ "$(cat "$tmp/long/$name/README.md")" = mine ] && diff -r -x README.md "$tmp/long/$name" "$tmp/refB" >/dev/null ||
		long_problems="${long_problems}$len bytes, replacing: exit $st; "
	run "$RB" diff "$tmp/b.rbd" "$tmp/long/$name"
	[ "$st" -eq 0 ] || long_problems="${long_problems}$len bytes, diff: exit $st; "
done
[ "$(cd "$tmp/long" && ls -A | grep -c '^\.')" -eq 0 ] || long_problems="${long_problems}something left beside DIR: $(cd "$tmp/long" && ls -A | grep '^\.'); "
if [ -z "$long_problems" ]; then
	ok "DIR names of 200, 243, 250 and 255 bytes: written, replaced (README.md kept) and diffed, nothing left beside them"
else
	nok "long DIR names: $long_problems"
fi

# ---------------------------------------------------------------------------------------------------------------
# 10. Interrupted runs. big-a.rbd and big-b.rbd have thousands of apps; every file of B differs from A's, B drops
#     one app and adds one. `out` starts as the complete output of A while rbdc writes B into it.
napps=${FILES_BIG_APPS:-1500}
mkdir -p "$tmp/big"
big_prog() { # tag, dropped app, added app
	echo 'project big'
	echo 'registry reg.io/big'
	echo "tag \"$1\""
	i=0
	while [ $i -lt "$napps" ]; do
		[ "a$i" = "$2" ] || echo "app a$i { image; port 8080; health /healthz; env RUN \"$1-$i\" }"
		i=$((i + 1))
	done
	echo "app $3 { image; port 8080; health /healthz }"
}
big_prog v1 none extra-a >"$tmp/big/big-a.rbd"
big_prog v2 a1 extra-b >"$tmp/big/big-b.rbd"
now_ns() { date +%s%N; }
run "$RB" "$tmp/big/big-a.rbd" -o "$tmp/big/old"
[ "$st" -eq 0 ] || { nok "big-a.rbd does not compile" "$(err_text)"; finish; }
printf 'kept across interruptions\n' >"$tmp/big/old/README.md"
cp -a "$tmp/big/old" "$tmp/big/new"
t0=$(now_ns)
run "$RB" "$tmp/big/big-b.rbd" -o "$tmp/big/new"
t1=$(now_ns)
[ "$st" -eq 0 ] || { nok "big-b.rbd does not compile" "$(err_text)"; finish; }
ngen=$(find "$tmp/big/new" -name '*.yaml' | wc -l)
note "a full run of big-b.rbd ($napps apps, $ngen generated files) over the old output took $(awk -v d="$((t1 - t0))" 'BEGIN { printf "%.2f", d / 1e9 }') s"

# A background job of a non-interactive shell ignores SIGINT; `env --default-signal` gives rbdc the default back.
sigdefault=
if env --default-signal=INT true 2>/dev/null; then
	env --default-signal=INT sleep 5 &
	p=$!
	sleep 0.3
	ign=$(awk '/^SigIgn:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	if [ -n "$ign" ] && [ $((0x$ign & 2)) -eq 0 ]; then sigdefault='env --default-signal=INT'; fi
fi
[ -n "$sigdefault" ] || note "cannot give a background rbdc the default SIGINT (no env --default-signal): the SIGINT trials test an ignored SIGINT"

# Waits until rbdc's temporary directory holds $2 entries; false when rbdc ended first.
wait_for_files() {
	while kill -0 "$1" 2>/dev/null; do
		for d in "$tmp"/big/.rbdc-*-*; do
			[ -d "$d" ] && [ "$(ls -A "$d" 2>/dev/null | wc -l)" -ge "$2" ] && return 0
		done
		sleep 0.01
	done
	return 1
}
trial() { # signal, when: a delay in seconds (t:0.01), or once N% of the files are written (p:50)
	sig=$1
	when=$2
	out=$tmp/big/out
	rm -rf "$out"
	drop_leftovers "$out"
	cp -a "$tmp/big/old" "$out"
	# shellcheck disable=SC2086 # $sigdefault is a command prefix
	$sigdefault "$RB" "$tmp/big/big-b.rbd" -o "$out" >"$tmp/last.out" 2>"$tmp/last.err" &
	pid=$!
	case $when in
	t:*)
		sleep "${when#t:}"
		delay="${when#t:}s after the start"
		;;
	p:*)
		k=$((ngen * ${when#p:} / 100))
		if wait_for_files "$pid" "$k"; then
			delay="once ${when#p:}% of the files ($k of $ngen) were written"
		else
			delay="(rbdc ended before ${when#p:}% of the files were seen)"
		fi
		;;
	esac
	kill -s "$sig" "$pid" 2>/dev/null
	bounded_wait "$pid" 2>/dev/null
	n=$(leftovers "$out")
	if same_dir "$out" "$tmp/big/new"; then
		state=new
	elif same_dir "$out" "$tmp/big/old"; then
		state=old
	else
		state=mix
	fi
	case $sig in INT) signo=2 ;; TERM) signo=15 ;; KILL) signo=9 ;; esac
	how="exit $st"
	[ "$st" -gt 128 ] && how="killed by SIG$(kill -l "$st" 2>/dev/null || echo "?")"
	[ "$st" -eq 2 ] && how="exit 2 ('$(head -1 "$tmp/last.err" | sed "s|$tmp|TMP|g")')"
	desc="SIG$sig ${delay}: $how, out = $( [ $state = mix ] && echo 'A MIX of old and new' || echo "the complete $state output"), $n temporary director$( [ "$n" -eq 1 ] && echo y || echo ies) left"
	if [ "$state" = mix ]; then
		nok "$desc" "$(diff -rq "$out" "$tmp/big/new" | head -5)"
	elif [ "$sig" != KILL ] && [ "$n" -ne 0 ]; then
		nok "$desc"
	elif [ "$state" = new ] && [ "$st" -ne 0 ] && { [ "$sig" != KILL ] || [ "$st" -ne $((128 + signo)) ]; }; then
		nok "$desc (the new output is in place, yet exit $st)"
	elif [ "$state" = old ] && [ "$st" -eq 0 ]; then
		nok "$desc (exit 0, yet the old output is in place)"
	elif [ "$st" -eq 2 ] && ! grep -q 'interrupted' "$tmp/last.err"; then
		nok "$desc (exit 2 without saying 'interrupted')" "$(err_text)"
	else
		ok "$desc"
	fi
	if [ "$sig" = KILL ] && [ "$n" -ne 0 ]; then
		note "SIGKILL ${delay} left $(describe_leftovers "$out")"
	fi
	drop_leftovers "$out"
}
for sig in INT TERM KILL; do
	case $sig in
	KILL) whens="t:0.01 p:10 p:60 p:100" ;;
	*) whens="t:0.005 p:5 p:50 p:95 p:100" ;;
	esac
	for w in $whens; do
		trial "$sig" "$w"
	done
done

# Two runs at once, A and B into the same DIR: one complete output wins, the user's file stays, nothing is left.
out=$tmp/big/out
rm -rf "$out"
cp -a "$tmp/big/old" "$out"
bounded "$RB" "$tmp/big/big-b.rbd" -o "$out" >/dev/null 2>"$tmp/err1" &
p1=$!
bounded "$RB" "$tmp/big/big-a.rbd" -o "$out" >/dev/null 2>"$tmp/err2" &
p2=$!
wait "$p1"
s1=$?
wait "$p2"
s2=$?
n=$(leftovers "$out")
if same_dir "$out" "$tmp/big/new"; then state=new; elif same_dir "$out" "$tmp/big/old"; then state=old; else state=mix; fi
if [ "$state" != mix ] && [ "$n" -eq 0 ]; then
	msgs=$(cat "$tmp/err1" "$tmp/err2" | head -2 | sed "s|$tmp|TMP|g" | tr '\n' ' ')
	ok "two runs at once (exit $s1 and $s2${msgs:+: $msgs}): out is the complete $state output with README.md, nothing left"
else
	nok "two runs at once (exit $s1 and $s2): out is $state, $n temporary directories left" "$(cat "$tmp/err1" "$tmp/err2"; diff -rq "$out" "$tmp/big/new" | head -5)"
fi

# A run waiting for another run's lock on the same DIR stops at Ctrl-C (exit 130, a message), and the other run
# carries on to the complete new output.
out=$tmp/big/out
rm -rf "$out"
drop_leftovers "$out"
cp -a "$tmp/big/old" "$out"
# shellcheck disable=SC2086 # $sigdefault is a command prefix
$sigdefault "$RB" "$tmp/big/big-b.rbd" -o "$out" >/dev/null 2>"$tmp/err1" &
p1=$!
while kill -0 "$p1" 2>/dev/null && [ -z "$(find "$tmp/big" -maxdepth 1 -name '.rbdc-*.lock')" ]; do sleep 0.01; done
# shellcheck disable=SC2086
$sigdefault "$RB" "$tmp/big/big-a.rbd" -o "$out" >/dev/null 2>"$tmp/err2" &
p2=$!
sleep 0.3
alive=$(kill -0 "$p1" 2>/dev/null && echo yes)
kill -s INT "$p2" 2>/dev/null
bounded_wait "$p2"
s2=$st
bounded_wait "$p1"
s1=$st
if [ -z "$alive" ]; then
	skip "Ctrl-C while waiting for the lock: the first run ended within 0.3 s (FILES_BIG_APPS too small)"
elif [ "$s2" -eq 130 ] && grep -q 'interrupted while waiting for another rbdc run' "$tmp/err2" && [ "$s1" -eq 0 ] &&
	same_dir "$out" "$tmp/big/new" && [ "$(leftovers "$out")" -eq 0 ]; then
	ok "Ctrl-C while waiting for another run's lock: exit 130, '$(head -1 "$tmp/err2" | sed "s|$tmp|TMP|g")'; the other run finished (exit 0, complete new output)"
else
	nok "Ctrl-C while waiting for another run's lock: exit $s2 (want 130), the other exit $s1 (want 0), $(leftovers "$out") left" "$(cat "$tmp/err2" "$tmp/err1" | head -4)"
fi
drop_leftovers "$out"

# ---------------------------------------------------------------------------------------------------------------
# 11. Exactly around the swap. shim.c, preloaded, raises a signal inside syncfs (the new directory is complete, the
#     swap not yet done), right before the rename that puts the new directory at DIR, or right after it; and it
#     notes every rename, and any moment DIR is missing. The invariant: DIR is exactly the old output or exactly
#     the new one, with every user entry; exit 0 exactly when it is the new one (SIGKILL aside: it cannot be
#     caught); and a SIGKILLed run's leftovers are put back in place by the next run.
shim=$tmp/shim.so
if ! ${CC:-cc} -shared -fPIC -O1 -o "$shim" "$here/shim.c" -ldl 2>"$tmp/last.err"; then
	nok "cannot compile the LD_PRELOAD shim tests/files/shim.c" "$(err_text)"
else
	mkdir -p "$tmp/swref/old" "$tmp/swref/new"
	cp -a "$tmp/refA/." "$tmp/swref/old/"
	cp -a "$tmp/refB/." "$tmp/swref/new/"
	for d in old new; do
		printf '# Our deployment\n' >"$tmp/swref/$d/README.md"
		mkdir -p "$tmp/swref/$d/overlays/prod"
		printf 'kind: Kustomization\n' >"$tmp/swref/$d/overlays/prod/kustomization.yaml"
		printf 'private\n' >"$tmp/swref/$d/.hidden"
	done
	mkdir -p "$tmp/sw"
	sw=$(cd "$tmp/sw" && pwd -P)/out
	# shim_run ACT: one rbdc run of b.rbd over a copy of the old output, through the shim.
	shim_run() {
		rm -rf "$tmp/sw" && mkdir "$tmp/sw" && cp -a "$tmp/swref/old" "$sw"
		: >"$tmp/shim.log"
		run env LD_PRELOAD="$shim" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			RBDC_SHIM_DIR="$sw" RBDC_SHIM_LOG="$tmp/shim.log" RBDC_SHIM_ACT="$1" "$tmp/bin/rbdc-dyn" "$tmp/b.rbd" -o "$sw"
		if same_dir "$sw" "$tmp/swref/new"; then
			state=new
		elif same_dir "$sw" "$tmp/swref/old"; then
			state=old
		elif [ "$(diff -rq "$sw" "$tmp/swref/old" 2>&1)" = "Only in $tmp/swref/old: overlays" ] &&
			[ -n "$(find "$tmp/sw" -maxdepth 2 -path "*/.rbdc-*-*/overlays")" ]; then
			state=carrying # the user's subdirectory moved to the new directory, which is not swapped in yet
		else
			state=mix
		fi
	}
	for sig in INT TERM KILL; do
		case $sig in INT) signo=2 ;; TERM) signo=15 ;; KILL) signo=9 ;; esac
		for when in sync before after; do
			shim_run "$when:$sig"
			case $when in sync) want=old ;; after) want=new ;; before) want=new ;; esac
			# SIGKILL right before the swap: the one moment a user subdirectory is outside DIR (see SECURITY.md)
			[ "$when$sig" = beforeKILL ] && want=carrying
			n=$(leftovers "$sw")
			case $state in
			mix) what='NEITHER the old nor the new output' ;;
			carrying) what='the old output, its subdirectory in the new directory' ;;
			*) what="the $state output with every user entry" ;;
			esac
			desc="SIG$sig $( [ "$when" = sync ] && echo 'during the sync before the swap' || echo "right $when the swap"): exit $st, DIR is $what"
			if ! grep -q '^raise' "$tmp/shim.log"; then
				nok "$desc: the shim did not fire" "$(head -5 "$tmp/shim.log")"
			elif grep -q '^ABSENT' "$tmp/shim.log"; then
				nok "$desc: DIR was missing for a moment" "$(grep '^ABSENT' "$tmp/shim.log" | head -3)"
			elif [ "$state" != "$want" ]; then
				nok "$desc, want the $want output" "$(err_text; diff -rq "$sw" "$tmp/swref/$want" | head -5)"
			elif [ "$sig" != KILL ] && [ "$state" = new ] && { [ "$st" -ne 0 ] || ! grep -q 'the new output is complete' "$tmp/last.err"; }; then
				nok "$desc: the new output is in place, so exit 0 with a note" "$(err_text)"
			elif [ "$sig" != KILL ] && [ "$state" = old ] && [ "$st" -ne $((128 + signo)) ]; then
				nok "$desc: the old output is kept, so the signal's exit $((128 + signo))" "$(err_text)"
			elif [ "$sig" != KILL ] && [ "$n" -ne 0 ]; then
				nok "$desc: left beside DIR: $(describe_leftovers "$sw")"
			elif [ "$sig" = KILL ] && [ "$st" -ne 137 ]; then
				nok "$desc: want death by SIGKILL (137)" "$(err_text)"
			else
				if [ "$sig" = KILL ]; then
					left=$(describe_leftovers "$sw")
					run "$RB" "$tmp/b.rbd" -o "$sw"
					if [ "$st" -eq 0 ] && same_dir "$sw" "$tmp/swref/new" && [ "$(leftovers "$sw")" -eq 0 ]; then
						ok "$desc; the next run put back what it left (${left:-nothing}) and wrote the new output"
					else
						nok "$desc; the next run (exit $st) did not clean up: $(describe_leftovers "$sw")" "$(err_text; diff -rq "$sw" "$tmp/swref/new" | head -5)"
					fi
				else
					ok "$desc, $( [ "$state" = new ] && echo 'with a note' || echo 'by the signal'), nothing left beside DIR"
				fi
			fi
		done
	done

	# DIR never goes missing: the swap is one atomic exchange. (A "move the old one aside, move the new one in"
	# swap leaves a moment with no DIR at all, which a kubectl apply or a crash would see; the shim catches it at
	# the rename that makes it, deterministically.)
	shim_run ""
	onto=$(grep -c " -> $sw flags" "$tmp/shim.log")
	if [ "$st" -ne 0 ] || [ "$state" != new ]; then
		nok "the swap: exit $st, DIR is $state" "$(err_text)"
	elif grep -q '^ABSENT' "$tmp/shim.log"; then
		nok "the swap leaves a moment with no DIR at all (not one atomic exchange)" "$(cat "$tmp/shim.log")"
	elif [ "$onto" -ne 1 ] || ! grep -q " -> $sw flags 2: 0" "$tmp/shim.log"; then
		nok "the swap: want exactly one renameat2(RENAME_EXCHANGE) onto DIR" "$(cat "$tmp/shim.log")"
	else
		ok "the swap is one renameat2(RENAME_EXCHANGE): DIR is there at every rename rbdc makes"
	fi
	# Without RENAME_EXCHANGE (NFS, some FUSE), the documented fallback: two renames, with the window the
	# previous case forbids; the result is still the whole new output with every user entry, nothing left.
	shim_run noexchange
	if [ "$st" -eq 0 ] && [ "$state" = new ] && [ "$(leftovers "$sw")" -eq 0 ] && [ "$(grep -c '^ABSENT' "$tmp/shim.log")" -eq 1 ]; then
		ok "no RENAME_EXCHANGE (forced by the shim): the two-rename fallback gives the new output, user entries kept, one documented moment without DIR"
	else
		nok "no RENAME_EXCHANGE: exit $st, DIR is $state, $(grep -c '^ABSENT' "$tmp/shim.log") moments without DIR, $(leftovers "$sw") left" "$(err_text; cat "$tmp/shim.log")"
	fi
fi

# ---------------------------------------------------------------------------------------------------------------
# 12. Standard output is the result of every mode: a write error exits 2 with a message; a reader that stops early
#     gets exit 2 without one (it knows), never a death by SIGPIPE (141).
printf 'project x\napp a { prot 80; image "x/a:1"; health / }\n' >"$tmp/bad.rbd"
if [ -w /dev/full ]; then
	for mode in "check --diagnostics=json $tmp/bad.rbd" "check --diagnostics=sarif $tmp/bad.rbd" "--help" "--version" \
		"explain E003" "diff $tmp/b.rbd $tmp/refA" "$tmp/b.rbd -o -"; do
		# shellcheck disable=SC2086 # $mode is a list of words
		run sh -c '"$0" "$@" >/dev/full' "$RB" $mode
		if [ "$st" -eq 2 ] && grep -q '^rbdc: error: .*No space left on device' "$tmp/last.err"; then
			ok "stdout to /dev/full (rbdc $(echo "$mode" | sed "s|$tmp/||g")): exit 2, 'No space left on device'"
		else
			nok "stdout to /dev/full (rbdc $(echo "$mode" | sed "s|$tmp/||g")): exit $st, want 2 and a message" "$(err_text)"
		fi
	done
else
	skip "stdout to /dev/full: no writable /dev/full"
fi
for mode in "$tmp/big/big-b.rbd -o -" "diff $tmp/big/big-b.rbd $tmp/big/old"; do
	# shellcheck disable=SC2086 # $mode is a list of words
	{
		bounded "$RB" $mode 2>"$tmp/last.err"
		echo $? >"$tmp/pipe.st"
	} | head -1 >/dev/null
	st=$(cat "$tmp/pipe.st")
	# diff still says what drifted on stderr: that is its finding, not an error.
	if [ "$st" -eq 2 ] && ! grep -q 'rbdc: error\|Broken pipe' "$tmp/last.err"; then
		ok "a reader that stops early (rbdc $(echo "$mode" | sed "s|$tmp/big/||g") | head -1): exit 2, no error message"
	else
		nok "a reader that stops early (rbdc $(echo "$mode" | sed "s|$tmp/big/||g") | head -1): exit $st, want 2 and no message" "$(err_text)"
	fi
done

# ---------------------------------------------------------------------------------------------------------------
# 13. Concurrent runs, and runs killed outright among them: tests/files/race.sh.
if bounded sh "$here/race.sh" "$RB" >"$tmp/race.out" 2>&1; then
	ok "race.sh: $(grep '^ok' "$tmp/race.out" | head -1 | sed 's/^ok   - //')"
else
	nok "race.sh fails" "$(grep -v '^ok' "$tmp/race.out" | head -10)"
fi

finish
