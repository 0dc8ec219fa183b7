// client.mjs: end-to-end tests of `rbdc lsp`, a JSON-RPC client over pipes: framing, lifecycle, limits and every feature.
// usage: node tests/lsp/client.mjs RBDC   (RBDC_WRAP=valgrind runs the server under valgrind; LSP_QUICK=1 skips the
// 1 MB document, for slow wrappers). Every check prints "ok N - what" or "not ok N - what"; exit 1 on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import Module, { createRequire } from 'node:module';

const rbdc = resolve(process.argv[2] || 'build/rbdc');
const here = dirname(fileURLToPath(import.meta.url));
const shopPath = join(here, 'shop.rbd');
const shopText = readFileSync(shopPath, 'utf8');
const shopUri = pathToFileURL(shopPath).href;
const wrap = process.env.RBDC_WRAP === 'valgrind'
	? ['valgrind', '-q', '--error-exitcode=88', '--leak-check=full', '--errors-for-leak-kinds=all', '--show-leak-kinds=all']
	: [];
const slow = wrap.length > 0;
const TIMEOUT = slow ? 120000 : 20000;

// ---- a minimal client ----

function frame(obj) {
	const body = Buffer.from(typeof obj === 'string' ? obj : JSON.stringify({ jsonrpc: '2.0', ...obj }));
	return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

class Server {
	constructor() {
		const cmd = wrap.length ? wrap[0] : rbdc;
		const args = wrap.length ? [...wrap.slice(1), rbdc, 'lsp'] : ['lsp'];
		this.proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
		this.buf = Buffer.alloc(0);
		this.messages = [];
		this.waiters = [];
		this.stderr = '';
		this.nextId = 1;
		this.proc.stdout.on('data', (d) => this.onData(d));
		this.proc.stderr.on('data', (d) => { this.stderr += d; });
		this.proc.stdin.on('error', () => {});
		this.exited = new Promise((res) => this.proc.on('exit', (code, signal) => res({ code, signal })));
	}
	onData(d) {
		this.buf = Buffer.concat([this.buf, d]);
		for (;;) {
			const end = this.buf.indexOf('\r\n\r\n');
			if (end < 0) return;
			const m = /Content-Length: (\d+)/i.exec(this.buf.subarray(0, end).toString());
			if (!m) throw new Error('server sent a header without Content-Length: ' + this.buf.subarray(0, end));
			const len = Number(m[1]);
			if (this.buf.length < end + 4 + len) return;
			const msg = JSON.parse(this.buf.subarray(end + 4, end + 4 + len).toString());
			this.buf = this.buf.subarray(end + 4 + len);
			assert.equal(msg.jsonrpc, '2.0');
			this.messages.push(msg);
			this.wake();
		}
	}
	wake() {
		for (const w of [...this.waiters]) {
			const i = this.messages.findIndex(w.pred);
			if (i >= 0) {
				const [msg] = this.messages.splice(i, 1);
				this.waiters.splice(this.waiters.indexOf(w), 1);
				clearTimeout(w.timer);
				w.res(msg);
			}
		}
	}
	next(pred, what) {
		return new Promise((res, rej) => {
			const w = { pred, res, timer: setTimeout(() => rej(new Error('timed out waiting for ' + what + '; stderr: ' + this.stderr)), TIMEOUT) };
			this.waiters.push(w);
			this.wake();
		});
	}
	write(buf) { this.proc.stdin.write(buf); }
	send(obj) { this.write(frame(obj)); }
	async request(method, params) {
		const id = this.nextId++;
		this.send({ id, method, params });
		return this.next((m) => m.id === id && !m.method, method);
	}
	notify(method, params) { this.send({ method, params }); }
	diagnostics(uri) {
		return this.next((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 'diagnostics of ' + uri);
	}
	async init() {
		const r = await this.request('initialize', { processId: null, rootUri: null, capabilities: {} });
		this.notify('initialized', {});
		return r;
	}
	async open(uri, text, version = 1) {
		this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rbd', version, text } });
		return (await this.diagnostics(uri)).params;
	}
	async stop() {
		await this.request('shutdown', null);
		this.notify('exit', null);
		return this.exited;
	}
}

let n = 0, failed = 0;
async function test(name, fn) {
	n++;
	try {
		await fn();
		console.log(`ok ${n} - ${name}`);
	} catch (e) {
		failed++;
		console.log(`not ok ${n} - ${name}\n  ${String(e.stack || e).split('\n').slice(0, 6).join('\n  ')}`);
	}
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Positions: the CLI counts bytes from 1, LSP UTF-16 code units from 0.
const lines = shopText.split('\n');
function lspPos(line1, byteCol1) {
	const text = lines[line1 - 1];
	return { line: line1 - 1, character: Buffer.from(text).subarray(0, byteCol1 - 1).toString().length };
}
function find(text, needle, nth = 0) { // the LSP position of the nth occurrence of needle in the document
	let at = -1;
	for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
	assert.ok(at >= 0, 'no ' + needle);
	const before = text.slice(0, at).split('\n');
	return { line: before.length - 1, character: before[before.length - 1].length };
}
const shift = (p, d) => ({ line: p.line, character: p.character + d });

// ---- protocol ----

await test('request before initialize: ServerNotInitialized (-32002); notifications ignored; initialize then works', async () => {
	const s = new Server();
	s.notify('textDocument/didOpen', { textDocument: { uri: 'file:///x.rbd', languageId: 'rbd', version: 1, text: 'bogus' } });
	const r = await s.request('textDocument/hover', { textDocument: { uri: 'file:///x.rbd' }, position: { line: 0, character: 0 } });
	assert.equal(r.error.code, -32002);
	const init = await s.init();
	assert.equal(init.result.capabilities.textDocumentSync.change, 1);
	assert.equal(init.result.capabilities.positionEncoding, 'utf-16');
	assert.equal(init.result.serverInfo.name, 'rbdc');
	const again = await s.request('initialize', { capabilities: {} });
	assert.equal(again.error.code, -32600);
	assert.deepEqual(await s.stop(), { code: 0, signal: null });
	assert.equal(s.messages.length, 0, 'no diagnostics for a document opened before initialize');
});

await test('framing: several messages in one write, a message split over many writes, header case', async () => {
	const s = new Server();
	const batch = Buffer.concat([
		frame({ id: 1, method: 'initialize', params: { capabilities: {} } }),
		frame({ method: 'initialized', params: {} }),
		frame({ id: 2, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'file:///none.rbd' } } }),
	]);
	s.write(batch);
	const r1 = await s.next((m) => m.id === 1, 'initialize');
	assert.ok(r1.result.capabilities);
	const r2 = await s.next((m) => m.id === 2, 'symbols of an unopened document');
	assert.equal(r2.error.code, -32602);
	// One message, byte by byte through the header and in three pieces through the body.
	const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'shutdown' }));
	const header = Buffer.from(`content-length: ${body.length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n`);
	for (const b of header) { s.write(Buffer.from([b])); await sleep(1); }
	for (const part of [body.subarray(0, 5), body.subarray(5, 20), body.subarray(20)]) { s.write(part); await sleep(20); }
	const r3 = await s.next((m) => m.id === 3, 'shutdown split over writes');
	assert.equal(r3.result, null);
	s.notify('exit');
	assert.equal((await s.exited).code, 0);
});

