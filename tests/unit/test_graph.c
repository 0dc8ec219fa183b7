/* test_graph.c: the DOT picture of a model built by hand: nodes and edges of every kind, and escaping of labels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "graph.h"

static struct setting text(const char *s)
{
	struct setting v = {.set = true, .text = s, .len = (uint32_t)strlen(s)};
	return v;
}

static bool has(const char *dot, const char *needle)
{
	if (strstr(dot, needle))
		return true;
	print_error("missing: %s\n", needle);
	return false;
}

/* A routed app reading a secret from Vault and using a store: every arrow of the picture. */
static void test_every_kind_of_edge(void **state)
{
	(void)state;
	struct model m = {0};
	m.project = text("shop");
	m.domain = text("shop.example.com");
	m.vault.mount = text("kv");
	struct secret_key key = {.name = text("DATABASE_URL")};
	struct secret_decl sec = {.name = "db", .path = text("shop/db"), .keys = &key};
	struct name_ref sref = {.name = "db", .secret = &sec};
	struct store st = {.name = "media", .size = text("10Gi"), .secrets = &sref};
	struct app web = {.name = "web", .port = text("8000"), .secrets = &sref};
	struct use_ref use = {.name = "media", .user = &web, .store = &st};
	struct route r = {.path = text("/api/"), .prefix = "/api", .app = &web};
	struct route exact = {.path = text("/docs"), .prefix = "/docs", .exact = true, .app = &web};
	r.next = &exact;
	web.routes = &r;
	web.uses = &use;
	m.apps = &web;
	m.stores = &st;
	m.secrets = &sec;
	struct textbuf out = {0};
	graph_dot(&out, &m);
	const char *dot = out.data;
	assert_true(strncmp(dot, "digraph rbdc {\n", 15) == 0);
	assert_true(has(dot, "\"host:shop.example.com\" -> \"route:/api\";"));
	assert_true(has(dot, "\"route:/api\" -> \"app:web\";"));
	assert_true(has(dot, "\"host:shop.example.com\" -> \"route:=/docs\";"));
	assert_true(has(dot, "\"app:web\" -> \"store:media\" [label=\"S3\"];"));
	assert_true(has(dot, "\"app:web\" -> \"secret:db\" [label=\"env\"];"));
	assert_true(has(dot, "\"store:media\" -> \"secret:db\" [label=\"root\"];"));
	assert_true(has(dot, "\"secret:db\" -> \"vault:kv/shop/db\" [label=\"VSO\"];"));
	assert_true(has(dot, "label=\"secret db\\nDATABASE_URL\""));
	assert_string_equal(dot + out.len - 2, "}\n");
	textbuf_free(&out);
}

/* Quotes and backslashes are escaped, control bytes and non-ASCII replaced: no label ends its string early or
   starts a DOT escape (\N, \G, \L). */
static void test_labels_are_escaped(void **state)
{
	(void)state;
	struct model m = {0};
	m.project = text("a\"b\\N\nc\xc3\xa9");
	struct app app = {.name = "x\"y", .port = text("80")};
	m.apps = &app;
	struct textbuf out = {0};
	graph_dot(&out, &m);
	assert_true(has(out.data, "label=\"project a\\\"b\\\\N?c??, namespace"));
	assert_true(has(out.data, "\"app:x\\\"y\" [label=\"app x\\\"y\\nport 80\""));
	assert_null(strstr(out.data, "\xc3"));
	textbuf_free(&out);
}

/* No route, no host: a program without traffic draws no house. */
static void test_no_host_without_routes(void **state)
{
	(void)state;
	struct model m = {0};
	m.project = text("p");
	m.domain = text("p.example.com");
	struct app app = {.name = "worker", .port = text("80")};
	m.apps = &app;
	struct textbuf out = {0};
	graph_dot(&out, &m);
	assert_null(strstr(out.data, "host:"));
	assert_true(has(out.data, "\"app:worker\""));
	textbuf_free(&out);
}

/* Sites, the target, engines and jobs: every host of a site leads to the site's routes (a route id carries the host
   off the domain's site), the gateway is the target, a redis store is labelled and reached as redis, a CronJob shows
   its schedule and time zone, a run-once job says so, and `image of` is a dashed arrow. */
