// meaning.mjs RBDC WORKDIR: checks what the output of every example and reactbin.rbd MEANS, from the .rbd source alone.
//
// The golden files only say "the bytes changed", and `make bless` accepts any change. This check never reads them:
// the expectations come from a tiny reading of the program (and of stdlib/defaults.rbd for what the program leaves
// out), so a dropped `excludeRaw`, a lost Pod Security label or a probe on the wrong path fails here even after a bless.
// Checked for every program: the Namespace's Pod Security labels; every VaultStaticSecret (create, excludeRaw, exactly
// the declared keys as anchored regexes, mount, path); every pod and container (non-root numeric UID as declared,
// RuntimeDefault seccomp, no privilege escalation, all capabilities dropped, read-only root as declared); each app's
// probes (declared health path, the named port `http` that is the declared port, declared readiness, liveness and
// startup timings, liveness more tolerant than readiness; the app's own timings over the defaults; `health tcp`, `exec`
// and `none`; a worker without a port has no container port, no Service and no readiness probe; each `scratch` path
// is an emptyDir of the declared scratch-size), resources (cpu, memory, ephemeral storage)
// (declared or defaults) and the pod count (replicas, singleton's Recreate, autoscale's HorizontalPodAutoscaler, and with
// several pods a PodDisruptionBudget and a spread over nodes); each store's resources and volume size; for a store of an engine (stdlib/engines.rbd
// or the program's), the engine's image, port, mounts and probes, its NetworkPolicy, and its users' client variables.
// Last line: `meaning: N passed, M failed`.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const require = createRequire(new URL('../node/package.json', import.meta.url));
const YAML = require('yaml');
const root = new URL('../..', import.meta.url).pathname;
const [rbdc, work] = process.argv.slice(2);
if (!rbdc || !work) {
	console.error('usage: node tests/conformance/meaning.mjs RBDC WORKDIR');
	process.exit(2);
}

let passed = 0, failed = 0;
const check = (what, problems) => {
	if (problems.length) {
		failed++;
		console.log(`FAIL - ${what}`);
		for (const p of problems) console.log(`       ${p}`);
	} else {
		passed++;
		console.log(`ok   - ${what}`);
	}
};

// ---- A tiny reader of .rbd: statements (word, arguments, optional block), enough for the few statements needed.
function tokens(text) {
	const out = [];
	const re = /"((?:[^"\\\n]|\\.)*)"|#[^\n]*|([{}<>;,\n])|([^\s{}<>;,"#]+)|[ \t\r]+/g;
	let m;
	while ((m = re.exec(text))) {
		if (m[1] !== undefined) out.push({ s: JSON.parse(`"${m[1].replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')}"`) });
		else if (m[2] !== undefined) out.push({ p: m[2] });
		else if (m[3] !== undefined) out.push({ w: m[3] });
	}
	return out;
}
function parse(text) {
	const t = tokens(text);
	let i = 0;
	const block = (close) => {
		const stmts = [];
		while (i < t.length) {
			const k = t[i];
			if (k.p === close) { i++; return stmts; }
			if (k.p === '\n' || k.p === ';') { i++; continue; }
			const st = { name: k.w, args: [], block: null };
			i++;
			while (i < t.length) {
				const a = t[i];
				if (a.p === ',') { i++; while (t[i] && t[i].p === '\n') i++; continue; } // a list continues after a comma
				if (a.p === '{' || a.p === '<') { i++; st.block = block(a.p === '{' ? '}' : '>'); break; }
				if (a.p !== undefined) break;
				st.args.push(a.w !== undefined ? a.w : a.s);
				i++;
			}
			stmts.push(st);
		}
		return stmts;
	};
	return block(null);
}
const first = (stmts, name) => (stmts || []).find((s) => s.name === name);
const arg = (stmts, name) => { const s = first(stmts, name); return s ? (s.args.length ? s.args[0] : true) : undefined; };
const all = (stmts, name) => (stmts || []).filter((s) => s.name === name);

