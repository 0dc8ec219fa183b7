/* diag.c: diagnostic queue and the gcc-style renderer (location, message [CODE], source line, caret and tildes). */
#include "diag.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "secrets.h"

static const struct diag_code_info code_table[DIAG_CODE_COUNT] = {
#define DIAG_CODE(code, sev, title, text) [DIAG_##code] = {#code, SEV_##sev, title, text},
#include "diag_codes.def"
#undef DIAG_CODE
};

const struct diag_code_info *diag_code_info(enum diag_code code)
{
	return &code_table[code];
}

int diag_code_lookup(const char *name)
{
	for (int i = 0; i < DIAG_CODE_COUNT; i++)
		if (strcasecmp(code_table[i].name, name) == 0)
			return i;
	return -1;
}

bool diag_has_errors(const struct rbdc_ctx *ctx)
{
	return ctx->diags.n_errors > 0 || (ctx->opts.warnings_are_errors && ctx->diags.n_warnings > 0);
}

bool diag_limit_reached(const struct rbdc_ctx *ctx)
{
	return ctx->opts.max_errors > 0 && ctx->diags.n_errors >= (size_t)ctx->opts.max_errors;
}

struct diag_allow {
	uint32_t file, line;   /* the line whose warning @code it silences; line 0: none (the comment ends the file) */
	enum diag_code code;
	struct rbd_loc at;     /* the code as written in the comment */
	bool used;
};

/* The warnings about `# rbdc:` comments themselves: fixed in the comment, so no comment silences them. */
static bool about_allows(enum diag_code code)
{
	return code == DIAG_W060 || code == DIAG_W061 || code == DIAG_W062 || code == DIAG_W063;
}

