/* textdiff.c: Myers' O(ND) shortest edit script over lines, printed as unified diff hunks. */
#include "textdiff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct line {
	const char *text;
	size_t len;
};

struct lines {
	struct line *v;
	size_t n;
};

static struct lines split_lines(const char *s, size_t len)
{
	struct lines l = {NULL, 0};
	size_t cap = 16;
	l.v = xmalloc(cap * sizeof *l.v);
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && s[j] != '\n')
			j++;
		if (l.n == cap) {
			cap *= 2;
			l.v = xrealloc(l.v, cap * sizeof *l.v);
		}
		l.v[l.n].text = s + i;
		l.v[l.n].len = j - i + (j < len); /* keep the newline, so a missing final newline shows */
		l.n++;
		i = j + 1;
	}
	return l;
}

static int same(const struct line *a, const struct line *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

enum op { KEEP, DEL, ADD };

/* Myers' greedy algorithm with the full trace kept for backtracking; outputs are small, so O(D^2) memory is fine. */
static size_t edit_script(const struct lines *a, const struct lines *b, enum op **ops_out)
{
	ptrdiff_t n = (ptrdiff_t)a->n, m = (ptrdiff_t)b->n, max = n + m, off = max + 1;
	size_t width = (size_t)(2 * max + 3);
	ptrdiff_t *v = xcalloc(width, sizeof *v);
	ptrdiff_t **trace = xcalloc((size_t)max + 2, sizeof *trace);
	ptrdiff_t d_end = 0;
	for (ptrdiff_t d = 0; d <= max; d++) {
		trace[d] = xmalloc(width * sizeof *v);
		memcpy(trace[d], v, width * sizeof *v);
		bool done = false;
		for (ptrdiff_t k = -d; k <= d; k += 2) {
			ptrdiff_t x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
			ptrdiff_t y = x - k;
			while (x < n && y < m && same(&a->v[x], &b->v[y])) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= n && y >= m) {
				done = true;
				break;
			}
		}
		if (done) {
			d_end = d;
			break;
		}
	}
	/* Walk back from (n, m) to (0, 0), collecting operations in reverse. */
	size_t cap = (size_t)(n + m) + 1, count = 0;
	enum op *rev = xmalloc(cap * sizeof *rev);
	ptrdiff_t x = n, y = m;
	for (ptrdiff_t d = d_end; d > 0; d--) {
		const ptrdiff_t *pv = trace[d];
		ptrdiff_t k = x - y;
		ptrdiff_t prev_k = (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1])) ? k + 1 : k - 1;
		ptrdiff_t prev_x = pv[off + prev_k], prev_y = prev_x - prev_k;
		while (x > prev_x && y > prev_y) {
			rev[count++] = KEEP;
			x--;
			y--;
		}
		rev[count++] = x == prev_x ? ADD : DEL;
		x = prev_x;
		y = prev_y;
	}
	while (x > 0 && y > 0) {
		rev[count++] = KEEP;
		x--;
		y--;
	}
	enum op *ops = xmalloc((count ? count : 1) * sizeof *ops);
	for (size_t i = 0; i < count; i++)
		ops[i] = rev[count - 1 - i];
	free(rev);
	for (ptrdiff_t d = 0; d <= d_end; d++)
		free(trace[d]);
	free(trace);
	free(v);
	*ops_out = ops;
	return count;
}

static void put_line(FILE *out, char mark, const struct line *l)
{
	fputc(mark, out);
	fwrite(l->text, 1, l->len, out);
	if (!l->len || l->text[l->len - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", out);
}

int textdiff_unified(FILE *out, const char *old_name, const char *old, size_t old_len, const char *new_name, const char *new,
		     size_t new_len)
{
	if (old_len == new_len && memcmp(old, new, old_len) == 0)
		return 0;
	struct lines a = split_lines(old, old_len), b = split_lines(new, new_len);
	enum { MAX_LINES = 20000 };
	if (a.n + b.n > MAX_LINES) {
		/* The edit script's trace grows with the square of the difference: past this, just say so. */
		fprintf(out, "Files %s and %s differ\n", old_name, new_name);
		free(a.v);
		free(b.v);
		return 1;
	}
	enum op *ops;
	size_t n = edit_script(&a, &b, &ops);
	fprintf(out, "--- %s\n+++ %s\n", old_name, new_name);
	enum { CONTEXT = 3 };
	size_t i = 0, ai = 0, bi = 0;
	while (i < n) {
		if (ops[i] == KEEP) {
			i++;
			ai++;
			bi++;
			continue;
		}
		/* A hunk: back up to CONTEXT kept lines, run until CONTEXT*2 kept lines in a row or the end. */
		size_t back = 0;
		while (back < CONTEXT && back < i && ops[i - back - 1] == KEEP)
			back++;
		size_t start = i - back, end = i, keeps = 0;
		while (end < n) {
			keeps = ops[end] == KEEP ? keeps + 1 : 0;
			if (keeps > 2 * CONTEXT)
				break;
			end++;
		}
		if (keeps > 2 * CONTEXT)
			end -= keeps - CONTEXT;
		else
			while (end > start && ops[end - 1] == KEEP && keeps > CONTEXT) {
				end--;
				keeps--;
			}
		size_t a0 = ai - back, b0 = bi - back, alen = 0, blen = 0;
		for (size_t j = start; j < end; j++) {
			alen += ops[j] != ADD;
			blen += ops[j] != DEL;
		}
		fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", alen ? a0 + 1 : a0, alen, blen ? b0 + 1 : b0, blen);
		size_t x = a0, y = b0;
		for (size_t j = start; j < end; j++) {
			if (ops[j] == KEEP) {
				put_line(out, ' ', &a.v[x++]);
				y++;
			} else if (ops[j] == DEL) {
				put_line(out, '-', &a.v[x++]);
			} else {
				put_line(out, '+', &b.v[y++]);
			}
		}
		ai = x;
		bi = y;
		i = end;
	}
	free(ops);
	free(a.v);
	free(b.v);
	return 1;
}
