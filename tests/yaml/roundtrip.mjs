// tests/yaml/roundtrip.mjs RBDC WORKDIR: "YAML means what the source says" (issue 4).
//
// Every user string that reaches the YAML (env values, migrate commands, explicit image references, the derived
// image tag, bucket names, the Vault address) is set to a tricky string: YAML indicators, quotes, escapes, YAML 1.1
// booleans, nulls, numbers, base-60 and timestamps, Unicode, line breaks, plus several hundred seeded random
// strings from a hostile alphabet. Each program is compiled with `RBDC FILE -o -` (and `-o DIR`) and the stream is
// decoded with the `yaml` package in YAML 1.1 mode (kubectl reads with go-yaml v2, a YAML 1.1 parser), one document
// at a time. For each string either
//   - rbdc accepts it, and the decoded value equals the source string exactly, and the output has the same number
//     of documents, the same keys in every mapping and the same sequence lengths as the same program with plain
//     values (no input adds a document, a key or an object); or
//   - rbdc refuses it with a clear error: exit 1, an error with an E0xx code on the string's own line, and nothing
//     on standard output.
// A text check completes the decoder: the raw output holds no NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR character,
// which YAML 1.1 readers (libyaml, go-yaml v2) take for line breaks even inside a comment; the `yaml` package does
// not, so it alone would not see a comment that ends early.
// Which strings are refused, and with which code, is fixed: tests/yaml/expected-refusals.txt lists them (CODE, a tab,
// the case's label), with the expected totals. A new or a missing refusal fails with a diff of that list, and every
// case must end up either accepted and checked, or refused (none may silently drop out). YAML_BLESS=1 rewrites the
// list after an intended change: review its diff.
// Last line: `yaml: N passed, M failed`. YAML_SEED=N changes the random strings (default 20240613); with another seed
// only the refusals of the fixed (not random) strings are compared with the list.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const require = createRequire(new URL('../node/package.json', import.meta.url));
const YAML = require('yaml');

const [rbdc, work] = process.argv.slice(2);
if (!rbdc || !work) {
	console.error('usage: node tests/yaml/roundtrip.mjs RBDC WORKDIR');
	process.exit(2);
}
mkdirSync(work, { recursive: true });

let passed = 0, failed = 0;
const refusals = [];
// How each case ended: 'accepted' (decoded and checked), 'refused' (a clear E0xx error) or 'failed'.
const settled = new Map();
const settle = (c, how) => { if (!settled.has(c)) settled.set(c, how); };
const ok = () => { passed++; };
const fail = (what, detail) => {
	failed++;
	console.log(`FAIL - ${what}`);
	if (detail) for (const l of String(detail).split('\n')) console.log(`       ${l}`);
};
// JSON with invisible and line-breaking characters escaped, so a report line stays one readable line.
const show = (s) => JSON.stringify(s).replace(/[\u007f-\u00a0\u00ad\u2000-\u200f\u2028-\u202f\u2060-\u206f\ufeff\ue000-\uf8ff]/g,
	(ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));

// ---------------------------------------------------------------------------------------------------------------
// The strings.

const yaml11Specials = [
	'on', 'off', 'On', 'Off', 'ON', 'OFF', 'yes', 'no', 'Yes', 'No', 'YES', 'NO', 'y', 'n', 'Y', 'N',
	'true', 'false', 'True', 'False', 'TRUE', 'FALSE', 'null', 'Null', 'NULL', '~', '', 'yEs', 'nULL',
	'010', '0x1F', '0X1f', '0o17', '0b101', '-0b1', '1e3', '1E3', '1e-3', '1_000', '1,000', '0', '-0', '00', '+0',
	'12:30', '1:20', '190:20:30', '-12:30', '12:30:00.5', '.inf', '-.inf', '+.inf', '.Inf', '.INF', '.nan', '.NaN',
	'.NAN', '-.5', '+.5', '.5', '5.', '1.0', '1.2.3', '+1', '-1', '+12_3', '1__0', '0.', '6.8523015e+5', '685.230_15e+03',
	'2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-12-14T00:00:00Z', '2001-1-1',
	'<<', '=', '!!str', '!!int 3', '!!binary aGk=', '!!null', '!!bool yes', '!foo bar', '!<tag:yaml.org,2002:str> x',
];
const indicators = [
	'"', "'", '""', "''", '"quoted"', "'single'", "it's", 'say "hi"', '\\', '\\\\', 'a\\b', 'a\\', '\\n', '\\x41',
	'\\u00e9', 'C:\\path\\to', '---', '...', '--- a', '... a', 'a ---', '----', '.. .', '- item', '-', '--', '- - x',
	'-x', '? x', '?', '?x', ': ', ':', 'a:', 'a: b', 'a:b', ':a', 'a: b: c', 'key: value', ' #', '#', '# c', 'a #b',
	'a# b', 'x #y', '{a: b}', '{', '}', '{}', '[1]', '[', ']', '[]', '[a, b]: c', ',', 'a,b', '&anchor', '&a x',
	'*alias', '*', '&', '!tag', '!', '!!', '%', '%YAML 1.1', '%TAG ! x', '@', '@x', '`', '`x`', '|', '|-', '|+',
	'>', '>-', '|x', '>x', 'a|b', 'a>b', '<tag>', '${VAR}', '$(cmd)', '$HOME', 'a;b', 'a && b', 'a || b',
	'http://x:9000/#frag', 'https://h/p?x=1&y=2', 'mailto:a@b.c', '%2F', '%%', 'a%b', '100%',
];
const spaces = [
	' ', '  ', ' lead', 'trail ', ' both ', 'a  b', '\ttab', 'tab\t', 'a\tb', '\t', ' \t ', 'a \t#b', '\t- x',
	'\u00a0', 'nbsp\u00a0', '\u00a0lead', '\u2003em space', '\u200b', 'zero\u200bwidth', '\u3000ideographic',
];
const unicode = [
	'é', 'café', 'naïve résumé', '日本', '日本語のテキスト', '😀', 'emoji 🚀 ok', '👩‍💻', 'ß', 'Ω≈ç√∫', 'עברית', 'مرحبا',
	'𝕏', '\ufeff', 'bom\ufeffinside', '\ufffd', '\u2028', 'a\u2028b', '\u2029', 'a\u2029b', '\u0085', 'a\u0085b',
	'\u00ad', 'e\u0301', '\u202eRTL', 'x\ue000y',
];
const breaks = [
	'\n', 'a\nb', 'a\n', '\na', 'a\n\n', '\n\n', 'a\n---\nb', 'a\n...\nb', 'key: value\nkind: Secret', '- a\n- b',
	'  indented\nnot', 'a\r\nb', '\r', 'a\rb', 'line1\nline2\n', '# x\ny', 'a\n #b', 'x\n\ty', '\x01', 'a\x1bb', '\x7f',
	'a\x08b', '\x0b', '\x0c', 'a\x1fb',
];
const fixedStrings = [...new Set([...yaml11Specials, ...indicators, ...spaces, ...unicode, ...breaks])];

