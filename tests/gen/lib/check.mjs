// Two checks on the objects rbdc emitted for one program: the API server's field validation for the fields rbdc writes
// (ported in k8srules.mjs), and "every user value arrives as written" against the program's model.
// Each problem is { rule, where, msg }; `rule` names the class of failure (used to group and minimise failures).
import * as K from './k8srules.mjs';

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const asMap = (v) => (isMap(v) ? v : {});
const asList = (v) => (Array.isArray(v) ? v : []);

const SUBDOMAIN_NAMED = new Set(['Deployment', 'StatefulSet', 'Job', 'CronJob', 'ConfigMap', 'Secret', 'ServiceAccount', 'Ingress',
  'VaultStaticSecret', 'VaultAuth', 'VaultConnection', 'PersistentVolumeClaim']);
// Builtins a shell runs itself: no executable of that name exists, so as argv[0] the container cannot start (POSIX
// "special built-in utilities", plus the common regular built-ins with no binary on Debian/Alpine images).
const SHELL_BUILTINS = new Set(['.', ':', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set',
  'shift', 'times', 'trap', 'unset', 'cd', 'source', 'alias', 'unalias', 'ulimit', 'umask', 'local', 'declare', 'typeset',
  'command', 'getopts', 'hash', 'read', 'type', 'wait', 'fg', 'bg', 'jobs', 'let',
  // reserved words
  'if', 'then', 'else', 'fi', 'for', 'while', 'until', 'case', 'time', 'function']);

function podSpecOf(obj) {
  if (['Deployment', 'StatefulSet', 'Job', 'DaemonSet', 'ReplicaSet'].includes(obj.kind)) return { tpl: asMap(asMap(obj.spec).template), base: 'spec.template' };
  if (obj.kind === 'CronJob') return { tpl: asMap(asMap(asMap(asMap(obj.spec).jobTemplate).spec).template), base: 'spec.jobTemplate.spec.template' };
  return null;
}

function containersOf(spec) {
  return [...asList(spec.initContainers).map((c, i) => ({ c, where: `initContainers[${i}]` })),
    ...asList(spec.containers).map((c, i) => ({ c, where: `containers[${i}]` }))].filter((x) => isMap(x.c));
}

// ---- per-object API-server rules ----

export function checkObjects(objects) {
  const out = [];
  for (const obj of objects) {
    if (!isMap(obj)) continue;
    const id = `${obj.kind}/${asMap(obj.metadata).name}`;
    // The class of a problem is its rule and the shape of its message (values and numbers left out).
    const shape = (msg) => msg.replace(/"[^"]*"/g, '"…"').replace(/\([^)]*\)/g, '').replace(/\b[0-9]+\b/g, 'N').replace(/\s+/g, ' ').trim();
    const add = (rule, where, msgs) => { for (const msg of msgs) out.push({ rule: `${rule}: ${shape(msg)}`, where: `${id}: ${where}`, msg }); };
    checkMeta(obj, add);
    const pod = podSpecOf(obj);
    if (pod) checkPod(obj, pod, add);
    if (obj.kind === 'Service') checkService(obj, add);
    if (obj.kind === 'Ingress') checkIngress(obj, add);
    if (obj.kind === 'ConfigMap') checkConfigMap(obj, add);
    if (obj.kind === 'VaultConnection') checkVaultConnection(obj, add);
    if (obj.kind === 'VaultStaticSecret') checkVaultStaticSecret(obj, add);
    if (obj.kind === 'Job') checkBucketJob(obj, add);
    if (obj.kind === 'CronJob') add('CronJob schedule', 'spec.schedule', K.cronSchedule(String(asMap(obj.spec).schedule)));
    if (obj.kind === 'VaultAuth') add('Vault kubernetes auth role name', 'spec.kubernetes.role', K.vaultRoleName(asMap(asMap(obj.spec).kubernetes).role));
  }
  checkCross(objects, out);
  return out;
}

// ---- between objects: one selector, one workload; one Secret, one writer ----

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet', 'ReplicaSet']);
const matches = (selector, labels) => Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

function checkCross(objects, out) {
  const maps = objects.filter(isMap);
  const pods = maps.filter((o) => WORKLOADS.has(o.kind)).map((o) => ({ id: `${o.kind}/${asMap(o.metadata).name}`, labels: asMap(asMap(podSpecOf(o).tpl.metadata).labels) }));
  // A Service, workload or PodDisruptionBudget that selects the pods of more than one workload sends traffic to,
  // counts or evicts pods that are not its own.
  for (const o of maps) {
    const sel = o.kind === 'Service' ? asMap(asMap(o.spec).selector) : asMap(asMap(asMap(o.spec).selector).matchLabels);
    if (!['Service', 'PodDisruptionBudget', ...WORKLOADS].includes(o.kind) || !Object.keys(sel).length) continue;
    const hit = pods.filter((p) => matches(sel, p.labels)).map((p) => p.id);
    if (hit.length > 1) out.push({ rule: 'a selector selects the pods of one workload', where: `${o.kind}/${asMap(o.metadata).name}: selector`, msg: `selects the pods of ${hit.join(', ')}` });
  }
  // Two controllers writing one Secret (VSO's destination, cert-manager's TLS Secret) overwrite each other.
  const writers = new Map();
  const write = (name, who) => { if (typeof name === 'string') writers.set(name, [...(writers.get(name) || []), who]); };
  for (const o of maps) {
    if (o.kind === 'VaultStaticSecret') write(asMap(asMap(o.spec).destination).name, `VaultStaticSecret/${asMap(o.metadata).name}`);
    if (o.kind === 'Ingress' && asMap(asMap(o.metadata).annotations)['cert-manager.io/cluster-issuer'] !== undefined) {
      for (const t of asList(asMap(o.spec).tls)) write(asMap(t).secretName, `cert-manager for Ingress/${asMap(o.metadata).name}`);
    }
  }
  for (const [name, who] of writers) {
    if (who.length > 1) out.push({ rule: 'one Secret, one writer', where: `Secret/${name}`, msg: `is written by ${who.join(' and ')}` });
  }
}

function checkLabels(labels, where, add) {
  for (const [k, v] of Object.entries(asMap(labels))) {
    add('label key', `${where}[${k}]`, K.qualifiedName(k));
    add('label value', `${where}[${k}]`, K.labelValue(v));
  }
}

function checkMeta(obj, add) {
  const md = asMap(obj.metadata);
  const name = md.name;
  // Name rules per kind: apimachinery ValidateObjectMeta with core/apps/batch/networking's name functions.
  if (obj.kind === 'Namespace') add('Namespace name (DNS-1123 label)', 'metadata.name', K.dns1123Label(name));
  else if (obj.kind === 'Service') add('Service name (DNS-1035 label)', 'metadata.name', K.dns1035Label(name));
  else if (SUBDOMAIN_NAMED.has(obj.kind)) add(`${obj.kind} name (DNS-1123 subdomain)`, 'metadata.name', K.dns1123Subdomain(name));
  if (typeof name === 'string') {
    if (obj.kind === 'StatefulSet') {
      // Its pods are NAME-0 with hostname NAME-0 (a DNS label) and the labels statefulset.kubernetes.io/pod-name and
      // controller-revision-hash: NAME-<hash of up to 10 characters> (label values).
      add('StatefulSet pod hostname NAME-0 (DNS-1123 label)', 'metadata.name', K.dns1123Label(`${name}-0`));
      add('StatefulSet controller-revision-hash label NAME-HASH (label value)', 'metadata.name', K.labelValue(`${name}-0123456789`));
    }
    if (obj.kind === 'Job') add('Job name as the job-name label (label value)', 'metadata.name', K.labelValue(name));
    if (obj.kind === 'CronJob' && name.length > 52) add('CronJob name', 'metadata.name', ['must be no more than 52 characters']);
  }
  if (md.namespace !== undefined) add('metadata.namespace (DNS-1123 label)', 'metadata.namespace', K.dns1123Label(md.namespace));
  checkLabels(md.labels, 'metadata.labels', add);
  let size = 0;
  for (const [k, v] of Object.entries(asMap(md.annotations))) {
    add('annotation key', `metadata.annotations[${k}]`, K.qualifiedName(k.toLowerCase()));
    size += k.length + String(v).length;
  }
  if (size > 256 * 1024) add('annotations total size', 'metadata.annotations', [`${size} bytes: must have at most 262144 bytes`]);
}

function quantityCheck(q, where, add, positive) {
  const p = K.parseQuantity(q);
  if (p.error) { add('resource quantity grammar', where, [p.error]); return null; }
  if (p.nano < 0n) add('resource quantity', where, ['must be greater than or equal to 0']);
  if (positive && p.nano <= 0n) add('resource quantity', where, ['must be greater than zero']);
  if (p.capped) add('resource quantity over 2^63-1 (silently capped)', where, [`${JSON.stringify(q)} is more than the largest quantity the API server stores (2^63-1): it would be capped`]);
  return p;
}

