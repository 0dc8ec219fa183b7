// run.mjs RBDC: every statement the schema accepts changes the output, or is refused (issue 10, item 6).
//
// The bug this guards against: `store { replicas 3 }` was accepted and ignored. For each statement of
// compiler/schema.c's table (by scope), a case compiles two programs that differ only in that statement, each with
// no diagnostic at all, and requires their outputs (`rbdc FILE -o -`) to differ, and the case's needle (a piece of
// YAML the statement is responsible for) to appear in exactly one of them. A statement the schema keeps only to refuse
// it must exit 1 with its code. A statement of the table without a case fails the run, so a new statement needs one
// here. Statements accepted but without effect in a given program are W046 (tests/errors/W046-*).
// Prints the failures (every case with EFFECT_VERBOSE=1), then `effect: N passed, M failed`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const rbdc = process.argv[2];
if (!rbdc) {
	console.error('usage: node tests/effect/run.mjs RBDC');
	process.exit(2);
}

// A program where every statement has something to act on: bare images, routes, a used store, secrets, a role.
const BASE = `project shop
domain shop.example.com
registry ghcr.io/acme
tag "1.0.0"
vault { auth shop; mount kv; role shop; connection default }
secret api-env from vault "shop/api" { keys DATABASE_URL, S3_ACCESS_KEY, S3_SECRET_KEY, APP_S3_ID, APP_S3_KEY }
secret minio-root from vault "shop/minio" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }
secret extra-env from vault "shop/extra" { keys EXTRA_URL }
app api {
  image
  port 8000
  health /healthz
  secrets api-env
  uses files
  route /api/
}
app web {
  image
  port 8080
  health /
  secrets extra-env
  route /
}
store files {
  size 1Gi
  bucket uploads
  secrets minio-root
}
ingress { tls letsencrypt-prod }
`;

// A program with nothing but one app, for the block statements that bring whole objects.
const MINI = `project shop
app web { image "nginx:1.27"; port 8080; health / }
`;

// @text with each [from, to] replaced once; a `from` that is not there is a broken case, not a pass.
function edit(text, pairs) {
	for (const [from, to] of pairs) {
		if (!text.includes(from)) throw new Error(`edit: ${JSON.stringify(from)} is not in the program`);
		text = text.replace(from, to);
	}
	return text;
}
const inApi = (line) => [['  health /healthz\n', `  health /healthz\n  ${line}\n`]];
const inWeb = (line) => [['  health /\n', `  health /\n  ${line}\n`]];
const inStore = (line) => [['  size 1Gi\n', `  size 1Gi\n  ${line}\n`]];
const inDefaults = (line) => [['tag "1.0.0"\n', `tag "1.0.0"\ndefaults { ${line} }\n`]];

// [scope statement, program with it, program without it, needle] or [scope statement, program, refused code].
const cases = [];
const effect = (stmt, withIt, withoutIt, needle, args = []) => cases.push({ stmt, withIt, withoutIt, needle, args });
const refused = (stmt, program, code) => cases.push({ stmt, program, code });
// A statement whose effect is a check: the program with it fails with @code, the same program without it compiles clean.
const enforced = (stmt, withIt, withoutIt, code) => { refused(stmt, withIt, code); cases.push({ stmt: `${stmt} (without it)`, clean: withoutIt }); };
const b = (pairs) => edit(BASE, pairs);

