// Ports of the upstream validation rules for the fields rbdc writes, one small function per rule, each naming its source.
// Every function returns a list of problem strings (empty: valid). Written from the upstream sources, not copied.

// ---- k8s.io/apimachinery/pkg/util/validation/validation.go and pkg/api/validate/content/{dns,kube}.go ----

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const WILDCARD_SUBDOMAIN = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const str = (v) => typeof v === 'string';

// IsDNS1123Label: at most 63 characters of [a-z0-9-], alphanumeric at both ends.
export function dns1123Label(v) {
  if (!str(v)) return ['is not a string'];
  const errs = [];
  if (v.length > 63) errs.push('must be no more than 63 characters (DNS-1123 label)');
  if (!DNS1123_LABEL.test(v)) errs.push('must be a lowercase RFC 1123 label ([a-z0-9-], alphanumeric at both ends)');
  return errs;
}

// IsDNS1123Subdomain: at most 253 characters, dot-separated DNS-1123 labels.
export function dns1123Subdomain(v) {
  if (!str(v)) return ['is not a string'];
  const errs = [];
  if (v.length > 253) errs.push('must be no more than 253 characters (DNS-1123 subdomain)');
  if (!DNS1123_SUBDOMAIN.test(v)) errs.push('must be a lowercase RFC 1123 subdomain');
  return errs;
}

// IsDNS1035Label: like a DNS-1123 label but starting with a letter (Service names).
export function dns1035Label(v) {
  if (!str(v)) return ['is not a string'];
  const errs = [];
  if (v.length > 63) errs.push('must be no more than 63 characters (DNS-1035 label)');
  if (!DNS1035_LABEL.test(v)) errs.push('must be a DNS-1035 label (start with a letter, [a-z0-9-], alphanumeric end)');
  return errs;
}

// IsWildcardDNS1123Subdomain: "*." followed by a subdomain (RFC 1034 4.3.3).
export function wildcardSubdomain(v) {
  const errs = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!WILDCARD_SUBDOMAIN.test(v)) errs.push('must be a wildcard DNS-1123 subdomain ("*." then a subdomain)');
  return errs;
}

// IsValidPortNum: 1..65535.
export function portNum(v) {
  return Number.isInteger(v) && v >= 1 && v <= 65535 ? [] : [`${JSON.stringify(v)} must be between 1 and 65535, inclusive`];
}

