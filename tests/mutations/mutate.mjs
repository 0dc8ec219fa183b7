// mutate.mjs: single-mistake mutation test of rbdc against reactbin.rbd (issue 3).
//
//   node tests/mutations/mutate.mjs RBDC [SOURCE]       (run.sh is the usual entry point)
//
// The promise under test: "A person who makes any single mistake in reactbin.rbd sees ONE
// diagnostic that names the line, says what is wrong in plain words and how to fix it, and
// CI fails on it; nothing is written on any error."
//
// The mutants are generated from the statement tree of SOURCE (default: reactbin.rbd), never
// from hard-coded copies of it: a small tokenizer/parser below finds every statement, its
// keyword, arguments, block and the line it stands on, and each generator derives its
// mutants from that tree. Every mutant is one realistic human slip, and carries an
// expectation decided by its mutation kind (see the table in README.md next to this file):
//
//   error    rbdc check FILE and rbdc FILE -o out both exit 1; each prints exactly ONE
//            diagnostic, an error `FILE:LINE:COL: error: MESSAGE [E0NN]`, whose LINE is the
//            one the kind names (the mutated line, or a justified line for a deletion), with
//            an acceptable code, with a hint how to fix it, and not a bare parser message;
//            nothing is written (no out/, no .out.rbdc-* temporary directory).
//   warning  the mutant is a valid program with one intended warning: exit 0, exactly one
//            warning at the expected line, the output is written; `check -Werror` exits 1
//            with that same diagnostic as its one error (the README's CI runs -Werror).
//   valid    the slip leaves a valid program (an optional statement deleted): exit 0, no
//            diagnostic at all, the output is written and no temporary directory is left;
//            for the kinds that keep the meaning (< > blocks, a list without commas) the
//            manifests must be byte-identical to those of the unmutated file.
//
// Every mutant also runs with --diagnostics=json: stdout must be JSON lines, one object per
// text diagnostic, with the same severity, line and code in the same order.
//
// Output: one line per mutant (`ok` or `FAIL` with the reasons and rbdc's text output), then
//   mutations: N passed, M failed
// Environment: RBDC_MUTATIONS_FILTER=REGEX runs only mutants whose id/kind/description
// matches; RBDC_MUTATIONS_KEEP=DIR writes every mutant source there for inspection;
// RBDC_MUTATIONS_VERBOSE=1 shows rbdc's output for passing mutants too.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [rbdcArg, srcArg] = process.argv.slice(2);
if (!rbdcArg) {
	console.error('usage: node mutate.mjs RBDC [SOURCE]');
	process.exit(2);
}
const RBDC = path.resolve(rbdcArg);
const SRC = path.resolve(srcArg || new URL('../../reactbin.rbd', import.meta.url).pathname);
const FILE = 'reactbin.rbd'; // the name every mutant has in its own directory

// ---------------------------------------------------------------------------------------
// The language's statement table, as README.md documents it: scope -> keyword -> facts.
// `single` statements hold one value (a second one is E005); the others are repeatable.
// `block` statements open a block of the named scope.
const SCHEMA = {
	top: {
		project: { single: true }, namespace: { single: true }, domain: { single: true },
		registry: { single: true }, tag: { single: true }, defaults: { block: 'defaults' },
		vault: { single: true, block: 'vault' }, secret: { block: 'secret' },
		app: { block: 'app' }, store: { block: 'store' }, ingress: { single: true, block: 'ingress' },
		environment: { block: 'environment' },
	},
	vault: {
		auth: { single: true }, mount: { single: true }, refresh: { single: true },
		role: { single: true }, address: { single: true }, 'auth-mount': { single: true },
		connection: { single: true },
	},
	secret: { keys: {} },
	app: {
		image: { single: true }, port: { single: true }, migrate: { single: true },
		health: { single: true }, env: {}, secrets: {}, route: {}, spa: { single: true },
		user: { single: true }, replicas: { single: true }, cpu: { single: true },
		memory: { single: true }, 'cpu-limit': { single: true }, 'memory-limit': { single: true },
		'read-only-root': { single: true },
		'ephemeral-storage': { single: true }, 'ephemeral-storage-limit': { single: true },
		'route-exact': {}, 'body-limit': { single: true },
		uses: {}, 's3-access-key': { single: true }, 's3-secret-key': { single: true },
	},
	store: {
		size: { single: true }, bucket: {}, secrets: {}, image: { single: true }, route: {}, 'route-exact': {},
		user: { single: true }, cpu: { single: true }, memory: { single: true },
		'cpu-limit': { single: true }, 'memory-limit': { single: true }, 'read-only-root': { single: true },
		'ephemeral-storage': { single: true }, 'ephemeral-storage-limit': { single: true },
		console: { single: true },
	},
	ingress: { tls: { single: true }, class: { single: true }, 'ingress-namespace': { single: true } },
};
const ALL_KEYWORDS = new Set(Object.values(SCHEMA).flatMap((s) => Object.keys(s)));

// ---------------------------------------------------------------------------------------
// Tokenizer and statement parser for .rbd (the README's shape: word, arguments, optional
// { } or < > block; ';' or newline ends a statement; a list continues after a comma).
function tokenize(text) {
	const toks = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
		if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
		if (c === '\n') { toks.push({ t: 'nl', s: i, e: i + 1 }); i++; continue; }
		if ('{}<>;,'.includes(c)) { toks.push({ t: c, s: i, e: i + 1 }); i++; continue; }
		if (c === '"') {
			let j = i + 1;
			while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
			toks.push({ t: 'str', s: i, e: j + 1, text: text.slice(i, j + 1) });
			i = j + 1;
			continue;
		}
		let j = i;
		while (j < text.length && !' \t\r\n{}<>;,"#'.includes(text[j])) j++;
		toks.push({ t: 'word', s: i, e: j, text: text.slice(i, j) });
		i = j;
	}
	return toks;
}

