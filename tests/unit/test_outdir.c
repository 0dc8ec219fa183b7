/* test_outdir.c: unit tests of the atomic output directory, in a fresh temporary directory per test. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "testutil_backend.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"

/* The fixture: a scratch directory holding the output directory `out` and its temporary siblings. */
struct fixture {
	char root[64];
	char out[96];
};

/* Paths built by the tests live until the test's teardown. */
static struct arena scratch;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	snprintf(fx->root, sizeof fx->root, "/tmp/rbdc-outdir-XXXXXX");
	if (!mkdtemp(fx->root))
		return -1;
	snprintf(fx->out, sizeof fx->out, "%s/out", fx->root);
	*state = fx;
	arena_init(&scratch);
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *fx = *state;
	nftw(fx->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	arena_fini(&scratch);
	return 0;
}

static const char *path_in(const char *dir, const char *name)
{
	return arena_printf(&scratch, "%s/%s", dir, name);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* The whole file, malloc'd; NULL when it cannot be read. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int c;
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

static void assert_file(const char *path, const char *want)
{
	char *got = read_file(path);
	if (!got)
		fail_msg("cannot read %s", path);
	assert_string_equal(got, want);
	free(got);
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted names in @dir joined by ' ' (directories get a '/'); "" for an empty directory. */
static char *listing(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return strdup("<none>");
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		struct stat st;
		lstat(path_in(dir, e->d_name), &st);
		size_t len = strlen(e->d_name);
		names[n] = malloc(len + 2);
		memcpy(names[n], e->d_name, len + 1);
		if (S_ISDIR(st.st_mode))
			strcat(names[n], "/");
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof names[0], compare_names);
	char *out = calloc(1, 64 * 260);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, names[i]);
		free(names[i]);
	}
	return out;
}

static void assert_listing(const char *dir, const char *want)
{
	char *got = listing(dir);
	assert_string_equal(got, want);
	free(got);
}

/* Every temporary sibling is gone: the scratch directory holds only what the test put there (and `out`). */
static void assert_no_temp_dirs(const struct fixture *fx)
{
	DIR *d = opendir(fx->root);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".rbdc-"))
			fail_msg("temporary directory %s/%s was left behind", fx->root, e->d_name);
	closedir(d);
}

/* A generated file as rbdc writes it. */
static const char *generated(const char *body)
{
	static char buf[4][256];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, 256, OUTDIR_MARK "test.rbd; do not edit\n%s", body);
	return p;
}

/* One run of rbdc writing @names (NULL-terminated) with generated(name) as contents; returns outdir_commit's result. */
static int run(const char *out, const char *const *names, struct outdir *o)
{
	assert_int_equal(outdir_begin(o, out, NULL, NULL), 0);
	for (size_t i = 0; names[i]; i++) {
		const char *text = generated(names[i]);
		assert_int_equal(outdir_add(o, names[i], text, strlen(text)), 0);
	}
	int rc = outdir_commit(o);
	outdir_abort(o); /* as the CLI does after every run: a no-op after a commit */
	return rc;
}

/* A snapshot of a directory tree: every path and its bytes, for "byte-for-byte intact". */
static char *snapshot(const char *dir)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char *names = listing(dir);
	fprintf(m, "[%s]\n", names);
	char *save = NULL;
	for (char *name = strtok_r(names, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(name);
		if (name[n - 1] == '/') {
			name[n - 1] = '\0';
			char *sub = snapshot(path_in(dir, name));
			fprintf(m, "%s/ {%s}\n", name, sub);
			free(sub);
			continue;
		}
		char *text = read_file(path_in(dir, name));
		fprintf(m, "%s: %s\n", name, text ? text : "<unreadable>");
		free(text);
	}
	free(names);
	fclose(m);
	return buf;
}

/* ---- tests --------------------------------------------------------------------------------------------- */

static void fresh_directory_is_created(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_false(exists(fx->out));
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "b.yaml", NULL}, &o), 0);
	assert_listing(fx->out, "a.yaml b.yaml");
	assert_file(path_in(fx->out, "a.yaml"), generated("a.yaml"));
	assert_file(path_in(fx->out, "b.yaml"), generated("b.yaml"));
	assert_no_temp_dirs(fx);
}

