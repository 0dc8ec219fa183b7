#!/bin/sh
# cli.sh: the command line contract: modes, options, exit codes (0 ok, 1 findings, 2 usage or I/O), output formats.
set -u
rbdc=${1:?usage: cli.sh RBDC}
case $rbdc in /*) ;; *) rbdc=$(pwd)/$rbdc ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every run is bounded (issue 14): "$rbdc" becomes a wrapper that runs the real one under timeout, same exit status.
printf '#!/bin/sh\nexec timeout -k 5 60 "%s" "$@"\n' "$rbdc" >"$tmp/rbdc-bounded" && chmod +x "$tmp/rbdc-bounded" && rbdc=$tmp/rbdc-bounded
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# expect NAME STATUS CMD...: the command exits with STATUS
expect() {
	name=$1 want=$2
	shift 2
	timeout -k 5 60 "$@" >"$tmp/out" 2>"$tmp/err" # bounded: a hang is 124, never a pass
	got=$?
	if [ "$got" = "$want" ]; then ok "$name"; else bad "$name (exit $got, expected $want)"; sed 's/^/     /' "$tmp/err" | head -5; fi
}

expect "--help exits 0" 0 "$rbdc" --help
for opt in --output --namespace --stdin-filename --max-errors --Werror --color --diagnostics --help --version check diff explain; do
	if grep -q -- "$opt" "$tmp/out"; then ok "--help documents $opt"; else bad "--help documents $opt"; fi
done
expect "--version exits 0" 0 "$rbdc" --version
grep -q '^rbdc [0-9]' "$tmp/out" && ok "--version prints the version" || bad "--version prints the version"

expect "no arguments is a usage error" 2 "$rbdc"
expect "compile without -o is a usage error" 2 "$rbdc" reactbin.rbd
expect "two files to compile is a usage error" 2 "$rbdc" reactbin.rbd reactbin.rbd -o "$tmp/x"
expect "an unknown option is a usage error" 2 "$rbdc" --frobnicate reactbin.rbd -o -
expect "a bad --color value is a usage error" 2 "$rbdc" check --color=sometimes reactbin.rbd
expect "a bad --diagnostics value is a usage error" 2 "$rbdc" check --diagnostics=xml reactbin.rbd
expect "-n with an invalid namespace is a usage error" 2 "$rbdc" -n Bad_Name reactbin.rbd -o -
expect "-o without a value is a usage error" 2 "$rbdc" reactbin.rbd -o
expect "a missing input file is an I/O error" 2 "$rbdc" check "$tmp/nope.rbd"
expect "check writes nothing, so -o is refused" 2 "$rbdc" check reactbin.rbd -o "$tmp/x"
[ -e "$tmp/x" ] && bad "nothing written by refused commands" || ok "nothing written by refused commands"

expect "check of a clean file exits 0" 0 "$rbdc" check reactbin.rbd
[ -s "$tmp/err" ] && bad "check of a clean file is silent" || ok "check of a clean file is silent"
printf 'project x\napp a { prot 80; image "x/a:1"; health / }\n' >"$tmp/bad.rbd"
expect "check of a broken file exits 1" 1 "$rbdc" check "$tmp/bad.rbd"
expect "check of several files exits 1 when one is broken" 1 "$rbdc" check reactbin.rbd "$tmp/bad.rbd"
grep -q "bad.rbd:2:9: error: unknown statement 'prot'" "$tmp/err" && ok "check reports FILE:LINE:COL" || bad "check reports FILE:LINE:COL"

"$rbdc" check --stdin-filename editor.rbd - <"$tmp/bad.rbd" 2>"$tmp/err"
[ $? = 1 ] && grep -q '^editor.rbd:2:9: error:' "$tmp/err" && ok "check - reads stdin, named by --stdin-filename" || bad "check - reads stdin, named by --stdin-filename"
"$rbdc" check - <"$tmp/bad.rbd" 2>"$tmp/err"
grep -q '^<stdin>:2:9: error:' "$tmp/err" && ok "stdin is <stdin> without a name" || bad "stdin is <stdin> without a name"

"$rbdc" check --color=always "$tmp/bad.rbd" 2>"$tmp/err"
grep -q "$(printf '\033')\[" "$tmp/err" && ok "--color=always colours" || bad "--color=always colours"
"$rbdc" check --color=never "$tmp/bad.rbd" 2>"$tmp/err"
grep -q "$(printf '\033')" "$tmp/err" && bad "--color=never has no escapes" || ok "--color=never has no escapes"
"$rbdc" check "$tmp/bad.rbd" 2>"$tmp/err"
grep -q "$(printf '\033')" "$tmp/err" && bad "no colour when stderr is not a terminal" || ok "no colour when stderr is not a terminal"

printf 'project x\nsecret s from vault "p" { keys A }\nvault { auth a; mount kv }\n' >"$tmp/warn.rbd"
expect "a warning alone exits 0" 0 "$rbdc" check "$tmp/warn.rbd"
grep -q 'warning: .*\[W001\]' "$tmp/err" && ok "warnings say warning:" || bad "warnings say warning:"
expect "-Werror makes the warning fail" 1 "$rbdc" check -Werror "$tmp/warn.rbd"
grep -q 'error: .*\[W001\]' "$tmp/err" && ok "-Werror prints it as error:" || bad "-Werror prints it as error:"

awk 'BEGIN { print "project x"; for (i = 0; i < 30; i++) printf "app a%d { prot 80 }\n", i }' >"$tmp/many.rbd"
"$rbdc" check --max-errors 5 "$tmp/many.rbd" 2>"$tmp/err"
[ "$(grep -c ': error:' "$tmp/err")" = 5 ] && grep -q 'stopped after 5 errors\|more errors not shown' "$tmp/err" && ok "--max-errors 5 shows 5 and says how many more" || bad "--max-errors 5 shows 5 and says how many more"

"$rbdc" check --diagnostics=json "$tmp/bad.rbd" >"$tmp/json" 2>/dev/null
node -e 'const l=require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").map(JSON.parse);
  if (l.length!==1||l[0].line!==2||l[0].column!==9||l[0].code!=="E003"||l[0].severity!=="error"||!Array.isArray(l[0].notes)) process.exit(1)' "$tmp/json" &&
	ok "--diagnostics=json: one object per diagnostic with line, column, code, notes" || bad "--diagnostics=json"
"$rbdc" check --diagnostics=sarif "$tmp/bad.rbd" reactbin.rbd >"$tmp/sarif" 2>/dev/null
node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const r=s.runs[0];
  if (s.version!=="2.1.0"||r.results.length!==1||r.results[0].ruleId!=="E003"||!r.tool.driver.rules.some(x=>x.id==="E013")||
      r.results[0].locations[0].physicalLocation.region.startLine!==2) process.exit(1)' "$tmp/sarif" &&
	ok "--diagnostics=sarif: SARIF 2.1.0 with rules and results" || bad "--diagnostics=sarif"

# --- JSON/SARIF spans (issue 14): end_line/end_column and endLine/endColumn are 1-based, in bytes, and the end is
# exclusive. Each case: a file, the expected code, and the span start line:col and end line:col, worked out by hand.
# Multi-byte: 'café' is 5 bytes, so the name at column 5 ends before column 10; a span at the end of the line ends one
# past its last byte; '@' is a one-byte span; a span after a multi-byte character counts that character's bytes.
span_case() { # NAME TEXT CODE L1 C1 L2 C2
	printf '%b' "$2" >"$tmp/span.rbd"
	timeout -k 5 60 "$rbdc" check --diagnostics=json "$tmp/span.rbd" >"$tmp/span.json" 2>"$tmp/err"
	js=$?
	timeout -k 5 60 "$rbdc" check --diagnostics=sarif "$tmp/span.rbd" >"$tmp/span.sarif" 2>>"$tmp/err"
	ss=$?
	if [ "$js" = 1 ] && [ "$ss" = 1 ] && node -e '
	  const fs = require("fs"); const [, jf, sf, code, l1, c1, l2, c2] = process.argv; const want = [l1, c1, l2, c2].map(Number);
	  const j = fs.readFileSync(jf, "utf8").trim().split("\n").map(JSON.parse);
	  const r = JSON.parse(fs.readFileSync(sf, "utf8")).runs[0].results;
	  const g = r.length === 1 && r[0].locations[0].physicalLocation.region;
	  const got = { json: j.length === 1 && j[0].code === code ? [j[0].line, j[0].column, j[0].end_line, j[0].end_column] : null,
	    sarif: g && r[0].ruleId === code ? [g.startLine, g.startColumn, g.endLine, g.endColumn] : null };
	  for (const [k, v] of Object.entries(got)) if (JSON.stringify(v) !== JSON.stringify(want)) {
	    console.error(`${k}: ${JSON.stringify(v)}, expected ${JSON.stringify(want)}`); process.exit(1); }
	' "$tmp/span.json" "$tmp/span.sarif" "$3" "$4" "$5" "$6" "$7" 2>>"$tmp/err"; then ok "span: $1"; else
		bad "span: $1 (exit $js/$ss)"; sed 's/^/     /' "$tmp/err" | head -5
	fi
}
span_case "four-byte word" 'project x\napp a { prot 80; image "x/a:1"; health / }\n' E003 2 9 2 13
span_case "after a multi-byte character, at the end of the block" 'project x\napp a { image "x/a:1"; port 80; health /; env A "caf\303\251"; prot 80 }\n' E003 2 58 2 62
span_case "a name holding a two-byte character" 'project x\napp caf\303\251 { image "x/a:1"; port 80; health / }\n' E002 2 5 2 10
span_case "a string at the end of the line, with a two-byte character" 'project x\ntag "caf\303\251 x"\n' E022 2 5 2 14
span_case "a word at the end of the line" 'project x\napp a { image "x/a:1"; port 80; health / }\nfoo\n' E003 3 1 3 4
span_case "a word at the end of a file without a final newline" 'project x\napp a { image "x/a:1"; port 80; health / }\nfoo' E003 3 1 3 4
span_case "one character" 'project x\napp a { image "x/a:1"; port 80; health / }\n@\n' E002 3 1 3 2
span_case "an unterminated string runs to the end of its line" 'project x\nenv A "line1\n' E002 2 7 2 13
# --- end of JSON/SARIF spans

for code in $(sed -n 's/^DIAG_CODE(\([EW][0-9]*\),.*/\1/p' compiler/diag_codes.def); do
	"$rbdc" explain "$code" >"$tmp/out" 2>&1 && grep -q "^$code: " "$tmp/out" || { bad "explain $code"; continue; }
	pass=$((pass + 1))
