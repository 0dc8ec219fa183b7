// tests/secrets/secrets.mjs RBDC WORKDIR REPO: the plaintext-secret rule (E013) against a corpus (issues 4 and 8).
//
//  1. Every must-reject value of tests/secrets/corpus.mjs, as `env SOME_SETTING "VALUE"` (a neutral name, so only
//     the value can trip the rule), makes `rbdc check` exit 1 with an E013 error on that line, in the text, JSON
//     and SARIF formats, and `rbdc FILE -o -` writes nothing.
//  2. No diagnostic output (text, JSON, SARIF, nor the compile's stderr) holds a must-reject value in full, as
//     written or escaped: rbdc masks secret values in its excerpts.
//  3. Every must-pass value compiles without any diagnostic.
//  3b. Issue 8: every carrier (a bare word, a path, a route, a number or quantity position, a statement name, a secrets
//     list, a keys list, a migrate command, an app name, an image tag, a non-ASCII word, a duration) with every must-reject value
//     that fits it: every run (check in text, JSON and SARIF; compile to -o - and to -o DIR) fails, writes no YAML,
//     and prints no GRAM-character piece of the value (rbdc shows only its first character). Environment variables
//     whose name alone says secret are refused, and their near misses compile.
//  4. The scanner of corpus.mjs (the same shapes as regular expressions) flags every must-reject value and no
//     must-pass value; it then finds nothing in the output of `RBDC reactbin.rbd -o DIR`, in the committed k8s/,
//     nor in the files of tests/secrets, tests/yaml and tests/files (the repository holds no secret-shaped literal).
// Entries that fail are reported by id and shape; must-reject values are shown redacted. The totals are checked
// against EXPECTED below, so a corpus or carrier list that silently shrinks fails. rbdc runs in WORKDIR on relative
// file names (and on reactbin.rbd from REPO), so nothing depends on where the repository is cloned. Last line:
//   secrets: N passed, M failed
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeCorpus, scan } from './corpus.mjs';
import { frameworkSettings } from './frameworks.mjs';

const [rbdc, work, repo] = process.argv.slice(2);
if (!rbdc || !work || !repo) {
	console.error('usage: node tests/secrets/secrets.mjs RBDC WORKDIR REPO');
	process.exit(2);
}
mkdirSync(work, { recursive: true });

let passed = 0, failed = 0;
const missed = [], wronglyRejected = [];
const ok = () => { passed++; };
const fail = (what, detail) => {
	failed++;
	console.log(`FAIL - ${what}`);
	if (detail) for (const l of String(detail).split('\n')) console.log(`       ${l}`);
};
const redact = (v) => `${JSON.stringify(v.slice(0, 6)).slice(0, -1)}...", ${v.length} chars`;

// rbd's string syntax: double quotes with C escapes.
const rbdInner = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
const jsonInner = (v) => JSON.stringify(v).slice(1, -1);

const ENV_LINE = 4;
const program = (value) => `project p
app a0 {
  image "reg.io/x:1"; port 8080; health /healthz
  env SOME_SETTING "${rbdInner(value)}"
}
`;

// Every run happens in WORKDIR on a relative file name: diagnostics and headers never carry the clone's path.
const run = (args, opts = {}) => {
	const r = spawnSync(rbdc, args, { maxBuffer: 1 << 26, cwd: work, ...opts });
	return { status: r.status, signal: r.signal, stdout: String(r.stdout || ''), stderr: String(r.stderr || '') };
};

const { reject, pass, namedReject, namedPass } = makeCorpus();
// The sizes this suite was written for: a corpus, or a carrier list, that shrinks without this table changing fails.
const EXPECTED = { reject: 84, pass: 91, namedReject: 12, namedPass: 8, frameworks: 125, carriers: 15, carrierCases: 821, passed: 1429 };
for (const [what, n] of [['reject', reject.length], ['pass', pass.length], ['namedReject', namedReject.length], ['namedPass', namedPass.length],
	['frameworks', frameworkSettings.length]])
	if (n !== EXPECTED[what]) fail(`the corpus has ${n} ${what} entries, expected ${EXPECTED[what]} (update EXPECTED with the corpus)`);

