#!/bin/sh
# tests/tools/install.sh RBDC: `make install DESTDIR=... PREFIX=...` puts exactly the expected files in place (the
# binary runs, the man pages render), and `make uninstall` with the same variables leaves no file behind. Also checks
# the bash completion. Builds in its own B directory, so the caller's build is not touched.
. "$(dirname "$0")/lib.sh"
dest=$tmp/dest
mk() { make --no-print-directory -C "$root" B="$tmp/build" "$@" >"$tmp/make.log" 2>&1; }
mk install DESTDIR="$dest" PREFIX=/usr
check "make install DESTDIR=... PREFIX=/usr succeeds" test $? = 0 || tail -5 "$tmp/make.log"
(cd "$dest" && find . -type f | sort) >"$tmp/got"
cat >"$tmp/want" <<'LIST'
./usr/bin/rbdc
./usr/share/bash-completion/completions/rbdc
./usr/share/emacs/site-lisp/rbd-mode.el
./usr/share/man/man1/rbdc.1
./usr/share/man/man5/rbdc.rbd.5
./usr/share/rbdc/vscode/extension.js
./usr/share/rbdc/vscode/language-configuration.json
./usr/share/rbdc/vscode/package.json
./usr/share/rbdc/vscode/syntaxes/rbd.tmLanguage.json
./usr/share/vim/vimfiles/ftdetect/rbd.vim
./usr/share/vim/vimfiles/ftplugin/rbd.vim
./usr/share/vim/vimfiles/syntax/rbd.vim
./usr/share/zsh/site-functions/_rbdc
LIST
check "the installed files are exactly the expected list" cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" | sed 's/^/     /'
check "the installed rbdc runs" sh -c '"$1" --version | grep -q "^rbdc [0-9]"' - "$dest/usr/bin/rbdc"
check "the installed binary is executable, the rest is not" sh -c \
	'test -x "$1/usr/bin/rbdc" && test -z "$(find "$1" -type f -perm -u+x ! -path "*/bin/rbdc")"' - "$dest"
if command -v man >/dev/null 2>&1; then
	check "man -l renders the installed rbdc(1)" sh -c 'MANWIDTH=80 man -l "$1" 2>&1 | grep -q "rbdc check"' - "$dest/usr/share/man/man1/rbdc.1"
	check "man -l renders the installed rbdc.rbd(5)" sh -c 'MANWIDTH=80 man -l "$1" 2>&1 | grep -q "keys KEY"' - "$dest/usr/share/man/man5/rbdc.rbd.5"
fi
mk uninstall DESTDIR="$dest" PREFIX=/usr
check "make uninstall succeeds" test $? = 0
check "make uninstall leaves no file" test -z "$(find "$dest" -type f -o -type l)"
check "make uninstall removes rbdc's own directory" test ! -e "$dest/usr/share/rbdc"

# The default PREFIX is /usr/local.
mk install DESTDIR="$dest"
check "the default PREFIX is /usr/local" test -x "$dest/usr/local/bin/rbdc"
mk uninstall DESTDIR="$dest"
check "uninstall with the default PREFIX leaves no file" test -z "$(find "$dest" -type f -o -type l)"

# bash completion: the subcommands, option values and the codes of `rbdc explain`.
if command -v bash >/dev/null 2>&1; then
	mkdir -p "$tmp/bin" && ln -sf "$rbdc" "$tmp/bin/rbdc"
	complete_words() { # complete_words WORD...: what completing the last word offers
		PATH="$tmp/bin:$PATH" bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _rbdc; printf "%s\n" "${COMPREPLY[@]}"' \
			- "$root/completions/rbdc.bash" "$@" 2>/dev/null
	}
	check "bash: rbdc <TAB> offers the commands" sh -c '[ "$(echo "$1" | grep -c -x -e check -e diff -e explain -e graph)" = 4 ]' - "$(complete_words rbdc '')"
	check "bash: --color <TAB> offers its values" sh -c 'echo "$1" | grep -qx always' - "$(complete_words rbdc check --color '')"
	check "bash: explain E01<TAB> offers codes" sh -c 'echo "$1" | grep -qx E013' - "$(complete_words rbdc explain E01)"
fi
if command -v zsh >/dev/null 2>&1; then
	check "zsh: _rbdc parses" zsh -n "$root/completions/_rbdc"
fi
finish install
