/* lsp.c: the protocol half of `rbdc lsp`: Content-Length framing, JSON-RPC 2.0 dispatch, the server's lifecycle and open documents. */
#include "lsp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "lsp_features.h"

/* JSON-RPC and LSP error codes (LSP 3.17, "Response Message"). */
enum {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	LSP_SERVER_NOT_INITIALIZED = -32002,
};

/* Header lines are short ("Content-Length: 123", "Content-Type: ..."); a longer one is not LSP framing. */
enum { HEADER_LINE_MAX = 1024, READ_CHUNK = 64 * 1024 };
/* Offsets are 32-bit in the compiler; a document that grew past this through edits is dropped. */
enum { DOCUMENT_MAX = 512 * 1024 * 1024 };

struct reader {
	int fd;
	char buf[READ_CHUNK];
	size_t pos, len;
};

struct document {
	char *uri;  /* malloc'd */
	char *name; /* malloc'd: the path of a file: URI, for diagnostics; else the URI */
	char *text; /* malloc'd, NUL-terminated */
	size_t len;
	json_int_t version;
	struct document *next;
};

struct server {
	struct reader in;
	int out_fd;
	bool initialized, shut_down;
	struct document *docs;
};

/* ---- framing ---- */

/* 1 when bytes are buffered, 0 at the end of the input, -1 on a read error. */
static int fill(struct reader *r)
{
	if (r->pos < r->len)
		return 1;
	for (;;) {
		ssize_t n = read(r->fd, r->buf, sizeof r->buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		r->pos = 0;
		r->len = (size_t)n;
		return n > 0;
	}
}

/* Reads one header line (without its line end) into @line; 1, 0 at a clean end of input, -1 when broken. */
static int read_line(struct reader *r, char *line, size_t cap, bool *any)
{
	size_t n = 0;
	for (;;) {
		int f = fill(r);
		if (f <= 0)
			return f < 0 || n || *any ? -1 : 0;
		char c = r->buf[r->pos++];
		if (c == '\n')
			break;
		if (n + 1 >= cap)
			return -1;
		line[n++] = c;
		*any = true;
	}
	if (n && line[n - 1] == '\r')
		n--;
	line[n] = 0;
	return 1;
}

/* Copies (or, with @dst NULL, skips) @n bytes of the input; -1 when it ends first. */
static int read_body(struct reader *r, char *dst, size_t n)
{
	while (n) {
		int f = fill(r);
		if (f <= 0)
			return -1;
		size_t take = r->len - r->pos < n ? r->len - r->pos : n;
		if (dst) {
			memcpy(dst, r->buf + r->pos, take);
			dst += take;
		}
		r->pos += take;
		n -= take;
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Sends @msg (consumed) with its Content-Length header; -1 when the client is gone. */
static int send_message(struct server *s, json_t *msg)
{
	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	char *body = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!body)
		return -1;
	char header[64];
	size_t len = strlen(body);
	int h = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", len);
	int rc = write_all(s->out_fd, header, (size_t)h) || write_all(s->out_fd, body, len) ? -1 : 0;
	free(body);
	return rc;
}

static int send_result(struct server *s, json_t *id, json_t *result)
{
	return send_message(s, json_pack("{s:O,s:o}", "id", id ? id : json_null(), "result", result ? result : json_null()));
}

static int send_error(struct server *s, json_t *id, int code, const char *message)
{
	return send_message(s, json_pack("{s:O,s:{s:i,s:s}}", "id", id ? id : json_null(), "error", "code", (json_int_t)code,
					 "message", message));
}

/* ---- documents ---- */

static struct document *find_document(struct server *s, const char *uri)
{
	for (struct document *d = s->docs; d; d = d->next)
		if (strcmp(d->uri, uri) == 0)
			return d;
	return NULL;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Diagnostics name the file as the CLI would: the path of a file: URI, percent-decoding undone for printable ASCII
   (other bytes stay encoded, so the name stays valid UTF-8 and the JSON renderer gives it back unchanged). */
static char *name_of_uri(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0)
		return strdup(uri);
	const char *p = uri + 7;
	char *out = xmalloc(strlen(p) + 1), *o = out;
	for (; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0 && hi * 16 + lo >= 0x20 &&
		    hi * 16 + lo < 0x7f) {
			*o++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	return out;
}

static void free_document(struct document *d)
{
	free(d->uri);
	free(d->name);
	free(d->text);
	free(d);
}

static void close_document(struct server *s, const char *uri)
{
	for (struct document **p = &s->docs; *p; p = &(*p)->next)
		if (strcmp((*p)->uri, uri) == 0) {
			struct document *d = *p;
			*p = d->next;
			free_document(d);
			return;
		}
}

static int publish(struct server *s, const char *uri, const struct document *d)
{
	json_t *diagnostics;
	if (d) {
		struct lsp_analysis a;
		lsp_analyse(&a, d->name, d->text, d->len);
		diagnostics = lsp_diagnostics(&a, uri);
		lsp_analysis_free(&a);
	} else {
		diagnostics = json_array(); /* closed: its diagnostics go away */
	}
	json_t *params = json_pack("{s:s,s:o}", "uri", uri, "diagnostics", diagnostics);
	if (d)
		json_object_set_new(params, "version", json_integer(d->version));
	return send_message(s, json_pack("{s:s,s:o}", "method", "textDocument/publishDiagnostics", "params", params));
}

/* One change of didChange: with a range, that span is replaced; without, the whole text (the full sync we ask for). */
static bool apply_change(struct document *d, json_t *change)
{
	const char *text = json_string_value(json_object_get(change, "text"));
	if (!text)
		return false;
	size_t tlen = json_string_length(json_object_get(change, "text"));
	json_t *range = json_object_get(change, "range");
	size_t start = 0, end = d->len;
	if (range) {
		struct lsp_lines lines;
		lsp_lines_init(&lines, d->text, d->len);
		int64_t a = lsp_offset(&lines, d->text, d->len, json_object_get(range, "start"));
		int64_t b = lsp_offset(&lines, d->text, d->len, json_object_get(range, "end"));
		free(lines.starts);
		if (a < 0 || b < a)
			return false;
		start = (size_t)a;
		end = (size_t)b;
	}
	size_t len = d->len - (end - start) + tlen;
	if (len > DOCUMENT_MAX)
		return false;
	char *next = xmalloc(len + 1);
	memcpy(next, d->text, start);
	memcpy(next + start, text, tlen);
	memcpy(next + start + tlen, d->text + end, d->len - end);
	next[len] = 0;
	free(d->text);
	d->text = next;
	d->len = len;
	return true;
}

/* ---- methods ---- */

static json_t *capabilities(void)
{
	/* Positions in UTF-16 code units, the encoding every client supports (LSP 3.17, PositionEncodingKind). */
	return json_pack("{s:{s:s,s:{s:b,s:i},s:b,s:{s:[s,s],s:b},s:b,s:b,s:b},s:{s:s,s:s}}", "capabilities",
			 "positionEncoding", "utf-16", "textDocumentSync", "openClose", 1, "change", (json_int_t)1, "hoverProvider", 1, "completionProvider", "triggerCharacters",
			 " ", ",", "resolveProvider", 0, "definitionProvider", 1, "documentSymbolProvider", 1,
			 "documentFormattingProvider", 1, "serverInfo", "name", "rbdc", "version", RBDC_VERSION);
}

/* The document and cursor offset a position request is about; NULL (an error sent) when there is none. */
static struct document *request_document(struct server *s, json_t *id, json_t *params, bool with_position,
					 uint32_t *offset, int *rc)
{
	const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	struct document *d = uri ? find_document(s, uri) : NULL;
	if (!d) {
		*rc = send_error(s, id, RPC_INVALID_PARAMS, uri ? "the document is not open (send didOpen first)"
							       : "params.textDocument.uri is missing");
		return NULL;
	}
	if (with_position) {
		struct lsp_lines lines;
		lsp_lines_init(&lines, d->text, d->len);
		int64_t off = lsp_offset(&lines, d->text, d->len, json_object_get(params, "position"));
		free(lines.starts);
		if (off < 0) {
			*rc = send_error(s, id, RPC_INVALID_PARAMS, "params.position needs a line and a character (numbers from 0)");
			return NULL;
		}
		*offset = (uint32_t)off;
	}
	return d;
}

static int feature_request(struct server *s, const char *method, json_t *id, json_t *params)
{
	bool symbols = strcmp(method, "textDocument/documentSymbol") == 0;
	bool formatting = strcmp(method, "textDocument/formatting") == 0;
	uint32_t offset = 0;
	int rc = 0;
	struct document *d = request_document(s, id, params, !symbols && !formatting, &offset, &rc);
	if (!d)
		return rc;
	if (formatting)
		return send_result(s, id, lsp_format(d->name, d->text, d->len));
	struct lsp_analysis a;
	lsp_analyse(&a, d->name, d->text, d->len);
	json_t *result;
	if (symbols)
		result = lsp_symbols(&a);
	else if (strcmp(method, "textDocument/hover") == 0)
		result = lsp_hover(&a, offset);
	else if (strcmp(method, "textDocument/completion") == 0)
		result = lsp_completion(&a, offset);
	else
		result = lsp_definition(&a, d->uri, offset);
	lsp_analysis_free(&a);
	return send_result(s, id, result);
}

static int did_open(struct server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	json_t *text = json_object_get(td, "text");
	if (!uri || !json_is_string(text) || json_string_length(text) > DOCUMENT_MAX)
		return 0; /* a notification gets no error response; nothing to check */
	close_document(s, uri);
	struct document *d = xcalloc(1, sizeof *d);
	d->uri = strdup(uri);
	d->name = name_of_uri(uri);
	d->len = json_string_length(text);
	d->text = xmalloc(d->len + 1);
	memcpy(d->text, json_string_value(text), d->len + 1);
	d->version = json_integer_value(json_object_get(td, "version"));
	d->next = s->docs;
	s->docs = d;
	return publish(s, uri, d);
}

static int did_change(struct server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	struct document *d = uri ? find_document(s, uri) : NULL;
	if (!d)
		return 0;
	size_t i;
	json_t *change;
	json_array_foreach(json_object_get(params, "contentChanges"), i, change) {
		if (!apply_change(d, change)) {
			/* Out of step with the client: forget the document rather than check text it does not have. */
			close_document(s, uri);
			return publish(s, uri, NULL);
		}
	}
	d->version = json_integer_value(json_object_get(td, "version"));
	return publish(s, uri, d);
}

/* Handles one message; -1 when the output is gone, 1 after `exit`. */
static int dispatch(struct server *s, json_t *msg)
{
	json_t *id = json_object_get(msg, "id");
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *params = json_object_get(msg, "params");
	if (!json_is_object(msg) || (id && !json_is_integer(id) && !json_is_string(id) && !json_is_null(id)))
		return send_error(s, NULL, RPC_INVALID_REQUEST, "a request is an object with a method and a number or string id");
	if (!method) {
		if (id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
			return 0; /* the client answering a request of ours; we send none */
		return send_error(s, id, RPC_INVALID_REQUEST, "the message has no method");
	}
	if (strcmp(method, "exit") == 0)
		return 1;
	if (!s->initialized && strcmp(method, "initialize") != 0)
		return id ? send_error(s, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized; send initialize first") : 0;
	if (s->shut_down)
		return id ? send_error(s, id, RPC_INVALID_REQUEST, "the server is shut down; only exit is accepted") : 0;
	if (strcmp(method, "initialize") == 0) {
		if (s->initialized)
			return send_error(s, id, RPC_INVALID_REQUEST, "the server is already initialized");
		s->initialized = true;
		return send_result(s, id, capabilities());
	}
	if (strcmp(method, "shutdown") == 0) {
		s->shut_down = true;
		return send_result(s, id, NULL);
	}
	if (!id) { /* notifications: answered by none, unknown ones ignored ($/ ones must be) */
		if (strcmp(method, "textDocument/didOpen") == 0)
			return did_open(s, params);
		if (strcmp(method, "textDocument/didChange") == 0)
			return did_change(s, params);
		if (strcmp(method, "textDocument/didClose") == 0) {
			const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
			if (!uri || !find_document(s, uri))
				return 0;
			close_document(s, uri);
			return publish(s, uri, NULL);
		}
		return 0;
	}
	static const char *const features[] = {"textDocument/hover", "textDocument/completion", "textDocument/definition",
					       "textDocument/documentSymbol", "textDocument/formatting"};
	for (size_t i = 0; i < sizeof features / sizeof features[0]; i++)
		if (strcmp(method, features[i]) == 0)
			return feature_request(s, method, id, params);
	char message[160];
	snprintf(message, sizeof message, "rbdc lsp does not implement '%.100s'", method);
	return send_error(s, id, RPC_METHOD_NOT_FOUND, message);
}

/* Reads one framed message and handles it: 0 to go on, 1 after `exit` or at the end of input, -1 when broken. */
static int serve_one(struct server *s)
{
	char line[HEADER_LINE_MAX];
	long long length = -1;
	bool any = false, bad_length = false;
	for (;;) {
		int r = read_line(&s->in, line, sizeof line, &any);
		if (r == 0)
			return 1;
		if (r < 0) {
			fprintf(stderr, "rbdc lsp: the input ended inside a header, or a header line is longer than %d bytes\n",
				HEADER_LINE_MAX);
			return -1;
		}
		if (!line[0]) {
			if (any)
				break;
			continue; /* blank lines between messages are tolerated */
		}
		if (strncasecmp(line, "Content-Length:", 15) == 0) {
			char *end;
			errno = 0;
			length = strtoll(line + 15, &end, 10);
			while (*end == ' ' || *end == '\t')
				end++;
			bad_length = errno || *end || length < 0 || end == line + 15;
		}
	}
	if (length < 0 || bad_length)
		return send_error(s, NULL, RPC_INVALID_REQUEST, "the message has no valid Content-Length header") ? -1 : 0;
	if (length > LSP_MAX_MESSAGE) {
		if (read_body(&s->in, NULL, (size_t)length)) {
			fprintf(stderr, "rbdc lsp: the input ended inside a message\n");
			return -1;
		}
		char message[128];
		snprintf(message, sizeof message, "the message is %lld bytes; rbdc lsp reads at most %d", length, LSP_MAX_MESSAGE);
		return send_error(s, NULL, RPC_INVALID_REQUEST, message) ? -1 : 0;
	}
	char *body = xmalloc((size_t)length + 1);
	if (read_body(&s->in, body, (size_t)length)) {
		free(body);
		fprintf(stderr, "rbdc lsp: the input ended inside a message\n");
		return -1;
	}
	json_error_t err;
	json_t *msg = json_loadb(body, (size_t)length, JSON_DECODE_ANY, &err); /* valid JSON but no object: -32600 */
	free(body);
	int rc;
	if (!msg) {
		char message[256];
		snprintf(message, sizeof message, "invalid JSON at line %d, column %d: %s", err.line, err.column, err.text);
		rc = send_error(s, NULL, RPC_PARSE_ERROR, message);
	} else {
		rc = dispatch(s, msg);
		json_decref(msg);
	}
	return rc;
}

int lsp_run(int in_fd, int out_fd)
{
	struct server s;
	memset(&s, 0, sizeof s);
	s.in.fd = in_fd;
	s.out_fd = out_fd;
	int rc;
	while ((rc = serve_one(&s)) == 0)
		;
	while (s.docs) {
		struct document *d = s.docs;
		s.docs = d->next;
		free_document(d);
	}
	/* LSP: exit ends the process with 0 after a shutdown request, 1 otherwise (an end of input counts as exit). */
	return rc == 1 && s.shut_down ? 0 : 1;
}
