/* fuzz_parse.c: libFuzzer target: any bytes through the scanner and parser alone, then the AST dump and diagnostics. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ast.h"
#include "diag.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rbdc_ctx ctx;
	rbdc_ctx_init(&ctx);
	uint32_t file = source_add(&ctx, "fuzz.rbd", (const char *)data, size, false);
	uint32_t errors = 0;
	const struct ast_stmt *root = parse_source(&ctx, file, &errors);
	(void)ast_dump(&ctx, root);
	FILE *devnull = fopen("/dev/null", "w");
	diag_render(&ctx, devnull);
	fclose(devnull);
	rbdc_ctx_fini(&ctx);
	return 0;
}
