// Built-in kinds: kubernetes-models validate() (types, required fields, formats such as
// int32 and quantity) plus a strict walk over @kubernetes/client-node's type information
// (getAttributeTypeMap(), OpenAPI of Kubernetes 1.36) that rejects every field the API
// does not define and every primitive type mismatch.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_MODULES, importDep } from './deps.mjs';
import { join, pointerToPath, valueAtPointer, describe, didYouMean, isMap, YAML11_BOOL_HINT } from './util.mjs';

// Only the generated models: the package index pulls in the HTTP client (undici), which
// does not load on Node 20 and is not needed here.
const types = await importDep('@kubernetes/client-node/dist/gen/models/all.js');

const modelCache = new Map();

function pascal(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// apiVersion + kind -> { typeName, Model } or null when the API does not serve it.
export async function resolveBuiltin(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  if (modelCache.has(key)) return modelCache.get(key);
  let found = null;
  const parts = apiVersion.split('/');
  const group = parts.length === 2 ? parts[0] : '';
  const version = parts.length === 2 ? parts[1] : parts[0];
  if (/^v[0-9]+((alpha|beta)[0-9]+)?$/.test(version) && /^[A-Z][A-Za-z0-9]*$/.test(kind) &&
      (group === '' || /^[a-z0-9.-]+$/.test(group))) {
    const groupDir = group === '' ? '' : group;
    const modelFile = path.join(NODE_MODULES, 'kubernetes-models', groupDir, version, `${kind}.js`);
    const prefix = pascal(group === '' ? 'core' : group.split('.')[0]);
    const candidates = [`${prefix}${pascal(version)}${kind}`, `${pascal(version)}${kind}`];
    const typeName = candidates.find((n) => types[n] && typeof types[n].getAttributeTypeMap === 'function');
    if (typeName && fs.existsSync(modelFile)) {
      const mod = await import(pathToFileURL(modelFile).href);
      if (mod[kind] && typeof mod[kind].prototype.validate === 'function') {
        found = { typeName, Model: mod[kind] };
      }
    }
  }
  modelCache.set(key, found);
  return found;
}

// ---- kubernetes-models validate() ----------------------------------------------------

function modelProblems(obj, Model) {
  let errors = [];
  try {
    new Model(obj).validate();
  } catch (e) {
    if (!Array.isArray(e.errors)) return [{ path: '.', msg: `kubernetes-models: ${e.message}` }];
    errors = e.errors;
  }
  const byPath = new Map();
  for (const e of errors) {
    let p = pointerToPath(e.instancePath, obj);
    let item;
    if (e.keyword === 'required') {
      p = join(p, e.params.missingProperty);
      item = { rank: 0, msg: 'required field is missing' };
    } else if (e.keyword === 'format' && e.params.format === 'quantity') {
      item = { rank: 0, msg: `${describe(valueAtPointer(e.instancePath, obj))} is not a valid resource quantity (e.g. "500m", "128Mi")` };
    } else if (e.keyword === 'format') {
      item = { rank: 1, msg: `${describe(valueAtPointer(e.instancePath, obj))} is not a valid ${e.params.format}` };
    } else if (e.keyword === 'type') {
      const v = valueAtPointer(e.instancePath, obj);
      item = { rank: 2, msg: `wrong type: expected ${e.params.type}, got ${describe(v)}${typeof v === 'boolean' && e.params.type === 'string' ? YAML11_BOOL_HINT : ''}` };
    } else if (e.keyword === 'enum') {
      item = { rank: 1, msg: `${describe(valueAtPointer(e.instancePath, obj))} is not one of: ${e.params.allowedValues.join(', ')}` };
    } else if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      item = { rank: 9, msg: e.message };
    } else {
      item = { rank: 3, msg: e.message };
    }
    const prev = byPath.get(p || '.');
    if (!prev || item.rank < prev.rank) byPath.set(p || '.', item);
  }
  return [...byPath].map(([p, it]) => ({ path: p, msg: it.msg }));
}

