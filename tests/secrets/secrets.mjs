// tests/secrets/secrets.mjs RBDC WORKDIR REPO: the plaintext-secret rule (E013) against a corpus (issue 4).
//
//  1. Every must-reject value of tests/secrets/corpus.mjs, as `env SOME_SETTING "VALUE"` (a neutral name, so only
//     the value can trip the rule), makes `rbdc check` exit 1 with an E013 error on that line, in the text, JSON
//     and SARIF formats, and `rbdc FILE -o -` writes nothing.
//  2. No diagnostic output (text, JSON, SARIF, nor the compile's stderr) holds a must-reject value in full, as
//     written or escaped: rbdc masks secret values in its excerpts.
//  3. Every must-pass value compiles without any diagnostic.
//  4. The scanner of corpus.mjs (the same shapes as regular expressions) flags every must-reject value and no
//     must-pass value; it then finds nothing in the output of `RBDC reactbin.rbd -o DIR`, in the committed k8s/,
//     nor in the files of tests/secrets, tests/yaml and tests/files (the repository holds no secret-shaped literal).
// Entries that fail are reported by id and shape; must-reject values are shown redacted. Last line:
//   secrets: N passed, M failed
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeCorpus, scan } from './corpus.mjs';

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

const run = (args, opts = {}) => {
	const r = spawnSync(rbdc, args, { maxBuffer: 1 << 26, ...opts });
	return { status: r.status, signal: r.signal, stdout: String(r.stdout || ''), stderr: String(r.stderr || '') };
};

const { reject, pass } = makeCorpus();
if (reject.length < 50 || pass.length < 50) fail(`the corpus is too small: ${reject.length} must-reject, ${pass.length} must-pass`);

let seq = 0;
for (const e of reject) {
	const file = join(work, `r${seq++}.rbd`);
	writeFileSync(file, program(e.value));
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

	// The value never shows in full, in whatever form: as is, escaped for rbd, escaped for JSON.
	const forms = [...new Set([e.value, rbdInner(e.value), jsonInner(e.value), jsonInner(rbdInner(e.value))])];
	const leaks = [];
	for (const [where, out] of [['text', text.stderr], ['json', json.stdout], ['sarif', sarif.stdout], ['compile stderr', comp.stderr]])
		if (forms.some((f) => out.includes(f))) leaks.push(where);
	if (leaks.length) fail(`${label}: the diagnostics print the value in full (${leaks.join(', ')})`);
	else ok();
}

for (const e of pass) {
	const file = join(work, `p${seq++}.rbd`);
	writeFileSync(file, program(e.value));
	const r = run(['check', '--diagnostics=json', file]);
	const c = run([file, '-o', '-']);
	if (r.status !== 0 || r.stdout.trim() || c.status !== 0) {
		wronglyRejected.push(e);
		const d = r.stdout.split('\n').filter(Boolean).map((l) => { try { const x = JSON.parse(l); return `${x.code} ${x.message}`; } catch { return l; } });
		fail(`${e.id} ${JSON.stringify(e.value)}: an ordinary value is refused (check exit ${r.status}, compile exit ${c.status})`, d.join('\n'));
	} else ok();
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
const rb = run([join(repo, 'reactbin.rbd'), '-o', out], { cwd: repo });
if (rb.status !== 0) fail(`rbdc reactbin.rbd -o DIR exits ${rb.status}`, rb.stderr);
else scanFiles('the output of reactbin.rbd', filesUnder(out), out);
if (existsSync(join(repo, 'k8s'))) scanFiles('the committed k8s/', filesUnder(join(repo, 'k8s')), repo);
for (const d of ['tests/secrets', 'tests/yaml', 'tests/files'])
	if (existsSync(join(repo, d))) scanFiles(`the files of ${d}`, filesUnder(join(repo, d)), repo);

console.log(`secrets: corpus of ${reject.length} must-reject shapes and ${pass.length} must-pass values`);
if (missed.length) console.log(`secrets: rbdc does not reject ${missed.length}: ${missed.map((e) => `${e.id} ${e.shape}`).join('; ')}`);
if (wronglyRejected.length) console.log(`secrets: rbdc wrongly rejects ${wronglyRejected.length}: ${wronglyRejected.map((e) => `${e.id} ${JSON.stringify(e.value)}`).join('; ')}`);
console.log(`secrets: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
