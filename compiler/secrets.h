/* secrets.h: recognises literals that look like secrets, by the variable name or by the shape of the value. */
#ifndef RBDC_SECRETS_H
#define RBDC_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

/** secret_name_hint - the secret-like word inside an environment variable name (e.g. "PASSWORD"), or NULL */
const char *secret_name_hint(const char *name);
/** secret_value_kind - what kind of secret @value (of @len bytes) looks like ("a URL with a password"), or NULL */
const char *secret_value_kind(const char *value, size_t len);
/** secret_is_harmless_flag - values such as "true" or "off" that a secret-sounding name may still hold */
bool secret_is_harmless_flag(const char *value);

#endif