// IsValidPortName: at most 15 of [-a-z0-9], at least one letter, no '--', no '-' at either end.
export function portName(v) {
  if (!str(v)) return ['is not a string'];
  const errs = [];
  if (v.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.includes('--')) errs.push('must not contain consecutive hyphens');
  if (v.length && (v[0] === '-' || v[v.length - 1] === '-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

// IsEnvVarName (strict form, the default without the RelaxedEnvironmentVariableValidation gate) plus hasChDirPrefix.
export function envVarName(v) {
  if (!str(v)) return ['is not a string'];
  const errs = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v)) errs.push('must be [-._a-zA-Z][-._a-zA-Z0-9]* (a valid environment variable name)');
  if (v === '.' || v === '..') errs.push(`must not be '${v}'`);
  else if (v.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

// IsConfigMapKey: [-._a-zA-Z0-9]+, at most 253, not '.', '..' or starting with '..'.
export function configMapKey(v) {
  const errs = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) errs.push("must consist of alphanumeric characters, '-', '_' or '.'");
  if (v === '.' || v === '..' || v.startsWith('..')) errs.push("must not be '.', '..' or start with '..'");
  return errs;
}

// content.IsLabelKey (IsQualifiedName): optional DNS-subdomain prefix and '/', then a name of at most 63.
export function qualifiedName(v) {
  if (!str(v)) return ['is not a string'];
  const parts = v.split('/');
  if (parts.length > 2) return ['a qualified name has at most one "/"'];
  const errs = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') errs.push('prefix part must be non-empty');
    else errs.push(...dns1123Subdomain(parts[0]).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!LABEL_KEY_NAME.test(name)) errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', alphanumeric at both ends");
  return errs;
}

// content.IsLabelValue: empty, or at most 63 characters like a qualified name's name part.
export function labelValue(v) {
  if (!str(v)) return ['is not a string'];
  const errs = [];
  if (v.length > 63) errs.push('must be no more than 63 characters (label value)');
  if (v !== '' && !LABEL_KEY_NAME.test(v)) errs.push('a label value must be empty or alphanumeric at both ends with [-_.A-Za-z0-9]');
  return errs;
}

// ---- k8s.io/utils/net ParseIPSloppy: IPv4 (leading zeros allowed) or IPv6 ----

export function isIP(v) {
  if (/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(v)) return v.split('.').every((p) => Number(p) <= 255);
  if (!v.includes(':') || !/^[0-9a-fA-F:.]+$/.test(v)) return false;
  try {
    return new URL(`http://[${v}]/`).hostname.length > 2; // the WHATWG parser accepts exactly the IPv6 text forms
  } catch {
    return false;
  }
}

// ---- staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go (parseQuantityString, ParseQuantity) and suffix.go ----

const DECIMAL_SI = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = (1n << 63n) - 1n;

// The scanner of parseQuantityString: sign, digits, optional '.' and digits, a suffix of "eEinumkKMGTP" letters, then an
// optional signed integer; anything left over is ErrFormatWrong.
function scanQuantity(s) {
  let pos = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') { negative = s[0] === '-'; pos++; }
  let i = pos;
  while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
  const num = s.slice(pos, i);
  pos = i;
  let denom = '';
  if (s[pos] === '.') {
    pos++;
    i = pos;
    while (i < s.length && s[i] >= '0' && s[i] <= '9') i++;
    denom = s.slice(pos, i);
    pos = i;
  }
  const suffixStart = pos;
  while (pos < s.length && 'eEinumkKMGTP'.includes(s[pos])) pos++;
  if (s[pos] === '-' || s[pos] === '+') pos++;
  while (pos < s.length && s[pos] >= '0' && s[pos] <= '9') pos++;
  if (pos !== s.length) return null;
  return { negative, num, denom, suffix: s.slice(suffixStart) };
}

// Parses a quantity the way ParseQuantity does. Returns { nano: BigInt value in units of 1e-9 (rounded up, as
// ParseQuantity rounds to Nano), binary, capped } or { error }.
export function parseQuantity(s) {
  if (typeof s === 'number') s = String(s);
  if (!str(s) || s === '') return { error: 'quantities must match the regular expression' };
  if (s === '0') return { nano: 0n, binary: false, capped: false };
  const q = scanQuantity(s);
  if (!q) return { error: `"${s}" does not match the quantity grammar (ErrFormatWrong)` };
  let base10 = 0;
  let base2 = 0;
  let binary = false;
  if (q.suffix in DECIMAL_SI) base10 = DECIMAL_SI[q.suffix];
  else if (q.suffix in BINARY_SI) { base2 = BINARY_SI[q.suffix]; binary = true; }
  else if (q.suffix.length > 1 && (q.suffix[0] === 'e' || q.suffix[0] === 'E') && /^[-+]?[0-9]+$/.test(q.suffix.slice(1))) {
    base10 = Number(q.suffix.slice(1));
    if (!Number.isSafeInteger(base10) || Math.abs(base10) > 2 ** 31) return { error: `"${s}": exponent out of range` };
  } else return { error: `"${s}": unable to parse the quantity's suffix (ErrSuffix)` };
  // value = (num.denom) * 10^base10 * 2^base2, kept exact as a fraction n/d.
  let n = BigInt((q.num || '0') + q.denom);
  let d = 10n ** BigInt(q.denom.length);
  if (base10 >= 0) n *= 10n ** BigInt(base10); else d *= 10n ** BigInt(-base10);
  n *= 1n << BigInt(base2);
  // Round away from zero to 1e-9 (inf.RoundUp on the magnitude), then cap binary quantities at 2^63-1.
  let nano = (n * 1000000000n + d - 1n) / d;
  let capped = false;
  if (binary && nano > MAX_INT64 * 1000000000n) { nano = MAX_INT64 * 1000000000n; capped = true; }
  return { nano: q.negative ? -nano : nano, binary, capped, exact: (n * 1000000000n) % d === 0n };
}

// ---- distribution/reference regexp.go, reference.go, normalize.go; opencontainers/go-digest ----
// The kubelet resolves every container image with reference.ParseNormalizedNamed (kubernetes pkg/util/parsers).

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const DIGEST_HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 };

// splitDockerDomain: the first component is a registry if it is localhost, has '.' or ':', or has upper case.
function splitDomain(name) {
  const slash = name.indexOf('/');
  if (slash < 0) return ['docker.io', `library/${name}`];
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    return [first === 'index.docker.io' ? 'docker.io' : first, rest];
  }
  return ['docker.io', name];
}

