// Vault Secrets Operator custom resources, validated with ajv against ../vso-schema.json
// (written from the VSO v1.4.1 CRDs), plus the operator-side rules the CRD cannot express.
import fs from 'node:fs';
import { requireDep, defaultExport } from './deps.mjs';
import { join, pointerToPath, valueAtPointer, describe, didYouMean, isMap, asMap, YAML11_BOOL_HINT } from './util.mjs';

const Ajv = defaultExport(requireDep('ajv'));
const addFormats = defaultExport(requireDep('ajv-formats'));

export const VSO_GROUP_VERSION = 'secrets.hashicorp.com/v1beta1';
export const VSO_KINDS = new Set(['VaultStaticSecret', 'VaultAuth', 'VaultConnection']);

const schema = JSON.parse(fs.readFileSync(new URL('../vso-schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, verbose: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function ajvProblems(obj, errors) {
  const out = new Map();
  const add = (p, msg, rank) => {
    const prev = out.get(p || '.');
    if (!prev || rank < prev.rank) out.set(p || '.', { msg, rank });
  };
  for (const e of errors) {
    const p = pointerToPath(e.instancePath, obj);
    const v = valueAtPointer(e.instancePath, obj);
    switch (e.keyword) {
      case 'if':
        break;
      case 'additionalProperties': {
        const k = e.params.additionalProperty;
        const known = Object.keys(asMap(e.parentSchema && e.parentSchema.properties));
        add(join(p, k), `unknown field "${k}"${didYouMean(k, known)}`, 0);
        break;
      }
      case 'required':
        add(join(p, e.params.missingProperty), 'required field is missing', 0);
        break;
      case 'enum':
        add(p, `${describe(v)} is not one of: ${e.params.allowedValues.join(', ')}`, 1);
        break;
      case 'const':
        add(p, `${describe(v)} must be ${JSON.stringify(e.params.allowedValue)}`, 1);
        break;
      case 'pattern':
        add(p, `${describe(v)} does not match ${e.params.pattern}`, 1);
        break;
      case 'type':
        add(p, `wrong type: expected ${e.params.type}, got ${describe(v)}${typeof v === 'boolean' && e.params.type === 'string' ? YAML11_BOOL_HINT : ''}`, 1);
        break;
      case 'minimum':
        add(p, `${describe(v)} must be >= ${e.params.limit}`, 1);
        break;
      default:
        add(p, e.message, 2);
    }
  }
  return [...out].map(([path, it]) => ({ path, msg: it.msg }));
}

// Returns the problems and the object with CRD defaults applied (as the API server stores it).
export function validateVso(obj) {
  const copy = structuredClone(obj);
  const problems = validate(copy) ? [] : ajvProblems(copy, validate.errors);
  problems.push(...operatorRules(copy));
  return { problems, defaulted: copy };
}

// Rules the VSO controller enforces or documents, beyond the CRD schema.
function operatorRules(o) {
  const out = [];
  const spec = asMap(o.spec);
  if (o.kind === 'VaultStaticSecret') {
    const dest = asMap(spec.destination);
    if (spec.type === 'kv-v1' && spec.version !== undefined) {
      out.push({ path: 'spec.version', msg: 'version is only valid for type kv-v2' });
    }
    for (const f of ['labels', 'annotations', 'type']) {
      if (dest[f] !== undefined && dest.create !== true) {
        out.push({ path: join('spec.destination', f), msg: `destination.${f} requires destination.create: true` });
      }
    }
    if (spec.hmacSecretData === false && Array.isArray(spec.rolloutRestartTargets) && spec.rolloutRestartTargets.length) {
      out.push({ path: 'spec.rolloutRestartTargets', msg: 'ignored by VSO when hmacSecretData is false' });
    }
    if (typeof spec.vaultAuthRef !== 'string' || spec.vaultAuthRef === '') {
      out.push({ path: 'spec.vaultAuthRef', msg: "not set: VSO would fall back to the 'default' VaultAuth in the operator's namespace; name the VaultAuth explicitly" });
    }
    const tr = asMap(dest.transformation);
    for (const f of ['includes', 'excludes']) {
      (Array.isArray(tr[f]) ? tr[f] : []).forEach((re, i) => {
        if (typeof re !== 'string') return;
        try { new RegExp(re); } catch (e) {
          out.push({ path: `spec.destination.transformation.${f}[${i}]`, msg: `not a valid regular expression: ${e.message}` });
        }
      });
    }
  } else if (o.kind === 'VaultAuth') {
    if (spec.method === 'kubernetes') {
      const k = asMap(spec.kubernetes);
      if (!isMap(spec.kubernetes)) {
        out.push({ path: 'spec.kubernetes', msg: 'method kubernetes needs spec.kubernetes {role, serviceAccount}' });
      } else {
        for (const f of ['role', 'serviceAccount']) {
          if (typeof k[f] !== 'string' || k[f] === '') out.push({ path: join('spec.kubernetes', f), msg: 'must be non-empty for method kubernetes (VSO rejects the VaultAuth)' });
        }
      }
    }
  } else if (o.kind === 'VaultConnection') {
    if (spec.caCertSecretRef !== undefined && spec.caCertPath !== undefined) {
      out.push({ path: 'spec.caCertPath', msg: 'caCertSecretRef and caCertPath are mutually exclusive' });
    }
  }
  return out;
}