// top level
effect('top project', BASE, b([['project shop', 'project market']]), 'app.kubernetes.io/part-of: shop');
effect('top namespace', b([['project shop\n', 'project shop\nnamespace shop-prod\n']]), BASE, 'namespace: shop-prod');
effect('top domain', BASE, b([['domain shop.example.com', 'domain www.example.com']]), 'host: shop.example.com');
effect('top registry', BASE, b([['registry ghcr.io/acme', 'registry quay.io/acme']]), 'ghcr.io/acme/shop-api');
effect('top tag', BASE, b([['tag "1.0.0"', 'tag "2.0.0"']]), 'shop-api:1.0.0');
effect('top defaults', b(inDefaults('memory 256Mi')), BASE, 'memory: "256Mi"');
effect('top vault', `${MINI}vault { auth shop; mount kv; role shop; connection default }\n`, MINI, 'kind: VaultAuth');
effect('top secret', `${MINI.replace('health / }', 'health /; secrets web-env }')}vault { auth shop; mount kv }
secret web-env from vault "shop/web" { keys DATABASE_URL }\n`, `${MINI}vault { auth shop; mount kv; role shop; connection default }\n`,
'kind: VaultStaticSecret');
effect('top app', `${MINI}app api { image "nginx:1.27"; port 8000; health / }\n`, MINI, 'name: api');
effect('top store', `project shop
vault { auth shop; mount kv }
secret web-env from vault "shop/web" { keys S3_ACCESS_KEY, S3_SECRET_KEY }
secret minio-root from vault "shop/minio" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }
app web { image "nginx:1.27"; port 8080; health /; secrets web-env; uses files }
store files { size 1Gi; bucket uploads; secrets minio-root }
`, `project shop
vault { auth shop; mount kv }
secret web-env from vault "shop/web" { keys S3_ACCESS_KEY, S3_SECRET_KEY }
app web { image "nginx:1.27"; port 8080; health /; secrets web-env }
`, 'kind: StatefulSet');
effect('top ingress', `project shop\ndomain shop.example.com\napp web { image "nginx:1.27"; port 8080; health /; route / }
ingress { tls letsencrypt-prod }\n`, MINI, 'kind: Ingress');

// vault
effect('vault auth', BASE, b([['auth shop;', 'auth other;']]), 'vaultAuthRef: shop');
effect('vault mount', BASE, b([['mount kv;', 'mount kv2;']]), 'mount: kv\n');
effect('vault refresh', b([['mount kv;', 'mount kv; refresh 5m;']]), BASE, 'refreshAfter: "5m"');
effect('vault role', BASE, b([['role shop; connection default ', '']]), 'kind: VaultAuth');
effect('vault address', b([['connection default', 'address "https://vault.example.com:8200"']]), BASE, 'kind: VaultConnection');
effect('vault connection', BASE, b([['connection default', 'connection vault-system/shared']]), 'vaultConnectionRef');
effect('vault auth-mount', b([['mount kv;', 'mount kv; auth-mount k8s;']]), BASE, 'mount: k8s');

// secret
effect('secret keys', b([['{ keys EXTRA_URL }', '{ keys EXTRA_URL, EXTRA_TOKEN }']]), BASE, 'EXTRA_TOKEN');

