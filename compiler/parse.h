/* parse.h: runs the flex scanner and bison parser over one source and returns its syntax tree. */
#ifndef RBDC_PARSE_H
#define RBDC_PARSE_H

#include "ast.h"

enum { PARSE_MAX_DEPTH = 32, PARSE_MAX_STRING = 64 * 1024 };

/* Scanner state, reached through yyextra; the scanner takes nothing else from the parser. */
struct lex_ctx {
	struct rbdc_ctx *ctx; /* not owned */
	uint32_t file;
	const char *source;                     /* not owned: the source text, to see which bracket opened a block */
	bool stdlib;            /* the embedded stdlib: its literals are not scanned for secrets (see mask_token) */
	uint32_t off;                           /* byte offset of the next token */
	struct rbd_loc open[PARSE_MAX_DEPTH];   /* innermost open brackets, for "block opened here" */
	uint32_t depth;
	bool comma_open;        /* the last significant token was ',' */
	bool comma_before;      /* ... as seen before the current token: a list that ends in ',' */
	struct rbd_loc comma;   /* where that ',' is */
	struct rbd_loc comma_loc_pending;
	bool stray_close;       /* the last '}' or '>' came with no block open */
	char *strbuf; /* owned: scratch for unescaping strings, freed by parse_source */
	size_t strcap;
	struct rbd_comment *comments; /* owned by the ctx arena: the comments so far; parse_source gives them to the source */
	uint32_t n_comments, cap_comments;
};

/* Parser state: the single %parse-param. */
struct parse_ctx {
	struct rbdc_ctx *ctx;   /* not owned */
	struct lex_ctx *lex;    /* not owned: lives on parse_source's stack */
	struct ast_stmt *root;  /* the program's statements */
	uint32_t n_syntax_errors;
};

/** parse_source - parse source @file of @ctx; syntax errors are queued; returns the statements (possibly partial) */
struct ast_stmt *parse_source(struct rbdc_ctx *ctx, uint32_t file, uint32_t *n_syntax_errors);

#endif
