// tests/mcjob/mcjob.mjs: the bucket Jobs' scripts, run for real under /bin/sh with a fake mc (see run.sh).
import { createRequire } from 'node:module';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, chmodSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const require = createRequire(new URL('../node/package.json', import.meta.url));
const YAML = require('yaml');
const rbdc = process.argv[2];
const root = new URL('../..', import.meta.url).pathname;
let pass = 0, fail = 0;
const report = (ok, what, why) => { if (ok) pass++; else fail++; console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : `: ${why}`}`); };

// Credentials are made at test time: nothing shaped like a secret is stored in the repository. The password holds
// shell and URL syntax ('$', '@', '#', spaces) to prove the script passes it through untouched.
const cred = (tag) => `${tag}${randomBytes(12).toString('hex')}`;

// The fake mc: every call appends its argv (NUL-separated), its MC_HOST_store and, for `admin user add`, its stdin
// (newlines as \x01, one call per line).
const FAKE_MC = `#!/bin/sh
{ printf 'CALL'; for a in "$@"; do printf '\\0%s' "$a"; done; printf '\\0HOST=%s' "\${MC_HOST_store-}"
  case "$1 $2 $3" in "admin user add") printf '\\0STDIN=%s' "$(tr '\\n' '\\001')";; esac
  printf '\\n'; } >> "$MC_LOG"
case "$1 $2 $3" in "admin policy create") cp "$6" "$MC_LOG.policy.$5";; esac
exit 0
`;

const sources = ['reactbin.rbd', ...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.rbd')).map((f) => `examples/${f}`)];
let jobs = 0;
for (const src of sources) {
	const stream = execFileSync(rbdc, [src, '-o', '-'], { cwd: root, encoding: 'utf8' });
	const docs = YAML.parseAllDocuments(stream, { version: '1.1' }).map((d) => d.toJS()).filter((o) => o && o.kind === 'Job')
		.filter((o) => /-bucket$/.test((o.spec.template.metadata.labels || {})['app.kubernetes.io/name'] || '')); // a store's, not a `job`'s
	for (const job of docs) {
		jobs++;
		const what = `${src}: Job ${job.metadata.name}`;
		const c = job.spec.template.spec.containers[0];
		// The kubelet turns $$ into $ in command (the script is written for that).
		const script = c.command[2].replace(/\$\$/g, '$');
		const dir = mkdtempSync(join(tmpdir(), 'rbdc-mcjob-'));
		try {
			writeFileSync(join(dir, 'mc'), FAKE_MC);
			chmodSync(join(dir, 'mc'), 0o755);
			const env = { PATH: `${dir}:/usr/bin:/bin`, MC_LOG: join(dir, 'log'), MINIO_ROOT_USER: cred('root'), MINIO_ROOT_PASSWORD: `p$w @#x ${cred('')}` };
			const secrets = [env.MINIO_ROOT_PASSWORD];
			const apps = [];
			for (const e of c.env ?? []) {
				if (!e.valueFrom) continue;
				env[e.name] = cred(e.name.endsWith('SECRET_KEY') ? 's ' : 'a');
				if (e.name.endsWith('SECRET_KEY')) secrets.push(env[e.name]);
				const m = /^APP_(.+)_ACCESS_KEY$/.exec(e.name);
				if (m) apps.push({ app: m[1].toLowerCase().replace(/_/g, '-'), access: env[e.name], secret: () => env[`APP_${m[1]}_SECRET_KEY`] });
			}
			// /tmp is the Job's emptyDir: the script writes its policy files there; give it a private one.
			const run = spawnSync('/bin/sh', ['-c', script.replaceAll('/tmp/', `${dir}/`)], { env, encoding: 'utf8' });
			report(run.status === 0, `${what}: the script runs to the end`, `exit ${run.status}: ${run.stderr}`);
			const calls = readFileSync(env.MC_LOG, 'utf8').trim().split('\n').map((l) => l.split('\0').slice(1));
			const argvs = calls.map((cl) => cl.filter((x) => !x.startsWith('HOST=') && !x.startsWith('STDIN=')));
			const leaked = argvs.filter((argv) => argv.some((a) => secrets.some((s) => a.includes(s)) || a.includes(env.MINIO_ROOT_USER)));
			report(!leaked.length, `${what}: no credential on any mc command line`, JSON.stringify(leaked));
			// The Job and its pods are labelled STORE-bucket (like their name, NAME-bucket-HASH); the store is what precedes it.
			const store = job.metadata.labels['app.kubernetes.io/name'].replace(/-bucket$/, '');
			const host = `HOST=http://${env.MINIO_ROOT_USER}:${env.MINIO_ROOT_PASSWORD}@${store}:9000`;
			report(calls.every((cl) => cl.includes(host)), `${what}: every mc call has the root credentials in MC_HOST_store`, JSON.stringify(calls.map((cl) => cl.find((x) => x.startsWith('HOST=')))));
			const buckets = argvs.filter((a) => a[0] === 'mb').map((a) => a[a.length - 1].replace(/^store\//, ''));
			report(buckets.length > 0 && argvs.every((a) => a[0] !== 'mb' || a.includes('--ignore-existing')), `${what}: buckets made idempotently`, JSON.stringify(argvs));
			for (const a of apps) {
				const add = calls.find((cl) => cl.slice(0, 3).join(' ') === 'admin user add' && cl.includes(`STDIN=${a.access}\x01${a.secret()}\x01`));
				report(!!add && add.filter((x) => !x.startsWith('HOST=') && !x.startsWith('STDIN=')).length === 4,
					`${what}: app ${a.app}'s user gets its keys on standard input`, JSON.stringify(calls));
				const attach = argvs.find((argv) => argv.slice(0, 3).join(' ') === 'admin policy attach' && argv[4] === `app-${a.app}`);
				report(!!attach && attach.join(' ').endsWith(`--user ${a.access}`), `${what}: app ${a.app}'s policy is attached to its user`, JSON.stringify(argvs));
				const order = argvs.map((argv) => argv.slice(0, 3).join(' '));
				report(order.indexOf('admin policy create') < order.indexOf('admin policy attach') && order.indexOf('admin user add') < order.indexOf('admin policy attach'),
					`${what}: the policy and the user exist before the attach`, JSON.stringify(order));
				let policy;
				try { policy = JSON.parse(readFileSync(`${env.MC_LOG}.policy.app-${a.app}`, 'utf8')); } catch (e) { policy = null; }
				const want = buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]).sort();
				const got = policy?.Statement?.flatMap((s) => s.Resource ?? []).sort() ?? [];
				report(policy?.Statement?.length === 1 && policy.Statement[0].Effect === 'Allow' && JSON.stringify(got) === JSON.stringify(want),
					`${what}: app ${a.app}'s policy allows exactly the store's buckets`, JSON.stringify(policy));
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}
}
report(jobs >= 2, 'the sources emit bucket Jobs to run', `${jobs} Jobs`);
console.log(`mcjob: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