done
echo "ok   explain: every code of diag_codes.def"
expect "explain of an unknown code is a usage error" 2 "$rbdc" explain E999

"$rbdc" reactbin.rbd -o "$tmp/k8s" 2>/dev/null
expect "diff of an up-to-date directory exits 0" 0 "$rbdc" diff reactbin.rbd "$tmp/k8s"
sed -i 's/port: 8000/port: 8001/' "$tmp/k8s/api-service.yaml"
expect "diff of a drifted directory exits 1" 1 "$rbdc" diff reactbin.rbd "$tmp/k8s"
grep -q '^-    port: 8001' "$tmp/out" && grep -q '^+    port: 8000' "$tmp/out" && ok "diff prints a unified diff" || bad "diff prints a unified diff"
expect "diff of a missing directory is an I/O error" 2 "$rbdc" diff reactbin.rbd "$tmp/none"

# diff, case by case (issue 8, 14): every kind of drift is counted in the summary, and nothing in DIR that is not a
# regular file is ever opened (a FIFO would hang the run, a link would print what it points at).
# fresh_k8s: $tmp/d holds exactly what reactbin.rbd compiles to.
fresh_k8s() { rm -rf "$tmp/d" && "$rbdc" reactbin.rbd -o "$tmp/d" 2>/dev/null; }
# diff_case NAME STATUS SUMMARY: runs diff on $tmp/d (bounded: a hang is a failure), wants STATUS and, when
# SUMMARY is not empty, exactly the summary line ending in it.
diff_case() {
	name=$1 want=$2 summary=$3
	timeout -k 5 20 "$rbdc" diff reactbin.rbd "$tmp/d" >"$tmp/out" 2>"$tmp/err"
	got=$?
	line="rbdc: '$tmp/d' is not what 'reactbin.rbd' compiles to: $summary"
	if [ "$got" != "$want" ]; then
		bad "diff, $name (exit $got, expected $want)"
		sed 's/^/     /' "$tmp/err" | head -5
	elif [ -n "$summary" ] && [ "$(tail -1 "$tmp/err")" != "$line" ]; then
		bad "diff, $name: summary line is '$(tail -1 "$tmp/err")', expected '$line'"
	else
		ok "diff, $name"
	fi
}
fresh_k8s
diff_case "identical directory: exit 0, silent" 0 ""
[ -s "$tmp/out" ] || [ -s "$tmp/err" ] && bad "diff of an identical directory prints nothing" || ok "diff of an identical directory prints nothing"
printf 'notes\n' >"$tmp/d/README.md" && mkdir "$tmp/d/overlays" && ln -s /proc/self/environ "$tmp/d/env-link"
diff_case "user files, a subdirectory, a link under another name: exit 0" 0 ""
fresh_k8s
sed -i 's/port: 8000/port: 8001/' "$tmp/d/api-service.yaml"
diff_case "a changed file" 1 "1 changed, 0 missing, 0 stale, 0 foreign; run: rbdc reactbin.rbd -o $tmp/d"
grep -q "^--- $tmp/d/api-service.yaml" "$tmp/out" && ok "diff, a changed file: its diff is printed" || bad "diff, a changed file: its diff is printed"
fresh_k8s
rm "$tmp/d/ui-service.yaml"
diff_case "a missing file" 1 "0 changed, 1 missing, 0 stale, 0 foreign; run: rbdc reactbin.rbd -o $tmp/d"
grep -q "^+++ $tmp/d/ui-service.yaml" "$tmp/out" && ok "diff, a missing file: shown as new" || bad "diff, a missing file: shown as new"
fresh_k8s
sed 's/api/gone/g' "$tmp/d/api-service.yaml" >"$tmp/d/gone-service.yaml"
diff_case "a stale generated file" 1 "0 changed, 0 missing, 1 stale, 0 foreign; run: rbdc reactbin.rbd -o $tmp/d"
grep -q "^--- $tmp/d/gone-service.yaml" "$tmp/out" && grep -q '^+++ /dev/null' "$tmp/out" && ok "diff, a stale file: shown as removed" || bad "diff, a stale file: shown as removed"
fresh_k8s
printf 'kind: Service # by hand\n' >"$tmp/d/api-service.yaml"
diff_case "a foreign file with a generated name" 1 "0 changed, 0 missing, 0 stale, 1 foreign; move the foreign entries away, then run: rbdc reactbin.rbd -o $tmp/d"
grep -q "api-service.yaml' was not generated by rbdc" "$tmp/err" && ok "diff, a foreign file: says it is not rbdc's" || bad "diff, a foreign file: says it is not rbdc's"
# Links under generated names: to a secret-bearing file, to a valid generated file, dangling. Never read.
secret_marker="rbdc-cli-$$-$(date +%s)"
printf '%s\n' "$secret_marker" >"$tmp/victim"
for target in "$tmp/victim" /proc/self/environ "$tmp/nowhere"; do
	fresh_k8s
	rm "$tmp/d/api-service.yaml" && ln -s "$target" "$tmp/d/api-service.yaml"
	diff_case "a link named like a generated file (to $(basename "$target"))" 1 "0 changed, 0 missing, 0 stale, 1 foreign; move the foreign entries away, then run: rbdc reactbin.rbd -o $tmp/d"
	if grep -q "$secret_marker" "$tmp/out" "$tmp/err" || grep -q 'PATH=' "$tmp/out" "$tmp/err"; then
		bad "diff, a link to $(basename "$target"): its target was printed"
	elif grep -q "api-service.yaml' is a symbolic link" "$tmp/err"; then
		ok "diff, a link to $(basename "$target"): reported as a link, not read"
	else
		bad "diff, a link to $(basename "$target"): no message naming the link"
	fi
