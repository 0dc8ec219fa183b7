/* values.h: parsing and validation of scalar values: numbers, durations, quantities, names, paths, image references. */
#ifndef RBDC_VALUES_H
#define RBDC_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum quantity_kind { QUANTITY_CPU, QUANTITY_BYTES };

/** value_parse_int - a plain decimal integer within [lo, hi] (no sign, no leading zeros beyond "0") */
bool value_parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out);
/** value_parse_bool - yes/no, true/false, on/off */
bool value_parse_bool(const char *s, int64_t *out);
/** value_parse_duration - one number and one unit (s, m, h), as VSO's refreshAfter accepts; seconds in @out */
bool value_parse_duration(const char *s, int64_t *seconds);
/** value_parse_quantity - a Kubernetes quantity of the given kind (CPU: 250m, 1; bytes with a unit: 512Mi, 10Gi, 1G) */
bool value_parse_quantity(const char *s, enum quantity_kind kind);

/** value_quantity_exactness_problem - why a quantity value_parse_quantity accepted would not reach Kubernetes as
 *  written (capped past 2^63-1, CPU finer than 1m, memory not whole bytes), or NULL */
const char *value_quantity_exactness_problem(const char *s, enum quantity_kind kind);

/** value_quantity_number - a valid quantity's value in base units (cores, bytes), for comparisons */
double value_quantity_number(const char *s);

/** value_dns_label_problem - why @s is not a DNS-1123 label of at most @max bytes starting with a letter, or NULL */
const char *value_dns_label_problem(const char *s, size_t max);
/** value_hostname_problem - why @s cannot be the Ingress host (a public DNS name, `*.` wildcard allowed, no IP), or NULL */
const char *value_hostname_problem(const char *s);
/** value_dns_subdomain_problem - why @s is not a DNS-1123 subdomain (IngressClass, ClusterIssuer names), or NULL */
const char *value_dns_subdomain_problem(const char *s);
/** value_bucket_problem - why @s is not an S3 bucket name, or NULL */
const char *value_bucket_problem(const char *s);
/** value_is_env_name - a C identifier, the portable environment variable name */
bool value_is_env_name(const char *s);
/** value_path_problem - why @s is not a clean absolute URL path (routes also get value_route_problem), or NULL */
const char *value_path_problem(const char *s, bool route);
/** value_route_problem - why @s is not a Prefix path the API server and ingress-nginx accept, or NULL */
const char *value_route_problem(const char *s);
/** value_nginx_path_problem - why @s cannot be spliced into an nginx directive as an absolute path, or NULL */
const char *value_nginx_path_problem(const char *s);
/** value_vault_path_problem - why @s is not a clean Vault path relative to its mount (or a mount), or NULL */
const char *value_vault_path_problem(const char *s);
/** value_vault_role_problem - why @s cannot name a Vault kubernetes auth role (auth/MOUNT/role/NAME), or NULL */
const char *value_vault_role_problem(const char *s);
/** value_url_problem - why @s is not an http(s) URL without credentials, query or fragment, or NULL */
const char *value_url_problem(const char *s);
/** value_port_problem - why the @n bytes at @s are not a port number 1..65535, or NULL */
const char *value_port_problem(const char *s, size_t n);
/** value_utf8_valid - true when @s (of @len bytes) is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF) */
bool value_utf8_valid(const char *s, size_t len);
/** value_has_control - true when @s (of @len bytes) holds a control character other than tab */
bool value_has_control(const char *s, size_t len);

struct image_ref {
	size_t name_len;   /* bytes of the reference before ':TAG' or '@DIGEST' */
	const char *tag;   /* points into the reference, or NULL */
	size_t tag_len;
	const char *digest;
};

/** value_tag_problem - why @tag is not an image tag, or NULL */
const char *value_tag_problem(const char *tag, size_t len);
/** value_parse_image - split and validate an image reference; returns NULL or why it is invalid */
const char *value_parse_image(const char *ref, struct image_ref *out);

/** value_edit_distance - edits (insert, delete, replace, swap neighbours) from @a to @b; names past 31 bytes count as far */
unsigned value_edit_distance(const char *a, const char *b);
/** value_edit_allowance - how many edits still make a "did you mean" for a name of @len bytes */
unsigned value_edit_allowance(size_t len);

/** value_body_limit - why @s is not a request body limit (bytes, Ki, Mi, Gi, Ti; not 0), or NULL with ingress-nginx's
 *  spelling of it (20Mi -> 20m) in @nginx */
const char *value_body_limit(const char *s, char *nginx, size_t cap);

/** value_starts_with_assignment - true when the command starts with NAME=VALUE, which only a shell reads as one */
bool value_starts_with_assignment(const char *cmd, size_t len);
/** value_starts_with_builtin - true when the command's first word is a shell built-in or reserved word, which no image
 *  has as a file */
bool value_starts_with_builtin(const char *cmd, size_t len);

#endif