/* True when a `# rbdc: allow` on the line of @loc names @code; that allow then counts as used. */
static bool allowed_here(struct rbdc_ctx *ctx, enum diag_code code, struct rbd_loc loc)
{
	struct diag_queue *q = &ctx->diags;
	if (!q->n_allows || about_allows(code) || loc.file >= ctx->n_sources)
		return false;
	uint32_t line, col;
	source_position(ctx->sources[loc.file], loc.start, &line, &col);
	size_t lo = 0, hi = q->n_allows; /* first entry at or after (file, line) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct diag_allow *a = &q->allows[mid];
		if (a->file < loc.file || (a->file == loc.file && a->line < line))
			lo = mid + 1;
		else
			hi = mid;
	}
	bool found = false;
	for (size_t i = lo; i < q->n_allows && q->allows[i].file == loc.file && q->allows[i].line == line; i++)
		if (q->allows[i].code == code) {
			q->allows[i].used = true;
			found = true;
		}
	return found;
}

/* What makes two diagnostics the same one, when the base and an environment both get it. */
static const char *diag_fingerprint(struct rbdc_ctx *ctx, enum diag_code code, struct rbd_loc loc, const char *msg, size_t *len)
{
	const char *key = arena_printf(&ctx->arena, "%d:%u:%u:%u:%s", (int)code, loc.file, loc.start, loc.end, msg);
	*len = strlen(key);
	return key;
}

void diag_set_environment(struct rbdc_ctx *ctx, const char *name)
{
	struct diag_queue *q = &ctx->diags;
	if (name && !q->base_seen) {
		q->base_seen = arena_alloc(&ctx->arena, sizeof *q->base_seen);
		strmap_init(q->base_seen, &ctx->arena);
		for (const struct diag *d = q->head; d; d = d->next) {
			size_t len;
			const char *key = diag_fingerprint(ctx, d->code, d->loc, d->msg, &len);
			strmap_put_new(q->base_seen, key, len, (void *)d);
		}
	}
	q->environment = name;
}

int diag_report(struct rbdc_ctx *ctx, enum diag_code code, struct rbd_loc loc, const char *fmt, ...)
{
	struct diag_queue *q = &ctx->diags;
	enum diag_severity sev = code_table[code].severity;
	bool past_limit = sev == SEV_ERROR && diag_limit_reached(ctx);
	const char *msg = NULL;
	if (!past_limit || q->environment) {
		va_list ap;
		va_start(ap, fmt);
		msg = arena_vprintf(&ctx->arena, fmt, ap);
		va_end(ap);
	}
	if (q->environment && q->base_seen) {
		size_t key_len;
		const char *key = diag_fingerprint(ctx, code, loc, msg, &key_len);
		if (strmap_get(q->base_seen, key, key_len)) {
			q->last = NULL; /* the base's, already shown: not counted again, and its notes go with it */
			return -1;
		}
	}
	if (past_limit) {
		q->n_dropped++;
		q->last = NULL;
		return -1;
	}
	/* A silenced warning is not queued at all, so no output format shows it and -Werror does not count it. The
	   line's allow is asked first, so an allow of a warning also turned off by -Wno-CODE is not reported stale. */
	if (sev == SEV_WARNING && (allowed_here(ctx, code, loc) || (ctx->opts.warning_off && ctx->opts.warning_off[code]))) {
		q->last = NULL;
		return -1;
	}
	struct diag *d = arena_alloc(&ctx->arena, sizeof *d);
	d->severity = sev;
	d->code = code;
	d->seq = q->n_errors + q->n_warnings;
	d->loc = loc;
	d->msg = msg;
	d->environment = q->environment;
	if (q->tail)
		q->tail->next = d;
	else
		q->head = d;
	q->tail = d;
	q->last = d;
	if (sev == SEV_ERROR)
		q->n_errors++;
	else
		q->n_warnings++;
	return -1;
}

void diag_note(struct rbdc_ctx *ctx, const struct rbd_loc *loc, const char *fmt, ...)
{
	struct diag *d = ctx->diags.last;
	if (!d)
		return;
	struct diag_note *n = arena_alloc(&ctx->arena, sizeof *n);
	if (loc) {
		n->has_loc = true;
		n->loc = *loc;
	}
	va_list ap;
	va_start(ap, fmt);
	n->msg = arena_vprintf(&ctx->arena, fmt, ap);
	va_end(ap);
	if (d->notes_tail)
		d->notes_tail->next = n;
	else
		d->notes = n;
	d->notes_tail = n;
}

/* ---- `# rbdc: allow CODE` comments ---- */

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The line of the first statement byte after @from (blanks, line ends and whole comments skipped); 0 when none. */
static uint32_t next_code_line(const struct source *src, uint32_t from)
{
	uint32_t i = from;
	while (i < src->len) {
		char c = src->text[i];
		if (blank(c) || c == '\n') {
			i++;
		} else if (c == '#') {
			while (i < src->len && src->text[i] != '\n')
				i++;
		} else {
			uint32_t line, col;
			source_position(src, i, &line, &col);
			return line;
		}
	}
	return 0;
}

static int compare_allows(const void *a, const void *b)
{
	const struct diag_allow *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->at.start < y->at.start ? -1 : x->at.start > y->at.start;
}

/* Reads one `# rbdc: ...` comment; each code it allows is appended to @list (malloc'd, grown as needed). */
static void read_directive(struct rbdc_ctx *ctx, uint32_t file, const struct rbd_comment *c, struct diag_allow **list,
			   size_t *n, size_t *cap)
{
	const struct source *src = ctx->sources[file];
	const char *t = src->text;
	uint32_t i = c->loc.start + 1, end = c->loc.end;
	while (i < end && blank(t[i]))
		i++;
	if (end - i < 5 || memcmp(t + i, "rbdc:", 5) != 0)
		return; /* a comment for people */
	i += 5;
	while (i < end && blank(t[i]))
		i++;
	uint32_t w = i;
	while (i < end && !blank(t[i]))
		i++;
	struct rbd_loc word = {file, w, i};
	if (i - w != 5 || memcmp(t + w, "allow", 5) != 0) {
		diag_report(ctx, DIAG_W063, i > w ? word : c->loc, "'# rbdc:' is followed by '%.*s', not by 'allow'", (int)(i - w), t + w);
		diag_note(ctx, NULL, "write '# rbdc: allow CODE' to silence warning CODE on this line, or drop 'rbdc:' from a comment meant for people");
		return;
	}
	uint32_t line = 0, col;
	if (c->own_line)
		line = next_code_line(src, c->loc.end);
	else
		source_position(src, c->loc.start, &line, &col);
	size_t codes = 0;
	for (;;) {
		while (i < end && (blank(t[i]) || t[i] == ','))
			i++;
		if (i == end)
			break;
		uint32_t from = i;
		while (i < end && !blank(t[i]) && t[i] != ',')
			i++;
		struct rbd_loc at = {file, from, i};
		int len = (int)(i - from);
		if (len == 2 && memcmp(t + from, "--", 2) == 0)
			break; /* the reason */
		char name[16];
		int code = -1;
		if (len < (int)sizeof name) {
			memcpy(name, t + from, (size_t)len);
			name[len] = '\0';
			code = diag_code_lookup(name);
		}
		bool code_shaped = len >= 2 && (t[from] == 'W' || t[from] == 'E' || t[from] == 'w' || t[from] == 'e') &&
				   strspn(t + from + 1, "0123456789") >= (size_t)len - 1;
		codes++;
		if (code < 0 && code_shaped) {
			diag_report(ctx, DIAG_W060, at, "'%.*s' is not a diagnostic code", len, t + from);
			diag_note(ctx, NULL, "write the code as rbdc prints it in brackets, like W002; 'rbdc explain CODE' shows what one means");
			continue;
		}
		if (code < 0) {
			diag_report(ctx, DIAG_W063, at, "'%.*s' in an allow comment is not a diagnostic code", len, t + from);
			diag_note(ctx, NULL, "a reason goes after '--': # rbdc: allow W002 -- migrations take a lock");
			return;
		}
		if (code_table[code].severity == SEV_ERROR || about_allows((enum diag_code)code)) {
			diag_report(ctx, DIAG_W061, at, "'%s' cannot be allowed: %s", code_table[code].name,
				    code_table[code].severity == SEV_ERROR ? "it is an error, not a warning"
									   : "it is about an allow comment itself");
			diag_note(ctx, NULL, "%s", code_table[code].severity == SEV_ERROR
							   ? "fix what the error points at ('rbdc explain' says how); only warnings can be allowed"
							   : "fix the comment, or turn the warning off for the run with -Wno-CODE");
			continue;
		}
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*list = xrealloc(*list, *cap * sizeof **list);
		}
		(*list)[(*n)++] = (struct diag_allow){file, line, (enum diag_code)code, at, false};
	}
	if (!codes) {
		diag_report(ctx, DIAG_W063, word, "'# rbdc: allow' names no code");
		diag_note(ctx, NULL, "name the warning to silence on this line: # rbdc: allow W002");
	}
}

