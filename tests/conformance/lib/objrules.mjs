// Per-object rules the API server enforces beyond the OpenAPI schema (apimachinery name and
// label syntax, core/apps/batch/networking validation), for built-in kinds; name and label
// syntax for every kind.
import { join, sub, asList, asMap, isMap } from './util.mjs';
import { podTemplateOf, containersOf } from './pss.mjs';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const WILDCARD_HOST = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const isLabel = (s) => typeof s === 'string' && s.length <= 63 && DNS1123_LABEL.test(s);
export const isSubdomain = (s) => typeof s === 'string' && s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
export const isDns1035 = (s) => typeof s === 'string' && s.length <= 63 && DNS1035_LABEL.test(s);

// IANA_SVC_NAME: at most 15 characters, lower-case letters, digits and '-', at least one
// letter, no leading, trailing or double '-'.
export function isPortName(s) {
  return typeof s === 'string' && s.length >= 1 && s.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) &&
    /[a-z]/.test(s) && !s.includes('--');
}

function qualifiedNameProblem(key) {
  if (typeof key !== 'string' || key === '') return 'must be non-empty';
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const name = parts[parts.length - 1];
  if (parts.length === 2 && !isSubdomain(parts[0])) return `prefix ${parts[0]} is not a DNS subdomain`;
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return `name part ${name} must be at most 63 characters of [A-Za-z0-9-_.], beginning and ending with an alphanumeric`;
  return null;
}

function labelValueProblem(v) {
  if (typeof v !== 'string') return null; // reported as a type error elsewhere
  if (v === '') return null;
  if (v.length > 63 || !QUALIFIED_NAME.test(v)) return 'label value must be at most 63 characters of [A-Za-z0-9-_.], beginning and ending with an alphanumeric';
  return null;
}

function checkLabelMap(m, p, add) {
  for (const [k, v] of Object.entries(asMap(m))) {
    const kp = qualifiedNameProblem(k);
    if (kp) add(join(p, k), `label key ${kp}`);
    const vp = labelValueProblem(v);
    if (vp) add(join(p, k), vp);
  }
}

export function checkMetadata(obj, add) {
  const md = asMap(obj.metadata);
  const name = md.name;
  if (typeof name === 'string') {
    if (obj.kind === 'Namespace') {
      if (!isLabel(name)) add('metadata.name', `${JSON.stringify(name)} is not a DNS-1123 label (a Namespace name)`);
    } else if (obj.kind === 'Service') {
      if (!isDns1035(name)) add('metadata.name', `${JSON.stringify(name)} is not a DNS-1035 label (a Service name starts with a letter, at most 63 characters)`);
    } else if (!isSubdomain(name)) {
      add('metadata.name', `${JSON.stringify(name)} is not a DNS-1123 subdomain`);
    }
    if (obj.kind === 'StatefulSet' && !isLabel(`${name}-0`)) add('metadata.name', `pod hostname ${name}-0 is not a DNS-1123 label`);
    if ((obj.kind === 'Job' || obj.kind === 'CronJob') && name.length > 63) add('metadata.name', 'a Job name is a label value (job-name): at most 63 characters');
  }
  if (md.namespace !== undefined && !isLabel(md.namespace)) add('metadata.namespace', `${JSON.stringify(md.namespace)} is not a DNS-1123 label`);
  checkLabelMap(md.labels, 'metadata.labels', add);
  let size = 0;
  for (const [k, v] of Object.entries(asMap(md.annotations))) {
    const kp = qualifiedNameProblem(k);
    if (kp) add(join('metadata.annotations', k), `annotation key ${kp}`);
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > 256 * 1024) add('metadata.annotations', 'annotations exceed 256 KiB in total');
  if (obj.kind === 'Namespace') {
    for (const [k, v] of Object.entries(asMap(md.labels))) {
      if (/^pod-security\.kubernetes\.io\/(enforce|audit|warn)$/.test(k) && !['privileged', 'baseline', 'restricted'].includes(v)) {
        add(join('metadata.labels', k), `${JSON.stringify(v)} is not a Pod Security level (privileged, baseline, restricted)`);
      }
    }
  }
}

// ---- label selectors ----

