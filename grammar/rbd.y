/* rbd.y: bison grammar: tokens → syntax tree; only the shape of statements and blocks, with error recovery. */
%require "3.8"
%define api.pure full
%define api.prefix {rbd_yy}
%define api.token.prefix {T_}
%define api.location.type {struct rbd_loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {void *scanner}
%parse-param {struct parse_ctx *pc}

%code requires {
#include "ast.h"
#include "parse.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                     \
	do {                                                            \
		if (N) {                                                \
			(Cur).file = YYRHSLOC(Rhs, 1).file;             \
			(Cur).start = YYRHSLOC(Rhs, 1).start;           \
			(Cur).end = YYRHSLOC(Rhs, N).end;               \
		} else {                                                \
			(Cur).file = YYRHSLOC(Rhs, 0).file;             \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; \
		}                                                       \
	} while (0)
}

%code provides {
#define YYSTYPE RBD_YYSTYPE
#define YYLTYPE RBD_YYLTYPE
int rbd_yylex(RBD_YYSTYPE *yylval, RBD_YYLTYPE *yylloc, void *scanner);
}

%code {
#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "diag.h"

/* Past STATEMENT_MAX_ARGS a list is not kept: one runaway statement must not cost memory in every later stage. */
static void append_arg(struct parse_ctx *pc, struct ast_arg_list *list, struct ast_arg *arg)
{
	if (list->n < STATEMENT_MAX_ARGS) {
		ast_arg_append(list, arg);
		return;
	}
	if (list->n++ == STATEMENT_MAX_ARGS) {
		diag_report(pc->ctx, DIAG_E023, arg->loc, "a statement takes at most %d arguments", STATEMENT_MAX_ARGS);
		diag_note(pc->ctx, NULL, "split the list over several statements or declarations");
		pc->n_syntax_errors++;
	}
}

static void mismatched(struct parse_ctx *pc, const RBD_YYLTYPE *close, const RBD_YYLTYPE *open, char opened)
{
	char closer = opened == '{' ? '}' : '>', wrong = opened == '{' ? '>' : '}';
	pc->n_syntax_errors++;
	diag_report(pc->ctx, DIAG_E001, *close, "'%c' closes a block opened with '%c'", wrong, opened);
	diag_note(pc->ctx, open, "the block opened here; close it with '%c'", closer);
}

static void rbd_yyerror(RBD_YYLTYPE *loc, void *scanner, struct parse_ctx *pc, const char *msg)
{
	(void)scanner;
	pc->n_syntax_errors++;
	diag_report(pc->ctx, DIAG_E001, *loc, "%s", msg);
}
}

%union {
	struct { const char *s; uint32_t len; } text;
	struct ast_arg *arg;
	struct ast_arg_list args;
	struct ast_stmt *stmt;
	struct ast_stmt_list stmts;
}

%token <text> WORD "word" STRING "string" PATH "path"
%token NL "newline"
%token INVALID "invalid character"

%type <arg> arg
%type <args> args arg_list
%type <stmt> simple_stmt block_stmt
%type <stmts> body items

%%

program
	: body                  { pc->root = $1.first; }
	;

/* Statements end at ';' or a newline; a block's close also ends its statement, and the last one needs no separator. */
body
	: items
	| items simple_stmt     { $$ = $1; ast_stmt_append(&$$, $2); }
	| items error           { $$ = $1; yyerrok; }
	;

items
	: %empty                { $$.first = $$.last = NULL; }
	| items sep             { $$ = $1; }
	| items simple_stmt sep { $$ = $1; ast_stmt_append(&$$, $2); }
	| items block_stmt      { $$ = $1; ast_stmt_append(&$$, $2); }
	| items error sep       { $$ = $1; yyerrok; }
	;

sep
	: ';'
	| NL
	;

simple_stmt
	: WORD args             { $$ = ast_new_stmt(pc->ctx, @$, $1.s, @1, $2); }
	;

block_stmt
	: WORD args '{' body '}' { $$ = ast_new_stmt(pc->ctx, @$, $1.s, @1, $2); $$->has_block = true; $$->block_loc = @3; $$->body = $4.first; }
	| WORD args '<' body '>' { $$ = ast_new_stmt(pc->ctx, @$, $1.s, @1, $2); $$->has_block = true; $$->block_loc = @3; $$->body = $4.first; }
	/* The wrong closer is reported once, and the block is kept as if closed right. */
	| WORD args '{' body '>' { mismatched(pc, &@5, &@3, '{'); $$ = ast_new_stmt(pc->ctx, @$, $1.s, @1, $2); $$->has_block = true; $$->block_loc = @3; $$->body = $4.first; }
	| WORD args '<' body '}' { mismatched(pc, &@5, &@3, '<'); $$ = ast_new_stmt(pc->ctx, @$, $1.s, @1, $2); $$->has_block = true; $$->block_loc = @3; $$->body = $4.first; }
	;

args
	: %empty                { $$.first = $$.last = NULL; $$.n = 0; }
	| arg_list
	;

/* A comma separates two arguments; it cannot lead the list. */
arg_list
	: arg                       { $$.first = $$.last = NULL; $$.n = 0; ast_arg_append(&$$, $1); }
	| arg_list arg              { $$ = $1; append_arg(pc, &$$, $2); }
	| arg_list ',' newlines arg { $$ = $1; $4->after_comma = true; append_arg(pc, &$$, $4); }
	;

newlines
	: %empty
	| newlines NL
	;

arg
	: WORD                  { $$ = ast_new_arg(pc->ctx, @$, ARG_WORD, $1.s, $1.len); }
	| STRING                { $$ = ast_new_arg(pc->ctx, @$, ARG_STRING, $1.s, $1.len); }
	| PATH                  { $$ = ast_new_arg(pc->ctx, @$, ARG_PATH, $1.s, $1.len); }
	;

%%

static const char *token_name(yysymbol_kind_t sym)
{
	switch (sym) {
	case YYSYMBOL_YYEOF: return "end of file";
	case YYSYMBOL_NL: return "newline";
	default: return yysymbol_name(sym);
	}
}

/* "unexpected X, expected Y or Z", plus where the unclosed block began when the file ends inside one. */
static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, struct parse_ctx *pc)
{
	(void)scanner;
	yysymbol_kind_t got = yypcontext_token(yyctx);
	const RBD_YYLTYPE *loc = yypcontext_location(yyctx);
	pc->n_syntax_errors++;
	if (got == YYSYMBOL_INVALID)
		return 0; /* the scanner already said what is wrong with this character */

	enum { MAX_EXPECTED = 6 };
	yysymbol_kind_t expected[MAX_EXPECTED];
	int n = yypcontext_expected_tokens(yyctx, expected, MAX_EXPECTED);
	/* A wrong closer is accepted only to report it well: do not suggest it. */
	const struct lex_ctx *open_ctx = pc->lex;
	if (open_ctx->depth > 0 && open_ctx->depth <= PARSE_MAX_DEPTH) {
		char opened = open_ctx->source[open_ctx->open[open_ctx->depth - 1].start];
		const char *wrong = opened == '{' ? "'>'" : "'}'";
		int kept = 0;
		for (int i = 0; i < n; i++)
			if (strcmp(yysymbol_name(expected[i]), wrong) != 0)
				expected[kept++] = expected[i];
		n = kept;
	}
	char msg[256];
	int len = snprintf(msg, sizeof msg, "unexpected %s", token_name(got));
	const char *got_name = yysymbol_name(got);
	if (strcmp(got_name, "','") == 0) {
		diag_report(pc->ctx, DIAG_E001, *loc, "unexpected ','; a comma goes between two arguments");
		return 0;
	}
	if (pc->lex->comma_before && got != YYSYMBOL_WORD && got != YYSYMBOL_STRING && got != YYSYMBOL_PATH) {
		diag_report(pc->ctx, DIAG_E001, pc->lex->comma, "this list ends with ','; remove it or add the missing item");
		return 0;
	}
	if ((strcmp(got_name, "'}'") == 0 || strcmp(got_name, "'>'") == 0) && pc->lex->stray_close) {
		diag_report(pc->ctx, DIAG_E001, *loc, "%s closes no block; is the '%c' that opens it missing?", got_name,
			    got_name[1] == '}' ? '{' : '<');
		diag_note(pc->ctx, NULL, "a block opens on the line of its statement: app NAME {");
		return 0;
	}
	for (int i = 0; i < n && len > 0 && (size_t)len < sizeof msg; i++)
		len += snprintf(msg + len, sizeof msg - (size_t)len, "%s%s", i == 0 ? ", expected " : i == n - 1 ? " or " : ", ",
				token_name(expected[i]));
	diag_report(pc->ctx, DIAG_E001, *loc, "%s", msg);

	const struct lex_ctx *lex = pc->lex;
	if (got == YYSYMBOL_YYEOF && lex->depth > 0 && lex->depth <= PARSE_MAX_DEPTH)
		diag_note(pc->ctx, &lex->open[lex->depth - 1], "the block opened here is not closed");
	return 0;
}