static void temp_sibling_lives_next_to_the_output(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	assert_non_null(o.tmp_path);
	/* .rbdc-KEY-XXXXXX, KEY the hash of "out"; the lock .rbdc-KEY.lock beside it */
	const char *prefix = path_in(fx->root, arena_printf(&scratch, ".rbdc-%s-", o.key));
	assert_int_equal(strlen(o.key), OUTDIR_KEY_LEN);
	assert_int_equal(strncmp(o.tmp_path, prefix, strlen(prefix)), 0);
	assert_int_equal(strlen(o.tmp_path), strlen(prefix) + 6);
	assert_true(exists(path_in(fx->root, arena_printf(&scratch, ".rbdc-%s.lock", o.key))));
	struct stat st;
	assert_int_equal(stat(o.tmp_path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_false(exists(fx->out)); /* nothing visible until the commit */
	assert_int_equal(outdir_commit(&o), 0);
	assert_null(o.tmp_path);
	assert_int_equal(o.tmp_fd, -1);
	assert_int_equal(o.lock_fd, -1);
	assert_no_temp_dirs(fx); /* the lock file is gone too */
	outdir_abort(&o);
}

static void replacing_swaps_the_contents(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "old.yaml", NULL}, &o), 0);
	write_file(path_in(fx->out, "a.yaml"), generated("edited by hand, still marked"));
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	const char *fresh = "# generated by rbdc from test.rbd; do not edit\nnew\n";
	assert_int_equal(outdir_add(&o, "a.yaml", fresh, strlen(fresh)), 0);
	assert_int_equal(outdir_add(&o, "b.yaml", generated("b"), strlen(generated("b"))), 0);
	/* until the commit, the old output is what readers see */
	assert_listing(fx->out, "a.yaml old.yaml");
	assert_int_equal(outdir_commit(&o), 0);
	outdir_abort(&o);
	assert_listing(fx->out, "a.yaml b.yaml"); /* old.yaml was generated and is not generated now: stale */
	assert_file(path_in(fx->out, "a.yaml"), fresh);
	assert_no_temp_dirs(fx);
}

static void foreign_files_and_directories_are_kept(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "stale.yaml", NULL}, &o), 0);
	write_file(path_in(fx->out, "README.md"), "kept by hand\n");
	write_file(path_in(fx->out, "patch.yaml"), "# generated by another tool\nkind: Patch\n");
	write_file(path_in(fx->out, "short.yaml"), "# generated by rbdc"); /* shorter than the mark */
	write_file(path_in(fx->out, "empty.yaml"), "");
	assert_int_equal(mkdir(path_in(fx->out, "overlays"), 0755), 0);
	write_file(path_in(path_in(fx->out, "overlays"), "prod.yaml"), "kind: Kustomization\n");
	write_file(path_in(path_in(fx->out, "overlays"), "gen.yaml"), generated("inside a subdirectory"));
	assert_int_equal(symlink("README.md", path_in(fx->out, "link.md")), 0);

	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "b.yaml", NULL}, &o), 0);
	assert_listing(fx->out, "README.md a.yaml b.yaml empty.yaml link.md overlays/ patch.yaml short.yaml");
	assert_file(path_in(fx->out, "README.md"), "kept by hand\n");
	assert_file(path_in(fx->out, "patch.yaml"), "# generated by another tool\nkind: Patch\n");
	assert_file(path_in(fx->out, "short.yaml"), "# generated by rbdc");
	assert_file(path_in(fx->out, "empty.yaml"), "");
	/* a kept directory is kept whole, generated-looking files included */
	assert_listing(path_in(fx->out, "overlays"), "gen.yaml prod.yaml");
	assert_file(path_in(path_in(fx->out, "overlays"), "gen.yaml"), generated("inside a subdirectory"));
	char target[64] = {0};
	assert_int_equal(readlink(path_in(fx->out, "link.md"), target, sizeof target - 1), 9);
	assert_string_equal(target, "README.md");
	assert_no_temp_dirs(fx);

	/* and a third run keeps them again */
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	assert_listing(fx->out, "README.md a.yaml empty.yaml link.md overlays/ patch.yaml short.yaml");
	assert_no_temp_dirs(fx);
}

