// Edge values for every field rbdc writes: a seeded random source and, per kind of field, pools of values valid for
// Kubernetes (edges included) and invalid ones. A pool entry is a string or a function (rng) => string.

// mulberry32: small, fast, and the same sequence for the same seed on every machine.
export function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    draw: (entry) => (typeof entry === 'function' ? entry(rng) : entry),
  };
  return rng;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const LABEL_CHARS = `${LOWER}${DIGITS}-`;

function randomFrom(rng, chars, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += chars[rng.int(0, chars.length - 1)];
  return s;
}

// A DNS-1123 label of exactly n characters starting with a letter. With `everyChar` it holds every allowed character;
// otherwise it is filled with dictionary-like runs, so rbdc's entropy check for pasted secrets (E013) stays quiet.
export function label(n, rng, everyChar = false) {
  const first = rng.pick(LOWER);
  if (n <= 1) return n === 1 ? first : '';
  const all = `${LOWER}${DIGITS}-`;
  let middle = '';
  if (everyChar && n - 2 >= all.length) middle = all;
  const words = ['web', 'api', 'shop', 'data', 'cache', 'front', 'admin', 'x', 'service', '2', 'v1'];
  while (middle.length < n - 2) middle += middle.endsWith('-') || !middle ? rng.pick(words) : rng.pick(['-', ...words]);
  return first + middle.slice(0, n - 2) + rng.pick(`${LOWER}${DIGITS}`);
}

const sized = (n) => (rng) => label(n, rng);
const everyChar = (n) => (rng) => label(n, rng, true);

// Names of objects (app, store, secret, VaultAuth, project, namespace): DNS-1123 labels, pushed to every length that
// makes a derived name (NAME-nginx, NAME-headless, NAME-bucket-HASH, PROJECT-tls, REGISTRY/PROJECT-APP) cross a limit.
export const NAMES = {
  valid: ['a', 'ab', 'x0', 'e8', 'a-b', 'a--b', 'web', 'api', 'z9-9z', sized(2), sized(10), sized(36), sized(41), sized(42), sized(43),
    sized(44), sized(46), sized(47), sized(48), sized(52), sized(53), sized(54), sized(56), sized(57), sized(58), sized(61),
    sized(62), sized(63), everyChar(39), everyChar(43), everyChar(57), everyChar(63)],
  invalid: [sized(64), sized(70), 'Api', 'API', 'a_b', 'a.b', '9abc', '0', '1-a', 'a-', 'a:b', 'a@b', 'a/b', 'a+b', 'añb', '',
    'a b', '-a', 'ab\u200b'],
};

// Hosts for `domain`.
export const HOSTS = {
  valid: ['a.b', 'example.com', 'app.example.com', 'a-b.c-d.example', '1a.example.com', 'x.y.z.w.v.example.org',
    'xn--bcher-kva.example', 'xn--80ak6aa92e.com', '0.example', '123.example.com', '*.example.com',
    (rng) => `${label(63, rng)}.example.com`,
    (rng) => `${label(63, rng)}.${label(63, rng)}.${label(63, rng)}.${label(61, rng)}`, // exactly 253
    (rng) => Array.from({ length: 126 }, () => rng.pick(LOWER.split(''))).join('.') + '.x'],
  invalid: ['1.2.3.4', '10.0.0.1', '127.0.0.1', '192.168.001.010', '255.255.255.255', '::1', '2001:db8::1', 'Example.com',
    'EXAMPLE.COM', 'example.com.', '*', 'a..b', '.example.com', '-a.example.com', 'a-.example.com',
    'a_b.example.com', 'bücher.de', 'a.123', // a numeric last label: rbdc refuses what looks like an IP address 'localhost', 'example', 'a b.com', 'example.com:443', 'http://example.com',
    (rng) => `${label(64, rng)}.example.com`,
    (rng) => `${label(63, rng)}.${label(63, rng)}.${label(63, rng)}.${label(62, rng)}`, // 254
    '1.2.3.4.5', '0x7f.0.0.1', '01.02.03.04'],
};

