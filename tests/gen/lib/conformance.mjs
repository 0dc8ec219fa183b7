// The conformance validator (tests/conformance/lib) run in memory on one YAML stream, so each generated program is
// parsed once: the same steps as core.mjs's checkPath for a single file, built from the library's exported checks.
// gen.mjs's self-test compares it with validatePaths() on tests/conformance/bad/*.yaml, so the two cannot drift apart.
import { readDocuments } from '../../conformance/lib/yaml.mjs';
import { resolveBuiltin, validateBuiltin } from '../../conformance/lib/builtin.mjs';
import { validateVso, VSO_GROUP_VERSION, VSO_KINDS } from '../../conformance/lib/vso.mjs';
import { podTemplateOf, checkRestricted } from '../../conformance/lib/pss.mjs';
import { checkMetadata, checkBuiltinRules } from '../../conformance/lib/objrules.mjs';
import { checkSet } from '../../conformance/lib/cross.mjs';
import { isMap } from '../../conformance/lib/util.mjs';

function labelOf(obj) {
  if (!isMap(obj)) return '-';
  const kind = typeof obj.kind === 'string' && obj.kind ? obj.kind : '?';
  const name = isMap(obj.metadata) && typeof obj.metadata.name === 'string' && obj.metadata.name ? obj.metadata.name : '?';
  return `${kind}/${name}`;
}

async function checkObject(obj, add) {
  if (!isMap(obj)) {
    add('.', `a document must be a map (an object), got ${Array.isArray(obj) ? 'a list' : typeof obj}`);
    return null;
  }
  let ok = true;
  for (const f of ['apiVersion', 'kind']) {
    if (typeof obj[f] !== 'string' || obj[f] === '') { add(f, 'required field is missing or not a string'); ok = false; }
  }
  if (!isMap(obj.metadata)) { add('metadata', 'required field is missing or not a map'); ok = false; } else if (typeof obj.metadata.name !== 'string' || obj.metadata.name === '') {
    add('metadata.name', 'required field is missing or not a string');
    ok = false;
  }
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
  } else if (group.startsWith('kustomize.config.k8s.io')) {
    add('.', 'a Kustomization is only allowed as kustomization.yaml');
    return null;
  } else {
    const resolved = await resolveBuiltin(obj.apiVersion, obj.kind);
    if (!resolved) {
      add('.', `unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}: not served by Kubernetes 1.36 and not a known custom resource`);
      checkMetadata(obj, add);
      return obj;
    }
    for (const p of validateBuiltin(obj, resolved)) add(p.path, p.msg);
    checkBuiltinRules(obj, add);
    const tpl = podTemplateOf(obj);
    if (tpl) for (const p of checkRestricted(tpl)) add(p.path, p.msg);
  }
  checkMetadata(obj, add);
  return checked;
}

// Returns { lines: ['DOC#: KIND/NAME: PATH: message', ...], objects: [the decoded documents] }.
export async function conformStream(src) {
  const lines = [];
  const report = (doc, label, p, msg) => lines.push(`${doc}: ${label}: ${p || '.'}: ${msg}`);
  const docs = readDocuments(src);
  const objects = [];
  const checkedSet = [];
  for (const d of docs) {
    const label = () => labelOf(d.obj);
    for (const p of d.problems) report(d.index, label(), p.path, p.msg);
    if (d.empty || d.obj === undefined) continue;
    objects.push(d.obj);
    const add = (p, msg) => report(d.index, label(), p, msg);
    const checked = await checkObject(d.obj, add);
    if (checked) checkedSet.push({ file: '-', index: d.index, obj: checked, add });
  }
  checkSet(checkedSet, (file, doc, label, p, msg) => report(doc, label, p, msg));
  return { lines: [...new Set(lines)], objects };
}