static void foreign_file_clash_fails_and_keeps_old_output(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "b.yaml", NULL}, &o), 0);
	write_file(path_in(fx->out, "c.yaml"), "kind: Mine\n"); /* the user's, and rbdc now wants to write c.yaml */
	write_file(path_in(fx->out, "notes.txt"), "notes\n");
	/* several directories, so some are moved into the new output before the clash is found, and must come back */
	static const char *const dirs[] = {"d1", "d2", "d3", "d4", "d5", "d6"};
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(mkdir(path_in(fx->out, dirs[i]), 0755), 0);
		write_file(path_in(path_in(fx->out, dirs[i]), "f.txt"), dirs[i]);
	}
	char *before = snapshot(fx->out);

	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	static const char *const names[] = {"a.yaml", "b.yaml", "c.yaml", NULL};
	for (size_t i = 0; names[i]; i++)
		assert_int_equal(outdir_add(&o, names[i], generated("new"), strlen(generated("new"))), 0);
	assert_int_equal(outdir_commit(&o), -1);
	assert_non_null(strstr(o.error, "c.yaml"));
	assert_non_null(strstr(o.error, "not generated by rbdc"));
	outdir_abort(&o);

	char *after = snapshot(fx->out);
	assert_string_equal(after, before);
	assert_file(path_in(fx->out, "a.yaml"), generated("a.yaml"));
	assert_no_temp_dirs(fx);
	free(before);
	free(after);
}

static void foreign_directory_clash_fails(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	assert_int_equal(mkdir(path_in(fx->out, "b.yaml"), 0755), 0);
	write_file(path_in(path_in(fx->out, "b.yaml"), "x"), "x\n");
	char *before = snapshot(fx->out);
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "b.yaml", NULL}, &o), -1);
	char *after = snapshot(fx->out);
	assert_string_equal(after, before);
	assert_no_temp_dirs(fx);
	free(before);
	free(after);
}

static void symlinked_output_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	const char *real = path_in(fx->root, "real");
	assert_int_equal(mkdir(real, 0755), 0);
	write_file(path_in(real, "a.yaml"), generated("old"));
	assert_int_equal(symlink("real", fx->out), 0);
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), -1);
	assert_non_null(strstr(o.error, "symbolic link"));
	outdir_abort(&o);
	/* with a trailing slash too */
	char slash[128];
	snprintf(slash, sizeof slash, "%s/", fx->out);
	assert_int_equal(outdir_begin(&o, slash, NULL, NULL), -1);
	outdir_abort(&o);
	assert_listing(real, "a.yaml");
	assert_file(path_in(real, "a.yaml"), generated("old"));
	struct stat st;
	assert_int_equal(lstat(fx->out, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_no_temp_dirs(fx);
}

static void regular_file_output_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	write_file(fx->out, "not a directory\n");
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), -1);
	assert_non_null(strstr(o.error, "not a directory"));
	outdir_abort(&o);
	assert_file(fx->out, "not a directory\n");
	assert_no_temp_dirs(fx);
}

/* Issue 12: `-o deploy/prod` without deploy/ creates the missing parents, as mkdir -p does. */
static void missing_parents_are_created(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(outdir_begin(&o, path_in(fx->root, "no/such/out"), NULL, NULL), 0);
	assert_int_equal(outdir_add(&o, "a.yaml", "x", 1), 0);
	assert_int_equal(outdir_commit(&o), 0);
	outdir_abort(&o);
	assert_true(exists(path_in(fx->root, "no/such/out/a.yaml")));
}

/* A link where a parent would be made is refused, and nothing is made where it points. */
static void link_where_a_parent_is_made_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(symlink(path_in(fx->root, "elsewhere"), path_in(fx->root, "dangling")), 0);
	assert_int_equal(outdir_begin(&o, path_in(fx->root, "dangling/out"), NULL, NULL), -1);
	assert_non_null(strstr(o.error, "symbolic link"));
	outdir_abort(&o);
	assert_false(exists(path_in(fx->root, "elsewhere")));
	assert_int_equal(outdir_begin(&o, path_in(fx->root, "new/../out"), NULL, NULL), -1);
	outdir_abort(&o);
	assert_false(exists(path_in(fx->root, "new")));
}

