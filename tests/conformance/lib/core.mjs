// The validator as a library: validatePaths(paths) checks each path (a directory of
// manifests, or one YAML file) and returns the problem lines. Used by validate.mjs (the CLI)
// and suite.mjs (run.sh's in-process runner).
import fs from 'node:fs';
import path from 'node:path';
import { readDocuments } from './yaml.mjs';
import { resolveBuiltin, validateBuiltin } from './builtin.mjs';
import { validateVso, VSO_GROUP_VERSION, VSO_KINDS } from './vso.mjs';
import { podTemplateOf, checkRestricted } from './pss.mjs';
import { checkMetadata, checkBuiltinRules } from './objrules.mjs';
import { checkSet, checkKustomization } from './cross.mjs';
import { validateGateway, GATEWAY_GROUP } from './gateway.mjs';
import { isMap } from './util.mjs';


export class UsageError extends Error {}

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml']);

// KIND/NAME of a document, for messages (also used by tests/gen).
export function labelOf(obj) {
  if (!isMap(obj)) return '-';
  const kind = typeof obj.kind === 'string' && obj.kind ? obj.kind : '?';
  const name = isMap(obj.metadata) && typeof obj.metadata.name === 'string' && obj.metadata.name ? obj.metadata.name : '?';
  return `${kind}/${name}`;
}

// Validates one decoded document; returns the object the cross-object checks see (VSO defaults applied), or null.
export async function checkObject(obj, add) {
  if (!isMap(obj)) {
    add('.', `a document must be a map (an object), got ${Array.isArray(obj) ? 'a list' : typeof obj}`);
    return null;
  }
  let ok = true;
  for (const f of ['apiVersion', 'kind']) {
    if (typeof obj[f] !== 'string' || obj[f] === '') { add(f, 'required field is missing or not a string'); ok = false; }
  }
  if (!isMap(obj.metadata)) { add('metadata', 'required field is missing or not a map'); ok = false; }
  else if (typeof obj.metadata.name !== 'string' || obj.metadata.name === '') { add('metadata.name', 'required field is missing or not a string'); ok = false; }
  if (!ok) return null;

  let checked = obj;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  if (group === 'secrets.hashicorp.com') {
    if (obj.apiVersion !== VSO_GROUP_VERSION || !VSO_KINDS.has(obj.kind)) {
      add('.', `${obj.apiVersion} ${obj.kind}: this test knows only ${VSO_GROUP_VERSION} ${[...VSO_KINDS].join(', ')} (VSO v1.4.1 serves only v1beta1)`);
      return null;
    }
    const r = validateVso(obj);
    for (const p of r.problems) add(p.path, p.msg);
    checked = r.defaulted;
  } else if (group === GATEWAY_GROUP) {
    for (const p of validateGateway(obj)) add(p.path, p.msg);
  } else if (group.startsWith('kustomize.config.k8s.io')) {
    add('.', 'a Kustomization is only allowed as kustomization.yaml');
    return null;
  } else {
    const resolved = await resolveBuiltin(obj.apiVersion, obj.kind);
    if (!resolved) {
      add('.', `unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}: not served by Kubernetes 1.36 and not a known custom resource`);
      checkMetadata(obj, add);
      return obj; // still an object of the directory for the cross-object checks
    }
    for (const p of validateBuiltin(obj, resolved)) add(p.path, p.msg);
    checkBuiltinRules(obj, add);
    const tpl = podTemplateOf(obj);
    if (tpl) for (const p of checkRestricted(tpl)) add(p.path, p.msg);
  }
  checkMetadata(obj, add);
  return checked;
}

async function checkPath(arg, report) {
  let st;
  try { st = fs.statSync(arg); } catch {
    throw new UsageError(`${arg}: no such file or directory`);
  }
  const isDir = st.isDirectory();
  const files = isDir
    ? fs.readdirSync(arg).filter((f) => /\.ya?ml$/.test(f) && fs.statSync(path.join(arg, f)).isFile()).sort().map((f) => path.join(arg, f))
    : [arg];
  if (isDir && !files.length) {
    report(path.join(arg, '-'), '-', '-', '.', 'directory holds no YAML file');
    return { files: 0, objects: 0 };
  }
  const objects = [];
  let kustomization = null;
  for (const file of files) {
    const src = fs.readFileSync(file, 'utf8');
    const docs = readDocuments(src);
    const isKust = isDir && KUSTOMIZATION_NAMES.has(path.basename(file));
    let count = 0;
    for (const d of docs) {
      const label = () => (isKust ? 'Kustomization/-' : labelOf(d.obj));
      for (const p of d.problems) report(file, d.index, label(), p.path, p.msg);
      if (d.empty || d.obj === undefined) continue;
      count++;
      const add = (p, msg) => report(file, d.index, label(), p, msg);
      if (isKust) {
        if (kustomization) add('.', 'more than one document in the kustomization');
        else kustomization = { file, index: d.index, obj: d.obj, add };
        continue;
      }
      const checked = await checkObject(d.obj, add);
      if (checked) objects.push({ file, index: d.index, obj: checked, add });
    }
    if (count === 0 && !docs.some((d) => d.problems.length)) report(file, '-', '-', '.', 'the file holds no object');
  }
  checkSet(objects, report);
  if (isDir) {
    const others = files.filter((f) => !KUSTOMIZATION_NAMES.has(path.basename(f))).map((f) => path.basename(f));
    if (kustomization) checkKustomization(kustomization, others, objects);
    else report(path.join(arg, 'kustomization.yaml'), '-', '-', '.', 'missing: a generated directory must have a kustomization.yaml listing its manifests');
  }
  return { files: files.length, objects: objects.length };
}

// Returns { lines: ['FILE:DOC#: KIND/NAME: PATH: message', ...], summaries: [...] }.
// Each path is checked as its own set (cross-object checks never span two paths).
export async function validatePaths(paths) {
  const problems = [];
  let order = 0;
  const report = (file, doc, label, p, msg) => {
    problems.push({ file, doc, label, path: p || '.', msg, order: order++ });
  };
  const summaries = [];
  for (const a of paths) {
    const before = problems.length;
    const r = await checkPath(a, report);
    summaries.push(`${a}: ${r.files} files, ${r.objects} objects, ${problems.length - before} problems`);
  }
  const files = [...new Set(problems.map((p) => p.file))].sort();
  const rank = new Map(files.map((f, i) => [f, i]));
  problems.sort((a, b) => rank.get(a.file) - rank.get(b.file) ||
    (a.doc === '-' ? 0 : a.doc) - (b.doc === '-' ? 0 : b.doc) || a.order - b.order);
  const lines = [];
  const seen = new Set();
  for (const p of problems) {
    const line = `${p.file}:${p.doc}: ${p.label}: ${p.path}: ${p.msg}`;
    if (!seen.has(line)) { seen.add(line); lines.push(line); }
  }
  return { lines, summaries };
}
