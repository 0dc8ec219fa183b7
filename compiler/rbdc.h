/* rbdc.h: the one cross-stage header: compilation context, source locations and the pipeline entry point. */
#ifndef RBDC_H
#define RBDC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "strmap.h"

#define RBDC_VERSION "0.1.0"

/* A byte range in one source: start inclusive, end exclusive; line and column are computed only when reporting. */
struct rbd_loc {
	uint32_t file;
	uint32_t start, end;
};

/* A `#` comment, kept by the scanner beside the token stream (the parser never sees it) for `rbdc fmt` and for
   `# rbdc: allow` directives. */
struct rbd_comment {
	struct rbd_loc loc; /* from '#' to the end of its line, the line end excluded */
	bool own_line;      /* nothing but blanks before it on its line */
};

struct source {
	const char *name; /* owned by the ctx arena: the name diagnostics print */
	const char *text; /* owned by the ctx arena: the whole input, NUL-terminated */
	uint32_t len;
	uint32_t *line_starts; /* owned by the ctx arena: offset of each line's first byte */
	uint32_t n_lines;
	bool is_stdlib;
	struct rbd_comment *comments; /* owned by the ctx arena: every comment, in source order (set by parse_source) */
	uint32_t n_comments;
};

enum diag_color { COLOR_NEVER, COLOR_ALWAYS };

struct rbdc_options {
	const char *namespace_override; /* not owned: argv; `-n NAME` */
	int max_errors;                 /* stop reporting after this many errors */
	bool warnings_are_errors;
	enum diag_color color;
	const bool *warning_off; /* not owned: indexed by enum diag_code, true for each -Wno-CODE; NULL: none */
};

struct diag;

struct diag_queue {
	struct diag *head, *tail; /* owned by the ctx arena, in the order reported */
	struct diag *last;        /* where diag_note attaches; NULL after a dropped diagnostic */
	struct diag_mask *masks;  /* source spans holding secrets, hidden in every excerpt */
	struct diag_allow *allows; /* owned by the ctx arena: `# rbdc: allow` codes, sorted by file and line */
	size_t n_allows;
	size_t n_errors, n_warnings, n_dropped;
	const char *environment;  /* not owned: the environment being compiled, stamped on each diagnostic; NULL: the base */
	struct strmap *base_seen; /* the base's diagnostics, which an environment that inherits them does not repeat */
};

struct rbdc_ctx {
	struct arena arena;
	struct strmap strings; /* interned identifiers and literals */
	struct source **sources;
	uint32_t n_sources, cap_sources;
	struct diag_queue diags;
	struct rbdc_options opts;
};

/** rbdc_ctx_init - a fresh compilation with default options */
void rbdc_ctx_init(struct rbdc_ctx *ctx);
/** rbdc_ctx_fini - free everything the compilation allocated */
void rbdc_ctx_fini(struct rbdc_ctx *ctx);

/** source_add - copy @len bytes named @name into the ctx; returns the file index used in rbd_loc */
uint32_t source_add(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, bool is_stdlib);
/** line_starts_fill - the offset of each line's first byte of @text (@len bytes; lines end at '\n') into @starts,
    when not NULL; returns how many lines there are (at least one), so a caller counts first and then fills */
uint32_t line_starts_fill(const char *text, size_t len, uint32_t *starts);
/** line_index - the 0-based line of @offset, given the @n line starts of its text */
uint32_t line_index(const uint32_t *starts, uint32_t n, uint32_t offset);
/** source_position - 1-based line and byte column of @offset in @src */
void source_position(const struct source *src, uint32_t offset, uint32_t *line, uint32_t *col);

#endif