export function selectorMatches(selector, labels) {
  if (!isMap(selector)) return false;
  const ml = asMap(selector.matchLabels);
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const e of asList(selector.matchExpressions)) {
    if (!isMap(e)) return false;
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = asList(e.values);
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && vals.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

export const selectorIsEmpty = (s) => !isMap(s) ||
  (Object.keys(asMap(s.matchLabels)).length === 0 && asList(s.matchExpressions).length === 0);

// ---- resource quantities ----

const QUANTITY_SUFFIX = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

// A resource quantity as a number, or null if it is not one (kubernetes-models reports those).
export function parseQuantity(q) {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return null;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:[eE]([+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/.exec(q);
  if (!m) return null;
  return Number(m[1]) * (m[2] !== undefined ? 10 ** Number(m[2]) : QUANTITY_SUFFIX[m[3] || '']);
}

function checkResources(c, p, add) {
  const r = asMap(c.resources);
  const limits = asMap(r.limits);
  for (const [res, req] of Object.entries(asMap(r.requests))) {
    if (!(res in limits)) continue;
    const a = parseQuantity(req);
    const b = parseQuantity(limits[res]);
    if (a !== null && b !== null && a > b) {
      add(join(join(sub(p, 'resources'), 'requests'), res), `request ${req} is more than the limit ${limits[res]} (the API server rejects this)`);
    }
  }
}

// ---- pods ----

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const JOB_KINDS = new Set(['Job', 'CronJob']);
const WORKLOAD_SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function checkPod(obj, tpl, add) {
  const spec = tpl.spec;
  const base = tpl.path;
  const volumeNames = new Set();
  asList(spec.volumes).forEach((v, i) => {
    const p = join(join(base, 'volumes'), i);
    if (!isMap(v)) return;
    if (!isLabel(v.name)) add(join(p, 'name'), `volume name ${JSON.stringify(v.name)} is not a DNS-1123 label`);
    else if (volumeNames.has(v.name)) add(join(p, 'name'), `duplicate volume name ${v.name}`);
    volumeNames.add(v.name);
    const sources = Object.keys(v).filter((k) => k !== 'name');
    if (sources.length !== 1) add(p, `a volume needs exactly one source, found ${sources.length ? sources.join(', ') : 'none'}`);
  });
  const claimNames = new Set();
  if (obj.kind === 'StatefulSet') {
    asList(asMap(obj.spec).volumeClaimTemplates).forEach((t, i) => {
      const p = join('spec.volumeClaimTemplates', i);
      const n = asMap(asMap(t).metadata).name;
      if (!isLabel(n)) add(sub(p, 'metadata.name'), `claim template name ${JSON.stringify(n)} is not a DNS-1123 label`);
      claimNames.add(n);
      const s = asMap(asMap(t).spec);
      if (!asList(s.accessModes).length) add(sub(p, 'spec.accessModes'), 'at least one access mode is required');
      if (asMap(asMap(s.resources).requests).storage === undefined) add(sub(p, 'spec.resources.requests.storage'), 'a storage request is required');
      if (s.storageClassName === '') add(sub(p, 'spec.storageClassName'), '"" asks for no storage class (static volumes only); omit the field to get the default class');
    });
  }

  const restart = spec.restartPolicy;
  if (JOB_KINDS.has(obj.kind)) {
    if (restart !== 'OnFailure' && restart !== 'Never') add(join(base, 'restartPolicy'), `a Job's pods need restartPolicy OnFailure or Never, got ${restart === undefined ? 'unset (Always)' : restart}`);
  } else if (obj.kind !== 'Pod' && obj.kind !== 'PodTemplate' && restart !== undefined && restart !== 'Always') {
    add(join(base, 'restartPolicy'), `${obj.kind} pods need restartPolicy Always, got ${restart}`);
  }

  const containerNames = new Set();
  const portNames = new Set();
  for (const { c, field, path } of containersOf(spec, base)) {
    if (!isLabel(c.name)) add(join(path, 'name'), `container name ${JSON.stringify(c.name)} is not a DNS-1123 label`);
    else if (containerNames.has(c.name)) add(join(path, 'name'), `duplicate container name ${c.name}`);
    containerNames.add(c.name);
    const ownPorts = new Set();
    asList(c.ports).forEach((port, i) => {
      const pp = join(join(path, 'ports'), i);
      if (!isMap(port)) return;
      if (typeof port.containerPort === 'number' && (port.containerPort < 1 || port.containerPort > 65535)) add(join(pp, 'containerPort'), 'must be 1-65535');
      if (port.name !== undefined) {
        if (!isPortName(port.name)) add(join(pp, 'name'), `port name ${JSON.stringify(port.name)} is not an IANA service name (at most 15 of [a-z0-9-], with a letter)`);
        else if (portNames.has(port.name)) add(join(pp, 'name'), `duplicate port name ${port.name} in the pod`);
        portNames.add(port.name);
        ownPorts.add(port.name);
      }
    });
    const sidecar = field === 'initContainers' && c.restartPolicy === 'Always';
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c[probe] === undefined) continue;
      const pp = join(path, probe);
      if ((field === 'initContainers' && !sidecar) || field === 'ephemeralContainers') {
        add(pp, `${probe} may not be set on ${field === 'initContainers' ? 'an init container' : 'an ephemeral container'}`);
      }
      checkHandler(c[probe], PROBE_HANDLERS, pp, ownPorts, c.name, add);
      if (probe !== 'readinessProbe' && asMap(c[probe]).successThreshold !== undefined && asMap(c[probe]).successThreshold !== 1) {
        add(join(pp, 'successThreshold'), `must be 1 for a ${probe}`);
      }
    }
    for (const h of ['postStart', 'preStop']) {
      const lc = asMap(c.lifecycle)[h];
      if (lc !== undefined) checkHandler(lc, LIFECYCLE_HANDLERS, join(join(path, 'lifecycle'), h), ownPorts, c.name, add);
    }
    checkResources(c, path, add);
    if (field !== 'ephemeralContainers') {
      const sc = asMap(c.securityContext);
      const psc = asMap(spec.securityContext);
      const nonRoot = sc.runAsNonRoot !== undefined ? sc.runAsNonRoot : psc.runAsNonRoot;
      const uid = sc.runAsUser !== undefined ? sc.runAsUser : psc.runAsUser;
      if (nonRoot === true && uid === undefined) {
        add(sub(path, 'securityContext.runAsUser'), `container ${c.name}: runAsNonRoot without a numeric runAsUser: the kubelet refuses to start an image whose USER is not numeric (CreateContainerConfigError)`);
      }
    }
    asList(c.volumeMounts).forEach((m, i) => {
      if (!isMap(m)) return;
      if (!volumeNames.has(m.name) && !claimNames.has(m.name)) {
        add(join(join(join(path, 'volumeMounts'), i), 'name'), `volumeMount ${JSON.stringify(m.name)} names no volume${obj.kind === 'StatefulSet' ? ' or volumeClaimTemplate' : ''}`);
      }
    });
    asList(c.volumeDevices).forEach((m, i) => {
      if (isMap(m) && !volumeNames.has(m.name) && !claimNames.has(m.name)) add(join(join(join(path, 'volumeDevices'), i), 'name'), `volumeDevice ${JSON.stringify(m.name)} names no volume`);
    });
    asList(c.env).forEach((e, i) => {
      const ep = join(join(path, 'env'), i);
      if (!isMap(e)) return;
      if (e.value !== undefined && e.valueFrom !== undefined) add(ep, 'sets both value and valueFrom');
      if (isMap(e.valueFrom)) {
        const n = Object.keys(e.valueFrom).length;
        if (n !== 1) add(join(ep, 'valueFrom'), `must name exactly one source, found ${n}`);
      }
    });
    asList(c.envFrom).forEach((e, i) => {
      if (!isMap(e)) return;
      const n = ['configMapRef', 'secretRef'].filter((k) => e[k] !== undefined).length;
      if (n !== 1) add(join(join(path, 'envFrom'), i), `must name exactly one of configMapRef or secretRef, found ${n}`);
    });
  }

  if (obj.kind === 'Deployment') {
    const ru = asMap(asMap(asMap(obj.spec).strategy).rollingUpdate);
    const zero = (v) => v === 0 || v === '0%';
    if (zero(ru.maxSurge) && zero(ru.maxUnavailable)) add('spec.strategy.rollingUpdate', 'maxSurge and maxUnavailable may not both be 0');
    // apps/validation ValidateDeploymentStrategy
    const strategy = asMap(asMap(obj.spec).strategy);
    if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined) add('spec.strategy.rollingUpdate', "may not be specified when strategy type is 'Recreate'");
  }
  checkTopologySpread(spec.topologySpreadConstraints, join(base, 'topologySpreadConstraints'), add);

  if (WORKLOAD_SELECTOR_KINDS.has(obj.kind)) {
    const sel = asMap(obj.spec).selector;
    if (selectorIsEmpty(sel)) add('spec.selector', 'the selector must not be empty');
    else if (!selectorMatches(sel, tpl.labels)) add('spec.selector', `selector does not match the template labels (${tpl.metadataPath}.labels)`);
  }
}