// Ingress routes and health paths.
export const PATHS = {
  valid: ['/', '/a', '/api', '/api/', '/api/v1/health', '/a-b_c.d', '/a/b/c/d', '/.well-known/acme', '/a..b', '/...x',
    '/a/.b', '/A/B', '/_', '/-', '/a.', '/v1.2/x', '/' + 'a'.repeat(300), '/a/' + 'b'.repeat(5000),
    (rng) => '/' + Array.from({ length: 40 }, () => label(rng.int(1, 20), rng)).join('/'),
    (rng) => '/' + label(63, rng) + '/'],
  invalid: ['/a%2fb', '/a%2Fb', '//', '//a', '/a//b', '/./a', '/a/./b', '/a/../b', '/../a', '/a/..', '/a/.', '/.', '/..',
    '/a/../', '/a?b', '/a#b', '/a b', '/é', '/日本', '/a%20b', '/a%', '/%2e%2e/', '/~user', '/a:b', '/a@b', '/a!b', '/a=b',
    '/a&b', "/a'b", '/a$b', '/a*', '/a+b', '/a(b)', '/a[b]', '/a{b}', '/a|b', '/a^b', '/a\\b', '/a;b', '/a,b', '/etc/nginx',
    '/etc/passwd', '/var/run/secrets/x', '/x_by_lua', '/alias;', 'a', '/\u00a0', '/a\tb',
    '/' + 'x'.repeat(70000)],
};

// Ports: containerPort and Service port.
export const PORTS = {
  valid: ['1', '80', '443', '1023', '1024', '8080', '9000', '9001', '65535'],
  invalid: ['0', '65536', '99999', '-1', '010', '1e3', '0x50', '80.0', '8080a', '18446744073709551617', ''],
};

// CPU quantities. Finer than 1m is valid for the API server, which rounds it up: rbdc refuses it (E019).
export const CPUS = {
  valid: ['1', '100m', '1m', '0.5', '0.001', '0.1', '2.5', '999999m', '1000000000000', '1.0', '123456789012', '1.000', '0.0010'],
  invalid: ['1.0000000001', '0.0001', '0.0000000001', '0', '0m', '0.0', '1.5.3', '1e3', '1E3', '+1', '-1', '1k', '100M', '.5', '5.', '1u', '1n', '1 m', 'm', '',
    '1m1', '1Mi', '0x10'],
};

// Memory and volume sizes. A fraction of a byte is valid for the API server, which rounds it: rbdc refuses it (E019).
export const SIZES = {
  valid: ['1Ki', '128Mi', '1Gi', '1Ti', '1Pi', '1Ei', '7Ei', '1k', '1M', '1G', '1T', '1P', '1.5Gi', '0.5Mi', '0.125Ki', '1.001k',
    '1000000000000Ki', '999999999999Mi', '123456789012M', '7.5Ei'],
  invalid: ['0.001Ki', '1.0000000001Gi', '1000000000000001k', '8Ei', '16Ei', '999999999999Ei', '1E', '1K', '1KB', '1gi', '1mi', '0Gi', '0', '1.5.3Gi', '1e3', '512', '1m',
    '-1Gi', '1 Gi', 'Gi', '1.Gi', '.5Gi', '1Gi1', '1e9Ki'],
};