await test('invalid JSON: ParseError (-32700) with id null, and the server goes on', async () => {
	const s = new Server();
	await s.init();
	s.write(frame('{"jsonrpc":"2.0","id":7,"method":'));
	const e = await s.next((m) => m.error, 'parse error');
	assert.equal(e.error.code, -32700);
	assert.equal(e.id, null);
	s.write(frame('[1,2]'));
	assert.equal((await s.next((m) => m.error, 'invalid request')).error.code, -32600);
	s.write(frame('"a string"'));
	assert.equal((await s.next((m) => m.error, 'a string')).error.code, -32600);
	s.write(frame('['.repeat(100000) + ']'.repeat(100000))); // deeper than any stack should go
	assert.equal((await s.next((m) => m.error, 'deep nesting')).error.code, -32700);
	s.write(Buffer.from('Content-Length: abc\r\n\r\n'));
	assert.equal((await s.next((m) => m.error, 'bad length')).error.code, -32600);
	assert.equal((await s.stop()).code, 0);
});

await test('unknown method: MethodNotFound (-32601); unknown and $/ notifications get no answer', async () => {
	const s = new Server();
	await s.init();
	s.notify('$/setTrace', { value: 'off' });
	s.notify('workspace/didChangeConfiguration', { settings: {} });
	const r = await s.request('textDocument/semanticTokens/full', { textDocument: { uri: shopUri } });
	assert.equal(r.error.code, -32601);
	assert.match(r.error.message, /semanticTokens/);
	const c = await s.request('$/unknownRequest', {});
	assert.equal(c.error.code, -32601);
	assert.equal(s.messages.length, 0, 'the notifications were answered: ' + JSON.stringify(s.messages));
	assert.equal((await s.stop()).code, 0);
});

