#!/bin/sh
# man/gen-rbd5.sh RBDC IN: prints rbdc.rbd(5): IN with its STATEMENTS line replaced by every statement of the schema
# table, read from `RBDC --statements` (scope, name, usage, flags, doc; tab-separated), one list per scope.
set -eu
rbdc=${1:?usage: gen-rbd5.sh RBDC IN} in=${2:?usage: gen-rbd5.sh RBDC IN}
"$rbdc" --statements >/dev/null # fail here, not with half a page
# mdoc: a backslash is \e; a text line must not start with '.' or "'"; inside a quoted macro argument '"' is doubled.
"$rbdc" --statements | awk -F '\t' -v in_file="$in" '
function text(s) { gsub(/\\/, "\\e", s); if (s ~ /^[.\047]/) s = "\\&" s; return s }
function quoted(s) { gsub(/\\/, "\\e", s); gsub(/"/, "\"\"", s); return "\"" s "\"" }
function heading(scope) { return scope == "top" ? "Top level" : "The " scope " block" }
# Words filled into lines of at most 72 bytes, a line ending after each sentence (mandoc: new sentence, new line).
function fill(s,    w, m, j, line) {
	m = split(s, w, " ")
	line = ""
	for (j = 1; j <= m; j++) {
		if (line != "" && length(line) + 1 + length(w[j]) > 72) { print text(line); line = "" }
		line = line == "" ? w[j] : line " " w[j]
		if (w[j] ~ /[.!?]$/) { print text(line); line = "" }
	}
	if (line != "") print text(line)
}
{ n++; scope[n] = $1; name[n] = $2; usage[n] = $3; flags[n] = $4; doc[n] = $5; if (!(($1) in seen)) { seen[$1] = 1; order[++k] = $1 } }
END {
	while ((getline line < in_file) > 0) {
		if (line != ".\\\" @STATEMENTS@") { print line; continue }
		for (s = 1; s <= k; s++) {
			print ".Ss " heading(order[s])
			print ".Bl -tag -width Ds"
			for (i = 1; i <= n; i++) {
				if (scope[i] != order[s]) continue
				print ".It Ic " name[i]
				print ".Ql " quoted(usage[i])
				print ".Pp"
				fill(doc[i] ~ /[.!?]$/ ? doc[i] : doc[i] ".")
				if (flags[i] ~ /repeatable/) print "Repeatable."
			}
			print ".El"
		}
	}
}'
