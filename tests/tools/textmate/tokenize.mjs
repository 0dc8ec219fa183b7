// tests/tools/textmate/tokenize.mjs GRAMMAR: tokenizes a sample program with the VS Code extension's TextMate grammar
// through vscode-textmate and vscode-oniguruma (VS Code's own engine) and checks the scope of known words.
// Prints "ok"/"FAIL" lines and "textmate: N passed, M failed".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const grammarPath = process.argv[2];
const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
await oniguruma.loadWASM(wasm);
const registry = new vsctm.Registry({
	onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
	loadGrammar: async () => vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath),
});
const grammar = await registry.loadGrammar('source.rbd');

const lines = [
	'project shop # the project',
	'app web { image "ghcr.io/x/web:1.0\\n"; port 8000; health /healthz',
	'  cpu 100m; memory 512Mi; route /api/',
	'}',
	'secret db from vault "shop/db" { keys DATABASE_URL }',
	'vault < refresh 30s; some-new-statement x >',
];
const tokens = [];
let state = vsctm.INITIAL;
for (const line of lines) {
	const r = grammar.tokenizeLine(line, state);
	tokens.push(r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
	state = r.ruleStack;
}
let pass = 0, fail = 0;
// expect LINE TEXT SCOPE-PREFIX: the token of line LINE (1-based) whose text is TEXT has a scope starting with SCOPE.
function expect(line, text, scope) {
	const t = tokens[line - 1].find((x) => x.text.trim() === text);
	const got = t ? t.scopes.join(' ') : '(no such token)';
	if (t && t.scopes.some((s) => s.startsWith(scope))) { pass++; console.log(`ok   ${line}: '${text}' is ${scope}`); }
	else { fail++; console.log(`FAIL ${line}: '${text}' is ${scope} (got ${got})`); }
}
function expectNot(line, text, scope) {
	const t = tokens[line - 1].find((x) => x.text.trim() === text);
	if (t && !t.scopes.some((s) => s.startsWith(scope))) { pass++; console.log(`ok   ${line}: '${text}' is not ${scope}`); }
	else { fail++; console.log(`FAIL ${line}: '${text}' is not ${scope} (got ${t ? t.scopes.join(' ') : 'no token'})`); }
}
expect(1, 'project', 'keyword.other.statement');
expectNot(1, 'shop', 'keyword.other.statement');
expect(1, 'the project', 'comment.line');
expect(1, '#', 'comment.line');
expect(2, 'app', 'keyword.other.statement');
expect(2, 'image', 'keyword.other.statement');
expect(2, 'ghcr.io/x/web:1.0', 'string.quoted.double');
expect(2, '\\n', 'constant.character.escape');
expect(2, 'port', 'keyword.other.statement');
expect(2, '8000', 'constant.numeric');
expect(2, '/healthz', 'string.unquoted.path');
expect(3, 'cpu', 'keyword.other.statement');
expect(3, '100m', 'constant.numeric');
expect(3, '512Mi', 'constant.numeric.quantity');
expect(3, '/api/', 'string.unquoted.path');
expect(4, '}', 'punctuation.section.block');
expect(5, 'from vault', 'keyword.other.from-vault');
expect(5, 'keys', 'keyword.other.statement');
expectNot(5, 'DATABASE_URL', 'keyword.other.statement');
expect(6, '30s', 'constant.numeric.duration');
expect(6, 'some-new-statement', 'keyword.other.statement');
console.log(`textmate: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