// Request/limit pairs that sit exactly on the border the API server checks (request <= limit, compared exactly).
// The valid pairs are exact (request <= limit as the API server compares); the invalid ones are a hair over their
// limit, or finer than Kubernetes counts (rounded, so rbdc refuses them, E019).
export const REQUEST_LIMIT = {
  memory: [['1Gi', '1Gi'], ['1Gi', '1024Mi'], ['1536Mi', '1.5Gi'], ['1G', '1Gi'], ['0.5Gi', '512Mi'], ['1.001k', '0.000001001G'],
    ['1.000000001G', '1000000.001k'], ['7Ei', '7168Pi'], ['999999999999Mi', '999999999999Mi']],
  memoryInvalid: [['1.0000000000000001Gi', '1Gi'], ['1000000000000001k', '1E'], ['1Gi', '1073741824001m'], ['1.00000000001Ki', '1Ki'],
    ['1.000000001G', '1000000k'], ['1025Mi', '1Gi'], ['1.001k', '0.000001G']],
  cpu: [['1', '1'], ['1000m', '1'], ['0.1', '100m'], ['1.001', '1001m'], ['999.999', '999999m'], ['0.001', '1m']],
  cpuInvalid: [['1.0000000000000001', '1'], ['0.0000000001', '1m'], ['1.0005', '1001m'], ['999.9999999999999', '1000'],
    ['1.00000000000001', '1'], ['1.002', '1001m'], ['2', '1999m']],
};

// Durations (refresh, probe-*, job-ttl).
export const DURATIONS = {
  valid: ['1s', '30s', '59s', '60s', '1m', '5m', '59m', '1h', '24h', '2147483647s', '35791394m', '596523h', '1000000000s', '1000000001s'],
  invalid: ['0s', '0', '1d', '1h30m', '1.5h', '01s', '2147483648s', '35791395m', '596524h', '1ms', '1', 's', '-1s', '1S',
    '1 h', ''],
};

// Whole numbers: replicas, probe-failures, UIDs.
export const REPLICAS = { valid: ['1', '2', '3', '10', '999', '1000'], invalid: ['0', '1001', '-1', '01', '1.5', 'two', ''] };
export const FAILURES = { valid: ['1', '2', '100'], invalid: ['0', '101', '01', ''] };
export const STARTUP_FAILURES = { valid: ['1', '30', '999', '1000'], invalid: ['0', '1001', '01', '-1', ''] };
export const UIDS = {
  valid: ['1', '101', '999', '1000', '10001', '65534', '65535', '2147483647'],
  invalid: ['0', '00', '2147483648', '4294967295', '4294967296', '-1', '01', '1.0', ''],
};
export const BOOLS = { valid: ['yes', 'no', 'true', 'false', 'on', 'off'], invalid: ['y', 'n', 'YES', '1', '0', 'maybe', ''] };

const HEX64 = 'a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4';

// Image references: valid and malformed per the distribution reference grammar.
export const IMAGES = {
  valid: ['nginx', 'nginx:1', 'nginx:latest', 'docker.io/library/nginx:1.27', 'ghcr.io/a/b:tag', 'localhost/a',
    'localhost:5000/a/b:1', 'registry.example.com:443/x/y', `registry.example.com/x/y@sha256:${HEX64}`,
    `ghcr.io/a/b:1.0@sha256:${HEX64}`, 'a/b/c/d/e/f:1', 'a__b', 'a.b', 'a-----b', 'a_b.c-d', '127.0.0.1:5000/x',
    'UPPER.example.com/x:1', 'Registry.Example.COM:5000/x', '[::1]:5000/x', 'ghcr.io/a/b:_', 'ghcr.io/a/b:A', `ghcr.io/a/b:${'A'.repeat(128)}`,
    'quay.io/minio/minio:RELEASE.2024-12-18T13-15-44Z', 'docker.io/nginxinc/nginx-unprivileged:1.27-alpine',
    (rng) => `ghcr.io/${label(63, rng)}/${label(63, rng)}/${label(63, rng)}:1`,
    `${'a'.repeat(63)}.example.com/${'b'.repeat(179)}`], // a name of exactly 255 characters
  invalid: ['Nginx', 'ghcr.io/A/b', 'ghcr.io/a..b:1', 'a___b', 'a_-b', '-a', 'a-', 'a.', '.a', 'ghcr.io/a/', 'ghcr.io//a',
    'a:', 'a:-x', 'a:.x', `a:${'x'.repeat(129)}`, 'a@sha256:abc', `a@md5:${HEX64}`, `a@sha256:${HEX64.toUpperCase()}`,
    `a@sha256:${HEX64}0`, 'a b', ' nginx', 'nginx ', `${'a'.repeat(64)}`, HEX64, 'ghcr.io:/a', 'ghcr.io:abc/a',
    'gh_cr.io/a', '-ghcr.io/a', 'ghcr.io-/a', 'a/b:c:d', 'http://ghcr.io/a', 'ghcr.io/a/b:tag/x', '',
    `ghcr.io/${'a'.repeat(250)}`, `${'a'.repeat(63)}.example.com/${'b'.repeat(180)}`, 'ghcr.io/a/b:é', 'ghcr.io/a/b:v1+build', 'a//b'],
};