done
fresh_k8s
cp "$tmp/d/api-service.yaml" "$tmp/generated-copy" && sed -i 's/api/gone/g' "$tmp/generated-copy"
ln -s "$tmp/generated-copy" "$tmp/d/gone-service.yaml"
diff_case "a link under another name to a generated file: not stale" 0 ""
fresh_k8s
rm "$tmp/d/api-deployment.yaml" && mkfifo "$tmp/d/api-deployment.yaml" && mkfifo "$tmp/d/other-fifo.yaml"
diff_case "a FIFO named like a generated file, and one under another name: no hang" 1 "0 changed, 0 missing, 0 stale, 1 foreign; move the foreign entries away, then run: rbdc reactbin.rbd -o $tmp/d"
grep -q "api-deployment.yaml' is a FIFO" "$tmp/err" && ok "diff, a FIFO: reported as a FIFO" || bad "diff, a FIFO: reported as a FIFO"
fresh_k8s
rm "$tmp/d/api-deployment.yaml" && mkdir "$tmp/d/api-deployment.yaml"
diff_case "a directory named like a generated file" 1 "0 changed, 0 missing, 0 stale, 1 foreign; move the foreign entries away, then run: rbdc reactbin.rbd -o $tmp/d"
fresh_k8s
sed -i 's/port: 8000/port: 8001/' "$tmp/d/api-service.yaml" && rm "$tmp/d/ui-service.yaml"
cp "$tmp/d/api-deployment.yaml" "$tmp/d/old-deployment.yaml" && ln -sf /dev/null "$tmp/d/api-deployment.yaml"
diff_case "everything at once" 1 "1 changed, 1 missing, 1 stale, 1 foreign; move the foreign entries away, then run: rbdc reactbin.rbd -o $tmp/d"
# A huge file under a generated name is compared by size, not read whole into memory and diffed line by line.
fresh_k8s
{ head -1 "$tmp/d/api-service.yaml"; head -c 17000000 /dev/zero | tr '\0' '\n'; } >"$tmp/big.yaml" && mv "$tmp/big.yaml" "$tmp/d/api-service.yaml"
diff_case "a 17 MB file under a generated name" 1 "1 changed, 0 missing, 0 stale, 0 foreign; run: rbdc reactbin.rbd -o $tmp/d"
grep -q "^Files $tmp/d/api-service.yaml and .* differ" "$tmp/out" && ok "diff, a huge file: 'Files ... differ'" || bad "diff, a huge file: 'Files ... differ'"
# DIR itself a link: refused like -o refuses it (exit 2), whatever it points at.
fresh_k8s
ln -s "$tmp/d" "$tmp/dlink"
expect "diff of a DIR that is a symbolic link is refused" 2 "$rbdc" diff reactbin.rbd "$tmp/dlink"
grep -q "symbolic link" "$tmp/err" && ok "diff of a linked DIR says why" || bad "diff of a linked DIR says why"
expect "diff of a DIR that is a symbolic link, with a trailing slash, is refused" 2 "$rbdc" diff reactbin.rbd "$tmp/dlink/"
expect "diff DIR/ with a trailing slash works" 0 "$rbdc" diff reactbin.rbd "$tmp/d/"