function checkPod(obj, pod, add) {
  const tplMeta = asMap(pod.tpl.metadata);
  checkLabels(tplMeta.labels, `${pod.base}.metadata.labels`, add);
  checkLabels(asMap(asMap(obj.spec).selector).matchLabels, 'spec.selector.matchLabels', add);
  for (const [k] of Object.entries(asMap(tplMeta.annotations))) add('annotation key', `${pod.base}.metadata.annotations[${k}]`, K.qualifiedName(k.toLowerCase()));
  const spec = asMap(pod.tpl.spec);
  const volumes = new Set();
  asList(spec.volumes).forEach((v, i) => {
    add('volume name (DNS-1123 label)', `${pod.base}.spec.volumes[${i}].name`, K.dns1123Label(asMap(v).name));
    volumes.add(asMap(v).name);
  });
  asList(asMap(obj.spec).volumeClaimTemplates).forEach((t, i) => {
    const where = `spec.volumeClaimTemplates[${i}]`;
    add('claim name (DNS-1123 label)', `${where}.metadata.name`, K.dns1123Label(asMap(asMap(t).metadata).name));
    volumes.add(asMap(asMap(t).metadata).name);
    checkLabels(asMap(asMap(t).metadata).labels, `${where}.metadata.labels`, add);
    const storage = asMap(asMap(asMap(asMap(t).spec).resources).requests).storage;
    if (storage !== undefined) quantityCheck(storage, `${where}.spec.resources.requests.storage`, add, true);
  });
  const names = new Set();
  const portNames = new Set();
  for (const { c, where: cw } of containersOf(spec)) {
    const where = `${pod.base}.spec.${cw}`;
    add('container name (DNS-1123 label)', `${where}.name`, K.dns1123Label(c.name));
    if (names.has(c.name)) add('container name unique', `${where}.name`, [`duplicate container name ${c.name}`]);
    names.add(c.name);
    add('image reference', `${where}.image`, K.imageReference(c.image));
    asList(c.ports).forEach((p, i) => {
      add('containerPort', `${where}.ports[${i}].containerPort`, K.portNum(asMap(p).containerPort));
      if (asMap(p).name !== undefined) {
        add('port name (IANA_SVC_NAME)', `${where}.ports[${i}].name`, K.portName(p.name));
        if (portNames.has(p.name)) add('port name unique in the pod', `${where}.ports[${i}].name`, [`duplicate port name ${p.name}`]);
        portNames.add(p.name);
      }
    });
    asList(c.env).forEach((e, i) => add('env name (IsEnvVarName)', `${where}.env[${i}].name`, K.envVarName(asMap(e).name)));
    asList(c.envFrom).forEach((e, i) => {
      const ref = asMap(asMap(e).secretRef).name;
      if (ref !== undefined) add('envFrom secretRef name (DNS-1123 subdomain)', `${where}.envFrom[${i}].secretRef.name`, K.dns1123Subdomain(ref));
    });
    const res = asMap(c.resources);
    const parsed = {};
    for (const kind of ['requests', 'limits']) {
      for (const [r, q] of Object.entries(asMap(res[kind]))) parsed[`${kind}.${r}`] = quantityCheck(q, `${where}.resources.${kind}.${r}`, add, false);
    }
    for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
      const req = parsed[`requests.${r}`];
      const lim = parsed[`limits.${r}`];
      // ValidateResourceRequirements: a request more than its limit, compared exactly (after the API server's rounding).
      if (req && lim && req.nano > lim.nano) {
        add('resource request <= limit (exact)', `${where}.resources.requests.${r}`, [`request ${JSON.stringify(res.requests[r])} is more than the limit ${JSON.stringify(res.limits[r])} (the API server compares exactly)`]);
      }
    }
    asList(c.volumeMounts).forEach((vm, i) => {
      if (!volumes.has(asMap(vm).name)) add('volumeMount names a volume', `${where}.volumeMounts[${i}].name`, [`no volume ${JSON.stringify(asMap(vm).name)}`]);
    });
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const port = asMap(asMap(c[probe]).httpGet).port;
      if (typeof port === 'string') add('probe port name (IANA_SVC_NAME)', `${where}.${probe}.httpGet.port`, K.portName(port));
      else if (port !== undefined) add('probe port number', `${where}.${probe}.httpGet.port`, K.portNum(port));
    }
    checkArgv(asList(c.command), `${where}.command`, add);
  }
}

// A command that runs without a shell: argv[0] is the program the runtime executes.
function checkArgv(argv, where, add) {
  if (!argv.length || typeof argv[0] !== 'string') return;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0])) {
    add('argv[0] is an assignment NAME=VALUE', `${where}[0]`, [`${JSON.stringify(argv[0])} is not a program: without a shell the runtime tries to execute a file of that name`]);
  }
  if (SHELL_BUILTINS.has(argv[0])) {
    add('argv[0] is a shell builtin', `${where}[0]`, [`${JSON.stringify(argv[0])} is a shell builtin, not an executable: the container fails with "executable file not found"`]);
  }
}

function checkService(obj, add) {
  const spec = asMap(obj.spec);
  checkLabels(spec.selector, 'spec.selector', add);
  asList(spec.ports).forEach((p, i) => {
    add('Service port', `spec.ports[${i}].port`, K.portNum(asMap(p).port));
    if (asMap(p).name !== undefined) add('Service port name (DNS-1123 label)', `spec.ports[${i}].name`, K.dns1123Label(p.name));
    const tp = asMap(p).targetPort;
    if (typeof tp === 'string') add('Service targetPort name (IANA_SVC_NAME)', `spec.ports[${i}].targetPort`, K.portName(tp));
    else if (tp !== undefined) add('Service targetPort number', `spec.ports[${i}].targetPort`, K.portNum(tp));
  });
}

function checkIngress(obj, add) {
  const spec = asMap(obj.spec);
  const nginx = spec.ingressClassName === undefined || spec.ingressClassName === 'nginx';
  if (spec.ingressClassName !== undefined) add('ingressClassName (DNS-1123 subdomain)', 'spec.ingressClassName', K.dns1123Subdomain(spec.ingressClassName));
  asList(spec.tls).forEach((t, i) => {
    asList(asMap(t).hosts).forEach((h, j) => {
      add('Ingress TLS host', `spec.tls[${i}].hosts[${j}]`, String(h).includes('*') ? K.wildcardSubdomain(String(h)) : K.dns1123Subdomain(h));
      if (nginx) add('ingress-nginx deep inspection', `spec.tls[${i}].hosts[${j}]`, K.nginxInspect(String(h)));
    });
    if (asMap(t).secretName) {
      add('Ingress TLS secretName (DNS-1123 subdomain)', `spec.tls[${i}].secretName`, K.dns1123Subdomain(t.secretName));
      if (nginx) add('ingress-nginx deep inspection', `spec.tls[${i}].secretName`, K.nginxInspect(t.secretName));
    }
  });
  asList(spec.rules).forEach((r, i) => {
    if (asMap(r).host !== undefined) {
      add('Ingress host (DNS name, not an IP)', `spec.rules[${i}].host`, K.ingressHost(String(r.host)));
      if (nginx) add('ingress-nginx deep inspection', `spec.rules[${i}].host`, K.nginxInspect(String(r.host)));
    }
    asList(asMap(asMap(r).http).paths).forEach((p, j) => {
      const where = `spec.rules[${i}].http.paths[${j}].path`;
      const path = String(asMap(p).path);
      add('Ingress path (networking validation)', where, K.ingressPath(path, p.pathType));
      if (nginx) {
        add('ingress-nginx strict-validate-path-type', where, K.nginxPath(path, p.pathType));
        add('ingress-nginx deep inspection', where, K.nginxInspect(path));
      }
      const svc = asMap(asMap(p.backend).service);
      add('Ingress backend Service name (DNS-1035 label)', `spec.rules[${i}].http.paths[${j}].backend.service.name`, K.dns1035Label(svc.name));
      if (asMap(svc.port).name !== undefined) add('Ingress backend port name (IANA_SVC_NAME)', `spec.rules[${i}].http.paths[${j}].backend.service.port.name`, K.portName(svc.port.name));
    });
  });
}