// app
effect('app image', b([['  image\n  port 8000', '  image "nginx:1.27"\n  port 8000']]), BASE, 'image: "nginx:1.27"');
effect('app port', b([['port 8000', 'port 8001']]), BASE, 'containerPort: 8001');
effect('app migrate', b(inApi('migrate "alembic upgrade head"')), BASE, '- upgrade');
effect('app health', b([['health /healthz', 'health /ready']]), BASE, 'path: /ready');
effect('app env', b(inApi('env MODE "prod"')), BASE, 'name: MODE');
effect('app secrets', b([['secrets api-env\n', 'secrets api-env, extra-env\n']]), BASE, null);
effect('app route', b([['route /\n', 'route /shop\n']]), BASE, 'path: /shop');
effect('app spa', b(inWeb('spa')), BASE, 'kind: ConfigMap');
effect('app route-exact', b(inApi('route-exact /feed.xml')), BASE, 'path: /feed.xml');
effect('app body-limit', b(inApi('body-limit 20Mi')), BASE, 'proxy-body-size: "20m"');
effect('app uses', b(inWeb('uses api')), BASE, null);
effect('app s3-access-key', b(inApi('s3-access-key APP_S3_ID')), BASE, 'key: APP_S3_ID');
effect('app s3-secret-key', b(inApi('s3-secret-key APP_S3_KEY')), BASE, 'key: APP_S3_KEY');
effect('app singleton', b(inWeb('singleton')), BASE, 'type: Recreate');
effect('app autoscale', b(inWeb('autoscale 2..5 cpu 70%')), BASE, 'kind: HorizontalPodAutoscaler');
const TUNED = {
	user: ['user 20001', 'runAsUser: 20001'],
	replicas: ['replicas 3', 'replicas: 3'],
	cpu: ['cpu 250m', 'cpu: "250m"'],
	memory: ['memory 256Mi', 'memory: "256Mi"'],
	'cpu-limit': ['cpu-limit 1500m', 'cpu: "1500m"'],
	'memory-limit': ['memory-limit 768Mi', 'memory: "768Mi"'],
	'read-only-root': ['read-only-root no', 'readOnlyRootFilesystem: false'],
	'ephemeral-storage': ['ephemeral-storage 128Mi', 'ephemeral-storage: "128Mi"'],
	'ephemeral-storage-limit': ['ephemeral-storage-limit 2Gi', 'ephemeral-storage: "2Gi"'],
};
// issue 10, jobs: a nightly CronJob sharing the api's image
const JOBS = `${BASE}job nightly {
  image of api
  command "python manage.py clearsessions"
  schedule "0 3 * * *"
}
`;
const j = (pairs) => edit(JOBS, pairs);
const inJob = (line) => [['  schedule "0 3 * * *"\n', `  schedule "0 3 * * *"\n  ${line}\n`]];
const ownImage = [['  image of api\n', '  image "ghcr.io/acme/tools:1"\n']];
effect('app command', b(inApi('command "gunicorn app:app"')), BASE, '- gunicorn');
effect('top job', JOBS, BASE, 'kind: CronJob');
effect('job image', j(ownImage), JOBS, 'ghcr.io/acme/tools:1');
effect('job command', j(ownImage), j([...ownImage, ['  command "python manage.py clearsessions"\n', '']]), '- clearsessions');
effect('job env', j(inJob('env MODE "nightly"')), JOBS, 'name: MODE');
effect('job secrets', j(inJob('secrets extra-env')), JOBS, null);
effect('job uses', j(inJob('uses web')), JOBS, null);
effect('job schedule', JOBS, j([['  schedule "0 3 * * *"\n', '']]), 'kind: CronJob');
effect('job timezone', j(inJob('timezone Europe/Berlin')), JOBS, 'timeZone: Europe/Berlin');
effect('job deadline', j(inJob('deadline 2h')), JOBS, 'activeDeadlineSeconds: 7200');
effect('job retries', j(inJob('retries 5')), JOBS, 'backoffLimit: 5');
const jobDefaults = (line) => edit(JOBS, inDefaults(line));
effect('defaults job-deadline', jobDefaults('job-deadline 90m'), JOBS, 'activeDeadlineSeconds: 5400');
effect('defaults job-retries', jobDefaults('job-retries 6'), JOBS, 'backoffLimit: 6');
effect('defaults job-successful-history', jobDefaults('job-successful-history 7'), JOBS, 'successfulJobsHistoryLimit: 7');
effect('defaults job-failed-history', jobDefaults('job-failed-history 8'), JOBS, 'failedJobsHistoryLimit: 8');
effect('defaults job-start-deadline', jobDefaults('job-start-deadline 10m'), JOBS, 'startingDeadlineSeconds: 600');
// issue 10, engines: a program's own engine `kv` (and `kv2`, for `store engine`) behind a store the api uses
const ENGINES = `${BASE}engine kv {
  image "ghcr.io/acme/kv:1.0"
  port 7000
  data /data
  user 10002
  probe tcp
}
engine kv2 { image "ghcr.io/acme/kv:2.0"; port 7000; data /data; user 10002; probe tcp }
store cache {
  engine kv
  size 1Gi
}
`.replace('  uses files\n', '  uses files, cache\n');
const e = (pairs) => edit(ENGINES, pairs);
const inEngine = (line) => [['  probe tcp\n', `  probe tcp\n  ${line}\n`]];
effect('top engine', ENGINES, e([['engine kv {\n  image "ghcr.io/acme/kv:1.0"\n  port 7000\n  data /data\n  user 10002\n  probe tcp\n}\n', ''],
	['  engine kv\n', '  engine kv2\n']]), 'ghcr.io/acme/kv:1.0');
