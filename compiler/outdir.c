/* outdir.c: atomic replacement of the output directory, keeping every file that rbdc did not generate. */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"

__attribute__((format(printf, 2, 3))) static int fail(struct outdir *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->error, sizeof o->error, fmt, ap);
	va_end(ap);
	return -1;
}

static void remove_tree(const char *path);

/* A run killed outright (SIGKILL, power loss) leaves its `.NAME.rbdc-XXXXXX`; one untouched for ten minutes is
   no live run's (a live one adds files all the time), so it goes. Only files are removed from it: a user
   directory that was being carried over stays, inside it, for the user to find. */
static void remove_stale_siblings(const char *final_path)
{
	const char *slash = strrchr(final_path, '/');
	char *dir = slash ? strndup(final_path, slash == final_path ? 1 : (size_t)(slash - final_path)) : strdup(".");
	const char *base = slash ? slash + 1 : final_path;
	size_t n = strlen(base) + 16;
	char *prefix = xmalloc(n);
	snprintf(prefix, n, ".%s.rbdc-", base);
	DIR *d = opendir(dir);
	struct dirent *e;
	time_t now = time(NULL);
	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || strlen(e->d_name) != strlen(prefix) + 6)
			continue;
		size_t pn = strlen(dir) + strlen(e->d_name) + 2;
		char *path = xmalloc(pn);
		snprintf(path, pn, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_mtime + 600 < now)
			remove_tree(path);
		free(path);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(dir);
}

int outdir_begin(struct outdir *o, const char *path)
{
	memset(o, 0, sizeof *o);
	o->tmp_fd = -1;
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	o->final_path = xmalloc(n + 1);
	memcpy(o->final_path, path, n);
	o->final_path[n] = '\0';

	const char *last = strrchr(o->final_path, '/');
	last = last ? last + 1 : o->final_path;
	if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0 || strcmp(o->final_path, "/") == 0)
		return fail(o, "refusing to replace '%s': give the manifests a directory of their own, such as k8s", o->final_path);

	struct stat st;
	mode_t mask = umask(0);
	umask(mask);
	mode_t mode = 0777 & ~mask; /* what mkdir would have given; mkdtemp gives 0700 */
	if (lstat(o->final_path, &st) == 0) {
		mode = st.st_mode & 07777; /* a replaced directory keeps its permissions */
		if (S_ISLNK(st.st_mode))
			return fail(o, "'%s' is a symbolic link; rbdc replaces only real directories", o->final_path);
		if (!S_ISDIR(st.st_mode))
			return fail(o, "'%s' exists and is not a directory", o->final_path);
		/* Replacing means removing the old files afterwards: without write access that would leave them behind. */
		if (access(o->final_path, W_OK | X_OK))
			return fail(o, "cannot replace '%s': %s", o->final_path, strerror(errno));
	} else if (errno != ENOENT) {
		return fail(o, "cannot inspect '%s': %s", o->final_path, strerror(errno));
	}

	remove_stale_siblings(o->final_path);

	/* The sibling lives in the same directory, so the final rename never crosses a file system. */
	const char *slash = strrchr(o->final_path, '/');
	size_t dir_len = slash ? (size_t)(slash - o->final_path) : 0;
	const char *base = slash ? slash + 1 : o->final_path;
	size_t tn = n + 32;
	o->tmp_path = xmalloc(tn);
	if (slash)
		snprintf(o->tmp_path, tn, "%.*s/.%s.rbdc-XXXXXX", (int)(dir_len ? dir_len : 1), dir_len ? o->final_path : "/", base);
	else
		snprintf(o->tmp_path, tn, ".%s.rbdc-XXXXXX", base);
	if (!mkdtemp(o->tmp_path)) {
		int err = errno;
		free(o->tmp_path);
		o->tmp_path = NULL;
		return fail(o, "cannot create a directory next to '%s': %s", o->final_path, strerror(err));
	}
	o->tmp_fd = open(o->tmp_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->tmp_fd < 0)
		return fail(o, "cannot open '%s': %s", o->tmp_path, strerror(errno));
	if (fchmod(o->tmp_fd, mode))
		return fail(o, "cannot set the mode of '%s': %s", o->tmp_path, strerror(errno));
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int outdir_add(struct outdir *o, const char *name, const char *data, size_t len)
{
	if (!*name || strchr(name, '/') || name[0] == '.')
		return fail(o, "refusing to write '%s': not a plain file name", name);
	int fd = openat(o->tmp_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail(o, "cannot create '%s/%s': %s", o->final_path, name, strerror(errno));
	if (write_all(fd, data, len)) {
		int err = errno;
		close(fd);
		return fail(o, "cannot write '%s/%s': %s", o->final_path, name, strerror(err));
	}
	if (close(fd))
		return fail(o, "cannot write '%s/%s': %s", o->final_path, name, strerror(errno));
	return 0;
}

/* True when the regular file @name in @dirfd starts with the rbdc mark. */
static bool generated_by_rbdc(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	char head[sizeof OUTDIR_MARK - 1];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	return n == (ssize_t)sizeof head && memcmp(head, OUTDIR_MARK, sizeof head) == 0;
}

struct moved {
	char *name;
	struct moved *next;
};

/* Moves directories back to the old output after a failed swap. */
static void undo_moves(int old_fd, int new_fd, struct moved *moved)
{
	for (struct moved *m = moved; m; m = m->next)
		renameat(new_fd, m->name, old_fd, m->name);
}

static void free_moves(struct moved *m)
{
	while (m) {
		struct moved *next = m->next;
		free(m->name);
		free(m);
		m = next;
	}
}

/* Carries what the user keeps in the old directory into the new one: files and links as hard links (the old
   directory keeps its own), directories by rename (undone if the swap fails). */
static int carry_foreign(struct outdir *o, int old_fd, struct moved **moved)
{
	DIR *d = fdopendir(dup(old_fd));
	if (!d)
		return fail(o, "cannot read '%s': %s", o->final_path, strerror(errno));
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		struct stat st;
		if (fstatat(old_fd, name, &st, AT_SYMLINK_NOFOLLOW)) {
			rc = fail(o, "cannot inspect '%s/%s': %s", o->final_path, name, strerror(errno));
			break;
		}
		bool ours = S_ISREG(st.st_mode) && generated_by_rbdc(old_fd, name);
		struct stat clash;
		bool generated_now = fstatat(o->tmp_fd, name, &clash, AT_SYMLINK_NOFOLLOW) == 0;
		if (ours)
			continue; /* replaced by this run, or stale: either way not carried over */
		if (generated_now) {
			rc = fail(o, "'%s/%s' was not generated by rbdc and would be overwritten; move it away first", o->final_path,
				  name);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			if (renameat(old_fd, name, o->tmp_fd, name)) {
				rc = fail(o, "cannot keep '%s/%s': %s", o->final_path, name, strerror(errno));
				break;
			}
			struct moved *m = xmalloc(sizeof *m);
			m->name = strdup(name);
			m->next = *moved;
			*moved = m;
		} else if (linkat(old_fd, name, o->tmp_fd, name, 0)) {
			rc = fail(o, "cannot keep '%s/%s': %s", o->final_path, name, strerror(errno));
		}
	}
	closedir(d);
	return rc;
}