await test('a message over the 32 MiB limit is refused with an error response; the server goes on', async () => {
	const s = new Server();
	await s.init();
	const big = 32 * 1024 * 1024 + 1;
	s.write(Buffer.from(`Content-Length: ${big}\r\n\r\n`));
	s.write(Buffer.alloc(big, 0x20));
	const e = await s.next((m) => m.error, 'the refusal');
	assert.equal(e.error.code, -32600);
	assert.match(e.error.message, /at most 33554432/);
	const r = await s.request('shutdown', null);
	assert.equal(r.result, null);
	s.notify('exit');
	assert.equal((await s.exited).code, 0);
});

await test('shutdown then exit: 0; requests after shutdown are refused (-32600)', async () => {
	const s = new Server();
	await s.init();
	await s.request('shutdown', null);
	const r = await s.request('textDocument/hover', { textDocument: { uri: shopUri }, position: { line: 0, character: 0 } });
	assert.equal(r.error.code, -32600);
	s.notify('exit');
	assert.deepEqual(await s.exited, { code: 0, signal: null });
});

await test('exit without shutdown: 1; the end of input without exit: 1', async () => {
	const s = new Server();
	await s.init();
	s.notify('exit');
	assert.equal((await s.exited).code, 1);
	const t = new Server();
	await t.init();
	t.proc.stdin.end();
	assert.equal((await t.exited).code, 1);
});

await test('the input ending inside a message ends the server with 1, without a crash', async () => {
	const s = new Server();
	s.write(Buffer.from('Content-Length: 100\r\n\r\n{"jsonrpc"'));
	s.proc.stdin.end();
	const { code } = await s.exited;
	assert.equal(code, 1);
	assert.match(s.stderr, /ended inside a message/);
});

await test('the command line: `rbdc lsp --stdio` is accepted, other arguments are a usage error (2)', async () => {
	const run = (args) => spawnSync(wrap.length ? wrap[0] : rbdc, [...wrap.slice(1), ...(wrap.length ? [rbdc] : []), ...args],
		{ input: '', encoding: 'utf8' });
	const stdio = run(['lsp', '--stdio']);
	assert.equal(stdio.status, 1, 'the input ended without shutdown: ' + stdio.stderr);
	assert.equal(stdio.stdout, '');
	const bad = run(['lsp', 'file.rbd']);
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /lsp takes no arguments/);
	assert.match(spawnSync(rbdc, ['--help'], { encoding: 'utf8' }).stdout, /rbdc lsp \[--stdio\]/);
});

