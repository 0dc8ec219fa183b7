/* outdir.c: atomic replacement of the output directory, keeping every file that rbdc did not generate. */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE, RENAME_NOREPLACE */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "strmap.h"

__attribute__((format(printf, 2, 3))) static int fail(struct outdir *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->error, sizeof o->error, fmt, ap);
	va_end(ap);
	return -1;
}

/* outdir_open_regular, with the descriptor left non-blocking: for a regular file that changes nothing but a read
   refused by a mandatory lock (EAGAIN), which a caller that treats any failed read as "different" may ignore. */
static int open_regular_nonblocking(int dirfd, const char *name, struct stat *st)
{
	memset(st, 0, sizeof *st);
	if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW))
		return -1;
	if (!S_ISREG(st->st_mode)) {
		errno = EINVAL;
		return -1;
	}
	/* The entry may be swapped between the look and the open: O_NOFOLLOW and O_NONBLOCK make a link or a FIFO
	   planted meanwhile fail or return at once, and the fstat below refuses it. */
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat now;
	if (fstat(fd, &now) || !S_ISREG(now.st_mode) || now.st_ino != st->st_ino || now.st_dev != st->st_dev) {
		*st = now;
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

int outdir_open_regular(int dirfd, const char *name, struct stat *st)
{
	int fd = open_regular_nonblocking(dirfd, name, st);
	if (fd < 0)
		return -1;
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

/* True when @name in @dirfd is a regular file that starts with the rbdc mark. rbdc never writes a dot name, so
   a dotfile is the user's whatever it holds. */
static bool generated_by_rbdc(int dirfd, const char *name)
{
	if (name[0] == '.')
		return false;
	struct stat st;
	int fd = outdir_open_regular(dirfd, name, &st);
	if (fd < 0)
		return false;
	char head[sizeof OUTDIR_MARK - 1];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	return n == (ssize_t)sizeof head && memcmp(head, OUTDIR_MARK, sizeof head) == 0;
}

/* True when @name in @dirfd is a file a killed run was writing: a single link, named *.yaml like every generated
   file, and holding a proper beginning of the mark (nothing at all, when the run died between open and write). */
static bool half_written_by_rbdc(int dirfd, const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.' || n < 5 || strcmp(name + n - 5, ".yaml") != 0)
		return false;
	struct stat st;
	int fd = outdir_open_regular(dirfd, name, &st);
	if (fd < 0)
		return false;
	char head[sizeof OUTDIR_MARK];
	ssize_t got = st.st_nlink == 1 && st.st_size < (off_t)sizeof OUTDIR_MARK - 1 ? read(fd, head, sizeof head) : -1;
	close(fd);
	return got >= 0 && got < (ssize_t)sizeof OUTDIR_MARK - 1 && memcmp(head, OUTDIR_MARK, (size_t)got) == 0;
}

/* `.rbdc-KEY-XXXXXX`: a sibling made by a run on this DIR (or on a DIR whose name has the same hash, which shares
   the lock too). */
static bool is_own_sibling(const struct outdir *o, const char *name)
{
	return strlen(name) == OUTDIR_SIBLING_LEN && strncmp(name, ".rbdc-", 6) == 0 &&
	       strncmp(name + 6, o->key, OUTDIR_KEY_LEN) == 0 && name[6 + OUTDIR_KEY_LEN] == '-';
}

/* Empties the sibling @name (a dead run's directory, or the old output after the swap) into DIR (@final_fd, -1
   when there is no DIR): rbdc's own files are deleted, and so is every entry DIR holds as the very same inode (a
   file carried over as a hard link). Anything else, a user's file or directory, is moved back into DIR when DIR
   has no entry of that name, so nothing of the user's ends up hidden or deleted, whatever ran meanwhile. The
   sibling goes when it is empty; true when it went. @unswapped: the sibling is this run's own unfinished one,
   whose files are all rbdc's or hard links of DIR's, so every file in it goes. */
static bool settle_sibling(struct outdir *o, const char *name, int final_fd, bool unswapped)
{
	int fd = openat(o->parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *entry = e->d_name;
		if (strcmp(entry, ".") == 0 || strcmp(entry, "..") == 0)
			continue;
		struct stat here, there;
		/* A file DIR holds as the very same inode (linked over unchanged) goes first, without a stat of its own or
		   being opened: the directory entry's inode number says it. */
		if (e->d_type == DT_REG && final_fd >= 0 && fstatat(final_fd, entry, &there, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(there.st_mode) && there.st_ino == e->d_ino && there.st_nlink > 1) {
			unlinkat(fd, entry, 0);
			continue;
		}
		if (fstatat(fd, entry, &here, AT_SYMLINK_NOFOLLOW))
			continue;
		bool in_dir = !S_ISDIR(here.st_mode) && final_fd >= 0 && fstatat(final_fd, entry, &there, AT_SYMLINK_NOFOLLOW) == 0 &&
			      here.st_ino == there.st_ino && here.st_dev == there.st_dev;
		if (in_dir || (unswapped && !S_ISDIR(here.st_mode)) || generated_by_rbdc(fd, entry) || half_written_by_rbdc(fd, entry)) {
			unlinkat(fd, entry, 0);
		} else if (final_fd < 0) {
			continue; /* no DIR to give it back to: it stays, with the sibling, for the user */
		} else if (fstatat(final_fd, entry, &there, AT_SYMLINK_NOFOLLOW) == 0) {
			if (!S_ISDIR(here.st_mode) && here.st_ino == there.st_ino && here.st_dev == there.st_dev)
				unlinkat(fd, entry, 0);
		} else if (errno == ENOENT) {
			renameat2(fd, entry, final_fd, entry, RENAME_NOREPLACE);
		}
	}
	closedir(d);
	return unlinkat(o->parent_fd, name, AT_REMOVEDIR) == 0;
}

/* Called with the lock held: no live run on DIR has a sibling now, so every one there is a dead run's (SIGKILL,
   power loss). Whatever it holds of the user's goes back into DIR. */
static void settle_dead_siblings(struct outdir *o)
{
	int scan = dup(o->parent_fd);
	DIR *d = scan >= 0 ? fdopendir(scan) : NULL;
	if (!d) {
		if (scan >= 0)
			close(scan);
		return;
	}
	int final_fd = openat(o->parent_fd, o->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *e;
	while ((e = readdir(d)))
		if (is_own_sibling(o, e->d_name))
			settle_sibling(o, e->d_name, final_fd, false);
	if (final_fd >= 0)
		close(final_fd);
	closedir(d);
}

static void lock_name(const struct outdir *o, char *buf, size_t n)
{
	snprintf(buf, n, ".rbdc-%s.lock", o->key);
}

/* Every run on DIR holds an exclusive flock on `.rbdc-KEY.lock` beside DIR from before it looks into DIR until
   after the swap and the cleanup. The holder deletes the file before releasing it; a waiter that wakes up on a
   deleted file tries again, so two runs never hold two different files. */
static int take_lock(struct outdir *o)
{
	char name[OUTDIR_SIBLING_LEN + 8];
	lock_name(o, name, sizeof name);
	struct timespec pause = {0, 1000000};
	for (;;) {
		int fd = openat(o->parent_fd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
		int err = errno;
		if (fd < 0 && err == EACCES) /* another user's lock file: reading is enough to lock it */
			fd = openat(o->parent_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return fail(o, "cannot lock '%s' (%s/%s): %s", o->final_path, o->parent_path, name, strerror(err));
		struct stat held, named;
		if (fstat(fd, &held) || !S_ISREG(held.st_mode)) {
			close(fd);
			return fail(o, "cannot lock '%s': %s/%s is not a regular file", o->final_path, o->parent_path, name);
		}
		while (flock(fd, LOCK_EX | LOCK_NB)) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				int lock_err = errno;
				close(fd);
				return fail(o, "cannot lock '%s' (%s/%s): %s", o->final_path, o->parent_path, name, strerror(lock_err));
			}
			if (o->stop && o->stop(o->stop_arg)) {
				close(fd);
				return fail(o, "interrupted while waiting for another rbdc run on '%s' to finish; it is unchanged by this one", o->final_path);
			}
			nanosleep(&pause, NULL);
			if (pause.tv_nsec < 32000000)
				pause.tv_nsec *= 2;
		}
		if (fstatat(o->parent_fd, name, &named, AT_SYMLINK_NOFOLLOW) == 0 && named.st_ino == held.st_ino &&
		    named.st_dev == held.st_dev) {
			o->lock_fd = fd;
			return 0;
		}
		close(fd); /* the previous holder deleted it: take the new one */
	}
}

static void release_lock(struct outdir *o)
{
	if (o->lock_fd < 0)
		return;
	char name[OUTDIR_SIBLING_LEN + 8];
	lock_name(o, name, sizeof name);
	unlinkat(o->parent_fd, name, 0); /* while still held, see take_lock */
	close(o->lock_fd);
	o->lock_fd = -1;
}

/* A new empty sibling `.rbdc-KEY-XXXXXX` (mode 0700, like mkdtemp) in DIR's parent; its name goes to @name. */
static int make_sibling(struct outdir *o, char *name)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char r[6];
		if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
			uint64_t t = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 16) ^ (uint64_t)attempt * 0x9e3779b97f4a7c15ull;
			for (size_t i = 0; i < sizeof r; i++)
				r[i] = (unsigned char)(t >> (8 * i));
		}
		char suffix[7];
		for (size_t i = 0; i < 6; i++)
			suffix[i] = alphabet[r[i] % (sizeof alphabet - 1)];
		suffix[6] = '\0';
		snprintf(name, OUTDIR_SIBLING_LEN + 1, ".rbdc-%s-%s", o->key, suffix);
		if (mkdirat(o->parent_fd, name, 0700) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

/* Opens the directory @path, creating the missing directories at its end first, as `mkdir -p` does (issue 12:
   `-o deploy/prod` without deploy/). The part that exists is opened as it always was; each created directory is
   entered with O_NOFOLLOW, so a symbolic link found or planted where a directory is being made is refused, and
   nothing is created through '..'. -1 with @why set (errno kept for the message) on failure. */
static int open_creating(const char *path, const char **why)
{
	*why = NULL;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	char *have = strdup(path);
	size_t cut = strlen(have);
	/* The longest prefix that exists: cut at slashes from the end until it opens. */
	for (;;) {
		while (cut > 0 && have[cut - 1] != '/')
			cut--;
		while (cut > 1 && have[cut - 1] == '/')
			cut--;
		if (cut == 0) {
			fd = open(path[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			break;
		}
		have[cut] = '\0';
		fd = open(have, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT)
			break;
	}
	free(have);
	if (fd < 0)
		return -1;
	char *rest = strdup(path + (cut == 1 && path[0] == '/' ? 1 : cut));
	/* '..' anywhere in the part to create is refused before anything is made. */
	for (const char *p = rest; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == rest || p[-1] == '/') && (p[2] == '/' || p[2] == '\0')) {
			free(rest);
			close(fd);
			*why = "it would create directories through '..'";
			errno = EINVAL;
			return -1;
		}
	char *save = NULL;
	for (char *part = strtok_r(rest, "/", &save); part && fd >= 0; part = strtok_r(NULL, "/", &save)) {
		if (strcmp(part, ".") == 0)
			continue;
		int next = -1;
		if (mkdirat(fd, part, 0777) != 0 && errno != EEXIST) {
			*why = "cannot create a directory on the way";
		} else if ((next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
			*why = errno == ELOOP || errno == ENOTDIR ? "a symbolic link or a file stands where a directory is made"
								   : "cannot open a directory it made";
		}
		int err = errno;
		close(fd);
		fd = next;
		errno = err;
	}
	free(rest);
	return fd;
}

int outdir_begin(struct outdir *o, const char *path, bool (*stop)(void *arg), void *stop_arg)
{
	memset(o, 0, sizeof *o);
	o->parent_fd = o->lock_fd = o->tmp_fd = o->old_fd = -1;
	o->euid = geteuid();
	o->stop = stop;
	o->stop_arg = stop_arg;
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	o->final_path = xmalloc(n + 1);
	memcpy(o->final_path, path, n);
	o->final_path[n] = '\0';

	const char *slash = strrchr(o->final_path, '/');
	o->base = slash ? slash + 1 : o->final_path;
	if (!*o->base || strcmp(o->base, ".") == 0 || strcmp(o->base, "..") == 0 || strcmp(o->final_path, "/") == 0)
		return fail(o, "refusing to replace '%s': give the manifests a directory of their own, such as k8s", o->final_path);
	if (!slash)
		o->parent_path = strdup(".");
	else if (slash == o->final_path)
		o->parent_path = strdup("/");
	else
		o->parent_path = strndup(o->final_path, (size_t)(slash - o->final_path));
	snprintf(o->key, sizeof o->key, "%016llx", (unsigned long long)strmap_hash(o->base, strlen(o->base)));

	/* Every later step names DIR and its siblings relative to this descriptor, so all of them happen in one
	   directory (the final rename never crosses a file system) whatever happens to the path meanwhile. */
	const char *why;
	o->parent_fd = open_creating(o->parent_path, &why);
	if (o->parent_fd < 0)
		return fail(o, "cannot open '%s', the directory that holds '%s'%s%s: %s", o->parent_path, o->final_path,
			    why ? ": " : "", why ? why : "", strerror(errno));
	if (take_lock(o))
		return -1;

	struct stat st;
	mode_t mask = umask(0);
	umask(mask);
	mode_t mode = 0777 & ~mask; /* what mkdir would have given; the sibling starts at 0700 */
	if (fstatat(o->parent_fd, o->base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		mode = st.st_mode & 07777; /* a replaced directory keeps its permissions */
		if (S_ISLNK(st.st_mode))
			return fail(o, "'%s' is a symbolic link; rbdc replaces only real directories", o->final_path);
		if (!S_ISDIR(st.st_mode))
			return fail(o, "'%s' exists and is not a directory", o->final_path);
		/* Replacing means removing the old files afterwards: without write access that would leave them behind. */
		if (faccessat(o->parent_fd, o->base, W_OK | X_OK, 0))
			return fail(o, "cannot replace '%s': %s", o->final_path, strerror(errno));
	} else if (errno != ENOENT) {
		return fail(o, "cannot inspect '%s': %s", o->final_path, strerror(errno));
	}

	settle_dead_siblings(o);
	/* Read under the lock, so no other rbdc run changes it meanwhile; a user who does is covered in outdir_add. */
	o->old_fd = openat(o->parent_fd, o->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (make_sibling(o, o->tmp_name))
		return fail(o, "cannot create a directory next to '%s': %s", o->final_path, strerror(errno));
	size_t tn = strlen(o->parent_path) + sizeof o->tmp_name + 2;
	o->tmp_path = xmalloc(tn);
	snprintf(o->tmp_path, tn, "%s/%s", o->parent_path, o->tmp_name);
	o->tmp_fd = openat(o->parent_fd, o->tmp_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
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

/* True when DIR's @name holds exactly @data and may be reused as it is: a regular file (no link followed, no FIFO
   opened) of this user's, with a single link (no name outside DIR shares the inode, so nothing else can change
   it later) and writable by nobody else (rbdc never creates it otherwise; a file someone opened up gets a fresh
   copy). The bytes are compared in full: a file the user edited, or one being edited right now, is rewritten.
   It changes nothing in @o, so the emitting threads call it at once, each for the files it rendered. */
static bool old_file_is_same(const struct outdir *o, const char *name, const char *data, size_t len)
{
	/* Each system call here is paid once a file, 40,000 times for 10,000 apps: so the descriptor stays non-blocking
	   (a read it refuses only means "rewrite"), the user id was asked once, and a short read is the end. */
	struct stat st;
	int fd = open_regular_nonblocking(o->old_fd, name, &st);
	if (fd < 0)
		return false;
	bool same = st.st_size == (off_t)len && st.st_nlink == 1 && st.st_uid == o->euid && !(st.st_mode & 022);
	char buf[8192];
	size_t got = 0;
	while (same && got <= len) { /* one byte more than expected shows a file that grew since the fstat */
		size_t want = len + 1 - got < sizeof buf ? len + 1 - got : sizeof buf;
		ssize_t r = read(fd, buf, want);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		same = got + (size_t)r <= len && memcmp(buf, data + got, (size_t)r) == 0;
		got += (size_t)r;
		if ((size_t)r < want)
			break; /* a regular file reads short only at its end */
	}
	close(fd);
	return same && got == len;
}

/* A name rbdc may create in DIR: no path, no dot file. */
static bool plain_file_name(const char *name)
{
	return *name && !strchr(name, '/') && name[0] != '.';
}

bool outdir_reuse(const struct outdir *o, const char *name, const char *data, size_t len)
{
	/* A re-run mostly produces what DIR already holds: linking that file costs no new inode, no data written or
	   synced, and no inode freed when the old directory is cleaned up. */
	return o->old_fd >= 0 && plain_file_name(name) && old_file_is_same(o, name, data, len) &&
	       linkat(o->old_fd, name, o->tmp_fd, name, 0) == 0;
}

int outdir_add(struct outdir *o, const char *name, const char *data, size_t len)
{
	if (!plain_file_name(name))
		return fail(o, "refusing to write '%s': not a plain file name", name);
	if (outdir_reuse(o, name, data, len))
		return 0; /* any failure to reuse or link falls back to writing */
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
	int scan = dup(old_fd);
	DIR *d = scan >= 0 ? fdopendir(scan) : NULL;
	if (!d) {
		if (scan >= 0)
			close(scan);
		return fail(o, "cannot read '%s': %s", o->final_path, strerror(errno));
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		const char *name = e->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		struct stat st, clash;
		bool in_new = fstatat(o->tmp_fd, name, &clash, AT_SYMLINK_NOFOLLOW) == 0;
		/* An unchanged file this run linked over is rbdc's: known from the directory entry's inode number, without
		   a stat or a read (a file system whose d_ino differs from st_ino only takes the longer way below). */
		if (in_new && e->d_type == DT_REG && S_ISREG(clash.st_mode) && clash.st_ino == e->d_ino && clash.st_nlink > 1)
			continue;
		if (fstatat(old_fd, name, &st, AT_SYMLINK_NOFOLLOW)) {
			rc = fail(o, "cannot inspect '%s/%s': %s", o->final_path, name, strerror(errno));
			break;
		}
		if (in_new && !S_ISDIR(st.st_mode) && clash.st_ino == st.st_ino && clash.st_dev == st.st_dev)
			continue;
		if (generated_by_rbdc(old_fd, name))
			continue; /* replaced by this run, or stale: either way not carried over */
		if (in_new) {
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

/* Puts the sibling's leftovers where they belong after the swap; a warning when something had to stay there. */
static void settle_after_swap(struct outdir *o, const char *name)
{
	int final_fd = openat(o->parent_fd, o->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (!settle_sibling(o, name, final_fd, false))
		snprintf(o->warning, sizeof o->warning,
			 "'%s/%s' holds files that changed in '%s' while rbdc ran; it was kept for you to look at",
			 o->parent_path, name, o->final_path);
	if (final_fd >= 0)
		close(final_fd);
}

/* No atomic exchange on this file system (NFS, some FUSE): the old directory moves over an empty sibling, then
   the new one moves in. DIR is missing between the two renames; the lock keeps other rbdc runs out of it. */
static int swap_in_two_steps(struct outdir *o)
{
	char aside[OUTDIR_SIBLING_LEN + 1];
	if (make_sibling(o, aside))
		return fail(o, "cannot replace '%s': %s", o->final_path, strerror(errno));
	if (renameat(o->parent_fd, o->base, o->parent_fd, aside)) {
		int err = errno;
		unlinkat(o->parent_fd, aside, AT_REMOVEDIR);
		return fail(o, "cannot replace '%s': %s", o->final_path, strerror(err));
	}
	if (renameat(o->parent_fd, o->tmp_name, o->parent_fd, o->base)) {
		int err = errno;
		renameat(o->parent_fd, aside, o->parent_fd, o->base);
		return fail(o, "cannot replace '%s': %s", o->final_path, strerror(err));
	}
	settle_after_swap(o, aside);
	return 0;
}

int outdir_commit(struct outdir *o)
{
	int old_fd = openat(o->parent_fd, o->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct moved *moved = NULL;
	if (old_fd < 0 && errno != ENOENT)
		return fail(o, "cannot open '%s': %s", o->final_path, strerror(errno));
	/* One syncfs for all the files instead of an fsync each: the same durability before the rename, without
	   tens of thousands of journal commits for a large program. It comes before the carry-over, so that the user's
	   subdirectories leave DIR only for the moment between their rename and the swap (a SIGKILL there leaves
	   them in the sibling, for the next run to put back). */
	int rc = 0;
	if (syncfs(o->tmp_fd) || fsync(o->tmp_fd))
		rc = fail(o, "cannot sync '%s': %s", o->tmp_path, strerror(errno));
	if (rc == 0 && old_fd >= 0)
		rc = carry_foreign(o, old_fd, &moved);
	/* The last moment to give up with the old output untouched. */
	if (rc == 0 && o->stop && o->stop(o->stop_arg))
		rc = fail(o, "interrupted");
	if (rc == 0 && old_fd < 0) {
		if (renameat2(o->parent_fd, o->tmp_name, o->parent_fd, o->base, RENAME_NOREPLACE) &&
		    (errno != EINVAL || renameat(o->parent_fd, o->tmp_name, o->parent_fd, o->base)))
			rc = fail(o, "cannot create '%s': %s", o->final_path, strerror(errno));
	} else if (rc == 0) {
		if (renameat2(o->parent_fd, o->tmp_name, o->parent_fd, o->base, RENAME_EXCHANGE) == 0)
			settle_after_swap(o, o->tmp_name); /* the temporary name now holds the old directory */
		else if (errno == EINVAL || errno == ENOSYS)
			rc = swap_in_two_steps(o);
		else
			rc = fail(o, "cannot replace '%s': %s", o->final_path, strerror(errno));
	}
	if (rc && old_fd >= 0)
		undo_moves(old_fd, o->tmp_fd, moved);
	free_moves(moved);
	if (old_fd >= 0)
		close(old_fd);
	if (rc)
		return rc;
	close(o->tmp_fd);
	o->tmp_fd = -1;
	fsync(o->parent_fd);
	free(o->tmp_path);
	o->tmp_path = NULL;
	o->tmp_name[0] = '\0';
	release_lock(o);
	return 0;
}

/* Removes the unfinished new directory: rbdc's files and the hard links of the user's (DIR keeps its own), and any
   user directory still inside goes back to DIR. */
void outdir_abort(struct outdir *o)
{
	if (o->tmp_fd >= 0)
		close(o->tmp_fd);
	o->tmp_fd = -1;
	if (o->old_fd >= 0)
		close(o->old_fd);
	o->old_fd = -1;
	if (o->tmp_name[0] && o->parent_fd >= 0) {
		int final_fd = openat(o->parent_fd, o->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		settle_sibling(o, o->tmp_name, final_fd, true);
		if (final_fd >= 0)
			close(final_fd);
	}
	o->tmp_name[0] = '\0';
	release_lock(o);
	if (o->parent_fd >= 0)
		close(o->parent_fd);
	o->parent_fd = -1;
	free(o->tmp_path);
	free(o->final_path);
	free(o->parent_path);
	o->tmp_path = o->final_path = o->parent_path = NULL;
	o->base = NULL;
}