export function imageReference(image) {
  if (!str(image) || image === '') return ['image is required'];
  const errs = [];
  // pkg/apis/core/validation/validation.go validateContainers: no leading or trailing whitespace.
  if (image.trim() !== image) errs.push('must not have leading or trailing whitespace (API server)');
  if (/^[a-f0-9]{64}$/.test(image)) return [...errs, 'cannot specify 64-byte hexadecimal strings as a repository name'];
  const [domain, remainder] = splitDomain(image);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) errs.push(`repository name (${remote}) must be lowercase`);
  const m = REFERENCE.exec(`${domain}/${remainder}`);
  if (!m) return [...errs, 'invalid reference format (distribution/reference grammar)'];
  if (m[1].length > 255) errs.push(`repository name must not be more than 255 characters (it has ${m[1].length})`);
  if (m[3]) {
    const [alg, hex] = m[3].split(':');
    if (!(alg in DIGEST_HEX_LENGTH)) errs.push(`unsupported digest algorithm ${alg}`);
    else if (hex.length !== DIGEST_HEX_LENGTH[alg] || !/^[a-f0-9]+$/.test(hex)) errs.push(`invalid ${alg} digest (${DIGEST_HEX_LENGTH[alg]} lower-case hex digits)`);
  }
  return errs;
}

// ---- kubernetes third_party/forked/golang/expansion/expand.go: $(VAR) and $$ in env values, command and args ----

export function expand(input, mapping) {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === '$') {
      out += '$'; // "$$" is an escaped operator
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close >= 0) {
        out += mapping(input.slice(cursor + 2, close));
        advance = close - cursor;
      } else {
        out += '$('; // an incomplete reference stays as written
      }
    } else {
      out += `$${next}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

// MappingFuncFor: a known name expands; an unknown one stays as written, "$(NAME)".
export function mappingFor(known) {
  return (name) => (known.has(name) ? `\u0000expanded:${name}\u0000` : `$(${name})`);
}

// ---- pkg/apis/networking/validation/validation.go: validateIngressRules, validateHTTPIngressPath ----

const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

export function ingressHost(host) {
  const errs = [];
  if (isIP(host)) errs.push('must be a DNS name, not an IP address');
  errs.push(...(host.includes('*') ? wildcardSubdomain(host) : dns1123Subdomain(host)));
  return errs;
}

export function ingressPath(path, pathType) {
  const errs = [];
  if (pathType !== 'Exact' && pathType !== 'Prefix') return errs;
  if (!path.startsWith('/')) errs.push('must be an absolute path');
  for (const seq of INVALID_PATH_SEQUENCES) if (path.includes(seq)) errs.push(`must not contain '${seq}'`);
  for (const suf of INVALID_PATH_SUFFIXES) if (path.endsWith(suf)) errs.push(`cannot end with '${suf}'`);
  return errs;
}

// ---- kubernetes/ingress-nginx internal/ingress/inspector/{inspector.go,rules.go}: ValidatePathType with
// strict-validate-path-type (the default) and the deep inspection (CheckRegex) of hosts, paths and TLS secrets ----

const NGINX_PATH = /^\/[A-Za-z0-9._\-/]*$/;
const NGINX_FORBIDDEN = [/\s*alias\s*.*;/s, /\s*root\s*.*;/s, /\/etc\/(passwd|shadow|group|nginx|ingress-controller)/, /\/var\/run\/secrets/, /.*_by_lua.*/];

export function nginxPath(path, pathType) {
  if (pathType === 'ImplementationSpecific' || path === '') return [];
  return NGINX_PATH.test(path) ? [] : [`ingress-nginx rejects path ${JSON.stringify(path)} with pathType ${pathType}: only letters, digits, '.', '_', '-' and '/' are allowed`];
}

export function nginxInspect(value) {
  return NGINX_FORBIDDEN.some((re) => re.test(value)) ? [`ingress-nginx's deep inspection refuses ${JSON.stringify(value)} (matches a forbidden pattern)`] : [];
}