// Seeded PRNG (mulberry32), so the random strings are the same on every run.
function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const seed = Number(process.env.YAML_SEED || 20240613);
const rand = mulberry32(seed);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const hostileAtoms = [
	...'"\'\\:#-?{}[],&*!|>%@`~=<.+_/ ', ' ', ' ', ': ', ' #', '- ', '? ', '---', '...', '\t', '\n', '\r',
	'\x1b', '\x7f', 'é', '日', '本', '😀', '\u2028', '\u0085', '\u00a0', '\ufeff', 'yes', 'no', 'on', 'off', 'null',
	'true', '~', '0x', '1e3', '12:30', '.inf', '010', '2001-12-14', '\\n', '\\x41', '${', '$(', '&a', '*a', '!!str',
	'%YAML', ...'abcxyz', ...'ABCXYZ', ...'0123456789',
];
function randomString() {
	const n = 1 + Math.floor(rand() * 12);
	let s = '';
	for (let i = 0; i < n; i++) s += pick(hostileAtoms);
	return s;
}
const randomStrings = [];
for (let i = 0; i < 600; i++) randomStrings.push(randomString());

// How a string is written in rbd: double quotes with C escapes. With `rng`, some characters take the \xHH form
// (non-ASCII ones byte by byte), so the escape path is exercised too.
function rbdQuote(s, rng) {
	let out = '"';
	for (const ch of s) {
		const cp = ch.codePointAt(0);
		const hexOf = (c) => Buffer.from(c, 'utf8').reduce((a, b) => a + '\\x' + b.toString(16).padStart(2, '0'), '');
		if (ch === '"') out += '\\"';
		else if (ch === '\\') out += '\\\\';
		else if (ch === '\n') out += '\\n';
		else if (ch === '\r') out += '\\r';
		else if (ch === '\t') out += rng && rng() < 0.5 ? '\t' : '\\t';
		else if (cp < 0x20 || cp === 0x7f) out += hexOf(ch);
		else if (rng && rng() < 0.15) out += hexOf(ch);
		else out += ch;
	}
	return out + '"';
}

// ---------------------------------------------------------------------------------------------------------------
// Running rbdc.

let fileSeq = 0;
const plainCache = new Map(); // program text with plain values -> its compile
// Bounded like every rbdc run of the suites: a hang is killed after 60 s and its null status fails the case.
function rbdcRun(args, input) {
	const r = spawnSync(rbdc, args, { input, maxBuffer: 1 << 28, timeout: 60000, killSignal: 'SIGKILL' });
	return { status: r.status, signal: r.signal, stdout: r.stdout ? r.stdout.toString('utf8') : '', stdoutBytes: r.stdout,
		stderr: r.stderr ? r.stderr.toString('utf8') : '' };
}

function decodeStream(text, what) {
	const docs = YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: true, prettyErrors: false });
	const list = Array.isArray(docs) ? docs : [docs];
	const values = [];
	for (const [i, d] of list.entries()) {
		if (d.errors.length) throw new Error(`${what}: document ${i + 1} does not decode: ${d.errors[0].message}`);
		values.push(d.toJS({ maxAliasCount: 0 }));
	}
	return values;
}

// YAML 1.1 line breaks besides LF and CR: a reader that honours them would end a comment or plain scalar there.
function rawBreakProblem(text) {
	const m = /[\u0085\u2028\u2029]/.exec(text);
	if (!m) return null;
	const lineStart = text.lastIndexOf('\n', m.index) + 1;
	const lineEnd = text.indexOf('\n', m.index);
	return `U+${m[0].codePointAt(0).toString(16).toUpperCase().padStart(4, '0')} raw in the output (YAML 1.1 reads it as a line break), ` +
		`in the line ${show(text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd))}`;
}