function parse(text) {
	const toks = tokenize(text);
	let i = 0;
	const all = [];
	function block(scope, parent) {
		const list = [];
		for (;;) {
			while (i < toks.length && (toks[i].t === 'nl' || toks[i].t === ';')) i++;
			if (i >= toks.length) return list;
			const tk = toks[i];
			if (tk.t === '}' || tk.t === '>') return list;
			if (tk.t !== 'word') throw new Error(`mutate.mjs: cannot parse the source at offset ${tk.s}`);
			const st = { kw: tk, args: [], commas: [], scope, parent, children: [], open: null, close: null };
			i++;
			while (i < toks.length) {
				const a = toks[i];
				if (a.t === 'word' || a.t === 'str') { st.args.push(a); i++; continue; }
				if (a.t === ',') { st.commas.push(a); i++; while (i < toks.length && toks[i].t === 'nl') i++; continue; }
				break;
			}
			if (i < toks.length && (toks[i].t === '{' || toks[i].t === '<')) {
				st.open = toks[i++];
				const info = SCHEMA[scope] && SCHEMA[scope][tk.text];
				st.children = block(info && info.block ? info.block : 'unknown', st);
				if (i >= toks.length) throw new Error('mutate.mjs: the source has an unclosed block');
				st.close = toks[i++];
			}
			const last = st.close || st.args[st.args.length - 1] || st.kw;
			st.s = tk.s;
			st.e = last.e;
			st.next = toks[i]; // the separator after the statement (';', newline, '}' or undefined)
			all.push(st);
			list.push(st);
		}
	}
	const top = block('top', null);
	if (i < toks.length) throw new Error('mutate.mjs: the source has a stray closing bracket');
	all.sort((a, b) => a.s - b.s);
	return { top, all, toks };
}

// ---------------------------------------------------------------------------------------
// Text helpers. Lines are 1-based.
const lineOf = (text, off) => { let n = 1; for (let k = 0; k < off && k < text.length; k++) if (text[k] === '\n') n++; return n; };
const lineStart = (text, off) => text.lastIndexOf('\n', off - 1) + 1;
const lineEnd = (text, off) => { const k = text.indexOf('\n', off); return k < 0 ? text.length : k; };
const indentOf = (text, off) => /^[ \t]*/.exec(text.slice(lineStart(text, off)))[0];
const lastLine = (text) => { const n = text.split('\n').length; return text.endsWith('\n') ? n - 1 : n; };

// Apply non-overlapping edits {s, e, r}; returns the new text, a function mapping an
// offset of the old text to the new text, and the new start of each edit's replacement.
function applyEdits(text, edits) {
	const sorted = [...edits].sort((a, b) => a.s - b.s);
	let out = '', pos = 0, delta = 0;
	const starts = new Map();
	for (const ed of sorted) {
		out += text.slice(pos, ed.s);
		starts.set(ed, out.length);
		out += ed.r;
		pos = ed.e;
		delta += ed.r.length - (ed.e - ed.s);
	}
	out += text.slice(pos);
	const map = (off) => {
		let d = 0;
		for (const ed of sorted) {
			if (off >= ed.e && !(ed.s === ed.e && off === ed.s)) d += ed.r.length - (ed.e - ed.s);
			else if (off >= ed.s && off < ed.e) return starts.get(ed);
		}
		return off + d;
	};
	return { text: out, map, start: (ed) => starts.get(ed) };
}

// ---------------------------------------------------------------------------------------
// The mutants are slips in the base program, which `rbdc FILE -o DIR` compiles. Environment blocks are left out
// (their slips are the error corpus's tests/errors/*env* and tests/cli.sh's): with them, a base slip such as a
// renamed app is also, correctly, an environment's error (E110) on another line, which this suite's promise of ONE
// diagnostic on the mutated line does not describe.
const withoutEnvironments = (text) => {
	const envs = parse(text).top.filter((st) => st.kw.text === 'environment');
	let out = text;
	for (const st of envs.reverse()) out = out.slice(0, lineStart(out, st.s)) + out.slice(lineEnd(out, st.e) + 1);
	return out;
};
const source = withoutEnvironments(fs.readFileSync(SRC, 'utf8'));
const tree = parse(source);
const S = tree.all;
const ownLine = (st) => {
	const ls = lineStart(source, st.s), le = lineEnd(source, st.e);
	if (lineOf(source, st.s) !== lineOf(source, st.e)) return false;
	if (source.slice(ls, st.s).trim() !== '') return false;
	const rest = source.slice(st.e, le).trim();
	return rest === '' || rest.startsWith('#');
};
const isBlock = (st) => st.open !== null;
const oneLineBlock = (st) => isBlock(st) && lineOf(source, st.open.s) === lineOf(source, st.close.s);
const inline = (st) => st.parent && oneLineBlock(st.parent) && !isBlock(st);
const key = (st) => `${st.scope}.${st.kw.text}`;
const name = (st) => (st.args[0] ? st.args[0].text : '');
const L = (st) => lineOf(source, st.kw.s);
const where = (st) => `line ${L(st)} '${source.slice(st.s, Math.min(st.e, lineEnd(source, st.s))).trim()}'`;
const firstOf = (pred) => S.find(pred);
const appsAndStores = S.filter((st) => st.scope === 'top' && (st.kw.text === 'app' || st.kw.text === 'store'));
const secretRefs = (secretName, except) =>
	S.filter((st) => st.kw.text === 'secrets' && st !== except && st.args.some((a) => a.text === secretName));
const secretDecl = (secretName) => firstOf((st) => key(st) === 'top.secret' && name(st) === secretName);
const firstRoute = () => firstOf((st) => st.kw.text === 'route' && st.scope === 'app');
const ingressSt = () => firstOf((st) => key(st) === 'top.ingress');
const bareImages = () => S.filter((st) => key(st) === 'app.image' && st.args.length === 0);
// `uses NAME` arguments naming @target (a store or app), outside the statement @except.
const usesOf = (target, except) => S.filter((st) => key(st) === 'app.uses' && st !== except).flatMap((st) => st.args.filter((a) => a.text === target).map((a) => ({ st, a })));
const storeNames = () => S.filter((st) => key(st) === 'top.store').map(name);
const firstMultiLineBlock = (kw) => firstOf((st) => key(st) === `top.${kw}` && isBlock(st) && !oneLineBlock(st));

