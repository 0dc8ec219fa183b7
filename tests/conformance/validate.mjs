#!/usr/bin/env node
// rbdc conformance validator.
//
//   node tests/conformance/validate.mjs PATH...
//
// PATH is a directory (every *.yaml / *.yml in it, checked as one set; it must have a
// kustomization.yaml listing exactly the other YAML files) or a single YAML file (checked
// alone, no kustomization needed). Prints one line per problem:
//
//   FILE:DOC#: KIND/NAME: PATH: message
//
// and exits 1 if there is any problem, 0 if there is none, 2 on a usage or internal error.
// See README.md beside this file for what is checked.
import { validatePaths, UsageError } from './lib/core.mjs';

async function main() {
  const args = process.argv.slice(2);
  if (!args.length || args.some((a) => a === '-h' || a === '--help' || a.startsWith('-'))) {
    console.error('usage: node tests/conformance/validate.mjs DIR|FILE...');
    process.exit(2);
  }
  const { lines, summaries } = await validatePaths(args);
  if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  for (const s of summaries) console.error(`validate: ${s}`);
  process.exit(lines.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e instanceof UsageError ? `validate: ${e.message}` : `validate: internal error: ${e && e.stack ? e.stack : e}`);
  process.exit(2);
});