"$rbdc" -n staging reactbin.rbd -o - >"$tmp/stream" 2>/dev/null
[ "$(grep -c '^  namespace: staging' "$tmp/stream")" -gt 10 ] && ! grep -q 'namespace: reactbin' "$tmp/stream" &&
	ok "-n puts every object in the given namespace" || bad "-n puts every object in the given namespace"

# Machine formats stay one valid document: diff text goes to stderr, and invalid UTF-8 (in the source or the file
# name) is written as U+FFFD, never as raw bytes.
"$rbdc" diff --diagnostics=sarif reactbin.rbd "$tmp/k8s" >"$tmp/sarif" 2>"$tmp/err"
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"))' "$tmp/sarif" 2>/dev/null && grep -q '^+    port: 8000' "$tmp/err" &&
	ok "diff --diagnostics=sarif: SARIF alone on stdout, the diff on stderr" || bad "diff --diagnostics=sarif: SARIF alone on stdout, the diff on stderr"
"$rbdc" explain --diagnostics=sarif E013 >"$tmp/out" 2>&1 && grep -q '^E013: ' "$tmp/out" && ! grep -q '"results"' "$tmp/out" &&
	ok "explain --diagnostics=sarif prints the explanation alone" || bad "explain --diagnostics=sarif prints the explanation alone"
