// rbdc programs as data: a minimal valid model, a catalogue of mutations (one field set to one edge value), and the
// renderer that writes a model as .rbd source. A program is the minimal model plus a list of recorded mutations, so a
// failure can be replayed with each mutation alone on the minimal model (cheap minimisation).
import * as V from './values.mjs';

const WORD = /^[A-Za-z0-9_][-A-Za-z0-9_.:@/+]*$/;
const PATH = /^\/[^ \t\r\n;{}<>#",]*$/;

export function newApp(name) {
  // port null: a worker (issue 10); healthForm http|tcp|exec|none with health the path or the command; healthRaw, when set,
  // is written after `health` as it is (refused forms); probes: the app's own probe timings.
  return { name, image: null, port: '8080', health: '/healthz', migrate: null, env: [], secrets: [], routes: [], exact: [], bodyLimit: null,
    spa: false, tune: {}, uses: [], s3Access: null, s3Secret: null, healthForm: 'http', healthRaw: null, probes: {}, scratch: [], scratchSize: null,
    singleton: false, autoscale: null, imageOf: null, command: null, hosts: [] };
}

// A job: `image of` an app (imageOf), an explicit reference (image), or bare (neither); command a string or a list.
export function newJob(name) {
  return { name, image: null, imageOf: null, command: null, schedule: null, timezone: null, deadline: null, retries: null, env: [],
    secrets: [], uses: [], tune: {} };
}

// `uses` holds the app and store objects themselves, so a later rename of either keeps the program consistent.
export function newStore(name, size, buckets, secrets) {
  return { name, size, buckets, secrets, image: null, tune: {}, console: null, engine: null };
}

export function minimalModel() {
  const web = newApp('web');
  web.routes = ['/'];
  return {
    cliNamespace: null,
    project: 'shop',
    namespace: null,
    domain: 'shop.example.com',
    registry: 'ghcr.io/example',
    tag: '1.0.0',
    defaults: {},
    vault: null,
    secrets: [],
    apps: [web],
    stores: [],
    jobs: [],
    engines: [],
    ingress: { tls: 'letsencrypt-prod', class: null, namespace: null },
    namespaceExternal: false,
    env: null, // { name, base }: compiled with --env NAME; the model holds the environment's values, `base` the base's
    gateway: null,
  };
}

// ---- helpers that give a mutation the context it needs ----

function ensureVault(m) {
  if (!m.vault) m.vault = { auth: 'shop-vault', mount: 'kv' };
  return m.vault;
}

function ensureAppSecret(m) {
  ensureVault(m);
  let s = m.secrets.find((x) => x.name === 'app-env');
  if (!s) {
    s = { name: 'app-env', path: 'shop/app', keys: ['DATABASE_URL'] };
    m.secrets.push(s);
  }
  if (!m.apps[0].secrets.includes(s.name)) m.apps[0].secrets.push(s.name);
  return s;
}

function ensureStore(m) {
  const minio = m.stores.find((x) => x.engine === null || x.engine === 'minio');
  if (minio) return minio;
  ensureVault(m);
  if (!m.secrets.find((x) => x.name === 'minio-root')) {
    m.secrets.push({ name: 'minio-root', path: 'shop/minio', keys: ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD'] });
  }
  const store = newStore('files', '10Gi', ['images'], ['minio-root']);
  m.stores.push(store);
  return store;
}

function ensureIngress(m) {
  if (!m.ingress) m.ingress = { tls: 'letsencrypt-prod', class: null, namespace: null };
  return m.ingress;
}

// An app that uses a store needs its MinIO keys among its secrets (E041): the secret `s3-keys` holds them.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function s3KeyNames(m, app) {
  return [app.s3Access !== null ? app.s3Access : m.defaults['s3-access-key'] || 'S3_ACCESS_KEY',
    app.s3Secret !== null ? app.s3Secret : m.defaults['s3-secret-key'] || 'S3_SECRET_KEY'];
}
function ensureS3Keys(m, app, which = [0, 1], secretName = 's3-keys') {
  ensureVault(m);
  let s = m.secrets.find((x) => x.name === secretName);
  if (!s) {
    s = { name: secretName, path: `shop/${secretName}`, keys: [] };
    m.secrets.push(s);
  }
  const names = s3KeyNames(m, app);
  for (const i of which) if (ENV_NAME.test(names[i]) && !s.keys.includes(names[i])) s.keys.push(names[i]);
  if (!s.keys.length) s.keys.push('UNUSED');
  if (!app.secrets.includes(s.name)) app.secrets.push(s.name);
}
const usesStore = (a) => a.uses.some((u) => u.size !== undefined);
function refreshS3Keys(m) {
  for (const a of m.apps) if (usesStore(a)) ensureS3Keys(m, a);
}
// A new app whose name no other declaration has.
function addApp(m, base, port) {
  let name = base;
  for (let i = 2; [...m.apps, ...m.stores].some((x) => x.name === name); i++) name = `${base}${i}`;
  const a = newApp(name);
  a.port = port;
  m.apps.push(a);
  return a;
}
function use(m, app, target) {
  if (!app.uses.includes(target)) app.uses.push(target);
  if (target.size !== undefined) ensureS3Keys(m, app);
}

function renameSecret(m, from, to) {
  for (const s of m.secrets) if (s.name === from) s.name = to;
  for (const x of [...m.apps, ...m.stores, ...(m.jobs || [])]) x.secrets = x.secrets.map((n) => (n === from ? to : n));
}

const TUNABLE_POOLS = { user: V.UIDS, replicas: V.REPLICAS, cpu: V.CPUS, memory: V.SIZES, 'cpu-limit': V.CPUS, 'memory-limit': V.SIZES,
  'read-only-root': V.BOOLS, 'ephemeral-storage': V.SIZES, 'ephemeral-storage-limit': V.SIZES };
// A store is one MinIO server with one volume: `replicas` there is refused (E003), whatever the number.
const STORE_POOLS = { ...TUNABLE_POOLS, replicas: { valid: [], invalid: [...V.REPLICAS.valid, ...V.REPLICAS.invalid] } };

// ---- the catalogue: field name, pools, how to apply a value ----

const M = [];
const def = (field, pools, apply) => M.push({ field, pools, apply });

def('project', V.NAMES, (m, v) => { m.project = v; });
def('namespace', V.NAMES, (m, v) => { m.namespace = v; });
def('-n (command line)', V.NAMES, (m, v) => { m.cliNamespace = v; });
def('domain', V.HOSTS, (m, v) => { m.domain = v; });
def('registry', V.REGISTRIES, (m, v) => { m.registry = v; });
def('tag', V.TAGS, (m, v) => { m.tag = v; });
def('app NAME', V.NAMES, (m, v) => { m.apps[0].name = v; });
def('app NAME with spa (NAME-nginx)', V.NAMES, (m, v) => { m.apps[0].name = v; m.apps[0].spa = true; });
def('app NAME (derived image REGISTRY/PROJECT-NAME)', V.NAMES, (m, v, rng) => {
  m.apps[0].name = v;
  m.project = V.label(63, rng);
  m.registry = `registry.example.com/${V.label(63, rng)}/${V.label(60, rng)}`;
});
// Names that derive the name or pod labels of another object: STORE-bucket labels the bucket Job's pods (which a
// Service or StatefulSet of that name would select), STORE-headless is a Service, PROJECT-tls the TLS Secret,
// default-deny the NetworkPolicy of every pod.
// The valid values come close without colliding.
const DERIVED = {
  valid: ['app STORE-buckets', 'app STORE-bucket-x', 'app STORE-head', 'store STORE-buckets', 'secret PROJECT-tls2', 'secret STORE-bucket',
    'secret STORE-headless', 'app PROJECT-tls', 'store PROJECT-tls', 'app default-deny-x', 'store default-den', 'secret default-deny'],
  // default-deny: the NetworkPolicy that closes every pod; the others are named after their app or store.
  invalid: ['app STORE-bucket', 'app STORE-headless', 'store STORE-bucket', 'store STORE-headless', 'secret PROJECT-tls', 'app default-deny',
    'store default-deny'],
};
def('a name equal to a derived name', DERIVED, (m, v, rng) => {
  const [kind, pattern] = v.split(' ');
  const store = ensureStore(m);
  const name = pattern.replace('STORE', store.name).replace('PROJECT', m.project);
  if (kind === 'app') {
    const a = newApp(name);
    a.port = '8081';
    m.apps.push(a);
    if (rng.chance(0.5)) use(m, m.apps[0], a);
  } else if (kind === 'store') {
    const s = newStore(name, '1Gi', ['other'], ['minio-root']);
    m.stores.push(s);
    if (rng.chance(0.5)) use(m, m.apps[0], s);
  } else {
    ensureAppSecret(m);
    renameSecret(m, 'app-env', name);
    m.apps[0].routes = ['/'];
  }
});
def('store NAME', V.NAMES, (m, v) => { ensureStore(m).name = v; });
def('secret NAME', V.NAMES, (m, v) => { ensureAppSecret(m); renameSecret(m, 'app-env', v); });
def('vault auth', V.NAMES, (m, v, rng) => { ensureAppSecret(m); m.vault.auth = v; if (rng.chance(0.6)) m.vault.role = 'shop'; });
def('app image "REF"', V.IMAGES, (m, v) => { m.apps[0].image = v; });
def('store image "REF"', V.IMAGES, (m, v) => { ensureStore(m).image = v; });
def('defaults minio-image', V.IMAGES, (m, v) => { ensureStore(m); m.defaults['minio-image'] = v; });
def('defaults mc-image', V.IMAGES, (m, v) => { ensureStore(m); m.defaults['mc-image'] = v; });
def('app port', V.PORTS, (m, v, rng) => { m.apps[0].port = v; if (rng.chance(0.4)) m.apps[0].spa = true; });
def('app health', V.PATHS, (m, v) => { m.apps[0].health = v; });
def('app route', V.PATHS, (m, v) => { m.apps[0].routes = [v]; });
def('second app route', V.PATHS, (m, v) => {
  const a = newApp('api');
  a.port = '8000';
  a.routes = [v];
  m.apps.push(a);
});
def('app migrate "COMMAND"', V.COMMANDS, (m, v, rng) => {
  const a = m.apps[0];
  a.migrate = v;
  if (rng.chance(0.5)) a.env.push({ name: 'X', value: 'x' });
  if (rng.chance(0.3)) a.env.push({ name: 'A', value: 'a' });
  if (rng.chance(0.3)) ensureAppSecret(m);
});
def('app env NAME', V.ENV_NAMES, (m, v) => { m.apps[0].env.push({ name: v, value: 'v' }); });
def('app env "VALUE"', V.ENV_VALUES, (m, v, rng) => {
  const a = m.apps[0];
  if (rng.chance(0.5)) a.env.push({ name: 'A', value: 'a' });
  if (rng.chance(0.3)) a.migrate = 'migrate';
  if (rng.chance(0.2)) ensureAppSecret(m);
  a.env.push({ name: rng.pick(['VALUE', 'X', 'API_DOCS_ENABLED', 'Y']), value: v });
});
def('secret keys', V.KEYS, (m, v) => { ensureAppSecret(m).keys = [v]; });
def('secret path', V.VAULT_PATHS, (m, v) => { ensureAppSecret(m).path = v; });
def('vault mount', V.MOUNTS, (m, v) => { ensureAppSecret(m); m.vault.mount = v; });
def('vault refresh', V.DURATIONS, (m, v) => { ensureAppSecret(m); m.vault.refresh = v; });
def('vault role', V.ROLES, (m, v) => { ensureAppSecret(m); m.vault.role = v; });
// address, auth-mount and connection shape the VaultAuth that `role` emits: without a role they are refused (E050).
def('vault address', V.ADDRESSES, (m, v, rng) => {
  ensureAppSecret(m);
  m.vault.address = v;
  if (rng.chance(0.85)) m.vault.role = 'shop';
  delete m.vault.connection;
});
def('vault auth-mount', V.AUTH_MOUNTS, (m, v, rng) => { ensureAppSecret(m); m.vault.authMount = v; if (rng.chance(0.85)) m.vault.role = 'shop'; });
def('vault connection', V.CONNECTIONS, (m, v, rng) => {
  ensureAppSecret(m);
  m.vault.connection = v;
  if (rng.chance(0.85)) m.vault.role = 'shop';
  if (rng.chance(0.9)) delete m.vault.address;
  else m.vault.address = 'https://vault.example.com:8200';
});
def('app spa', { valid: ['spa'], invalid: [] }, (m) => { m.apps[0].spa = true; });
// A request above its limit is refused (E024), so a value written for one of them is also written for the other:
// every quantity still reaches both fields, and most programs stay accepted.
const PAIRED = { cpu: 'cpu-limit', 'cpu-limit': 'cpu', memory: 'memory-limit', 'memory-limit': 'memory',
  'ephemeral-storage': 'ephemeral-storage-limit', 'ephemeral-storage-limit': 'ephemeral-storage' };
const setTunable = (tune, k, v) => {
  tune[k] = v;
  if (PAIRED[k] && (k !== 'cpu' || tune['cpu-limit'] !== undefined)) tune[PAIRED[k]] = v;
};
for (const [k, pool] of Object.entries(TUNABLE_POOLS)) {
  def(`app ${k}`, pool, (m, v) => { setTunable(m.apps[0].tune, k, v); });
  def(`store ${k}`, STORE_POOLS[k], (m, v) => { setTunable(ensureStore(m).tune, k, v); });
  def(`defaults ${k}`, pool, (m, v, rng) => { setTunable(m.defaults, k, v); if (rng.chance(0.3)) ensureStore(m); });
}
def('app cpu and cpu-limit on the border', { valid: V.REQUEST_LIMIT.cpu.map((p) => p.join(' ')), invalid: V.REQUEST_LIMIT.cpuInvalid.map((p) => p.join(' ')) }, (m, v) => {
  const [req, lim] = v.split(' ');
  Object.assign(m.apps[0].tune, { cpu: req, 'cpu-limit': lim });
});
def('app memory and memory-limit on the border', { valid: V.REQUEST_LIMIT.memory.map((p) => p.join(' ')), invalid: V.REQUEST_LIMIT.memoryInvalid.map((p) => p.join(' ')) }, (m, v) => {
  const [req, lim] = v.split(' ');
  Object.assign(m.apps[0].tune, { memory: req, 'memory-limit': lim });
});
for (const k of ['probe-delay', 'probe-period', 'probe-timeout', 'refresh', 'job-ttl']) {
  def(`defaults ${k}`, V.DURATIONS, (m, v, rng) => { m.defaults[k] = v; if (k === 'job-ttl' || rng.chance(0.3)) ensureStore(m); if (k === 'refresh') ensureAppSecret(m); });
}
def('defaults probe-failures', V.FAILURES, (m, v) => { m.defaults['probe-failures'] = v; });
def('defaults liveness-period', V.DURATIONS, (m, v, rng) => { m.defaults['liveness-period'] = v; if (rng.chance(0.3)) ensureStore(m); });
def('defaults liveness-failures', V.FAILURES, (m, v) => { m.defaults['liveness-failures'] = v; });
def('defaults startup-failures', V.STARTUP_FAILURES, (m, v, rng) => { m.defaults['startup-failures'] = v; if (rng.chance(0.3)) ensureStore(m); });
def('defaults tmp-size', V.SIZES, (m, v, rng) => {
  m.defaults['tmp-size'] = v;
  if (rng.chance(0.4)) ensureStore(m);
  if (rng.chance(0.3)) m.apps[0].migrate = 'migrate';
});
def('app route-exact', V.PATHS, (m, v, rng) => {
  const a = m.apps[0];
  a.exact.push(v);
  if (rng.chance(0.3)) a.exact.push(rng.pick(['/docs', '/redoc', '/openapi.json']));
  if (rng.chance(0.3)) {
    // Another app owns the prefix, the exact path carves it out.
    const b = newApp('docs');
    b.port = '8002';
    b.exact = [v];
    a.exact = a.exact.filter((x) => x !== v);
    b.routes = rng.chance(0.5) ? [] : ['/api'];
    m.apps.push(b);
  }
});
// One Ingress per distinct body limit (ingress-nginx annotations hold for a whole Ingress).
def('app body-limit', V.BODY_LIMITS, (m, v, rng) => {
  const a = m.apps[0];
  a.bodyLimit = v;
  if (!a.routes.length && rng.chance(0.8)) a.routes = ['/'];
  if (rng.chance(0.5)) {
    const b = newApp('upload');
    b.port = '8003';
    b.routes = ['/upload'];
    b.bodyLimit = rng.pick([null, v, '20Mi', '1Gi']);
    if (rng.chance(0.3)) b.exact = ['/upload-x'];
    m.apps.push(b);
  }
  if (rng.chance(0.2)) a.routes = [];
});
def('defaults minio-user', V.UIDS, (m, v) => { ensureStore(m); m.defaults['minio-user'] = v; });
def('defaults spa-root', V.SPA_ROOTS, (m, v) => { m.defaults['spa-root'] = v; m.apps[0].spa = true; });
def('store size', V.SIZES, (m, v) => { ensureStore(m).size = v; });
def('store bucket', V.BUCKETS, (m, v) => { ensureStore(m).buckets = [v]; });
def('store without buckets', { valid: ['none'], invalid: [] }, (m) => { ensureStore(m).buckets = []; });
def('store route (refused: E014)', { valid: [], invalid: ['/files'] }, (m, v) => { ensureStore(m).route = v; });
def('store route-exact (refused: E014)', { valid: [], invalid: ['/files'] }, (m, v) => { ensureStore(m).routeExact = v; });
// ---- store engines: a store `cache` of an engine (stdlib redis or postgres, minio, or the program's own `kv`),
// its Vault secret holding the engine's key, used by the first app (which gets the engine's client variables) ----

// The program's own engine: every statement an engine declaration takes.
export function newEngine(name, probe) {
  return { name, image: 'docker.io/example/kv:2.1', port: '7000', data: '/srv/kv', user: '4242', probe, writable: ['/run/kv'],
    command: 'kv-server --dir /srv/kv --password-env KV_PASSWORD', env: [{ name: 'KV_MODE', value: 'cache $(not-expanded)' }],
    secretKeys: ['KV_PASSWORD'], clientEnv: [{ name: 'KV_URL', value: 'kv://{host}:{port}/0' }], clientSecret: [{ name: 'KV_PASS', key: 'KV_PASSWORD' }] };
}
const ENGINE_KEYS = { redis: ['REDIS_PASSWORD'], postgres: ['POSTGRES_PASSWORD'], kv: ['KV_PASSWORD'], minio: ['MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD'] };
def('store engine', { valid: ['redis', 'postgres', 'minio', 'kv', 'kv probe tcp'], invalid: ['mysql', 'Redis', 'redis bucket', 'kv without probe', 'kv user 0'] },
  (m, v) => {
    const [engine, ...extra] = v.split(' ');
    ensureVault(m);
    let s = m.stores.find((x) => x.name === 'cache');
    if (!s) {
      s = newStore('cache', '1Gi', [], ['cache-auth']);
      m.stores.push(s);
    }
    s.engine = engine;
    s.buckets = engine === 'minio' || extra[0] === 'bucket' ? ['cache-data'] : [];
    let secret = m.secrets.find((x) => x.name === 'cache-auth');
    if (!secret) {
      secret = { name: 'cache-auth', path: 'shop/cache', keys: [] };
      m.secrets.push(secret);
    }
    for (const k of ENGINE_KEYS[engine.toLowerCase()] || ['MYSQL_ROOT_PASSWORD']) if (!secret.keys.includes(k)) secret.keys.push(k);
    if (engine === 'kv' && !m.engines.some((e) => e.name === 'kv')) {
      const e = newEngine('kv', extra[0] === 'probe' ? 'tcp' : 'exec');
      if (extra[0] === 'without') e.probe = null;
      if (extra[0] === 'user') e.user = extra[1];
      m.engines.push(e);
    }
    use(m, m.apps[0], s);
  });
def('ingress tls', V.ISSUERS, (m, v) => { ensureIngress(m).tls = v; });
def('ingress class', V.CLASSES, (m, v) => { ensureIngress(m).class = v; });
def('explicit images, no registry or tag', { valid: ['nginx:1.27', `ghcr.io/example/web@sha256:${'0'.repeat(64)}`], invalid: [] }, (m, v) => {
  m.registry = null;
  m.tag = null;
  for (const a of m.apps) a.image = v;
});

// ---- network isolation and MinIO users: uses, s3-access-key, s3-secret-key, console, ingress-namespace ----

def('app uses', V.USES, (m, v, rng) => {
  const a = m.apps[0];
  const store = () => ensureStore(m);
  const other = (base, port) => addApp(m, base, port);
  switch (v) {
    case 'app uses store': use(m, a, store()); break;
    case 'app uses app': use(m, a, other('backend', '8100')); break;
    case 'app uses store and app': use(m, a, store()); use(m, a, other('backend', '8100')); break;
    case 'two apps use one store': use(m, a, store()); use(m, other('worker', '8101'), store()); break;
    case 'eight apps use one store':
      use(m, a, store());
      for (let i = 1; i < 8; i++) use(m, other(`w${i}`, String(8200 + i)), store());
      break;
    case 'chain a>b>c': { const b = other('b', '8102'); const c = other('c', '8103'); use(m, a, b); use(m, b, c); break; }
    case 'mutual a<>b': { const b = other('b', '8102'); use(m, a, b); use(m, b, a); break; }
    case 'routed app used': { const b = other('api', '8104'); b.routes = ['/api']; use(m, a, b); break; }
    case 'keys in two secrets': {
      const s = store();
      a.uses.push(s);
      ensureS3Keys(m, a, [0], 's3-access');
      ensureS3Keys(m, a, [1], 's3-secret');
      break;
    }
    case 'app uses two stores': {
      const s = store();
      const t = newStore(s.name === 'media' ? 'media2' : 'media', '1Gi', ['media-files'], ['minio-root']);
      m.stores.push(t);
      use(m, a, s);
      use(m, a, t);
      break;
    }
    case 'store with console used': { const s = store(); s.console = 'yes'; use(m, a, s); break; }
    case 'user app routed': a.routes = a.routes.length ? a.routes : ['/']; use(m, a, other('backend', '8100')); break;
    case 'used app on 9001': use(m, a, other('backend', '9001')); use(m, a, store()); break;
    case 'used app on 9000': use(m, a, other('backend', '9000')); use(m, a, store()); break;
    case 'long names': {
      const s = store();
      s.name = V.label(47, rng);
      a.name = V.label(57, rng);
      a.image = 'nginx:1.27';
      use(m, a, s);
      use(m, a, other(V.label(57, rng), '8105'));
      break;
    }
    // Refused: E040 (itself, unknown), E007 (twice), E042 (no bucket), E041 (no keys).
    case 'app uses itself': a.uses.push(a); break;
    case 'app uses nothing declared': a.uses.push({ name: 'ghost' }); break;
    case 'app lists a name twice': use(m, a, store()); a.uses.push(store()); break;
    case 'store without bucket': store().buckets = []; use(m, a, store()); break;
    case 'store used, no secret': a.uses.push(store()); break;
    case 'store used, secret without the keys': ensureAppSecret(m); a.uses.push(store()); break;
    case 'store used, access key missing': a.uses.push(store()); ensureS3Keys(m, a, [1], 's3-secret'); break;
    default: throw new Error(`no uses shape ${v}`);
  }
});
// A key name the app's secrets hold (when it is one), for an app that uses a store most of the time.
for (const [k, field] of [['s3-access-key', 's3Access'], ['s3-secret-key', 's3Secret']]) {
  def(`app ${k}`, V.S3_KEYS, (m, v, rng) => {
    const a = m.apps[0];
    a[field] = v;
    if (rng.chance(0.8)) use(m, a, ensureStore(m));
    else if (usesStore(a)) ensureS3Keys(m, a);
  });
  def(`defaults ${k}`, V.S3_KEYS, (m, v, rng) => {
    m.defaults[k] = v;
    if (rng.chance(0.7)) use(m, m.apps[0], ensureStore(m));
    if (rng.chance(0.3)) use(m, addApp(m, 'worker', '8101'), ensureStore(m));
    refreshS3Keys(m);
  });
}
def('store console', V.BOOLS, (m, v, rng) => {
  const s = ensureStore(m);
  s.console = v;
  if (rng.chance(0.6)) use(m, m.apps[0], s);
});
def('ingress ingress-namespace', V.NAMESPACES, (m, v, rng) => {
  ensureIngress(m).namespace = v;
  if (m.domain === null) m.domain = 'shop.example.com';
  if (!m.apps.some((a) => a.routes.length || a.exact.length) && rng.chance(0.8)) m.apps[0].routes = ['/'];
  if (rng.chance(0.3)) use(m, addApp(m, 'backend', '8100'), m.apps[0]);
});
def('defaults ingress-namespace', V.NAMESPACES, (m, v, rng) => {
  m.defaults['ingress-namespace'] = v;
  if (rng.chance(0.3)) use(m, addApp(m, 'backend', '8100'), m.apps[0]);
});

// Environments (issue 11): the program is compiled with --env NAME, and the model keeps what that environment
// gets: namespace, tag, domain, vault role and the first app's tunables are written in the environment block, while
// the base program says something else (`base`), so output that took a base value instead is caught.
def('environment NAME', V.NAMES, (m, v) => {
  m.env = { name: v, base: { namespace: m.namespace, tag: '0.0.0-base', domain: 'base.example.com', role: 'base-role' } };
  m.namespace = 'shop-preview';
});
def('namespace NAME external', { valid: ['external'], invalid: ['extern', 'External', 'externally'] }, (m, v) => {
  if (m.namespace === null) m.namespace = 'shared';
  m.namespaceExternal = v;
});

// ---- issue 10, apps: workers without a port, the four health forms, per-app probe timings, scratch directories ----

// A worker: no port, probed by a command (or by nothing, said explicitly).
function addWorker(m, base = 'worker') {
  const w = addApp(m, base, null);
  w.healthForm = 'exec';
  w.health = 'celery -A shop inspect ping';
  return w;
}
const WORKERS = {
  valid: ['worker exec', 'worker none', 'worker with scratch', 'worker with secrets', 'worker with migrate', 'worker with replicas',
    'worker uses app', 'worker uses store', 'worker with own timings'],
  // E010 (a statement that needs the port), E060 (an app uses the worker), E061 (no command)
  invalid: ['worker with route', 'worker with route-exact', 'worker with spa', 'worker with body-limit', 'worker with health path',
    'worker with health tcp', 'app uses worker', 'worker with health exec and no command'],
};
def('app without port (worker)', WORKERS, (m, v) => {
  const w = addWorker(m);
  switch (v) {
    case 'worker exec': break;
    case 'worker none': w.healthForm = 'none'; break;
    case 'worker with scratch': w.scratch = ['/var/cache/worker']; break;
    case 'worker with secrets': ensureAppSecret(m); w.secrets.push('app-env'); break;
    case 'worker with migrate': w.migrate = 'python manage.py migrate'; break;
    case 'worker with replicas': w.tune.replicas = '3'; break;
    case 'worker uses app': use(m, w, m.apps[0]); break;
    case 'worker uses store': use(m, w, ensureStore(m)); break;
    case 'worker with own timings': w.probes = { 'liveness-period': '60s', 'probe-delay': '30s' }; break;
    case 'worker with route': w.routes = ['/jobs']; break;
    case 'worker with route-exact': w.exact = ['/jobs']; break;
    case 'worker with spa': w.spa = true; break;
    case 'worker with body-limit': w.bodyLimit = '1Mi'; w.routes = ['/jobs']; break;
    case 'worker with health path': w.healthForm = 'http'; w.health = '/healthz'; break;
    case 'worker with health tcp': w.healthForm = 'tcp'; break;
    case 'app uses worker': use(m, m.apps[0], w); break;
    case 'worker with health exec and no command': w.healthRaw = 'exec'; break;
    default: throw new Error(`no worker shape ${v}`);
  }
});
// health tcp, none and exec on the routed app (with its port); refused forms are written as they are.
const HEALTH_FORMS = { valid: ['tcp', 'none'], invalid: ['http', 'tcp 8080', 'none /healthz', 'exec', '"/healthz"', 'healthz', 'TCP'] };
def('app health tcp|none', HEALTH_FORMS, (m, v) => {
  const a = m.apps[0];
  if (HEALTH_FORMS.valid.includes(v)) a.healthForm = v;
  else a.healthRaw = v;
});
def('app health exec "COMMAND"', V.COMMANDS, (m, v, rng) => {
  const a = rng.chance(0.5) ? m.apps[0] : addWorker(m);
  a.healthForm = 'exec';
  a.health = v;
  if (rng.chance(0.3)) a.env.push({ name: 'X', value: 'x' });
});
for (const [k, pool] of [['probe-delay', V.DURATIONS], ['probe-period', V.DURATIONS], ['probe-timeout', V.DURATIONS], ['probe-failures', V.FAILURES],
  ['liveness-period', V.DURATIONS], ['liveness-failures', V.FAILURES], ['startup-failures', V.STARTUP_FAILURES]]) {
  def(`app ${k}`, pool, (m, v, rng) => {
    const a = rng.chance(0.8) ? m.apps[0] : addWorker(m);
    a.probes[k] = v;
    if (rng.chance(0.3)) a.healthForm = 'tcp';
  });
}
// Scratch paths: valid directories and what E062 refuses (E004 for a bare word, a quoted string).
const SCRATCH_PATHS = {
  valid: ['/app/.next/cache', '/data', '/a', '/var/cache/nginx', '/home/app/.cache', '/tmpfiles', '/procs', '/devices', '/run/app',
    '/var/run/app', '/etc/app', '/app/a-b_c.d+e@f', `/${'d'.repeat(200)}/${'e'.repeat(200)}`, '/A/B', '/.cache', '/a..b'],
  invalid: ['/', '/tmp', '/tmp/x', '/proc', '/proc/x', '/sys/fs', '/dev', '/dev/shm', '/run/secrets', '/run/secrets/x', '/var/run/secrets',
    '/var/run/secrets/kubernetes.io', '/a/../b', '/a/./b', '/..', '/a//b', '/a/', 'relative', '/a b', '/a$b', '/a:b', '/a;b', '/é',
    `/${'x'.repeat(1100)}`],
};
def('app scratch', SCRATCH_PATHS, (m, v, rng) => {
  const a = rng.chance(0.7) ? m.apps[0] : addWorker(m);
  a.scratch.push(v);
  if (rng.chance(0.3)) a.scratch.push('/srv/second');
  if (rng.chance(0.2)) a.migrate = 'migrate';
});
// Two paths of one app: distinct, or one within the other / the same (E063).
const SCRATCH_PAIRS = {
  valid: ['/a /b', '/a/b /a-b', '/a-b /a/c', '/app/.next/cache /app/.next-cache', '/a.b /a/b'],
  invalid: ['/a /a', '/a /a/b', '/a/b /a', '/a/b/c /a', '/a/b /a-b /a', '/etc/nginx/conf.d spa', '/etc/nginx spa', '/etc spa'],
};
def('app scratch, two paths', SCRATCH_PAIRS, (m, v) => {
  const a = m.apps[0];
  for (const p of v.split(' ')) if (p === 'spa') a.spa = true; else a.scratch.push(p);
});
def('app scratch-size', V.SIZES, (m, v, rng) => {
  const a = m.apps[0];
  a.scratchSize = v;
  if (rng.chance(0.9)) a.scratch.push('/app/cache');
});
def('defaults scratch-size', V.SIZES, (m, v, rng) => {
  m.defaults['scratch-size'] = v;
  if (rng.chance(0.9)) m.apps[0].scratch.push('/app/cache');
  if (rng.chance(0.3)) addWorker(m).scratch.push('/var/cache/w');
});

// ---- how many pods an app runs (issue 10): singleton, autoscale, and one source per environment variable ----

// `autoscale MIN..MAX cpu N%`: MIN 1..1000, MAX MIN..1000, N 1..100 (E091); N..N is accepted with a warning (W045).
const AUTOSCALE = {
  valid: ['1..2 cpu 50%', '3..10 cpu 70%', '1..1000 cpu 100%', '2..3 cpu 1%', '999..1000 cpu 80%', '4..4 cpu 60%', '1..1 cpu 60%'],
  invalid: ['0..3 cpu 50%', '5..4 cpu 50%', '3..1001 cpu 50%', '3-10 cpu 50%', '3..10 memory 50%', '3..10 cpu 0%', '3..10 cpu 101%',
    '3..10 cpu 50', '3.. cpu 50%', '03..10 cpu 50%', '3..10 cpu 070%', '3 cpu 50%', '3..10 cpu', '3..10 cpu 50% x'],
};
def('app autoscale', AUTOSCALE, (m, v, rng) => {
  const a = m.apps[0];
  a.autoscale = v;
  a.singleton = false;
  delete a.tune.replicas; // an app's own replicas beside autoscale is E090, below
  if (rng.chance(0.3)) a.migrate = 'alembic upgrade head'; // W002: every pod the autoscaler starts migrates
  if (rng.chance(0.3)) m.defaults.replicas = rng.pick(['1', '3']); // a program default yields to the autoscaler
});
def('app singleton', {
  valid: ['singleton', 'singleton, replicas 1', 'singleton, migrate', 'singleton, default replicas 3'],
  invalid: ['singleton, replicas 2', 'singleton, autoscale'],
}, (m, v) => {
  const a = m.apps[0];
  a.singleton = true;
  a.autoscale = null;
  delete a.tune.replicas;
  if (v.includes('replicas 1')) a.tune.replicas = '1';
  if (v.includes('replicas 2')) a.tune.replicas = '2';
  if (v.includes('migrate')) a.migrate = 'alembic upgrade head';
  if (v.includes('default replicas')) m.defaults.replicas = '3';
  if (v.includes('autoscale')) a.autoscale = '2..4 cpu 50%';
});
def('app replicas beside autoscale (refused: E090)', { valid: [], invalid: ['1', '3'] }, (m, v) => {
  m.apps[0].autoscale = '2..4 cpu 50%';
  m.apps[0].tune.replicas = v;
});
// A variable with two sources: two secrets holding one key (E092), or an env over a secret's key (E093).
def('environment variable sources', { valid: ['distinct keys'], invalid: ['key in two secrets', 'env over a secret key'] }, (m, v) => {
  const a = m.apps[0];
  const s = ensureAppSecret(m);
  if (v === 'key in two secrets') {
    m.secrets.push({ name: 'more-env', path: 'shop/more', keys: [s.keys[0]] });
    a.secrets.push('more-env');
  } else if (v === 'env over a secret key') {
    a.env.push({ name: s.keys[0], value: 'literal' });
  } else {
    m.secrets.push({ name: 'more-env', path: 'shop/more', keys: ['MORE_URL'] });
    a.secrets.push('more-env');
    a.env.push({ name: 'PLAIN_SETTING', value: 'literal' });
  }
});

// ---- commands, shared images and jobs (issue 10) ----

// The job every job mutation works on: a nightly CronJob sharing the first app's image.
function ensureJob(m) {
  if (m.jobs.length) return m.jobs[0];
  const j = newJob('cleanup');
  j.imageOf = m.apps[0];
  j.command = '/app/cleanup --older-than 30d';
  j.schedule = '0 3 * * *';
  m.jobs.push(j);
  return j;
}
def('app command "COMMAND"', V.COMMANDS, (m, v, rng) => {
  const a = m.apps[0];
  a.command = v;
  if (rng.chance(0.5)) a.env.push({ name: 'X', value: 'x' });
  if (rng.chance(0.3)) ensureAppSecret(m);
});
def('app command "ARG0", "ARG1", ...', V.ARGVS, (m, v, rng) => { m.apps[0].command = v; if (rng.chance(0.3)) m.apps[0].env.push({ name: 'X', value: 'x' }); });
def('app migrate "ARG0", "ARG1", ...', V.ARGVS, (m, v) => { m.apps[0].migrate = v; });
const IMAGE_OF = { valid: ['other app', 'chain', 'explicit source', 'two apps share'], invalid: ['itself', 'cycle', 'unknown', 'store', 'job'] };
def('app image of APP', IMAGE_OF, (m, v) => {
  const a = m.apps[0];
  const other = (base, port) => addApp(m, base, port);
  switch (v) {
    case 'other app': { const w = other('worker', '8110'); w.imageOf = a; w.command = 'celery worker'; break; }
    case 'chain': { const b = other('beat', '8111'); const w = other('worker', '8110'); w.imageOf = a; b.imageOf = w; break; }
    case 'explicit source': { a.image = 'ghcr.io/example/web:2.0@sha256:' + '1'.repeat(64); other('worker', '8110').imageOf = a; break; }
    case 'two apps share': { other('worker', '8110').imageOf = a; other('beat', '8111').imageOf = a; break; }
    case 'itself': a.imageOf = a; break;
    case 'cycle': { const w = other('worker', '8110'); w.imageOf = a; a.imageOf = w; break; }
    case 'unknown': other('worker', '8110').imageOf = { name: 'ghost' }; break;
    case 'store': other('worker', '8110').imageOf = ensureStore(m); break;
    case 'job': other('worker', '8110').imageOf = ensureJob(m); break;
    default: throw new Error(`no image-of shape ${v}`);
  }
});
const JOB_SHAPES = {
  valid: ['cron sharing an image', 'run-once with its own image', 'run-once with a bare image', 'cron using a store', 'cron using an app',
    'run-once with env and secrets', 'two jobs', 'job with a list command'],
  invalid: ['no image', 'image of without command', 'timezone without schedule', 'uses a job', 'uses nothing declared', 'named like the app'],
};
def('job', JOB_SHAPES, (m, v, rng) => {
  const j = ensureJob(m);
  switch (v) {
    case 'cron sharing an image': break;
    case 'run-once with its own image': j.imageOf = null; j.image = 'ghcr.io/example/tools:1.4.0'; j.schedule = null; if (rng.chance(0.5)) j.command = null; break;
    case 'run-once with a bare image': j.imageOf = null; j.schedule = null; break;
    case 'cron using a store': j.uses.push(ensureStore(m)); if (rng.chance(0.5)) j.secrets.push(ensureAppSecret(m).name); break;
    case 'cron using an app': j.uses.push(m.apps[0]); break;
    case 'run-once with env and secrets': j.schedule = null; j.env.push({ name: 'MODE', value: 'full $HOME' }); j.secrets.push(ensureAppSecret(m).name); break;
    case 'two jobs': { const k = newJob('seed'); k.imageOf = m.apps[0]; k.command = ['python', 'manage.py', 'loaddata', 'seed.json']; m.jobs.push(k); break; }
    case 'job with a list command': j.command = ['python', 'manage.py', 'clearsessions']; break;
    case 'no image': j.imageOf = null; j.noImage = true; break;
    case 'image of without command': j.command = null; break;
    case 'timezone without schedule': j.schedule = null; j.timezone = 'UTC'; break;
    case 'uses a job': { const k = newJob('seed'); k.image = 'ghcr.io/example/tools:1'; m.jobs.push(k); j.uses.push(k); break; }
    case 'uses nothing declared': j.uses.push({ name: 'ghost' }); break;
    case 'named like the app': j.name = m.apps[0].name; break;
    default: throw new Error(`no job shape ${v}`);
  }
});
def('job NAME', V.NAMES, (m, v) => { ensureJob(m).name = v; });
def('job schedule', V.SCHEDULES, (m, v) => { ensureJob(m).schedule = v; });
def('job timezone', V.TIMEZONES, (m, v) => { const j = ensureJob(m); j.timezone = v; if (j.schedule === null) j.schedule = '0 3 * * *'; });
def('job deadline', V.DURATIONS, (m, v) => { ensureJob(m).deadline = v; });
def('job retries', V.RETRIES, (m, v) => { ensureJob(m).retries = v; });
def('job command "COMMAND"', V.COMMANDS, (m, v, rng) => { const j = ensureJob(m); j.command = v; if (rng.chance(0.4)) j.env.push({ name: 'X', value: 'x' }); });
def('job command "ARG0", "ARG1", ...', V.ARGVS, (m, v) => { ensureJob(m).command = v; });
def('job env "VALUE"', V.ENV_VALUES, (m, v) => { ensureJob(m).env.push({ name: 'VALUE', value: v }); });
def('job image "REF"', V.IMAGES, (m, v) => { const j = ensureJob(m); j.imageOf = null; j.image = v; });
for (const [k, pool] of Object.entries(TUNABLE_POOLS)) {
  def(`job ${k}`, STORE_POOLS[k], (m, v) => { setTunable(ensureJob(m).tune, k, v); });
}
for (const k of ['job-deadline', 'job-start-deadline']) def(`defaults ${k}`, V.DURATIONS, (m, v) => { m.defaults[k] = v; ensureJob(m); });
def('defaults job-retries', V.RETRIES, (m, v) => { m.defaults['job-retries'] = v; ensureJob(m); });
for (const k of ['job-successful-history', 'job-failed-history']) def(`defaults ${k}`, V.HISTORY, (m, v) => { m.defaults[k] = v; ensureJob(m); });


// ---- several hosts and the Gateway API target (issue 11) ----

// An app's hosts, and who shares them: the same aliases in another order are the same site (one Ingress, one
// certificate); an app on a host of its own is another site, where the same path is no conflict.
def('app host', V.HOSTS, (m, v, rng) => {
  const a = m.apps[0];
  a.hosts = [v];
  if (!a.routes.length && !a.exact.length) a.routes = ['/'];
  if (rng.chance(0.4) && v !== 'www.example.net') a.hosts.push('www.example.net');
  if (rng.chance(0.3)) {
    const b = addApp(m, 'blog', '8090');
    b.hosts = [...a.hosts].reverse();
    b.routes = ['/blog'];
    if (rng.chance(0.5)) b.exact = ['/feed.xml'];
  }
  if (rng.chance(0.3)) {
    const c = addApp(m, 'api', '8091');
    c.hosts = ['api.example.net'];
    c.routes = ['/'];
  }
});
function ensureGateway(m, rng) {
  if (!m.gateway) m.gateway = { parent: 'infra/public', listener: null, redirect: null, namespace: null };
  m.ingress = null;
  // Gateway API has no request body limit: a body-limit is refused (E104), now and then on purpose.
  if (rng.chance(0.9)) for (const a of m.apps) a.bodyLimit = null;
  if (!m.apps.some((a) => a.routes.length || a.exact.length)) m.apps[0].routes = ['/'];
  return m.gateway;
}
const GATEWAY_PARENTS = { valid: ['infra/public', 'kube-system/traefik-gateway', 'public', 'a/b', 'gw.example', 'gateway-system/edge.v1'],
  invalid: ['Infra/public', 'infra/public/x', 'a_b/public', 'infra/Public', 'infra/', 'infra/pub lic'] };
const LISTENERS = { valid: ['https', 'websecure', 'https-443', 'a.b', 'x'], invalid: ['HTTPS', 'a_b', 'web:443', '-a', 'a.'] };
def('gateway parent', GATEWAY_PARENTS, (m, v, rng) => {
  ensureGateway(m, rng).parent = v;
  if (rng.chance(0.3)) m.apps[0].hosts = ['www.example.net', 'example.net'];
});
def('gateway listener', LISTENERS, (m, v, rng) => { ensureGateway(m, rng).listener = v; });
def('gateway redirect-listener', { valid: ['http', 'web', 'none', 'http-80'], invalid: LISTENERS.invalid }, (m, v, rng) => {
  ensureGateway(m, rng).redirect = v;
});
def('gateway gateway-namespace', V.NAMESPACES, (m, v, rng) => {
  ensureGateway(m, rng).namespace = v;
  if (rng.chance(0.3)) use(m, addApp(m, 'backend', '8100'), m.apps[0]);
});

export const MUTATIONS = M;

// Structural variety for the background: more apps, stores, shared secrets, no routes. Always valid programs.
const SHAPES = [
  (m, rng) => {
    const a = newApp(rng.pick(['api', 'worker', 'admin', 'reports', V.label(rng.int(1, 57), rng)]));
    a.port = rng.pick(['8000', '3000', '9090']);
    a.health = rng.pick(['/healthz', '/api/health', '/status']);
    if (m.apps.some((x) => x.name === a.name)) return;
    if (rng.chance(0.5)) a.routes = [`/${a.name}`];
    if (rng.chance(0.3)) a.migrate = rng.pick(['alembic upgrade head', 'npm run migrate']);
    if (rng.chance(0.4)) a.env.push({ name: 'S3_ENDPOINT', value: 'http://files:9000' });
    m.apps.push(a);
  },
  (m) => { ensureStore(m); },
  (m) => { ensureAppSecret(m); },
  (m) => { m.apps[0].routes = []; },
  (m) => {
    // An internal-only program: no route, so neither a domain nor an ingress block.
    for (const a of m.apps) a.routes = [];
    m.domain = null;
    m.ingress = null;
  },
  (m) => { ensureVault(m).role = 'shop'; },
  (m, rng) => {
    const s = ensureStore(m);
    const b = rng.pick(['exports', 'backups', 'media-1']);
    if (!s.buckets.includes(b)) s.buckets.push(b);
  },
  (m) => { m.apps[0].spa = true; },
  (m) => { use(m, m.apps[0], ensureStore(m)); },
  (m, rng) => { use(m, m.apps[0], addApp(m, rng.pick(['api', 'backend']), '8000')); },
  (m, rng) => { const j = ensureJob(m); if (rng.chance(0.4)) j.schedule = null; },
];

// A program: the minimal model, 0-4 background mutations (valid values only) and one focal mutation that draws an
// invalid value with probability pInvalid. Returns { model, steps: [{ field, value, invalid }] }.
export function generate(rng, pInvalid) {
  const m = minimalModel();
  const steps = [];
  const nShapes = rng.int(0, 3);
  for (let i = 0; i < nShapes; i++) rng.pick(SHAPES)(m, rng);
  const nBackground = rng.int(0, 3);
  for (let i = 0; i < nBackground; i++) {
    const mut = rng.pick(M);
    if (!mut.pools.valid.length) continue;
    const value = rng.draw(rng.pick(mut.pools.valid));
    mut.apply(m, value, rng);
    steps.push({ field: mut.field, value, invalid: false });
  }
  const focal = rng.pick(M);
  const invalid = focal.pools.invalid.length > 0 && (focal.pools.valid.length === 0 || rng.chance(pInvalid));
  const value = rng.draw(rng.pick(invalid ? focal.pools.invalid : focal.pools.valid));
  focal.apply(m, value, rng);
  steps.push({ field: focal.field, value, invalid });
  return { model: m, steps };
}

// The minimal model with one recorded step replayed (the random side choices are replayed from a fixed seed).
export function replayAlone(step, seed) {
  const m = minimalModel();
  const mut = M.find((x) => x.field === step.field);
  mut.apply(m, step.value, V.makeRng(seed));
  return m;
}

// ---- rendering ----

function quote(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

// A word where the statement takes words only (a value that is not one becomes a string, which rbdc refuses).
const word = (v) => (WORD.test(v) ? v : quote(v));
// Statements that take a word or a string: words stay bare half of the time.
const wordOrString = (v, rng) => (WORD.test(v) && rng.chance(0.5) ? v : quote(v));
const path = (v) => (PATH.test(v) ? v : quote(v));

// A command: one string, or a list of strings (exact argv).
const renderCommand = (c) => (Array.isArray(c) ? c.map(quote).join(', ') : quote(c));

function renderTunables(tune, indent) {
  return Object.entries(tune).map(([k, v]) => `${indent}${k} ${word(v)}`);
}

export function render(m, rng) {
  const L = [`# generated by tests/gen`, `project ${word(m.project)}`];
  // With an environment, the base program says other things; the environment block (at the end) says the model's.
  const E = [];
  const base = m.env ? m.env.base : {};
  const external = m.namespaceExternal ? ` ${word(m.namespaceExternal)}` : '';
  if (m.env) {
    if (base.namespace !== null) L.push(`namespace ${word(base.namespace)}`);
    if (m.namespace !== null) E.push(`  namespace ${word(m.namespace)}${external}`);
  } else if (m.namespace !== null) L.push(`namespace ${word(m.namespace)}${external}`);
  if (m.domain !== null) L.push(`domain ${wordOrString(m.env ? base.domain : m.domain, rng)}`);
  if (m.domain !== null && m.env) E.push(`  domain ${wordOrString(m.domain, rng)}`);
  if (m.registry !== null) L.push(`registry ${wordOrString(m.registry, rng)}`);
  if (m.tag !== null) L.push(`tag ${quote(m.env ? base.tag : m.tag)}`);
  if (m.tag !== null && m.env) E.push(`  tag ${quote(m.tag)}`);
  const defs = Object.entries(m.defaults);
  if (defs.length) {
    L.push('defaults {');
    for (const [k, v] of defs) {
      if (k === 'minio-image' || k === 'mc-image') L.push(`  ${k} ${quote(v)}`);
      else if (k === 'spa-root') L.push(`  ${k} ${path(v)}`);
      else L.push(`  ${k} ${word(v)}`);
    }
    L.push('}');
  }
  if (m.vault) {
    const v = m.vault;
    L.push('vault {', `  auth ${word(v.auth)}`, `  mount ${wordOrString(v.mount, rng)}`);
    if (v.refresh !== undefined) L.push(`  refresh ${word(v.refresh)}`);
    if (v.role !== undefined) L.push(`  role ${wordOrString(m.env ? base.role : v.role, rng)}`);
    if (v.role !== undefined && m.env) E.push(`  vault { role ${wordOrString(v.role, rng)} }`);
    if (v.address !== undefined) L.push(`  address ${quote(v.address)}`);
    if (v.authMount !== undefined) L.push(`  auth-mount ${wordOrString(v.authMount, rng)}`);
    if (v.connection !== undefined) L.push(`  connection ${word(v.connection)}`);
    L.push('}');
  }
  for (const s of m.secrets) L.push(`secret ${word(s.name)} from vault ${quote(s.path)} { keys ${s.keys.map(word).join(', ')} }`);
  for (const a of m.apps) {
    L.push(`app ${word(a.name)} {`);
    L.push(a.imageOf ? `  image of ${word(a.imageOf.name)}` : a.image === null ? '  image' : `  image ${quote(a.image)}`);
    if (a.command !== null) L.push(`  command ${renderCommand(a.command)}`);
    if (a.port !== null) L.push(`  port ${word(a.port)}`);
    if (a.healthRaw !== null) L.push(`  health ${a.healthRaw}`);
    else if (a.healthForm === 'exec') L.push(`  health exec ${quote(a.health)}`);
    else if (a.healthForm === 'http') L.push(`  health ${path(a.health)}`);
    else L.push(`  health ${a.healthForm}`);
    for (const [k, v] of Object.entries(a.probes)) L.push(`  ${k} ${word(v)}`);
    if (a.scratch.length) L.push(`  scratch ${a.scratch.map(path).join(', ')}`);
    if (a.scratchSize !== null) L.push(`  scratch-size ${word(a.scratchSize)}`);
    if (a.migrate !== null) L.push(`  migrate ${renderCommand(a.migrate)}`);
    for (const e of a.env) L.push(`  env ${word(e.name)} ${quote(e.value)}`);
    if (a.secrets.length) L.push(`  secrets ${a.secrets.map(word).join(', ')}`);
    if (a.hosts.length) L.push(`  host ${a.hosts.map((h) => wordOrString(h, rng)).join(', ')}`);
    for (const r of a.routes) L.push(`  route ${path(r)}`);
    if (a.exact.length) L.push(`  route-exact ${a.exact.map(path).join(', ')}`);
    if (a.bodyLimit !== null) L.push(`  body-limit ${word(a.bodyLimit)}`);
    if (a.spa) L.push('  spa');
    if (a.uses.length) L.push(`  uses ${a.uses.map((u) => word(u.name)).join(', ')}`);
    if (a.s3Access !== null) L.push(`  s3-access-key ${word(a.s3Access)}`);
    if (a.s3Secret !== null) L.push(`  s3-secret-key ${word(a.s3Secret)}`);
    if (a.singleton) L.push('  singleton');
    if (a.autoscale !== null) L.push(`  autoscale ${a.autoscale}`);
    if (m.env && a === m.apps[0] && Object.keys(a.tune).length) {
      L.push('}');
      E.push(`  app ${word(a.name)} {`, ...renderTunables(a.tune, '    '), '  }');
      continue;
    }
    L.push(...renderTunables(a.tune, '  '), '}');
  }
  for (const e of m.engines || []) {
    L.push(`engine ${word(e.name)} {`, `  image ${quote(e.image)}`, `  port ${word(e.port)}`, `  data ${path(e.data)}`, `  user ${word(e.user)}`);
    if (e.probe === 'tcp') L.push('  probe tcp');
    else if (e.probe === 'exec') L.push(`  probe exec ${quote('kv-cli ping')}`);
    if (e.writable.length) L.push(`  writable ${e.writable.map(path).join(', ')}`);
    if (e.command) L.push(`  command ${quote(e.command)}`);
    for (const x of e.env) L.push(`  env ${word(x.name)} ${quote(x.value)}`);
    if (e.secretKeys.length) L.push(`  secret-keys ${e.secretKeys.map(word).join(', ')}`);
    for (const x of e.clientEnv) L.push(`  client-env ${word(x.name)} ${quote(x.value)}`);
    for (const x of e.clientSecret) L.push(`  client-secret ${word(x.name)} ${word(x.key)}`);
    L.push('}');
  }
  for (const s of m.stores) {
    L.push(`store ${word(s.name)} {`, `  size ${word(s.size)}`);
    if (s.engine !== null) L.push(`  engine ${word(s.engine)}`);
    for (const b of s.buckets) L.push(`  bucket ${word(b)}`);
    if (s.secrets.length) L.push(`  secrets ${s.secrets.map(word).join(', ')}`);
    if (s.image !== null) L.push(`  image ${quote(s.image)}`);
    if (s.route !== undefined) L.push(`  route ${path(s.route)}`);
    if (s.routeExact !== undefined) L.push(`  route-exact ${path(s.routeExact)}`);
    if (s.console !== null) L.push(`  console ${word(s.console)}`);
    L.push(...renderTunables(s.tune, '  '), '}');
  }
  for (const j of m.jobs) {
    L.push(`job ${word(j.name)} {`);
    if (!j.noImage) L.push(j.imageOf ? `  image of ${word(j.imageOf.name)}` : j.image === null ? '  image' : `  image ${quote(j.image)}`);
    if (j.command !== null) L.push(`  command ${renderCommand(j.command)}`);
    if (j.schedule !== null) L.push(`  schedule ${quote(j.schedule)}`);
    if (j.timezone !== null) L.push(`  timezone ${wordOrString(j.timezone, rng)}`);
    if (j.deadline !== null) L.push(`  deadline ${word(j.deadline)}`);
    if (j.retries !== null) L.push(`  retries ${word(j.retries)}`);
    for (const e of j.env) L.push(`  env ${word(e.name)} ${quote(e.value)}`);
    if (j.secrets.length) L.push(`  secrets ${j.secrets.map(word).join(', ')}`);
    if (j.uses.length) L.push(`  uses ${j.uses.map((u) => word(u.name)).join(', ')}`);
    L.push(...renderTunables(j.tune, '  '), '}');
  }
  if (m.ingress) {
    const ing = [`tls ${word(m.ingress.tls)}`];
    if (m.ingress.class !== null) ing.push(`class ${word(m.ingress.class)}`);
    if (m.ingress.namespace !== null) ing.push(`ingress-namespace ${word(m.ingress.namespace)}`);
    L.push(`ingress { ${ing.join('; ')} }`);
  }
  if (m.gateway) {
    const g = m.gateway;
    const gw = [`parent ${word(g.parent)}`];
    if (g.listener !== null) gw.push(`listener ${word(g.listener)}`);
    if (g.redirect !== null) gw.push(`redirect-listener ${word(g.redirect)}`);
    if (g.namespace !== null) gw.push(`gateway-namespace ${word(g.namespace)}`);
    L.push(`gateway { ${gw.join('; ')} }`);
  }
  if (m.env) L.push(`environment ${word(m.env.name)} {`, ...E, '}');
  return `${L.join('\n')}\n`;
}

// Which statements of the language a model uses, as "scope statement" pairs, for the coverage check.
export function statementsOf(m) {
  const used = new Set(['top project', 'top app', 'app image', 'app health']);
  if (m.ingress) { used.add('top ingress'); used.add('ingress tls'); }
  const add = (s) => used.add(s);
  if (m.namespace !== null) add('top namespace');
  if (m.env) add('top environment');
  if (m.domain !== null) add('top domain');
  if (m.registry !== null) add('top registry');
  if (m.tag !== null) add('top tag');
  if (Object.keys(m.defaults).length) add('top defaults');
  for (const k of Object.keys(m.defaults)) add(`defaults ${k}`);
  if (m.vault) {
    add('top vault');
    add('vault auth');
    add('vault mount');
    for (const [k, s] of [['refresh', 'refresh'], ['role', 'role'], ['address', 'address'], ['authMount', 'auth-mount'], ['connection', 'connection']]) {
      if (m.vault[k] !== undefined) add(`vault ${s}`);
    }
  }
  if (m.secrets.length) { add('top secret'); add('secret keys'); }
  if (m.ingress && m.ingress.class !== null) add('ingress class');
  if (m.ingress && m.ingress.namespace !== null) add('ingress ingress-namespace');
  if (m.gateway) {
    add('top gateway');
    add('gateway parent');
    if (m.gateway.listener !== null) add('gateway listener');
    if (m.gateway.redirect !== null) add('gateway redirect-listener');
    if (m.gateway.namespace !== null) add('gateway gateway-namespace');
  }
  for (const a of m.apps) {
    if (a.port !== null) add('app port');
    for (const k of Object.keys(a.probes)) add(`app ${k}`);
    if (a.scratch.length) add('app scratch');
    if (a.scratchSize !== null) add('app scratch-size');
    if (a.migrate !== null) add('app migrate');
    if (a.env.length) add('app env');
    if (a.secrets.length) add('app secrets');
    if (a.hosts.length) add('app host');
    if (a.routes.length) add('app route');
    if (a.exact.length) add('app route-exact');
    if (a.bodyLimit !== null) add('app body-limit');
    if (a.spa) add('app spa');
    if (a.uses.length) add('app uses');
    if (a.s3Access !== null) add('app s3-access-key');
    if (a.s3Secret !== null) add('app s3-secret-key');
    if (a.singleton) add('app singleton');
    if (a.autoscale !== null) add('app autoscale');
    for (const k of Object.keys(a.tune)) add(`app ${k}`);
    if (a.command !== null) add('app command');
  }
  for (const j of m.jobs || []) {
    add('top job');
    if (!j.noImage) add('job image');
    if (j.command !== null) add('job command');
    for (const [k, st] of [['schedule', 'schedule'], ['timezone', 'timezone'], ['deadline', 'deadline'], ['retries', 'retries']]) if (j[k] !== null) add(`job ${st}`);
    if (j.env.length) add('job env');
    if (j.secrets.length) add('job secrets');
    if (j.uses.length) add('job uses');
    for (const k of Object.keys(j.tune)) add(`job ${k}`);
  }
  for (const e of m.engines || []) {
    add('top engine');
    for (const k of ['image', 'port', 'data', 'user']) add(`engine ${k}`);
    if (e.probe) add('engine probe');
    if (e.writable.length) add('engine writable');
    if (e.command) add('engine command');
    if (e.env.length) add('engine env');
    if (e.secretKeys.length) add('engine secret-keys');
    if (e.clientEnv.length) add('engine client-env');
    if (e.clientSecret.length) add('engine client-secret');
  }
  for (const s of m.stores) {
    add('top store');
    add('store size');
    if (s.engine !== null) add('store engine');
    if (s.buckets.length) add('store bucket');
    if (s.secrets.length) add('store secrets');
    if (s.image !== null) add('store image');
    if (s.route !== undefined) add('store route');
    if (s.routeExact !== undefined) add('store route-exact');
    if (s.console !== null) add('store console');
    for (const k of Object.keys(s.tune)) add(`store ${k}`);
  }
  return used;
}