// No piece of GRAM characters of a secret, in any of its written forms, may show: rbdc prints only its first one.
const GRAM = 8;
const pieces = (value) => {
	const forms = [...new Set([value, rbdInner(value), jsonInner(value), jsonInner(rbdInner(value))])];
	const out = new Set();
	for (const f of forms) {
		if (f.length <= GRAM) { if (f.length > 2) out.add(f.slice(1)); continue; }
		for (let i = 0; i + GRAM <= f.length; i++) out.add(f.slice(i, i + GRAM));
	}
	return [...out];
};
// SARIF's fixed rule descriptions (tool.driver) quote no input; only the results can.
const sarifResults = (out) => (out.includes('"results":') ? out.slice(out.indexOf('"results":')) : out);
const leaks = (value, outputs) => {
	const ps = pieces(value);
	return outputs.filter(([where, out]) => ps.some((p) => (/sarif/.test(where) ? sarifResults(out) : out).includes(p))).map(([where]) => where);
};

let seq = 0;
for (const e of reject) {
	const file = `r${seq++}.rbd`;
	writeFileSync(join(work, file), program(e.value));
	const label = `${e.id} ${e.shape} (${redact(e.value)})`;
	const text = run(['check', '--color=never', file]);
	const json = run(['check', '--diagnostics=json', file]);
	const sarif = run(['check', '--diagnostics=sarif', file]);
	const comp = run([file, '-o', '-']);
	const problems = [];
	const textHit = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${ENV_LINE}:\\d+: error: .*\\[E013\\]$`, 'm').test(text.stderr);
	if (text.status !== 1 || !textHit) problems.push(`text: exit ${text.status}, ${textHit ? 'an' : 'no'} E013 error on line ${ENV_LINE}`);
	let jsonDiags = [];
	try {
		jsonDiags = json.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
	} catch (err) {
		problems.push(`json: not one JSON object per line: ${err.message}`);
	}
	const jsonHit = jsonDiags.some((d) => d.code === 'E013' && d.severity === 'error' && d.line === ENV_LINE);
	if (json.status !== 1 || !jsonHit) problems.push(`json: exit ${json.status}, codes ${JSON.stringify(jsonDiags.map((d) => `${d.code}@${d.line}`))}`);
	let sarifHit = false;
	try {
		const log = JSON.parse(sarif.stdout);
		sarifHit = log.runs.some((r) => (r.results || []).some((x) => x.ruleId === 'E013' &&
			(x.locations || []).some((l) => l.physicalLocation.region.startLine === ENV_LINE)));
	} catch (err) {
		problems.push(`sarif: not JSON: ${err.message}`);
	}
	if (sarif.status !== 1 || !sarifHit) problems.push(`sarif: exit ${sarif.status}, ${sarifHit ? 'an' : 'no'} E013 result on line ${ENV_LINE}`);
	if (comp.status !== 1 || comp.stdout.length) problems.push(`compile -o -: exit ${comp.status}, ${comp.stdout.length} bytes on stdout`);
	const caught = !problems.length;
	if (!caught) {
		missed.push(e);
		const codes = jsonDiags.map((d) => d.code).join(',') || 'none';
		fail(`${label}: not rejected with E013 (rbdc's diagnostics: ${codes})`, problems.join('\n'));
	} else ok();

	// No piece of the value shows, in whatever form: as is, escaped for rbd, escaped for JSON.
	const leaked = leaks(e.value, [['text', text.stderr], ['json', json.stdout], ['sarif', sarif.stdout], ['compile stderr', comp.stderr]]);
	if (leaked.length) fail(`${label}: the diagnostics print a piece of the value (${leaked.join(', ')})`);
	else ok();
}

for (const e of pass) {
	const file = `p${seq++}.rbd`;
	writeFileSync(join(work, file), program(e.value));
	const r = run(['check', '--diagnostics=json', file]);
	const c = run([file, '-o', '-']);
	if (r.status !== 0 || r.stdout.trim() || c.status !== 0) {
		wronglyRejected.push(e);
		const d = r.stdout.split('\n').filter(Boolean).map((l) => { try { const x = JSON.parse(l); return `${x.code} ${x.message}`; } catch { return l; } });
		fail(`${e.id} ${JSON.stringify(e.value)}: an ordinary value is refused (check exit ${r.status}, compile exit ${c.status})`, d.join('\n'));
	} else ok();
}