await test('the VS Code extension starts `rbdc lsp` (vscode-languageclient stdio, which appends --stdio)', async () => {
	// editors/vscode/extension.js loaded with stand-ins for `vscode` and `vscode-languageclient/node`.
	let started;
	const fakes = {
		vscode: {
			workspace: { getConfiguration: () => ({ get: (key, dflt) => (key === 'path' ? rbdc : dflt) }), createFileSystemWatcher: () => ({}) },
			window: { showWarningMessage: () => {} },
		},
		'vscode-languageclient/node': {
			TransportKind: { stdio: 0 },
			LanguageClient: class {
				constructor(id, name, server, client) { started = { id, server, client }; this.outputChannel = { appendLine() {} }; }
				async start() {}
				async stop() {}
			},
		},
	};
	const load = Module._load;
	Module._load = function (request, ...rest) { return request in fakes ? fakes[request] : load.call(this, request, ...rest); };
	try {
		const ext = createRequire(import.meta.url)(join(here, '..', '..', 'editors', 'vscode', 'extension.js'));
		await ext.activate({ subscriptions: [] });
	} finally {
		Module._load = load;
	}
	assert.ok(started, 'the extension started no client');
	assert.deepEqual(started.client.documentSelector.map((d) => d.language), ['rbd', 'rbd']);
	const { command, args } = started.server;
	const r = spawnSync(command, [...args, '--stdio'], { input: Buffer.concat([frame({ id: 1, method: 'initialize', params: {} }),
		frame({ id: 2, method: 'shutdown' }), frame({ method: 'exit' })]), encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /"documentFormattingProvider":true/);
});

// ---- features ----

const s = new Server();
await s.init();
let diags;

await test('diagnostics: the codes, ranges (UTF-16) and notes of `rbdc check --diagnostics=json`, environment tagged', async () => {
	diags = await s.open(shopUri, shopText, 3);
	assert.equal(diags.version, 3);
	const json = spawnSync(rbdc, ['check', '--diagnostics=json', shopPath], { encoding: 'utf8' });
	assert.equal(json.status, 1);
	const want = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
	assert.equal(diags.diagnostics.length, want.length);
	assert.equal(want.length, 2);
	want.forEach((w, i) => {
		const d = diags.diagnostics[i];
		assert.equal(d.code, w.code);
		assert.equal(d.message, w.message);
		assert.equal(d.severity, w.severity === 'error' ? 1 : 2);
		assert.deepEqual(d.range, { start: lspPos(w.line, w.column), end: lspPos(w.end_line, w.end_column) });
		assert.equal(d.relatedInformation.length, w.notes.length);
		w.notes.forEach((note, k) => {
			assert.equal(d.relatedInformation[k].message, note.message);
			assert.equal(d.relatedInformation[k].location.uri, shopUri);
			assert.deepEqual(d.relatedInformation[k].location.range.start, lspPos(note.line, note.column));
		});
	});
	// The misspelt secret stands after "héllo 😀 wörld": bytes and UTF-16 units differ there.
	const e012 = diags.diagnostics[0];
	assert.equal(e012.code, 'E012');
	assert.deepEqual(e012.range.start, find(shopText, 'api-evn'));
	assert.equal(e012.range.end.character - e012.range.start.character, 'api-evn'.length);
	const e009 = diags.diagnostics[1];
	assert.equal(e009.code, 'E009');
	assert.match(e009.message, /^\[env staging\] /);
	assert.deepEqual(e009.data, { environment: 'staging' });
});

await test('hover on a statement: its schema row (usage and doc, as `rbdc --statements` prints them)', async () => {
	const rows = spawnSync(rbdc, ['--statements'], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => l.split('\t'));
	for (const [needle, scope, name] of [['  uses cache', 'app', 'uses'], ['engine keyval {', 'top', 'engine'],
		['  engine keyval\n', 'store', 'engine'], ['  probe tcp', 'engine', 'probe'], ['  namespace shop-staging', 'top', 'namespace']]) {
		const row = rows.find((r) => r[0] === scope && r[1] === name);
		const at = shift(find(shopText, needle), needle.indexOf(name) + 1);
		const r = await s.request('textDocument/hover', { textDocument: { uri: shopUri }, position: at });
		assert.ok(r.result, 'no hover at ' + needle);
		assert.equal(r.result.contents.kind, 'markdown');
		assert.ok(r.result.contents.value.includes(row[2]), `usage of ${scope} ${name}`);
		assert.ok(r.result.contents.value.includes(row[4]), `doc of ${scope} ${name}`);
		assert.equal(r.result.range.start.character, needle.indexOf(name));
	}
	const none = await s.request('textDocument/hover', { textDocument: { uri: shopUri }, position: find(shopText, 'letsencrypt') });
	assert.equal(none.result, null);
	// Outside the document: clamped, not an error; a malformed position: InvalidParams.
	const past = await s.request('textDocument/hover', { textDocument: { uri: shopUri }, position: { line: 99999, character: 1e12 } });
	assert.equal(past.result, null);
	const bad = await s.request('textDocument/hover', { textDocument: { uri: shopUri }, position: { line: -1, character: 0 } });
	assert.equal(bad.error.code, -32602);
});

await test('hover on a diagnostic: the `rbdc explain CODE` text', async () => {
	for (const d of diags.diagnostics) {
		const explain = spawnSync(rbdc, ['explain', d.code], { encoding: 'utf8' }).stdout;
		const body = explain.split('\n\n').slice(1).join('\n\n').trim();
		const r = await s.request('textDocument/hover', { textDocument: { uri: shopUri }, position: shift(d.range.start, 1) });
		assert.ok(r.result.contents.value.includes(body), 'explain text of ' + d.code);
		assert.ok(r.result.contents.value.includes(`**${d.code}**`));
	}
});

const complete = async (text, pos) => {
	const uri = 'file:///tmp/complete.rbd';
	s.notify('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ text }] });
	await s.diagnostics(uri);
	const r = await s.request('textDocument/completion', { textDocument: { uri }, position: pos });
	return r.result.items;
};

await test('completion: the statements of the block at the cursor, from the schema table', async () => {
	const uri = 'file:///tmp/complete.rbd';
	await s.open(uri, '');
	const rows = spawnSync(rbdc, ['--statements'], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => l.split('\t'));
	const names = (scope) => rows.filter((r) => r[0] === scope).map((r) => r[1]).sort();
	const labels = (items) => items.map((i) => i.label).sort();
	const inApp = shopText.replace('  route /api\n', '  route /api\n  \n');
	assert.deepEqual(labels(await complete(inApp, { line: find(inApp, '  route /api\n').line + 1, character: 2 })), names('app'));
	assert.deepEqual(labels(await complete(shopText + '\n', { line: lines.length, character: 0 })), names('top'));
	// Half-typed, in an unclosed block: still the block's statements, the word replaced whole.
	const open = 'project p\nstore media {\n  si';
	const items = await complete(open, { line: 2, character: 4 });
	assert.deepEqual(labels(items), names('store'));
	const size = items.find((i) => i.label === 'size');
	assert.deepEqual(size.textEdit.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 4 } });
	assert.equal(size.detail, rows.find((r) => r[0] === 'store' && r[1] === 'size')[2]);
	// An environment holds top-level statements, but neither project nor environment.
	const env = 'project p\nenvironment staging {\n  \n}\n';
	const envLabels = labels(await complete(env, { line: 2, character: 2 }));
	assert.deepEqual(envLabels, names('top').filter((x) => x !== 'project' && x !== 'environment'));
	const vault = 'vault { auth a; ';
	assert.deepEqual(labels(await complete(vault, { line: 0, character: vault.length })), names('vault'));
});