// Same shape: equal key sets in every mapping, equal sequence lengths, equal scalar types. `skip` tells which
// paths may differ in length (a migrate command is argv or /bin/sh -c).
function shapeDiff(a, b, path, skip) {
	if (skip(path)) return null;
	const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'seq' : v instanceof Date ? 'timestamp' : typeof v);
	if (kind(a) !== kind(b)) return `${path}: ${kind(a)} here, ${kind(b)} with plain values`;
	if (Array.isArray(a)) {
		if (a.length !== b.length) return `${path}: ${a.length} items here, ${b.length} with plain values`;
		for (let i = 0; i < a.length; i++) {
			const d = shapeDiff(a[i], b[i], `${path}[${i}]`, skip);
			if (d) return d;
		}
		return null;
	}
	if (kind(a) === 'object') {
		const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
		if (!isDeepStrictEqual(ka, kb)) return `${path}: keys ${show(ka)} here, ${show(kb)} with plain values`;
		for (const k of ka) {
			const d = shapeDiff(a[k], b[k], `${path}.${k}`, skip);
			if (d) return d;
		}
	}
	return null;
}
const skipCommand = (p) => /initContainers\[\d+\]\.command$/.test(p);

// ---------------------------------------------------------------------------------------------------------------
// Programs. A case is { field, value, label, rbd? (literal source of the argument, when it is not rbdQuote(value)) }.
// build(cases, plain) returns { text, lines: Map(line -> case) }; `plain` swaps every value for an ordinary one.

const HEADER = '# generated by rbdc from ';
const plainValue = (c, i) => ({
	env: `plain-${i}`, migrate: 'migrate-now', image: `reg.io/plain/img${i}:v1`, bucket: `bucket-${i}`, tag: 'v1',
	address: 'http://vault:8200', vaultpath: `plain/p${i}`, mount: 'kv', role: 'vr', 'auth-mount': 'kubernetes',
	tls: 'letsencrypt', class: 'nginx',
}[c.field]);
// Statements whose argument is a word, not a string: the value is written as it is.
const WORDS = new Set(['bucket', 'mount', 'role', 'auth-mount', 'tls', 'class']);

function argOf(c, plain, i) {
	if (plain) return WORDS.has(c.field) ? plainValue(c, i) : rbdQuote(plainValue(c, i));
	if (c.rbd !== undefined) return c.rbd;
	return WORDS.has(c.field) ? c.value : rbdQuote(c.value);
}

// The main program: env values, migrate commands, image references and buckets, many per program.
function buildMain(cases, plain) {
	const lines = ['# tests/yaml: tricky strings in every place a user string reaches the YAML', 'project p',
		'registry reg.io/base', 'tag "v1"', 'vault { auth va; mount kv }',
		'secret ms from vault "p/minio" { keys MINIO_ROOT_USER, MINIO_ROOT_PASSWORD }'];
	const map = new Map();
	const put = (text, c) => { lines.push(text); if (c) map.set(lines.length, c); };
	const envs = cases.filter((c) => c.field === 'env');
	const migrates = cases.filter((c) => c.field === 'migrate');
	const images = cases.filter((c) => c.field === 'image');
	const buckets = cases.filter((c) => c.field === 'bucket');
	const paths = cases.filter((c) => c.field === 'vaultpath');
	const perApp = 120;
	const nApps = Math.max(1, Math.ceil(envs.length / perApp), migrates.length, images.length);
	for (let a = 0; a < nApps; a++) {
		put(`app a${a} {`);
		const img = images[a];
		if (img) { img.app = `a${a}`; put(`  image ${argOf(img, plain, a)}`, img); } else put('  image');
		put('  port 8080');
		put('  health /healthz');
		const mig = migrates[a];
		if (mig) { mig.app = `a${a}`; put(`  migrate ${argOf(mig, plain, a)}`, mig); }
		envs.slice(a * perApp, (a + 1) * perApp).forEach((c, k) => {
			c.app = `a${a}`;
			c.name = `V_${a}_${k}`;
			put(`  env ${c.name} ${argOf(c, plain, a * perApp + k)}`, c);
		});
		put('}');
	}
	paths.forEach((c, i) => {
		c.secret = `vs${i}`;
		put(`secret vs${i} from vault ${argOf(c, plain, i)} { keys K }`, c);
	});
	if (buckets.length) {
		put('store st {');
		put('  size 1Gi');
		put('  secrets ms');
		buckets.forEach((c, i) => put(`  bucket ${argOf(c, plain, i)}`, c));
		put('}');
	}
	return { text: lines.join('\n') + '\n', lines: map };
}

// One value per program: the derived image tag, the Vault address, the Vault mount, role and auth mount, the
// Ingress's cluster issuer and class. Every other one of these statements keeps its plain value.
function buildSingle(cases, plain) {
	const c = cases[0];
	const lines = ['project p', 'registry reg.io/base', 'domain p.example.com'];
	const map = new Map();
	const put = (field, text) => {
		if (c.field === field) {
			lines.push(text.replace('@', () => argOf(c, plain, 0)));
			map.set(lines.length, c);
		} else lines.push(text.replace('@', () => argOf({ field }, true, 0)));
	};
	put('tag', 'tag @');
	lines.push('vault {', '  auth va');
	put('mount', '  mount @');
	put('role', '  role @');
	put('auth-mount', '  auth-mount @');
	put('address', '  address @');
	lines.push('}', 'secret s1 from vault "p/s" { keys K }', 'app a0 { image; port 8080; health /healthz; secrets s1; route / }',
		'ingress {');
	put('tls', '  tls @');
	put('class', '  class @');
	lines.push('}');
	return { text: lines.join('\n') + '\n', lines: map };
}

