/* secrets.h: recognises literals that look like secrets, by the variable name or by the shape of the value. */
#ifndef RBDC_SECRETS_H
#define RBDC_SECRETS_H

#include <stdbool.h>
#include <stddef.h>

/** secret_name_hint - the secret-like word inside an environment variable name (e.g. "PASSWORD"), or NULL */
const char *secret_name_hint(const char *name);
/** secret_value_kind - what kind of secret @value (of @len bytes) looks like ("a URL with a password"), or NULL */
const char *secret_value_kind(const char *value, size_t len);
struct strmap;
/** secret_value_kind_once - secret_value_kind remembered in the intern map @interned (the value of the string's
    slot): a literal is scanned once per compilation however often it appears and whichever stage asks (the scanner
    to mask it, rule E013 to refuse it); a @value that was never interned is scanned every time */
const char *secret_value_kind_once(struct strmap *memo, const char *value, size_t len);
/** secret_env_hint - the secret-like word of env @name when `env NAME VALUE` holds a plaintext secret, or NULL: a
    flag, a name that says what the value is about (..._TIMEOUT, ..._URL, MAX_...), or a secret word inside the name with
    a value that is plainly a duration, URL, path or header name is not one */
const char *secret_env_hint(const char *name, const char *value, size_t len);
/** secret_is_harmless_flag - values such as "true" or "off" that a secret-sounding name may still hold */
bool secret_is_harmless_flag(const char *value);

#endif
