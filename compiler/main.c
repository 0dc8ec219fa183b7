/* main.c: the rbdc command line: compile to a directory or stdout, check, explain; exit 0 ok, 1 findings, 2 usage or I/O. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "diag.h"
#include "emit.h"
#include "emit_pool.h"
#include "fmt.h"
#include "graph.h"
#include "lsp.h"
#include "outdir.h"
#include "schema.h"
#include "textdiff.h"
#include "values.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
	"usage: rbdc [OPTIONS] FILE -o DIR     compile FILE into the manifests of DIR (replaced atomically)\n"
	"       rbdc [OPTIONS] FILE -o -       compile FILE into one YAML stream on standard output\n"
	"       rbdc check [OPTIONS] FILE...   parse and check only; write nothing ('-' reads standard input)\n"
	"       rbdc diff [OPTIONS] FILE DIR   exit 1 and print a unified diff when DIR is not what FILE compiles to\n"
	"       rbdc explain CODE              what a diagnostic code means and how to fix it\n"
	"       rbdc explain                   every diagnostic code with its one-line title\n"
	"       rbdc fmt [--check] [FILE...]   rewrite each FILE in the canonical layout ('-' or none: stdin to stdout)\n"
	"       rbdc graph [OPTIONS] FILE      a Graphviz DOT picture of the deployment (render: | dot -Tsvg)\n"
	"       rbdc lsp [--stdio]             a Language Server Protocol server on standard input and output\n"
	"\n"
	"options:\n"
	"  -o, --output DIR|-       where the manifests go (DIR gets a kustomization.yaml too)\n"
	"  -n, --namespace NAME     put every object in namespace NAME instead of the program's\n"
	"      --env NAME           compile (check, diff) the program's environment NAME; check without it checks\n"
	"                           the base program and every environment\n"
	"      --stdin-filename NAME  the name diagnostics use for standard input (default: <stdin>)\n"
	"      --max-errors N       stop after N errors (default 20; 0 means no limit)\n"
	"  -W, --Werror, -Werror    treat warnings as errors\n"
	"  -Wno-CODE                do not report warning CODE (repeatable); one line: a comment '# rbdc: allow CODE'\n"
	"      --check              fmt: change nothing; list the files that are not in canonical form, exit 1 if any\n"
	"      --color=WHEN         colour diagnostics: auto (default; on a terminal, unless NO_COLOR), always, never\n"
	"      --diagnostics=FORMAT text (default, gcc style), json (one object per line) or sarif (SARIF 2.1.0)\n"
	"  -h, --help               show this help\n"
	"      --version            show the version\n"
	"\n"
	"exit status: 0 success, 1 the program has errors (nothing is written) or `diff` found drift,\n"
	"             2 usage or I/O trouble\n";

struct cli {
	enum { MODE_COMPILE, MODE_CHECK, MODE_DIFF, MODE_EXPLAIN, MODE_FMT, MODE_GRAPH } mode;
	const char *output;
	const char *namespace_override;
	const char *environment; /* --env NAME; NULL: the base program (check: and every environment) */
	const char *stdin_name;
	int max_errors;
	bool werror;
	bool warning_off[DIAG_CODE_COUNT]; /* -Wno-CODE */
	bool fmt_check;                    /* fmt --check */
	enum { WHEN_AUTO, WHEN_ALWAYS, WHEN_NEVER } color;
	enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF } format;
	bool sarif_first; /* no SARIF result printed yet */
	const char **files;
	int n_files;
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "rbdc: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'rbdc --help' for more information.\n");
	return EXIT_USAGE;
}

/* Reads all of @path ('-' is standard input) into a malloc'd buffer. */
static char *read_input(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 64 * 1024, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > (size_t)SOURCE_MAX_BYTES)
				break; /* compile_source reports the size; no need to read the rest */
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	int failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (failed) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* The word a scope is written with ("app" for an app block, "top" for the top level): the second word of its name. */
static void print_scope_word(enum scope scope)
{
	const char *name = schema_scope_name(scope), *w = strchr(name, ' ');
	w = w ? w + 1 : name;
	size_t n = strcspn(w, " ");
	printf("%.*s", (int)n, w);
}

/* Hidden `--statements`: the schema table as tab-separated lines (scope, name, usage, flags, doc), so the README test
   and the rbdc.rbd(5) generator read the statements from the binary itself and never fall behind it. */
static void print_statements(void)
{
	unsigned count;
	const struct stmt_spec *all = schema_all(&count);
	for (unsigned i = 0; i < count; i++) {
		print_scope_word(all[i].scope);
		printf("\t%s\t%s\t%s%s%s\t%s\n", all[i].name, all[i].usage, all[i].block == BLOCK_REQUIRED ? "block" : "",
		       all[i].block == BLOCK_REQUIRED && all[i].repeatable ? "," : "", all[i].repeatable ? "repeatable" : "",
		       all[i].doc);
	}
}