void diag_read_allows(struct rbdc_ctx *ctx, uint32_t file)
{
	const struct source *src = ctx->sources[file];
	struct diag_allow *list = NULL;
	size_t n = 0, cap = 0;
	for (uint32_t i = 0; i < src->n_comments; i++)
		read_directive(ctx, file, &src->comments[i], &list, &n, &cap);
	if (!n)
		return;
	struct diag_queue *q = &ctx->diags;
	struct diag_allow *all = arena_alloc_array(&ctx->arena, q->n_allows + n, sizeof *all);
	if (q->n_allows)
		memcpy(all, q->allows, q->n_allows * sizeof *all);
	memcpy(all + q->n_allows, list, n * sizeof *all);
	free(list);
	q->allows = all;
	q->n_allows += n;
	qsort(q->allows, q->n_allows, sizeof *q->allows, compare_allows);
}

/* A warning stays queued when no allow is on its own line; an allow on a line one of its notes points at (the
   `migrate` of a W002 whose replicas come from `defaults`) silences it too, once the notes are known. */
static void drop_allowed_by_notes(struct rbdc_ctx *ctx)
{
	struct diag_queue *q = &ctx->diags;
	struct diag **link = &q->head;
	q->tail = NULL;
	while (*link) {
		struct diag *d = *link;
		bool allowed = false;
		for (const struct diag_note *n = d->notes; n && d->severity == SEV_WARNING; n = n->next)
			if (n->has_loc && allowed_here(ctx, d->code, n->loc))
				allowed = true;
		if (allowed) {
			*link = d->next;
			q->n_warnings--;
			continue;
		}
		q->tail = d;
		link = &d->next;
	}
	q->last = NULL;
}

void diag_check_allows(struct rbdc_ctx *ctx)
{
	struct diag_queue *q = &ctx->diags;
	if (q->n_allows)
		drop_allowed_by_notes(ctx);
	if (q->n_errors)
		return; /* an error can stop the checks that would have given the allowed warning */
	for (size_t i = 0; i < q->n_allows; i++) {
		const struct diag_allow *a = &q->allows[i];
		if (a->used || (ctx->opts.warning_off && ctx->opts.warning_off[a->code]))
			continue; /* turned off for the run: whether it would be given here is unknown */
		if (a->line)
			diag_report(ctx, DIAG_W062, a->at, "no warning %s on line %u to allow", code_table[a->code].name, a->line);
		else
			diag_report(ctx, DIAG_W062, a->at, "this allow comment has no statement after it to apply to");
		diag_note(ctx, NULL, "remove %s from the comment, or move the comment to the line 'rbdc check' reports the warning on",
			  code_table[a->code].name);
	}
}

struct diag_mask {
	struct rbd_loc loc;
	const char *text; /* the value as the program means it (escapes decoded), or NULL: then the source bytes alone */
	uint32_t len;
	struct diag_mask *next;
};

void diag_mask_text(struct rbdc_ctx *ctx, struct rbd_loc loc, const char *text, size_t len)
{
	struct diag_mask *m = arena_alloc(&ctx->arena, sizeof *m);
	m->loc = loc;
	if (text && len <= UINT32_MAX) {
		m->text = arena_strndup(&ctx->arena, text, len);
		m->len = (uint32_t)len;
	}
	m->next = ctx->diags.masks;
	ctx->diags.masks = m;
}

void diag_mask(struct rbdc_ctx *ctx, struct rbd_loc loc)
{
	diag_mask_text(ctx, loc, NULL, 0);
}

/* ---- UTF-8 ---- */

/* Length of the well-formed UTF-8 character at @p (no overlong forms, surrogates or code points past U+10FFFF), or 0
   when the byte there does not start one; its code point goes to @cp. */
static size_t utf8_char(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	unsigned c = *p;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (n == 0 || c > 0xF4 || (size_t)(end - p) < n)
		return 0;
	uint32_t v = c & (0xFFu >> (n + 1));
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3Fu);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/* Code points a terminal acts on rather than shows: C1 controls (0x9B is CSI) and the bidirectional overrides and
   isolates that reorder what the reader sees ("Trojan Source"). */
static bool steers_terminal(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
	       cp == 0x2029;
}

/* True when byte @i of @text[lo, hi) is not inside a well-formed UTF-8 character that starts before it. */
static bool starts_column(const char *text, uint32_t lo, uint32_t i, uint32_t hi)
{
	const unsigned char *t = (const unsigned char *)text;
	for (uint32_t back = 1; back <= 3 && i >= lo + back; back++) {
		uint32_t cp;
		if (utf8_char(t + i - back, t + hi, &cp) > back)
			return false;
	}
	return true;
}

/* Message text goes to a terminal in text mode: every control character and invalid byte shows escaped (\x1b, \n,
   \xe9), and so does every code point that steers the terminal (\u202e). */