static void add_refuses_names_that_are_not_plain(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	static const char *const bad[] = {"sub/a.yaml", "../escape.yaml", ".hidden.yaml", ".", "..", "", "/abs.yaml", "a/"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		o.error[0] = '\0';
		if (outdir_add(&o, bad[i], "x", 1) != -1)
			fail_msg("outdir_add accepted '%s'", bad[i]);
		assert_true(o.error[0] != '\0');
	}
	assert_listing(o.tmp_path, "");
	assert_false(exists(path_in(fx->root, "escape.yaml")));
	/* the same file twice is refused too, and the first one stays */
	assert_int_equal(outdir_add(&o, "a.yaml", "first", 5), 0);
	assert_int_equal(outdir_add(&o, "a.yaml", "second", 6), -1);
	assert_int_equal(outdir_commit(&o), 0);
	outdir_abort(&o);
	assert_listing(fx->out, "a.yaml");
	assert_file(path_in(fx->out, "a.yaml"), "first");
	assert_no_temp_dirs(fx);
}

static void abort_leaves_old_output(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "b.yaml", NULL}, &o), 0);
	write_file(path_in(fx->out, "README.md"), "mine\n");
	char *before = snapshot(fx->out);
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	char *tmp = strdup(o.tmp_path);
	assert_int_equal(outdir_add(&o, "a.yaml", generated("half"), strlen(generated("half"))), 0);
	outdir_abort(&o);
	assert_false(exists(tmp));
	assert_null(o.tmp_path);
	char *after = snapshot(fx->out);
	assert_string_equal(after, before);
	assert_no_temp_dirs(fx);
	free(tmp);
	free(before);
	free(after);
}

static void abort_without_old_output_creates_nothing(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	assert_int_equal(outdir_add(&o, "a.yaml", "x", 1), 0);
	outdir_abort(&o);
	outdir_abort(&o); /* twice is harmless */
	assert_false(exists(fx->out));
	assert_no_temp_dirs(fx);
}

static void relative_path_and_trailing_slash(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	char cwd[512];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(fx->root), 0);
	int first = run("out", (const char *const[]){"a.yaml", NULL}, &o);
	int second = run("out/", (const char *const[]){"b.yaml", NULL}, &o);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(first, 0);
	assert_int_equal(second, 0);
	assert_listing(fx->out, "b.yaml");
	assert_no_temp_dirs(fx);
}

static void identical_rerun_is_stable(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "kustomization.yaml", NULL}, &o), 0);
	char *before = snapshot(fx->out);
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", "kustomization.yaml", NULL}, &o), 0);
	char *after = snapshot(fx->out);
	assert_string_equal(after, before);
	assert_no_temp_dirs(fx);
	free(before);
	free(after);
}

/* ---- issue 8: links and FIFOs, long names, concurrent and dead runs ------------------------------------------ */

/* outdir_open_regular opens only regular files: a link (to a file or to /proc/self/environ), a FIFO (which would
   block an open without O_NONBLOCK), a directory are refused without being read; a missing name says so. */