await test('completion: declared names where a reference is expected (secrets, uses, image of, store engine)', async () => {
	const at = (text, needle) => { const p = find(text, needle); return shift(p, needle.length); };
	const cases = [
		['  secrets ', ['api-env', 'cache-auth']],
		['  uses cache, ', ['api', 'cache', 'web']],
		['  image of ', ['api', 'web']],
		['  engine ', ['keyval', 'minio', 'postgres', 'redis']],
	];
	for (const [needle, want] of cases) {
		const anchor = { '  secrets ': '  secrets api-env\n}', '  uses cache, ': '  uses cache, web', '  image of ': '  image of api\n  command', '  engine ': '  engine keyval' }[needle];
		const text = shopText.replace(anchor, needle + anchor.slice(needle.length).replace(/^[\w-]+/, ''));
		const items = await complete(text, at(text, needle));
		assert.deepEqual(items.map((i) => i.label).sort(), want, needle);
	}
	const of = await complete('app a {\n  image \n}\n', { line: 1, character: 8 });
	assert.deepEqual(of.map((i) => i.label), ['of']);
	// Typing in a block not yet closed: the parser gives up at the end of the file, the names are still there.
	const open = 'secret s from vault "p" { keys A }\napp a {\n  secrets ';
	assert.deepEqual((await complete(open, { line: 2, character: 10 })).map((i) => i.label), ['s']);
});

await test('completion: the fix a diagnostic suggests ("did you mean"), first', async () => {
	const pos = shift(find(shopText, 'api-evn'), 'api-evn'.length);
	const items = await complete(shopText, pos);
	assert.equal(items[0].label, 'api-env');
	assert.equal(items[0].sortText, '0');
	assert.match(items[0].detail, /E012/);
	assert.deepEqual(items[0].textEdit.range, { start: find(shopText, 'api-evn'), end: pos });
	const typo = 'project p\napp api {\n  imgae\n}\n';
	const fix = await complete(typo, { line: 2, character: 7 });
	assert.equal(fix[0].label, 'image');
	assert.match(fix[0].detail, /E003/);
});

