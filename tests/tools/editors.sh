#!/bin/sh
# tests/tools/editors.sh RBDC: the editor files, headless. Vim: filetype detection, the syntax group at known
# positions (synIDattr), and :make's errorformat reading real rbdc output with its note: lines kept. VS Code: the
# TextMate grammar through vscode-textmate + vscode-oniguruma (tests/tools/textmate, its own npm package). Emacs:
# rbd-mode under `emacs --batch` (faces at known positions, indentation, the compile command).
. "$(dirname "$0")/lib.sh"
cat >"$tmp/sample.rbd" <<'RBD'
project shop # a comment
app web { image "ghcr.io/x/web:1.0\n"; port 8000; health /healthz
  cpu 100m; memory 512Mi
}
vault { refresh 30s; brand-new-statement 5 }
RBD
# Positions (line col) and the highlight group Vim must give them there.
cat >"$tmp/expect" <<'POS'
1 1 rbdStatement
1 9 -
1 16 rbdComment
2 1 rbdStatement
2 9 rbdBlock
2 11 rbdStatement
2 18 rbdString
2 36 rbdEscape
2 40 rbdStatement
2 45 rbdNumber
2 58 rbdPath
3 7 rbdNumber
3 13 rbdStatement
3 20 rbdNumber
5 17 rbdDuration
5 22 rbdStatement
POS
if command -v vim >/dev/null 2>&1; then
	vim -Es -u NONE -i NONE -N --cmd "set rtp^=$root/editors/vim" -c 'filetype plugin on' -c 'syntax on' \
		-c "edit $tmp/sample.rbd" -c "redir! > $tmp/vim.out" \
		-c "for p in readfile('$tmp/expect') | let [l, c; _] = split(p) | let g = synIDattr(synID(l, c, 1), 'name') | echo l .. ' ' .. c .. ' ' .. (g == '' ? '-' : g) | endfor" \
		-c 'echo "ft" &filetype' -c 'echo "makeprg" &makeprg' -c 'redir END' -c 'qa!' </dev/null >/dev/null 2>&1
	grep -v '^$' "$tmp/vim.out" >"$tmp/vim.got" 2>/dev/null
	check "vim: *.rbd is filetype rbd" grep -qx 'ft rbd' "$tmp/vim.got"
	check "vim: makeprg is rbdc check" grep -q '^makeprg rbdc check' "$tmp/vim.got"
	wrong=0
	while read -r l c want; do
		grep -qx "$l $c $want" "$tmp/vim.got" || { wrong=$((wrong + 1)); echo "     vim: $l:$c should be $want, is $(grep "^$l $c " "$tmp/vim.got" | cut -d' ' -f3)"; }
	done <"$tmp/expect"
	check "vim: every known position has its syntax group ($(wc -l <"$tmp/expect") positions)" test "$wrong" = 0
	# errorformat on real output: two errors with their notes; excerpt lines dropped.
	printf 'project x\napp a { prot 80; image "x/a:1"; health / }\nsecret s from vault "p" { keys A }\n' >"$tmp/bad.rbd"
	(cd "$tmp" && "$rbdc" check --color=never bad.rbd >"$tmp/make.out" 2>&1)
	vim -Es -u NONE -i NONE -N --cmd "set rtp^=$root/editors/vim" -c 'filetype plugin on' -c "edit $tmp/bad.rbd" \
		-c "cgetfile $tmp/make.out" -c "redir! > $tmp/qf.out" \
		-c "for e in getqflist() | echo e.type e.lnum e.col e.valid e.text | endfor" -c 'redir END' -c 'qa!' </dev/null >/dev/null 2>&1
	grep -v '^$' "$tmp/qf.out" >"$tmp/qf.got" 2>/dev/null
	check "vim: errorformat gives two errors" test "$(grep -c '^E ' "$tmp/qf.got")" = 2
	check "vim: errorformat keeps each note: line as an entry" test "$(grep -c '^I ' "$tmp/qf.got")" = 2
	check "vim: the note says the fix, at its location" grep -q '^I 2 9 1 usage: port N' "$tmp/qf.got"
	check "vim: the error is at its line and column" grep -q "^E 2 9 1 unknown statement 'prot'" "$tmp/qf.got"
	check "vim: no excerpt line becomes an entry" test "$(wc -l <"$tmp/qf.got")" = 4