// The registry of derived images (REGISTRY/PROJECT-APP:TAG).
export const REGISTRIES = {
  valid: ['ghcr.io', 'ghcr.io/example', 'localhost:5000', 'localhost', 'registry.example.org/a/b/c', '127.0.0.1:5000',
    'Ghcr.io/x', 'example', 'a__b/c', (rng) => `registry.example.com/${label(63, rng)}/${label(63, rng)}`,
    (rng) => `${label(50, rng)}.example.com/${label(63, rng)}/${label(63, rng)}`],
  invalid: ['ghcr.io/Example', 'ghcr.io/a..b', 'ghcr.io/', 'ghcr.io//x', 'ghcr.io/x:tag', `ghcr.io/x@sha256:${HEX64}`,
    'http://ghcr.io', '/ghcr.io', 'ghcr.io/a b', ''],
};

// Tags (`tag`).
export const TAGS = {
  valid: ['0', '1', 'latest', '0.0.0-dev', '_x', 'A', 'v1.2.3', 'a-b_c.d', 'A'.repeat(128), '2024.06.1'],
  invalid: ['', '.x', '-x', 'x'.repeat(129), 'a b', 'a/b', 'a:b', 'é', 'v1+build', 'a@b'],
};

// Environment variable names.
export const ENV_NAMES = {
  valid: ['A', '_', '_A', 'a', 'A1', 'API_DOCS_ENABLED', 'X'.repeat(200), 'aB_c9'],
  invalid: ['1A', 'A-B', 'A.B', 'A:B', 'é', '', 'A B', '..A'],
};

// Environment values: YAML-special words, Kubernetes' $(VAR) and $$ syntax, spaces, unicode.
export const ENV_VALUES = {
  valid: ['', ' ', ' lead', 'trail ', '  both  ', '$', '$$', '$$$', '$(X)', '$(X', '$()', 'a$b', '$$(X)', '$(X)$(Y)',
    '$(A)', '$(API_DOCS_ENABLED)', 'a$(HOME)b', '${HOME}', '$HOME', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'true',
    'false', 'True', 'FALSE', '~', 'null', 'Null', 'NULL', '0x1F', '0o17', '010', '0777', '1e3', '1_000', '12:30',
    '190:20:30', '.inf', '-.inf', '.nan', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '#x', '&a', '*a', '!tag', '!!str',
    '|', '>', '-', '- a', '? a', ': a', 'a: b', 'a #b', '%x', '@x', '`x', '"quoted"', "'single'", 'back\\slash', 'tab\tin',
    'é', '日本語', '😀', '\u2028', '\u0085', '\u00a0', '\ufeff', 'a\u200bb', '---', '...', '<<', '=', '[a]', '{a: b}',
    'http://minio:9000', 'a,b', 'a;b', 'e8', 'E8', '.e8', 'e+8', '1e8', 'E', 'x'.repeat(1000), 'ab'.repeat(30000)],
  invalid: ['multi\nline', 'cr\r', 'nul\u0001', 'del\u007f', 'esc\u001b[0m'],
};

