// Gateway API HTTPRoutes (gateway.networking.k8s.io/v1): the @kubernetes-models/gateway-api schema (types, enums,
// patterns, limits), a strict field walk (its validator lets unknown fields through, the API server's structural
// schema prunes them silently), the CRD's CEL rules rbdc's output could break, and, across the directory, backends
// that name a Service port.
import { importDep } from './deps.mjs';
import { join, pointerToPath, valueAtPointer, describe, didYouMean, isMap } from './util.mjs';

const { HTTPRoute } = await importDep('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute.js');

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

// The fields of HTTPRoute v1 in the standard channel of gateway-api v1.6.1 (config/crd/standard); null: a leaf, or a
// subtree rbdc never writes (the model's schema still checks its types).
const PARENT_REF = { group: null, kind: null, name: null, namespace: null, port: null, sectionName: null };
const REDIRECT = { hostname: null, path: null, port: null, scheme: null, statusCode: null };
const FILTER = {
  type: null, requestRedirect: REDIRECT, requestHeaderModifier: null, responseHeaderModifier: null,
  requestMirror: null, urlRewrite: null, extensionRef: null, cors: null,
};
const FIELDS = {
  apiVersion: null, kind: null, metadata: null,
  spec: {
    parentRefs: [PARENT_REF],
    hostnames: null,
    rules: [{
      name: null, timeouts: null,
      matches: [{ path: { type: null, value: null }, headers: null, queryParams: null, method: null }],
      filters: [FILTER],
      backendRefs: [{ group: null, kind: null, name: null, namespace: null, port: null, weight: null, filters: [FILTER] }],
    }],
  },
};

function strictWalk(v, shape, p, out) {
  if (shape === null || v === undefined) return;
  if (Array.isArray(shape)) {
    if (Array.isArray(v)) v.forEach((item, i) => strictWalk(item, shape[0], join(p, i), out));
    return;
  }
  if (!isMap(v)) return;
  for (const [k, item] of Object.entries(v)) {
    if (!(k in shape)) out.push({ path: join(p, k), msg: `unknown field "${k}" in HTTPRoute${didYouMean(k, Object.keys(shape))}` });
    else strictWalk(item, shape[k], join(p, k), out);
  }
}

function schemaProblems(obj) {
  try {
    new HTTPRoute(obj).validate();
    return [];
  } catch (e) {
    if (!Array.isArray(e.errors)) return [{ path: '.', msg: `gateway-api: ${e.message}` }];
    const seen = new Map();
    for (const err of e.errors) {
      const p = pointerToPath(err.instancePath, obj) || '.';
      const at = err.keyword === 'required' ? join(p === '.' ? '' : p, err.params.missingProperty) : p;
      const msg = err.keyword === 'required' ? 'required field is missing'
        : `${describe(valueAtPointer(err.instancePath, obj))}: ${err.message}`;
      if (!seen.has(at)) seen.set(at, msg);
    }
    return [...seen].map(([path, msg]) => ({ path, msg }));
  }
}

// The CRD's x-kubernetes-validations that concern what rbdc writes (the schema validator does not run CEL).
function celRules(spec) {
  const out = [];
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  let total = 0;
  rules.forEach((r, i) => {
    if (!isMap(r)) return;
    const at = join('spec.rules', i);
    const matches = Array.isArray(r.matches) ? r.matches : [];
    total += matches.length;
    matches.forEach((m, j) => {
      const path = isMap(m) && isMap(m.path) ? m.path : null;
      if (!path || !['Exact', 'PathPrefix'].includes(path.type) || typeof path.value !== 'string') return;
      const v = path.value, mp = join(join(join(join(at, 'matches'), j), 'path'), 'value');
      if (!v.startsWith('/')) out.push({ path: mp, msg: 'must be an absolute path' });
      for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) if (v.includes(bad)) out.push({ path: mp, msg: `must not contain '${bad}'` });
      if (v.endsWith('/..') || v.endsWith('/.')) out.push({ path: mp, msg: "must not end with '/..' or '/.'" });
    });
    const filters = Array.isArray(r.filters) ? r.filters : [];
    filters.forEach((f, j) => {
      if (isMap(f) && f.type === 'RequestRedirect' && !isMap(f.requestRedirect)) {
        out.push({ path: join(join(at, 'filters'), j), msg: 'filter.requestRedirect must be specified for RequestRedirect filter.type' });
      }
    });
    const redirects = filters.filter((f) => isMap(f) && f.type === 'RequestRedirect').length;
    if (redirects > 1) out.push({ path: join(at, 'filters'), msg: 'RequestRedirect filter cannot be repeated' });
    if (redirects && Array.isArray(r.backendRefs) && r.backendRefs.length) {
      out.push({ path: join(at, 'backendRefs'), msg: 'a rule with a RequestRedirect filter answers itself: it must not have backendRefs' });
    }
  });
  if (total > 128) out.push({ path: 'spec.rules', msg: `${total} matches: the total number of matches across all rules in a route must be at most 128` });
  return out;
}

export function validateGateway(obj) {
  if (obj.apiVersion !== `${GATEWAY_GROUP}/v1` || obj.kind !== 'HTTPRoute') {
    return [{ path: '.', msg: `${obj.apiVersion} ${obj.kind}: this test knows only ${GATEWAY_GROUP}/v1 HTTPRoute` }];
  }
  const out = [];
  strictWalk(obj, FIELDS, '', out);
  out.push(...schemaProblems(obj));
  if (isMap(obj.spec)) out.push(...celRules(obj.spec));
  return out;
}

// Across the directory: each backendRef of kind Service names a Service here, by one of its port numbers (a
// backendRef has no port name), and a parentRef names its listener.
export function checkHttpRoutes(routes, find) {
  for (const o of routes) {
    const spec = isMap(o.obj.spec) ? o.obj.spec : {};
    (Array.isArray(spec.parentRefs) ? spec.parentRefs : []).forEach((ref, i) => {
      if (isMap(ref) && typeof ref.sectionName !== 'string') o.add(join(join('spec.parentRefs', i), 'sectionName'), 'not set: the route would attach to every listener of the Gateway, plain HTTP included');
    });
    (Array.isArray(spec.rules) ? spec.rules : []).forEach((r, i) => {
      (isMap(r) && Array.isArray(r.backendRefs) ? r.backendRefs : []).forEach((b, j) => {
        if (!isMap(b) || (b.kind !== undefined && b.kind !== 'Service') || typeof b.name !== 'string') return;
        const at = join(join(join('spec.rules', i), 'backendRefs'), j);
        const svc = b.namespace === undefined ? find('Service', b.name) : null;
        if (b.namespace !== undefined) return;
        if (!svc) { o.add(join(at, 'name'), `Service ${b.name} is not in this directory`); return; }
        const ports = Array.isArray(svc.obj.spec?.ports) ? svc.obj.spec.ports : [];
        if (b.port === undefined) o.add(join(at, 'port'), 'required when the backend is a Service');
        else if (!ports.some((sp) => isMap(sp) && sp.port === b.port)) o.add(join(at, 'port'), `Service ${b.name} has no port ${b.port}`);
      });
    });
  }
}
