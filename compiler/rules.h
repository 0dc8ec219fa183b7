/* rules.h: the numbered constraint rules run over the resolved model (and the program text, for E013). */
#ifndef RBDC_RULES_H
#define RBDC_RULES_H

#include "model.h"

/** rules_check - run every rule; findings are queued as diagnostics */
void rules_check(struct rbdc_ctx *ctx, const struct model *m, const struct ast_stmt *program);

#endif