/* Removes the files of the replaced directory, then the directory; it holds only regular files and links. */
static void remove_tree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		DIR *d = fdopendir(fd);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d)))
				if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
					unlinkat(dirfd(d), e->d_name, 0);
			closedir(d);
		} else {
			close(fd);
		}
	}
	rmdir(path);
}

static void fsync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *parent = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(parent);
}

int outdir_commit(struct outdir *o)
{
	int old_fd = open(o->final_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct moved *moved = NULL;
	if (old_fd < 0 && errno != ENOENT)
		return fail(o, "cannot open '%s': %s", o->final_path, strerror(errno));
	if (old_fd >= 0 && carry_foreign(o, old_fd, &moved)) {
		undo_moves(old_fd, o->tmp_fd, moved);
		free_moves(moved);
		close(old_fd);
		return -1;
	}
	/* One syncfs for all the files instead of an fsync each: the same durability before the rename, without
	   tens of thousands of journal commits for a large program. */
	if (syncfs(o->tmp_fd) || fsync(o->tmp_fd)) {
		int err = errno;
		if (old_fd >= 0) {
			undo_moves(old_fd, o->tmp_fd, moved);
			close(old_fd);
		}
		free_moves(moved);
		return fail(o, "cannot sync '%s': %s", o->tmp_path, strerror(err));
	}
	int rc = 0;
	if (old_fd < 0) {
		if (rename(o->tmp_path, o->final_path))
			rc = fail(o, "cannot create '%s': %s", o->final_path, strerror(errno));
	} else if (renameat2(AT_FDCWD, o->tmp_path, AT_FDCWD, o->final_path, RENAME_EXCHANGE)) {
		if (errno == EINVAL || errno == ENOSYS) {
			/* No atomic exchange on this file system: move the old one aside, then the new one in. */
			size_t n = strlen(o->tmp_path) + 5;
			char *old_name = xmalloc(n);
			snprintf(old_name, n, "%s.old", o->tmp_path);
			if (rename(o->final_path, old_name)) {
				rc = fail(o, "cannot replace '%s': %s", o->final_path, strerror(errno));
			} else if (rename(o->tmp_path, o->final_path)) {
				rc = fail(o, "cannot replace '%s': %s", o->final_path, strerror(errno));
				rename(old_name, o->final_path);
			} else {
				remove_tree(old_name);
			}
			free(old_name);
		} else {
			rc = fail(o, "cannot replace '%s': %s", o->final_path, strerror(errno));
		}
		if (rc)
			undo_moves(old_fd, o->tmp_fd, moved);
	} else {
		remove_tree(o->tmp_path); /* after the exchange, the temporary name holds the old directory */
	}
	free_moves(moved);
	if (old_fd >= 0)
		close(old_fd);
	if (rc)
		return rc;
	close(o->tmp_fd);
	o->tmp_fd = -1;
	fsync_parent(o->final_path);
	free(o->tmp_path);
	o->tmp_path = NULL;
	free(o->final_path);
	o->final_path = NULL;
	return 0;
}

void outdir_abort(struct outdir *o)
{
	if (o->tmp_fd >= 0)
		close(o->tmp_fd);
	o->tmp_fd = -1;
	if (o->tmp_path)
		remove_tree(o->tmp_path);
	free(o->tmp_path);
	free(o->final_path);
	o->tmp_path = o->final_path = NULL;
}