// ---------------------------------------------------------------------------------------
// Mutant construction. exp: {status: 'error'|'warning'|'valid', lines: [old offsets or
// {at: new offset}], codes: [...]|null, note: old offset|null (a note must name its line),
// eof: old offset of the opening bracket (error at end of file, note at that bracket),
// why: the justification when the line is not the mutated one}.
const mutants = [];
function add(kind, desc, edits, exp) {
	const r = applyEdits(source, edits);
	const toLine = (x) => (typeof x === 'object' ? lineOf(r.text, x.at(r)) : lineOf(r.text, r.map(x)));
	const m = {
		kind, desc, text: r.text, status: exp.status, codes: exp.codes || null, why: exp.why || '',
		lines: [...new Set((exp.lines || []).map(toLine))], mention: exp.mention || null, same: !!exp.same,
		note: exp.note === undefined || exp.note === null ? null : toLine(exp.note),
		eof: exp.eof === undefined ? null : { open: toLine(exp.eof), last: lastLine(r.text) },
	};
	if (m.eof) m.lines = [m.eof.last, m.eof.last + 1];
	if (r.text === source) throw new Error(`mutate.mjs: mutant '${desc}' changes nothing`);
	if (mutants.some((o) => o.text === m.text)) return; // the same slip reached two ways
	mutants.push(m);
}
const ERR = (lines, codes, extra = {}) => ({ status: 'error', lines, codes, ...extra });
const VALID = (why) => ({ status: 'valid', why });
const WARN = (lines, codes, why) => ({ status: 'warning', lines, codes, why });
const at = (ed, k = 0) => ({ at: (r) => r.start(ed) + k }); // a line inside an edit's new text

// Removing a statement the way a person does: the whole line when it stands alone,
// otherwise the statement and its separator inside a one-line block.
function removal(st) {
	if (ownLine(st)) {
		const ls = lineStart(source, st.s);
		return { s: ls, e: lineEnd(source, st.e) + 1, r: '' };
	}
	if (st.next && st.next.t === ';') {
		let e = st.next.e;
		while (source[e] === ' ' || source[e] === '\t') e++;
		return { s: st.s, e, r: '' };
	}
	// The last statement of a one-line block: take the ';' before it too.
	const before = tree.toks.filter((t) => t.e <= st.s);
	const prev = before[before.length - 1];
	if (prev && prev.t === ';') return { s: prev.s, e: st.e, r: '' };
	return { s: st.s, e: st.e, r: '' };
}

// What deleting a statement means (decided per statement kind, see README.md).
function deletionExpectation(st) {
	const parent = st.parent;
	switch (key(st)) {
	case 'top.project': {
		const next = S.find((o) => o.scope === 'top' && o.s > st.s);
		return ERR([next.kw.s], ['E006'], { why: 'no project line exists any more: the first statement of the program (as tests/errors/E006-no-project)' });
	}
	case 'top.domain': {
		const r = firstRoute();
		if (!r) return VALID('no app has a route');
		return ERR([r.kw.s, ingressSt().kw.s], ['E006', 'E015'], { why: 'the first route, which needs the domain, or the ingress block whose host it is' });
	}
	case 'top.registry': case 'top.tag': {
		const b = bareImages();
		if (!b.length) return VALID('no bare image derives from it');
		return ERR([b[0].kw.s], ['E022', 'E006'], { why: 'the first bare `image` that can no longer be derived' });
	}
	case 'top.secret': {
		const refs = secretRefs(name(st));
		if (!refs.length) return VALID('the secret was unused');
		return ERR([refs[0].args.find((a) => a.text === name(st)).s], ['E012'], { why: 'the first `secrets` reference to the deleted secret' });
	}
	case 'top.app':
		if (usesOf(name(st)).length) return ERR([usesOf(name(st))[0].a.s], ['E040'], { why: 'the `uses` that names the deleted app' });
		return VALID('an app is optional');
	case 'top.store': {
		if (usesOf(name(st)).length) return ERR([usesOf(name(st))[0].a.s], ['E040'], { why: 'the `uses` that names the deleted store' });
		const orphans = S.filter((o) => o.kw.text === 'secrets' && o.parent === st)
			.flatMap((o) => o.args.map((a) => a.text)).filter((n) => secretRefs(n).every((r) => r.parent === st));
		if (orphans.length === 1) return WARN([secretDecl(orphans[0]).kw.s], ['W001'], 'its secret is now unused (W001 at the secret declaration)');
		return VALID('a store is optional');
	}
	case 'top.ingress':
		return firstRoute() ? ERR([firstRoute().kw.s], ['E015'], { why: 'the first route, which needs the ingress (as tests/errors/E015-route-without-ingress)' }) : VALID('no routes');
	case 'vault.auth': case 'vault.mount':
		return ERR([parent.kw.s], ['E006'], { why: 'the vault block that lacks it' });
	case 'vault.role': {
		// `connection` names the connection of the VaultAuth that `role` makes rbdc emit
		const conn = S.find((o) => o.parent === parent && o.kw.text === 'connection');
		if (conn) return ERR([conn.args[0].s], ['E050'], { why: "the connection, which has no VaultAuth left to apply to" });
		return VALID('optional in the vault block');
	}
	case 'vault.connection': {
		const role = S.find((o) => o.parent === parent && o.kw.text === 'role');
		const address = S.find((o) => o.parent === parent && o.kw.text === 'address');
		if (role && !address) return WARN([role.args[0].s], ['W020'], 'the VaultAuth now names no VaultConnection (W020 at the role)');
		return VALID('optional in the vault block');
	}
	case 'vault.refresh': case 'vault.address': case 'vault.auth-mount':
		return VALID('optional in the vault block');
	case 'secret.keys':
		return ERR([parent.kw.s], ['E006', 'E004'], { why: 'the secret that no longer lists keys' });
	case 'app.image': return ERR([parent.kw.s], ['E006'], { why: "the app's name line (as tests/errors/E006-app-without-image)" });
	case 'app.port': {
		// Issue 10: an app without a port is a worker; E010 points at the first statement that needs the port.
		const needsPort = (o) => ['route', 'route-exact', 'body-limit', 'spa'].includes(o.kw.text) ||
			(o.kw.text === 'health' && o.args[0] && !['exec', 'none'].includes(o.args[0].text));
		const first = S.filter((o) => o.parent === parent && needsPort(o)).sort((x, y) => x.s - y.s)[0];
		if (!first) return VALID('a worker: an app without a port');
		return ERR([first.args.length ? first.args[0].s : first.kw.s], ['E010'], { why: 'the first statement that needs the port (as tests/errors/E010-app-without-port)' });
	}
	case 'app.health': return ERR([parent.kw.s], ['E011'], { why: "the app's name line (as tests/errors/E011-app-without-health)" });
	case 'app.uses': {
		const lone = st.args.map((a) => a.text).filter((n) => storeNames().includes(n) && usesOf(n, st).length === 0);
		if (lone.length === 1) return WARN([S.find((o) => key(o) === 'top.store' && name(o) === lone[0]).args[0].s], ['W015'], 'the store is now used by no app (W015 at the store)');
		return VALID('the app used no store alone');
	}
	case 'app.secrets': {
		const using = S.find((o) => key(o) === 'app.uses' && o.parent === st.parent && o.args.some((a) => storeNames().includes(a.text)));
		if (using) return ERR([using.args.find((a) => storeNames().includes(a.text)).s], ['E041'], { why: 'the app still uses a store, and no secret of it holds its MinIO keys' });
		const orphans = st.args.map((a) => a.text).filter((n) => secretRefs(n, st).length === 0);
		if (orphans.length === 1) return WARN([secretDecl(orphans[0]).kw.s], ['W001'], 'its secret is now unused (W001 at the secret declaration)');
		return VALID('other references remain');
	}
	case 'app.migrate': case 'app.env': case 'app.route': case 'app.spa': case 'app.route-exact': case 'app.body-limit':
		return VALID(`'${st.kw.text}' is optional in an app`);
	case 'store.size': return ERR([parent.kw.s], ['E006'], { why: "the store's name line" });
	case 'store.secrets': return ERR([parent.kw.s], ['E006'], { why: "the store's name line; the secret it used must not also get W001 (same root cause)" });
	case 'store.bucket': {
		const others = S.filter((o) => key(o) === 'store.bucket' && o.parent === st.parent && o !== st);
		const u = usesOf(name(st.parent))[0];
		if (!others.length && u) return ERR([u.a.s], ['E042'], { why: 'the `uses` of the store that has no bucket any more' });
		return VALID('a store may have no bucket');
	}
	case 'ingress.tls': return ERR([parent.kw.s], ['E015'], { why: 'the ingress block (as tests/errors/E015-ingress-without-tls)' });
	case 'ingress.class': return VALID('class defaults to nginx');
	default: return null;
	}
}