// ---- strict walk over client-node type information ------------------------------------

const INT32 = [-2147483648, 2147483647];
const SERVER_SET_METADATA = new Set([
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'managedFields', 'selfLink',
]);

function typeError(out, p, expected, v) {
  out.push({ path: p || '.', msg: `wrong type: expected ${expected}, got ${describe(v)}${typeof v === 'boolean' && expected === 'string' ? YAML11_BOOL_HINT : ''}` });
}

function walk(v, type, format, p, out) {
  if (v === null) {
    out.push({ path: p || '.', msg: 'null value: omit the field or give it a value (an empty map is {} and an empty list is [])' });
    return;
  }
  let m;
  if ((m = /^Array<(.*)>$/.exec(type))) {
    if (!Array.isArray(v)) return typeError(out, p, 'list', v);
    v.forEach((item, i) => walk(item, m[1], format, join(p, i), out));
    return;
  }
  if ((m = /^\{ \[key: string\]: (.*); \}$/.exec(type))) {
    if (!isMap(v)) return typeError(out, p, 'map', v);
    for (const [k, item] of Object.entries(v)) walk(item, m[1], format, join(p, k), out);
    return;
  }
  switch (type) {
    case 'string':
      // A number where a string is expected is left to kubernetes-models, which knows the
      // resource-quantity fields where the API server accepts numbers (cpu: 1).
      if (typeof v !== 'string' && typeof v !== 'number') typeError(out, p, 'string', v);
      return;
    case 'Date':
    case 'V1MicroTime':
      if (typeof v !== 'string') typeError(out, p, 'string (RFC 3339 time)', v);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') typeError(out, p, 'boolean', v);
      return;
    case 'number':
      if (format === 'int32' || format === 'int64') {
        if (typeof v !== 'number' || !Number.isInteger(v)) return typeError(out, p, 'integer', v);
        if (format === 'int32' && (v < INT32[0] || v > INT32[1])) out.push({ path: p, msg: `${v} is out of the int32 range` });
        if (format === 'int64' && !Number.isSafeInteger(v)) out.push({ path: p, msg: `${v} is out of the int64 range` });
      } else if (typeof v !== 'number') {
        typeError(out, p, 'number', v);
      }
      return;
    case 'IntOrString':
      if (typeof v === 'string') return;
      if (typeof v === 'number' && Number.isInteger(v)) return;
      typeError(out, p, 'integer or string', v);
      return;
    case 'any':
    case 'object':
      return;
    default:
      break;
  }
  const cls = types[type];
  if (!cls || typeof cls.getAttributeTypeMap !== 'function') {
    out.push({ path: p || '.', msg: `internal: no type information for ${type}` });
    return;
  }
  if (!isMap(v)) return typeError(out, p, `map (${type})`, v);
  const attrs = cls.getAttributeTypeMap();
  const byName = new Map(attrs.map((a) => [a.baseName, a]));
  for (const [k, item] of Object.entries(v)) {
    const a = byName.get(k);
    if (!a) {
      out.push({ path: join(p, k), msg: `unknown field "${k}" in ${type.replace(/^V1/, '')}${didYouMean(k, byName.keys())}` });
      continue;
    }
    walk(item, a.type, a.format, join(p, k), out);
  }
}

export function validateBuiltin(obj, resolved) {
  const walked = [];
  const top = { ...obj };
  if ('status' in top) {
    walked.push({ path: 'status', msg: 'status is owned by the server; a manifest must not set it' });
    delete top.status;
  }
  if (isMap(top.metadata)) {
    for (const k of Object.keys(top.metadata)) {
      if (SERVER_SET_METADATA.has(k)) walked.push({ path: join('metadata', k), msg: `metadata.${k} is set by the server; a manifest must not set it` });
    }
  }
  walk(top, resolved.typeName, '', '', walked);
  const seen = new Set(walked.map((w) => w.path));
  const fromModel = modelProblems(obj, resolved.Model).filter((m) => !seen.has(m.path));
  return [...walked, ...fromModel];
}