// Commands for `migrate`.
export const COMMANDS = {
  valid: ['alembic upgrade head', 'a', '  a  b  ', 'a\tb', './migrate', '/usr/bin/migrate --flag=value', 'migrate --x=y',
    'python -m blog.migrate --wait-for-db', 'npm run migrate', 'echo $HOME', 'echo $$', 'echo $(X)', 'echo $(HOME)',
    'echo $(DATABASE_URL)', 'migrate $(A)', 'echo $$(A)', 'python -c "print(1)"', "sh -c 'x'", 'a && b', 'a|b', 'a;b',
    'a > /tmp/x', 'echo ~', 'echo *', 'a # comment', 'a\\b', 'échelle', 'x'.repeat(2000), '-x', 'a=b', 'FOO=1 alembic',
    'A=1', 'PATH=/x migrate', 'exec alembic upgrade head', 'cd /app', 'source venv/bin/activate', 'export A', 'ulimit -n 1',
    'umask 077', '. ./env', 'exit 0', 'set -e', 'eval x', 'trap x', 'true', 'env A=1 migrate', 'a = b', '%x', 'time migrate',
    'read x', 'wait', 'command -v x', 'type x', 'hash -r', 'let x=1', 'local a', 'readonly A', 'shift', 'unset A', ': noop',
    'executor run', 'migrate exec cd', 'exec', 'cd'],
  invalid: ['', ' ', '\t', 'a\nb', 'a\u0001'],
};

// Vault fields.
export const VAULT_PATHS = {
  valid: ['reactbin/api', 'a', 'a/b/c', 'a.b', 'a-b_c', 'a:b', 'a@b', 'a+b=c,d~e', 'x'.repeat(1000), 'data/x', 'a...b'],
  // rbdc keeps the request URL VSO builds exactly what is written: no empty, '.' or '..' segments, escapes or spaces.
  invalid: ['/a', 'a/', '', ' ', 'a\nb', '/', 'a//b', 'a/./b', 'a/../b', '..', 'é/ü', 'a%2fb', 'a b', 'a?b', 'a#b'],
};
export const MOUNTS = { valid: ['kv', 'secret', 'kv-v2', 'kv/v2', 'a.b', 'x'.repeat(200), 'a_b'], invalid: ['', '/kv', 'kv/', 'k v'] };
// Vault role names: the kubernetes auth method creates roles at role/NAME, NAME matching framework.GenericNameRegex
// (\w(([\w-.]+)?\w)?, Go's ASCII \w), and stores them lower-cased; a role no path can create cannot be logged in to.
export const ROLES = {
  valid: ['reactbin', 'a', '_', '9', 'a-b_c.d', 'a..b', 'a--b', 'x'.repeat(200), 'Role', 'ROLE_1'],
  invalid: ['', ' ', 'a b', 'a\nb', 'role@x', '-a', 'a-', '.a', 'a.', 'a/b', 'é', 'a:b', '*'],
};
export const ADDRESSES = {
  valid: ['https://vault.example.com:8200', 'http://127.0.0.1:8200', 'https://vault', 'http://vault.vault.svc:8200',
    'https://vault.example.com/', 'https://[::1]:8200', 'https://vault.example.com:8200/v1'],
  invalid: ['https://', 'http://', 'https://a b', 'https://:8200', 'https://vault:99999', 'ftp://x', 'HTTPS://x', 'vault:8200',
    'https://%zz', 'https://user@host', 'https://host/path?q#f', 'https://[::1', ''],
};
// VaultAuth vaultConnectionRef: `default` (the operator's own), NAME or NAMESPACE/NAME of an existing VaultConnection.
export const CONNECTIONS = {
  valid: ['default', 'vault', 'vault-conn', 'a.b', 'vault-system/vault', 'ns/conn.x', 'default/default',
    (rng) => `${label(63, rng)}/${label(63, rng)}.${label(63, rng)}`],
  invalid: ['Default', 'a/b/c', 'A/b', 'a_b', '/x', 'x/', 'a..b', 'ns_x/y', '-a', `a/${'x'.repeat(254)}`, `${'n'.repeat(64)}/x`, ''],
};
// body-limit: ingress-nginx's proxy-body-size, nginx sizes (1024-based k, m, g).
export const BODY_LIMITS = {
  valid: ['1', '1024', '1Ki', '512Ki', '1Mi', '20Mi', '1Gi', '1Ti', '8388607Ti', '9223372036854775807'],
  invalid: ['0', '0Mi', '1MB', '20M', '20m', '1.5Mi', '1Pi', '1Ei', '-1', '01Mi', 'Mi', '', '8388608Ti', '9223372036854775808',
    '1k', '1KiB'],
};
export const AUTH_MOUNTS = { valid: ['kubernetes', 'k8s-tools', 'a/b', 'k8s_x', 'x'.repeat(100)], invalid: ['', '/kubernetes', 'kubernetes/', 'a b'] };

