/* stdlib_text.h: the stdlib .rbd sources, embedded at build time by stdlib/embed.sh. */
#ifndef RBDC_STDLIB_TEXT_H
#define RBDC_STDLIB_TEXT_H

struct stdlib_file {
	const char *name;
	const char *text;
};

extern const struct stdlib_file stdlib_files[];
extern const unsigned stdlib_file_count;

#endif
