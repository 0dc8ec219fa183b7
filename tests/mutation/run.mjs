// tests/mutation/run.mjs: the seeded-bug harness behind `make mutation`: do the suites catch the bugs they claim to?
//
//   node tests/mutation/run.mjs [ID...]        (from the repository root; MUTATION_RESULT=0 skips writing RESULT.md,
//                                              MUTATION_FILE=F reads the mutants from F)
//
// Copies the source tree (tracked and untracked-but-not-ignored files) into a temporary directory, never touching the
// working tree. Runs every suite named by a mutant once on the unchanged copy (a suite that fails there cannot kill
// anything and is reported as broken). Then, for each mutant of tests/mutation/mutants.txt: writes the mutated file into
// the copy, rebuilds, runs the mutant's suites in order until one fails, and restores the file. States:
//   killed          a suite failed (the first one is named)
//   survived        every suite passed: a test is missing, or the mutant is equivalent (argue it in SURVIVORS.md)
//   does not apply  the original text is not in the file (the code changed): not a kill, not a survivor
//   does not build  the mutant does not compile: not counted
// Prints the kill rate (killed / (killed + survived)) and the survivors, and records them in tests/mutation/RESULT.md.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const only = process.argv.slice(2);
const started = Date.now();

// ---- The mutants, as data.
function readMutants(file) {
	const text = readFileSync(file, 'utf8');
	const mutants = [];
	let cur = null, section = null;
	const trimBlock = (lines) => { while (lines.length && !lines[lines.length - 1].trim()) lines.pop(); return lines.join('\n'); };
	const close = () => {
		if (!cur) return;
		cur.original = trimBlock(cur.originalLines);
		cur.replacement = trimBlock(cur.replacementLines);
		mutants.push(cur);
	};
	for (const line of text.split('\n')) {
		const head = /^=== (\S+)\s*$/.exec(line);
		if (head) { close(); cur = { id: head[1], suites: [], originalLines: [], replacementLines: [] }; section = 'head'; continue; }
		if (!cur) continue;
		if (section === 'head') {
			if (line === '---') { section = 'original'; continue; }
			const m = /^(file|suites|what|note):\s*(.*)$/.exec(line);
			if (m) cur[m[1]] = m[1] === 'suites' ? m[2].split(/\s+/).filter(Boolean) : m[2];
			continue;
		}
		if (section === 'original') {
			if (line === '+++') { section = 'replacement'; continue; }
			cur.originalLines.push(line);
			continue;
		}
		if (section === 'replacement') {
			if (line.startsWith('# ') || line === '#') continue; // comments between blocks
			cur.replacementLines.push(line);
		}
	}
	close();
	return mutants;
}

// The original text, with every run of blanks matching any run of blanks (so re-indentation does not matter).
function locate(source, original) {
	const words = original.trim().split(/\s+/).filter(Boolean);
	if (!words.length) return { count: 0 };
	const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'g');
	const hits = [...source.matchAll(re)];
	return { count: hits.length, index: hits[0] && hits[0].index, length: hits[0] && hits[0][0].length };
}

// ---- Running things in the copy.
function run(cmd, opts = {}) {
	const r = spawnSync('sh', ['-c', cmd], { cwd: opts.cwd, encoding: 'utf8', timeout: (opts.seconds || 300) * 1000,
		killSignal: 'SIGKILL', maxBuffer: 1 << 26, env: { ...process.env, ...(opts.env || {}) } });
	return { status: r.status === null ? `killed (${r.signal}) after ${opts.seconds || 300} s` : r.status, out: (r.stdout || '') + (r.stderr || '') };
}

