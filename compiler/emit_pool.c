/* emit_pool.c: emits independent objects on every core: worker threads render a batch while the next is lowered. */
#include "emit_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct pool_item {
	struct k8s_object obj;
	struct textbuf text;
	int rc;
};

struct emit_pool {
	int (*render)(void *user, const struct k8s_object *obj, size_t index, struct textbuf *out);
	int (*deliver)(void *user, const struct k8s_object *obj, const struct textbuf *text, int rendered);
	void *user;
	unsigned threads; /* including the caller's */
	size_t batch_objects;

	/* Under mu: the batch in flight. Workers take items by index; the caller takes some too while it waits. */
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	pthread_t *workers;
	unsigned n_workers;
	struct pool_item *items;
	size_t n_items, next, finished;
	bool in_flight, quit;

	size_t delivered; /* objects before this batch: the first one is the stream's first */
	int status;
};

unsigned emit_pool_threads(void)
{
	/* RBDC_THREADS=1 forces the serial path (tests compare the two); otherwise one thread per online core. */
	const char *forced = getenv("RBDC_THREADS");
	long n = forced && *forced ? strtol(forced, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > 64 ? 64 : (unsigned)n;
}

struct emit_pool *emit_pool_new(unsigned threads, size_t batch_objects,
				int (*render)(void *, const struct k8s_object *, size_t, struct textbuf *),
				int (*deliver)(void *, const struct k8s_object *, const struct textbuf *, int), void *user)
{
	struct emit_pool *p = xcalloc(1, sizeof *p);
	p->render = render;
	p->deliver = deliver;
	p->user = user;
	p->threads = threads ? threads : 1;
	p->batch_objects = batch_objects;
	p->items = xcalloc(batch_objects, sizeof *p->items);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	return p;
}

/* Renders the items of the batch in flight until none is left to take; called with mu held, returns with it held. */
static void take_items(struct emit_pool *p)
{
	while (p->in_flight && p->next < p->n_items) {
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		struct pool_item *it = &p->items[i];
		it->text.len = 0;
		it->rc = p->render(p->user, &it->obj, p->delivered + i, &it->text);
		pthread_mutex_lock(&p->mu);
		if (++p->finished == p->n_items)
			pthread_cond_signal(&p->done);
	}
}

static void *worker(void *arg)
{
	struct emit_pool *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->quit) {
		take_items(p);
		if (!p->quit)
			pthread_cond_wait(&p->work, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Waits for the batch in flight (rendering part of it meanwhile) and delivers it in order. */
static void finish_batch(struct emit_pool *p)
{
	pthread_mutex_lock(&p->mu);
	if (!p->in_flight) {
		pthread_mutex_unlock(&p->mu);
		return;
	}
	take_items(p);
	while (p->finished < p->n_items)
		pthread_cond_wait(&p->done, &p->mu);
	p->in_flight = false;
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < p->n_items; i++) {
		if (!p->status)
			p->status = p->items[i].rc < 0 ? p->items[i].rc
							: p->deliver(p->user, &p->items[i].obj, &p->items[i].text, p->items[i].rc);
	}
	p->delivered += p->n_items;
}

/* Threads start with the first full batch: a program smaller than one batch never starts any. */
static void start_workers(struct emit_pool *p)
{
	if (p->workers || p->threads < 2)
		return;
	p->workers = xcalloc(p->threads - 1, sizeof *p->workers);
	for (unsigned i = 0; i + 1 < p->threads; i++) {
		if (pthread_create(&p->workers[i], NULL, worker, p))
			break; /* fewer workers: the caller renders what they do not */
		p->n_workers++;
	}
}

int emit_pool_batch(void *pool, const struct k8s_object *objs, size_t n)
{
	struct emit_pool *p = pool;
	finish_batch(p);
	if (n == 0 || p->status)
		return p->status;
	for (size_t i = 0; i < n; i++)
		p->items[i].obj = objs[i];
	pthread_mutex_lock(&p->mu);
	p->n_items = n;
	p->next = p->finished = 0;
	p->in_flight = true;
	pthread_mutex_unlock(&p->mu);
	if (n < p->batch_objects && !p->workers) {
		finish_batch(p); /* the whole program in one short batch: rendered here, serially */
		return p->status;
	}
	start_workers(p);
	pthread_mutex_lock(&p->mu);
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

int emit_pool_free(struct emit_pool *p)
{
	finish_batch(p);
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->n_workers; i++)
		pthread_join(p->workers[i], NULL);
	int status = p->status;
	for (size_t i = 0; i < p->batch_objects; i++)
		textbuf_free(&p->items[i].text);
	free(p->items);
	free(p->workers);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p);
	return status;
}