// Secret keys.
export const KEYS = {
  valid: ['A', '_', 'DATABASE_URL', 'a', 'A1', 'K'.repeat(200), 'MINIO_ROOT_USER'],
  invalid: ['1A', 'A-B', 'A.B', 'é', ''],
};

// Bucket names (MinIO/S3 rules).
export const BUCKETS = {
  valid: ['abc', 'a.b.c', 'a-b', '1bucket', 'a1.b2', 'images', 'abc.123', 'a--b', (rng) => label(63, rng), 'minio1', 'minio.sys',
    'minio-data', 'xn--abc', '123.456.789.0a', 'abc-s3alias'],
  // `minio` is MinIO's reserved bucket (cmd: minioReservedBucket, where its own API lives: /minio/health, /minio/admin).
  invalid: ['minio', 'ab', 'a', (rng) => label(64, rng), 'A', 'Abc', 'a_b', 'a..b', 'a.-b', 'a-.b', 'ab-', 'ab.', '192.168.1.1', '123',
    '1.2.3.4', '-ab', '.ab', 'a b', ''],
};

// spa-root: the directory nginx serves.
export const SPA_ROOTS = {
  valid: ['/usr/share/nginx/html', '/', '/srv/www', '/a/b/', '/a-b_c.d', '/' + 'd'.repeat(300), '/a~b', '/a:b',
    '/a@b', '/a=b', '/a+b', '/a,b'],
  invalid: ['/a/../b', '/a%20b', '/a$b', '/var/$host', '/a${x}', "/a'b", '/a"b', '/a\\b', '/a;b', '/a{b', '/a}b', '/a b', '/a#b', 'a', '/é',
    '/a\tb', '/a`b'],
};

// Ingress classes and ClusterIssuers.
// Cluster-scoped names: DNS-1123 subdomains.
export const CLASSES = { valid: ['nginx', 'nginx-internal', 'traefik', 'a', 'a.b', (rng) => label(63, rng)], invalid: ['Nginx', 'a_b', 'a..b', '', '-a'] };
export const ISSUERS = { valid: ['letsencrypt-prod', 'corp-ca', 'a', 'a.b', (rng) => label(63, rng)], invalid: ['Lets', 'a_b', 'a..b', '', 'a b'] };

// ingress-namespace: the ingress controller's namespace, a DNS-1123 label. The API server takes a leading digit
// (`9abc`), which rbdc refuses here as it does for `namespace` (E008): those are in the invalid pool.
export const NAMESPACES = {
  valid: ['ingress-nginx', 'kube-system', 'default', 'traefik', 'a', 'e8', 'a--b', sized(62), sized(63), everyChar(63)],
  invalid: [sized(64), 'Ingress-nginx', 'a_b', 'a.b', '-a', 'a-', 'a b', 'añb', '', '9abc', '0'],
};

// s3-access-key and s3-secret-key: keys of an app's secrets, environment variable names as rbdc takes them.
export const S3_KEYS = {
  valid: ['S3_ACCESS_KEY', 'S3_SECRET_KEY', 'A', '_', 'a', 'aB_c9', 'MINIO_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'DATABASE_URL',
    'MINIO_ROOT_USER', 'K'.repeat(200)],
  invalid: ['1A', 'A-B', 'A.B', 'A B', 'é', ''],
};