printf 'project caf\351\n' >"$tmp/caf$(printf '\351').rbd"
utf8_json='const b=require("fs").readFileSync(process.argv[1]); const t=new TextDecoder("utf-8",{fatal:true}).decode(b);
  const docs=process.argv[2]==="json"?t.trim().split("\n").map(JSON.parse):[JSON.parse(t)]; if(!JSON.stringify(docs).includes("\ufffd")) process.exit(1)'
for format in json sarif; do
	"$rbdc" check --diagnostics=$format "$tmp/caf$(printf '\351').rbd" >"$tmp/$format" 2>/dev/null
	node -e "$utf8_json" "$tmp/$format" $format 2>/dev/null && ok "--diagnostics=$format: valid UTF-8 JSON from invalid UTF-8 input" ||
		bad "--diagnostics=$format: valid UTF-8 JSON from invalid UTF-8 input"
done

# Environments (issue 11): --env NAME compiles, checks or diffs one; check without it checks the base program and
# every environment, and what only an environment gets says so ([env NAME], "environment" in JSON and SARIF).
expect "--help documents --env" 0 "$rbdc" --help
grep -q -- "--env NAME" "$tmp/out" && ok "--help names --env NAME" || bad "--help names --env NAME"
expect "--env staging -o - compiles the staging environment" 0 "$rbdc" reactbin.rbd --env staging -o -
[ "$(grep -c '^  namespace: reactbin-staging$' "$tmp/out")" -gt 10 ] && ! grep -q 'namespace: reactbin$' "$tmp/out" &&
	grep -q '^# generated by rbdc from reactbin.rbd, environment staging; do not edit$' "$tmp/out" &&
	ok "--env staging: every object in staging's namespace, the header names the environment" ||
	bad "--env staging: every object in staging's namespace, the header names the environment"
