// Read YAML the way kubectl reads it: YAML 1.1 (go-yaml v2 via sigs.k8s.io/yaml).
//  - unquoted yes/no/on/off/y/n/true/false are booleans, 0777 is octal, 0x1F hex;
//  - duplicate keys are errors;
//  - go-yaml v2 has no base-60 numbers (12:30 is a string), and a timestamp stays a string
//    once converted to JSON, so those 1.1 tags are dropped; !!binary/!!set/!!omap/!!pairs
//    are not meaningful in a Kubernetes object, so they are dropped too (an explicit tag
//    then fails as unresolved);
//  - map keys must be strings (an unquoted `on:` key would silently become "true");
//  - .inf/.nan cannot be represented in JSON;
//  - a float starts with a digit, or a sign or '.' and a digit, as go-yaml v2 resolves it (`e8` is a string).
import { requireDep } from './deps.mjs';
import { join } from './util.mjs';

const YAML = requireDep('yaml');

const DROPPED_TAGS = new Set([
  'tag:yaml.org,2002:binary', 'tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs',
  'tag:yaml.org,2002:set', 'tag:yaml.org,2002:timestamp',
]);
// go-yaml v2 (resolve.go) tries a float only for a plain scalar that starts with a sign, a digit or '.', and takes it
// only when a digit comes before any exponent (yamlStyleFloat; strconv.ParseFloat after a leading '.'): `e8`, `E8`,
// `.e8`, `-.`, `._1` are strings there. npm yaml's 1.1 float tests also take these (as NaN or a number), so each float
// test here first requires a sign-optional digit, or '.' and a digit.
const GO_FLOAT_START = '(?=[-+]?(?:[0-9]|\\.[0-9]))';
const goFloat = (t) => (t.tag === 'tag:yaml.org,2002:float' && t.test && !/inf/i.test(t.test.source)
  ? { ...t, test: new RegExp(`${GO_FLOAT_START}(?:${t.test.source})`) } : t);
const customTags = (tags) => tags.filter((t) => !DROPPED_TAGS.has(t.tag) && t.format !== 'TIME').map(goFloat);

const OPTIONS = { version: '1.1', uniqueKeys: true, merge: true, strict: true, customTags, prettyErrors: true };

function firstLine(msg) {
  return String(msg).split('\n')[0].replace(/:\s*$/, '');
}

function scanNodes(node, path, out) {
  if (YAML.isMap(node)) {
    for (const pair of node.items) {
      const k = pair.key;
      let name;
      if (YAML.isScalar(k) && typeof k.value === 'string') {
        name = k.value;
      } else if (YAML.isScalar(k) && typeof k.value === 'symbol') {
        name = '<<'; // merge key
      } else if (YAML.isScalar(k)) {
        name = String(k.value);
        out.push({ path: path || '.', msg: `map key ${k.source ?? name} is read as ${typeof k.value === 'object' ? 'null' : typeof k.value} ${name} by YAML 1.1 (kubectl): quote it` });
      } else {
        name = '?';
        out.push({ path: path || '.', msg: 'map key is not a string (complex key)' });
      }
      scanNodes(pair.value, join(path, name), out);
    }
  } else if (YAML.isSeq(node)) {
    node.items.forEach((item, i) => scanNodes(item, join(path, i), out));
  } else if (YAML.isScalar(node)) {
    if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
      out.push({ path: path || '.', msg: `${node.source} (infinity/NaN) cannot be represented in a Kubernetes object` });
    }
  }
}

// Returns [{ index (1-based position in the file), obj, empty, problems: [{path,msg}] }].
export function readDocuments(src) {
  const docs = YAML.parseAllDocuments(src, OPTIONS);
  const result = [];
  docs.forEach((doc, i) => {
    const problems = [];
    for (const e of doc.errors) problems.push({ path: '.', msg: `YAML error: ${firstLine(e.message)}` });
    for (const w of doc.warnings) problems.push({ path: '.', msg: `YAML: ${firstLine(w.message)}` });
    let obj;
    if (!doc.errors.length) {
      scanNodes(doc.contents, '', problems);
      try {
        obj = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        problems.push({ path: '.', msg: `YAML error: ${firstLine(e.message)}` });
      }
    }
    const empty = !doc.errors.length && (obj === null || obj === undefined);
    result.push({ index: i + 1, obj, empty, problems });
  });
  return result;
}