static void put_terminal_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	while (p < end) {
		uint32_t cp;
		size_t n = utf8_char(p, end, &cp);
		if (n == 0) {
			fprintf(out, "\\x%02x", *p++);
			continue;
		}
		if (cp == '\n' || cp == '\t' || cp == '\r')
			fprintf(out, "\\%c", cp == '\n' ? 'n' : cp == '\t' ? 't' : 'r');
		else if (cp < 0x20 || cp == 0x7F)
			fprintf(out, "\\x%02x", (unsigned)cp);
		else if (steers_terminal(cp))
			fprintf(out, "\\u%04x", (unsigned)cp);
		else if (n == 1)
			putc(*p, out);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
}

/* ---- masking ---- */

/* A mask shows the first REVEAL character of a secret's value (with the line and column, enough to find it; a
   string's quotes are not part of the value) and nothing else, in excerpts and messages alike: the rest never
   reaches a terminal, a CI log or a SARIF upload. */
enum { REVEAL = 1 };

/* Bytes of the first @chars characters of @s[0, n). */
static size_t prefix_bytes(const char *s, size_t n, size_t chars)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t at = 0;
	while (chars-- && at < n) {
		uint32_t cp;
		size_t k = utf8_char(p + at, end, &cp);
		at += k ? k : 1;
	}
	return at;
}

/* The value bytes of a masked span: a string's quotes are not part of the secret. */
static void mask_value_span(const struct source *src, const struct diag_mask *m, uint32_t *from, uint32_t *to)
{
	uint32_t start = m->loc.start, end = m->loc.end < src->len ? m->loc.end : src->len;
	if (start < end && src->text[start] == '"') {
		start++;
		if (end > start && src->text[end - 1] == '"')
			end--;
	}
	*from = start;
	*to = end > start ? end : start;
}

/* True when byte @i of @src is hidden by one of the masks [from, to) (those of its line). */
static bool masked(const struct source *src, const struct diag_mask *const *from, const struct diag_mask *const *to, uint32_t i)
{
	for (; from < to; from++) {
		const struct diag_mask *m = *from;
		if (i < m->loc.start || i >= m->loc.end)
			continue;
		uint32_t value, value_end;
		mask_value_span(src, m, &value, &value_end);
		if (i >= value + prefix_bytes(src->text + value, value_end - value, REVEAL) && i < value_end)
			return true;
	}
	return false;
}

/* Messages quote what the program wrote (unknown statement 'X', 'X' is not a valid CPU quantity), sometimes changed
   (lower-cased, '_' to '-') or in part. Every masked value is indexed by its GRAM-character pieces, folded the way
   the messages change them, and any message text that matches a piece is hidden; values shorter than GRAM are matched
   whole. The index is a sorted array of the masked text's pieces, at most INDEX_MAX_BYTES of them. */
enum { GRAM = 8, SHORTEST = REVEAL + 1, INDEX_MAX_BYTES = 32 << 20 };

/* A set of 64-bit hashes as a sorted array: lookups cost O(log n) whatever the input, where a hash table fed with
   attacker-chosen text could be driven into long probe chains. */
struct hash_set {
	uint64_t *items;
	size_t n, cap;
};

struct mask_index {
	bool coarse; /* more masked text than INDEX_MAX_BYTES: every long word of every message is hidden instead */
	struct hash_set pieces, firsts, shorts;
	const struct diag_mask **by_start; /* every mask, by file and start: an excerpt looks up its line's masks only */
	size_t n_masks;
};

static unsigned char fold(unsigned char c)
{
	c = (unsigned char)tolower(c);
	return c == '_' || c == '.' ? '-' : c;
}

/* 64-bit FNV-1a of the folded bytes (not ytree's 32-bit one: a chance match would hide innocent text). */
static uint64_t folded_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ fold((unsigned char)s[i])) * 0x100000001b3u;
	return h;
}

static void set_init(struct arena *a, struct hash_set *set, size_t cap)
{
	set->items = arena_alloc_array(a, cap ? cap : 1, sizeof *set->items);
	set->cap = cap;
}

static void set_add(struct hash_set *set, uint64_t h)
{
	if (set->n < set->cap)
		set->items[set->n++] = h;
}

