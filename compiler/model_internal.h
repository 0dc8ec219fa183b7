/* model_internal.h: what the model readers share: the reader, the value readers and checks of model.c, and each file's block readers for read_block and read_top. */
#ifndef RBDC_MODEL_INTERNAL_H
#define RBDC_MODEL_INTERNAL_H

#include "model.h"
#include "values.h"

struct reader {
	struct rbdc_ctx *ctx;
	struct model *m;
	struct stmt_set *attempted; /* of the block being read */
	enum scope scope;
};

#define K_WORD (1u << ARG_WORD)
#define K_STRING (1u << ARG_STRING)
#define K_PATH (1u << ARG_PATH)

/* model.c: statement lookup and shape, typed values, names, and the readers apps and jobs share */
int usage_error(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, const char *what);
int check_shape(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, uint32_t min, uint32_t max,
		bool list);
int want_kind(struct reader *r, const struct ast_stmt *st, const struct ast_arg *a, unsigned kinds, const char *what);
void setting_from_arg(struct setting *s, const struct ast_arg *a);
int claim(struct reader *r, struct setting *s, const struct ast_stmt *st);
int read_value(struct reader *r, const struct ast_stmt *st, struct setting *s, unsigned kinds, const char *what);
int read_number(struct reader *r, const struct ast_stmt *st, struct setting *s, int64_t lo, int64_t hi);
int read_duration(struct reader *r, const struct ast_stmt *st, struct setting *s);
int read_quantity(struct reader *r, const struct ast_stmt *st, struct setting *s, enum quantity_kind kind);
void read_tunable(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, struct tunables *t);
bool is_tunable(enum stmt_id id);
const struct stmt_spec *lookup(struct reader *r, const struct ast_stmt *st, enum scope scope, struct stmt_set *attempted);
void add_name_refs(struct reader *r, const struct ast_stmt *st, struct name_ref **head, struct name_ref **tail);
const char *decl_name(struct reader *r, const struct ast_stmt *st, struct rbd_loc *loc);
bool register_name(struct reader *r, struct strmap *names, const char *name, struct rbd_loc loc, const char *what,
		   void *decl, const struct rbd_loc *first_loc_of(void *));
const struct rbd_loc *app_loc(void *p);
const struct rbd_loc *store_loc(void *p);
const struct rbd_loc *secret_loc(void *p);
/** read_uses_into - the names of `uses` into the list @head/@tail, with the app or job (the other NULL) as their user */
void read_uses_into(struct reader *r, const struct ast_stmt *st, struct app *app, struct job *job, struct use_ref **head,
		    struct use_ref **tail);
/** read_pair_into - NAME VALUE of @st (VALUE of @value_kinds, described as @what) appended to @head/@tail, each name once per @owner */
void read_pair_into(struct reader *r, const struct ast_stmt *st, const void *owner, struct env_var **head,
		    struct env_var **tail, unsigned value_kinds, const char *what);
void read_env_into(struct reader *r, const struct ast_stmt *st, const void *owner, struct env_var **head,
		   struct env_var **tail);
void read_command_into(struct reader *r, const struct ast_stmt *st, struct setting *text, struct argv_word **argv,
		       struct argv_word **tail);
int check_command_shape(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec);
void read_command(struct reader *r, const struct ast_stmt *st, struct command *cmd);
void read_image(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec, bool *has_image,
		struct rbd_loc *image_loc, struct setting *image_ref, struct setting *image_of);
void read_block(struct reader *r, const struct ast_stmt *st, enum scope scope, void *target);
bool is_word(const struct ast_arg *a, const char *text);

/* The block readers, one file per subject; read_block and read_top in model.c call them. */
/* model_app.c: apps */
void read_app_stmt(struct reader *r, const struct ast_stmt *st, struct app *app);
void read_app(struct reader *r, const struct ast_stmt *st);
/* model_route.c: routes, hosts, ingress and gateway */
void read_route(struct reader *r, const struct ast_stmt *st, struct app *app, bool exact);
void read_body_limit(struct reader *r, const struct ast_stmt *st, struct app *app);
void read_hosts(struct reader *r, const struct ast_stmt *st, struct app *app);
void read_ingress_stmt(struct reader *r, const struct ast_stmt *st, struct ingress_config *in);
void read_gateway_stmt(struct reader *r, const struct ast_stmt *st, struct gateway_config *g);
/* model_job.c: jobs */
void read_job_stmt(struct reader *r, const struct ast_stmt *st, struct job *job);
void read_job(struct reader *r, const struct ast_stmt *st);
/* model_store.c: stores and engines */
void read_store_stmt(struct reader *r, const struct ast_stmt *st, struct store *store);
void read_engine_stmt(struct reader *r, const struct ast_stmt *st, struct engine_decl *e);
void read_store(struct reader *r, const struct ast_stmt *st);
void read_engine(struct reader *r, const struct ast_stmt *st);
/* model_vault.c: vault and secrets */
void read_vault_stmt(struct reader *r, const struct ast_stmt *st, struct vault_config *v);
void read_secret_stmt(struct reader *r, const struct ast_stmt *st, struct secret_decl *s);
void read_secret(struct reader *r, const struct ast_stmt *st, const struct stmt_spec *spec);

#endif