function checkConfigMap(obj, add) {
  for (const [k, v] of Object.entries(asMap(obj.data))) {
    add('ConfigMap key', `data[${k}]`, K.configMapKey(k));
    // An nginx server block (spa): the `root` argument must be one literal token.
    if (typeof v === 'string' && /^\s*server\s*\{/m.test(v)) {
      const roots = [...v.matchAll(/^\s*root\s+(.*?);?\s*$/gm)].map((m) => m[1]);
      for (const root of roots) add('nginx root of the spa server block', `data[${k}]`, K.nginxRootToken(root).errs);
    }
  }
}

// The bucket Job's script: each `mc mb ... store/BUCKET` must name a bucket MinIO creates.
function checkBucketJob(obj, add) {
  for (const c of asList(asMap(asMap(asMap(obj.spec).template).spec).containers)) {
    for (const arg of asList(asMap(c).command).concat(asList(asMap(c).args))) {
      for (const m of String(arg).matchAll(/^\s*mc mb (?:--\S+ )*store\/(.*)$/gm)) add('bucket name (MinIO)', 'bucket Job script', K.bucketName(m[1]));
    }
  }
}

function checkVaultConnection(obj, add) {
  const address = asMap(obj.spec).address;
  let ok = false;
  try {
    const u = new URL(address);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch { ok = false; }
  if (!ok) add('VaultConnection address (an http(s) URL with a host)', 'spec.address', [`${JSON.stringify(address)} is not an http(s) URL with a host: the Vault client cannot connect`]);
}

function checkVaultStaticSecret(obj, add) {
  asList(asMap(asMap(asMap(obj.spec).destination).transformation).includes).forEach((re, i) => {
    try { new RegExp(re); } catch { add('VSO includes regex', `spec.destination.transformation.includes[${i}]`, [`${re} does not compile`]); }
  });
}

// ---- every user value arrives as written ----

const find = (objects, kind, name) => objects.find((o) => isMap(o) && o.kind === kind && asMap(o.metadata).name === name);
const DURATION_UNIT = { s: 1, m: 60, h: 3600 };
const seconds = (d) => Number(d.slice(0, -1)) * DURATION_UNIT[d.slice(-1)];
const truthy = (b) => ['yes', 'true', 'on'].includes(b);

export function checkFidelity(m, objects, stdlib) {
  const out = [];
  const add = (rule, where, msg) => out.push({ rule: `as written: ${rule}`, where, msg });
  const eq = (rule, where, got, want) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) add(rule, where, `is ${JSON.stringify(got)}, the program says ${JSON.stringify(want)}`);
  };
  const d = (k) => (m.defaults[k] !== undefined ? m.defaults[k] : stdlib[k]);
  const ns = m.cliNamespace !== null ? m.cliNamespace : m.namespace !== null ? m.namespace : m.project;

  // `namespace NAME external`: another owner's Namespace, so none in the output.
  eq('namespace', 'Namespace', objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name), m.namespaceExternal ? [] : [ns]);
  for (const o of objects) {
    if (!isMap(o) || o.kind === 'Namespace') continue;
    eq('namespace', `${o.kind}/${asMap(o.metadata).name}: metadata.namespace`, asMap(o.metadata).namespace, ns);
    eq('project', `${o.kind}/${asMap(o.metadata).name}: metadata.labels[app.kubernetes.io/part-of]`, asMap(asMap(o.metadata).labels)['app.kubernetes.io/part-of'], m.project);
  }

  const secretKeys = new Map(m.secrets.map((s) => [s.name, s.keys]));
  for (const a of m.apps) {
    const dep = find(objects, 'Deployment', a.name);
    const svc = find(objects, 'Service', a.name);
    if (!dep) { add('app', `Deployment/${a.name}`, 'is missing'); continue; }
    const worker = a.port === null; // issue 10: no port, no Service, no container port, no readiness probe
    if (worker) { if (svc) add('app', `Service/${a.name}`, 'exists, but the app has no port'); }
    else if (!svc) add('app', `Service/${a.name}`, 'is missing');
    else eq('port', `Service/${a.name}: spec.ports[0].port`, asMap(asList(asMap(svc.spec).ports)[0]).port, Number(a.port));
    const spec = asMap(asMap(asMap(dep.spec).template).spec);
    const main = asList(spec.containers).find((c) => asMap(c).name === a.name) || {};
    const image = imageOf(m, a);
    eq('image', `Deployment/${a.name}: image`, main.image, image);
    eq('port', `Deployment/${a.name}: containerPort`, asMap(asList(main.ports)[0]).containerPort, worker ? undefined : Number(a.port));
    checkAppProbes(a, main, `Deployment/${a.name}`, eq, add);
    const tune = (k) => (a.tune[k] !== undefined ? a.tune[k] : d(k));
    // Pod count: an autoscaler owns it (no spec.replicas), a singleton is one pod replaced by Recreate, else replicas.
    const [range, , target] = (a.autoscale || '').split(' ');
    const [least, most] = a.autoscale !== null ? range.split('..').map(Number) : [];
    const fixed = a.autoscale !== null ? undefined : a.singleton ? 1 : Number(tune('replicas'));
    eq('replicas', `Deployment/${a.name}: spec.replicas`, asMap(dep.spec).replicas, fixed);
    eq('singleton', `Deployment/${a.name}: spec.strategy`, asMap(dep.spec).strategy, a.singleton ? { type: 'Recreate' } : undefined);
    const hpa = find(objects, 'HorizontalPodAutoscaler', a.name);
    eq('autoscale', `HorizontalPodAutoscaler/${a.name}: spec`, hpa ? asMap(hpa.spec) : undefined, a.autoscale === null ? undefined : {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: a.name }, minReplicas: least, maxReplicas: most,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: parseInt(target, 10) } } }],
    });
    const several = (a.autoscale !== null ? most : fixed) > 1;
    eq('availability', `PodDisruptionBudget/${a.name}`, Boolean(find(objects, 'PodDisruptionBudget', a.name)), several);
    eq('availability', `Deployment/${a.name}: topologySpreadConstraints`, asList(spec.topologySpreadConstraints).map((c) => asMap(c).topologyKey),
      several ? ['kubernetes.io/hostname'] : []);
    eq('user', `Deployment/${a.name}: securityContext.runAsUser`, asMap(spec.securityContext).runAsUser, Number(tune('user')));
    checkResources(main, `Deployment/${a.name}`, tune, eq);
    eq('read-only-root', `Deployment/${a.name}: readOnlyRootFilesystem`, asMap(main.securityContext).readOnlyRootFilesystem, truthy(tune('read-only-root')));
    if (a.healthForm !== 'none') checkProbeTimings(main, `Deployment/${a.name}`, (k) => (a.probes[k] !== undefined ? a.probes[k] : d(k)), eq, !worker);
    checkTmp(spec, `Deployment/${a.name}`, d, eq);
    checkScratch(a, spec, main, `Deployment/${a.name}`, d, eq);
    eq('secrets', `Deployment/${a.name}: envFrom`, asList(main.envFrom).map((e) => asMap(asMap(e).secretRef).name), a.secrets);
    const known = new Set(a.secrets.flatMap((s) => secretKeys.get(s) || []));
    const containers = [['container', main]];
    if (a.command !== null) checkCommand(a.command, a.env, main, known, `Deployment/${a.name}: command`, add);
    else if (main.command !== undefined) add('command', `Deployment/${a.name}`, 'has a command, but the program says none');
    if (a.migrate !== null) {
      const init = asList(spec.initContainers).find((c) => asMap(c).name === 'migrate');
      if (!init) add('migrate', `Deployment/${a.name}`, 'has no migrate init container');
      else {
        containers.push(['migrate init container', init]);
        eq('image', `Deployment/${a.name}: migrate image`, init.image, image);
        checkResources(init, `Deployment/${a.name} migrate`, tune, eq);
        checkCommand(a.migrate, a.env, init, known, `Deployment/${a.name}: migrate command`, add);
      }
    }
    for (const [what, c] of containers) checkEnv(a, c, known, `Deployment/${a.name} ${what}`, add);
    if (a.spa) checkSpa(a, spec, objects, d('spa-root'), `Deployment/${a.name}`, eq, add);
  }

  checkIngresses(m, objects, add, eq);
  checkJobs(m, objects, stdlib, add, eq);

  for (const s of m.stores) {
    const sts = find(objects, 'StatefulSet', s.name);
    if (!sts) { add('store', `StatefulSet/${s.name}`, 'is missing'); continue; }
    const spec = asMap(asMap(asMap(sts.spec).template).spec);
    const minio = asList(spec.containers)[0] || {};
    const tune = (k) => (s.tune[k] !== undefined ? s.tune[k] : d(k));
    if (s.engine && s.engine !== 'minio') {
      checkEngineStore(m, s, sts, spec, minio, objects, stdlib, tune, eq, add);
      continue;
    }
    eq('store image', `StatefulSet/${s.name}: image`, minio.image, s.image !== null ? s.image : d('minio-image'));
    eq('store size', `StatefulSet/${s.name}: storage`, asMap(asMap(asMap(asMap(asList(asMap(sts.spec).volumeClaimTemplates)[0]).spec).resources).requests).storage, s.size);
    // A store's own replicas are refused (one MinIO server, one volume); the defaults' are the apps'.
    eq('store replicas', `StatefulSet/${s.name}: spec.replicas`, asMap(sts.spec).replicas, s.tune.replicas !== undefined ? Number(s.tune.replicas) : 1);
    const uid = Number(s.tune.user !== undefined ? s.tune.user : d('minio-user'));
    eq('store user', `StatefulSet/${s.name}: runAsUser`, asMap(spec.securityContext).runAsUser, uid);
    checkResources(minio, `StatefulSet/${s.name}`, tune, eq);
    eq('read-only-root', `StatefulSet/${s.name}: readOnlyRootFilesystem`, asMap(minio.securityContext).readOnlyRootFilesystem, truthy(tune('read-only-root')));
    eq('secrets', `StatefulSet/${s.name}: envFrom`, asList(minio.envFrom).map((e) => asMap(asMap(e).secretRef).name), s.secrets);
    eq('health', `StatefulSet/${s.name}: livenessProbe.httpGet.path`, asMap(asMap(minio.livenessProbe).httpGet).path, '/minio/health/live');
    eq('health', `StatefulSet/${s.name}: readinessProbe.httpGet.path`, asMap(asMap(minio.readinessProbe).httpGet).path, '/minio/health/ready');
    eq('health', `StatefulSet/${s.name}: startupProbe.httpGet.path`, asMap(asMap(minio.startupProbe).httpGet).path, '/minio/health/live');
    checkProbePorts(minio, `StatefulSet/${s.name}`, 9000, 'api', eq);
    checkProbeTimings(minio, `StatefulSet/${s.name}`, d, eq);
    checkTmp(spec, `StatefulSet/${s.name}`, d, eq);
    const job = objects.find((o) => isMap(o) && o.kind === 'Job' && asMap(asMap(asMap(asMap(o.spec).template).metadata).labels)['app.kubernetes.io/name'] === `${s.name}-bucket`);
    if (!s.buckets.length) continue;
    if (!job) { add('bucket', `Job for store ${s.name}`, 'is missing'); continue; }
    const jobSpec = asMap(asMap(asMap(job.spec).template).spec);
    const mc = asList(jobSpec.containers)[0] || {};
    eq('mc-image', `Job/${job.metadata.name}: image`, mc.image, d('mc-image'));
    // The mc client gets the program's defaults, not the server's own settings.
    checkResources(mc, `Job/${job.metadata.name}`, d, eq);
    checkTmp(jobSpec, `Job/${job.metadata.name}`, d, eq);
    eq('job-ttl', `Job/${job.metadata.name}: ttlSecondsAfterFinished`, asMap(job.spec).ttlSecondsAfterFinished, seconds(d('job-ttl')));
    const script = String(asList(mc.command)[2]);
    const made = [...script.matchAll(/^mc mb --ignore-existing store\/(.*)$/gm)].map((x) => x[1]);
    eq('bucket', `Job/${job.metadata.name}: buckets`, made, s.buckets);
  }

  if (m.vault) {
    const v = m.vault;
    for (const s of m.secrets) {
      const vss = find(objects, 'VaultStaticSecret', s.name);
      if (!vss) { add('secret', `VaultStaticSecret/${s.name}`, 'is missing'); continue; }
      const spec = asMap(vss.spec);
      eq('secret path', `VaultStaticSecret/${s.name}: spec.path`, spec.path, s.path);
      eq('vault mount', `VaultStaticSecret/${s.name}: spec.mount`, spec.mount, v.mount);
      eq('vault auth', `VaultStaticSecret/${s.name}: spec.vaultAuthRef`, spec.vaultAuthRef, v.auth);
      eq('vault refresh', `VaultStaticSecret/${s.name}: spec.refreshAfter`, spec.refreshAfter, v.refresh !== undefined ? v.refresh : d('refresh'));
      eq('secret name', `VaultStaticSecret/${s.name}: spec.destination.name`, asMap(spec.destination).name, s.name);
      const includes = asList(asMap(asMap(spec.destination).transformation).includes);
      for (const k of s.keys) {
        const hits = includes.filter((re) => { try { return new RegExp(re).test(k); } catch { return false; } });
        if (!hits.length) add('secret keys', `VaultStaticSecret/${s.name}: includes`, `no includes pattern lets key ${JSON.stringify(k)} through`);
      }
    }
    const auth = find(objects, 'VaultAuth', v.auth);
    if (v.role !== undefined) {
      if (!auth) add('vault role', `VaultAuth/${v.auth}`, 'is missing');
      else eq('vault role', `VaultAuth/${v.auth}: spec.kubernetes.role`, asMap(asMap(auth.spec).kubernetes).role, v.role);
    }
    if (v.authMount !== undefined) {
      if (!auth) add('vault auth-mount', `VaultAuth/${v.auth}`, `is not emitted, so 'auth-mount ${v.authMount}' reaches no object`);
      else eq('vault auth-mount', `VaultAuth/${v.auth}: spec.mount`, asMap(auth.spec).mount, v.authMount);
    }
    const conn = objects.find((o) => isMap(o) && o.kind === 'VaultConnection');
    if (v.address !== undefined) {
      if (!conn) add('vault address', 'VaultConnection', `is not emitted, so 'address "${v.address}"' reaches no object`);
      else {
        eq('vault address', `VaultConnection/${conn.metadata.name}: spec.address`, asMap(conn.spec).address, v.address);
        if (auth) eq('vault address', `VaultAuth/${v.auth}: spec.vaultConnectionRef`, asMap(auth.spec).vaultConnectionRef, conn.metadata.name);
      }
    } else if (conn) add('vault address', `VaultConnection/${conn.metadata.name}`, 'is emitted, but the program has no address');
    if (v.connection !== undefined) {
      // `default`: no vaultConnectionRef, so VSO uses the operator's default; NAME or NAMESPACE/NAME as written.
      if (!auth) add('vault connection', `VaultAuth/${v.auth}`, `is not emitted, so 'connection ${v.connection}' reaches no object`);
      else eq('vault connection', `VaultAuth/${v.auth}: spec.vaultConnectionRef`, asMap(auth.spec).vaultConnectionRef, v.connection === 'default' ? undefined : v.connection);
    } else if (v.address === undefined && auth) {
      eq('vault connection', `VaultAuth/${v.auth}: spec.vaultConnectionRef`, asMap(auth.spec).vaultConnectionRef, undefined);
    }
    if (v.role === undefined && auth) add('vault role', `VaultAuth/${v.auth}`, 'is emitted, but the program has no role');
  }
  out.push(...checkNetwork(m, objects, stdlib));
  return out;
}

