// The conformance validator (tests/conformance/lib) run in memory on one YAML stream, so each generated program is
// parsed once: the per-document check is core.mjs's own (checkObject), then the cross-object checks.
// gen.mjs's self-test compares it with validatePaths() on tests/conformance/bad/*.yaml, so the two cannot drift apart.
import { readDocuments } from '../../conformance/lib/yaml.mjs';
import { checkObject, labelOf } from '../../conformance/lib/core.mjs';
import { checkSet } from '../../conformance/lib/cross.mjs';

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