// 1. delete a statement (own line or inside a one-line block)
for (const st of S) {
	if (isBlock(st) && !oneLineBlock(st)) continue; // deleting a multi-line block is not one slip
	if (!ownLine(st) && !inline(st) && !(isBlock(st) && ownLine(st))) continue;
	const exp = deletionExpectation(st);
	if (!exp) continue;
	add('delete-statement', inline(st) ? `delete '${source.slice(st.s, st.e)}' from ${where(st.parent)}` : `delete ${where(st)}`, [removal(st)], exp);
}

// 2. misspell every statement keyword: a transposition and a dropped letter
function transpose(w) {
	for (let k = Math.max(0, (w.length >> 1) - 1); k + 1 < w.length; k++)
		if (w[k] !== w[k + 1]) return w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
	return null;
}
const dropLetter = (w) => w.slice(0, w.length >> 1) + w.slice((w.length >> 1) + 1);
for (const st of S) {
	for (const [how, fn] of [['transpose', transpose], ['drop a letter of', dropLetter]]) {
		const bad = fn(st.kw.text);
		if (!bad || bad === st.kw.text || (SCHEMA[st.scope] && SCHEMA[st.scope][bad])) continue;
		add('misspell-keyword', `${how} '${st.kw.text}' -> '${bad}' at ${where(st)}`,
			[{ s: st.kw.s, e: st.kw.e, r: bad }], ERR([st.kw.s], ['E003']));
	}
}

// 3. brackets: delete a closing '}', close with '>' instead, delete an opening '{'
for (const st of S.filter(isBlock)) {
	add('delete-close', `delete the '}' closing the block of ${where(st)}`,
		[{ s: st.close.s, e: st.close.e, r: '' }], ERR([], ['E001'], { eof: st.open.s, why: 'end of file, with a note at the opening bracket' }));
	add('wrong-close', `close the block of ${where(st)} with '>'`,
		[{ s: st.close.s, e: st.close.e, r: '>' }], ERR([st.close.s], ['E001'], { note: st.open.s }));
	const ws = source[st.open.s - 1] === ' ' ? 1 : 0;
	add('delete-open', `delete the '{' of ${where(st)}`,
		[{ s: st.open.s - ws, e: st.open.e, r: '' }],
		ERR([st.open.s, st.close.s], null, { why: "the statement that lost its '{', or the now unmatched '}'" }));
}

// 3b. reactbin.rbd writes every block with { }; '< ... >' means exactly the same. Each
// one-line block rewritten with < > must compile to the very same manifests (not a mistake),
// and the slip on that form, a deleted '>', must be the unclosed-block error.
for (const st of S.filter(oneLineBlock)) {
	add('angle-block', `write the block of ${where(st)} with < >`,
		[{ s: st.open.s, e: st.open.e, r: '<' }, { s: st.close.s, e: st.close.e, r: '>' }],
		{ status: 'valid', same: true, why: "'< >' means exactly what '{ }' means" });
	add('delete-close', `delete the '>' closing the block of ${where(st)} written with < >`,
		[{ s: st.open.s, e: st.open.e, r: '<' }, { s: st.close.s, e: st.close.e, r: '' }],
		ERR([], ['E001'], { eof: st.open.s, why: 'end of file, with a note at the opening bracket' }));
}

// 4. quotes: delete the closing or the opening '"' of every string
for (const st of S) {
	for (const a of st.args.filter((x) => x.t === 'str')) {
		add('delete-quote', `delete the closing '"' of ${a.text} at ${where(st)}`,
			[{ s: a.e - 1, e: a.e, r: '' }], ERR([a.s], ['E002', 'E001', 'E004']));
		// The '"' left behind closes the value; a message that only says "missing closing '\"'"
		// at it points the person at the wrong end, so the opening quote must be named.
		add('delete-quote', `delete the opening '"' of ${a.text} at ${where(st)}`,
			[{ s: a.s, e: a.s + 1, r: '' }], ERR([a.s], ['E002', 'E001', 'E004'],
				{ mention: { re: /opening/i, what: "the mistake is the missing opening '\"' but no message or note mentions an opening quote" } }));
	}
}