static int compare_hashes(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void set_seal(struct hash_set *set)
{
	qsort(set->items, set->n, sizeof *set->items, compare_hashes);
}

static bool set_has(const struct hash_set *set, uint64_t h)
{
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->items[mid] == h)
			return true;
		if (set->items[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The texts the masks hide: each span's source bytes (without quotes) and its decoded value when that differs, once
   per span (the scanner and a rule may both mask one). */
static void each_masked_text(const struct rbdc_ctx *ctx, const struct mask_index *mi, void (*visit)(void *, const char *, size_t),
			     void *arg)
{
	for (size_t k = 0; k < mi->n_masks; k++) {
		const struct diag_mask *m = mi->by_start[k], *prev = k ? mi->by_start[k - 1] : NULL;
		if (prev && prev->loc.file == m->loc.file && prev->loc.start == m->loc.start && prev->loc.end == m->loc.end &&
		    (!m->text || (prev->text && prev->len == m->len && memcmp(prev->text, m->text, m->len) == 0)))
			continue;
		const struct source *src = ctx->sources[m->loc.file];
		uint32_t from, to;
		mask_value_span(src, m, &from, &to);
		visit(arg, src->text + from, to - from);
		if (m->text && (m->len != to - from || memcmp(m->text, src->text + from, m->len) != 0))
			visit(arg, m->text, m->len);
	}
}

static void count_text(void *arg, const char *s, size_t n)
{
	(void)s;
	size_t *total = arg;
	*total += n;
}

static void index_text(void *arg, const char *s, size_t n)
{
	struct mask_index *mi = arg;
	if (n < SHORTEST)
		return; /* fully shown by the REVEAL rule anyway */
	if (n < GRAM) {
		set_add(&mi->shorts, folded_hash(s, n));
		return;
	}
	set_add(&mi->firsts, folded_hash(s, GRAM));
	for (size_t i = 0; i + GRAM <= n; i++)
		set_add(&mi->pieces, folded_hash(s + i, GRAM));
}

static int compare_masks(const void *a, const void *b)
{
	const struct diag_mask *x = *(const struct diag_mask *const *)a, *y = *(const struct diag_mask *const *)b;
	if (x->loc.file != y->loc.file)
		return x->loc.file < y->loc.file ? -1 : 1;
	if (x->loc.start != y->loc.start)
		return x->loc.start < y->loc.start ? -1 : 1;
	return x->loc.end < y->loc.end ? -1 : x->loc.end > y->loc.end;
}

/* The masks of a line: they start in [start, end) of @file, since a masked token never spans lines. */
static void line_masks(const struct mask_index *mi, uint32_t file, uint32_t start, uint32_t end, const struct diag_mask *const **from,
		       const struct diag_mask *const **to)
{
	size_t lo = 0, hi = mi->n_masks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct diag_mask *m = mi->by_start[mid];
		if (m->loc.file < file || (m->loc.file == file && m->loc.start < start))
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t past = lo;
	while (past < mi->n_masks && mi->by_start[past]->loc.file == file && mi->by_start[past]->loc.start < end)
		past++;
	*from = mi->by_start + lo;
	*to = mi->by_start + past;
}

static void build_mask_index(struct rbdc_ctx *ctx, struct mask_index *mi)
{
	memset(mi, 0, sizeof *mi);
	for (const struct diag_mask *m = ctx->diags.masks; m; m = m->next)
		mi->n_masks++;
	mi->by_start = arena_alloc_array(&ctx->arena, mi->n_masks ? mi->n_masks : 1, sizeof *mi->by_start);
	size_t k = 0;
	for (const struct diag_mask *m = ctx->diags.masks; m; m = m->next)
		mi->by_start[k++] = m;
	qsort(mi->by_start, mi->n_masks, sizeof *mi->by_start, compare_masks);
	size_t total = 0;
	each_masked_text(ctx, mi, count_text, &total);
	if (!total)
		return;
	if (total > INDEX_MAX_BYTES) {
		mi->coarse = true;
		return;
	}
	set_init(&ctx->arena, &mi->pieces, total);
	set_init(&ctx->arena, &mi->firsts, total / GRAM + 1);
	set_init(&ctx->arena, &mi->shorts, total / SHORTEST + 1);
	each_masked_text(ctx, mi, index_text, mi);
	set_seal(&mi->pieces);
	set_seal(&mi->firsts);
	set_seal(&mi->shorts);
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) != 0;
}

static bool run_delimiter(char c)
{
	return c == ' ' || c == '\'' || c == '"' || c == '\t' || c == '\n';
}

/* @msg with every quoted secret hidden: bytes in @hide become '*', except the first REVEAL characters of a run that
   starts where a secret starts; arena-owned (or @msg itself when nothing is hidden). */
static const char *mask_message(struct rbdc_ctx *ctx, const struct mask_index *mi, const char *msg)
{
	size_t n = strlen(msg);
	if (!n)
		return msg;
	unsigned char *hide = arena_alloc(&ctx->arena, n); /* 1: hidden, 2: hidden and a secret starts here */
	bool any = false;
	for (size_t i = 0; i + GRAM <= n && mi->pieces.n; i++) {
		uint64_t h = folded_hash(msg + i, GRAM);
		if (!set_has(&mi->pieces, h))
			continue;
		any = true;
		if (set_has(&mi->firsts, h) && !hide[i])
			hide[i] = 2;
		for (size_t k = i; k < i + GRAM; k++)
			hide[k] = hide[k] ? hide[k] : 1;
	}
	for (size_t i = 0; i < n && mi->shorts.n; i++) {
		if (i && word_char(msg[i - 1]) && word_char(msg[i]))
			continue; /* a short value counts only as a whole word, or "abc" would hide every "abcd" */
		for (size_t len = SHORTEST; len < GRAM && i + len <= n; len++) {
			if (word_char(msg[i + len - 1]) && i + len < n && word_char(msg[i + len]))
				continue;
			if (!set_has(&mi->shorts, folded_hash(msg + i, len)))
				continue;
			any = true;
			hide[i] = 2;
			for (size_t k = i + 1; k < i + len; k++)
				hide[k] = hide[k] ? hide[k] : 1;
		}
	}
	/* Runs between spaces and quotes that look like a secret themselves, whatever they were made from; with a coarse
	   index, every run as long as a piece. */
	for (size_t i = 0; i < n;) {
		while (i < n && run_delimiter(msg[i]))
			i++;
		size_t j = i;
		while (j < n && !run_delimiter(msg[j]))
			j++;
		if (j > i && ((mi->coarse && j - i >= GRAM) || secret_value_kind(msg + i, j - i))) {
			any = true;
			hide[i] = 2;
			for (size_t k = i + 1; k < j; k++)
				hide[k] = hide[k] ? hide[k] : 1;
		}
		i = j;
	}
	if (!any)
		return msg;
	char *out = arena_alloc(&ctx->arena, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (!hide[i]) {
			out[o++] = msg[i++];
			continue;
		}
		size_t j = i;
		while (j < n && hide[j])
			j++;
		size_t shown = hide[i] == 2 ? prefix_bytes(msg + i, j - i, REVEAL) : 0;
		memcpy(out + o, msg + i, shown);
		o += shown;
		for (size_t k = i + shown; k < j; k++)
			if (starts_column(msg, (uint32_t)i, (uint32_t)k, (uint32_t)j))
				out[o++] = '*'; /* one star per character */
		i = j;
	}
	out[o] = '\0';
	return out;
}

/* ---- text rendering ---- */

struct style {
	const char *bold, *error, *warning, *note, *caret, *reset;
};

static const struct style plain_style = {"", "", "", "", "", ""};
static const struct style color_style = {"\033[1m", "\033[1;31m", "\033[1;35m", "\033[1;36m", "\033[1;32m", "\033[0m"};

/* One column of the excerpt at byte @i: control bytes, invalid bytes and code points that steer the terminal print as
   '?', a masked character as '*'; tabs stay so the caret lines up. */
static void put_source_char(FILE *out, const struct source *src, const struct diag_mask *const *from,
			    const struct diag_mask *const *to, uint32_t i, uint32_t hi)
{
	const unsigned char *p = (const unsigned char *)src->text + i;
	if (masked(src, from, to, i)) {
		fputc('*', out);
		return;
	}
	uint32_t cp;
	size_t n = utf8_char(p, (const unsigned char *)src->text + hi, &cp);
	if (n == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7F || steers_terminal(cp))
		fputc('?', out);
	else
		fwrite(p, 1, n, out);
}

static void render_excerpt(const struct rbdc_ctx *ctx, const struct mask_index *mi, struct rbd_loc loc, const struct style *st,
			   FILE *out)
{
	const struct source *src = ctx->sources[loc.file];
	uint32_t line, col;
	source_position(src, loc.start, &line, &col);
	uint32_t line_start = src->line_starts[line - 1];
	uint32_t line_end = line_start;
	while (line_end < src->len && src->text[line_end] != '\n')
		line_end++;
	if (line_end > line_start && src->text[line_end - 1] == '\r')
		line_end--;
	uint32_t real_start = line_start, real_end = line_end;
	const struct diag_mask *const *masks_from, *const *masks_to;
	line_masks(mi, loc.file, real_start, real_end + 1, &masks_from, &masks_to);
	uint32_t start = loc.start < line_end ? loc.start : line_end;
	uint32_t end = loc.end < line_end ? loc.end : line_end;
	if (end <= start)
		end = start + 1;
	/* A very long line is shown as a window around the spot, so one diagnostic stays a few lines of text. */
	enum { WINDOW_BEFORE = 60, WINDOW_AFTER = 100 };
	bool cut_left = false, cut_right = false;
	if (start - line_start > WINDOW_BEFORE + 20) {
		line_start = start - WINDOW_BEFORE;
		while (line_start < start && !starts_column(src->text, real_start, line_start, real_end))
			line_start++; /* do not start inside a UTF-8 character */
		cut_left = true;
	}
	if (line_end - start > WINDOW_AFTER + 20) {
		line_end = start + WINDOW_AFTER;
		while (line_end > start && !starts_column(src->text, real_start, line_end, real_end))
			line_end--;
		cut_right = true;
		if (end > line_end)
			end = line_end;
	}

	int width = snprintf(NULL, 0, "%u", line);
	if (width < 5)
		width = 5;
	fprintf(out, " %*u | %s", width, line, cut_left ? "..." : "");
	for (uint32_t i = line_start; i < line_end; i++)
		if (starts_column(src->text, real_start, i, real_end))
			put_source_char(out, src, masks_from, masks_to, i, line_end);
	fprintf(out, "%s\n %*s | %s", cut_right ? "..." : "", width, "", cut_left ? "   " : "");
	for (uint32_t i = line_start; i < start; i++)
		if (starts_column(src->text, real_start, i, real_end))
			fputc(src->text[i] == '\t' ? '\t' : ' ', out); /* one column per UTF-8 character, not per byte */
	fputs(st->caret, out);
	bool first = true;
	for (uint32_t i = start; i < end; i++)
		if (i >= line_end || starts_column(src->text, real_start, i, real_end)) {
			fputc(first ? '^' : '~', out);
			first = false;
		}
	fprintf(out, "%s\n", st->reset);
}

static void print_location(const struct rbdc_ctx *ctx, struct rbd_loc loc, const struct style *st, FILE *out)
{
	const struct source *src = ctx->sources[loc.file];
	uint32_t line, col;
	source_position(src, loc.start, &line, &col);
	fputs(st->bold, out);
	put_terminal_text(out, src->name);
	fprintf(out, ":%u:%u:%s ", line, col, st->reset);
}

static int compare_diags(const void *a, const void *b)
{
	const struct diag *x = *(const struct diag *const *)a, *y = *(const struct diag *const *)b;
	/* Issue 12: errors first, the warnings after them, so what blocks the build is read first; then source order. */
	if (x->severity != y->severity)
		return x->severity == SEV_ERROR ? -1 : 1;
	if (x->loc.file != y->loc.file)
		return x->loc.file < y->loc.file ? -1 : 1;
	if (x->loc.start != y->loc.start)
		return x->loc.start < y->loc.start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The queued diagnostics, errors then warnings, each in source order; arena-owned. */
static struct diag **sorted_diags(struct rbdc_ctx *ctx, size_t *count)
{
	size_t n = 0;
	for (struct diag *d = ctx->diags.head; d; d = d->next)
		n++;
	struct diag **sorted = arena_alloc_array(&ctx->arena, n ? n : 1, sizeof *sorted);
	size_t i = 0;
	for (struct diag *d = ctx->diags.head; d; d = d->next)
		sorted[i++] = d;
	/* Stages report in their own order; the reader wants source order, ties in report order. */
	qsort(sorted, n, sizeof *sorted, compare_diags);
	*count = n;
	return sorted;
}

/* A JSON string that is valid UTF-8 whatever the bytes: control characters are escaped, and each byte that is not
   part of a well-formed UTF-8 character becomes U+FFFD, the replacement character, as a decoder would show it.
   A message (@one_line) also decodes to one line: its control characters and terminal-steering code points arrive
   as the text mode shows them (\n, \x1b, \u202e), never as the characters themselves. */
static void json_text(FILE *out, const char *s, bool one_line)
{
	fputc('"', out);
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	while (p < end) {
		uint32_t cp;
		size_t n = utf8_char(p, end, &cp);
		if (n == 0) {
			fputs("\\ufffd", out);
			p++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else if (one_line && (cp == '\n' || cp == '\t' || cp == '\r'))
			fprintf(out, "\\\\%c", cp == '\n' ? 'n' : cp == '\t' ? 't' : 'r');
		else if (one_line && (cp < 0x20 || cp == 0x7f))
			fprintf(out, "\\\\x%02x", (unsigned)cp);
		else if (one_line && steers_terminal(cp))
			fprintf(out, "\\\\u%04x", (unsigned)cp);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\t')
			fputs("\\t", out);
		else if (cp < 0x20 || cp == 0x7f || steers_terminal(cp))
			fprintf(out, "\\u%04x", (unsigned)cp); /* also what would reach a terminal that shows the JSON */
		else if (n == 1)
			putc(*p, out);
		else
			fwrite(p, 1, n, out);
		p += n;
	}
	fputc('"', out);
}

static void json_string(FILE *out, const char *s)
{
	json_text(out, s, false);
}

static void json_message(FILE *out, const char *s)
{
	json_text(out, s, true);
}

static const char *severity_name(const struct rbdc_ctx *ctx, const struct diag *d)
{
	return d->severity == SEV_ERROR || ctx->opts.warnings_are_errors ? "error" : "warning";
}

/* 1-based line and column of both ends; the end column is exclusive, as in SARIF. */
static void span(const struct rbdc_ctx *ctx, struct rbd_loc loc, uint32_t *l1, uint32_t *c1, uint32_t *l2, uint32_t *c2)
{
	const struct source *src = ctx->sources[loc.file];
	source_position(src, loc.start, l1, c1);
	source_position(src, loc.end > loc.start ? loc.end : loc.start + 1, l2, c2);
}

/* The message as every format shows it: prefixed with the environment it is about, as the text output does. */
static const char *env_message(struct rbdc_ctx *ctx, const struct diag *d, const char *msg)
{
	return d->environment ? arena_printf(&ctx->arena, "[env %s] %s", d->environment, msg) : msg;
}

void diag_render_json(struct rbdc_ctx *ctx, FILE *out)
{
	struct mask_index mi;
	build_mask_index(ctx, &mi);
	size_t n;
	struct diag **sorted = sorted_diags(ctx, &n);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = sorted[i];
		uint32_t l1, c1, l2, c2;
		span(ctx, d->loc, &l1, &c1, &l2, &c2);
		fputs("{\"file\":", out);
		json_string(out, ctx->sources[d->loc.file]->name);
		fprintf(out, ",\"line\":%u,\"column\":%u,\"end_line\":%u,\"end_column\":%u,\"severity\":\"%s\",\"code\":\"%s\",\"message\":",
			l1, c1, l2, c2, severity_name(ctx, d), code_table[d->code].name);
		json_message(out, env_message(ctx, d, mask_message(ctx, &mi, d->msg)));
		if (d->environment) {
			fputs(",\"environment\":", out);
			json_string(out, d->environment);
		}
		fputs(",\"notes\":[", out);
		for (const struct diag_note *note = d->notes; note; note = note->next) {
			struct rbd_loc at = note->has_loc ? note->loc : d->loc;
			uint32_t nl, nc;
			source_position(ctx->sources[at.file], at.start, &nl, &nc);
			fputs(note == d->notes ? "{\"file\":" : ",{\"file\":", out);
			json_string(out, ctx->sources[at.file]->name);
			fprintf(out, ",\"line\":%u,\"column\":%u,\"message\":", nl, nc);
			json_message(out, mask_message(ctx, &mi, note->msg));
			fputc('}', out);
		}
		fputs("]}\n", out);
	}
}

void diag_sarif_begin(FILE *out)
{
	fputs("{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{\"tool\":{\"driver\":{"
	      "\"name\":\"rbdc\",\"version\":\"" RBDC_VERSION "\",\"rules\":[",
	      out);
	for (int i = 0; i < DIAG_CODE_COUNT; i++) {
		fprintf(out, "%s{\"id\":\"%s\",\"shortDescription\":{\"text\":", i ? "," : "", code_table[i].name);
		json_string(out, code_table[i].title);
		fputs("},\"fullDescription\":{\"text\":", out);
		json_string(out, code_table[i].explanation);
		fprintf(out, "},\"defaultConfiguration\":{\"level\":\"%s\"}}", code_table[i].severity == SEV_ERROR ? "error" : "warning");
	}
	fputs("]}},\"results\":[", out);
}

static void sarif_location(const struct rbdc_ctx *ctx, struct rbd_loc loc, FILE *out)
{
	uint32_t l1, c1, l2, c2;
	span(ctx, loc, &l1, &c1, &l2, &c2);
	fputs("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
	json_string(out, ctx->sources[loc.file]->name);
	fprintf(out, "},\"region\":{\"startLine\":%u,\"startColumn\":%u,\"endLine\":%u,\"endColumn\":%u}}", l1, c1, l2, c2);
}

void diag_render_sarif(struct rbdc_ctx *ctx, FILE *out, bool *first_result)
{
	struct mask_index mi;
	build_mask_index(ctx, &mi);
	size_t n;
	struct diag **sorted = sorted_diags(ctx, &n);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = sorted[i];
		fprintf(out, "%s{\"ruleId\":\"%s\",\"level\":\"%s\",\"message\":{\"text\":", *first_result ? "" : ",",
			code_table[d->code].name, severity_name(ctx, d));
		*first_result = false;
		json_message(out, env_message(ctx, d, mask_message(ctx, &mi, d->msg)));
		fputs("},\"locations\":[", out);
		sarif_location(ctx, d->loc, out);
		fputs("}]", out);
		if (d->environment) {
			fputs(",\"properties\":{\"environment\":", out);
			json_string(out, d->environment);
			fputc('}', out);
		}
		if (d->notes) {
			fputs(",\"relatedLocations\":[", out);
			for (const struct diag_note *note = d->notes; note; note = note->next) {
				fputs(note == d->notes ? "" : ",", out);
				sarif_location(ctx, note->has_loc ? note->loc : d->loc, out);
				fputs(",\"message\":{\"text\":", out);
				json_message(out, mask_message(ctx, &mi, note->msg));
				fputs("}}", out);
			}
			fputc(']', out);
		}
		fputc('}', out);
	}
}

void diag_sarif_end(FILE *out)
{
	fputs("]}]}\n", out);
}

/* One diagnostic with its excerpt and notes. */
static void render_one(struct rbdc_ctx *ctx, const struct mask_index *mi, const struct diag *d, const struct style *st, FILE *out)
{
	bool as_error = d->severity == SEV_ERROR || ctx->opts.warnings_are_errors;
	print_location(ctx, d->loc, st, out);
	fprintf(out, "%s%s:%s ", as_error ? st->error : st->warning, as_error ? "error" : "warning", st->reset);
	if (d->environment)
		fprintf(out, "[env %s] ", d->environment);
	put_terminal_text(out, mask_message(ctx, mi, d->msg));
	fprintf(out, " [%s]\n", code_table[d->code].name);
	render_excerpt(ctx, mi, d->loc, st, out);
	for (const struct diag_note *note = d->notes; note; note = note->next) {
		print_location(ctx, note->has_loc ? note->loc : d->loc, st, out);
		fprintf(out, "%snote:%s ", st->note, st->reset);
		put_terminal_text(out, mask_message(ctx, mi, note->msg));
		fputc('\n', out);
	}
}

void diag_render(struct rbdc_ctx *ctx, FILE *out)
{
	const struct style *st = ctx->opts.color == COLOR_ALWAYS ? &color_style : &plain_style;
	struct mask_index mi;
	build_mask_index(ctx, &mi);
	size_t n;
	struct diag **sorted = sorted_diags(ctx, &n);
	for (size_t i = 0; i < n; i++) {
		/* stderr is unbuffered: each diagnostic is composed in memory and written at once. */
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);
		if (!mem) {
			render_one(ctx, &mi, sorted[i], st, out);
			continue;
		}
		render_one(ctx, &mi, sorted[i], st, mem);
		fclose(mem);
		fwrite(buf, 1, len, out);
		free(buf);
	}
	if (ctx->diags.n_dropped)
		fprintf(out, "rbdc: note: %zu more error%s not shown (--max-errors %d)\n", ctx->diags.n_dropped,
			ctx->diags.n_dropped == 1 ? "" : "s", ctx->opts.max_errors);
	else if (diag_limit_reached(ctx))
		fprintf(out, "rbdc: note: stopped after %d error%s; there may be more (--max-errors %d)\n", ctx->opts.max_errors,
			ctx->opts.max_errors == 1 ? "" : "s", ctx->opts.max_errors);
}