// Suites: the command run in the copy, and the build it needs. Each exits non-zero when it finds a problem.
const VALGRIND_GLOB = "multi-*.rbd E00[1-4]-*.rbd E01[0-2]-*.rbd E023-*.rbd";
const SUITES = {
	unit: { build: 'unit', cmd: 'make -s --no-print-directory B=build unit' },
	golden: { build: 'rbdc', cmd: 'sh tests/golden.sh build/rbdc' },
	errors: { build: 'rbdc', cmd: 'sh tests/errors.sh build/rbdc' },
	limits: { build: 'rbdc', cmd: 'sh tests/limits.sh build/rbdc' },
	cli: { build: 'rbdc', cmd: 'sh tests/cli.sh build/rbdc' },
	meaning: { build: 'rbdc', cmd: 'sh tests/conformance/meaning.sh build/rbdc' },
	conformance: { build: 'rbdc', cmd: 'sh tests/conformance/run.sh build/rbdc' },
	yaml: { build: 'rbdc', cmd: 'sh tests/yaml/run.sh build/rbdc' },
	secrets: { build: 'rbdc', cmd: 'sh tests/secrets/run.sh build/rbdc' },
	files: { build: 'rbdc+dyn', cmd: 'sh tests/files/run.sh build/rbdc build/dyn/rbdc' },
	mutations: { build: 'rbdc', cmd: 'sh tests/mutations/run.sh build/rbdc' },
	spec: { build: 'rbdc', cmd: 'sh tests/spec/run.sh build/rbdc' },
	'san-errors': { build: 'san', cmd: 'sh tests/errors.sh build/san/rbdc' },
	'san-limits': { build: 'san', cmd: 'sh tests/limits.sh build/san/rbdc' },
	'san-golden': { build: 'san', cmd: 'sh tests/golden.sh build/san/rbdc' },
	// build/dyn/rbdc: valgrind's leak check needs a dynamically linked libc (build/rbdc is static; see the Makefile).
	'valgrind-errors': { build: 'dyn', cmd: `RBDC_WRAP=valgrind RBDC_ERRORS_GLOB='${VALGRIND_GLOB}' sh tests/errors.sh build/dyn/rbdc`, seconds: 600 },
	'valgrind-golden': { build: 'dyn', cmd: 'RBDC_WRAP=valgrind sh tests/golden.sh build/dyn/rbdc', seconds: 600 },
};
const BUILDS = { rbdc: 'build/rbdc', san: 'build/san/rbdc', unit: 'build/rbdc', dyn: 'build/dyn/rbdc', 'rbdc+dyn': 'build/rbdc build/dyn/rbdc' };
const build = (work, kinds) => run(`make -s -j2 --no-print-directory B=build ${[...new Set(kinds.map((k) => BUILDS[k]))].join(' ')}`, { cwd: work, seconds: 600 });

// ---- Main.
const mutants = readMutants(process.env.MUTATION_FILE || join(root, 'tests/mutation/mutants.txt')).filter((m) => !only.length || only.includes(m.id));
const problems = [];
for (const m of mutants) {
	if (!m.file || !m.suites.length || !m.what) problems.push(`${m.id}: needs file, suites and what`);
	for (const s of m.suites) if (!SUITES[s]) problems.push(`${m.id}: unknown suite ${s}`);
}
if (new Set(mutants.map((m) => m.id)).size !== mutants.length) problems.push('two mutants share an id');
if (problems.length || !mutants.length) {
	console.error(`mutation: ${problems.join('; ') || 'no mutant selected'}`);
	process.exit(2);
}

