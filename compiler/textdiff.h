/* textdiff.h: a line-based unified diff, for `rbdc diff` (drift between a program and a committed directory). */
#ifndef RBDC_TEXTDIFF_H
#define RBDC_TEXTDIFF_H

#include <stddef.h>
#include <stdio.h>

/** textdiff_unified - print a unified diff (3 lines of context) of @old against @new to @out; 0 when equal, 1 when not */
int textdiff_unified(FILE *out, const char *old_name, const char *old, size_t old_len, const char *new_name, const char *new,
		     size_t new_len);

#endif
