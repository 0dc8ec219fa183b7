// Where the pinned node packages live: tests/node (package.json + package-lock.json).
// The conformance test has no package.json of its own; it loads everything from there.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

export const NODE_DIR = fileURLToPath(new URL('../../node/', import.meta.url));
export const NODE_MODULES = path.join(NODE_DIR, 'node_modules');

// CommonJS-capable packages (yaml, ajv, ajv-formats).
export const requireDep = createRequire(path.join(NODE_DIR, 'package.json'));

// ESM-only packages (kubernetes-models, @kubernetes/client-node): import by file URL.
export function importDep(rel) {
  return import(pathToFileURL(path.join(NODE_MODULES, rel)).href);
}

export function defaultExport(mod) {
  return mod && mod.default ? mod.default : mod;
}