function checkHandler(h, allowed, p, ownPorts, cname, add) {
  if (!isMap(h)) return;
  const present = allowed.filter((k) => h[k] !== undefined);
  if (present.length !== 1) add(p, `must set exactly one handler of ${allowed.join(', ')}, found ${present.length ? present.join(', ') : 'none'}`);
  for (const k of ['httpGet', 'tcpSocket']) {
    const port = asMap(h[k]).port;
    if (typeof port === 'string') {
      if (/^[0-9]+$/.test(port)) add(join(join(p, k), 'port'), `port ${JSON.stringify(port)} is a string of digits: a named port must contain a letter (use the number unquoted)`);
      else if (!ownPorts.has(port)) add(join(join(p, k), 'port'), `named port ${JSON.stringify(port)} is not a port of container ${cname}`);
    } else if (typeof port === 'number' && (port < 1 || port > 65535)) {
      add(join(join(p, k), 'port'), 'must be 1-65535');
    }
  }
}

// ---- services and ingresses ----

function checkService(obj, add) {
  const spec = asMap(obj.spec);
  const ports = asList(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (!ports.length && !headless && spec.type !== 'ExternalName') add('spec.ports', 'a Service needs at least one port');
  const names = new Set();
  const numbers = new Set();
  ports.forEach((port, i) => {
    const p = join('spec.ports', i);
    if (!isMap(port)) return;
    if (typeof port.port === 'number' && (port.port < 1 || port.port > 65535)) add(join(p, 'port'), 'must be 1-65535');
    const key = `${port.port}/${port.protocol || 'TCP'}`;
    if (numbers.has(key)) add(join(p, 'port'), `duplicate port ${key}`);
    numbers.add(key);
    if (ports.length > 1 && port.name === undefined) add(join(p, 'name'), 'each port of a multi-port Service needs a name');
    if (port.name !== undefined) {
      if (!isLabel(port.name)) add(join(p, 'name'), `port name ${JSON.stringify(port.name)} is not a DNS-1123 label`);
      if (names.has(port.name)) add(join(p, 'name'), `duplicate port name ${port.name}`);
      names.add(port.name);
    }
    const tp = port.targetPort;
    if (typeof tp === 'number' && (tp < 1 || tp > 65535)) add(join(p, 'targetPort'), 'must be 1-65535');
    if (typeof tp === 'string' && !isPortName(tp)) add(join(p, 'targetPort'), `${JSON.stringify(tp)} is not a valid port name`);
  });
}

function isHost(h) {
  return typeof h === 'string' && (isSubdomain(h) || WILDCARD_HOST.test(h));
}

export function hostCovered(host, tlsHosts) {
  return tlsHosts.some((t) => t === host || (t.startsWith('*.') && host.split('.').slice(1).join('.') === t.slice(2)));
}

function checkIngress(obj, add) {
  const spec = asMap(obj.spec);
  const nginx = spec.ingressClassName === 'nginx';
  const backends = [];
  if (spec.defaultBackend !== undefined) backends.push(['spec.defaultBackend', spec.defaultBackend]);
  const tlsHosts = [];
  const secretNames = new Set();
  asList(spec.tls).forEach((t, i) => {
    const p = join('spec.tls', i);
    if (!isMap(t)) return;
    asList(t.hosts).forEach((h, j) => {
      if (!isHost(h)) add(join(join(p, 'hosts'), j), `${JSON.stringify(h)} is not a valid host name`);
      tlsHosts.push(h);
    });
    if (!asList(t.hosts).length) add(join(p, 'hosts'), 'empty: cert-manager skips a TLS block without hosts');
    if (typeof t.secretName !== 'string' || t.secretName === '') add(join(p, 'secretName'), 'missing: cert-manager skips a TLS block without secretName');
    else if (secretNames.has(t.secretName)) add(join(p, 'secretName'), `secretName ${t.secretName} is used by two TLS blocks (cert-manager rejects this)`);
    secretNames.add(t.secretName);
  });
  asList(spec.rules).forEach((r, i) => {
    const p = join('spec.rules', i);
    if (!isMap(r)) return;
    if (r.host !== undefined) {
      if (!isHost(r.host)) add(join(p, 'host'), `${JSON.stringify(r.host)} is not a valid host name`);
      else if (tlsHosts.length && !hostCovered(r.host, tlsHosts)) add(join(p, 'host'), `${r.host} is not in any spec.tls hosts: it gets no certificate`);
    }
    asList(asMap(r.http).paths).forEach((hp, j) => {
      const pp = join(sub(p, 'http.paths'), j);
      if (!isMap(hp)) return;
      if (typeof hp.path === 'string' && !hp.path.startsWith('/')) add(join(pp, 'path'), `${JSON.stringify(hp.path)} must be an absolute path`);
      if (nginx && hp.pathType === 'Prefix' && typeof hp.path === 'string' && hp.path.length > 1 && hp.path.endsWith('/')) {
        add(join(pp, 'path'), `Prefix path ${hp.path} ends with "/": ingress-nginx renders it as location "${hp.path}", so a bare ${hp.path.slice(0, -1)} falls through to another path (use ${hp.path.replace(/\/+$/, '')})`);
      }
      if (nginx && (hp.pathType === 'Prefix' || hp.pathType === 'Exact') && typeof hp.path === 'string' && /[\^$*+?()[\]{}|\\]/.test(hp.path)) {
        add(join(pp, 'path'), `ingress-nginx (strict-validate-path-type) rejects regex characters in a ${hp.pathType} path`);
      }
      backends.push([join(pp, 'backend'), hp.backend]);
    });
  });
  for (const [p, b] of backends) {
    if (!isMap(b)) continue;
    const n = ['service', 'resource'].filter((k) => b[k] !== undefined).length;
    if (n !== 1) add(p, `a backend names exactly one of service or resource, found ${n}`);
    if (isMap(b.service)) {
      const port = asMap(b.service.port);
      const m = ['name', 'number'].filter((k) => port[k] !== undefined).length;
      if (m !== 1) add(join(join(p, 'service'), 'port'), `give exactly one of port.name or port.number, found ${m}`);
    }
  }
}

function checkConfigMap(obj, add) {
  for (const f of ['data', 'binaryData']) {
    for (const k of Object.keys(asMap(obj[f]))) {
      if (k.length > 253 || !CONFIG_KEY.test(k)) add(join(f, k), `key ${JSON.stringify(k)} must be [-._a-zA-Z0-9]+`);
    }
  }
  const both = Object.keys(asMap(obj.data)).filter((k) => k in asMap(obj.binaryData));
  for (const k of both) add(join('binaryData', k), `key ${k} is in both data and binaryData`);
}

// core/validation validateTopologySpreadConstraints: maxSkew above 0, a known whenUnsatisfiable, one constraint per
// (topologyKey, whenUnsatisfiable), minDomains only with DoNotSchedule, matchLabelKeys only beside a labelSelector and
// never naming one of its keys.
function checkTopologySpread(list, p, add) {
  const seen = new Set();
  asList(list).forEach((c, i) => {
    if (!isMap(c)) return;
    const cp = join(p, i);
    if (!Number.isInteger(c.maxSkew) || c.maxSkew < 1) add(join(cp, 'maxSkew'), 'must be greater than 0');
    const kp = qualifiedNameProblem(c.topologyKey);
    if (kp) add(join(cp, 'topologyKey'), `topology key ${kp}`);
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable)) add(join(cp, 'whenUnsatisfiable'), `${JSON.stringify(c.whenUnsatisfiable)} is not DoNotSchedule or ScheduleAnyway`);
    const pair = `${c.topologyKey}\u0000${c.whenUnsatisfiable}`;
    if (seen.has(pair)) add(cp, `a second constraint on {${c.topologyKey}, ${c.whenUnsatisfiable}}`);
    seen.add(pair);
    if (c.minDomains !== undefined && (c.whenUnsatisfiable !== 'DoNotSchedule' || !(c.minDomains > 0))) add(join(cp, 'minDomains'), 'needs whenUnsatisfiable DoNotSchedule and a value above 0');
    const keys = asList(c.matchLabelKeys);
    if (keys.length && !isMap(c.labelSelector)) add(join(cp, 'matchLabelKeys'), 'must not be specified when labelSelector is not set');
    const sel = asMap(c.labelSelector);
    const inSelector = new Set([...Object.keys(asMap(sel.matchLabels)), ...asList(sel.matchExpressions).map((e) => asMap(e).key)]);
    keys.forEach((k, j) => {
      const problem = qualifiedNameProblem(k);
      if (problem) add(join(join(cp, 'matchLabelKeys'), j), `label key ${problem}`);
      else if (inSelector.has(k)) add(join(join(cp, 'matchLabelKeys'), j), `${k} exists in both matchLabelKeys and labelSelector`);
    });
  });
}

