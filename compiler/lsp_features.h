/* lsp_features.h: what the language server knows about one document: diagnostics, hover, completion, definition, symbols, formatting. */
#ifndef RBDC_LSP_FEATURES_H
#define RBDC_LSP_FEATURES_H

#include <jansson.h>

#include "compile.h"

/* Lines end at '\n' (as in rbdc's own sources); a '\r' before it is the last character of its line. */
struct lsp_lines {
	uint32_t *starts; /* malloc'd: byte offset of each line's first byte */
	uint32_t n;
};

/* One compilation of a document, the way `rbdc check` runs it: the base program and then every environment. */
struct lsp_analysis {
	struct rbdc_ctx ctx; /* one arena per compilation, freed by lsp_analysis_free */
	struct parsed_program parsed;
	/* The statements the features read: the program as parsed, or, when it has syntax errors (an unclosed block
	   while typing, which makes the parser give up at the end of the file), the program with its open blocks
	   closed at the end, so names, symbols and definitions keep working. Offsets are the document's. */
	const struct ast_stmt *tree;
	const char *text; /* not owned: the document */
	uint32_t len;
	struct lsp_lines lines;
	json_t *diags; /* the CLI's JSON diagnostics (diag_render_json), one object each, with "start"/"end" offsets added */
};

/** lsp_analyse - compile @len bytes of @text named @name (the document's path); diagnostics as `rbdc check` gives */
void lsp_analyse(struct lsp_analysis *a, const char *name, const char *text, size_t len);
void lsp_analysis_free(struct lsp_analysis *a);

/** lsp_lines_init - the line table of @text */
void lsp_lines_init(struct lsp_lines *l, const char *text, size_t len);
/** lsp_position - the LSP position (line, UTF-16 character) of byte @offset */
json_t *lsp_position(const struct lsp_lines *l, const char *text, size_t len, uint32_t offset);
/** lsp_offset - the byte offset of an LSP position (clamped to its line and to the text); -1 when malformed */
int64_t lsp_offset(const struct lsp_lines *l, const char *text, size_t len, const json_t *position);

/** The feature results, as the LSP result values (new references; json_null() where the spec allows null). */
json_t *lsp_diagnostics(struct lsp_analysis *a, const char *uri);
json_t *lsp_hover(struct lsp_analysis *a, uint32_t offset);
json_t *lsp_completion(struct lsp_analysis *a, uint32_t offset);
json_t *lsp_definition(struct lsp_analysis *a, const char *uri, uint32_t offset);
json_t *lsp_symbols(struct lsp_analysis *a);
/** lsp_format - the edits that make the document canonical (`rbdc fmt`); null when it has syntax errors */
json_t *lsp_format(const char *name, const char *text, size_t len);

#endif
