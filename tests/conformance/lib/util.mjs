// Small helpers shared by the checks: field paths, value descriptions, "did you mean".

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

// join('spec', 'replicas') = 'spec.replicas'; join('metadata.labels', 'app.kubernetes.io/name')
// = 'metadata.labels["app.kubernetes.io/name"]'; join('x', 0) = 'x[0]'.
export function join(base, key) {
  if (typeof key === 'number') return `${base || ''}[${key}]`;
  if (IDENT.test(key)) return base ? `${base}.${key}` : key;
  return `${base || ''}[${JSON.stringify(key)}]`;
}

// A JSON pointer ("/spec/template/0") as a field path, following the value so that array
// indexes print as [i] and map keys with dots print quoted.
export function pointerToPath(pointer, root) {
  if (!pointer) return '';
  let p = '';
  let v = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(v) && /^[0-9]+$/.test(seg)) {
      p = join(p, Number(seg));
      v = v[Number(seg)];
    } else {
      p = join(p, seg);
      v = v && typeof v === 'object' ? v[seg] : undefined;
    }
  }
  return p;
}

export function valueAtPointer(pointer, root) {
  let v = root;
  for (const raw of (pointer || '').split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    v = v && typeof v === 'object' ? v[seg] : undefined;
  }
  return v;
}

export function kindOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function describe(v) {
  const k = kindOf(v);
  if (k === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v)}`;
  if (k === 'integer' || k === 'number' || k === 'boolean') return `${k} ${String(v)}`;
  return k;
}

export const YAML11_BOOL_HINT =
  ' (YAML 1.1, which kubectl uses, reads unquoted yes/no/on/off/y/n/true/false as booleans: quote it)';

function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

export function didYouMean(word, candidates) {
  let best = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best !== null && bestD <= limit ? ` (did you mean "${best}"?)` : '';
}

export const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
export const asList = (v) => (Array.isArray(v) ? v : []);
export const asMap = (v) => (isMap(v) ? v : {});

// sub('spec.rules[0]', 'http.paths') = 'spec.rules[0].http.paths': a dotted run of plain field names.
export function sub(base, dotted) {
  return dotted.split('.').reduce((p, k) => join(p, k), base);
}