expect "an unknown --env is a usage error" 2 "$rbdc" reactbin.rbd --env prod -o -
grep -q "has no environment 'prod'; its environments: staging" "$tmp/err" && [ ! -s "$tmp/out" ] &&
	ok "an unknown --env lists the environments, writes nothing" || bad "an unknown --env lists the environments, writes nothing"
expect "check with an unknown --env is a usage error" 2 "$rbdc" check --env prod reactbin.rbd
expect "diff with an unknown --env is a usage error" 2 "$rbdc" diff --env prod reactbin.rbd k8s-staging
expect "--env without a value is a usage error" 2 "$rbdc" check reactbin.rbd --env
expect "diff --env staging: k8s-staging/ is staging's committed output" 0 "$rbdc" diff --env staging reactbin.rbd k8s-staging
expect "diff of the base against k8s-staging/ finds drift" 1 "$rbdc" diff reactbin.rbd k8s-staging
grep -q "run: rbdc reactbin.rbd -o k8s-staging" "$tmp/err" && ok "diff's hint without --env" || bad "diff's hint without --env"
expect "diff --env staging against k8s/ finds drift" 1 "$rbdc" diff --env staging reactbin.rbd k8s
grep -q "run: rbdc reactbin.rbd --env staging -o k8s" "$tmp/err" && ok "diff's hint repeats --env" || bad "diff's hint repeats --env"
mkdir -p "$tmp/envsrc"
sed -e 's/^  app api { env API_DOCS_ENABLED "true" }.*/  app api { replicas 0 }/' reactbin.rbd >"$tmp/envsrc/broken-staging.rbd"
expect "the base compiles although staging has an error" 0 "$rbdc" "$tmp/envsrc/broken-staging.rbd" -o -
expect "check finds the error only staging has" 1 "$rbdc" check "$tmp/envsrc/broken-staging.rbd"
grep -q "broken-staging.rbd:[0-9]*:22: error: \[env staging\] 'replicas' must be" "$tmp/err" &&
	ok "check tags staging's diagnostic [env staging], at its line" || bad "check tags staging's diagnostic [env staging], at its line"