const findDoc = (docs, kind, name) => docs.find((d) => d && d.kind === kind && d.metadata && d.metadata.name === name);

// Where each accepted case must show up, decoded.
// What the container receives: the kubelet expands env values, command and args (kubernetes
// third_party/forked/golang/expansion/expand.go): $$ is $, $(NAME) is NAME's value (here a marker, so a reference
// that survives shows up), any other $ stays. rbdc doubles every '$', so the expansion must give the source back.
function kubeletExpand(s) {
	let out = '';
	for (let i = 0; i < s.length; i++) {
		if (s[i] !== '$' || i + 1 >= s.length) { out += s[i]; continue; }
		const next = s[i + 1];
		if (next === '(') {
			const close = s.indexOf(')', i + 2);
			if (close >= 0) { out += `\u0000EXPANDED(${s.slice(i + 2, close)})`; i = close; continue; }
		}
		out += next === '$' ? '$' : '$' + next;
		i++;
	}
	return out;
}

function checkCase(c, docs, kust) {
	const got = [];
	if (c.field === 'env' || c.field === 'migrate' || c.field === 'image') {
		const dep = findDoc(docs, 'Deployment', c.app);
		if (!dep) return `no Deployment ${c.app}`;
		const pod = dep.spec.template.spec;
		const main = pod.containers[0];
		const init = (pod.initContainers || []).find((x) => x.name === 'migrate');
		if (c.field === 'env') {
			for (const ctr of [main, init].filter(Boolean)) {
				const e = (ctr.env || []).filter((x) => x.name === c.name);
				if (e.length !== 1) return `container ${ctr.name}: ${e.length} env entries named ${c.name}`;
				if (!isDeepStrictEqual(Object.keys(e[0]).sort(), ['name', 'value']))
					return `container ${ctr.name}: env ${c.name} has keys ${show(Object.keys(e[0]))}`;
				if (kubeletExpand(e[0].value) !== c.value) got.push(`container ${ctr.name}: env ${c.name} = ${show(e[0].value)}`);
			}
		} else if (c.field === 'migrate') {
			if (!init) return 'no init container migrate';
			const cmd = init.command;
			const words = c.value.split(/[ \t]+/).filter(Boolean);
			const viaShell = Array.isArray(cmd) && cmd.length === 3 && cmd[0] === '/bin/sh' && cmd[1] === '-c' && kubeletExpand(cmd[2]) === c.value;
			if (!viaShell && !(Array.isArray(cmd) && isDeepStrictEqual(cmd.map(kubeletExpand), words)))
				got.push(`command ${show(cmd)} (neither ["/bin/sh","-c",${show(c.value)}] nor ${show(words)})`);
			if (init.image !== main.image) got.push(`init image ${show(init.image)} != app image ${show(main.image)}`);
		} else {
			if (main.image !== c.value) got.push(`image ${show(main.image)}`);
			if (init && init.image !== c.value) got.push(`migrate image ${show(init.image)}`);
			if (kust) {
				// REPO:TAG or REPO:TAG@DIGEST has an images entry { name: REPO, newTag: TAG }; a digest alone has none.
				const noDigest = c.value.split('@')[0];
				const hasTag = noDigest.slice(noDigest.lastIndexOf('/') + 1).includes(':');
				const entries = (kust.images || []).filter((x) => c.value === `${x.name}:${x.newTag}` || c.value.startsWith(`${x.name}:${x.newTag}@`));
				if (hasTag && entries.length !== 1) got.push(`kustomization images: ${entries.length} entries for it: ${show(kust.images)}`);
				for (const x of entries) {
					if (typeof x.name !== 'string' || typeof x.newTag !== 'string')
						got.push(`kustomization images entry ${show(x)} is not two strings`);
				}
			}
		}
	} else if (c.field === 'bucket') {
		const job = docs.find((d) => d && d.kind === 'Job');
		if (!job) return 'no bucket Job';
		const script = job.spec.template.spec.containers[0].command[2];
		if (!kubeletExpand(script).split('\n').includes(`mc mb --ignore-existing store/${c.value}`))
			got.push(`no line ${show(`mc mb --ignore-existing store/${c.value}`)} in the Job script`);
	} else if (c.field === 'tag') {
		const dep = findDoc(docs, 'Deployment', 'a0');
		const want = `reg.io/base/p-a0:${c.value}`;
		if (dep.spec.template.spec.containers[0].image !== want) got.push(`image ${show(dep.spec.template.spec.containers[0].image)}, want ${show(want)}`);
		if (kust) {
			const e = (kust.images || []).find((x) => x.name === 'reg.io/base/p-a0');
			if (!e || e.newTag !== c.value) got.push(`kustomization newTag ${show(e && e.newTag)}`);
		}
	} else if (c.field === 'address') {
		const vc = docs.find((d) => d && d.kind === 'VaultConnection');
		if (!vc) return 'no VaultConnection';
		if (vc.spec.address !== c.value) got.push(`VaultConnection spec.address = ${show(vc.spec.address)}`);
	} else if (c.field === 'vaultpath') {
		const vss = findDoc(docs, 'VaultStaticSecret', c.secret);
		if (!vss) return `no VaultStaticSecret ${c.secret}`;
		if (vss.spec.path !== c.value) got.push(`VaultStaticSecret spec.path = ${show(vss.spec.path)}`);
	} else if (c.field === 'mount' || c.field === 'role' || c.field === 'auth-mount') {
		const va = docs.find((d) => d && d.kind === 'VaultAuth');
		const vss = docs.find((d) => d && d.kind === 'VaultStaticSecret');
		if (!va || !vss) return 'no VaultAuth or VaultStaticSecret';
		const v = c.field === 'mount' ? vss.spec.mount : c.field === 'role' ? va.spec.kubernetes.role : va.spec.mount;
		if (v !== c.value) got.push(`${c.field === 'mount' ? 'VaultStaticSecret spec.mount' : c.field === 'role' ? 'VaultAuth spec.kubernetes.role' : 'VaultAuth spec.mount'} = ${show(v)}`);
	} else if (c.field === 'tls' || c.field === 'class') {
		const ing = docs.find((d) => d && d.kind === 'Ingress');
		if (!ing) return 'no Ingress';
		const v = c.field === 'tls' ? ing.metadata.annotations['cert-manager.io/cluster-issuer'] : ing.spec.ingressClassName;
		if (v !== c.value) got.push(`${c.field === 'tls' ? 'Ingress annotation cert-manager.io/cluster-issuer' : 'Ingress spec.ingressClassName'} = ${show(v)}`);
	}
	return got.length ? got.join('; ') : null;
}