// 5. numbers: a word, an out-of-range number, zero
for (const st of S.filter((x) => x.kw.text === 'port' && x.args.length === 1)) {
	const a = st.args[0];
	for (const bad of ['http', '65536', '0'])
		add('bad-number', `port ${a.text} -> ${bad} at ${where(st)}`, [{ s: a.s, e: a.e, r: bad }], ERR([a.s], ['E004', 'E009']));
}

// 6. duplicate a statement (a second copy right after it)
function duplicateExpectation(st, copyAt) {
	const info = SCHEMA[st.scope][st.kw.text];
	if (info.single) return ERR([copyAt], ['E005'], { note: st.kw.s, why: 'the second copy, with a note at the first' });
	// repeatable statements: the same entry twice is still a slip (same name, key, route or variable)
	const codes = { 'top.secret': ['E007'], 'top.app': ['E007'], 'top.store': ['E007'], 'secret.keys': ['E007', 'E005'],
		'app.env': ['E005', 'E007'], 'app.secrets': ['E005', 'E007'], 'app.route': ['E018', 'E005'], 'app.route-exact': ['E018', 'E005'],
		'store.bucket': ['E007', 'E005'], 'store.secrets': ['E005', 'E007'], 'app.uses': ['E007'] }[key(st)];
	return ERR([copyAt], codes || null, { note: st.kw.s, why: 'the second copy, with a note at the first' });
}
for (const st of S) {
	if (isBlock(st) && !oneLineBlock(st)) continue;
	if (ownLine(st)) {
		const ed = { s: lineEnd(source, st.e) + 1, e: lineEnd(source, st.e) + 1, r: source.slice(lineStart(source, st.s), lineEnd(source, st.e) + 1) };
		add('duplicate', `duplicate ${where(st)}`, [ed], duplicateExpectation(st, at(ed, ed.r.length - ed.r.trimStart().length)));
	} else if (inline(st)) {
		const text = source.slice(st.s, st.e);
		const ed = { s: st.e, e: st.e, r: `; ${text}` };
		add('duplicate', `duplicate '${text}' in ${where(st.parent)}`, [ed], duplicateExpectation(st, at(ed, 2)));
	}
}

// 7. a reference to an undeclared name (the last two letters swapped: api-env -> api-evn)
const swapEnd = (w) => w.slice(0, -2) + w[w.length - 1] + w[w.length - 2];
for (const st of S.filter((x) => x.kw.text === 'secrets')) {
	for (const a of st.args) {
		add('undeclared-name', `secrets ${a.text} -> ${swapEnd(a.text)} at ${where(st)}`,
			[{ s: a.s, e: a.e, r: swapEnd(a.text) }], ERR([a.s], ['E012'], { note: secretDecl(a.text).args[0].s, why: 'the misspelt reference; the note names the declared secret (did you mean)' }));
	}
}
for (const st of S.filter((x) => key(x) === 'app.uses')) {
	for (const a of st.args) {
		add('undeclared-name', `uses ${a.text} -> ${swapEnd(a.text)} at ${where(st)}`,
			[{ s: a.s, e: a.e, r: swapEnd(a.text) }], ERR([a.s], ['E040'], { why: 'the misspelt `uses` (note: did you mean)' }));
	}
}
for (const st of S.filter((x) => key(x) === 'top.secret')) {
	const refs = secretRefs(name(st));
	if (!refs.length) continue;
	const a = st.args[0];
	add('undeclared-name', `rename the declaration secret ${a.text} -> ${swapEnd(a.text)} at ${where(st)}`,
		[{ s: a.s, e: a.e, r: swapEnd(a.text) }],
		ERR([refs[0].args.find((x) => x.text === a.text).s, a.s], ['E012'], { why: 'the reference that no longer resolves (note: did you mean), or the misspelt declaration' }));
}

// 8. a statement in the wrong block: a copy added there, and (for required ones) moved there
// Where a statement of each scope is wrongly put: the first candidate scope that does not
// accept its keyword (a multi-line block of that kind, as a new first line; or the top level,
// as a new line just above the statement's own block).
const WRONG = { top: ['app'], vault: ['secret', 'top'], secret: ['app', 'top'], app: ['top'], store: ['app', 'top'], ingress: ['app', 'top'] };
function wrongPlace(st) {
	for (const scope of WRONG[st.scope] || []) {
		if (SCHEMA[scope][st.kw.text]) continue;
		if (scope === 'top') {
			let blk = st.parent;
			while (blk.parent) blk = blk.parent;
			return { s: lineStart(source, blk.kw.s), line: (t) => `${t}\n`, where: `to the top level above ${where(blk)}` };
		}
		const blk = firstMultiLineBlock(scope);
		if (!blk) continue;
		return { s: lineEnd(source, blk.open.s) + 1, line: (t) => `  ${t}\n`, where: `into the block of ${where(blk)}` };
	}
	return null;
}
const REQUIRED = new Set(['top.project', 'top.domain', 'top.registry', 'top.tag', 'vault.auth', 'vault.mount',
	'secret.keys', 'app.image', 'app.port', 'app.health', 'store.size', 'store.secrets', 'ingress.tls']);
const copied = new Set();
for (const st of S) {
	if (isBlock(st) || !(ownLine(st) || inline(st))) continue;
	const wp = wrongPlace(st);
	if (!wp) continue;
	const text = source.slice(st.s, st.e);
	if (!copied.has(key(st))) {
		copied.add(key(st));
		const ed = { s: wp.s, e: wp.s, r: wp.line(text) };
		add('wrong-block', `copy '${text}' ${wp.where}`, [ed], ERR([at(ed, ed.r.length - ed.r.trimStart().length)], ['E003', 'E014']));
	}
	if (REQUIRED.has(key(st))) {
		const ed = { s: wp.s, e: wp.s, r: wp.line(text) };
		add('wrong-block-move', `move '${text}' from ${where(st)} ${wp.where}`, [removal(st), ed],
			ERR([at(ed, ed.r.length - ed.r.trimStart().length)], ['E003'], { why: 'the misplaced statement; the "missing" error of its block is the same mistake' }));
	}
}