function checkResources(c, where, tune, eq) {
  const res = asMap(c.resources);
  for (const [k, kind, r] of [['cpu', 'requests', 'cpu'], ['memory', 'requests', 'memory'], ['cpu-limit', 'limits', 'cpu'], ['memory-limit', 'limits', 'memory'],
    ['ephemeral-storage', 'requests', 'ephemeral-storage'], ['ephemeral-storage-limit', 'limits', 'ephemeral-storage']]) {
    const want = tune(k);
    eq(k, `${where}: resources.${kind}.${r}`, asMap(res[kind])[r], want === undefined ? undefined : want);
  }
}

// README "Probes": readiness every probe-period, out after probe-failures; liveness every liveness-period, restart
// after liveness-failures; the startup probe waits probe-delay, then probe-period x startup-failures; probe-timeout
// for all three. Only the startup probe has an initial delay.
// The app's probes by its health form (issue 10): http and tcp on the port (by number for liveness, by name for the
// others), exec running the command as written after the kubelet's $(VAR)/$$ expansion, none without probes; a
// worker (no port) has no readiness probe.
function checkAppProbes(a, main, where, eq, add) {
  const probes = ['livenessProbe', 'readinessProbe', 'startupProbe'];
  const want = (p) => a.healthForm !== 'none' && (p !== 'readinessProbe' || a.port !== null);
  for (const p of probes) {
    if (!want(p)) { eq('health', `${where}: ${p}`, main[p] === undefined ? 'absent' : 'present', 'absent'); continue; }
    const probe = asMap(main[p]);
    if (a.healthForm === 'http') eq('health', `${where}: ${p}.httpGet.path`, asMap(probe.httpGet).path, a.health);
    if (a.healthForm === 'http' || a.healthForm === 'tcp') {
      const action = asMap(a.healthForm === 'http' ? probe.httpGet : probe.tcpSocket);
      eq('probe port', `${where}: ${p} port`, action.port, p === 'livenessProbe' ? Number(a.port) : 'http');
    }
    if (a.healthForm === 'exec') {
      const seen = asList(asMap(probe.exec).command).map((x) => K.expand(String(x), K.mappingFor(new Set())));
      const shell = seen.length === 3 && seen[0] === '/bin/sh' && seen[1] === '-c';
      const ok = shell ? seen[2] === a.health : seen.join(' ') === a.health.trim().split(/[ \t]+/).join(' ');
      if (!ok) add('health exec command after $(VAR)/$$ expansion', `${where}: ${p}.exec.command`, `runs ${JSON.stringify(seen)}, the program says ${JSON.stringify(a.health)}`);
    }
  }
}

// scratch PATH: an emptyDir per path, sized by the app's scratch-size or the defaults', mounted at PATH.
function checkScratch(a, spec, main, where, d, eq) {
  const size = a.scratchSize !== null ? a.scratchSize : d('scratch-size');
  const mounts = asList(main.volumeMounts).map(asMap);
  for (const path of a.scratch) {
    const mount = mounts.find((x) => x.mountPath === path);
    const vol = mount ? asList(spec.volumes).map(asMap).find((v) => v.name === mount.name) : undefined;
    eq('scratch', `${where}: volume mounted at ${path}`, vol ? asMap(vol.emptyDir).sizeLimit : 'missing', size);
  }
  eq('scratch', `${where}: scratch volumes`, asList(spec.volumes).filter((v) => /^scratch-/.test(asMap(v).name)).length, a.scratch.length);
}

function checkProbeTimings(c, where, d, eq, readiness = true) {
  const want = {
    livenessProbe: { periodSeconds: seconds(d('liveness-period')), failureThreshold: Number(d('liveness-failures')) },
    readinessProbe: { periodSeconds: seconds(d('probe-period')), failureThreshold: Number(d('probe-failures')) },
    startupProbe: { initialDelaySeconds: seconds(d('probe-delay')), periodSeconds: seconds(d('probe-period')), failureThreshold: Number(d('startup-failures')) },
  };
  const source = { initialDelaySeconds: 'probe-delay', periodSeconds: 'probe-period', failureThreshold: 'probe-failures' };
  for (const [p, fields] of Object.entries(want)) {
    if (p === 'readinessProbe' && !readiness) continue;
    const probe = asMap(c[p]);
    if (!isMap(c[p])) { eq('probes', `${where}: ${p}`, 'missing', 'present'); continue; }
    const rule = (f) => (p === 'livenessProbe' && f !== 'initialDelaySeconds' ? source[f].replace('probe', 'liveness')
      : p === 'startupProbe' && f === 'failureThreshold' ? 'startup-failures' : source[f]);
    for (const f of ['initialDelaySeconds', 'periodSeconds', 'failureThreshold']) eq(rule(f), `${where}: ${p}.${f}`, probe[f], fields[f]);
    eq('probe-timeout', `${where}: ${p}.timeoutSeconds`, probe.timeoutSeconds, seconds(d('probe-timeout')));
  }
}

// Liveness names the port by number, readiness and startup by name (README "kube-score"): the same port.
function checkProbePorts(c, where, port, name, eq) {
  eq('probe port', `${where}: livenessProbe.httpGet.port`, asMap(asMap(c.livenessProbe).httpGet).port, port);
  eq('probe port', `${where}: readinessProbe.httpGet.port`, asMap(asMap(c.readinessProbe).httpGet).port, name);
  eq('probe port', `${where}: startupProbe.httpGet.port`, asMap(asMap(c.startupProbe).httpGet).port, name);
}

// Every /tmp is an emptyDir capped at tmp-size.
function checkTmp(spec, where, d, eq) {
  const tmp = asList(spec.volumes).filter((v) => isMap(asMap(v).emptyDir) && !/^scratch-/.test(asMap(v).name));
  eq('tmp-size', `${where}: emptyDir volumes`, tmp.length >= 1, true);
  for (const v of tmp) eq('tmp-size', `${where}: volumes[${v.name}].emptyDir.sizeLimit`, asMap(v.emptyDir).sizeLimit, d('tmp-size'));
}

// nginx's size (ingress-nginx proxy-body-size: ^\d+[bkmg]?$, 1024-based) in bytes, or null.
function nginxBytes(v) {
  const m = /^([0-9]+)([bkmg]?)$/.exec(String(v));
  if (!m) return null;
  return BigInt(m[1]) * { '': 1n, b: 1n, k: 1024n, m: 1048576n, g: 1073741824n }[m[2]];
}

// A body-limit as the program means it, in bytes: a whole number with no unit or Ki, Mi, Gi, Ti.
function limitBytes(v) {
  const m = /^([0-9]+)(Ki|Mi|Gi|Ti)?$/.exec(v);
  return m ? BigInt(m[1]) * { undefined: 1n, Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n }[m[2]] : null;
}

