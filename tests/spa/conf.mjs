// tests/spa/conf.mjs: reads the manifests rbdc wrote and hands tests/spa/run.sh the nginx server block of a `spa` app.
//   node conf.mjs extract DIR APP               print data["default.conf"] of ConfigMap APP-nginx
//   node conf.mjs mount DIR APP                 check that Deployment APP mounts that ConfigMap at /etc/nginx/conf.d/default.conf
//   node conf.mjs port DIR APP                  print the containerPort(s) of Deployment APP's container, one a line
//   node conf.mjs rewrite CONF PORT ROOT        print CONF with every `listen` on 127.0.0.1:PORT and `root` set to ROOT; nothing else changes
//   node conf.mjs ingress DIR HOST PORT SVC=PORT...  print an nginx server on 127.0.0.1:PORT laid out as ingress-nginx lays out the
//                                               Ingresses of HOST (below), proxying each Service to its loopback port
//   node conf.mjs route DIR HOST PATH...        print the Service each request PATH reaches by the Ingress path rules (the spec's model)
// Exit status 1 (with the reason on stderr) when something is missing.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hostPaths, match } from '../spec/ingress-match.mjs';

const require = createRequire(new URL('../node/package.json', import.meta.url));
let YAML;
try {
	YAML = require('yaml');
} catch {
	die('the yaml package is missing: run `npm ci --prefix tests/node --no-audit --no-fund`');
}

function die(msg) {
	process.stderr.write(`spa: ${msg}\n`);
	process.exit(1);
}

function objects(dir) {
	const out = [];
	for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
		for (const doc of YAML.parseAllDocuments(readFileSync(join(dir, f), 'utf8'), { version: '1.1' })) {
			if (doc.errors.length) die(`${f}: ${doc.errors[0].message}`);
			const o = doc.toJS();
			if (o && typeof o === 'object') out.push(o);
		}
	}
	return out;
}

function find(objs, kind, name) {
	const hits = objs.filter((o) => o.kind === kind && o.metadata?.name === name);
	if (hits.length !== 1) die(`expected one ${kind} named ${name}, found ${hits.length}`);
	return hits[0];
}

function appContainer(dep, app) {
	const cs = dep.spec?.template?.spec?.containers ?? [];
	return cs.find((c) => c.name === app) ?? (cs.length === 1 ? cs[0] : die(`Deployment ${app}: no container named ${app}`));
}