await test('definition: from secrets, uses, image of and store engine to the declaration', async () => {
	const def = async (needle, offset) => (await s.request('textDocument/definition', {
		textDocument: { uri: shopUri }, position: shift(find(shopText, needle), offset) })).result;
	const nameRange = (decl, name) => {
		const start = shift(find(shopText, decl), decl.length - name.length);
		return { start, end: shift(start, name.length) };
	};
	assert.deepEqual(await def('  secrets api-env\n}', 12), { uri: shopUri, range: nameRange('secret api-env', 'api-env') });
	assert.deepEqual(await def('uses cache, web', 6), { uri: shopUri, range: nameRange('store cache', 'cache') });
	assert.deepEqual(await def('uses cache, web', 13), { uri: shopUri, range: nameRange('app web', 'web') });
	assert.deepEqual(await def('image of api', 10), { uri: shopUri, range: nameRange('app api', 'api') });
	assert.deepEqual(await def('  engine keyval', 10), { uri: shopUri, range: nameRange('engine keyval', 'keyval') });
	assert.equal(await def('secrets api-evn', 10), null, 'an undeclared name');
	assert.equal(await def('port 8080', 6), null, 'not a reference');
	assert.equal(await def('secret cache-auth', 9), null, 'a declaration itself');
});

await test('documentSymbol: secrets, engines, apps, stores, jobs and environments with their ranges', async () => {
	const r = (await s.request('textDocument/documentSymbol', { textDocument: { uri: shopUri } })).result;
	const flat = r.map((x) => `${x.detail} ${x.name} ${x.kind}`);
	assert.deepEqual(flat, ['secret api-env 20', 'secret cache-auth 20', 'engine keyval 11', 'app api 5', 'app web 5',
		'store cache 23', 'job migrate 12', 'environment staging 3']);
	const api = r.find((x) => x.name === 'api');
	assert.deepEqual(api.range.start, find(shopText, 'app api {'));
	assert.deepEqual(api.range.end, { line: find(shopText, '  route /api\n}').line + 1, character: 1 });
	assert.deepEqual(api.selectionRange.start, shift(find(shopText, 'app api {'), 4));
	const env = r.find((x) => x.name === 'staging');
	assert.deepEqual(env.children.map((x) => `${x.detail} ${x.name}`), ['app web']);
});

await test('formatting: `rbdc fmt` as one edit; none when canonical; null on a syntax error', async () => {
	const uri = 'file:///tmp/fmt.rbd';
	const messy = 'project   p  # the project\napp api {image; port 8000\n    health /healthz}\n\n\n';
	await s.open(uri, messy);
	const want = spawnSync(rbdc, ['fmt', '-'], { input: messy, encoding: 'utf8' }).stdout;
	const r = (await s.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).result;
	assert.equal(r.length, 1);
	assert.equal(r[0].newText, want);
	assert.deepEqual(r[0].range, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } });
	s.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: want }] });
	await s.diagnostics(uri);
	const none = (await s.request('textDocument/formatting', { textDocument: { uri }, options: {} })).result;
	assert.deepEqual(none, []);
	s.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'app api {\n' }] });
	const broken = await s.diagnostics(uri);
	assert.ok(broken.params.diagnostics.length > 0);
	const refused = await s.request('textDocument/formatting', { textDocument: { uri }, options: {} });
	assert.equal(refused.result, null);
	assert.equal(refused.error, undefined);
});