// Issue 8: every token kind and statement position that can carry a value, and every diagnostic that quotes one.
const WORD = /^[A-Za-z0-9_][-A-Za-z0-9_.:@/+]*$/;
const PATHISH = /^[^ \t\r\n;{}<>#",]*$/;
const ANY = /[^]/;
const inApp = (stmt) => `project p\napp a0 {\n  image "reg.io/x:1"; port 8080; health /healthz\n  ${stmt}\n}\n`;
// [name, values it fits, program, whether the rules run (then E013 must be among the errors)]
const carriers = [
	['a bare word after NAME= (a syntax error)', WORD, (v) => inApp(`env GITHUB_TOKEN=${v}`), false],
	['a bare word as an env value', WORD, (v) => inApp(`env SOME_SETTING ${v}`), true],
	['a route (E017)', PATHISH, (v) => inApp(`route /x?${v}`), true],
	['a health path (E005)', PATHISH, (v) => inApp(`health /${v}`), true],
	['a cpu quantity (E019)', WORD, (v) => inApp(`cpu ${v}`), true],
	['a replicas number (E009)', WORD, (v) => inApp(`replicas ${v}`), true],
	['a secrets list (E012 and its note)', WORD, (v) => inApp(`secrets ${v}`), true],
	['a statement name (E003)', WORD, (v) => inApp(v), true],
	['a keys list', WORD, (v) => `project p\nvault { auth p; mount kv }\nsecret s from vault "p/s" { keys A, ${v} }\n`, true],
	['a migrate command', ANY, (v) => inApp(`migrate "run ${rbdInner(v)}"`), true],
	['an app name (E008 and its did-you-mean)', WORD, (v) => `project p\napp ${v} { image "reg.io/x:1"; port 8080; health /healthz }\n`, true],
	['an image tag (E022)', ANY, (v) => `project p\nregistry reg.io\ntag "${rbdInner(v)}"\napp a0 { image; port 8080; health /healthz }\n`, true],
	['a non-ASCII word (E002)', WORD, (v) => `project ${v}\u00e9\n`, false],
	['a duration (E020)', WORD, (v) => `project p\ndefaults { probe-delay ${v} }\n`, true],
	['an app name in E006 and its notes', WORD, (v) => `project p\napp ${v} { }\n`, true],
];
if (carriers.length !== EXPECTED.carriers) fail(`${carriers.length} carriers, expected ${EXPECTED.carriers}`);
let carrierCases = 0;
for (const [name, fits, make, rulesRun] of carriers) {
	for (const e of reject.filter((x) => fits.test(x.value))) {
		carrierCases++;
		const file = `c${seq++}.rbd`;
		writeFileSync(join(work, file), make(e.value));
		const outDir = `out${seq}`;
		const text = run(['check', '--color=never', file]);
		const json = run(['check', '--diagnostics=json', file]);
		const sarif = run(['check', '--diagnostics=sarif', file]);
		const stream = run([file, '-o', '-']);
		const dir = run([file, '-o', outDir]);
		const problems = [];
		let codes = [];
		try {
			codes = json.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).code);
		} catch (err) {
			problems.push(`json: not one JSON object per line: ${err.message}`);
		}
		try {
			JSON.parse(sarif.stdout);
		} catch (err) {
			problems.push(`sarif: not JSON: ${err.message}`);
		}
		const statuses = [text, json, sarif, stream, dir].map((r) => r.status);
		if (statuses.some((x) => x !== 1)) problems.push(`exit statuses ${statuses.join(' ')}, expected 1 for every run`);
		if (rulesRun && !codes.includes('E013')) problems.push(`no E013 among ${codes.join(',') || 'no diagnostics'}`);
		if (stream.stdout.length) problems.push(`-o - wrote ${stream.stdout.length} bytes of YAML`);
		if (existsSync(join(work, outDir))) problems.push('-o DIR created the directory');
		const leaked = leaks(e.value, [['check text', text.stderr], ['check json', json.stdout], ['check sarif', sarif.stdout],
			['-o - stderr', stream.stderr], ['-o DIR stderr', dir.stderr]]);
		if (leaked.length) problems.push(`a piece of the value shows in: ${leaked.join(', ')}`);
		if (problems.length) fail(`${name}, ${e.id} ${e.shape} (${redact(e.value)})`, problems.join('\n'));
		else ok();
	}
}