// Compiles one program; drops refused cases (each must be a clear E0xx error on its line), then checks the rest.
function runProgram(title, build, cases) {
	const tag = `${title}`;
	let live = cases.slice();
	const file = join(work, `p${fileSeq++}.rbd`);
	for (let round = 0; ; round++) {
		if (!live.length) return;
		const prog = build(live, false);
		writeFileSync(file, prog.text);
		const chk = rbdcRun(['check', '--diagnostics=json', '--max-errors', '0', file]);
		if (chk.status === 0) break;
		if (chk.status !== 1 || round > 20) {
			for (const c of live) { settle(c, 'failed'); fail(`${c.label}: rbdc check exited ${chk.status}${chk.signal ? ' (' + chk.signal + ')' : ''}`, chk.stderr.slice(0, 2000)); }
			return;
		}
		// A refused program writes nothing.
		const out = rbdcRun([file, '-o', '-']);
		if (out.status !== 1 || out.stdoutBytes.length) {
			fail(`${tag}: a program with errors must exit 1 with nothing on stdout`, `exit ${out.status}, ${out.stdoutBytes.length} bytes on stdout`);
		}
		const diags = chk.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((d) => d.severity === 'error');
		const hit = new Map();
		for (const d of diags) {
			const c = prog.lines.get(d.line);
			if (c && !hit.has(c)) hit.set(c, d);
		}
		if (!hit.size) {
			for (const c of live) { settle(c, 'failed'); fail(`${c.label}: refused, but no error points at a tested string`, chk.stdout.slice(0, 2000)); }
			return;
		}
		for (const [c, d] of hit) {
			if (/^E0\d\d$/.test(d.code)) {
				ok();
				settle(c, 'refused');
				refusals.push({ c, d });
			} else { settle(c, 'failed'); fail(`${c.label}: refused without an E0xx code`, JSON.stringify(d)); }
		}
		live = live.filter((c) => !hit.has(c));
	}
	const prog = build(live, false);
	writeFileSync(file, prog.text);
	const base = build(live, true);
	const baseFile = file.replace(/\.rbd$/, '.plain.rbd');
	writeFileSync(baseFile, base.text);

	const out = rbdcRun([file, '-o', '-']);
	if (out.status !== 0) {
		for (const c of live) { settle(c, 'failed'); fail(`${c.label}: \`rbdc check\` accepts it but \`rbdc FILE -o -\` exits ${out.status}`, out.stderr.slice(0, 1000)); }
		return;
	}
	const ref = plainCache.get(base.text) || rbdcRun([baseFile, '-o', '-']);
	plainCache.set(base.text, ref);
	if (ref.status !== 0) {
		fail(`${tag}: the program with plain values does not compile`, ref.stderr.slice(0, 1000));
		return;
	}
	let docs, refDocs;
	try {
		docs = decodeStream(out.stdout, tag);
		refDocs = decodeStream(ref.stdout, `${tag} (plain values)`);
	} catch (e) {
		for (const c of live) { settle(c, 'failed'); fail(`${c.label}: the stream does not decode as YAML 1.1`, e.message); }
		return;
	}
	const problems = [];
	if (!out.stdout.startsWith(HEADER)) problems.push('the stream does not start with the rbdc header comment');
	const rb = rawBreakProblem(out.stdout);
	if (rb) problems.push(rb);
	if (docs.length !== refDocs.length) problems.push(`${docs.length} documents, ${refDocs.length} with plain values`);
	else {
		for (let i = 0; i < docs.length; i++) {
			const d = shapeDiff(docs[i], refDocs[i], `document ${i + 1} (${refDocs[i] && refDocs[i].kind})`, skipCommand);
			if (d) problems.push(d);
		}
	}
	if (problems.length) {
		fail(`${tag}: the output is not shaped like the output of the same program with plain values`, problems.join('\n'));
	} else ok();

	// The same program into a directory: every file has the header, holds one document equal to the stream's,
	// and the kustomization lists them all. (Only where the kustomization holds a tested string, or many of them.)
	const needDir = live.some((c) => !['address', 'mount', 'role', 'auth-mount', 'tls', 'class'].includes(c.field));
	const dir = file.replace(/\.rbd$/, '.out');
	rmSync(dir, { recursive: true, force: true });
	const dr = needDir ? rbdcRun([file, '-o', dir]) : { status: 0, skip: true };
	let kust = null;
	if (dr.skip) {
		// covered by the stream
	} else if (dr.status !== 0) fail(`${tag}: \`rbdc FILE -o DIR\` exits ${dr.status}`, dr.stderr.slice(0, 1000));
	else {
		const dproblems = [];
		try {
			const raw = readFileSync(join(dir, 'kustomization.yaml'), 'utf8');
			kust = decodeStream(raw, 'kustomization.yaml')[0];
			const files = readdirSync(dir).sort();
			const listed = [...kust.resources, 'kustomization.yaml'].sort();
			if (!isDeepStrictEqual(files, listed)) dproblems.push(`files ${show(files)} but kustomization lists ${show(kust.resources)}`);
			const rbk = rawBreakProblem(raw);
			if (rbk) dproblems.push(`kustomization.yaml: ${rbk}`);
			kust.resources.forEach((name, i) => {
				const text = readFileSync(join(dir, name), 'utf8');
				if (!text.startsWith(HEADER)) dproblems.push(`${name}: no rbdc header`);
				const rbf = rawBreakProblem(text);
				if (rbf) dproblems.push(`${name}: ${rbf}`);
				const fd = decodeStream(text, name);
				if (fd.length !== 1) dproblems.push(`${name}: ${fd.length} documents`);
				else if (!isDeepStrictEqual(fd[0], docs[i])) dproblems.push(`${name}: not the stream's document ${i + 1}`);
			});
		} catch (e) {
			dproblems.push(e.message);
		}
		if (dproblems.length) fail(`${tag}: the output directory`, dproblems.join('\n'));
		else ok();
	}

	for (const c of live) {
		const why = checkCase(c, docs, kust);
		settle(c, why ? 'failed' : 'accepted');
		if (why) fail(`${c.label}: source ${show(c.value)}, YAML 1.1 reads ${why}`);
		else ok();
	}
}