static void test_sites_target_engines_jobs(void **state)
{
	(void)state;
	struct model m = {0};
	m.project = text("acme");
	m.gateway.declared = true;
	m.gateway.parent = text("infra/public");
	m.gateway.listener = text("websecure");
	const char *hosts[] = {"www.example.com", "example.com"};
	struct site site = {.hosts = hosts, .n_hosts = 2, .route_name = "acme-web", .tls_secret = "www.example.com-tls"};
	m.sites = &site;
	struct store cache = {.name = "cache", .size = text("1Gi"), .engine = text("redis")};
	struct app web = {.name = "web", .port = text("3000"), .site = &site};
	struct route r = {.path = text("/"), .prefix = "/", .app = &web};
	web.routes = &r;
	struct use_ref use = {.name = "cache", .user = &web, .store = &cache};
	web.uses = &use;
	struct app worker = {.name = "worker", .image_source = &web};
	web.next = &worker;
	struct job nightly = {.name = "cleanup", .schedule = text("0 3 * * *"), .timezone = text("Europe/Berlin"), .image_source = &web};
	struct job once = {.name = "seed"};
	nightly.next = &once;
	m.apps = &web;
	m.stores = &cache;
	m.jobs = &nightly;
	struct textbuf out = {0};
	graph_dot(&out, &m);
	const char *dot = out.data;
	assert_true(has(dot, "\"target:gateway\" [label=\"gateway infra/public\\nlistener websecure\""));
	assert_true(has(dot, "\"target:gateway\" -> \"host:www.example.com\";"));
	assert_true(has(dot, "\"target:gateway\" -> \"host:example.com\";"));
	assert_true(has(dot, "\"host:example.com\" [label=\"example.com\\nHTTPRoute acme-web\""));
	assert_true(has(dot, "\"host:www.example.com\" -> \"route:www.example.com/\";"));
	assert_true(has(dot, "\"host:example.com\" -> \"route:www.example.com/\";"));
	assert_true(has(dot, "\"app:web\" -> \"store:cache\" [label=\"redis\"];"));
	assert_true(has(dot, "label=\"store cache\\nredis 1Gi\""));
	assert_true(has(dot, "label=\"app worker\\nworker, no port\""));
	assert_true(has(dot, "\"app:worker\" -> \"app:web\" [label=\"image of\", style=dashed];"));
	assert_true(has(dot, "label=\"job cleanup\\ncron 0 3 * * * Europe/Berlin\""));
	assert_true(has(dot, "\"job:cleanup\" -> \"app:web\" [label=\"image of\", style=dashed];"));
	assert_true(has(dot, "label=\"job seed\\nrun once\""));
	textbuf_free(&out);
}

/* With ingress-nginx the target is the Ingress class with its issuer, and a host shows its certificate's Secret. */
static void test_ingress_target(void **state)
{
	(void)state;
	struct model m = {0};
	m.project = text("p");
	m.domain = text("p.example.com");
	m.ingress.declared = true;
	m.ingress.tls = text("letsencrypt-prod");
	const char *hosts[] = {"p.example.com"};
	struct site site = {.hosts = hosts, .n_hosts = 1, .is_domain = true, .route_name = "p", .tls_secret = "p-tls"};
	m.sites = &site;
	struct app web = {.name = "web", .port = text("80"), .site = &site};
	struct route r = {.path = text("/api/"), .prefix = "/api", .app = &web};
	web.routes = &r;
	m.apps = &web;
	struct textbuf out = {0};
	graph_dot(&out, &m);
	assert_true(has(out.data, "\"target:ingress\" [label=\"ingress nginx\\nissuer letsencrypt-prod\""));
	assert_true(has(out.data, "\"host:p.example.com\" [label=\"p.example.com\\nTLS p-tls\""));
	assert_true(has(out.data, "\"host:p.example.com\" -> \"route:/api\";")); /* the domain's site: plain route ids */
	textbuf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_of_edge),
		cmocka_unit_test(test_labels_are_escaped),
		cmocka_unit_test(test_no_host_without_routes),
		cmocka_unit_test(test_sites_target_engines_jobs),
		cmocka_unit_test(test_ingress_target),
	};
	return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
