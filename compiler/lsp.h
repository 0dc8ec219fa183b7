/* lsp.h: `rbdc lsp`, a Language Server Protocol server: JSON-RPC 2.0 messages with Content-Length framing on two file descriptors. */
#ifndef RBDC_LSP_H
#define RBDC_LSP_H

/* A message body larger than this is read past and refused with an error response; no real document comes near
   it (a 1 MB program is about 1 MB of JSON), while it keeps a hostile or broken client from exhausting memory. */
enum { LSP_MAX_MESSAGE = 32 * 1024 * 1024 };

/** lsp_run - serve requests read from @in_fd, writing responses and notifications to @out_fd, until the client sends
    `exit` or closes @in_fd; returns the process exit status the specification asks for: 0 after a `shutdown`
    request, 1 without one (or when the framing breaks) */
int lsp_run(int in_fd, int out_fd);

#endif