// Lower-case letters only (the process id spelt with a-j): the copy's path reaches the output headers, and a token of
// mixed letters and digits there (an mkdtemp suffix) trips tests/secrets' scan for random-looking text.
const work = join(tmpdir(), `rbdc-mutation-${String(process.pid).replace(/\d/g, (d) => 'abcdefghij'[d])}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { mode: 0o700 });
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
const files = run('git ls-files -z --cached --others --exclude-standard', { cwd: root });
if (files.status !== 0) { console.error(`mutation: git ls-files failed (a git checkout is needed): ${files.out}`); process.exit(2); }
for (const f of files.out.split('\0').filter(Boolean)) {
	if (!existsSync(join(root, f))) continue; // deleted in the working tree, not yet committed
	mkdirSync(dirname(join(work, f)), { recursive: true });
	// Times kept: a copied package-lock.json newer than node_modules would make the suites re-run `npm ci` into the
	// shared (symlinked) node_modules.
	cpSync(join(root, f), join(work, f), { verbatimSymlinks: true, preserveTimestamps: true });
}
if (existsSync(join(root, 'tests/node/node_modules'))) symlinkSync(join(root, 'tests/node/node_modules'), join(work, 'tests/node/node_modules'));
const commit = run('git rev-parse --short HEAD', { cwd: root }).out.trim();
const dirty = run('git status --porcelain --untracked-files=no', { cwd: root }).out.trim() ? ' (with uncommitted changes)' : '';
console.log(`mutation: ${mutants.length} mutants, source copied from ${commit}${dirty} to ${work}`);

const needed = [...new Set(mutants.flatMap((m) => m.suites))];
const b0 = build(work, needed.map((s) => SUITES[s].build));
if (b0.status !== 0) { console.error(`mutation: the unchanged source does not build:\n${b0.out}`); process.exit(2); }
const broken = new Set();
for (const s of needed) {
	const r = run(SUITES[s].cmd, { cwd: work, seconds: SUITES[s].seconds });
	if (r.status !== 0) {
		broken.add(s);
		console.log(`mutation: suite ${s} fails on the unchanged source (exit ${r.status}); it kills nothing in this run`);
		console.log(r.out.split('\n').filter((l) => /FAIL|not found|error/i.test(l)).slice(0, 5).map((l) => `    ${l}`).join('\n'));
	} else console.log(`mutation: suite ${s} passes on the unchanged source`);
}

const results = [];
for (const m of mutants) {
	const t0 = Date.now();
	const path = join(work, m.file);
	const res = { id: m.id, file: m.file, what: m.what, note: m.note, suites: m.suites };
	results.push(res);
	if (!existsSync(path)) { Object.assign(res, { state: 'does not apply', why: `${m.file} does not exist` }); }
	else {
		const source = readFileSync(path, 'utf8');
		const at = locate(source, m.original);
		if (at.count !== 1) Object.assign(res, { state: 'does not apply', why: at.count ? `the original text occurs ${at.count} times` : 'the original text is not in the file' });
		else {
			// The match starts at the original's first non-blank, after the file's own indentation: the replacement's
			// leading blanks are dropped so that indentation is not doubled (gcc's -Wmisleading-indentation would fail).
			const mutated = source.slice(0, at.index) + m.replacement.replace(/^\s+/, '') + source.slice(at.index + at.length);
			writeFileSync(path, mutated);
			try {
				const b = build(work, m.suites.map((s) => SUITES[s].build));
				if (b.status !== 0) Object.assign(res, { state: 'does not build', why: b.out.split('\n').filter((l) => /error/.test(l)).slice(0, 2).join(' | ') });
				else {
					res.state = 'survived';
					res.ran = [];
					for (const s of m.suites) {
						if (broken.has(s)) { res.ran.push(`${s} (broken)`); continue; }
						const r = run(SUITES[s].cmd, { cwd: work, seconds: SUITES[s].seconds });
						res.ran.push(s);
						if (r.status !== 0) {
							Object.assign(res, { state: 'killed', by: s, why: r.out.split('\n').filter((l) => /FAIL|ERROR|error:|leaked/.test(l)).slice(0, 1).join('').slice(0, 160) });
							break;
						}
					}
				}
			} finally {
				writeFileSync(path, source);
			}
		}
	}
	res.seconds = Math.round((Date.now() - t0) / 1000);
	console.log(`${res.state.padEnd(14)} ${m.id.padEnd(34)} ${res.by ? `by ${res.by}` : res.why || `(${(res.ran || []).join(', ')})`} [${res.seconds} s]`);
}

const count = (s) => results.filter((r) => r.state === s).length;
const killed = count('killed'), survived = count('survived');
const rate = killed + survived ? (100 * killed) / (killed + survived) : 0;
const survivors = results.filter((r) => r.state === 'survived');
console.log(`mutation: ${killed} killed, ${survived} survived, ${count('does not apply')} do not apply, ${count('does not build')} do not build; ` +
	`kill rate ${rate.toFixed(1)}% (${Math.round((Date.now() - started) / 1000)} s)`);
for (const r of survivors) console.log(`  survivor ${r.id}: ${r.what}${r.note ? ` (${r.note})` : ''}`);

if (process.env.MUTATION_RESULT !== '0' && !only.length) {
	const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	const row = (r) => `| ${r.id} | ${r.file} | ${r.state}${r.by ? ` by ${r.by}` : ''} | ${(r.why || '').replace(/\|/g, '\\|').slice(0, 120)} |`;
	writeFileSync(join(root, 'tests/mutation/RESULT.md'), `# tests/mutation/RESULT.md: the last \`make mutation\` run (written by tests/mutation/run.mjs)\n\n` +
		`- date: ${date}\n- commit: ${commit}${dirty}\n- mutants: ${results.length}; killed ${killed}, survived ${survived}, ` +
		`do not apply ${count('does not apply')}, do not build ${count('does not build')}\n` +
		`- kill rate: **${rate.toFixed(1)}%** (killed / (killed + survived))\n` +
		`- suites broken on the unchanged source (killing nothing): ${[...broken].join(', ') || 'none'}\n\n` +
		`Survivors are argued in SURVIVORS.md.\n\n| mutant | file | state | first failure or reason |\n|---|---|---|---|\n` +
		results.map(row).join('\n') + '\n');
	console.log('mutation: wrote tests/mutation/RESULT.md');
}
// The target: at least MUTATION_MIN percent (default 95) of the mutants that apply and build are killed.
const min = Number(process.env.MUTATION_MIN || 95);
if (rate < min) console.log(`mutation: FAIL kill rate ${rate.toFixed(1)}% is below ${min}%`);
process.exit(rate < min ? 1 : 0);
