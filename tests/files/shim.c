/* shim.c: LD_PRELOAD test shim for tests/files: watches every rename rbdc makes and fires signals around the swap. */
/* The binary carries no test hooks; this library, compiled by run.sh, sits between rbdc and libc instead:
     RBDC_SHIM_DIR=ABSPATH   the output directory being watched (required; without it the shim does nothing)
     RBDC_SHIM_LOG=FILE      one line per rename call on DIR's names, and "ABSENT ..." whenever a call that found DIR
                             in place left it missing (the window a non-atomic swap opens)
     RBDC_SHIM_ACT=WHAT      sync:SIG   raise SIG inside syncfs (while the new directory is synced, before the swap)
                             before:SIG raise SIG right before the rename that puts a directory at DIR
                             after:SIG  raise SIG right after it
                             noexchange renameat2(RENAME_EXCHANGE) fails with EINVAL, like on NFS
   SIG is INT, TERM or KILL. rbdc blocks INT and TERM while it writes, so they stay pending until it decides. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static void note(const char *fmt, ...)
{
	const char *log = getenv("RBDC_SHIM_LOG");
	if (!log)
		return;
	int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	char line[2 * PATH_MAX + 128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > 0)
		(void)!write(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	close(fd);
}

/* The absolute path @name names relative to @dirfd. */
static void resolve(int dirfd, const char *name, char *out, size_t size)
{
	char base[PATH_MAX] = "";
	if (name[0] == '/') {
		snprintf(out, size, "%s", name);
		return;
	}
	if (dirfd == AT_FDCWD) {
		if (!getcwd(base, sizeof base))
			base[0] = '\0';
	} else {
		char link[64];
		snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
		ssize_t n = readlink(link, base, sizeof base - 1);
		base[n > 0 ? n : 0] = '\0';
	}
	snprintf(out, size, "%s/%s", base, name);
}

static int act_signal(const char *when)
{
	const char *act = getenv("RBDC_SHIM_ACT");
	size_t n = strlen(when);
	if (!act || strncmp(act, when, n) != 0 || act[n] != ':')
		return 0;
	const char *sig = act + n + 1;
	return strcmp(sig, "INT") == 0 ? SIGINT : strcmp(sig, "TERM") == 0 ? SIGTERM : strcmp(sig, "KILL") == 0 ? SIGKILL : 0;
}

static bool dir_present(const char *dir)
{
	struct stat st;
	return lstat(dir, &st) == 0;
}

/* Every rename goes through here: @call performs the real one. */
static int watched(const char *what, int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned flags,
		   int (*call)(int, const char *, int, const char *, unsigned))
{
	const char *dir = getenv("RBDC_SHIM_DIR");
	if (!dir)
		return call(olddirfd, oldpath, newdirfd, newpath, flags);
	char from[PATH_MAX + 64], to[PATH_MAX + 64];
	resolve(olddirfd, oldpath, from, sizeof from);
	resolve(newdirfd, newpath, to, sizeof to);
	bool onto_dir = strcmp(to, dir) == 0;
	const char *act = getenv("RBDC_SHIM_ACT");
	if ((flags & RENAME_EXCHANGE) && act && strcmp(act, "noexchange") == 0) {
		note("%s %s -> %s flags %u: EINVAL (noexchange)\n", what, from, to, flags);
		errno = EINVAL;
		return -1;
	}
	int sig = onto_dir ? act_signal("before") : 0;
	if (sig) {
		note("raise %d before %s\n", sig, what);
		raise(sig);
	}
	bool was = dir_present(dir);
	int rc = call(olddirfd, oldpath, newdirfd, newpath, flags);
	int err = errno;
	bool is = dir_present(dir);
	note("%s %s -> %s flags %u: %d\n", what, from, to, flags, rc);
	if (was && !is)
		note("ABSENT %s after %s %s -> %s\n", dir, what, from, to);
	sig = onto_dir && rc == 0 ? act_signal("after") : 0;
	if (sig) {
		note("raise %d after %s\n", sig, what);
		raise(sig);
	}
	errno = err;
	return rc;
}

typedef int (*renameat2_fn)(int, const char *, int, const char *, unsigned);
typedef int (*renameat_fn)(int, const char *, int, const char *);
typedef int (*rename_fn)(const char *, const char *);

static int real_renameat2(int od, const char *op, int nd, const char *np, unsigned flags)
{
	static renameat2_fn next;
	if (!next)
		next = (renameat2_fn)dlsym(RTLD_NEXT, "renameat2");
	return next(od, op, nd, np, flags);
}

static int real_renameat(int od, const char *op, int nd, const char *np, unsigned flags)
{
	(void)flags;
	static renameat_fn next;
	if (!next)
		next = (renameat_fn)dlsym(RTLD_NEXT, "renameat");
	return next(od, op, nd, np);
}

static int real_rename(int od, const char *op, int nd, const char *np, unsigned flags)
{
	(void)od, (void)nd, (void)flags;
	static rename_fn next;
	if (!next)
		next = (rename_fn)dlsym(RTLD_NEXT, "rename");
	return next(op, np);
}

int renameat2(int od, const char *op, int nd, const char *np, unsigned flags)
{
	return watched("renameat2", od, op, nd, np, flags, real_renameat2);
}

int renameat(int od, const char *op, int nd, const char *np)
{
	return watched("renameat", od, op, nd, np, 0, real_renameat);
}

int rename(const char *op, const char *np)
{
	return watched("rename", AT_FDCWD, op, AT_FDCWD, np, 0, real_rename);
}

int syncfs(int fd)
{
	static int (*next)(int);
	if (!next)
		next = (int (*)(int))dlsym(RTLD_NEXT, "syncfs");
	int sig = getenv("RBDC_SHIM_DIR") ? act_signal("sync") : 0;
	if (sig) {
		note("raise %d in syncfs\n", sig);
		raise(sig);
	}
	return next(fd);
}