effect('store engine', ENGINES, e([['  engine kv\n', '  engine kv2\n']]), 'ghcr.io/acme/kv:1.0');
effect('engine image', e([['kv:1.0', 'kv:1.1']]), ENGINES, 'kv:1.1');
effect('engine port', e([['  port 7000\n', '  port 7001\n']]), ENGINES, 'containerPort: 7001');
effect('engine data', e([['  data /data\n', '  data /srv/kv\n']]), ENGINES, 'mountPath: /srv/kv');
effect('engine user', e([['  user 10002\n', '  user 10003\n']]), ENGINES, 'runAsUser: 10003');
effect('engine probe', e([['  probe tcp\n', '  probe exec "kv-cli ping"\n']]), ENGINES, 'kv-cli');
effect('engine writable', e(inEngine('writable /var/run/kv')), ENGINES, 'mountPath: /var/run/kv');
effect('engine command', e(inEngine('command "kv-server --port 7000"')), ENGINES, 'kv-server');
effect('engine env', e(inEngine('env KV_MODE "fast"')), ENGINES, 'name: KV_MODE');
effect('engine client-env', e(inEngine('client-env KV_HOST "{host}"')), ENGINES, 'name: KV_HOST');
const withKvSecret = (text) => text.replace('secret extra-env', 'secret kv-auth from vault "shop/kv" { keys KV_PASSWORD }\nsecret extra-env')
	.replace('  engine kv\n  size 1Gi\n', '  engine kv\n  size 1Gi\n  secrets kv-auth\n');
effect('engine client-secret', withKvSecret(e(inEngine('secret-keys KV_PASSWORD\n  client-secret KV_PASSWORD KV_PASSWORD'))),
	withKvSecret(e(inEngine('secret-keys KV_PASSWORD'))), 'name: KV_PASSWORD');
// secret-keys is a requirement: a store of the engine must have a secret holding each key (E006)
enforced('engine secret-keys', e(inEngine('secret-keys KV_PASSWORD')), withKvSecret(e(inEngine('secret-keys KV_PASSWORD'))), 'E006');
for (const [k, [line, needle]] of Object.entries(TUNED)) {
	if (k === 'replicas') refused('job replicas', j(inJob(line)), 'E003');
	else effect(`job ${k}`, j(inJob(line)), JOBS, needle);
}
for (const [k, [line, needle]] of Object.entries(TUNED)) {
	effect(`app ${k}`, b(inApi(line)), BASE, needle);
	if (k === 'replicas') refused('store replicas', b(inStore(line)), 'E003');
	else effect(`store ${k}`, b(inStore(line)), BASE, needle);
	effect(`defaults ${k}`, b(inDefaults(line)), BASE, needle);
}

// store
effect('store size', b([['size 1Gi', 'size 2Gi']]), BASE, 'storage: "2Gi"');
effect('store bucket', b(inStore('bucket exports')), BASE, 'store/exports');
effect('store secrets', b([['secrets minio-root\n', 'secrets minio-root, extra-env\n']]), BASE, null);
effect('store image', b(inStore('image "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z"')), BASE, 'minio:RELEASE.2025-09-07T16-13-09Z"');
effect('store console', b(inStore('console yes')), BASE, 'containerPort: 9001');
refused('store route', b(inStore('route /files')), 'E014');
refused('store route-exact', b(inStore('route-exact /files')), 'E014');

// ingress
effect('ingress tls', BASE, b([['tls letsencrypt-prod', 'tls letsencrypt-staging']]), 'cluster-issuer: letsencrypt-prod');
effect('ingress class', b([['tls letsencrypt-prod', 'tls letsencrypt-prod; class traefik']]), BASE, 'ingressClassName: traefik');
effect('ingress ingress-namespace', b([['tls letsencrypt-prod', 'tls letsencrypt-prod; ingress-namespace edge']]), BASE,
	'kubernetes.io/metadata.name: edge');

