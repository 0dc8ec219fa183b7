/* fmt.h: the printer behind `rbdc fmt`: one source, parsed alone, back to text in the one canonical layout. */
#ifndef RBDC_FMT_H
#define RBDC_FMT_H

#include "rbdc.h"

/** fmt_source - parse @len bytes of @text named @name (alone: no stdlib, no checks) and append the canonical text of
    the program, comments included, to @out; -1 with the syntax errors queued when it does not parse (then @out is
    left as it was) */
int fmt_source(struct rbdc_ctx *ctx, const char *name, const char *text, size_t len, struct textbuf *out);

#endif
