/* test_arena.c: unit tests of the arena (compiler/arena.c): alignment, packed strings, large blocks, and the %s-only path of arena_printf against vsnprintf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

/* What vsnprintf prints for @fmt, into @buf. */
static const char *reference(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static const char *reference(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return buf;
}

static void printf_joins_strings_as_vsnprintf_does(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char want[256];
	const char *empty = "", *name = "web", *kind = "deployment";
	assert_string_equal(arena_printf(&a, "%s-%s.yaml", name, kind), reference(want, sizeof want, "%s-%s.yaml", name, kind));
	assert_string_equal(arena_printf(&a, "%s", empty), "");
	assert_string_equal(arena_printf(&a, "no conversion"), "no conversion");
	assert_string_equal(arena_printf(&a, "%s%s%s", name, empty, name), "webweb");
	assert_string_equal(arena_printf(&a, "app '%s' and '%s'", name, kind), "app 'web' and 'deployment'");
	/* Anything but %s goes to vsnprintf: numbers, widths, a literal percent. */
	assert_string_equal(arena_printf(&a, "%s-%08x", name, 0xbeefu), "web-0000beef");
	assert_string_equal(arena_printf(&a, "%lld%%", 70LL), "70%");
	assert_string_equal(arena_printf(&a, "%.2s|%5s", kind, name), "de|  web");
	/* A null pointer prints as glibc prints it, so a message with a bug in it still comes out. */
	const char *volatile missing = NULL;
	assert_string_equal(arena_printf(&a, "[%s]", missing), "[(null)]");
	arena_fini(&a);
}

/* Strings are packed without padding, and whatever comes after them is aligned again. */
static void strings_pack_and_objects_stay_aligned(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char *s1 = arena_strndup(&a, "abc", 3);
	char *s2 = arena_strndup(&a, "de", 2);
	assert_ptr_equal(s2, s1 + 4); /* "abc\0" then "de": no padding between */
	assert_string_equal(s1, "abc");
	assert_string_equal(s2, "de");
	for (size_t size = 1; size <= 64; size++) {
		arena_strndup(&a, "x", 1);
		unsigned char *p = arena_alloc(&a, size);
		assert_int_equal((uintptr_t)p % 8, 0);
		for (size_t i = 0; i < size; i++)
			assert_int_equal(p[i], 0);
	}
	arena_fini(&a);
}

/* A large request gets its own block, which arena_release can give back; the current block keeps its tail. */
static void large_blocks_are_separate(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char *before = arena_alloc(&a, 16);
	char *big = arena_alloc(&a, 1 << 20);
	char *after = arena_alloc(&a, 16);
	assert_ptr_equal(after, before + 16);
	memset(big, 0xab, 1 << 20);
	size_t total = a.total;
	arena_release(&a, big);
	assert_int_equal(a.total, total - (1 << 20));
	arena_fini(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(printf_joins_strings_as_vsnprintf_does),
		cmocka_unit_test(strings_pack_and_objects_stay_aligned),
		cmocka_unit_test(large_blocks_are_separate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