// autoscaling/validation: minReplicas at least 1, maxReplicas at least minReplicas, a target with kind and name, and
// each metric with the one source its type names; a Utilization target needs averageUtilization above 0.
function checkAutoscaler(obj, add) {
  const spec = asMap(obj.spec);
  const min = spec.minReplicas ?? 1;
  if (!Number.isInteger(min) || min < 1) add('spec.minReplicas', 'must be greater than or equal to 1');
  if (!Number.isInteger(spec.maxReplicas) || spec.maxReplicas < 1) add('spec.maxReplicas', 'must be greater than 0');
  else if (spec.maxReplicas < min) add('spec.maxReplicas', 'must be greater than or equal to `minReplicas`');
  const ref = asMap(spec.scaleTargetRef);
  if (!ref.kind) add('spec.scaleTargetRef.kind', 'required');
  if (!ref.name) add('spec.scaleTargetRef.name', 'required');
  const SOURCES = { Resource: 'resource', Pods: 'pods', Object: 'object', External: 'external', ContainerResource: 'containerResource' };
  asList(spec.metrics).forEach((m, i) => {
    const mp = join('spec.metrics', i);
    const own = SOURCES[asMap(m).type];
    const set = Object.values(SOURCES).filter((k) => asMap(m)[k] !== undefined);
    if (!own) { add(join(mp, 'type'), `${JSON.stringify(asMap(m).type)} is not a metric source type`); return; }
    if (set.length !== 1 || set[0] !== own) add(mp, `type ${m.type} needs exactly the field ${own}, found ${set.join(', ') || 'none'}`);
    const target = asMap(asMap(asMap(m)[own]).target);
    if (own === 'resource' && !asMap(m).resource?.name) add(sub(mp, 'resource.name'), 'required');
    if (target.type === 'Utilization' && !(Number.isInteger(target.averageUtilization) && target.averageUtilization > 0))
      add(sub(mp, `${own}.target.averageUtilization`), 'must be greater than 0');
  });
}