// The defaults: the stdlib's, then the program's own `defaults { }` on top.
const stdlibDefaults = all(parse(readFileSync(join(root, 'stdlib/defaults.rbd'), 'utf8')), 'defaults').flatMap((d) => d.block);
function defaultsOf(prog) {
	const d = {};
	for (const s of [...stdlibDefaults, ...((first(prog, 'defaults') || {}).block || [])]) d[s.name] = s.args[0];
	return d;
}
// Store engines: the stdlib's (stdlib/engines.rbd) and the program's own `engine NAME { }`; minio is built in.
const stdlibEngines = all(parse(readFileSync(join(root, 'stdlib/engines.rbd'), 'utf8')), 'engine');
const enginesOf = (prog) => Object.fromEntries([...stdlibEngines, ...all(prog, 'engine')].map((e) => [e.args[0], e.block]));
const seconds = (dur) => {
	const m = /^(\d+)([smh])$/.exec(dur);
	if (!m) throw new Error(`duration ${dur}`);
	return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2]];
};

// ---- The output, decoded.
function compile(src, name) {
	const out = join(work, name);
	rmSync(out, { recursive: true, force: true });
	const r = spawnSync(rbdc, [src, '-o', out], { timeout: 60000, killSignal: 'SIGKILL' });
	if (r.status !== 0) return { error: `rbdc ${src} -o DIR exited ${r.status}${r.signal ? ` (${r.signal})` : ''}: ${String(r.stderr).slice(0, 600)}` };
	const docs = [];
	for (const f of readdirSync(out).sort()) {
		if (f === 'kustomization.yaml') continue;
		for (const d of YAML.parseAllDocuments(readFileSync(join(out, f), 'utf8'), { version: '1.1' })) docs.push(d.toJS());
	}
	return { docs };
}