static int parse_cli(int argc, char **argv, struct cli *cli)
{
	memset(cli, 0, sizeof *cli);
	cli->max_errors = 20;
	cli->files = xcalloc((size_t)argc, sizeof *cli->files);
	int i = 1;
	if (argc > 1 && strcmp(argv[1], "check") == 0) {
		cli->mode = MODE_CHECK;
		i = 2;
	} else if (argc > 1 && strcmp(argv[1], "diff") == 0) {
		cli->mode = MODE_DIFF;
		i = 2;
	} else if (argc > 1 && strcmp(argv[1], "explain") == 0) {
		cli->mode = MODE_EXPLAIN;
		i = 2;
	} else if (argc > 1 && strcmp(argv[1], "fmt") == 0) {
		cli->mode = MODE_FMT;
		i = 2;
	} else if (argc > 1 && strcmp(argv[1], "graph") == 0) {
		cli->mode = MODE_GRAPH;
		i = 2;
	}
	static const char *const with_value[] = {"-o", "--output", "-n", "--namespace", "--stdin-filename",
						 "--max-errors", "--color", "--diagnostics", "--env"};
	bool only_files = false;
	for (; i < argc; i++) {
		const char *a = argv[i];
		const char *value = NULL;
		if (!only_files && i + 1 == argc)
			for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
				if (strcmp(a, with_value[k]) == 0)
					return usage_error("option '%s' needs a value", a);
#define TAKES(short_, long_)                                               \
	((strcmp(a, short_) == 0 || strcmp(a, long_) == 0) ? (value = argv[++i], true) \
	 : strncmp(a, long_ "=", sizeof long_) == 0       ? (value = a + sizeof long_, true) \
							   : false)
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			cli->files[cli->n_files++] = a;
		} else if (strcmp(a, "--") == 0) {
			only_files = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			return EXIT_OK; /* main checks that it was written */
		} else if (strcmp(a, "--version") == 0) {
			printf("rbdc %s\n", RBDC_VERSION);
			return EXIT_OK;
		} else if (strcmp(a, "--statements") == 0) {
			print_statements();
			return EXIT_OK;
		} else if (strcmp(a, "-W") == 0 || strcmp(a, "-Werror") == 0 || strcmp(a, "--Werror") == 0) {
			cli->werror = true;
		} else if (strncmp(a, "-Wno-", 5) == 0 || strncmp(a, "--Wno-", 6) == 0) {
			const char *name = a + (a[1] == '-' ? 6 : 5);
			int code = diag_code_lookup(name);
			if (code < 0)
				return usage_error("-Wno-CODE names a warning like W002; '%s' is no diagnostic code", name);
			if (diag_code_info((enum diag_code)code)->severity == SEV_ERROR)
				return usage_error("'%s' is an error; only warnings can be turned off (rbdc explain says how to fix it)", name);
			cli->warning_off[code] = true;
		} else if (strcmp(a, "--check") == 0 && cli->mode == MODE_FMT) {
			cli->fmt_check = true;
		} else if (TAKES("-o", "--output")) {
			cli->output = value;
		} else if (TAKES("-n", "--namespace")) {
			cli->namespace_override = value;
		} else if (TAKES("--env", "--env")) {
			cli->environment = value;
		} else if (TAKES("--stdin-filename", "--stdin-filename")) {
			cli->stdin_name = value;
		} else if (TAKES("--max-errors", "--max-errors")) {
			int64_t n;
			if (!value_parse_int(value, 0, 100000, &n))
				return usage_error("--max-errors takes a number from 0 to 100000, not '%s'", value);
			cli->max_errors = (int)n;
		} else if (TAKES("--diagnostics", "--diagnostics")) {
			if (strcmp(value, "text") == 0)
				cli->format = FORMAT_TEXT;
			else if (strcmp(value, "json") == 0)
				cli->format = FORMAT_JSON;
			else if (strcmp(value, "sarif") == 0)
				cli->format = FORMAT_SARIF;
			else
				return usage_error("--diagnostics takes text, json or sarif, not '%s'", value);
		} else if (TAKES("--color", "--color")) {
			if (strcmp(value, "auto") == 0)
				cli->color = WHEN_AUTO;
			else if (strcmp(value, "always") == 0)
				cli->color = WHEN_ALWAYS;
			else if (strcmp(value, "never") == 0)
				cli->color = WHEN_NEVER;
			else
				return usage_error("--color takes auto, always or never, not '%s'", value);
		} else {
			return usage_error("unknown option '%s'", a);
		}
#undef TAKES
	}
	if (cli->namespace_override) {
		const char *problem = value_dns_label_problem(cli->namespace_override, 63);
		if (problem)
			return usage_error("-n takes a DNS-1123 label (lower-case letters, digits, '-'): '%s' is not one",
					   cli->namespace_override);
	}
	return -1; /* parsed; carry on */
}

static enum diag_color color_for(const struct cli *cli)
{
	if (cli->color == WHEN_ALWAYS)
		return COLOR_ALWAYS;
	if (cli->color == WHEN_NEVER)
		return COLOR_NEVER;
	const char *no_color = getenv("NO_COLOR");
	return isatty(STDERR_FILENO) && !(no_color && *no_color) ? COLOR_ALWAYS : COLOR_NEVER;
}