// ---------------------------------------------------------------------------------------------------------------
// The cases.

const digest = 'sha256:' + 'a1b2c3d4'.repeat(8);
const imageRefs = [
	'reg.io/r0:010', 'reg.io/r1:0x1F', 'reg.io/r2:1e3', 'reg.io/r3:1_000', 'reg.io/r4:yes', 'reg.io/r5:no',
	'reg.io/r6:on', 'reg.io/r7:off', 'reg.io/r8:y', 'reg.io/r9:n', 'reg.io/r10:true', 'reg.io/r11:NULL',
	'reg.io/r12:null', 'reg.io/r13:2001-12-14', 'reg.io/r14:1.0', 'reg.io/r15:0o17', 'reg.io/r16:0b101',
	'reg.io/r17:_', 'reg.io/r18:Yes', 'reg.io/r19:1E3', 'reg.io/r20:12_30', 'reg.io/r21:nan', 'reg.io/r22:inf',
	'reg.io/r23:1.0e-3', 'yes', 'null', 'true', 'on', 'y', 'n:y', 'true:false', 'null:null', 'off:on', '010',
	'localhost:5000/r24:1.0', 'localhost:5000/r25', `r26@${digest}`, `reg.io/r27:v1@${digest}`, 'reg.io/a/b/c:TAG_1',
	'reg.io/a__b:010', 'reg.io/a---b:1', 'Reg.io/r28:1',
	// not valid references: a clear E022 is the expected answer
	'reg.io/r29:.inf', 'reg.io/r30:-.5', 'reg.io/r31:+1', 'reg.io/r32:12:30', 'reg.io/R33:1', 'reg.io/r34: a',
	'a b', 'r35:', 'reg.io/r36:~', '- item', '{a: b}', '[1]', '&anchor', '*alias', '!tag', 'reg.io/r37:é',
];
const tags = ['010', '0x1F', '0X1F', '1e3', '1E3', '1_000', '12_30', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N',
	'true', 'false', 'TRUE', 'null', 'Null', 'NULL', '2001-12-14', '1.0', '0o17', '0b101', '_', 'nan', 'inf', '0',
	'~', '12:30', '.inf', '-.5', '+1', 'a b', '', '---', '- x', 'é'];
const buckets = ['010', '1e3', '0x1f', '1-000', 'yes', 'off', 'on.off', 'null', 'true', 'nan', 'inf', 'y.n',
	'2001-12-14', '12.30', '000', '0b101', '0o17'];

