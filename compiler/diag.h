/* diag.h: queued diagnostics (errors, warnings, notes) and their gcc-style rendering. */
#ifndef RBDC_DIAG_H
#define RBDC_DIAG_H

#include <stdio.h>

#include "rbdc.h"

enum diag_severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

enum diag_code {
#define DIAG_CODE(code, sev, title, text) DIAG_##code,
#include "diag_codes.def"
#undef DIAG_CODE
	DIAG_CODE_COUNT
};

struct diag_code_info {
	const char *name; /* "E013" */
	enum diag_severity severity;
	const char *title;
	const char *explanation;
};

struct diag_note {
	bool has_loc;
	struct rbd_loc loc;
	const char *msg; /* owned by the ctx arena */
	struct diag_note *next;
};

struct diag {
	enum diag_severity severity;
	enum diag_code code;
	struct rbd_loc loc;
	const char *msg; /* owned by the ctx arena */
	struct diag_note *notes, *notes_tail;
	struct diag *next;
	size_t seq; /* report order, the tie-break of the source-order sort */
	const char *environment; /* the environment it is about ([env NAME]); NULL: the base program */
};

const struct diag_code_info *diag_code_info(enum diag_code code);
/** diag_code_lookup - the code named @name ("E013", case-insensitive), or -1 */
int diag_code_lookup(const char *name);

/** diag_report - queue a diagnostic of @code's severity; returns -1 so checks can `return diag_report(...)` */
int diag_report(struct rbdc_ctx *ctx, enum diag_code code, struct rbd_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/** diag_note - attach a note to the last diagnostic queued (ignored when that one was dropped) */
void diag_note(struct rbdc_ctx *ctx, const struct rbd_loc *loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** diag_mask - @loc holds a secret: no excerpt shows its bytes and no message or note (text, JSON, SARIF) quotes
    them, past the first character of the value */
void diag_mask(struct rbdc_ctx *ctx, struct rbd_loc loc);
/** diag_mask_text - diag_mask, and @text (@len bytes, the value with its escapes decoded) is hidden in messages too */
void diag_mask_text(struct rbdc_ctx *ctx, struct rbd_loc loc, const char *text, size_t len);

/** diag_read_allows - read the `# rbdc: allow CODE` comments of source @file (after parsing it): from then on, a
    warning CODE reported on the line an allow applies to is dropped; a bad allow is a warning (W060, W061, W063) */
void diag_read_allows(struct rbdc_ctx *ctx, uint32_t file);
/** diag_check_allows - once every check ran: drop the warnings allowed on a line their notes point at, then (on a
    program without errors) W062 for each allow that silenced nothing */
void diag_check_allows(struct rbdc_ctx *ctx);

/** diag_set_environment - diagnostics from now on are about environment @name (NULL: the base program); one that
    the base program already got, same code, place and message, is not reported again */
void diag_set_environment(struct rbdc_ctx *ctx, const char *name);

/** diag_has_errors - true when the compilation must not produce output (warnings count with -Werror) */
bool diag_has_errors(const struct rbdc_ctx *ctx);
/** diag_limit_reached - true once --max-errors errors are queued; later stages stop early */
bool diag_limit_reached(const struct rbdc_ctx *ctx);

/** diag_render - print every queued diagnostic in source order, gcc style, to @out */
void diag_render(struct rbdc_ctx *ctx, FILE *out);

/** diag_render_json - one JSON object per line per diagnostic (file, line, column, end, severity, code, message, notes) */
void diag_render_json(struct rbdc_ctx *ctx, FILE *out);
/** diag_sarif_begin/diag_render_sarif/diag_sarif_end - one SARIF 2.1.0 log spanning several compilations */
void diag_sarif_begin(FILE *out);
void diag_render_sarif(struct rbdc_ctx *ctx, FILE *out, bool *first_result);
void diag_sarif_end(FILE *out);

#endif
