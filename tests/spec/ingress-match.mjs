// tests/spec/ingress-match.mjs: a small model of which backend an Ingress path sends a request to, for the spec checks.
//
// The rules are Kubernetes' own (networking/v1 HTTPIngressPath, and the "Examples" table of the Ingress concept page):
//   - Exact matches the URL path exactly and case-sensitively: Exact /foo does not match /foo/;
//   - Prefix matches element by element on '/', and a trailing '/' on either side is ignored: Prefix /foo matches
//     /foo, /foo/ and /foo/bar, never /foobar; Prefix / matches everything;
//   - when several paths match, the longest wins, and at equal length Exact beats Prefix;
//   - ImplementationSpecific is up to the controller: the model does not guess, so such a path matches nothing.
// ingress-nginx merges every Ingress of one host into one nginx server, so the model takes the paths of all the
// Ingress objects for the host together (hostPaths), and two of them with the same path and type are a conflict.

const elements = (p) => p.split('/').filter((e) => e !== '');

// Every path of every Ingress for @host: {path, pathType, service, port, ingress, annotations}.
export function hostPaths(ingresses, host) {
	const out = [];
	for (const ing of ingresses) {
		for (const rule of ing.spec?.rules ?? []) {
			if (rule.host !== host) continue;
			for (const p of rule.http?.paths ?? []) {
				out.push({
					path: p.path, pathType: p.pathType, service: p.backend?.service?.name, port: p.backend?.service?.port,
					ingress: ing.metadata?.name, annotations: ing.metadata?.annotations ?? {},
				});
			}
		}
	}
	return out;
}

// Pairs of paths that claim the same path with the same type (ingress-nginx would keep only one of them).
export function conflicts(paths) {
	const seen = new Map(), out = [];
	for (const p of paths) {
		const key = `${p.pathType} ${p.pathType === 'Prefix' && p.path !== '/' ? p.path.replace(/\/+$/, '') : p.path}`;
		if (seen.has(key)) out.push([seen.get(key), p]);
		else seen.set(key, p);
	}
	return out;
}

function matches(p, request) {
	if (typeof p.path !== 'string') return false;
	if (p.pathType === 'Exact') return p.path === request;
	if (p.pathType !== 'Prefix') return false;
	const want = elements(p.path), have = elements(request);
	return want.length <= have.length && want.every((e, i) => e === have[i]);
}

// The path entry that @request (a URL path, no query) reaches, or null.
export function match(paths, request) {
	let best = null, bestLen = -1;
	for (const p of paths) {
		if (!matches(p, request)) continue;
		const len = p.pathType === 'Prefix' ? p.path.replace(/\/+$/, '').length : p.path.length;
		if (len > bestLen || (len === bestLen && p.pathType === 'Exact' && best.pathType !== 'Exact')) {
			best = p;
			bestLen = len;
		}
	}
	return best;
}

// The model checked against the cases Kubernetes documents; returns the cases it gets wrong.
export function selfTest() {
	const P = (path, service = path) => ({ path, pathType: 'Prefix', service });
	const E = (path, service = `=${path}`) => ({ path, pathType: 'Exact', service });
	const cases = [
		[[P('/')], '/anything/at/all', '/'],
		[[E('/foo')], '/foo', '=/foo'],
		[[E('/foo')], '/bar', null],
		[[E('/foo')], '/foo/', null],
		[[E('/foo/')], '/foo', null],
		[[E('/foo')], '/FOO', null],
		[[P('/foo')], '/foo', '/foo'],
		[[P('/foo')], '/foo/', '/foo'],
		[[P('/foo/')], '/foo', '/foo/'],
		[[P('/foo/')], '/foo/', '/foo/'],
		[[P('/aaa/bb')], '/aaa/bbb', null],
		[[P('/aaa/bbb')], '/aaa/bbb', '/aaa/bbb'],
		[[P('/aaa/bbb/')], '/aaa/bbb', '/aaa/bbb/'],
		[[P('/aaa/bbb')], '/aaa/bbb/', '/aaa/bbb'],
		[[P('/aaa/bbb')], '/aaa/bbb/ccc', '/aaa/bbb'],
		[[P('/aaa/bbb')], '/aaa/bbbxyz', null],
		[[P('/'), P('/aaa')], '/aaa/ccc', '/aaa'],
		[[P('/'), P('/aaa'), P('/aaa/bbb')], '/aaa/bbb', '/aaa/bbb'],
		[[P('/'), P('/aaa'), P('/aaa/bbb')], '/ccc', '/'],
		[[P('/aaa')], '/ccc', null],
		[[P('/foo'), E('/foo')], '/foo', '=/foo'],
		[[E('/foo'), P('/foo')], '/foo/', '/foo'],
		[[P('/', 'ui'), E('/docs', 'api')], '/docs', 'api'],
		[[P('/', 'ui'), E('/docs', 'api')], '/docs/', 'ui'],
		[[P('/', 'ui'), E('/docs', 'api')], '/docs/x', 'ui'],
		[[P('/api', 'api'), P('/', 'ui')], '/apix', 'ui'],
		[[{ path: '/x', pathType: 'ImplementationSpecific', service: 'x' }], '/x', null],
	];
	const wrong = [];
	for (const [paths, request, want] of cases) {
		const got = match(paths, request)?.service ?? null;
		if (got !== want) wrong.push(`${JSON.stringify(paths.map((p) => `${p.pathType} ${p.path}`))} ${request}: got ${got}, want ${want}`);
	}
	const dup = conflicts([P('/api'), P('/api/'), E('/api'), E('/docs'), E('/docs/')]);
	if (dup.length !== 1 || dup[0][1].path !== '/api/') wrong.push(`conflicts: Prefix /api and /api/ are one path, Exact /api another; got ${JSON.stringify(dup)}`);
	return wrong;
}