// 9. a plaintext secret in an env (values are placeholders, never realistic secrets)
{
	const envs = S.filter((x) => key(x) === 'app.env' && ownLine(x));
	const lastEnv = envs[envs.length - 1];
	if (lastEnv) {
		for (const n of ['DB_PASSWORD', 'API_TOKEN']) {
			const p = lineEnd(source, lastEnv.e) + 1;
			const ed = { s: p, e: p, r: `${indentOf(source, lastEnv.s)}env ${n} "x"\n` };
			add('plaintext-secret', `add 'env ${n} "x"' after ${where(lastEnv)}`, [ed], ERR([at(ed, indentOf(source, lastEnv.s).length)], ['E013']));
		}
	}
	const ui = firstOf((x) => key(x) === 'top.app' && oneLineBlock(x));
	if (ui) {
		const ed = { s: ui.children[0].s, e: ui.children[0].s, r: 'env SECRET_KEY "x"; ' };
		add('plaintext-secret', `add 'env SECRET_KEY "x"' in ${where(ui)}`, [ed], ERR([at(ed)], ['E013']));
	}
}

// 10. an upper-case letter in a name that becomes a Kubernetes name or DNS name
for (const st of S) {
	if (!['top.project', 'top.domain', 'top.app', 'top.store', 'top.secret', 'store.bucket', 'vault.auth',
		'ingress.tls', 'ingress.class'].includes(key(st)) || !st.args[0]) continue;
	const a = st.args[0];
	const up = a.text[0].toUpperCase() + a.text.slice(1);
	add('uppercase-name', `${a.text} -> ${up} at ${where(st)}`, [{ s: a.s, e: a.e, r: up }], ERR([a.s], ['E008', 'E022']));
}

// 11. break a path: no leading '/', a doubled '/', a vault path with a leading '/'
for (const st of S) {
	for (const a of st.args) {
		if (a.t === 'word' && a.text.startsWith('/') && a.text.length > 1) {
			// `health` takes a word (tcp, none, exec) too: a path without its '/' is an unknown health form (E061).
			add('bad-path', `${a.text} -> ${a.text.slice(1)} at ${where(st)}`, [{ s: a.s, e: a.e, r: a.text.slice(1) }], ERR([a.s], ['E004', 'E017', 'E061']));
			const k = a.text.indexOf('/', 1);
			if (k > 0) {
				const bad = a.text.slice(0, k) + '/' + a.text.slice(k);
				add('bad-path', `${a.text} -> ${bad} at ${where(st)}`, [{ s: a.s, e: a.e, r: bad }], ERR([a.s], ['E017']));
			}
		}
	}
	if (key(st) === 'top.secret') {
		const p = st.args.find((x) => x.t === 'str');
		if (p) add('bad-path', `vault path ${p.text} -> "/${p.text.slice(1)} at ${where(st)}`, [{ s: p.s + 1, e: p.s + 1, r: '/' }], ERR([p.s], ['E021']));
	}
}

// 12. break a size or a duration
for (const st of S) {
	const a = st.args[0];
	const m = a && /^(\d+)([A-Za-z]+)$/.exec(a.text);
	if (!m) continue;
	if (st.kw.text === 'size') {
		const unitB = m[2].endsWith('i') ? m[2].slice(0, -1) + 'B' : m[2] + 'B';
		for (const bad of [m[1] + unitB, m[1] + m[2].toLowerCase(), `${m[1]} ${m[2]}`])
			add('bad-quantity', `size ${a.text} -> ${bad} at ${where(st)}`, [{ s: a.s, e: a.e, r: bad }], ERR([a.s], ['E019', 'E004']));
	}
	if (st.kw.text === 'body-limit') {
		for (const bad of [`${m[1]}MB`, `${m[1]}${m[2][0].toLowerCase()}`, `${m[1]} ${m[2]}`])
			add('bad-quantity', `body-limit ${a.text} -> ${bad} at ${where(st)}`, [{ s: a.s, e: a.e, r: bad }], ERR([a.s], ['E030', 'E004']));
	}
	if (st.kw.text === 'refresh') {
		const mixed = m[2] === 'h' ? `${m[1]}h30m` : `${m[1]}${m[2]}30s`;
		for (const bad of [mixed, m[1], `${m[1]} ${m[2]}`])
			add('bad-quantity', `refresh ${a.text} -> ${bad} at ${where(st)}`, [{ s: a.s, e: a.e, r: bad }], ERR([a.s], ['E020', 'E004']));
	}
}

// 13. forget the argument of a statement that takes exactly one
for (const st of S) {
	if (isBlock(st) || st.args.length !== 1 || st.kw.text === 'env') continue;
	const a = st.args[0];
	add('missing-argument', `drop the argument of ${where(st)}`, [{ s: st.kw.e, e: a.e, r: '' }], ERR([st.kw.s], ['E004']));
}

// 14. separators: a forgotten ';' in a one-line block, a forgotten ',' in a list, a trailing ','
for (const st of S.filter((x) => x.next && x.next.t === ';' && x.parent && oneLineBlock(x.parent))) {
	add('missing-separator', `forget the ';' after '${source.slice(st.s, st.e)}' in ${where(st.parent)}`,
		[{ s: st.next.s, e: st.next.e, r: '' }], ERR([st.next.s], ['E004', 'E003', 'E001'], { why: 'the line of the run-on statement' }));
}
for (const st of S.filter((x) => x.commas.length)) {
	// rbdc reads 'keys A B, C' as the three keys A, B and C (arguments and list items are
	// both separated by blanks); the meaning is unchanged, so this slip must compile to
	// exactly the same manifests as the original.
	for (const c of st.commas)
		add('missing-comma', `forget a ',' in ${where(st)}`, [{ s: c.s, e: c.e, r: '' }],
			{ status: 'valid', same: true, why: 'a blank separates list items as well as a comma; the output must not change' });
	const last = st.args[st.args.length - 1];
	const after = tree.toks.find((t) => t.s >= last.e && t.t !== 'nl');
	add('trailing-comma', `a ',' after the last item of ${where(st)}`, [{ s: last.e, e: last.e, r: ',' }],
		ERR([last.e, after.s], ['E001'], { why: 'the list line, or the next token, where the continued list ends' }));
}

// 15. the secret statement without (or with a misspelt) `from vault`
for (const st of S.filter((x) => key(x) === 'top.secret')) {
	const from = st.args.find((a) => a.text === 'from'), vault = st.args.find((a) => a.text === 'vault');
	if (!from || !vault) continue;
	add('secret-source', `drop 'from vault' at ${where(st)}`, [{ s: from.s, e: vault.e + 1, r: '' }], ERR([st.kw.s], ['E004']));
	add('secret-source', `'vault' -> 'vualt' at ${where(st)}`, [{ s: vault.s, e: vault.e, r: 'vualt' }], ERR([vault.s], ['E004']));
}