// `uses`: which shape of users and targets a program has (programs.mjs builds each one).
export const USES = {
  valid: ['app uses store', 'app uses app', 'app uses store and app', 'two apps use one store', 'eight apps use one store',
    'chain a>b>c', 'mutual a<>b', 'routed app used', 'keys in two secrets', 'app uses two stores', 'store with console used',
    'user app routed', 'used app on 9001', 'used app on 9000', 'long names'],
  invalid: ['app uses itself', 'app uses nothing declared', 'app lists a name twice', 'store without bucket',
    'store used, no secret', 'store used, secret without the keys', 'store used, access key missing'],
};

// ---- jobs (issue 10): schedules as robfig/cron v3's ParseStandard reads them, IANA time zone names, limits ----
export const SCHEDULES = {
  valid: ['0 3 * * *', '*/15 * * * *', '0 9-17 * * mon-fri', '0 0 1 jan,jul *', '30 2 * * SUN', '59 23 31 12 *', '0 0 * * 0',
    '5/10 * * * *', '0-30/10 * * * *', '? ? ? ? ?', '00 03 * * *', '0 */6 * * *', '@yearly', '@annually', '@monthly', '@weekly',
    '@daily', '@midnight', '@hourly', '0 0 29 feb *', '1,2,3 * * * *', '0 0 * Dec Sat', '0 0 1-31/2 * *', '0\t3 * * *'],
  invalid: ['', '60 3 * * *', '0 24 * * *', '0 0 0 * *', '0 0 32 * *', '0 0 * 13 *', '0 0 * * 7', '0 0 * * 1-7', '0 22-2 * * *',
    '*/0 * * * *', '0 0 3 * * *', '0 3 * *', '@every 1h', '@reboot', 'TZ=UTC 0 3 * * *', 'CRON_TZ=UTC 0 3 * * *', '0 0 * * monday',
    '1,,2 * * * *', '*-5 * * * *', '+5 * * * *', 'jan * * * *', '0 0 * * mon,', 'L * * * *', '0 0 ? * 1#2', '0 3 * * *\n'],
};
export const TIMEZONES = {
  valid: ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Etc/GMT-14',
    'Etc/GMT+5', 'Asia/Ho_Chi_Minh', 'Antarctica/DumontDUrville', 'Pacific/Auckland'],
  invalid: ['', 'Local', 'local', 'CET', 'EST', 'GMT', '+02:00', 'UTC+2', 'US/Eastern', 'Europe', 'europe/berlin', 'Europe/berlin',
    'Europe//Berlin', 'Europe/Ber lin', 'Etc/../x', 'America/Argentina/Buenos_Aires_Province', 'Europe/Berlin2', 'Eurpoe/Berlin'],
};
export const RETRIES = { valid: ['0', '1', '6', '1000'], invalid: ['-1', '1001', '01', 'three', ''] };
export const HISTORY = { valid: ['0', '1', '3', '100'], invalid: ['-1', '101', '01', ''] };
// A command as a list of exact argv words: the first is the program (not empty), the rest anything.
export const ARGVS = {
  valid: [['python', 'manage.py', 'migrate'], ['/app/run'], ['sh', '-c', 'echo $HOME && exit 0'], ['a', ''], ['echo', '$(X)', '$$'],
    ['a b', 'c d'], ['x', 'multi word', 'é'], ['-x', '--flag=1'], ['executor', 'exec'], ['./A=1', 'b']],
  // Without a shell, a built-in or NAME=VALUE first is no program (E021), like an empty one or a control character.
  invalid: [['', 'a'], [' ', 'a'], ['a', 'b\u0001'], ['a\nb', 'c'], ['exec', 'x'], ['A=1', 'b'], ['cd', '/app']],
};