await test('didChange (full and ranged) re-checks as you type; didClose clears the diagnostics', async () => {
	const fixed = shopText.replace('api-evn', 'api-env').replace('replicas 0', 'replicas 1');
	s.notify('textDocument/didChange', { textDocument: { uri: shopUri, version: 4 }, contentChanges: [{ text: fixed }] });
	const d = (await s.diagnostics(shopUri)).params;
	assert.equal(d.version, 4);
	assert.deepEqual(d.diagnostics, []);
	// A ranged change after the emoji: "replicas 1" back to "replicas 0" (UTF-16 positions).
	const at = shift(find(fixed, 'replicas 1'), 'replicas '.length);
	s.notify('textDocument/didChange', { textDocument: { uri: shopUri, version: 5 },
		contentChanges: [{ range: { start: at, end: shift(at, 1) }, text: '0' }] });
	const d2 = (await s.diagnostics(shopUri)).params;
	assert.deepEqual(d2.diagnostics.map((x) => x.code), ['E009']);
	const after = shift(find(fixed, 'secrets api-env\n  uses'), 'secrets api-'.length);
	s.notify('textDocument/didChange', { textDocument: { uri: shopUri, version: 6 },
		contentChanges: [{ range: { start: after, end: shift(after, 3) }, text: 'evn' }] });
	const d3 = (await s.diagnostics(shopUri)).params;
	assert.deepEqual(d3.diagnostics.map((x) => x.code), ['E012', 'E009']);
	s.notify('textDocument/didClose', { textDocument: { uri: shopUri } });
	const closed = (await s.diagnostics(shopUri)).params;
	assert.deepEqual(closed.diagnostics, []);
	const r = await s.request('textDocument/hover', { textDocument: { uri: shopUri }, position: { line: 0, character: 0 } });
	assert.equal(r.error.code, -32602);
});

await test('a percent-encoded URI: the diagnostics still point into the document', async () => {
	const uri = 'file:///tmp/my%20d%C3%A9mo%ff.rbd';
	const d = await s.open(uri, 'project p\napp api {\n  imgae\n}\n');
	const e003 = d.diagnostics.find((x) => x.code === 'E003');
	assert.ok(e003, JSON.stringify(d.diagnostics));
	assert.deepEqual(e003.range.start, { line: 2, character: 2 });
	assert.match(e003.message, /^unknown statement 'imgae'/);
});

await test('a secret value is masked in diagnostics as in the CLI', async () => {
	const uri = 'file:///tmp/secret.rbd';
	const value = ['hunt', 'er2'].join(''); // assembled: no secret-shaped literal in the repository
	const text = `project p\napp api {\n  image "x/y:1"\n  port 80\n  health tcp\n  env DB_PASSWORD "${value}"\n}\n`;
	const d = await s.open(uri, text);
	assert.ok(d.diagnostics.some((x) => x.code === 'E013'));
	assert.ok(!JSON.stringify(d).includes(value), 'the value leaked: ' + JSON.stringify(d));
});

if (!process.env.LSP_QUICK) {
	await test('a 1 MB document: diagnostics, hover and symbols at its end', async () => {
		const head = 'project big\ndomain big.example.com\nregistry ghcr.io/example\ntag "1"\n';
		let body = '';
		let i = 0;
		while (head.length + body.length < 1024 * 1024)
			body += `app a${i++} {\n  image\n  port 8000\n  health /healthz\n  env NOTE "${'x'.repeat(40)}"\n}\n`;
		const text = head + body + 'app last {\n  imgae\n}\n';
		const uri = 'file:///tmp/big.rbd';
		const t0 = Date.now();
		const d = await s.open(uri, text);
		assert.ok(text.length >= 1024 * 1024);
		assert.ok(d.diagnostics.some((x) => x.code === 'E003'), JSON.stringify(d.diagnostics.map((x) => x.code)));
		const portLine = text.slice(0, text.lastIndexOf('  port 8000')).split('\n').length - 1;
		const h = await s.request('textDocument/hover', { textDocument: { uri }, position: { line: portLine, character: 3 } });
		assert.match(h.result.contents.value, /```rbd\nport N/);
		const sym = await s.request('textDocument/documentSymbol', { textDocument: { uri } });
		assert.equal(sym.result.length, i + 1);
		console.log(`# 1 MB document: ${text.length} bytes, ${i + 1} apps, ${Date.now() - t0} ms`);
	});
}

await test('the server ends cleanly (shutdown, exit 0, nothing on stderr)', async () => {
	const r = await s.stop();
	assert.deepEqual(r, { code: 0, signal: null });
	assert.equal(s.stderr, '');
});

console.log(`# lsp: ${n - failed} of ${n} passed`);
process.exit(failed ? 1 : 0);