// 16. an env name that is not a C identifier
for (const st of S.filter((x) => key(x) === 'app.env' && x.args[0] && x.args[0].text.includes('_'))) {
	const a = st.args[0];
	add('bad-env-name', `env ${a.text} -> ${a.text.replace('_', '-')} at ${where(st)}`, [{ s: a.s, e: a.e, r: a.text.replace('_', '-') }], ERR([a.s], ['E021']));
}

// 17. realistic additions to the first multi-line app: root user (error), two replicas with
// a migrate (a warning: W002, concurrent migrations; CI with -Werror fails)
{
	const app = firstMultiLineBlock('app');
	const p = lineEnd(source, app.open.s) + 1;
	const e1 = { s: p, e: p, r: '  user 0\n' };
	add('added-statement', `add 'user 0' to ${where(app)}`, [e1], ERR([at(e1, 2)], ['E016']));
	if (app.children.some((c) => c.kw.text === 'migrate')) {
		const e2 = { s: p, e: p, r: '  replicas 2\n' };
		add('added-statement', `add 'replicas 2' to ${where(app)} (it has a migrate)`, [e2], WARN([at(e2, 2)], ['W002'], 'two replicas race their migrations (W002)'));
	}
}

// ---------------------------------------------------------------------------------------
// Running and judging.
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rbdc-mutations-'));
const keep = process.env.RBDC_MUTATIONS_KEEP;
const verbose = process.env.RBDC_MUTATIONS_VERBOSE === '1';
const filter = process.env.RBDC_MUTATIONS_FILTER ? new RegExp(process.env.RBDC_MUTATIONS_FILTER) : null;
if (keep) fs.mkdirSync(keep, { recursive: true });

// Headers and notes of any file are parsed (a diagnostic that names another file than the
// mutant, e.g. the embedded stdlib, is itself a failure).
const HEAD = /^(.+?):(\d+):(\d+): (error|warning): (.*) \[([EW]\d{3})\]$/;
const NOTE = /^(.+?):(\d+):(\d+): note: (.*)$/;
const ANY = /^[^ ]+:\d+:\d+: /;

function run(dir, args) {
	const r = spawnSync(RBDC, args, { cwd: dir, encoding: 'utf8', timeout: 20000 });
	return { status: r.status === null ? `signal ${r.signal}` : r.status, stdout: r.stdout || '', stderr: r.stderr || '' };
}

// Parse gcc-style text into diagnostics, each with its notes; lines that start with FILE:
// but are not a well-formed header or note are reported.
function diagnostics(text) {
	const out = [], junk = [];
	for (const ln of text.split('\n')) {
		let m;
		if ((m = HEAD.exec(ln))) out.push({ file: m[1], line: +m[2], col: +m[3], severity: m[4], message: m[5], code: m[6], notes: [] });
		else if ((m = NOTE.exec(ln))) { if (out.length) out[out.length - 1].notes.push({ file: m[1], line: +m[2], message: m[4] }); else junk.push(ln); }
		else if (ANY.test(ln)) junk.push(ln);
	}
	return { list: out, junk };
}

// A bare parser message: bison's own words or token names, or "unexpected X, expected Y"
// with nothing that says what the mistake is (no note, no hint).
function bareParserMessage(d) {
	const m = d.message;
	if (/syntax error|\bexpecting\b|\$end|\$undefined|YYEOF|YYUNDEF|\berror token\b|\bTOK_|\bT_[A-Z]/.test(m)) return 'bison wording';
	if (/^unexpected /.test(m) && d.notes.length === 0) return "bare parser message ('unexpected X[, expected Y]') without a note saying what is wrong";
	return null;
}
const HINT = /missing|has no|cannot|first \w+ here|did you mean|\bexpected\b|expects|takes|\btake\b|write|\badd\b|remove|close|\buse\b|\blike\b|e\.g\.|declare|rename|keep|belongs|usage:|must|should|needs|first (set|declared|defined)|defined here|declared here|opened here|only|instead|quote|one of|give|lower-case|not declared|start with/i;