// Issue 8: the name alone says secret (abbreviations, key names), whatever the value looks like; near misses compile.
for (const e of namedReject) {
	const file = `n${seq++}.rbd`;
	writeFileSync(join(work, file), inApp(`env ${e.name} "${rbdInner(e.value)}"`));
	const json = run(['check', '--diagnostics=json', file]);
	const comp = run([file, '-o', '-']);
	const codes = json.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).code);
	const leaked = leaks(e.value, [['json', json.stdout], ['compile stderr', comp.stderr]]);
	if (json.status !== 1 || !codes.includes('E013') || comp.status !== 1 || comp.stdout.length || leaked.length)
		fail(`env ${e.name} (${redact(e.value)}) is not refused with E013 and masked`, `codes ${codes.join(',')}; leaks: ${leaked.join(', ') || 'none'}`);
	else ok();	// The same line broken by a syntax error (the rules never run): the scanner alone hides the value.
	for (const broken of [`env ${e.name} "${rbdInner(e.value)}",`, `env ${e.name}=${e.value}`]) {
		const bfile = `n${seq++}.rbd`;
		writeFileSync(join(work, bfile), inApp(broken));
		const outs = [['text', run(['check', bfile]).stderr], ['json', run(['check', '--diagnostics=json', bfile]).stdout],
			['sarif', run(['check', '--diagnostics=sarif', bfile]).stdout]];
		const bleaked = leaks(e.value, outs);
		if (bleaked.length) fail(`${broken.replace(e.value, redact(e.value))}: a syntax error shows the value (${bleaked.join(', ')})`);
		else ok();
	}
}
for (const e of namedPass) {
	const file = `m${seq++}.rbd`;
	writeFileSync(join(work, file), program(e.value).replace('SOME_SETTING', e.name));
	const r = run(['check', '--diagnostics=json', file]);
	if (r.status !== 0 || r.stdout.trim()) fail(`env ${e.name} ${JSON.stringify(e.value)}: an ordinary name is refused`, r.stdout);
	else ok();
}
// Issue 12: real framework settings whose names hold a secret word but whose values are ordinary.
for (const [framework, name, value] of frameworkSettings) {
	const file = `f${seq++}.rbd`;
	writeFileSync(join(work, file), inApp(`env ${name} "${rbdInner(value)}"`));
	const r = run(['check', '--diagnostics=json', file]);
	if (r.status !== 0 || r.stdout.trim()) fail(`${framework} setting env ${name} ${JSON.stringify(value)} is refused`, r.stdout);
	else ok();
}

// The scanner agrees with the corpus.
for (const e of reject) {
	if (!scan(e.value).length) fail(`scanner self-test: ${e.id} ${e.shape} (${redact(e.value)}) is not flagged`);
	else ok();
}
for (const e of pass) {
	const f = scan(e.value);
	if (f.length) fail(`scanner self-test: ${e.id} ${JSON.stringify(e.value)} is flagged (${f.map((x) => x.rule).join(', ')})`);
	else ok();
}

// The scanner finds nothing in what rbdc generates for reactbin, nor in this repository's test files.
function filesUnder(dir) {
	const out = [];
	for (const name of readdirSync(dir)) {
		if (name === 'node_modules' || name === '.git') continue;
		const p = join(dir, name);
		if (statSync(p).isDirectory()) out.push(...filesUnder(p));
		else out.push(p);
	}
	return out;
}
function scanFiles(what, files, base) {
	const findings = [];
	for (const f of files) for (const x of scan(readFileSync(f, 'utf8'))) findings.push(`${relative(base, f)}:${x.line}: ${x.rule}`);
	if (!files.length) fail(`${what}: no files to scan`);
	else if (findings.length) fail(`${what}: the scanner finds secret-shaped text`, findings.join('\n'));
	else ok();
	return files.length;
}
const out = join(work, 'reactbin-out');
rmSync(out, { recursive: true, force: true });
const rb = run(['reactbin.rbd', '-o', out], { cwd: repo }); // relative: the header names reactbin.rbd, not the clone's path
if (rb.status !== 0) fail(`rbdc reactbin.rbd -o DIR exits ${rb.status}`, rb.stderr);
else scanFiles('the output of reactbin.rbd', filesUnder(out), out);
if (existsSync(join(repo, 'k8s'))) scanFiles('the committed k8s/', filesUnder(join(repo, 'k8s')), repo);
for (const d of ['tests/secrets', 'tests/yaml', 'tests/files'])
	if (existsSync(join(repo, d))) scanFiles(`the files of ${d}`, filesUnder(join(repo, d)), repo);

console.log(`secrets: corpus of ${reject.length} must-reject shapes and ${pass.length} must-pass values`);
if (missed.length) console.log(`secrets: rbdc does not reject ${missed.length}: ${missed.map((e) => `${e.id} ${e.shape}`).join('; ')}`);
if (wronglyRejected.length) console.log(`secrets: rbdc wrongly rejects ${wronglyRejected.length}: ${wronglyRejected.map((e) => `${e.id} ${JSON.stringify(e.value)}`).join('; ')}`);
console.log(`secrets: ${carrierCases} carrier cases over ${carriers.length} carriers`);
if (carrierCases !== EXPECTED.carrierCases) fail(`${carrierCases} carrier cases, expected ${EXPECTED.carrierCases}`);
if (!failed && passed !== EXPECTED.passed) fail(`${passed} checks passed, expected ${EXPECTED.passed}: a part of the suite did not run`);
console.log(`secrets: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