// ---- nginx: the spa server block's `root` argument (nginx src/core/ngx_conf_file.c ngx_conf_read_token: white space,
// ';', '{', '}' end a bare token, '#' starts a comment, quotes delimit, '\\' escapes; ngx_http_core_module: `root` may
// contain variables, so any '$' starts one: nginx has no escape for a literal '$') ----

// The path an nginx `root` argument means, or problems.
export function nginxRootToken(raw) {
  let value = raw;
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.length >= 2 && raw.endsWith(quote)) {
    value = raw.slice(1, -1).replace(/\\(["'\\])/g, '$1');
    if (/(^|[^\\])["']/.test(raw.slice(1, -1).replace(/\\["'\\]/g, ''))) return { value, errs: [`${JSON.stringify(raw)} is not one nginx token`] };
  } else if (/[\s"'\\;{}#]/.test(raw)) {
    return { value, errs: [`${JSON.stringify(raw)} is not one nginx token (quotes, '\\', ';', '{', '}', '#' or space)`] };
  }
  const errs = [];
  if (!value.startsWith('/')) errs.push('nginx root must be an absolute path');
  if (value.includes('$')) errs.push(`${JSON.stringify(raw)} holds '$': nginx expands it as a variable in 'root'`);
  return { value, errs };
}

// ---- minio/minio-go pkg/s3utils/utils.go CheckValidBucketNameStrict; minio/minio cmd: minioReservedBucket "minio" ----

export function bucketName(b) {
  const errs = [];
  if (b.trim() === '') return ['Bucket name cannot be empty'];
  if (b.length < 3) errs.push('Bucket name cannot be shorter than 3 characters');
  if (b.length > 63) errs.push('Bucket name cannot be longer than 63 characters');
  if (/^(\d+\.){3}\d+$/.test(b)) errs.push('Bucket name cannot be an ip address');
  if (b.includes('..') || b.includes('.-') || b.includes('-.')) errs.push('Bucket name contains invalid characters');
  else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b)) errs.push('Bucket name contains invalid characters');
  if (b === 'minio') errs.push('"minio" is a reserved bucket name in MinIO');
  return errs;
}

// ---- hashicorp/vault-plugin-auth-kubernetes path_role.go: roles live at role/ + framework.GenericNameRegex("name"),
// \w(([\w-.]+)?\w)? with Go's ASCII \w; the login looks the role up by that name (lower-cased) ----

export function vaultRoleName(v) {
  if (!str(v)) return ['is not a string'];
  return /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(v) ? [] : [`${JSON.stringify(v)} cannot be a Vault kubernetes auth role (role/NAME: letters, digits, '_', with '-' and '.' inside)`];
}

// ---- CronJob schedule (robfig/cron standard parser, as pkg/apis/batch/validation uses): five fields or a @descriptor ----

export function cronSchedule(s) {
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(s) || /^@every \S+$/.test(s)) return [];
  const fields = s.trim().split(/\s+/);
  if (fields.length !== 5) return [`schedule ${JSON.stringify(s)} must have 5 fields`];
  return fields.every((f) => /^[0-9A-Za-z*?/,\-]+$/.test(f)) ? [] : [`schedule ${JSON.stringify(s)} has an invalid field`];
}