function checkProgram(src) {
	const name = basename(src, '.rbd');
	const prog = parse(readFileSync(join(root, src), 'utf8'));
	const defaults = defaultsOf(prog);
	const { docs, error } = compile(join(root, src), name);
	if (error) { check(`${name}: compiles`, [error]); return; }
	const of = (kind) => docs.filter((d) => d && d.kind === kind);
	const named = (kind, n) => of(kind).find((d) => d.metadata.name === n);
	const project = arg(prog, 'project');
	const ns = arg(prog, 'namespace') || project;

	// Namespace: Pod Security "restricted" enforced; audit and warn, when emitted, say the same.
	{
		const p = [];
		const nss = of('Namespace');
		if (nss.length !== 1 || nss[0].metadata.name !== ns) p.push(`expected one Namespace ${ns}, got ${nss.map((n) => n.metadata.name)}`);
		else {
			const labels = nss[0].metadata.labels || {};
			if (labels['pod-security.kubernetes.io/enforce'] !== 'restricted') p.push(`enforce label is ${labels['pod-security.kubernetes.io/enforce']}`);
			for (const mode of ['audit', 'warn']) {
				const v = labels[`pod-security.kubernetes.io/${mode}`];
				if (v !== undefined && v !== 'restricted') p.push(`${mode} label is ${v}`);
			}
		}
		for (const d of docs) if (d.kind !== 'Namespace' && d.metadata.namespace !== ns) p.push(`${d.kind} ${d.metadata.name} in namespace ${d.metadata.namespace}`);
		check(`${name}: Namespace ${ns} enforces Pod Security restricted, every object is in it`, p);
	}

	// VaultStaticSecrets: exactly the declared secrets, each copying exactly its declared keys.
	{
		const vault = (first(prog, 'vault') || {}).block;
		const secrets = all(prog, 'secret');
		const p = [];
		if (of('VaultStaticSecret').length !== secrets.length) p.push(`${of('VaultStaticSecret').length} VaultStaticSecrets for ${secrets.length} secrets`);
		for (const s of secrets) {
			const [sname, , , path] = s.args;
			const keys = all(s.block, 'keys').flatMap((k) => k.args);
			const v = named('VaultStaticSecret', sname);
			if (!v) { p.push(`no VaultStaticSecret ${sname}`); continue; }
			const dst = v.spec.destination || {};
			if (dst.create !== true) p.push(`${sname}: destination.create is ${dst.create}`);
			if (dst.name !== sname) p.push(`${sname}: destination.name is ${dst.name}`);
			const tr = dst.transformation || {};
			if (tr.excludeRaw !== true) p.push(`${sname}: destination.transformation.excludeRaw is ${tr.excludeRaw}`);
			const inc = tr.includes || [];
			const want = keys.map((k) => `^${k}$`);
			if (!isDeepStrictEqual([...inc].sort(), [...want].sort())) p.push(`${sname}: includes ${JSON.stringify(inc)}, declared ${JSON.stringify(want)}`);
			if (v.spec.path !== path) p.push(`${sname}: path ${v.spec.path}, declared ${path}`);
			if (v.spec.mount !== arg(vault, 'mount')) p.push(`${sname}: mount ${v.spec.mount}, declared ${arg(vault, 'mount')}`);
			if (v.spec.vaultAuthRef !== arg(vault, 'auth')) p.push(`${sname}: vaultAuthRef ${v.spec.vaultAuthRef}, declared ${arg(vault, 'auth')}`);
			if (v.spec.type !== 'kv-v2') p.push(`${sname}: type ${v.spec.type}`);
		}
		check(`${name}: ${secrets.length} VaultStaticSecrets create their Secret and copy exactly the declared keys`, p);
	}

	// A store of a declared engine: its image, port, data mount, writable paths and probes are the engine's, its
	// NetworkPolicy opens that port to exactly the apps that use it, and those apps get the engine's client variables
	// (client-secret ones only as secretKeyRefs into the store's secrets, never as values).
	const checkEngineStore = (owner, wl, p) => {
		const e = engines[owner.engine];
		if (!e) { p.push(`engine ${owner.engine} is declared nowhere`); return; }
		const c = wl.spec.template.spec.containers[0];
		const port = Number(arg(e, 'port'));
		if (c.name !== owner.engine) p.push(`container ${c.name}, expected ${owner.engine}`);
		if (c.image !== (arg(owner.b, 'image') || arg(e, 'image'))) p.push(`image ${c.image}, declared ${arg(owner.b, 'image') || arg(e, 'image')}`);
		if (!(c.ports || []).some((x) => x.name === owner.engine && x.containerPort === port)) p.push(`no port ${owner.engine} = ${port}`);
		const mounts = Object.fromEntries((c.volumeMounts || []).map((m) => [m.mountPath, m.name]));
		if (mounts[arg(e, 'data')] !== 'data') p.push(`the claim is not mounted on ${arg(e, 'data')}`);
		for (const w of all(e, 'writable').flatMap((x) => x.args)) if (!mounts[w]) p.push(`writable ${w} is not mounted`);
		const probe = arg(e, 'probe');
		if (!c.livenessProbe || !c.livenessProbe.tcpSocket || c.livenessProbe.tcpSocket.port !== owner.engine) p.push(`liveness ${JSON.stringify(c.livenessProbe)} is not tcp on ${owner.engine}`);
		for (const k of ['readinessProbe', 'startupProbe'])
			if (!c[k] || (probe === 'exec' ? !c[k].exec : !c[k].tcpSocket)) p.push(`${k} ${JSON.stringify(c[k])} is not ${probe}`);
		const svc = named('Service', owner.name);
		if (!svc || !svc.spec.ports.some((x) => x.port === port && x.targetPort === owner.engine)) p.push(`Service ${owner.name} does not map ${port} to ${owner.engine}`);
		const users = apps.filter((a) => all(a.b, 'uses').flatMap((u) => u.args).includes(owner.name)).map((a) => a.name).sort();
		const np = named('NetworkPolicy', owner.name);
		const rule = np && (np.spec.ingress || [])[0];
		const from = rule ? rule.from.map((f) => f.podSelector && f.podSelector.matchLabels['app.kubernetes.io/name']).sort() : [];
		if (!rule || !isDeepStrictEqual(from, users) || !isDeepStrictEqual(rule.ports.map((x) => x.port), [port])) p.push(`NetworkPolicy ${owner.name} admits ${JSON.stringify(from)} on ${JSON.stringify(rule && rule.ports)}, declared ${JSON.stringify(users)} on ${port}`);
		const secretKeys = new Set(all(e, 'client-secret').map((x) => x.args[0]));
		for (const user of users) {
			const dep = named('Deployment', user);
			for (const ct of dep ? [...(dep.spec.template.spec.initContainers || []), ...dep.spec.template.spec.containers] : []) {
				const env = Object.fromEntries((ct.env || []).map((x) => [x.name, x]));
				for (const ce of all(e, 'client-env')) {
					const want = ce.args[1].replaceAll('{host}', owner.name).replaceAll('{port}', String(port));
					if (!env[ce.args[0]] || env[ce.args[0]].value !== want.replaceAll('$', () => '$$')) p.push(`${user}/${ct.name}: ${ce.args[0]} is ${JSON.stringify(env[ce.args[0]])}, declared ${want}`);
				}
				for (const k of secretKeys) {
					const ref = env[k] && env[k].valueFrom && env[k].valueFrom.secretKeyRef;
					if (!ref || env[k].value !== undefined || !all(owner.b, 'secrets').flatMap((x) => x.args).includes(ref.name)) p.push(`${user}/${ct.name}: ${k} is not a secretKeyRef into the store's secrets`);
				}
			}
		}
	};

	// Workloads: what each pod must be, by who owns it.
	const apps = all(prog, 'app').map((a) => ({ name: a.args[0], b: a.block, store: false }));
	const engines = enginesOf(prog);
	const stores = all(prog, 'store').map((s) => ({ name: s.args[0], b: s.block, store: true, engine: arg(s.block, 'engine') || 'minio' }));
	const jobs = all(prog, 'job').map((j) => ({ name: j.args[0], b: j.block, store: false, job: true }));
	const setting = (w, key) => { const v = arg(w.b, key); return v !== undefined ? v : defaults[key]; };
	const storeUser = (w) => (w.engine === 'minio' ? defaults['minio-user'] : arg(engines[w.engine], 'user'));
	const uidOf = (w) => Number(w.store ? (arg(w.b, 'user') !== undefined ? arg(w.b, 'user') : storeUser(w)) : setting(w, 'user'));
	const workloads = [...of('Deployment'), ...of('StatefulSet'), ...of('Job'), ...of('CronJob')];
	// Every store is a StatefulSet; a MinIO store with buckets also has its bucket Job.
	const storeWorkloads = stores.reduce((n, s) => n + 1 + (s.engine === 'minio' && all(s.b, 'bucket').length ? 1 : 0), 0);
	if (workloads.length !== apps.length + storeWorkloads + jobs.length)
		check(`${name}: workloads`, [`${workloads.length} workloads for ${apps.length} apps, ${stores.length} stores and ${jobs.length} jobs`]);
	// A job's image: its own reference, REGISTRY/PROJECT-JOB:TAG, or (image of APP) the app's, followed through chains.
	const imageOf = (w, seen = new Set()) => {
		const st = first(w.b, 'image');
		if (!st || seen.has(w.name)) return undefined;
		seen.add(w.name);
		if (st.args[0] === 'of' && st.args.length === 2) { const src = apps.find((a) => a.name === st.args[1]); return src && imageOf(src, seen); }
		return st.args.length ? st.args[0] : `${arg(prog, 'registry')}/${project}-${w.name}:${arg(prog, 'tag')}`;
	};
	for (const wl of workloads) {
		const p = [];
		const owner = wl.kind === 'CronJob' ? jobs.find((j) => j.name === wl.metadata.name && first(j.b, 'schedule'))
			: wl.kind === 'Job' ? stores.find((s) => wl.metadata.name.startsWith(`${s.name}-bucket-`)) ||
				jobs.find((j) => new RegExp(`^${j.name}-[0-9a-f]{8}$`).test(wl.metadata.name) && !first(j.b, 'schedule'))
			: [...apps, ...stores].find((w) => w.name === wl.metadata.name && (wl.kind === 'Deployment') !== w.store);
		if (!owner) { check(`${name}: ${wl.kind} ${wl.metadata.name} belongs to a declared app, store or job`, ['no such app, store or job']); continue; }
		const runSpec = wl.kind === 'CronJob' ? wl.spec.jobTemplate.spec : wl.spec;
		const pod = runSpec.template.spec;
		if (owner.job) {
			// README "Jobs": Forbid, the history limits and start deadline of the defaults, retries and deadline as
			// declared or defaulted, restartPolicy Never, a TTL on run-once Jobs only; the image as declared or shared.
			const want = { backoffLimit: Number(setting(owner, 'retries') !== undefined ? setting(owner, 'retries') : defaults['job-retries']),
				activeDeadlineSeconds: seconds(arg(owner.b, 'deadline') || defaults['job-deadline']) };
			if (wl.kind === 'CronJob') {
				const sp = wl.spec;
				if (sp.schedule !== arg(owner.b, 'schedule')) p.push(`schedule ${sp.schedule}, declared ${arg(owner.b, 'schedule')}`);
				if (sp.timeZone !== arg(owner.b, 'timezone')) p.push(`timeZone ${sp.timeZone}, declared ${arg(owner.b, 'timezone')}`);
				if (sp.concurrencyPolicy !== 'Forbid') p.push(`concurrencyPolicy ${sp.concurrencyPolicy}`);
				if (sp.successfulJobsHistoryLimit !== Number(defaults['job-successful-history'])) p.push(`successfulJobsHistoryLimit ${sp.successfulJobsHistoryLimit}`);
				if (sp.failedJobsHistoryLimit !== Number(defaults['job-failed-history'])) p.push(`failedJobsHistoryLimit ${sp.failedJobsHistoryLimit}`);
				if (sp.startingDeadlineSeconds !== seconds(defaults['job-start-deadline'])) p.push(`startingDeadlineSeconds ${sp.startingDeadlineSeconds}`);
				if (runSpec.ttlSecondsAfterFinished !== undefined) p.push('a CronJob\'s Jobs carry a TTL');
			} else if (runSpec.ttlSecondsAfterFinished !== seconds(defaults['job-ttl'])) p.push(`ttlSecondsAfterFinished ${runSpec.ttlSecondsAfterFinished}`);
			for (const [k, v] of Object.entries(want)) if (runSpec[k] !== v) p.push(`${k} is ${runSpec[k]}, declared ${v}`);
			if (pod.restartPolicy !== 'Never') p.push(`restartPolicy ${pod.restartPolicy}`);
			const c = pod.containers[0] || {};
			if (pod.containers.length !== 1 || c.name !== owner.name) p.push(`containers ${pod.containers.map((x) => x.name)}, expected [${owner.name}]`);
			if (c.image !== imageOf(owner)) p.push(`image ${c.image}, declared ${imageOf(owner)}`);
			const cmd = first(owner.b, 'command');
			if (cmd && cmd.args.length > 1 && !isDeepStrictEqual(c.command, cmd.args.map((x) => x.replaceAll('$', '$$$$'))))
				p.push(`command ${JSON.stringify(c.command)}, declared the list ${JSON.stringify(cmd.args)}`);
			if (!cmd && c.command !== undefined) p.push('a command without one declared');
		}
		const psc = pod.securityContext || {};
		const uid = uidOf(owner);
		if (psc.runAsNonRoot !== true) p.push(`pod runAsNonRoot is ${psc.runAsNonRoot}`);
		if (!Number.isInteger(psc.runAsUser) || psc.runAsUser === 0 || psc.runAsUser !== uid) p.push(`pod runAsUser is ${psc.runAsUser}, declared ${uid}`);
		if (!psc.seccompProfile || psc.seccompProfile.type !== 'RuntimeDefault') p.push(`pod seccompProfile is ${JSON.stringify(psc.seccompProfile)}`);
		if (pod.hostNetwork || pod.hostPID || pod.hostIPC) p.push('pod shares a host namespace');
		const readOnly = owner.store ? true : setting(owner, 'read-only-root') === 'yes';
		const containers = [...(pod.initContainers || []), ...pod.containers];
		for (const c of containers) {
			const sc = c.securityContext || {};
			if (sc.allowPrivilegeEscalation !== false) p.push(`${c.name}: allowPrivilegeEscalation is ${sc.allowPrivilegeEscalation}`);
			if (!sc.capabilities || !isDeepStrictEqual(sc.capabilities.drop, ['ALL']) || sc.capabilities.add) p.push(`${c.name}: capabilities ${JSON.stringify(sc.capabilities)}`);
			if (sc.privileged) p.push(`${c.name}: privileged`);
			if (sc.readOnlyRootFilesystem !== readOnly) p.push(`${c.name}: readOnlyRootFilesystem is ${sc.readOnlyRootFilesystem}, declared ${readOnly}`);
			if (sc.runAsNonRoot === false) p.push(`${c.name}: runAsNonRoot false`);
			if (sc.runAsUser !== undefined && (sc.runAsUser === 0 || sc.runAsUser !== uid)) p.push(`${c.name}: runAsUser ${sc.runAsUser}, declared ${uid}`);
			if (sc.seccompProfile && sc.seccompProfile.type !== 'RuntimeDefault') p.push(`${c.name}: seccompProfile ${JSON.stringify(sc.seccompProfile)}`);
		}
		if (wl.kind !== 'Job' || owner.job) {
			// Resources: what the app, store or job declares, else the defaults; never a CPU limit unless declared.
			const res = (pod.containers[0] || {}).resources || {};
			const want = {
				requests: { cpu: setting(owner, 'cpu'), memory: setting(owner, 'memory'), 'ephemeral-storage': setting(owner, 'ephemeral-storage') },
				limits: { memory: setting(owner, 'memory-limit'), 'ephemeral-storage': setting(owner, 'ephemeral-storage-limit') },
			};
			const cpuLimit = setting(owner, 'cpu-limit');
			if (cpuLimit !== undefined) want.limits.cpu = cpuLimit;
			for (const c of wl.kind === 'Deployment' ? containers : pod.containers)
				if (!isDeepStrictEqual(c.resources, want)) p.push(`${c.name}: resources ${JSON.stringify(c.resources)}, declared ${JSON.stringify(want)}`);
			if (res === undefined) p.push('no resources');
		}
		if (wl.kind === 'Deployment') {
			const main = pod.containers.find((c) => c.name === owner.name);
			// No port: a worker, with no container port, no Service and no readiness probe (issue 10).
			const port = arg(owner.b, 'port') === undefined ? undefined : Number(arg(owner.b, 'port'));
			const healthArgs = (first(owner.b, 'health') || { args: [] }).args;
			const form = healthArgs[0] === 'tcp' || healthArgs[0] === 'exec' || healthArgs[0] === 'none' ? healthArgs[0] : 'http';
			const health = healthArgs[form === 'exec' ? 1 : 0];
			if (pod.containers.length !== 1 || !main) p.push(`containers ${pod.containers.map((c) => c.name)}, expected [${owner.name}]`);
			else {
				const ports = main.ports || [];
				if (port !== undefined && !ports.some((x) => x.name === 'http' && x.containerPort === port)) p.push(`no port http = ${port}: ${JSON.stringify(ports)}`);
				if (port === undefined && ports.length) p.push(`a worker (no port) has container ports ${JSON.stringify(ports)}`);
				// Readiness drains quickly, liveness restarts late, startup holds both back (README: Probes); each timing
				// is the app's own, else the defaults'.
				const timeout = seconds(setting(owner, 'probe-timeout'));
				const probes = {
					readinessProbe: { periodSeconds: seconds(setting(owner, 'probe-period')), timeoutSeconds: timeout, failureThreshold: Number(setting(owner, 'probe-failures')) },
					livenessProbe: { periodSeconds: seconds(setting(owner, 'liveness-period')), timeoutSeconds: timeout, failureThreshold: Number(setting(owner, 'liveness-failures')) },
					startupProbe: { initialDelaySeconds: seconds(setting(owner, 'probe-delay')), periodSeconds: seconds(setting(owner, 'probe-period')), timeoutSeconds: timeout, failureThreshold: Number(setting(owner, 'startup-failures')) },
				};
				const unescape = (x) => x.replace(/\$\$/g, '$');
				const commandOf = (c) => (c[0] === '/bin/sh' && c[1] === '-c' && c.length === 3 ? unescape(c[2]) : c.map(unescape).join(' '));
				for (const [probe, timing] of Object.entries(probes)) {
					const pr = main[probe];
					const wanted = form !== 'none' && (probe !== 'readinessProbe' || port !== undefined);
					if (!wanted) { if (pr) p.push(`${probe} ${JSON.stringify(pr)}, but the app has ${form === 'none' ? 'health none' : 'no port'}`); continue; }
					// The port is `http` or its number (liveness names it by number, see README: kube-score).
					const onPort = (a) => a && (a.port === 'http' || a.port === port);
					let ok;
					if (form === 'http') ok = pr && onPort(pr.httpGet) && pr.httpGet.path === health;
					else if (form === 'tcp') ok = pr && onPort(pr.tcpSocket);
					else {
						// argv form: the words of the command; shell form: the command itself, after the kubelet's $$ -> $
						const got = pr && pr.exec ? commandOf(pr.exec.command) : undefined;
						ok = got === health || got === health.trim().split(/[ \t]+/).join(' ');
					}
					if (!ok) p.push(`${probe} ${JSON.stringify(pr)}, declared health ${healthArgs.join(' ')} on port ${port}`);
					else for (const [k, v] of Object.entries(timing)) if (pr[k] !== v) p.push(`${probe}.${k} is ${pr[k]}, declared ${v}`);
				}
				const live = probes.livenessProbe, ready = probes.readinessProbe;
				if (port !== undefined && form !== 'none' && live.periodSeconds * live.failureThreshold <= ready.periodSeconds * ready.failureThreshold)
					p.push('liveness gives up no later than readiness');
				// scratch PATH: one emptyDir each, sized by the app's scratch-size or the default, mounted at PATH.
				const scratch = all(owner.b, 'scratch').flatMap((st) => st.args);
				const mounts = main.volumeMounts || [];
				for (const path of scratch) {
					const m = mounts.find((x) => x.mountPath === path);
					const vol = m && (pod.volumes || []).find((v) => v.name === m.name);
					if (!vol || !vol.emptyDir || vol.emptyDir.sizeLimit !== setting(owner, 'scratch-size')) p.push(`scratch ${path}: volume ${JSON.stringify(vol)}, declared an emptyDir of ${setting(owner, 'scratch-size')}`);
				}
				if (mounts.length !== 1 + scratch.length + (arg(owner.b, 'spa') ? 1 : 0)) p.push(`volume mounts ${JSON.stringify(mounts)}, declared /tmp and scratch ${scratch}`);
			}
			// Pod count: `autoscale MIN..MAX cpu N%` (an HPA, no spec.replicas), `singleton` (1, Recreate) or replicas.
			const autoscale = first(owner.b, 'autoscale');
			const singleton = arg(owner.b, 'singleton') !== undefined;
			const hpa = named('HorizontalPodAutoscaler', owner.name);
			let most;
			if (autoscale) {
				const [min, max] = autoscale.args[0].split('..').map(Number);
				most = max;
				const want = { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: owner.name }, minReplicas: min, maxReplicas: max,
					metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: parseInt(autoscale.args[2], 10) } } }] };
				if (wl.spec.replicas !== undefined) p.push(`spec.replicas ${wl.spec.replicas} beside the autoscaler`);
				if (!hpa || hpa.apiVersion !== 'autoscaling/v2' || !isDeepStrictEqual(hpa.spec, want)) p.push(`autoscaler ${JSON.stringify(hpa && hpa.spec)}, declared ${JSON.stringify(want)}`);
			} else {
				most = singleton ? 1 : Number(setting(owner, 'replicas'));
				if (wl.spec.replicas !== most) p.push(`replicas ${wl.spec.replicas}, declared ${most}`);
				if (hpa) p.push('an autoscaler the app does not declare');
			}
			if ((wl.spec.strategy || {}).type !== (singleton ? 'Recreate' : undefined)) p.push(`strategy ${JSON.stringify(wl.spec.strategy)}, singleton: ${singleton}`);
			// Several pods: drained one at a time and spread over nodes; one pod: neither.
			const pdb = named('PodDisruptionBudget', owner.name);
			const spread = (pod.topologySpreadConstraints || []).filter((c) => c.topologyKey === 'kubernetes.io/hostname');
			if ((most > 1) !== Boolean(pdb) || (pdb && pdb.spec.maxUnavailable !== 1)) p.push(`up to ${most} pods, PodDisruptionBudget ${JSON.stringify(pdb && pdb.spec)}`);
			if ((most > 1) !== (spread.length === 1) || (spread.length && spread[0].whenUnsatisfiable !== 'ScheduleAnyway')) p.push(`up to ${most} pods, spread ${JSON.stringify(pod.topologySpreadConstraints)}`);
			const migrate = arg(owner.b, 'migrate');
			const init = (pod.initContainers || []).find((c) => c.name === 'migrate');
			if (Boolean(migrate) !== Boolean(init)) p.push(`migrate declared: ${Boolean(migrate)}, init container: ${Boolean(init)}`);
			if (init && main && init.image !== main.image) p.push(`migrate image ${init.image} is not the app's ${main.image}`);
			// The app's Service reaches the named port; a worker has none.
			const svc = named('Service', owner.name);
			if (port === undefined && svc) p.push(`the worker ${owner.name} (no port) has a Service`);
			if (port !== undefined && (!svc || !svc.spec.ports.some((x) => x.port === port && x.targetPort === 'http'))) p.push(`Service ${owner.name} does not map ${port} to http`);
		}
		if (wl.kind === 'StatefulSet') {
			const claim = (wl.spec.volumeClaimTemplates || [])[0];
			const size = arg(owner.b, 'size');
			if (!claim || claim.spec.resources.requests.storage !== size) p.push(`volume size ${claim && claim.spec.resources.requests.storage}, declared ${size}`);
			if (owner.engine !== 'minio') checkEngineStore(owner, wl, p);
		}
		check(`${name}: ${wl.kind} ${wl.metadata.name} is as declared and restricted`, p);
	}
}

const programs = ['reactbin.rbd', ...readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.rbd')).sort().map((f) => `examples/${f}`)];
if (programs.length < 2) check('programs', ['no example found']);
for (const p of programs) checkProgram(p);
console.log(`meaning: ${programs.length} programs; ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