static void setup_ctx(struct rbdc_ctx *ctx, const struct cli *cli)
{
	rbdc_ctx_init(ctx);
	ctx->opts.namespace_override = cli->namespace_override;
	ctx->opts.max_errors = cli->max_errors;
	ctx->opts.warnings_are_errors = cli->werror;
	ctx->opts.color = color_for(cli);
	ctx->opts.warning_off = cli->warning_off;
}

/* Compiles one file; diagnostics go to stderr. With --env, the program as that environment sees it; with
   @every_env (check without --env), the base program and then each environment, in one list of diagnostics where
   those only an environment gets say so. Returns the exit status, and leaves the ctx for lowering. */
static int front_end(struct rbdc_ctx *ctx, struct cli *cli, const char *path, struct compilation *c, bool every_env)
{
	size_t len = 0;
	char *text = read_input(path, &len);
	if (!text) {
		fprintf(stderr, "rbdc: error: cannot read '%s': %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	const char *name = strcmp(path, "-") == 0 ? (cli->stdin_name ? cli->stdin_name : "<stdin>") : path;
	struct parsed_program p;
	int rc = compile_parse(ctx, name, text, len, &p);
	free(text);
	const struct environ_decl *env = cli->environment && !p.broken ? environ_find(&p.envs, cli->environment) : NULL;
	if (!cli->environment || env) {
		rc |= compile_model(ctx, &p, env, c);
		for (const struct environ_decl *e = every_env && !env ? p.envs.first : NULL; e; e = e->next) {
			struct compilation of_env;
			rc |= compile_model(ctx, &p, e, &of_env);
		}
		rc |= compile_finish(ctx, &p); /* once every environment ran: an allow used by any of them is not stale */
	}
	switch (cli->format) {
	case FORMAT_TEXT: diag_render(ctx, stderr); break;
	case FORMAT_JSON: diag_render_json(ctx, stdout); break;
	case FORMAT_SARIF: diag_render_sarif(ctx, stdout, &cli->sarif_first); break;
	}
	if (cli->environment && !env && !p.broken) {
		fprintf(stderr, "rbdc: error: '%s' has no environment '%s'; its environments: %s\n", name, cli->environment,
			environ_names(ctx, &p.envs));
		return EXIT_USAGE;
	}
	return rc ? EXIT_FINDINGS : EXIT_OK;
}

/* True when stdout is a pipe whose reader has gone (`| head`): writing there is pointless, not an error to report.
   Asked instead of errno, which a failed stdio write does not keep. */
static bool stdout_reader_gone(void)
{
	struct pollfd p = {.fd = STDOUT_FILENO, .events = POLLOUT};
	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

struct stream_sink {
	struct textbuf buf;
	struct emit_stream *yaml;
};

/* `-o -` in parallel: each object is rendered as its piece of the one stream, then written in order. */
struct piece_sink {
	bool last_ends_open;
};

/* Returns 1 when the piece ends open (see emit_stream_piece): the pool hands that to deliver_piece. */
static int render_piece(void *user, const struct k8s_object *obj, size_t index, struct textbuf *out)
{
	(void)user;
	bool ends_open;
	if (emit_stream_piece(out, obj->doc, index == 0, &ends_open))
		return -1;
	return ends_open;
}

static int deliver_piece(void *user, const struct k8s_object *obj, const struct textbuf *text, int rendered)
{
	struct piece_sink *s = user;
	(void)obj;
	s->last_ends_open = rendered == 1;
	/* Written per object so memory stays bounded by a batch, not the whole output. */
	return fwrite(text->data, 1, text->len, stdout) == text->len ? 0 : -1;
}

struct dir_sink {
	struct outdir out;
	struct textbuf buf;
	const char *source;
	const sigset_t *stop_signals; /* blocked while writing; a pending one abandons the run */
	size_t written;               /* files so far: the signals are asked every STOP_CHECK_FILES of them */
};

/* A pending signal is looked for once this many files are written (and always right before the swap): a system
   call a file would be a tenth of a re-run's, and 64 files take a millisecond or two. */
enum { STOP_CHECK_FILES = 64 };

/* True when Ctrl-C (or a TERM, HUP, QUIT) arrived while they were blocked. */
static bool stop_requested(const sigset_t *signals)
{
	sigset_t pending;
	if (sigpending(&pending))
		return false;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigismember(signals, sigs[i]) && sigismember(&pending, sigs[i]))
			return true;
	return false;
}

static bool stop_pending(void *signals)
{
	return stop_requested(signals);
}

/* Consumes the pending @signals; the last one taken, or 0. */
static int take_pending(const sigset_t *signals)
{
	int last = 0;
	const struct timespec now = {0, 0};
	for (int sig; (sig = sigtimedwait(signals, NULL, &now)) > 0;)
		last = sig;
	return last;
}

/* `-o DIR`: files are rendered on every core (emit_pool), unchanged ones linked over there too (outdir_reuse), and
   the rest written here, in order, by this thread alone. */
static int render_file(void *user, const struct k8s_object *obj, size_t index, struct textbuf *out)
{
	const struct dir_sink *s = user;
	(void)index;
	emit_header(out, s->source);
	if (emit_document(out, obj->doc, false))
		return -1;
	/* An unchanged file is linked over here, on the rendering thread: on a re-run that reading and linking is most
	   of the work, and it runs on every core like the emission. deliver_file writes the rest, in order. */
	return outdir_reuse(&s->out, obj->file, out->data, out->len) ? 1 : 0;
}

static int deliver_file(void *user, const struct k8s_object *obj, const struct textbuf *text, int rendered)
{
	struct dir_sink *s = user;
	if (s->written++ % STOP_CHECK_FILES == 0 && stop_requested(s->stop_signals)) {
		snprintf(s->out.error, sizeof s->out.error, "interrupted");
		return -1;
	}
	return rendered == 1 ? 0 : outdir_add(&s->out, obj->file, text->data, text->len); /* 1: linked over already */
}

/* The signals that stop a run wait (in @stop, the old mask in @old) while files are written, so an interrupted run
   can clean up before it ends. */
static void block_stop_signals(sigset_t *stop, sigset_t *old)
{
	sigemptyset(stop);
	sigaddset(stop, SIGINT);
	sigaddset(stop, SIGTERM);
	sigaddset(stop, SIGHUP);
	sigaddset(stop, SIGQUIT);
	sigprocmask(SIG_BLOCK, stop, old);
}

static int run_compile(struct cli *cli)
{
	if (cli->n_files != 1)
		return usage_error(cli->n_files ? "give one FILE to compile%s" : "no input file%s", "");
	if (!cli->output)
		return usage_error("missing -o DIR (or -o - for standard output)%s", "");
	if (strcmp(cli->output, "-") == 0 && cli->format != FORMAT_TEXT)
		return usage_error("-o - writes YAML to standard output; JSON or SARIF diagnostics would mix with it%s", "");
	struct rbdc_ctx ctx;
	struct compilation c;
	setup_ctx(&ctx, cli);
	int status = front_end(&ctx, cli, cli->files[0], &c, false);
	if (status != EXIT_OK) {
		rbdc_ctx_fini(&ctx);
		return status;
	}
	if (strcmp(cli->output, "-") == 0) {
		/* The objects are emitted as independent pieces of the stream on every core (emit_pool), joined in order
		   into the bytes one emitter would write; the header and the stream's end are written here. */
		struct stream_sink sink = {.yaml = NULL};
		struct piece_sink pieces = {false};
		emit_header(&sink.buf, c.model.source_name);
		errno = 0;
		bool failed = fwrite(sink.buf.data, 1, sink.buf.len, stdout) != sink.buf.len;
		sink.buf.len = 0;
		struct emit_pool *pool = emit_pool_new(emit_pool_threads(), EMIT_POOL_BATCH, render_piece, deliver_piece, &pieces);
		struct lower_batch_sink ls = {emit_pool_batch, pool, EMIT_POOL_BATCH};
		if (failed || lower_program_batched(&ctx, &c.model, false, &ls) != 0)
			failed = true;
		if (emit_pool_free(pool))
			failed = true;
		emit_stream_end(&sink.buf, pieces.last_ends_open);
		if (failed || fwrite(sink.buf.data, 1, sink.buf.len, stdout) != sink.buf.len || fflush(stdout)) {
			if (errno != EPIPE && !stdout_reader_gone()) /* the reader stopped: see check_stdout */
				fprintf(stderr, "rbdc: error: cannot write the YAML stream%s%s\n", errno ? ": " : "",
					errno ? strerror(errno) : "");
			status = EXIT_USAGE;
		}
		textbuf_free(&sink.buf);
	} else {
		/* Signals wait while the directory is written: the run either finishes, or stops and removes its
		   temporary directory, and only then does the signal end the process. */
		sigset_t stop, old;
		block_stop_signals(&stop, &old);
		struct dir_sink sink = {.source = c.model.source_name, .stop_signals = &stop};
		bool committed = false;
		if (outdir_begin(&sink.out, cli->output, stop_pending, &stop)) {
			fprintf(stderr, "rbdc: error: %s\n", sink.out.error);
			status = EXIT_USAGE;
		} else {
			struct emit_pool *pool = emit_pool_new(emit_pool_threads(), EMIT_POOL_BATCH, render_file, deliver_file, &sink);
			struct lower_batch_sink ls = {emit_pool_batch, pool, EMIT_POOL_BATCH};
			int lowered = lower_program_batched(&ctx, &c.model, true, &ls);
			if (emit_pool_free(pool))
				lowered = -1;
			if (lowered || stop_requested(&stop) || outdir_commit(&sink.out)) {
				fprintf(stderr, "rbdc: error: %s; '%s' is unchanged\n",
					sink.out.error[0] ? sink.out.error : stop_requested(&stop) ? "interrupted" : "cannot emit YAML",
					cli->output);
				status = EXIT_USAGE;
			} else {
				committed = true;
				if (sink.out.warning[0])
					fprintf(stderr, "rbdc: warning: %s\n", sink.out.warning);
			}
		}
		outdir_abort(&sink.out);
		textbuf_free(&sink.buf);
		/* Once the new output is in place, the run succeeded: a signal that came too late to stop it must not
		   turn that into a death by signal, which would say the old output was kept. */
		int late = committed ? take_pending(&stop) : 0;
		if (late)
			fprintf(stderr, "rbdc: note: %s came after '%s' was replaced; the new output is complete\n",
				strsignal(late), cli->output);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	rbdc_ctx_fini(&ctx);
	return status;
}

static int run_check(struct cli *cli)
{
	if (cli->n_files == 0)
		return usage_error("check needs a FILE ('-' for standard input)%s", "");
	if (cli->output)
		return usage_error("check writes nothing; drop -o%s", "");
	int status = EXIT_OK;
	for (int i = 0; i < cli->n_files; i++) {
		struct rbdc_ctx ctx;
		struct compilation c;
		setup_ctx(&ctx, cli);
		int rc = front_end(&ctx, cli, cli->files[i], &c, true);
		if (rc > status)
			status = rc;
		rbdc_ctx_fini(&ctx);
	}
	return status;
}

struct mem_file {
	const char *name; /* owned by the ctx arena */
	char *data;       /* owned by the ctx arena */
	size_t len;
	struct mem_file *next;
};

struct mem_sink {
	struct rbdc_ctx *ctx;
	struct textbuf buf;
	const char *source;
	struct mem_file *files, *tail;
	struct strmap names;
};

static int mem_object(void *user, const struct k8s_object *obj)
{
	struct mem_sink *s = user;
	s->buf.len = 0;
	emit_header(&s->buf, s->source);
	if (emit_document(&s->buf, obj->doc, false))
		return -1;
	struct mem_file *f = arena_alloc(&s->ctx->arena, sizeof *f);
	f->name = arena_strdup(&s->ctx->arena, obj->file);
	f->data = arena_strndup(&s->ctx->arena, s->buf.data, s->buf.len);
	f->len = s->buf.len;
	if (s->tail)
		s->tail->next = f;
	else
		s->files = f;
	s->tail = f;
	strmap_put_new(&s->names, f->name, strlen(f->name), f);
	return 0;
}

/* What a non-regular entry is, for messages. */
static const char *entry_kind(mode_t mode)
{
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "not a regular file";
}

/* A generated file is small; anything past this is compared by its size alone. */
enum { DIFF_MAX_BYTES = 16 * 1024 * 1024 };

/* Reads the regular file @name of @dir_fd (no link followed, no FIFO or device opened). NULL when it is not one
   (st->st_mode says what it is; 0 when it does not exist) or cannot be read (errno); *too_big when it is larger
   than DIFF_MAX_BYTES. */
static char *read_entry(int dir_fd, const char *name, size_t *len, struct stat *st, bool *too_big)
{
	*too_big = false;
	int fd = outdir_open_regular(dir_fd, name, st);
	if (fd < 0)
		return NULL;
	if (st->st_size > DIFF_MAX_BYTES) { /* only its head, to tell whether it is rbdc's */
		char *head = xmalloc(sizeof OUTDIR_MARK);
		ssize_t r = read(fd, head, sizeof OUTDIR_MARK);
		close(fd);
		*too_big = true;
		*len = r > 0 ? (size_t)r : 0;
		return head;
	}
	size_t cap = st->st_size > 0 && st->st_size < DIFF_MAX_BYTES ? (size_t)st->st_size + 1 : 64 * 1024, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > DIFF_MAX_BYTES) {
				*too_big = true;
				break;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;
			free(buf);
			close(fd);
			errno = err;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return buf;
}

static bool has_mark(const char *data, size_t len)
{
	return len >= sizeof OUTDIR_MARK - 1 && memcmp(data, OUTDIR_MARK, sizeof OUTDIR_MARK - 1) == 0;
}

struct diff_counts {
	size_t changed, missing, stale, foreign;
};

/* Compares one generated file with DIR's entry of the same name. -1 on a read error (reported). */
static int diff_one(FILE *out, int dir_fd, const char *dir, const struct mem_file *f, struct arena *arena, struct diff_counts *n)
{
	const char *path = arena_printf(arena, "%s/%s", dir, f->name);
	struct stat st;
	size_t len = 0;
	bool too_big;
	char *old = read_entry(dir_fd, f->name, &len, &st, &too_big);
	if (!old && st.st_mode == 0 && errno == ENOENT) {
		n->missing++;
		textdiff_unified(out, "/dev/null", "", 0, path, f->data, f->len);
		return 0;
	}
	if (!old && st.st_mode != 0 && !S_ISREG(st.st_mode)) {
		n->foreign++;
		fprintf(stderr, "rbdc: '%s' is %s, not a file rbdc wrote; rbdc -o would refuse to replace it (not read)\n", path,
			entry_kind(st.st_mode));
		return 0;
	}
	if (!old) {
		fprintf(stderr, "rbdc: error: cannot read '%s': %s\n", path, strerror(errno));
		return -1;
	}
	if (!has_mark(old, len)) {
		n->foreign++;
		fprintf(stderr, "rbdc: '%s' was not generated by rbdc (it lacks the '%s' first line); rbdc -o would refuse to overwrite it\n",
			path, OUTDIR_MARK);
		if (!too_big)
			textdiff_unified(out, path, old, len, path, f->data, f->len);
	}
	if (too_big) {
		n->changed += has_mark(old, len);
		fprintf(out, "Files %s and %s differ (more than %d MiB)\n", path, path, DIFF_MAX_BYTES >> 20);
	} else if (has_mark(old, len)) {
		n->changed += (size_t)textdiff_unified(out, path, old, len, path, f->data, f->len);
	}
	free(old);
	return 0;
}

static int run_diff(struct cli *cli)
{
	if (cli->n_files != 2)
		return usage_error("diff takes FILE and DIR%s", "");
	if (cli->output)
		return usage_error("diff writes nothing; drop -o%s", "");
	/* DIR is what `rbdc FILE -o DIR` would replace, so a link is refused here as it is there. */
	size_t dl = strlen(cli->files[1]);
	while (dl > 1 && cli->files[1][dl - 1] == '/')
		dl--;
	char *dir = strndup(cli->files[1], dl);
	struct stat dst;
	if (lstat(dir, &dst) == 0 && S_ISLNK(dst.st_mode)) {
		fprintf(stderr, "rbdc: error: '%s' is a symbolic link; rbdc diff, like -o, works only on a real directory\n", dir);
		free(dir);
		return EXIT_USAGE;
	}
	int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int scan_fd = dir_fd >= 0 ? dup(dir_fd) : -1;
	DIR *d = scan_fd >= 0 ? fdopendir(scan_fd) : NULL;
	if (!d) {
		fprintf(stderr, "rbdc: error: cannot read directory '%s': %s\n", dir, strerror(errno));
		if (scan_fd >= 0)
			close(scan_fd);
		if (dir_fd >= 0)
			close(dir_fd);
		free(dir);
		return EXIT_USAGE;
	}
	struct rbdc_ctx ctx;
	struct compilation c;
	setup_ctx(&ctx, cli);
	int status = front_end(&ctx, cli, cli->files[0], &c, false);
	if (status != EXIT_OK) {
		closedir(d);
		close(dir_fd);
		rbdc_ctx_fini(&ctx);
		free(dir);
		return status;
	}
	struct mem_sink sink = {.ctx = &ctx, .source = c.model.source_name};
	strmap_init(&sink.names, &ctx.arena);
	struct lower_sink ls = {mem_object, &sink};
	if (lower_program(&ctx, &c.model, true, &ls)) {
		fprintf(stderr, "rbdc: error: cannot emit YAML\n");
		status = EXIT_USAGE;
	}
	/* JSON and SARIF own stdout (one document a reader parses), so the diff text goes to stderr with them. */
	FILE *diff_out = cli->format == FORMAT_TEXT ? stdout : stderr;
	struct diff_counts n = {0, 0, 0, 0};
	for (const struct mem_file *f = sink.files; f && status == EXIT_OK; f = f->next)
		if (diff_one(diff_out, dir_fd, dir, f, &ctx.arena, &n))
			status = EXIT_USAGE;
	/* Generated files that the program no longer produces would be removed by a compile. Only regular files are
	   read; anything else under another name is the user's and a compile keeps it. */
	struct dirent *e;
	while (status == EXIT_OK && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strmap_get(&sink.names, e->d_name, strlen(e->d_name)))
			continue;
		struct stat st;
		size_t len = 0;
		bool too_big;
		char *old = read_entry(dir_fd, e->d_name, &len, &st, &too_big);
		if (old && has_mark(old, len)) {
			n.stale++;
			const char *path = arena_printf(&ctx.arena, "%s/%s", dir, e->d_name);
			if (too_big)
				fprintf(diff_out, "Files %s and /dev/null differ\n", path);
			else
				textdiff_unified(diff_out, path, old, len, "/dev/null", "", 0);
		}
		free(old);
	}
	closedir(d);
	close(dir_fd);
	textbuf_free(&sink.buf);
	if (status == EXIT_OK && n.changed + n.missing + n.stale + n.foreign) {
		fprintf(stderr, "rbdc: '%s' is not what '%s'%s%s compiles to: %zu changed, %zu missing, %zu stale, %zu foreign; %srun: rbdc %s%s%s -o %s\n",
			dir, cli->files[0], cli->environment ? " environment " : "", cli->environment ? cli->environment : "",
			n.changed, n.missing, n.stale, n.foreign, n.foreign ? "move the foreign entries away, then " : "", cli->files[0],
			cli->environment ? " --env " : "", cli->environment ? cli->environment : "", dir);
		status = EXIT_FINDINGS;
	}
	rbdc_ctx_fini(&ctx);
	free(dir);
	return status;
}

/* `rbdc graph FILE`: the checked program as a Graphviz DOT picture on stdout (render with `dot -Tsvg`). */
static int run_graph(struct cli *cli)
{
	if (cli->n_files != 1)
		return usage_error("graph takes one FILE%s", "");
	if (cli->output)
		return usage_error("graph writes DOT to standard output; drop -o (redirect it instead)%s", "");
	struct rbdc_ctx ctx;
	struct compilation c;
	setup_ctx(&ctx, cli);
	int status = front_end(&ctx, cli, cli->files[0], &c, false); /* with --env, that environment's picture */
	if (status == EXIT_OK) {
		struct textbuf dot = {0};
		graph_dot(&dot, &c.model);
		fwrite(dot.data, 1, dot.len, stdout);
		textbuf_free(&dot);
	}
	rbdc_ctx_fini(&ctx);
	return status;
}

static int by_code_name(const void *a, const void *b)
{
	return strcmp(diag_code_info(*(const enum diag_code *)a)->name, diag_code_info(*(const enum diag_code *)b)->name);
}

/* `rbdc explain` alone: every code with its severity and one-line title, in code order, to find the one to explain. */
static int list_codes(void)
{
	enum diag_code codes[DIAG_CODE_COUNT];
	for (int i = 0; i < DIAG_CODE_COUNT; i++)
		codes[i] = (enum diag_code)i;
	qsort(codes, DIAG_CODE_COUNT, sizeof codes[0], by_code_name);
	for (int i = 0; i < DIAG_CODE_COUNT; i++) {
		const struct diag_code_info *info = diag_code_info(codes[i]);
		printf("%s  %-7s  %s\n", info->name, info->severity == SEV_ERROR ? "error" : "warning", info->title);
	}
	printf("\n'rbdc explain CODE' says why a rule exists and how to fix what it reports.\n");
	return EXIT_OK;
}

static int run_explain(const struct cli *cli)
{
	if (cli->n_files == 0)
		return list_codes();
	if (cli->n_files != 1)
		return usage_error("explain takes one code, like E013%s", "");
	int code = diag_code_lookup(cli->files[0]);
	if (code < 0)
		return usage_error("unknown diagnostic code '%s'", cli->files[0]);
	const struct diag_code_info *info = diag_code_info((enum diag_code)code);
	printf("%s: %s (%s)\n\n%s\n", info->name, info->title, info->severity == SEV_ERROR ? "error" : "warning",
	       info->explanation);
	return EXIT_OK;
}

/* Replaces the regular file @path (a symbolic link: the file it points to, so the link stays) with @len bytes of @data:
   a temporary sibling is written, fsync'ed and renamed over it, so a reader sees the old file or the new one, never a
   half-written one. Signals wait meanwhile, so an interrupted run leaves no temporary file. 0, or -1 with errno set. */
static int replace_file(const char *path, const char *data, size_t len)
{
	char *target = realpath(path, NULL);
	if (!target)
		return -1;
	struct stat st;
	if (stat(target, &st) != 0) {
		free(target);
		return -1;
	}
	char *slash = strrchr(target, '/');
	size_t dir_len = slash ? (size_t)(slash - target) : 0;
	size_t tmp_size = strlen(target) + 32;
	char *tmp = xmalloc(tmp_size);
	snprintf(tmp, tmp_size, "%.*s/.%s.rbdc-fmt-XXXXXX", (int)dir_len, target, slash ? slash + 1 : target);
	sigset_t stop, old;
	block_stop_signals(&stop, &old);
	int fd = mkstemp(tmp);
	int rc = fd < 0 ? -1 : 0;
	for (size_t done = 0; rc == 0 && done < len;) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			rc = -1;
		else
			done += (size_t)w;
	}
	if (rc == 0 && (fchmod(fd, st.st_mode & 07777) != 0 || fsync(fd) != 0))
		rc = -1;
	int err = errno;
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc == 0 && rename(tmp, target) != 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0 && fd >= 0)
		unlink(tmp);
	if (rc == 0) { /* the rename itself survives a crash once the directory is on disk */
		char *dir = strndup(target, dir_len ? dir_len : 1);
		int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	free(tmp);
	free(target);
	errno = err;
	return rc;
}

/* `rbdc fmt`: each FILE rewritten in place when its layout is not the canonical one ('-': standard input to standard
   output); with --check, nothing is written and the files that would change are named on stdout. A file that does
   not parse is never touched: its syntax errors are reported and the status is 1. */
static int run_fmt(struct cli *cli)
{
	static const char *const stdin_only[] = {"-"};
	const char *const *files = cli->n_files ? cli->files : stdin_only;
	int n_files = cli->n_files ? cli->n_files : 1;
	if (cli->output)
		return usage_error("fmt rewrites FILE in place ('-': to standard output); drop -o%s", "");
	for (int i = 0; i < n_files && !cli->fmt_check; i++)
		if (strcmp(files[i], "-") == 0 && cli->format != FORMAT_TEXT)
			return usage_error("fmt - writes the program to standard output; JSON or SARIF diagnostics would mix with it%s", "");
	int status = EXIT_OK;
	size_t unformatted = 0;
	for (int i = 0; i < n_files; i++) {
		const char *path = files[i];
		bool from_stdin = strcmp(path, "-") == 0;
		const char *name = from_stdin ? (cli->stdin_name ? cli->stdin_name : "<stdin>") : path;
		struct stat st;
		if (!from_stdin && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			fprintf(stderr, "rbdc: error: '%s' is not a regular file; fmt rewrites files in place\n", path);
			status = EXIT_USAGE;
			continue;
		}
		size_t len = 0;
		char *text = read_input(path, &len);
		if (!text) {
			fprintf(stderr, "rbdc: error: cannot read '%s': %s\n", path, strerror(errno));
			status = EXIT_USAGE;
			continue;
		}
		struct rbdc_ctx ctx;
		setup_ctx(&ctx, cli);
		struct textbuf out = {0};
		int rc = fmt_source(&ctx, name, text, len, &out);
		switch (cli->format) {
		case FORMAT_TEXT: diag_render(&ctx, stderr); break;
		case FORMAT_JSON: diag_render_json(&ctx, stdout); break;
		case FORMAT_SARIF: diag_render_sarif(&ctx, stdout, &cli->sarif_first); break;
		}
		if (rc != 0) {
			fprintf(stderr, "rbdc: error: '%s' has syntax errors; fmt left it unchanged\n", name);
			if (status < EXIT_FINDINGS)
				status = EXIT_FINDINGS;
		} else {
			const char *formatted = out.data ? out.data : "";
			bool same = out.len == len && memcmp(formatted, text, len) == 0;
			if (cli->fmt_check) {
				if (!same) { /* JSON and SARIF own stdout, as with diff */
					fprintf(cli->format == FORMAT_TEXT ? stdout : stderr, "%s\n", name);
					unformatted++;
				}
			} else if (from_stdin) {
				fwrite(formatted, 1, out.len, stdout);
			} else if (!same && replace_file(path, formatted, out.len) != 0) {
				fprintf(stderr, "rbdc: error: cannot rewrite '%s': %s; it is unchanged\n", path, strerror(errno));
				status = EXIT_USAGE;
			}
		}
		textbuf_free(&out);
		rbdc_ctx_fini(&ctx);
		free(text);
	}
	if (unformatted) {
		fprintf(stderr, "rbdc: %zu file%s not in canonical form; run: rbdc fmt FILE\n", unformatted, unformatted == 1 ? " is" : "s are");
		if (status < EXIT_FINDINGS)
			status = EXIT_FINDINGS;
	}
	return status;
}

/* Everything rbdc prints on stdout (YAML, diagnostics as JSON or SARIF, a diff, --help) is the result: when it
   could not all be written, the exit status says so. A reader that stopped early (`| head`) is EPIPE rather than
   SIGPIPE, and gets exit 2 without a message, since whoever closed the pipe knows. */
static int check_stdout(int rc)
{
	errno = 0;
	int flush_failed = fflush(stdout);
	int err = errno;
	if (!flush_failed && !ferror(stdout))
		return rc;
	/* Exit 2 already came with its message (the -o - stream reports its own write errors). */
	if (rc != EXIT_USAGE && err != EPIPE && !stdout_reader_gone())
		fprintf(stderr, "rbdc: error: cannot write to standard output%s%s\n", err ? ": " : "", err ? strerror(err) : "");
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	/* `rbdc lsp`: editors start it and speak JSON-RPC on stdio; --stdio is what vscode-languageclient appends. */
	if (argc > 1 && strcmp(argv[1], "lsp") == 0) {
		if (argc > 3 || (argc == 3 && strcmp(argv[2], "--stdio") != 0))
			return usage_error("lsp takes no arguments but --stdio (it always speaks on standard input and output)%s", "");
		return lsp_run(STDIN_FILENO, STDOUT_FILENO);
	}
	struct cli cli;
	int rc = parse_cli(argc, argv, &cli);
	if (rc < 0) {
		cli.sarif_first = true;
		bool sarif = cli.format == FORMAT_SARIF && cli.mode != MODE_EXPLAIN; /* explain prints text, not a log */
		if (sarif)
			diag_sarif_begin(stdout);
		switch (cli.mode) {
		case MODE_COMPILE: rc = run_compile(&cli); break;
		case MODE_CHECK: rc = run_check(&cli); break;
		case MODE_DIFF: rc = run_diff(&cli); break;
		case MODE_EXPLAIN: rc = run_explain(&cli); break;
		case MODE_FMT: rc = run_fmt(&cli); break;
		case MODE_GRAPH: rc = run_graph(&cli); break;
		}
		if (sarif)
			diag_sarif_end(stdout);
	}
	free(cli.files);
	return check_stdout(rc);
}