// defaults (the tunables are above)
effect('defaults probe-delay', b(inDefaults('probe-delay 20s')), BASE, 'initialDelaySeconds: 20');
effect('defaults probe-period', b(inDefaults('probe-period 15s')), BASE, 'periodSeconds: 15');
effect('defaults probe-timeout', b(inDefaults('probe-timeout 5s')), BASE, 'timeoutSeconds: 5');
effect('defaults probe-failures', b(inDefaults('probe-failures 4')), BASE, 'failureThreshold: 4');
effect('defaults liveness-period', b(inDefaults('liveness-period 30s')), BASE, 'periodSeconds: 30');
effect('defaults liveness-failures', b(inDefaults('liveness-failures 8')), BASE, 'failureThreshold: 8');
effect('defaults startup-failures', b(inDefaults('startup-failures 40')), BASE, 'failureThreshold: 40');
effect('defaults tmp-size', b(inDefaults('tmp-size 256Mi')), BASE, 'sizeLimit: "256Mi"');
effect('defaults refresh', b(inDefaults('refresh 30m')), BASE, 'refreshAfter: "30m"');
effect('defaults minio-image', b(inDefaults('minio-image "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z"')), BASE,
	'minio:RELEASE.2025-09-07T16-13-09Z"');
effect('defaults mc-image', b(inDefaults('mc-image "quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z"')), BASE, 'mc:RELEASE.2025-08-13T08-35-41Z"');
effect('defaults minio-user', b(inDefaults('minio-user 20002')), BASE, 'runAsUser: 20002');
effect('defaults spa-root', b([...inWeb('spa'), ...inDefaults('spa-root /srv/www')]), b(inWeb('spa')), 'root /srv/www;');
effect('defaults job-ttl', b(inDefaults('job-ttl 2h')), BASE, 'ttlSecondsAfterFinished: 7200');
effect('defaults s3-access-key', b(inDefaults('s3-access-key APP_S3_ID')), BASE, 'key: APP_S3_ID');
effect('defaults s3-secret-key', b(inDefaults('s3-secret-key APP_S3_KEY')), BASE, 'key: APP_S3_KEY');
effect('defaults ingress-namespace', b(inDefaults('ingress-namespace edge')), BASE, 'kubernetes.io/metadata.name: edge');

// issue 10, apps: scratch directories and the per-app probe timings
const scratch = inApi('scratch /app/cache');
effect('app scratch', b(scratch), BASE, 'mountPath: /app/cache');
effect('app scratch-size', b(inApi('scratch /app/cache\n  scratch-size 100Mi')), b(scratch), 'sizeLimit: "100Mi"');
effect('defaults scratch-size', b([...scratch, ...inDefaults('scratch-size 100Mi')]), b(scratch), 'sizeLimit: "100Mi"');
effect('app probe-delay', b(inApi('probe-delay 20s')), BASE, 'initialDelaySeconds: 20');
effect('app probe-period', b(inApi('probe-period 15s')), BASE, 'periodSeconds: 15');
effect('app probe-timeout', b(inApi('probe-timeout 5s')), BASE, 'timeoutSeconds: 5');
effect('app probe-failures', b(inApi('probe-failures 4')), BASE, 'failureThreshold: 4');
effect('app liveness-period', b(inApi('liveness-period 30s')), BASE, 'periodSeconds: 30');
effect('app liveness-failures', b(inApi('liveness-failures 8')), BASE, 'failureThreshold: 8');
effect('app startup-failures', b(inApi('startup-failures 40')), BASE, 'failureThreshold: 40');
// issue 11: hosts per app, and the Gateway API target instead of the ingress block
effect('app host', b(inApi('host api.example.com')), BASE, 'host: api.example.com');
const GATEWAY = b([['ingress { tls letsencrypt-prod }\n', 'gateway { parent infra/public }\n']]);
const inGateway = (line) => [['gateway { parent infra/public }', `gateway { parent infra/public; ${line} }`]];
const g = (pairs) => edit(GATEWAY, pairs);
effect('top gateway', GATEWAY, BASE, 'kind: HTTPRoute');
effect('gateway parent', g([['infra/public', 'infra/edge']]), GATEWAY, 'name: edge');
effect('gateway listener', g(inGateway('listener websecure')), GATEWAY, 'sectionName: websecure');
effect('gateway redirect-listener', g(inGateway('redirect-listener web')), GATEWAY, 'sectionName: web\n');
effect('gateway gateway-namespace', g(inGateway('gateway-namespace traefik')), GATEWAY, 'kubernetes.io/metadata.name: traefik');
// issue 11: an environment's overrides, compiled with --env
effect('top environment', `${BASE}environment staging { namespace shop-staging }\n`, BASE, 'namespace: shop-staging', ['--env', 'staging']);