const vaultPaths = ['p/yes', 'p/010', 'p/0x1F', 'p/1e3', 'p/12:30', 'p/#x', 'p/a #b', 'p/a: b', 'p/{a}', 'p/[1]', 'p/&a',
	'p/*a', 'p/!t', 'p/%x', 'p/@x', 'p/`x`', 'p/é', 'p/日本', 'p/"q"', "p/'q'", 'p/a\\b', 'yes', 'null', '~', '010', '1e3',
	'12:30', '.inf', '-.5', '2001-12-14', '- x', '? x', '---', 'p/ x', 'p/x ', '/p/x', 'p/x/', 'p/a\tb'];
const words = ['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'false', 'null', 'Null', 'NULL', 'TRUE', 'Yes', '010', '0x1F',
	'1e3', '1_000', '12:30', '.inf', '-.5', '+1', '2001-12-14', '~', 'a:b', 'a/b', 'a.b', 'x-y', 'é']; // not a#b: '#' starts a comment, also inside a word
const cases = [];
fixedStrings.forEach((v) => cases.push({ field: 'env', value: v, label: `env ${show(v)}` }));
randomStrings.forEach((v, i) => cases.push({ field: 'env', value: v, random: true, rbd: rbdQuote(v, rand), label: `env (random #${i}) ${show(v)}` }));
fixedStrings.forEach((v) => cases.push({ field: 'migrate', value: v, label: `migrate ${show(v)}` }));
randomStrings.slice(0, 150).forEach((v, i) => cases.push({ field: 'migrate', value: v, random: true, rbd: rbdQuote(v, rand), label: `migrate (random #${i}) ${show(v)}` }));
imageRefs.forEach((v) => cases.push({ field: 'image', value: v, label: `image ${show(v)}` }));
buckets.forEach((v) => cases.push({ field: 'bucket', value: v, label: `bucket ${v}` }));
vaultPaths.forEach((v) => cases.push({ field: 'vaultpath', value: v, label: `secret path ${show(v)}` }));
// Invalid UTF-8 and NUL cannot be strings of the source at all: they must be refused.
cases.push({ field: 'env', value: '\ufffdinvalid', rbd: '"a\\xffb"', label: 'env "a\\xffb" (invalid UTF-8)' });
cases.push({ field: 'env', value: '\ufffdinvalid', rbd: '"a\\xc3"', label: 'env "a\\xc3" (truncated UTF-8)' });
cases.push({ field: 'env', value: '\ufffdinvalid', rbd: '"\\xed\\xa0\\x80"', label: 'env "\\xed\\xa0\\x80" (UTF-16 surrogate)' });
cases.push({ field: 'env', value: '\ufffdinvalid', rbd: '"a\\x00b"', label: 'env "a\\x00b" (NUL)' });

const singles = [];
for (const field of ['mount', 'role', 'auth-mount', 'tls', 'class'])
	words.forEach((v) => singles.push({ field, value: v, label: `${field} ${v}` }));
tags.forEach((v) => singles.push({ field: 'tag', value: v, label: `tag ${show(v)}` }));
fixedStrings.forEach((v) => singles.push({ field: 'address', value: v, label: `vault address ${show(v)}` }));
randomStrings.slice(0, 60).forEach((v, i) => singles.push({ field: 'address', value: v, random: true, rbd: rbdQuote(v, rand), label: `vault address (random #${i}) ${show(v)}` }));

// The escape path: the same strings again, written with \xHH escapes throughout.
const escapedEnv = fixedStrings.filter((v) => v !== '').map((v) => ({
	field: 'env', value: v, rbd: '"' + [...Buffer.from(v, 'utf8')].map((b) => '\\x' + b.toString(16).padStart(2, '0')).join('') + '"',
	label: `env ${show(v)} written as \\xHH escapes`,
}));

if (!existsSync(rbdc)) {
	fail(`${rbdc} does not exist`);
} else {
	runProgram('main program (env, migrate, image, bucket)', buildMain, cases);
	runProgram('main program, \\xHH escapes', buildMain, escapedEnv);
	for (const c of singles) runProgram(c.label, buildSingle, [c]);
}

// The output names a source file; the file name is input too. Control characters and invalid UTF-8 become '?',
// but a YAML 1.1 line break (NEL, LS, PS) would end the header comment early and turn the rest into YAML.
const names = ['x\u2028evil: 1\u2028#.rbd', 'x\u0085kind: Secret\u0085#.rbd', 'x\u2029- a\u2029#.rbd', 'x\n---\nkind: Secret.rbd',
	'x\r---.rbd', 'x\tb.rbd', '\u00a0日本 é 😀.rbd', 'x: y #z.rbd', '---', '...', '%YAML 1.1'];