static void open_regular_refuses_everything_else(void **state)
{
	struct fixture *fx = *state;
	int dir = open(fx->root, O_RDONLY | O_DIRECTORY);
	assert_true(dir >= 0);
	write_file(path_in(fx->root, "plain.yaml"), "plain\n");
	assert_int_equal(symlink("plain.yaml", path_in(fx->root, "link.yaml")), 0);
	assert_int_equal(symlink("/proc/self/environ", path_in(fx->root, "environ.yaml")), 0);
	assert_int_equal(mkfifo(path_in(fx->root, "fifo.yaml"), 0644), 0);
	assert_int_equal(mkdir(path_in(fx->root, "dir.yaml"), 0755), 0);
	struct stat st;
	int fd = outdir_open_regular(dir, "plain.yaml", &st);
	assert_true(fd >= 0);
	assert_true(S_ISREG(st.st_mode));
	char buf[16] = {0};
	assert_int_equal(read(fd, buf, sizeof buf - 1), 6);
	assert_string_equal(buf, "plain\n");
	close(fd);
	static const char *const refused[] = {"link.yaml", "environ.yaml", "fifo.yaml", "dir.yaml"};
	for (size_t i = 0; i < 4; i++) {
		errno = 0;
		if (outdir_open_regular(dir, refused[i], &st) != -1)
			fail_msg("%s was opened", refused[i]);
		assert_int_equal(errno, EINVAL);
		assert_true(st.st_mode != 0 && !S_ISREG(st.st_mode));
	}
	assert_int_equal(outdir_open_regular(dir, "missing.yaml", &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(st.st_mode, 0);
	close(dir);
}

/* A FIFO or a link under a name rbdc does not generate is carried over as it is, and never opened (a FIFO opened
   for reading without a writer would hang the run). */
static void fifo_and_link_under_other_names_are_kept_unopened(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	assert_int_equal(mkfifo(path_in(fx->out, "pipe"), 0644), 0);
	assert_int_equal(symlink("/proc/self/environ", path_in(fx->out, "env.yaml")), 0);
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	assert_listing(fx->out, "a.yaml env.yaml pipe");
	struct stat st;
	assert_int_equal(lstat(path_in(fx->out, "pipe"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_no_temp_dirs(fx);
}

/* rbdc never writes a dot name, so a dotfile is the user's even when it starts with the mark. */
static void dotfile_with_the_mark_is_kept(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	write_file(path_in(fx->out, ".copy.yaml"), generated("a copy the user keeps"));
	assert_int_equal(run(fx->out, (const char *const[]){"b.yaml", NULL}, &o), 0);
	assert_listing(fx->out, ".copy.yaml b.yaml");
	assert_file(path_in(fx->out, ".copy.yaml"), generated("a copy the user keeps"));
}

/* A DIR name of 255 bytes (the longest a name can be): the siblings' names do not grow with it. */
static void longest_directory_name_works(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	char name[256];
	memset(name, 'k', 255);
	name[255] = '\0';
	const char *out = path_in(fx->root, name);
	assert_int_equal(run(out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	write_file(path_in(out, "README.md"), "mine\n");
	assert_int_equal(run(out, (const char *const[]){"b.yaml", NULL}, &o), 0);
	assert_listing(out, "README.md b.yaml");
	assert_no_temp_dirs(fx);
}

/* While one run holds DIR, another waits; the waiting one can give up (the CLI's Ctrl-C) and leaves nothing. */
static bool give_up_after_three(void *arg)
{
	int *polls = arg;
	return ++*polls >= 3;
}

static void second_run_waits_for_the_lock(void **state)
{
	struct fixture *fx = *state;
	struct outdir first, second;
	assert_int_equal(outdir_begin(&first, fx->out, NULL, NULL), 0);
	int polls = 0;
	assert_int_equal(outdir_begin(&second, fx->out, give_up_after_three, &polls), -1);
	assert_int_equal(polls, 3);
	assert_non_null(strstr(second.error, "interrupted"));
	assert_null(second.tmp_path); /* it never got as far as a directory */
	outdir_abort(&second);
	const char *text = generated("first");
	assert_int_equal(outdir_add(&first, "a.yaml", text, strlen(text)), 0);
	assert_int_equal(outdir_commit(&first), 0);
	outdir_abort(&first);
	assert_listing(fx->out, "a.yaml");
	assert_no_temp_dirs(fx);
	/* and once the first is done, the lock is free */
	assert_int_equal(run(fx->out, (const char *const[]){"b.yaml", NULL}, &second), 0);
	assert_listing(fx->out, "b.yaml");
	assert_no_temp_dirs(fx);
}

/* The lock file may be left by a run killed outright, and its inode may be replaced while another run waits: the
   next run still locks, and removes it. */
static void leftover_lock_file_is_reused_and_removed(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	char *lock = strdup(path_in(fx->root, arena_printf(&scratch, ".rbdc-%s.lock", o.key)));
	outdir_abort(&o);
	assert_false(exists(lock));
	write_file(lock, "");
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	assert_false(exists(lock));
	/* a link planted under the lock's name is not followed */
	assert_int_equal(symlink("/etc/passwd", lock), 0);
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), -1);
	assert_non_null(strstr(o.error, "lock"));
	outdir_abort(&o);
	assert_int_equal(unlink(lock), 0);
	free(lock);
	assert_no_temp_dirs(fx);
}

/* A run killed outright (SIGKILL) while carrying the user's subdirectory into its new directory leaves it there;
   the next run, holding the lock, knows that sibling is dead and gives the subdirectory back to DIR. The same
   for a run killed after the swap, whose sibling holds the old output with the user's files (hard-linked). */
static void dead_run_siblings_give_the_user_files_back(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	write_file(path_in(fx->out, "README.md"), "readme\n");
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	const char *key = arena_strdup(&scratch, o.key);
	outdir_abort(&o);
	/* before the swap: new files, a hard link of README.md, and the user's subdirectory moved in */
	const char *dead = path_in(fx->root, arena_printf(&scratch, ".rbdc-%s-Dead01", key));
	assert_int_equal(mkdir(dead, 0700), 0);
	write_file(path_in(dead, "a.yaml"), generated("new"));
	write_file(path_in(dead, "c.yaml"), "");           /* killed between open and write */
	write_file(path_in(dead, "d.yaml"), "# generated b"); /* killed in the middle of a write */
	assert_int_equal(link(path_in(fx->out, "README.md"), path_in(dead, "README.md")), 0);
	assert_int_equal(mkdir(path_in(dead, "overlays"), 0755), 0);
	write_file(path_in(path_in(dead, "overlays"), "prod.yaml"), "kind: Kustomization\n");
	/* after the swap: the old output, with a file the user added to DIR meanwhile */
	const char *dead2 = path_in(fx->root, arena_printf(&scratch, ".rbdc-%s-Dead02", key));
	assert_int_equal(mkdir(dead2, 0700), 0);
	write_file(path_in(dead2, "old.yaml"), generated("old"));
	write_file(path_in(dead2, "notes.txt"), "written during the run\n");
	/* another DIR's sibling and an unrelated name are not touched */
	const char *other = path_in(fx->root, ".rbdc-0123456789abcdef-Other1");
	assert_int_equal(mkdir(other, 0700), 0);
	write_file(path_in(other, "x.yaml"), generated("x"));

	assert_int_equal(run(fx->out, (const char *const[]){"b.yaml", NULL}, &o), 0);
	assert_listing(fx->out, "README.md b.yaml notes.txt overlays/");
	assert_file(path_in(fx->out, "README.md"), "readme\n");
	assert_file(path_in(fx->out, "notes.txt"), "written during the run\n");
	assert_file(path_in(path_in(fx->out, "overlays"), "prod.yaml"), "kind: Kustomization\n");
	assert_false(exists(dead));
	assert_false(exists(dead2));
	assert_file(path_in(other, "x.yaml"), generated("x"));
}

/* A file the user writes into DIR while rbdc runs (after the carry-over) lands in the old directory, which the
   swap moves aside: it must come back into DIR, not be deleted with the old output. */
static bool add_a_user_file(void *arg)
{
	const char *out = arg;
	write_file(path_in(out, "late.txt"), "late\n");
	return false;
}

static void file_written_during_the_run_is_kept(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	/* the stop hook is asked right before the swap: the last moment to sneak a file into the old DIR */
	assert_int_equal(outdir_begin(&o, fx->out, add_a_user_file, fx->out), 0);
	const char *text = generated("b");
	assert_int_equal(outdir_add(&o, "b.yaml", text, strlen(text)), 0);
	assert_int_equal(outdir_commit(&o), 0);
	outdir_abort(&o);
	assert_listing(fx->out, "b.yaml late.txt");
	assert_file(path_in(fx->out, "late.txt"), "late\n");
	assert_no_temp_dirs(fx);
}

/* A stop request right before the swap keeps the old output whole. */
static bool always_stop(void *arg)
{
	(void)arg;
	return true;
}

static void stop_before_the_swap_keeps_the_old_output(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	assert_int_equal(mkdir(path_in(fx->out, "overlays"), 0755), 0);
	write_file(path_in(fx->out, "README.md"), "readme\n");
	char *before = snapshot(fx->out);
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	o.stop = always_stop;
	const char *text = generated("b");
	assert_int_equal(outdir_add(&o, "b.yaml", text, strlen(text)), 0);
	assert_int_equal(outdir_commit(&o), -1);
	assert_string_equal(o.error, "interrupted");
	outdir_abort(&o);
	char *after = snapshot(fx->out);
	assert_string_equal(after, before);
	assert_no_temp_dirs(fx);
	free(before);
	free(after);
}

/* ---- compiler bugs found by these tests (see the report) -------------------------------------------------- */

/* The new directory comes from mkdtemp(), which makes it 0700, and nothing widens it: a fresh output directory
   must get mkdir's mode (0777 less the umask), like any directory the user creates. */
static void regression_fresh_output_gets_the_umask_mode(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	mode_t old = umask(022);
	int rc = run(fx->out, (const char *const[]){"a.yaml", NULL}, &o);
	umask(old);
	assert_int_equal(rc, 0);
	struct stat st;
	assert_int_equal(stat(fx->out, &st), 0);
	if ((st.st_mode & 07777) != 0755)
		fail_msg("the output directory has mode %04o, not 0755", (unsigned)(st.st_mode & 07777));
}

/* Replacing an output directory must not change its mode (here 0750 became 0700, locking out the group). */
static void regression_replaced_output_keeps_its_mode(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	assert_int_equal(mkdir(fx->out, 0700), 0);
	assert_int_equal(chmod(fx->out, 0750), 0);
	assert_int_equal(run(fx->out, (const char *const[]){"a.yaml", NULL}, &o), 0);
	struct stat st;
	assert_int_equal(stat(fx->out, &st), 0);
	if ((st.st_mode & 07777) != 0750)
		fail_msg("the output directory has mode %04o, not 0750", (unsigned)(st.st_mode & 07777));
}

static ino_t inode_of(const char *path)
{
	struct stat st;
	if (lstat(path, &st))
		fail_msg("cannot stat %s", path);
	return st.st_ino;
}

static void add_text(struct outdir *o, const char *name, const char *text)
{
	assert_int_equal(outdir_add(o, name, text, strlen(text)), 0);
}

/* Re-runs (issue 13): a file whose bytes did not change is linked into the new directory, keeping its inode and
   mode; a changed one is a new file; after the swap every kept file has one link again. */
static void rerun_keeps_unchanged_files_and_replaces_changed_ones(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	const char *const names[] = {"a.yaml", "b.yaml", NULL};
	assert_int_equal(run(fx->out, names, &o), 0);
	const char *a = path_in(fx->out, "a.yaml"), *b = path_in(fx->out, "b.yaml");
	ino_t a_ino = inode_of(a), b_ino = inode_of(b);
	assert_int_equal(chmod(a, 0600), 0);
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	add_text(&o, "a.yaml", generated("a.yaml"));
	add_text(&o, "b.yaml", generated("b.yaml changed"));
	add_text(&o, "c.yaml", generated("c.yaml"));
	assert_int_equal(outdir_commit(&o), 0);
	outdir_abort(&o);
	struct stat st;
	assert_int_equal(lstat(a, &st), 0);
	assert_int_equal(st.st_ino, a_ino);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_nlink, 1);
	assert_true(inode_of(b) != b_ino);
	assert_file(b, generated("b.yaml changed"));
	assert_file(path_in(fx->out, "c.yaml"), generated("c.yaml"));
	assert_listing(fx->out, "a.yaml b.yaml c.yaml");
	assert_no_temp_dirs(fx);
}

/* A file with the same size but other bytes (edited by hand), one that shares its inode with a name outside DIR,
   and one that others may write are all written anew; the outside name keeps its own bytes. */
static void rerun_rewrites_edited_shared_and_open_files(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	const char *const names[] = {"a.yaml", "b.yaml", "c.yaml", NULL};
	assert_int_equal(run(fx->out, names, &o), 0);
	const char *a = path_in(fx->out, "a.yaml"), *b = path_in(fx->out, "b.yaml"), *c = path_in(fx->out, "c.yaml");
	write_file(a, generated("A.yaml")); /* same length, other bytes */
	const char *outside = path_in(fx->root, "outside.yaml");
	assert_int_equal(link(b, outside), 0);
	assert_int_equal(chmod(c, 0666), 0);
	ino_t a_ino = inode_of(a), b_ino = inode_of(b), c_ino = inode_of(c);
	assert_int_equal(run(fx->out, names, &o), 0);
	assert_true(inode_of(a) != a_ino);
	assert_file(a, generated("a.yaml"));
	assert_true(inode_of(b) != b_ino);
	assert_int_equal(inode_of(outside), b_ino);
	assert_true(inode_of(c) != c_ino);
	struct stat st;
	assert_int_equal(lstat(c, &st), 0);
	assert_int_equal(st.st_mode & 022, 0);
	assert_no_temp_dirs(fx);
}

/* A run that links files and then gives up leaves DIR as it was: same inodes, one link each, no sibling. */
static void aborted_rerun_leaves_linked_files_alone(void **state)
{
	struct fixture *fx = *state;
	struct outdir o;
	const char *const names[] = {"a.yaml", NULL};
	assert_int_equal(run(fx->out, names, &o), 0);
	const char *a = path_in(fx->out, "a.yaml");
	ino_t a_ino = inode_of(a);
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	add_text(&o, "a.yaml", generated("a.yaml"));
	struct stat st;
	assert_int_equal(lstat(a, &st), 0);
	assert_int_equal(st.st_nlink, 2); /* linked into the new directory, not copied */
	outdir_abort(&o);
	assert_int_equal(lstat(a, &st), 0);
	assert_int_equal(st.st_ino, a_ino);
	assert_int_equal(st.st_nlink, 1);
	assert_file(a, generated("a.yaml"));
	assert_no_temp_dirs(fx);
}

/* outdir_reuse, as the emitting threads call it: files longer than its 8 KiB read buffer are compared in full (a
   difference in the second chunk, one byte more at the end), and a bad name or a missing file is never linked. */
static void reuse_compares_long_files_in_full(void **state)
{
	struct fixture *fx = *state;
	enum { BIG = 20000 };
	char *big = malloc(BIG + 2);
	assert_non_null(big);
	memcpy(big, OUTDIR_MARK, sizeof OUTDIR_MARK - 1);
	for (size_t i = sizeof OUTDIR_MARK - 1; i < BIG; i++)
		big[i] = (char)('a' + i % 26);
	big[BIG] = '\n';
	big[BIG + 1] = '\0';
	struct outdir o;
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	assert_int_equal(outdir_add(&o, "same.yaml", big, BIG), 0);
	assert_int_equal(outdir_add(&o, "late.yaml", big, BIG), 0);
	assert_int_equal(outdir_add(&o, "long.yaml", big, BIG + 1), 0);
	assert_int_equal(outdir_commit(&o), 0);
	outdir_abort(&o);
	assert_int_equal(outdir_begin(&o, fx->out, NULL, NULL), 0);
	assert_true(outdir_reuse(&o, "same.yaml", big, BIG));
	big[BIG - 5] = '#'; /* past the first 8 KiB */
	assert_false(outdir_reuse(&o, "late.yaml", big, BIG));
	big[BIG - 5] = (char)('a' + (BIG - 5) % 26);
	assert_false(outdir_reuse(&o, "long.yaml", big, BIG)); /* DIR's file has one byte more */
	assert_false(outdir_reuse(&o, "missing.yaml", big, BIG));
	assert_false(outdir_reuse(&o, "../same.yaml", big, BIG));
	assert_false(outdir_reuse(&o, ".same.yaml", big, BIG));
	struct stat st;
	assert_int_equal(lstat(path_in(fx->out, "same.yaml"), &st), 0);
	assert_int_equal(st.st_nlink, 2); /* linked into the new directory */
	assert_int_equal(lstat(path_in(fx->out, "late.yaml"), &st), 0);
	assert_int_equal(st.st_nlink, 1);
	outdir_abort(&o);
	free(big);
	assert_no_temp_dirs(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fresh_directory_is_created, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(temp_sibling_lives_next_to_the_output, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(replacing_swaps_the_contents, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(foreign_files_and_directories_are_kept, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(foreign_file_clash_fails_and_keeps_old_output, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(foreign_directory_clash_fails, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(symlinked_output_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(regular_file_output_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(missing_parents_are_created, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(link_where_a_parent_is_made_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(add_refuses_names_that_are_not_plain, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(abort_leaves_old_output, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(abort_without_old_output_creates_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(relative_path_and_trailing_slash, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(identical_rerun_is_stable, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(regression_fresh_output_gets_the_umask_mode, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(regression_replaced_output_keeps_its_mode, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(open_regular_refuses_everything_else, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(fifo_and_link_under_other_names_are_kept_unopened, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(dotfile_with_the_mark_is_kept, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(longest_directory_name_works, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(second_run_waits_for_the_lock, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(leftover_lock_file_is_reused_and_removed, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(dead_run_siblings_give_the_user_files_back, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(file_written_during_the_run_is_kept, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(stop_before_the_swap_keeps_the_old_output, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(rerun_keeps_unchanged_files_and_replaces_changed_ones, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(rerun_rewrites_edited_shared_and_open_files, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(aborted_rerun_leaves_linked_files_alone, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(reuse_compares_long_files_in_full, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests_name("outdir", tests, NULL, NULL);
}
