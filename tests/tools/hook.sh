#!/bin/sh
# tests/tools/hook.sh RBDC: the README's pre-commit hook, extracted as it is printed there, in a scratch git
# repository: it judges what is staged (not the work tree) and gives the advice that fits each failure.
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null 2>&1 || { echo "hook: git not found (Debian package git)"; bad "git installed"; finish hook; exit 1; }
repo=$tmp/repo bin=$tmp/bin
mkdir -p "$repo" "$bin"
ln -s "$rbdc" "$bin/rbdc"
PATH=$bin:$PATH
export PATH GIT_CONFIG_NOSYSTEM=1 HOME=$tmp GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@example.org
# The shell block after the "pre-commit hook" paragraph of the README.
awk '/^\*\*pre-commit hook\*\*/ { want = 1 } want && /^```sh$/ { inside = 1; next } inside && /^```$/ { exit }
	inside { print }' "$root/README.md" >"$repo/hook"
check "the README has a pre-commit hook" grep -q 'git show ":\$src"' "$repo/hook"
cd "$repo" && git init -q . && mv hook .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
cp "$root/reactbin.rbd" . && rbdc reactbin.rbd -o k8s && git add -A && git commit -qm one 2>"$tmp/err"
check "a clean staged program and its k8s/ commit" test $? = 0

# commit_fails NAME PATTERN: the commit is refused and stderr matches PATTERN
commit_fails() {
	if git commit -qm x 2>"$tmp/err"; then bad "$1 (the commit went through)"; git reset -q --soft HEAD~1
	elif grep -q -- "$2" "$tmp/err"; then ok "$1"
	else bad "$1 (advice: $(tail -1 "$tmp/err"))"; fi
}

# A broken work tree that is not staged does not block a commit of something else.
echo "notes" >NOTES && git add NOTES
cp reactbin.rbd good.rbd
printf 'app broken {\n' >>reactbin.rbd
git commit -qm notes 2>"$tmp/err" && ok "an unstaged broken program does not block another commit" ||
	bad "an unstaged broken program does not block another commit ($(tail -1 "$tmp/err"))"

# A broken staged program is refused, with its own diagnostics named like the file, and the advice to fix and stage.
git add reactbin.rbd
commit_fails "a broken staged program is refused, advice: fix then git add" "fix them, then: git add reactbin.rbd"
check "the diagnostics name the staged file" grep -q '^reactbin.rbd:[0-9]*:[0-9]*: error:' "$tmp/err"
# ...even when the work tree has the fix, since the fix is not staged.
cp good.rbd reactbin.rbd
commit_fails "an unstaged fix does not let the broken staged program through" "git add reactbin.rbd"

# A changed program without regenerated manifests is refused with the regenerate advice.
sed 's/port 8000/port 8001/' good.rbd >reactbin.rbd
grep -q 'port 8001' reactbin.rbd || bad "the test's edit changed reactbin.rbd"
git add reactbin.rbd
commit_fails "a staged program without regenerated k8s/ is refused, advice: rbdc -o k8s && git add" \
	"run: rbdc reactbin.rbd -o k8s && git add -A k8s"
# Regenerated in the work tree but not staged: still refused.
rbdc reactbin.rbd -o k8s
commit_fails "regenerated but unstaged k8s/ is refused" "git add -A k8s"
git add -A k8s
git commit -qm two 2>"$tmp/err" && ok "staged program and staged k8s/ commit" || bad "staged program and staged k8s/ commit ($(tail -1 "$tmp/err"))"
finish hook