function judge(m, dir) {
	const reasons = [];
	const fileList = () => fs.readdirSync(dir).filter((f) => f !== FILE).sort();
	const chk = run(dir, ['check', '--color=never', FILE]);
	const left1 = fileList();
	if (left1.length) reasons.push(`check wrote ${left1.join(', ')}`);
	const cmp = run(dir, ['--color=never', FILE, '-o', 'out']);
	const left2 = fileList();
	const json = run(dir, ['check', '--diagnostics=json', FILE]);
	const d = diagnostics(chk.stderr), dc = diagnostics(cmp.stderr);
	for (const j of [...d.junk, ...dc.junk]) reasons.push(`malformed diagnostic line: ${j}`);
	const errs = d.list.filter((x) => x.severity === 'error'), warns = d.list.filter((x) => x.severity === 'warning');

	const checkOne = (diag, sev) => {
		if (diag.file !== FILE) reasons.push(`the diagnostic names file '${diag.file}', not the mutant '${FILE}'`);
		if (diag.notes.some((n) => n.file !== FILE)) reasons.push(`a note names another file than '${FILE}'`);
		if (diag.severity !== sev) reasons.push(`the diagnostic is a ${diag.severity}, expected a ${sev}`);
		if (!m.lines.includes(diag.line)) reasons.push(`wrong line ${diag.line}, expected ${m.lines.join(' or ')}${m.why ? ` (${m.why})` : ''}`);
		if (m.codes && !m.codes.includes(diag.code)) reasons.push(`code ${diag.code}, expected ${m.codes.join(' or ')}`);
		if (m.note !== null && !diag.notes.some((n) => n.line === m.note)) reasons.push(`no note naming line ${m.note}`);
		if (m.eof && !diag.notes.some((n) => n.line === m.eof.open)) reasons.push(`no note naming line ${m.eof.open} where the unclosed block opens`);
		const bare = bareParserMessage(diag);
		if (bare) reasons.push(`unhelpful message: ${bare}`);
		const all = [diag.message, ...diag.notes.map((n) => n.message)].join(' | ');
		if (!HINT.test(all)) reasons.push('no hint how to fix it (no note, no suggestion in the message)');
		if (m.mention && !m.mention.re.test(all)) reasons.push(`misleading message: ${m.mention.what}`);
	};

	if (m.status === 'error') {
		if (chk.status !== 1) reasons.push(`check exit ${chk.status}, expected 1`);
		if (cmp.status !== 1) reasons.push(`-o exit ${cmp.status}, expected 1`);
		if (left2.length) reasons.push(`-o wrote ${left2.join(', ')}`);
		if (errs.length !== 1) reasons.push(`${errs.length} errors, expected exactly one`);
		if (warns.length) reasons.push(`${warns.length} unexpected warning(s): ${warns.map((w) => `${w.line} ${w.code}`).join(', ')}`);
		if (errs.length >= 1) checkOne(errs[0], 'error');
		const cerr = dc.list.filter((x) => x.severity === 'error');
		if (cerr.length !== 1) reasons.push(`-o printed ${cerr.length} errors, expected exactly one`);
	} else if (m.status === 'warning') {
		if (chk.status !== 0) reasons.push(`check exit ${chk.status}, expected 0 (only a warning)`);
		if (cmp.status !== 0) reasons.push(`-o exit ${cmp.status}, expected 0 (only a warning)`);
		if (!left2.includes('out')) reasons.push('-o did not write out/');
		if (left2.some((f) => f !== 'out')) reasons.push(`-o left ${left2.filter((f) => f !== 'out').join(', ')}`);
		if (d.list.length !== 1) reasons.push(`${d.list.length} diagnostics, expected exactly one warning`);
		if (d.list.length >= 1) checkOne(d.list[0], 'warning');
		const w = run(dir, ['check', '-Werror', '--color=never', FILE]);
		const dw = diagnostics(w.stderr).list;
		if (w.status !== 1) reasons.push(`check -Werror exit ${w.status}, expected 1 (CI must fail)`);
		if (dw.length !== 1 || dw[0].severity !== 'error' || !m.lines.includes(dw[0].line)) reasons.push('check -Werror does not give the warning as its one error');
	} else {
		if (chk.status !== 0) reasons.push(`check exit ${chk.status}, expected 0 (the mutant is a valid program: ${m.why})`);
		if (cmp.status !== 0) reasons.push(`-o exit ${cmp.status}, expected 0`);
		if (!left2.includes('out')) reasons.push('-o did not write out/');
		if (left2.some((f) => f !== 'out')) reasons.push(`-o left ${left2.filter((f) => f !== 'out').join(', ')}`);
		if (d.list.length) reasons.push(`${d.list.length} diagnostics, expected none`);
		if (m.same && left2.includes('out')) {
			const got = readTree(path.join(dir, 'out'));
			if (got !== reference) reasons.push('the output differs from what the original reactbin.rbd compiles to');
		}
	}

	// --diagnostics=json: JSON lines, the same diagnostics in the same order.
	const jl = json.stdout.split('\n').filter((x) => x.trim() !== '');
	const objs = [];
	for (const x of jl) {
		try { objs.push(JSON.parse(x)); } catch { reasons.push(`--diagnostics=json: not JSON: ${x.slice(0, 80)}`); }
	}
	if (json.status !== chk.status) reasons.push(`--diagnostics=json exit ${json.status}, text mode exit ${chk.status}`);
	if (objs.length !== d.list.length) reasons.push(`--diagnostics=json gives ${objs.length} objects, text mode ${d.list.length} diagnostics`);
	else objs.forEach((o, k) => {
		const t = d.list[k];
		if (o.file !== FILE || o.line !== t.line || o.column !== t.col || o.severity !== t.severity || o.code !== t.code || o.message !== t.message)
			reasons.push(`--diagnostics=json object ${k + 1} differs from the text diagnostic (${o.line}:${o.column} ${o.severity} ${o.code})`);
		if (!Array.isArray(o.notes) || o.notes.length !== t.notes.length) reasons.push(`--diagnostics=json object ${k + 1} has other notes than the text`);
	});
	return { reasons, output: chk.stderr };
}

// The manifests of the unmutated program, for the mutants that must not change the meaning.
function readTree(d) {
	return fs.readdirSync(d).sort().map((f) => `== ${f}\n${fs.readFileSync(path.join(d, f), 'utf8')}`).join('\n');
}
let reference = '';
{
	const dir = path.join(tmpRoot, 'original');
	fs.mkdirSync(dir);
	fs.writeFileSync(path.join(dir, FILE), source);
	const r = run(dir, ['--color=never', FILE, '-o', 'out']);
	if (r.status !== 0 || r.stderr !== '') {
		console.log(`FAIL the unmutated ${SRC} does not compile cleanly (exit ${r.status}):\n${r.stderr}`);
		process.exit(1);
	}
	reference = readTree(path.join(dir, 'out'));
}

let passed = 0, failed = 0, n = 0;
for (const m of mutants) {
	n++;
	const id = `m${String(n).padStart(3, '0')}`;
	const label = `${id} ${m.kind}: ${m.desc} [expect ${m.status}${m.lines.length ? ` at line ${m.lines.join('|')}` : ''}]`;
	if (filter && !filter.test(label)) continue;
	const dir = path.join(tmpRoot, id);
	fs.mkdirSync(dir);
	fs.writeFileSync(path.join(dir, FILE), m.text);
	if (keep) fs.writeFileSync(path.join(keep, `${id}.rbd`), m.text);
	const { reasons, output } = judge(m, dir);
	if (reasons.length === 0) {
		passed++;
		console.log(`ok   ${label}`);
		if (verbose) for (const x of output.split('\n').filter((y) => y !== '')) console.log(`     | ${x}`);
	}
	else {
		failed++;
		console.log(`FAIL ${label}`);
		for (const r of reasons) console.log(`     - ${r}`);
		const shown = output.split('\n').filter((x) => x !== '');
		for (const x of shown.slice(0, 40)) console.log(`     | ${x}`);
		if (shown.length > 40) console.log(`     | ... (${shown.length - 40} more lines)`);
	}
	fs.rmSync(dir, { recursive: true, force: true });
}
fs.rmSync(tmpRoot, { recursive: true, force: true });
console.log(`mutations: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