// README "Routing" and "Several hosts": every routed app answers on its sites's hosts (its `host` list, or the domain);
// each route (Prefix, its trailing '/' dropped) and route-exact (Exact, as written) reaches its app on every one of
// them. Ingress target: one Ingress per site and distinct body limit, whose proxy-body-size is that limit, TLS for the
// site's hosts in the Secret PROJECT-tls (the domain's site) or FIRSTHOST-tls, asked of cert-manager by exactly one
// Ingress of the site. Gateway target: one HTTPRoute per site on the HTTPS listener, its apps' ports by number, and
// a redirect route per site on the HTTP listener (unless `redirect-listener none`).
function sitesOf(m) {
  const sites = new Map();
  const siteOf = new Map();
  for (const a of m.apps) {
    if (!a.routes.length && !a.exact.length) continue;
    const hosts = a.hosts.length ? [...new Set(a.hosts)] : [m.domain];
    const key = [...hosts].sort().join(' ');
    if (!sites.has(key)) {
      const domain = hosts.length === 1 && hosts[0] === m.domain;
      sites.set(key, { hosts, domain, first: a.name, secret: domain ? `${m.project}-tls` : `${hosts[0].replace(/^\*/, 'wildcard')}-tls`,
        route: domain ? m.project : `${m.project}-${a.name}`, apps: [] });
    }
    sites.get(key).apps.push(a);
    siteOf.set(a.name, sites.get(key));
  }
  return { sites: [...sites.values()], siteOf };
}
const prefixOf = (r) => (r.length > 1 ? r.replace(/\/+$/, '') || '/' : r);
const sortedHosts = (h) => JSON.stringify([...asList(h)].sort());

function checkIngresses(m, objects, add, eq) {
  const { sites, siteOf } = sitesOf(m);
  const want = [];
  const limitOf = new Map();
  for (const site of sites) {
    for (const a of site.apps) {
      for (const h of site.hosts) {
        for (const r of a.routes) want.push(`${h} ${prefixOf(r)} Prefix -> ${a.name}`);
        for (const r of a.exact) want.push(`${h} ${r} Exact -> ${a.name}`);
      }
      limitOf.set(a.name, a.bodyLimit === null ? null : limitBytes(a.bodyLimit));
    }
  }
  const ings = objects.filter((o) => isMap(o) && o.kind === 'Ingress');
  if (m.gateway) {
    if (ings.length) add('gateway', `Ingress/${ings[0].metadata.name}`, 'is emitted, but the program routes through a gateway');
    checkHttpRoutes(m, objects, sites, add, eq);
    return;
  }
  if (!want.length) {
    if (ings.length) add('route', `Ingress/${ings[0].metadata.name}`, 'is emitted, but no app has a route');
    return;
  }
  if (!ings.length) { add('route', 'Ingress', 'is missing'); return; }
  const declared = m.ingress || { tls: undefined, class: null };
  const got = [];
  const groups = new Set();
  const issuers = new Map();
  for (const ing of ings) {
    const name = `Ingress/${asMap(ing.metadata).name}`;
    const spec = asMap(ing.spec);
    const ann = asMap(asMap(ing.metadata).annotations);
    const tls = asMap(asList(spec.tls)[0]);
    const rules = asList(spec.rules).map(asMap);
    const site = sites.find((x) => x.hosts.includes(rules.length ? rules[0].host : undefined));
    if (!site) { add('host', name, `serves ${JSON.stringify(rules.map((r) => r.host))}, the hosts of no routed app`); continue; }
    eq('host', `${name}: spec.rules[].host`, sortedHosts(rules.map((r) => r.host)), sortedHosts(site.hosts));
    eq('host', `${name}: spec.tls[0].hosts`, sortedHosts(tls.hosts), sortedHosts(site.hosts));
    eq('ingress tls', `${name}: spec.tls[0].secretName`, tls.secretName, site.secret);
    eq('ingress class', `${name}: spec.ingressClassName`, spec.ingressClassName, declared.class !== null ? declared.class : 'nginx');
    if (ann['cert-manager.io/cluster-issuer'] !== undefined) {
      issuers.set(site, (issuers.get(site) || 0) + 1);
      eq('ingress tls', `${name}: cert-manager.io/cluster-issuer`, ann['cert-manager.io/cluster-issuer'], declared.tls);
    }
    const size = ann['nginx.ingress.kubernetes.io/proxy-body-size'];
    const bytes = size === undefined ? null : nginxBytes(size);
    if (size !== undefined && bytes === null) add('body-limit', `${name}: proxy-body-size`, `${JSON.stringify(size)} is not an nginx size`);
    const key = bytes === null ? 'none' : String(bytes);
    if (groups.has(`${site.route} ${key}`)) add('body-limit', name, `a second Ingress of one site for the body limit ${key}`);
    groups.add(`${site.route} ${key}`);
    for (const rule of rules) {
      for (const p of asList(asMap(rule.http).paths)) {
        const app = asMap(asMap(p.backend).service).name;
        got.push(`${rule.host} ${p.path} ${p.pathType} -> ${app}`);
        if (siteOf.has(app) && siteOf.get(app) !== site) add('host', `${name}: ${p.path}`, `app ${app} is not on the hosts ${JSON.stringify(site.hosts)}`);
        if (limitOf.has(app)) {
          const lim = limitOf.get(app);
          if ((lim === null ? 'none' : String(lim)) !== key) {
            add('body-limit', `${name}: ${p.path}`, `app ${app} has body-limit ${lim === null ? 'none' : `${lim} bytes`}, its Ingress ${size === undefined ? 'none' : JSON.stringify(size)}`);
          }
        }
      }
    }
  }
  for (const site of sites) eq('ingress tls', `Ingresses asking cert-manager for ${site.secret}`, issuers.get(site) || 0, 1);
  eq('route', 'Ingress paths', got.sort(), want.sort());
  const distinct = new Set();
  for (const site of sites) for (const a of site.apps) distinct.add(`${site.route} ${limitOf.get(a.name) === null ? 'none' : String(limitOf.get(a.name))}`);
  eq('body-limit', 'Ingresses (one per site and distinct body limit)', ings.length, distinct.size);
  const domainSite = sites.find((x) => x.domain);
  if (domainSite && distinct.has(`${domainSite.route} none`)) eq('body-limit', 'the Ingress of the domain\'s apps without a body limit', ings.some((o) => o.metadata.name === m.project && asMap(o.metadata.annotations)['nginx.ingress.kubernetes.io/proxy-body-size'] === undefined), true);
}