const [mode, a, b, c] = process.argv.slice(2);
switch (mode) {
case 'extract': {
	const cm = find(objects(a), 'ConfigMap', `${b}-nginx`);
	const conf = cm.data?.['default.conf'];
	if (typeof conf !== 'string' || !conf.trim()) die(`ConfigMap ${b}-nginx has no data key default.conf`);
	process.stdout.write(conf);
	break;
}
case 'mount': {
	const objs = objects(a);
	const dep = find(objs, 'Deployment', b);
	const pod = dep.spec?.template?.spec ?? {};
	const vols = (pod.volumes ?? []).filter((v) => v.configMap?.name === `${b}-nginx`);
	if (vols.length !== 1) die(`Deployment ${b}: expected one volume from ConfigMap ${b}-nginx, found ${vols.length}`);
	const vol = vols[0];
	const items = vol.configMap.items;
	const c0 = appContainer(dep, b);
	const mounts = (c0.volumeMounts ?? []).filter((m) => m.name === vol.name);
	// Either the key mounted as a file (subPath) or the whole ConfigMap mounted on conf.d.
	const ok = mounts.some((m) =>
		(m.mountPath === '/etc/nginx/conf.d/default.conf' && m.subPath === (items?.find((i) => i.key === 'default.conf')?.path ?? 'default.conf')) ||
		(m.mountPath.replace(/\/$/, '') === '/etc/nginx/conf.d' && !m.subPath &&
			(!items || items.some((i) => i.key === 'default.conf' && i.path === 'default.conf'))));
	if (!ok) die(`Deployment ${b}: container ${c0.name} does not mount ${b}-nginx's default.conf at /etc/nginx/conf.d/default.conf (mounts: ${JSON.stringify(mounts)})`);
	process.stdout.write(`volume ${vol.name} -> ${mounts.map((m) => m.mountPath).join(', ')}\n`);
	break;
}
case 'port': {
	const dep = find(objects(a), 'Deployment', b);
	for (const p of appContainer(dep, b).ports ?? []) process.stdout.write(`${p.containerPort}\n`);
	break;
}
case 'rewrite': {
	let conf = readFileSync(a, 'utf8');
	let listens = 0, roots = 0;
	// Only the directives themselves; a `listen` in a comment is left alone. Extra listens (e.g. [::]:8080) are
	// commented out so the loopback address is not bound twice.
	conf = conf.replace(/^([ \t]*)listen[ \t]+[^;]*;/gm, (_m, ind) =>
		(++listens === 1 ? `${ind}listen 127.0.0.1:${b};` : `${ind}# (spa test: extra listen dropped)`));
	conf = conf.replace(/^([ \t]*)root[ \t]+[^;]*;/gm, (_m, ind) => { roots++; return `${ind}root ${c};`; });
	if (listens === 0) die('the server block has no listen directive');
	if (roots === 0) die('the server block has no root directive');
	process.stdout.write(conf);
	break;
}
case 'ingress': {
	// ingress-nginx merges the Ingresses of a host into one server (internal/ingress/controller/location.go,
	// updateServerLocations): Exact P is `location = P`; Prefix / is `location /`; any other Prefix P is `location P/`
	// plus `location = P`, unless an Exact P exists. The annotations of each Ingress hold for its own locations:
	// proxy-body-size is client_max_body_size (default 1m). nginx itself then picks exact, then longest prefix.
	const [host, port, ...svcs] = [b, c, ...process.argv.slice(6)];
	const ports = Object.fromEntries(svcs.map((x) => x.split('=')));
	const paths = hostPaths(objects(a).filter((o) => o.kind === 'Ingress'), host);
	if (!paths.length) die(`no Ingress path for host ${host}`);
	const exact = new Set(paths.filter((p) => p.pathType === 'Exact').map((p) => p.path));
	const out = [`server {`, `    listen 127.0.0.1:${port};`, `    server_name _;`];
	const location = (spec, p) => {
		if (!ports[p.service]) die(`no port given for Service ${p.service}`);
		const size = p.annotations['nginx.ingress.kubernetes.io/proxy-body-size'] ?? '1m';
		if (!/^[0-9]+[bkmg]?$/i.test(size)) die(`proxy-body-size ${size} is not what ingress-nginx accepts`);
		out.push(`    location ${spec} {`, `        client_max_body_size ${size};`, `        add_header X-Routed-To ${p.service} always;`,
			`        proxy_pass http://127.0.0.1:${ports[p.service]};`, `    }`);
	};
	for (const p of paths) {
		if (p.pathType === 'Exact') location(`= ${p.path}`, p);
		else if (p.pathType !== 'Prefix') die(`pathType ${p.pathType} of ${p.path} is not modelled`);
		else if (p.path === '/') location('/', p);
		else {
			location(p.path.endsWith('/') ? p.path : `${p.path}/`, p);
			if (!exact.has(p.path)) location(`= ${p.path}`, p);
		}
	}
	out.push('}');
	process.stdout.write(`${out.join('\n')}\n`);
	break;
}
case 'route': {
	const paths = hostPaths(objects(a).filter((o) => o.kind === 'Ingress'), b);
	for (const req of process.argv.slice(5)) process.stdout.write(`${req} ${match(paths, req)?.service ?? '-'}\n`);
	break;
}
default:
	die(`usage: conf.mjs extract|mount|port|rewrite|ingress|route ... (got ${mode})`);
}