// policy/validation ValidatePodDisruptionBudgetSpec: one of minAvailable and maxUnavailable, neither negative nor
// above 100%.
function checkDisruptionBudget(obj, add) {
  const spec = asMap(obj.spec);
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) add('spec', 'minAvailable and maxUnavailable cannot be both set');
  for (const k of ['minAvailable', 'maxUnavailable']) {
    const v = spec[k];
    if (v === undefined) continue;
    const pct = typeof v === 'string' && /^(\d+)%$/.exec(v);
    if (typeof v === 'number' ? !Number.isInteger(v) || v < 0 : !pct || Number(pct[1]) > 100) add(join('spec', k), `${JSON.stringify(v)} must be a whole number of pods from 0 or a percentage from 0% to 100%`);
  }
}

export function checkBuiltinRules(obj, add) {
  if (obj.kind === 'HorizontalPodAutoscaler') checkAutoscaler(obj, add);
  if (obj.kind === 'PodDisruptionBudget') checkDisruptionBudget(obj, add);
  const tpl = podTemplateOf(obj);
  if (tpl) checkPod(obj, tpl, add);
  if (obj.kind === 'Service') checkService(obj, add);
  if (obj.kind === 'Ingress') checkIngress(obj, add);
  if (obj.kind === 'ConfigMap' || obj.kind === 'Secret') checkConfigMap(obj, add);
}