expect "--env staging refuses it too" 1 "$rbdc" "$tmp/envsrc/broken-staging.rbd" --env staging -o "$tmp/envsrc/out"
[ -e "$tmp/envsrc/out" ] && bad "a refused --env compile writes nothing" || ok "a refused --env compile writes nothing"
"$rbdc" check --diagnostics=json "$tmp/envsrc/broken-staging.rbd" >"$tmp/json" 2>/dev/null
grep -q '"message":"\[env staging\] .*"environment":"staging"' "$tmp/json" && ok "JSON: the message and an environment field say staging" ||
	bad "JSON: the message and an environment field say staging"
"$rbdc" check --diagnostics=sarif "$tmp/envsrc/broken-staging.rbd" >"$tmp/sarif" 2>/dev/null
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).runs[0].results;
  if(r.length!==1||r[0].properties.environment!=="staging"||!r[0].message.text.startsWith("[env staging] ")) process.exit(1)' "$tmp/sarif" 2>/dev/null &&
	ok "SARIF: properties.environment and the message say staging" || bad "SARIF: properties.environment and the message say staging"
# A base mistake is the base's: shown once, untagged, however many environments inherit it.
sed -e 's/^  port 8000$/  port 80000/' reactbin.rbd >"$tmp/envsrc/broken-base.rbd"
expect "check of a base error exits 1" 1 "$rbdc" check "$tmp/envsrc/broken-base.rbd"
[ "$(grep -c 'error:' "$tmp/err")" = 1 ] && grep -q "error: 'port' must be" "$tmp/err" &&
	ok "a base error inherited by staging is reported once, untagged" || bad "a base error inherited by staging is reported once, untagged"
expect "check --env staging of a base error exits 1" 1 "$rbdc" check --env staging "$tmp/envsrc/broken-base.rbd"
grep -q "error: \[env staging\] 'port' must be" "$tmp/err" && ok "check --env tags what that environment gets" ||
	bad "check --env tags what that environment gets"
# `namespace NAME external`: another program owns the Namespace object.
sed -e 's/^project reactbin .*/project reactbin\nnamespace shared external/' -e '/^environment staging/,$d' reactbin.rbd >"$tmp/envsrc/external.rbd"
expect "namespace NAME external compiles" 0 "$rbdc" "$tmp/envsrc/external.rbd" -o -
! grep -q '^kind: Namespace' "$tmp/out" && [ "$(grep -c '^  namespace: shared$' "$tmp/out")" -gt 10 ] &&
	ok "namespace NAME external: no Namespace object, every object in it" || bad "namespace NAME external: no Namespace object, every object in it"

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