const small = 'project p\napp a0 { image "reg.io/x:1"; port 8080; health /healthz }\n';
const plainOut = rbdcRun(['-', '--stdin-filename', 'plain.rbd', '-o', '-'], small);
const plainDocs = plainOut.status === 0 ? decodeStream(plainOut.stdout, 'plain') : null;
for (const n of names) {
	const r = rbdcRun(['-', '--stdin-filename', n, '-o', '-'], small);
	const what = `source file name ${show(n)} in the header comment`;
	if (r.status !== 0) { fail(`${what}: rbdc exits ${r.status}`, r.stderr); continue; }
	const problems = [];
	const firstLine = r.stdout.slice(0, r.stdout.indexOf('\n'));
	if (!firstLine.startsWith(HEADER)) problems.push(`first line ${show(firstLine)}`);
	const rb = rawBreakProblem(r.stdout);
	if (rb) problems.push(rb);
	try {
		const docs = decodeStream(r.stdout, what);
		if (!isDeepStrictEqual(docs, plainDocs)) problems.push('the documents differ from the same program named plain.rbd');
	} catch (e) {
		problems.push(e.message);
	}
	if (problems.length) fail(what, problems.join('\n'));
	else ok();
}
// The same through a real file compiled into a directory: every file's header names it.
{
	const n = 'f\u2028evil: 1\u2028#.rbd';
	const sub = join(work, 'names');
	mkdirSync(sub, { recursive: true });
	writeFileSync(join(sub, n), small);
	rmSync(join(sub, 'out'), { recursive: true, force: true });
	const r = spawnSync(rbdc, [n, '-o', 'out'], { cwd: sub });
	const what = `source file ${show(n)} compiled with -o DIR`;
	if (r.status !== 0) fail(`${what}: rbdc exits ${r.status}`, String(r.stderr));
	else {
		const problems = [];
		for (const f of readdirSync(join(sub, 'out')).sort()) {
			const rb = rawBreakProblem(readFileSync(join(sub, 'out', f), 'utf8'));
			if (rb) problems.push(`${f}: ${rb}`);
		}
		if (problems.length) fail(what, problems.join('\n'));
		else ok();
	}
}

const byCode = {};
for (const { d } of refusals) byCode[d.code] = (byCode[d.code] || 0) + 1;
console.log(`yaml: seed ${seed}; ${refusals.length} strings refused with a clear error (${Object.entries(byCode).map(([k, v]) => `${k} x${v}`).join(', ') || 'none'}):`);
for (const { c, d } of refusals.filter(({ c }) => !c.random)) console.log(`  refused ${c.label}: ${d.code} ${d.message}`);
const rr = refusals.filter(({ c }) => c.random).length;
if (rr) console.log(`  (and ${rr} random strings)`);

// Every case settled exactly one way, and the refusals are exactly the expected ones.
const allCases = [...cases, ...escapedEnv, ...singles];
const labels = new Set(allCases.map((c) => c.label));
if (labels.size !== allCases.length) fail(`${allCases.length} cases but ${labels.size} distinct labels: the refusal list needs unique labels`);
const count = (how) => allCases.filter((c) => settled.get(c) === how).length;
const totals = { cases: allCases.length, accepted: count('accepted'), refused: count('refused'), failed: count('failed') };
const unsettled = allCases.filter((c) => !settled.has(c));
if (unsettled.length) fail(`${unsettled.length} cases were neither accepted and checked nor refused`, unsettled.slice(0, 10).map((c) => c.label).join('\n'));
console.log(`yaml: ${totals.cases} cases: ${totals.accepted} accepted, ${totals.refused} refused, ${totals.failed} failed, ${unsettled.length} unsettled`);

const listFile = new URL('./expected-refusals.txt', import.meta.url);
const defaultSeed = seed === 20240613;
const line = ({ c, d }) => `${d.code}\t${c.label}`;
const got = refusals.filter(({ c }) => defaultSeed || !c.random).map(line).sort();
if (process.env.YAML_BLESS === '1' && defaultSeed) {
	writeFileSync(listFile, '# tests/yaml/expected-refusals.txt: the strings rbdc refuses, CODE<TAB>case label (YAML_BLESS=1 rewrites it).\n' +
		`# totals: cases=${totals.cases} accepted=${totals.accepted} refused=${totals.refused}\n` + got.join('\n') + '\n');
	console.log(`yaml: wrote ${got.length} refusals to tests/yaml/expected-refusals.txt; review its diff`);
} else if (!existsSync(listFile)) {
	fail('tests/yaml/expected-refusals.txt is missing (YAML_BLESS=1 writes it)');
} else {
	const text = readFileSync(listFile, 'utf8');
	const wantAll = text.split('\n').filter((l) => l && !l.startsWith('#'));
	const want = wantAll.filter((l) => defaultSeed || !l.includes('\t') || !/ \(random #\d+\) /.test(l)).sort();
	const wantSet = new Set(want), gotSet = new Set(got);
	const added = got.filter((l) => !wantSet.has(l)), missing = want.filter((l) => !gotSet.has(l));
	if (added.length || missing.length) {
		fail(`the refusals differ from tests/yaml/expected-refusals.txt: ${added.length} new, ${missing.length} missing ` +
			'(YAML_BLESS=1 sh tests/yaml/run.sh RBDC rewrites the list after an intended change)',
			[...added.slice(0, 40).map((l) => `+ ${l}`), ...missing.slice(0, 40).map((l) => `- ${l}`)].join('\n'));
	} else ok();
	const m = /^# totals: cases=(\d+) accepted=(\d+) refused=(\d+)$/m.exec(text);
	if (!m) fail('tests/yaml/expected-refusals.txt has no "# totals:" line');
	else if (defaultSeed && (Number(m[1]) !== totals.cases || Number(m[2]) !== totals.accepted || Number(m[3]) !== totals.refused))
		fail(`totals: cases=${totals.cases} accepted=${totals.accepted} refused=${totals.refused}, expected cases=${m[1]} accepted=${m[2]} refused=${m[3]}`);
	else if (!defaultSeed && Number(m[1]) !== totals.cases) fail(`${totals.cases} cases, expected ${m[1]}`);
	else ok();
}
console.log(`yaml: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