function checkHttpRoutes(m, objects, sites, add, eq) {
  const g = m.gateway;
  const routes = objects.filter((o) => isMap(o) && o.kind === 'HTTPRoute');
  const [ns, name] = g.parent.includes('/') ? g.parent.split('/') : [undefined, g.parent];
  const parent = (section) => JSON.stringify({ name, ...(ns !== undefined ? { namespace: ns } : {}), sectionName: section });
  const redirect = g.redirect !== 'none';
  eq('gateway', 'HTTPRoutes (one per site, and its redirect route)', routes.length, sites.length * (redirect ? 2 : 1));
  for (const site of sites) {
    const main = find(routes, 'HTTPRoute', site.route);
    if (!main) { add('gateway', `HTTPRoute/${site.route}`, 'is missing'); continue; }
    const where = `HTTPRoute/${site.route}`;
    const spec = asMap(main.spec);
    eq('gateway parent', `${where}: parentRefs`, asList(spec.parentRefs).map((r) => JSON.stringify(r)), [parent(g.listener !== null ? g.listener : 'https')]);
    eq('host', `${where}: hostnames`, sortedHosts(spec.hostnames), sortedHosts(site.hosts));
    const want = [];
    for (const a of site.apps) {
      for (const r of a.routes) want.push(`${prefixOf(r)} PathPrefix -> ${a.name}:${Number(a.port)}`);
      for (const r of a.exact) want.push(`${r} Exact -> ${a.name}:${Number(a.port)}`);
    }
    const got = [];
    for (const rule of asList(spec.rules).map(asMap)) {
      const backends = asList(rule.backendRefs).map(asMap);
      if (backends.length !== 1) add('gateway', `${where}: rules`, `a rule with ${backends.length} backends`);
      const b = backends[0] || {};
      for (const mt of asList(rule.matches).map(asMap)) got.push(`${asMap(mt.path).value} ${asMap(mt.path).type} -> ${b.name}:${b.port}`);
    }
    eq('route', `${where}: matches`, got.sort(), want.sort());
    if (!redirect) continue;
    const rd = find(routes, 'HTTPRoute', `${site.route}-redirect`);
    if (!rd) { add('gateway', `HTTPRoute/${site.route}-redirect`, 'is missing'); continue; }
    const rspec = asMap(rd.spec);
    eq('gateway redirect-listener', `HTTPRoute/${site.route}-redirect: parentRefs`, asList(rspec.parentRefs).map((r) => JSON.stringify(r)), [parent(g.redirect !== null ? g.redirect : 'http')]);
    eq('host', `HTTPRoute/${site.route}-redirect: hostnames`, sortedHosts(rspec.hostnames), sortedHosts(site.hosts));
    eq('gateway', `HTTPRoute/${site.route}-redirect: rules`, JSON.stringify(rspec.rules),
      JSON.stringify([{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]));
  }
}

// Env values: the kubelet expands $(NAME) (names from envFrom and earlier env entries) and $$ in every value; what the
// process sees must be what the program says.
function checkEnv(a, c, secretKeys, where, add) {
  const env = asList(c.env);
  const known = new Set(secretKeys);
  for (const e of env) {
    const want = a.env.find((x) => x.name === asMap(e).name);
    if (want && typeof e.value !== 'string') add('env value is a string', `${where}: env ${want.name}`, `reads as ${JSON.stringify(e.value)} (${typeof e.value}), the program says ${JSON.stringify(want.value)}`);
    else if (want) {
      const seen = K.expand(e.value, K.mappingFor(known));
      if (seen !== want.value) add('env value after $(VAR)/$$ expansion', `${where}: env ${e.name}`, `the process sees ${JSON.stringify(seen)}, the program says ${JSON.stringify(want.value)} (written: ${JSON.stringify(e.value)})`);
    }
    known.add(asMap(e).name);
  }
  for (const w of a.env) {
    if (!env.some((e) => asMap(e).name === w.name)) add('env', `${where}: env ${w.name}`, 'is missing');
  }
}

// A store of an engine (stdlib/engines.rbd or the program's own): the engine's image, UID, port, data and writable
// mounts and probes; each app that uses it gets the engine's client variables, the secret ones as secretKeyRefs only.
function engineOf(m, name, stdlib) {
  const own = (m.engines || []).find((e) => e.name === name);
  if (own) return { ...own, clientEnv: own.clientEnv.map((x) => [x.name, x.value]), clientSecret: own.clientSecret.map((x) => [x.name, x.key]) };
  return (stdlib.engines || {})[name];
}
function checkEngineStore(m, s, sts, spec, c, objects, stdlib, tune, eq, add) {
  const e = engineOf(m, s.engine, stdlib);
  if (!e) { add('store engine', `StatefulSet/${s.name}`, `engine ${s.engine} is declared nowhere`); return; }
  const where = `StatefulSet/${s.name}`;
  const port = Number(e.port);
  eq('store image', `${where}: image`, c.image, s.image !== null ? s.image : e.image);
  eq('store user', `${where}: runAsUser`, asMap(spec.securityContext).runAsUser, Number(s.tune.user !== undefined ? s.tune.user : e.user));
  eq('store size', `${where}: storage`, asMap(asMap(asMap(asMap(asList(asMap(sts.spec).volumeClaimTemplates)[0]).spec).resources).requests).storage, s.size);
  eq('engine port', `${where}: ports`, asList(c.ports).map((p) => [asMap(p).name, asMap(p).containerPort]), [[s.engine, port]]);
  const mounts = asList(c.volumeMounts).map((x) => asMap(x).mountPath);
  eq('engine mounts', `${where}: volumeMounts`, mounts, [e.data, '/tmp', ...e.writable]);
  eq('secrets', `${where}: envFrom`, asList(c.envFrom).map((x) => asMap(asMap(x).secretRef).name), s.secrets);
  eq('engine liveness', `${where}: livenessProbe.tcpSocket.port`, asMap(asMap(c.livenessProbe).tcpSocket).port, s.engine);
  for (const k of ['readinessProbe', 'startupProbe']) {
    const pr = asMap(c[k]);
    if (e.probe === 'tcp') eq('engine probe', `${where}: ${k}.tcpSocket.port`, asMap(pr.tcpSocket).port, s.engine);
    else if (!asList(asMap(pr.exec).command).length) add('engine probe', `${where}: ${k}`, `is ${JSON.stringify(pr)}, the engine says exec`);
  }
  checkProbeTimings(c, where, (k) => (m.defaults[k] !== undefined ? m.defaults[k] : stdlib[k]), eq);
  checkResources(c, where, tune, eq);
  const svc = find(objects, 'Service', s.name);
  eq('engine port', `Service/${s.name}: ports`, asList(asMap(svc && svc.spec).ports).map((p) => [asMap(p).port, asMap(p).targetPort]), [[port, s.engine]]);
  for (const a of m.apps.filter((x) => x.uses.some((u) => u.name === s.name))) {
    const dep = find(objects, 'Deployment', a.name);
    const pod = asMap(asMap(asMap(dep && dep.spec).template).spec);
    for (const ct of [...asList(pod.initContainers), ...asList(pod.containers)]) {
      const env = asList(ct.env).map(asMap);
      const at = `Deployment/${a.name} ${ct.name}`;
      for (const [name, value] of e.clientEnv) {
        const want = value.replaceAll('{host}', s.name).replaceAll('{port}', String(port));
        const got = env.find((x) => x.name === name);
        if (!got || K.expand(String(got.value), (n) => `$(${n})`) !== want) add('client-env after $(VAR)/$$ expansion', `${at}: env ${name}`, `is ${JSON.stringify(got)}, the engine says ${JSON.stringify(want)}`);
      }
      for (const [name, key] of e.clientSecret) {
        const got = env.find((x) => x.name === name);
        const ref = got && asMap(asMap(got.valueFrom).secretKeyRef);
        if (!got || got.value !== undefined || !ref || ref.key !== key || !s.secrets.includes(ref.name)) add('client-secret is a secretKeyRef into the store\'s secrets', `${at}: env ${name}`, `is ${JSON.stringify(got)}`);
      }
    }
  }
}

// migrate and command: what the process runs, after the kubelet's $(VAR)/$$ expansion of command, must be the one
// written; one string without a shell must split into words exactly as written; a list is argv word for word.
function checkCommand(cmd, env, c, secretKeys, where, add) {
  const argv = asList(c.command).concat(asList(c.args));
  const known = new Set([...secretKeys, ...env.map((e) => e.name)]);
  const seen = argv.map((x) => K.expand(String(x), K.mappingFor(known)));
  let ok;
  if (Array.isArray(cmd)) ok = JSON.stringify(seen) === JSON.stringify(cmd);
  else {
    const shell = seen.length === 3 && seen[0] === '/bin/sh' && seen[1] === '-c';
    // `env NAME=VALUE cmd` is how a command with leading assignments runs without a shell: the same command.
    const written = cmd.trim().split(/[ \t]+/).join(' ');
    const words = seen[0] === 'env' || seen[0] === '/usr/bin/env' ? seen.slice(1) : seen;
    ok = shell ? seen[2] === cmd : seen.join(' ') === written || words.join(' ') === written;
  }
  if (!ok) add('command after $(VAR)/$$ expansion', where, `runs ${JSON.stringify(seen)}, the program says ${JSON.stringify(cmd)} (written: ${JSON.stringify(argv)})`);
}

// `image of APP` is the app's image string (followed through chains), else the reference, else the derived one.
function imageOf(m, w) {
  for (let x = w, n = 0; x && n <= m.apps.length + 1; x = x.imageOf, n++) {
    if (!x.imageOf) return x.image !== null && x.image !== undefined ? x.image : `${m.registry}/${m.project}-${x.name}:${m.tag}`;
  }
  return undefined;
}

// README "Jobs": a CronJob with `schedule` (Forbid, history limits, start deadline, no TTL), else a Job NAME-HASH with
// the TTL; both with backoffLimit (retries), activeDeadlineSeconds (deadline), restartPolicy Never, and the pod as
// declared (image, command, env, secrets, user, resources, /tmp).
function checkJobs(m, objects, stdlib, add, eq) {
  const d = (k) => (m.defaults[k] !== undefined ? m.defaults[k] : stdlib[k]);
  const secretKeys = new Map(m.secrets.map((s) => [s.name, s.keys]));
  for (const j of m.jobs || []) {
    const cron = j.schedule !== null;
    const obj = cron ? find(objects, 'CronJob', j.name)
      : objects.find((o) => isMap(o) && o.kind === 'Job' && new RegExp(`^${j.name}-[0-9a-f]{8}$`).test(asMap(o.metadata).name));
    const id = `${cron ? 'CronJob' : 'Job'}/${j.name}`;
    if (!obj) { add('job', id, 'is missing'); continue; }
    const run = cron ? asMap(asMap(asMap(obj.spec).jobTemplate).spec) : asMap(obj.spec);
    const spec = asMap(asMap(run.template).spec);
    const c = asList(spec.containers)[0] || {};
    if (cron) {
      const cs = asMap(obj.spec);
      eq('job schedule', `${id}: spec.schedule`, cs.schedule, j.schedule);
      eq('job timezone', `${id}: spec.timeZone`, cs.timeZone, j.timezone !== null ? j.timezone : undefined);
      eq('job concurrency', `${id}: spec.concurrencyPolicy`, cs.concurrencyPolicy, 'Forbid');
      eq('job-successful-history', `${id}: spec.successfulJobsHistoryLimit`, cs.successfulJobsHistoryLimit, Number(d('job-successful-history')));
      eq('job-failed-history', `${id}: spec.failedJobsHistoryLimit`, cs.failedJobsHistoryLimit, Number(d('job-failed-history')));
      eq('job-start-deadline', `${id}: spec.startingDeadlineSeconds`, cs.startingDeadlineSeconds, seconds(d('job-start-deadline')));
      eq('job-ttl', `${id}: jobTemplate ttlSecondsAfterFinished`, run.ttlSecondsAfterFinished, undefined);
    } else eq('job-ttl', `${id}: ttlSecondsAfterFinished`, run.ttlSecondsAfterFinished, seconds(d('job-ttl')));
    eq('job retries', `${id}: backoffLimit`, run.backoffLimit, Number(j.retries !== null ? j.retries : d('job-retries')));
    eq('job deadline', `${id}: activeDeadlineSeconds`, run.activeDeadlineSeconds, seconds(j.deadline !== null ? j.deadline : d('job-deadline')));
    eq('job restartPolicy', `${id}: restartPolicy`, spec.restartPolicy, 'Never');
    eq('image', `${id}: image`, c.image, imageOf(m, j));
    const tune = (k) => (j.tune[k] !== undefined ? j.tune[k] : d(k));
    eq('user', `${id}: securityContext.runAsUser`, asMap(spec.securityContext).runAsUser, Number(tune('user')));
    checkResources(c, id, tune, eq);
    eq('read-only-root', `${id}: readOnlyRootFilesystem`, asMap(c.securityContext).readOnlyRootFilesystem, truthy(tune('read-only-root')));
    checkTmp(spec, id, d, eq);
    eq('secrets', `${id}: envFrom`, asList(c.envFrom).map((e) => asMap(asMap(e).secretRef).name), j.secrets);
    const known = new Set(j.secrets.flatMap((s) => secretKeys.get(s) || []));
    if (j.command !== null) checkCommand(j.command, j.env, c, known, `${id}: command`, add);
    else if (c.command !== undefined) add('command', id, 'has a command, but the program says none');
    checkEnv(j, c, known, id, add);
  }
}

function checkSpa(a, spec, objects, spaRoot, where, eq, add) {
  const vol = asList(spec.volumes).find((v) => isMap(asMap(v).configMap));
  const cm = vol ? find(objects, 'ConfigMap', vol.configMap.name) : null;
  if (!cm) { add('spa', where, 'has no nginx ConfigMap'); return; }
  const conf = String(asMap(cm.data)['default.conf']);
  const root = (/^\s*root\s+(.*);\s*$/m.exec(conf) || [])[1];
  eq('spa-root', `ConfigMap/${cm.metadata.name}: root`, root === undefined ? undefined : K.nginxRootToken(root).value, spaRoot);
  eq('port', `ConfigMap/${cm.metadata.name}: listen`, (/^\s*listen\s+(.*);\s*$/m.exec(conf) || [])[1], String(Number(a.port)));
}

// ---- README "Network isolation", "MinIO users", "MinIO console": what the NetworkPolicies admit ----

const PART_OF = 'app.kubernetes.io/part-of';
const MINIO_S3 = 9000;
const MINIO_CONSOLE = 9001;

// metav1.LabelSelector as the API server matches it; null is the empty selector, which selects everything.
function selects(sel, labels) {
  const s = asMap(sel);
  for (const [k, v] of Object.entries(asMap(s.matchLabels))) if (labels[k] !== v) return false;
  for (const e of asList(s.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = asList(e.values);
    if (e.operator === 'In' && !(has && vals.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
const onlyLabels = (sel) => (asList(asMap(sel).matchExpressions).length ? null : asMap(asMap(sel).matchLabels));

// README "Gateway API": the policies admit gateway-namespace, else the parent Gateway's namespace, else the program's.
function gatewayNamespace(m) {
  const g = m.gateway;
  if (g.namespace !== null && g.namespace !== undefined) return g.namespace;
  if (g.parent.includes('/')) return g.parent.split('/')[0];
  return m.cliNamespace !== null && m.cliNamespace !== undefined ? m.cliNamespace : m.namespace !== null && m.namespace !== undefined ? m.namespace : m.project;
}

// The program as the network checks read it (the generator's model, or the `# model:` of a bad/ self-test).
function networkModel(m, stdlib) {
  const defaults = m.defaults || {};
  const d = (k) => (defaults[k] !== undefined ? defaults[k] : stdlib[k]);
  const nameOf = (u) => (typeof u === 'string' ? u : u.name);
  const given = (v) => v !== null && v !== undefined;
  return {
    project: m.project,
    ingressNs: m.gateway ? gatewayNamespace(m) : m.ingress && given(m.ingress.namespace) ? m.ingress.namespace : d('ingress-namespace'),
    secrets: new Map((m.secrets || []).map((s) => [s.name, s.keys || []])),
    apps: (m.apps || []).map((a) => ({ name: a.name, port: Number(a.port), routed: (a.routes || []).length + (a.exact || []).length > 0,
      uses: (a.uses || []).map(nameOf), secrets: a.secrets || [],
      s3Access: given(a.s3Access) ? a.s3Access : d('s3-access-key'), s3Secret: given(a.s3Secret) ? a.s3Secret : d('s3-secret-key') })),
    stores: (m.stores || []).map((s) => {
      const minio = !given(s.engine) || s.engine === 'minio';
      const e = minio ? null : engineOf(m, s.engine, stdlib);
      return { name: s.name, buckets: s.buckets || [], secrets: s.secrets || [], console: truthy(given(s.console) ? s.console : 'no'), minio,
        port: minio ? MINIO_S3 : Number(e ? e.port : 0) };
    }),
    jobs: (m.jobs || []).map((j) => ({ name: j.name, uses: (j.uses || []).map(nameOf) })),
  };
}

export function checkNetwork(model, objects, stdlib) {
  const out = [];
  const add = (rule, where, msg) => out.push({ rule: `network: ${rule}`, where, msg });
  const m = networkModel(model, stdlib);
  const maps = objects.filter(isMap);
  const pods = maps.filter((o) => WORKLOADS.has(o.kind)).map((o) => {
    const tpl = podSpecOf(o).tpl;
    return { id: `${o.kind}/${asMap(o.metadata).name}`, obj: o, labels: asMap(asMap(tpl.metadata).labels), spec: asMap(tpl.spec) };
  });
  const policies = maps.filter((o) => o.kind === 'NetworkPolicy');
  const jobOf = (s) => pods.find((p) => p.obj.kind === 'Job' && new RegExp(`^${s.name}-bucket-[0-9a-f]+$`).test(p.obj.metadata.name));

  // Ingress only (README: an egress policy would cut the apps off from DNS, the database and their APIs).
  for (const p of policies) {
    const spec = asMap(p.spec);
    if (JSON.stringify(spec.policyTypes) !== '["Ingress"]' || spec.egress !== undefined) {
      add('the policies are ingress only', `NetworkPolicy/${p.metadata.name}`, `policyTypes ${JSON.stringify(spec.policyTypes)}${spec.egress !== undefined ? ' and egress rules' : ''}`);
    }
    // README: selecting by the part-of label leaves alone the pods of a shared namespace that rbdc does not own.
    if ((onlyLabels(spec.podSelector) || {})[PART_OF] !== m.project) {
      add('a policy selects only the program\'s pods', `NetworkPolicy/${p.metadata.name}`, `podSelector ${JSON.stringify(spec.podSelector)} does not pin ${PART_OF}: ${m.project}`);
    }
  }

  // (1) default-deny: selects every pod of the program by its part-of label, and admits nothing.
  if (pods.length) {
    const deny = policies.filter((p) => {
      const spec = asMap(p.spec);
      return asList(spec.ingress).length === 0 && asList(spec.policyTypes).includes('Ingress') && JSON.stringify(onlyLabels(spec.podSelector)) === JSON.stringify({ [PART_OF]: m.project });
    });
    if (!deny.length) add('a default-deny policy closes every pod', 'NetworkPolicy', `none selects exactly ${PART_OF}=${m.project} with no ingress rule`);
    for (const pod of pods) {
      if (!deny.some((p) => selects(asMap(p.spec).podSelector, pod.labels))) add('a default-deny policy closes every pod', pod.id, 'its pods are selected by no default-deny policy');
    }
  }

  // (2)-(4) what reaches each pod: the union over every policy that selects it, as "SOURCE -> PORT".
  const admitted = (pod) => {
    const got = [];
    for (const p of policies) {
      const spec = asMap(p.spec);
      if (!selects(spec.podSelector, pod.labels)) continue;
      if (!(spec.policyTypes === undefined || asList(spec.policyTypes).includes('Ingress'))) continue;
      for (const rule of asList(spec.ingress)) {
        const from = asList(asMap(rule).from);
        const sources = [];
        if (!from.length) sources.push('anyone');
        for (const peer of from.map(asMap)) {
          if (peer.ipBlock !== undefined) sources.push(`ipBlock ${JSON.stringify(peer.ipBlock)}`);
          else if (peer.namespaceSelector !== undefined && peer.podSelector === undefined) {
            const l = onlyLabels(peer.namespaceSelector);
            sources.push(l && Object.keys(l).length === 1 && l['kubernetes.io/metadata.name'] !== undefined ? `namespace ${l['kubernetes.io/metadata.name']}` : `namespaces ${JSON.stringify(peer.namespaceSelector)}`);
          } else if (peer.podSelector !== undefined && peer.namespaceSelector === undefined) {
            const hit = pods.filter((q) => selects(peer.podSelector, q.labels));
            // In a shared namespace (`default`, -n) a selector without the part-of label admits other programs' pods.
            if ((onlyLabels(peer.podSelector) || {})[PART_OF] !== m.project) sources.push(`pods ${JSON.stringify(peer.podSelector)}, also of other programs`);
            if (!hit.length) sources.push(`pods ${JSON.stringify(peer.podSelector)} (none of the program's)`);
            for (const q of hit) sources.push(`pods of ${q.id}`);
          } else sources.push(`peer ${JSON.stringify(peer)}`);
        }
        const ports = [];
        const rulePorts = asList(asMap(rule).ports).map(asMap);
        if (!rulePorts.length) ports.push('every port');
        for (const rp of rulePorts) {
          let n = rp.port;
          if (typeof n === 'string') {
            const named = containersOf(pod.spec).flatMap(({ c }) => asList(c.ports)).find((cp) => asMap(cp).name === n);
            n = named ? named.containerPort : `${n} (no such port)`;
          }
          ports.push(`${rp.protocol !== undefined && rp.protocol !== 'TCP' ? `${rp.protocol}/` : ''}${n === undefined ? 'every port' : n}${rp.endPort !== undefined ? `-${rp.endPort}` : ''}`);
        }
        for (const s of sources) for (const port of ports) got.push(`${s} -> ${port}`);
      }
    }
    return [...new Set(got)].sort();
  };
  const usersOf = (name) => m.apps.filter((u) => u.uses.includes(name));
  // A job's pods: its CronJob's or its run-once Job's (README "Jobs": a job that `uses` a store or app is admitted there).
  const jobPods = (name) => {
    const pod = pods.find((p) => (p.obj.kind === 'CronJob' || p.obj.kind === 'Job') && p.labels['app.kubernetes.io/name'] === name);
    return pod ? pod.id : `Job/${name}-HASH`;
  };
  const jobUsersOf = (name) => m.jobs.filter((j) => j.uses.includes(name));
  const expected = new Map();
  for (const a of m.apps) {
    const want = [];
    if (a.routed) want.push(`namespace ${m.ingressNs} -> ${a.port}`);
    for (const u of usersOf(a.name)) want.push(`pods of Deployment/${u.name} -> ${a.port}`);
    for (const j of jobUsersOf(a.name)) want.push(`pods of ${jobPods(j.name)} -> ${a.port}`);
    expected.set(`Deployment/${a.name}`, want);
  }
  for (const s of m.stores) {
    const want = usersOf(s.name).map((u) => `pods of Deployment/${u.name} -> ${s.port}`);
    for (const j of jobUsersOf(s.name)) want.push(`pods of ${jobPods(j.name)} -> ${s.port}`);
    if (s.buckets.length) {
      const job = jobOf(s);
      want.push(`pods of ${job ? job.id : `Job/${s.name}-bucket-HASH`} -> ${MINIO_S3}`);
    }
    expected.set(`StatefulSet/${s.name}`, want);
  }
  const STORE_RULE = 'a store admits its users and its bucket Job on 9000 only';
  for (const pod of pods) {
    const got = admitted(pod);
    const want = [...new Set(expected.get(pod.id) || [])].sort();
    if (JSON.stringify(got) === JSON.stringify(want)) continue;
    const rule = pod.obj.kind === 'StatefulSet' ? STORE_RULE : pod.obj.kind === 'Deployment' ? 'an app admits the ingress namespace if routed, and its users, on its port' : 'nothing reaches a Job\'s pods';
    add(rule, pod.id, `admits [${got.join(', ')}], the program says [${want.join(', ')}]`);
  }
  for (const s of m.stores) {
    const pod = pods.find((p) => p.id === `StatefulSet/${s.name}`);
    if (pod && admitted(pod).some((x) => / -> (9001|every port)$/.test(x))) add('no policy admits the MinIO console', pod.id, `port ${MINIO_CONSOLE} is admitted: [${admitted(pod).join(', ')}]`);
  }

  // (5) console no: no port 9001 anywhere and MINIO_BROWSER=off; console yes: port 9001 on the container and Services.
  for (const s of m.stores) {
    const sts = find(maps, 'StatefulSet', s.name);
    if (!sts || !s.minio) continue;
    const minio = asList(asMap(asMap(asMap(sts.spec).template).spec).containers)[0] || {};
    const has9001 = asList(minio.ports).some((p) => asMap(p).containerPort === MINIO_CONSOLE);
    const browser = (asList(minio.env).find((e) => asMap(e).name === 'MINIO_BROWSER') || {}).value;
    const rule = s.console ? 'console yes: port 9001 on the container and the Services' : 'console no: no port 9001, MINIO_BROWSER=off';
    if (has9001 !== s.console) add(rule, `StatefulSet/${s.name}`, `container port 9001 ${has9001 ? 'is there' : 'is missing'}`);
    if (s.console ? browser === 'off' : browser !== 'off') add(rule, `StatefulSet/${s.name}`, `MINIO_BROWSER is ${JSON.stringify(browser)}`);
    for (const name of [s.name, `${s.name}-headless`]) {
      const svc = find(maps, 'Service', name);
      if (!svc) continue;
      const ports = asList(asMap(svc.spec).ports).map(asMap);
      const svc9001 = ports.some((p) => p.port === MINIO_CONSOLE || p.targetPort === MINIO_CONSOLE || p.targetPort === 'console');
      if (svc9001 !== s.console) add(rule, `Service/${name}`, `port 9001 ${svc9001 ? 'is there' : 'is missing'}`);
    }
  }

  // (6) the bucket Job: each user's keys by secretKeyRef (the key names of s3-access-key and s3-secret-key, from a
  // secret of the app that holds them), the secret key to `mc admin user add` on standard input, the user attached to
  // the policy app-APP on the store's buckets only; no credential on a command line.
  for (const s of m.stores) {
    const job = jobOf(s);
    if (!job || !s.buckets.length) continue;
    const mc = asList(job.spec.containers)[0] || {};
    const env = asList(mc.env).map(asMap);
    const refs = env.filter((e) => isMap(asMap(e.valueFrom).secretKeyRef)).map((e) => ({ name: e.name, ref: e.valueFrom.secretKeyRef, taken: false }));
    const holders = (a, key) => a.secrets.filter((n) => (m.secrets.get(n) || []).includes(key));
    const take = (a, key) => {
      const r = refs.find((x) => !x.taken && x.ref.key === key && holders(a, key).includes(x.ref.name));
      if (r) r.taken = true;
      return r;
    };
    // The script as the shell gets it, after the kubelet's $(VAR)/$$ expansion.
    const script = K.expand(String(asList(mc.command).concat(asList(mc.args)).slice(-1)[0] || ''), (n) => `$(${n})`);
    const accessVars = new Set();
    for (const a of usersOf(s.name)) {
      const acc = take(a, a.s3Access);
      const sec = take(a, a.s3Secret);
      const where = `Job/${job.obj.metadata.name}: app ${a.name}`;
      if (!acc) add('the bucket Job reads each user\'s keys by secretKeyRef', where, `no env entry reads key ${JSON.stringify(a.s3Access)} from a secret of the app that holds it (${holders(a, a.s3Access).join(', ') || 'none'})`);
      if (!sec) add('the bucket Job reads each user\'s keys by secretKeyRef', where, `no env entry reads key ${JSON.stringify(a.s3Secret)} from a secret of the app that holds it (${holders(a, a.s3Secret).join(', ') || 'none'})`);
      if (!acc || !sec) continue;
      accessVars.add(acc.name);
      const v = (n) => `"?\\$\\{?${n}\\}?"?`;
      if (!new RegExp(`^printf [^|]*${v(sec.name)}[^|]*\\| *mc admin user add \\S+`, 'm').test(script)) add('the secret key goes to mc admin user add on standard input', where, `no line pipes $${sec.name} into mc admin user add`);
      const attach = new RegExp(`^mc admin policy attach \\S+ app-${a.name} --user ${v(acc.name)}(\\s|$)`, 'm').test(script);
      if (!attach) add('each user gets the policy app-APP', where, `no 'mc admin policy attach ... app-${a.name} --user $${acc.name}'`);
      const create = new RegExp(`^mc admin policy create \\S+ app-${a.name} (\\S+)`, 'm').exec(script);
      const doc = create && new RegExp(`^printf '%s' '([^']*)' *> *${create[1].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm').exec(script);
      let resources = null;
      try { resources = doc ? JSON.parse(doc[1]).Statement.flatMap((st) => (st.Effect === 'Allow' && JSON.stringify(st.Action) === '["s3:*"]' ? st.Resource : ['not s3:* allowed'])) : null; } catch { resources = null; }
      const wantRes = s.buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]).sort();
      if (!resources || JSON.stringify([...resources].sort()) !== JSON.stringify(wantRes)) add('the policy app-APP allows s3:* on the store\'s buckets only', where, `policy document ${doc ? doc[1].slice(0, 300) : 'not found'}`);
    }
    const extra = refs.filter((x) => !x.taken);
    if (extra.length) add('the bucket Job reads each user\'s keys by secretKeyRef', `Job/${job.obj.metadata.name}`, `reads ${extra.map((x) => `${x.ref.name}/${x.ref.key}`).join(', ')}, which no app using ${s.name} names`);
    // Credentials: every secretKeyRef, and every key of the Secrets in envFrom (the root user and password).
    const creds = new Set(refs.map((x) => x.name));
    for (const e of asList(mc.envFrom)) for (const k of m.secrets.get(asMap(asMap(e).secretRef).name) || []) creds.add(k);
    checkNoCredentialArgs(asList(mc.command).concat(asList(mc.args)), creds, accessVars, `Job/${job.obj.metadata.name}`, add);
  }
  return out;
}

// A credential on a command line is in /proc/PID/cmdline for every process of the node to read. Two ways it gets
// there: the kubelet expands $(VAR) in command and args, and the script passes $VAR to a program it executes (not a
// shell builtin like printf). Variables assigned from a credential are credentials too. README "MinIO users": the one
// exception is the access key after `--user`.
const SHELL_NO_EXEC = new Set(['printf', 'echo', '[', 'test', ':', 'set', 'exit', 'true', 'false']);
function checkNoCredentialArgs(argv, creds, accessVars, where, add) {
  const rule = 'no credential on a command line';
  const marker = (n) => `\u0000credential:${n}\u0000`;
  argv.forEach((arg, i) => {
    const seen = K.expand(String(arg), (n) => (creds.has(n) ? marker(n) : `$(${n})`));
    const hit = /\u0000credential:([^\u0000]*)\u0000/.exec(seen);
    if (hit) add(rule, `${where}: command[${i}]`, `the kubelet writes credential ${hit[1]} into the command line ($(${hit[1]}))`);
  });
  if (argv.length !== 3 || !/(^|\/)sh$/.test(String(argv[0])) || argv[1] !== '-c') return;
  const tainted = new Set(creds);
  const refs = (text) => [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((x) => x[1]).filter((n) => tainted.has(n));
  // The shell gets the script after the kubelet's expansion ($$ is $).
  for (const raw of K.expand(String(argv[2]), (n) => `$(${n})`).split('\n')) {
    const line = raw.replace(/'[^']*'/g, "''"); // nothing expands inside single quotes
    for (const seg of line.split(/\|\||&&|[|;]/)) {
      const words = seg.trim().replace(/^(until|while|if|then|do|else|!)\s+/, '').trim();
      const assign = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(words);
      if (assign) {
        if (refs(assign[2]).length) tainted.add(assign[1]);
        continue;
      }
      const first = words.split(/\s+/)[0];
      if (!first || SHELL_NO_EXEC.has(first)) continue;
      const bad = [...words.matchAll(/(--user\s+)?"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].filter((x) => tainted.has(x[2]) && !(x[1] && accessVars.has(x[2])));
      for (const name of new Set(bad.map((x) => x[2]))) add(rule, `${where}: script`, `${first} gets credential ${name} as an argument: ${raw.trim().slice(0, 200)}`);
    }
  }
}