else
	bad "vim installed (Debian package vim; make deps-test)"
fi

tm=$root/tests/tools/textmate
if command -v node >/dev/null 2>&1; then
	[ -d "$tm/node_modules/vscode-textmate" ] || npm ci --prefix "$tm" --no-audit --no-fund --loglevel=error >/dev/null 2>&1
	node "$tm/tokenize.mjs" "$root/editors/vscode/syntaxes/rbd.tmLanguage.json" >"$tmp/tm.out" 2>&1
	check "vscode: the TextMate grammar tokenizes as expected ($(tail -1 "$tmp/tm.out"))" test $? = 0
	grep '^FAIL' "$tmp/tm.out" | sed 's/^/     /'
	for f in package.json language-configuration.json syntaxes/rbd.tmLanguage.json; do
		check "vscode: $f is valid JSON" node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$root/editors/vscode/$f"
	done
	check "vscode: package.json wires .rbd, the grammar and the rbdc lsp client" node -e '
		const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const ok = p.contributes.languages[0].extensions.includes(".rbd") && p.contributes.grammars[0].scopeName === "source.rbd" &&
			p.main && p.dependencies["vscode-languageclient"];
		process.exit(ok ? 0 : 1)' "$root/editors/vscode/package.json"
	check "vscode: the client starts rbdc lsp on stdio" grep -q "args: \['lsp'\]" "$root/editors/vscode/extension.js"
else
	bad "node installed (make deps-test)"
fi

if command -v emacs >/dev/null 2>&1; then
	emacs --batch -Q -l "$root/editors/emacs/rbd-mode.el" --eval "
(progn
  (find-file \"$tmp/sample.rbd\")
  (font-lock-ensure)
  (dolist (p '((1 1 font-lock-keyword-face) (1 9 nil) (1 16 font-lock-comment-face) (2 11 font-lock-keyword-face)
               (2 18 font-lock-string-face) (2 45 font-lock-constant-face) (2 58 font-lock-string-face)
               (3 20 font-lock-constant-face) (5 22 font-lock-keyword-face)))
    (goto-char (point-min)) (forward-line (1- (nth 0 p))) (forward-char (1- (nth 1 p)))
    (let ((face (get-text-property (point) 'face)))
      (princ (format \"%d %d %s %s\n\" (nth 0 p) (nth 1 p) (if (eq (if (listp face) (car face) face) (nth 2 p)) \"ok\" \"bad\") face))))
  (princ (format \"mode %s\n\" major-mode))
  (princ (format \"compile %s\n\" compile-command))
  (erase-buffer) (insert \"app a {\nport 80\n}\n\") (indent-region (point-min) (point-max))
  (princ (format \"indent %s\n\" (replace-regexp-in-string \"\n\" \"|\" (buffer-string)))))" >"$tmp/emacs.out" 2>"$tmp/emacs.err"
	check "emacs: *.rbd opens in rbd-mode" grep -qx 'mode rbd-mode' "$tmp/emacs.out"
	check "emacs: faces at known positions" sh -c '! grep -q " bad " "$1" && [ "$(grep -c " ok " "$1")" = 9 ]' - "$tmp/emacs.out"
	grep ' bad ' "$tmp/emacs.out" | sed 's/^/     emacs: /'
	check "emacs: compile-command is rbdc check" grep -q '^compile rbdc check --color=never sample.rbd' "$tmp/emacs.out"
	check "emacs: a block's statements are indented" grep -qxF 'indent app a {|  port 80|}|' "$tmp/emacs.out"
	check "emacs: the mode byte-compiles without warnings" sh -c 'cp "$1" "$2/" && emacs --batch -Q --eval "(setq byte-compile-error-on-warn t)" -f batch-byte-compile "$2/rbd-mode.el" >/dev/null 2>&1' - "$root/editors/emacs/rbd-mode.el" "$tmp"
else
	echo "     emacs not installed (Debian package emacs-nox): rbd-mode not tested"
fi
finish editors