// The statements of compiler/schema.c, "scope name" (the TUNABLES macro expanded per scope), as tests/gen reads them.
function statements() {
	const src = readFileSync(join(root, 'compiler/schema.c'), 'utf8');
	const scope = (s) => s.replace('SCOPE_', '').toLowerCase();
	const rows = [...src.matchAll(/\{(SCOPE_[A-Z]+|scope), "([a-z0-9-]+)"/g)];
	const tunables = rows.filter((m) => m[1] === 'scope').map((m) => m[2]);
	const all = new Set(rows.filter((m) => m[1] !== 'scope').map((m) => `${scope(m[1])} ${m[2]}`));
	for (const m of src.matchAll(/TUNABLES\((SCOPE_[A-Z]+),/g)) for (const t of tunables) all.add(`${scope(m[1])} ${t}`);
	return all;
}

function compile(text, args = []) {
	const r = spawnSync(rbdc, ['--stdin-filename', 'effect.rbd', ...args, '-', '-o', '-'], { input: text, timeout: 60000, killSignal: 'SIGKILL' });
	return { status: r.status, out: String(r.stdout), err: String(r.stderr) };
}

let passed = 0, failed = 0;
const result = (ok, what, detail) => {
	if (ok) { passed++; if (process.env.EFFECT_VERBOSE) console.log(`ok   - ${what}`); return; }
	failed++;
	console.log(`FAIL - ${what}`);
	if (detail) for (const line of detail.split('\n').slice(0, 12)) console.log(`       ${line}`);
};

for (const c of cases) {
	if (c.clean) {
		const r = compile(c.clean);
		result(r.status === 0 && r.err === '', `${c.stmt}: compiles without a diagnostic`, `exit ${r.status}\n${r.err}`);
		continue;
	}
	if (c.code) {
		const r = compile(c.program);
		result(r.status === 1 && r.err.includes(`[${c.code}]`), `${c.stmt}: refused with ${c.code}`, `exit ${r.status}\n${r.err}`);
		continue;
	}
	const a = compile(c.withIt, c.args), z = compile(c.withoutIt);
	const clean = (r) => r.status === 0 && r.err === '';
	if (!clean(a) || !clean(z)) {
		result(false, `${c.stmt}: both programs compile without a diagnostic`, `${clean(a) ? '' : `with it: exit ${a.status}\n${a.err}`}${clean(z) ? '' : `without it: exit ${z.status}\n${z.err}`}`);
		continue;
	}
	const inOne = c.needle === null || a.out.includes(c.needle) !== z.out.includes(c.needle);
	result(a.out !== z.out && inOne, `${c.stmt}: changes the output${c.needle ? ` (${JSON.stringify(c.needle)})` : ''}`,
		a.out === z.out ? 'the outputs are identical' : `${JSON.stringify(c.needle)} is in ${a.out.includes(c.needle) ? 'both outputs' : 'neither output'}`);
}

const covered = new Set(cases.map((c) => c.stmt).filter((s) => !s.endsWith(' (without it)')));
for (const s of statements()) result(covered.has(s), `${s}: has a case`, 'add one to tests/effect/run.mjs');
for (const s of covered) if (!statements().has(s)) result(false, `${s}: is a statement of compiler/schema.c`, 'the case names no statement');
console.log(`effect: ${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
