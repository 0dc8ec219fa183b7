/* graph.h: the resolved model as a Graphviz DOT picture (`rbdc graph`). */
#ifndef RBDC_GRAPH_H
#define RBDC_GRAPH_H

#include "arena.h"
#include "model.h"

/** graph_dot - append to @out a DOT digraph of @m: host → routes → apps → secrets → Vault paths, apps → stores and
    apps, stores → secrets */
void graph_dot(struct textbuf *out, const struct model *m);

#endif
