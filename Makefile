# Makefile: builds build/rbdc, compiles reactbin.rbd into k8s/ (`make run`) and runs every test (`make test`).

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
LDLIBS  := -lyaml -ljansson -lm -pthread
# build/rbdc is linked statically when the static libraries are installed (Debian's libc6-dev, libyaml-dev and
# libjansson-dev ship them): the dynamic loader's work (mapping libc, libyaml and libjansson, relocating them) is a
# quarter of a compile of reactbin.rbd, and a static binary copies to another machine as it is. Static-pie, so
# the binary is still loaded at a random address (ASLR), as Debian's hardening wants of any executable. STATIC=0
# links dynamically, as a distribution package would. build/dyn/rbdc is the same objects linked dynamically, for
# valgrind, whose leak check replaces malloc and so needs a libc it can interpose.
STATIC  ?= 1
static_lib = $(filter /%,$(shell $(CC) -print-file-name=$(1) 2>/dev/null))
STATIC_LDFLAGS := $(if $(filter 1,$(STATIC)),$(if $(and $(call static_lib,rcrt1.o),$(call static_lib,libc.a),$(call static_lib,libyaml.a),$(call static_lib,libjansson.a)),-static-pie))
BISON   ?= bison
FLEX    ?= flex

# B may be overridden (make B=/tmp/x ...) to build out of tree, e.g. for parallel work.
B        ?= build
GEN      := $(B)/gen
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Icompiler -I$(GEN)
# Library sources: every stage; main.c is only the CLI.
LIB_SRC  := $(filter-out compiler/main.c,$(wildcard compiler/*.c))
STDLIB   := $(sort $(wildcard stdlib/*.rbd))

# Generated code is never committed; it lives in build/gen.
GEN_C    := $(GEN)/rbd.tab.c $(GEN)/rbd.lex.c $(GEN)/stdlib_text.c

# Debian packages the build and the tests need; `make deps` installs the missing ones when it may.
BUILD_PKGS := gcc make flex bison libyaml-dev libcmocka-dev pkg-config libjansson-dev
TEST_PKGS  := valgrind nginx-light curl clang mandoc graphviz vim emacs-nox zsh git

.PHONY: FORCE all run test check deps deps-test clean bench unit golden errors mutations conformance spa spec hardening sanitize valgrind bless gen meaning mutation tools man install uninstall parallel tsan

all: $(B)/rbdc

deps:
	@sh tests/install-deps.sh $(BUILD_PKGS)

# Node may come from elsewhere than Debian (with its own npm): only a missing `node` installs Debian's.
deps-test: deps
	@sh tests/install-deps.sh $(TEST_PKGS)
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || sh tests/install-deps.sh nodejs npm
	@[ tests/node/node_modules/.package-lock.json -nt tests/node/package-lock.json ] || \
		npm ci --prefix tests/node --no-audit --no-fund --loglevel=error

run: deps
	@$(MAKE) --no-print-directory $(B)/rbdc
	$(B)/rbdc reactbin.rbd -o k8s
	$(B)/rbdc reactbin.rbd --env staging -o k8s-staging

$(GEN)/rbd.tab.c $(GEN)/rbd.tab.h: grammar/rbd.y | $(GEN)
	$(BISON) -Wall -Werror --defines=$(GEN)/rbd.tab.h -o $(GEN)/rbd.tab.c $<

$(GEN)/rbd.lex.c $(GEN)/rbd.lex.h: grammar/rbd.l $(GEN)/rbd.tab.h | $(GEN)
	$(FLEX) --header-file=$(GEN)/rbd.lex.h -o $(GEN)/rbd.lex.c $<

# The stdlib is compiled into the binary so rbdc needs no files at run time.
$(GEN)/stdlib_text.c: $(STDLIB) stdlib/embed.sh | $(GEN)
	sh stdlib/embed.sh $(STDLIB) > $@.tmp && mv $@.tmp $@

$(GEN):
	mkdir -p $@

# Generated sources get the same warnings except the ones flex's skeleton trips.
GEN_WARN := $(filter-out -Wmissing-prototypes -Wshadow,$(WARN)) -Wno-unused-function -Wno-sign-compare

define build_variant
# $(1): output dir, $(2): extra flags, $(3): extra flags when linking rbdc
$(1)/obj/%.o: compiler/%.c $(GEN)/rbd.tab.h $(GEN)/rbd.lex.h $(wildcard compiler/*.h) compiler/diag_codes.def
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) $$(WARN) $$(CFLAGS) $(2) -c -o $$@ $$<
$(1)/obj/gen/%.o: $(GEN)/%.c $(GEN)/rbd.tab.h $(GEN)/rbd.lex.h $(wildcard compiler/*.h)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) $$(GEN_WARN) $$(CFLAGS) $(2) -c -o $$@ $$<
$(1)/librbdc.a: $(patsubst compiler/%.c,$(1)/obj/%.o,$(LIB_SRC)) $(patsubst $(GEN)/%.c,$(1)/obj/gen/%.o,$(GEN_C))
	rm -f $$@ && ar rcs $$@ $$^
$(1)/rbdc: $(1)/obj/main.o $(1)/librbdc.a $(1)/link-flags
	$$(CC) $$(CFLAGS) $(2) $(3) -o $$@ $$(filter %.o %.a,$$^) $$(LDLIBS)
# Rewritten only when the link flags change (STATIC=0 after a static build), so that relinks rbdc.
$(1)/link-flags: FORCE
	@mkdir -p $$(dir $$@) && echo '$(3)' | cmp -s - $$@ || echo '$(3)' >$$@
$(1)/test_%: tests/unit/test_%.c $(1)/librbdc.a $(wildcard tests/unit/*.h)
	$$(CC) $$(CPPFLAGS) -Itests/unit $$(WARN) $$(CFLAGS) $(2) -o $$@ $$< $(1)/librbdc.a $$(LDLIBS) -lcmocka
endef

$(eval $(call build_variant,$(B),,$(STATIC_LDFLAGS)))
$(B)/dyn/rbdc: $(B)/obj/main.o $(B)/librbdc.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
# In a variable: a literal comma inside $(call ...) would split the argument and drop UBSan.
SAN_FLAGS := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
$(eval $(call build_variant,$(B)/san,$(SAN_FLAGS)))
TSAN_FLAGS := -O1 -g -fsanitize=thread
$(eval $(call build_variant,$(B)/tsan,$(TSAN_FLAGS)))

# No suite can hang `make test`, whatever rbdc does: each command gets 15 minutes (a few on this machine), then
# TERM, then KILL ten seconds later (rbdc blocks TERM while it writes a directory). Runners bound each rbdc run too.
BOUND := timeout -k 10 900

UNIT := $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))

unit: $(addprefix $(B)/test_,$(UNIT))
	@for t in $(UNIT); do echo "== unit: $$t"; $(BOUND) $(B)/test_$$t || exit 1; done

golden: $(B)/rbdc
	@$(BOUND) sh tests/golden.sh $(B)/rbdc

errors: $(B)/rbdc
	@$(BOUND) sh tests/errors.sh $(B)/rbdc
	@$(BOUND) sh tests/limits.sh $(B)/rbdc
	@$(BOUND) sh tests/cli.sh $(B)/rbdc
	@$(BOUND) sh tests/fmt.sh $(B)/rbdc

# Single-mistake variants of reactbin.rbd: each gives exactly one diagnostic, on the right line.
mutations: $(B)/rbdc
	@$(BOUND) sh tests/mutations/run.sh $(B)/rbdc

# Issue 4's guarantees: YAML 1.1 round trip of every user string, the secret corpus, output-directory safety.
hardening: $(B)/rbdc $(B)/dyn/rbdc
	@$(BOUND) sh tests/yaml/run.sh $(B)/rbdc
	@$(BOUND) sh tests/secrets/run.sh $(B)/rbdc
	@$(BOUND) sh tests/files/run.sh $(B)/rbdc $(B)/dyn/rbdc
	@$(BOUND) sh tests/scale/run.sh $(B)/rbdc
	@$(BOUND) sh tests/mcjob/run.sh $(B)/rbdc

conformance: $(B)/rbdc
	@$(BOUND) sh tests/conformance/run.sh $(B)/rbdc
	@$(BOUND) node tests/effect/run.mjs $(B)/rbdc

# Issue 13: emission on every core gives the serial path's bytes, deterministically; `tsan` runs the same on a
# ThreadSanitizer build, where any report fails the run.
parallel: $(B)/rbdc
	@$(BOUND) sh tests/parallel.sh $(B)/rbdc

tsan: $(B)/tsan/rbdc $(B)/tsan/test_emit
	@TSAN_OPTIONS=halt_on_error=1:exitcode=66 $(BOUND) $(B)/tsan/test_emit
	@TSAN_OPTIONS=halt_on_error=1:exitcode=66 $(BOUND) sh tests/parallel.sh $(B)/tsan/rbdc

spa: $(B)/rbdc
	@$(BOUND) sh tests/spa/run.sh $(B)/rbdc

# Issue 8: at least 5,000 generated programs; every accepted one must give valid manifests (GEN_SEED=n varies them).
gen: $(B)/rbdc
	@GEN_OUT=$(B)/gen-failures $(BOUND) sh tests/gen/run.sh $(B)/rbdc

spec: $(B)/rbdc
	@$(BOUND) sh tests/spec/run.sh $(B)/rbdc

# Issue 12: the tools around the compiler (header, pre-commit hook, explain, docs, man pages, install, graph, editors).
tools: $(B)/rbdc
	@$(BOUND) sh tests/tools/run.sh $(B)/rbdc

# Issue 12: `rbdc lsp` end to end, a JSON-RPC client over pipes (framing, limits, lifecycle, every feature).
.PHONY: lsp
lsp: $(B)/rbdc
	@echo "== lsp"
	@$(BOUND) node tests/lsp/client.mjs $(B)/rbdc

# The whole suite again on an AddressSanitizer + UndefinedBehaviorSanitizer build.
# tests/lib.sh sets the sanitizer exit codes (86 ASan/LSan, 87 UBSan) once; san-check proves UBSan is linked in.
# errors.sh runs every error file in compile mode too, so the `-o DIR` error path runs under both sanitizers.
sanitize: $(B)/san/rbdc $(addprefix $(B)/san/test_,$(UNIT))
	@$(BOUND) sh tests/san-check.sh $(B)/san/rbdc
	@. tests/lib.sh && for t in $(UNIT); do echo "== unit (asan+ubsan): $$t"; $(BOUND) $(B)/san/test_$$t || exit 1; done
	@$(BOUND) sh tests/golden.sh $(B)/san/rbdc
	@$(BOUND) sh tests/errors.sh $(B)/san/rbdc
	@$(BOUND) sh tests/limits.sh $(B)/san/rbdc
	@$(BOUND) sh tests/cli.sh $(B)/san/rbdc
	@$(BOUND) sh tests/fmt.sh $(B)/san/rbdc
	@echo "== lsp (asan+ubsan)" && . tests/lib.sh && $(BOUND) node tests/lsp/client.mjs $(B)/san/rbdc
	@$(BOUND) sh tests/parallel.sh $(B)/san/rbdc

# RBDC_WRAP=valgrind: tests/lib.sh holds the command (--error-exitcode=88). The error files compile to a
# directory too, so the `-o DIR` error path is checked for leaks.
valgrind: $(B)/dyn/rbdc
	@RBDC_WRAP=valgrind $(BOUND) sh tests/golden.sh $(B)/dyn/rbdc
	@RBDC_WRAP=valgrind RBDC_ERRORS_GLOB='multi-*.rbd E00[1-4]-*.rbd E01[0-2]-*.rbd E023-*.rbd' $(BOUND) sh tests/errors.sh $(B)/dyn/rbdc
	@RBDC_WRAP=valgrind $(BOUND) sh tests/limits.sh $(B)/dyn/rbdc
	@echo "== lsp (valgrind)" && RBDC_WRAP=valgrind $(BOUND) node tests/lsp/client.mjs $(B)/dyn/rbdc

# Seeded bugs (tests/mutation/mutants.txt), one at a time in a temporary copy of the tree: prints the kill rate and
# the survivors and records them in tests/mutation/RESULT.md. Not part of `make test` (several minutes).
mutation: deps-test
	@node tests/mutation/run.mjs

test: deps-test
	@$(MAKE) --no-print-directory unit golden errors mutations hardening conformance gen spec spa sanitize valgrind tools lsp parallel tsan
	@echo "make test: all suites passed"

check: test

# The meaning check runs first and never reads the golden files, so a bless cannot accept a broken output;
# the diff of what was rewritten is shown for review.
bless: $(B)/rbdc
	@sh tests/conformance/meaning.sh $(B)/rbdc >/dev/null || { sh tests/conformance/meaning.sh $(B)/rbdc | grep -v '^ok'; \
		echo "bless: refused, the output no longer means what the sources say (tests/conformance/meaning.mjs)"; exit 1; }
	RBDC_BLESS=1 sh tests/golden.sh $(B)/rbdc
	RBDC_BLESS=1 sh tests/errors.sh $(B)/rbdc
	RBDC_BLESS=1 sh tests/fmt.sh $(B)/rbdc
	@git diff --stat -- tests/golden k8s tests/errors tests/fmt 2>/dev/null || true

meaning: $(B)/rbdc
	@sh tests/conformance/meaning.sh $(B)/rbdc

# Speed and memory against peers (not part of `make test`); see bench/RESULTS.md.
# kubectl may already come from another package: Debian's kubernetes-client only when there is none.
bench: deps $(B)/rbdc
	@sh tests/install-deps.sh time jsonnet || echo "bench: jsonnet not installed; timing without it"
	@command -v kubectl >/dev/null 2>&1 || sh tests/install-deps.sh kubernetes-client || echo "bench: kubectl not installed"
	@sh bench/run.sh $(B)/rbdc

clean:
	rm -rf $(B)

# Man pages: rbdc(1) is written by hand; rbdc.rbd(5) is generated from the schema table of the binary just built
# (`rbdc --statements`), so it lists every statement the compiler knows.
man: $(B)/man/rbdc.1 $(B)/man/rbdc.rbd.5

$(B)/man/rbdc.1: man/rbdc.1
	@mkdir -p $(dir $@)
	cp man/rbdc.1 $@

$(B)/man/rbdc.rbd.5: man/rbdc.rbd.5.in man/gen-rbd5.sh $(B)/rbdc
	@mkdir -p $(dir $@)
	sh man/gen-rbd5.sh $(B)/rbdc man/rbdc.rbd.5.in >$@.tmp && mv $@.tmp $@

# `make install PREFIX=/usr DESTDIR=/tmp/pkg`: the binary, the man pages, the editor files (Vim runtime files where
# Debian's vim looks, the Emacs mode in site-lisp, the VS Code extension folder to copy or package) and the bash
# and zsh completions. `make uninstall` with the same variables removes exactly these files, and the directories
# that are rbdc's own.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
INSTALL ?= install
VIMDIR  := $(DATADIR)/vim/vimfiles
INSTALLED := $(BINDIR)/rbdc $(MANDIR)/man1/rbdc.1 $(MANDIR)/man5/rbdc.rbd.5 \
	$(VIMDIR)/syntax/rbd.vim $(VIMDIR)/ftdetect/rbd.vim $(VIMDIR)/ftplugin/rbd.vim \
	$(DATADIR)/emacs/site-lisp/rbd-mode.el $(DATADIR)/bash-completion/completions/rbdc $(DATADIR)/zsh/site-functions/_rbdc \
	$(addprefix $(DATADIR)/rbdc/vscode/,package.json extension.js language-configuration.json syntaxes/rbd.tmLanguage.json)

install: $(B)/rbdc man
	$(INSTALL) -d $(sort $(dir $(addprefix $(DESTDIR),$(INSTALLED))))
	$(INSTALL) -m 755 $(B)/rbdc $(DESTDIR)$(BINDIR)/rbdc
	$(INSTALL) -m 644 $(B)/man/rbdc.1 $(DESTDIR)$(MANDIR)/man1/rbdc.1
	$(INSTALL) -m 644 $(B)/man/rbdc.rbd.5 $(DESTDIR)$(MANDIR)/man5/rbdc.rbd.5
	for f in syntax ftdetect ftplugin; do $(INSTALL) -m 644 editors/vim/$$f/rbd.vim $(DESTDIR)$(VIMDIR)/$$f/rbd.vim || exit 1; done
	$(INSTALL) -m 644 editors/emacs/rbd-mode.el $(DESTDIR)$(DATADIR)/emacs/site-lisp/rbd-mode.el
	$(INSTALL) -m 644 completions/rbdc.bash $(DESTDIR)$(DATADIR)/bash-completion/completions/rbdc
	$(INSTALL) -m 644 completions/_rbdc $(DESTDIR)$(DATADIR)/zsh/site-functions/_rbdc
	for f in package.json extension.js language-configuration.json syntaxes/rbd.tmLanguage.json; do \
		$(INSTALL) -m 644 editors/vscode/$$f $(DESTDIR)$(DATADIR)/rbdc/vscode/$$f || exit 1; done

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rmdir $(DESTDIR)$(DATADIR)/rbdc/vscode/syntaxes $(DESTDIR)$(DATADIR)/rbdc/vscode $(DESTDIR)$(DATADIR)/rbdc 2>/dev/null || true

# libFuzzer targets (clang): the whole pipeline, and the scanner+parser alone. FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all
.PHONY: fuzz fuzz-build
fuzz-build:
	@$(MAKE) --no-print-directory B=$(B)/fuzz CC=clang CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" $(B)/fuzz/librbdc.a
	clang -I$(B)/fuzz/gen $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $(B)/fuzz/fuzz_compile tests/fuzz/fuzz_compile.c $(B)/fuzz/librbdc.a $(LDLIBS)
	clang -I$(B)/fuzz/gen $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $(B)/fuzz/fuzz_parse tests/fuzz/fuzz_parse.c $(B)/fuzz/librbdc.a $(LDLIBS)

fuzz: fuzz-build
	@mkdir -p $(B)/fuzz/work-compile $(B)/fuzz/work-parse
	$(B)/fuzz/fuzz_compile -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -dict=tests/fuzz/rbd.dict -artifact_prefix=$(B)/fuzz/ $(B)/fuzz/work-compile tests/fuzz/corpus tests/fuzz/crashers
	$(B)/fuzz/fuzz_parse -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -dict=tests/fuzz/rbd.dict -artifact_prefix=$(B)/fuzz/ $(B)/fuzz/work-parse tests/fuzz/corpus tests/fuzz/crashers
