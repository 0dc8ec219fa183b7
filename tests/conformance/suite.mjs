#!/usr/bin/env node
// In-process test runner for run.sh (loading the schemas once keeps the suite fast).
//
//   node tests/conformance/suite.mjs [--pass LABEL=DIR]... [--bad DIR]
//
// --pass: DIR must validate with no problem.
// --bad:  every DIR/*.yaml (checked alone) and every DIR/*/ (checked as a directory) must
//         be rejected, with a problem line containing the text of its first line
//         `# expect: TEXT` (for a directory: the first line of its kustomization.yaml).
//
// Prints `ok   - ...` / `FAIL - ...` per test, problem lines indented below a failure, and
// finally `suite: P passed, F failed`. Exit 1 if any failed, 2 on a usage error.
import fs from 'node:fs';
import path from 'node:path';
import { validatePaths } from './lib/core.mjs';

let passed = 0;
let failed = 0;
const ok = (what) => { passed++; console.log(`ok   - ${what}`); };
const fail = (what, lines) => {
  failed++;
  console.log(`FAIL - ${what}`);
  for (const l of lines) console.log(`       ${l}`);
};

function expectation(file) {
  const first = fs.readFileSync(file, 'utf8').split('\n')[0];
  const m = /^#\s*expect:\s*(.*\S)\s*$/.exec(first);
  return m ? m[1] : null;
}

async function main() {
  const argv = process.argv.slice(2);
  const pass = [];
  const bad = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pass' && argv[i + 1]) {
      const v = argv[++i];
      const eq = v.indexOf('=');
      pass.push(eq > 0 ? [v.slice(0, eq), v.slice(eq + 1)] : [v, v]);
    } else if (argv[i] === '--bad' && argv[i + 1]) {
      bad.push(argv[++i]);
    } else {
      console.error('usage: node tests/conformance/suite.mjs [--pass LABEL=DIR]... [--bad DIR]...');
      process.exit(2);
    }
  }

  // Every --pass directory and every entry of a --bad directory is one case: the count is checked at the end.
  let expected = pass.length;
  for (const dir of bad) expected += fs.readdirSync(dir).length;

  for (const [label, dir] of pass) {
    const { lines } = await validatePaths([dir]);
    if (lines.length) fail(`conforms: ${label} (${lines.length} problem${lines.length === 1 ? '' : 's'})`, lines);
    else ok(`conforms: ${label}`);
  }

  for (const dir of bad) {
    const entries = fs.readdirSync(dir).sort();
    if (!entries.length) fail(`negative self-tests: ${dir} is empty`, []);
    for (const e of entries) {
      const p = path.join(dir, e);
      let expectFile;
      if (fs.statSync(p).isDirectory()) expectFile = path.join(p, 'kustomization.yaml');
      else if (/\.ya?ml$/.test(e)) expectFile = p;
      else { fail(`rejects ${p}: not a .yaml file nor a directory, so it tests nothing`, []); continue; }
      const what = `rejects ${p}`;
      if (!fs.existsSync(expectFile)) { fail(`${what}: no ${expectFile}`, []); continue; }
      const expect = expectation(expectFile);
      if (!expect) { fail(`${what}: first line of ${expectFile} is not "# expect: TEXT"`, []); continue; }
      const { lines } = await validatePaths([p]);
      if (!lines.length) fail(`${what}: accepted, expected "${expect}"`, []);
      else if (!lines.some((l) => l.includes(expect))) fail(`${what}: no problem says "${expect}"`, lines);
      else ok(`${what}: ${expect}`);
    }
  }

  if (passed + failed !== expected || expected === 0)
    fail(`${passed + failed} cases ran, expected ${expected} (one per --pass directory and per --bad entry)`, []);
  console.log(`suite: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`suite: internal error: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
