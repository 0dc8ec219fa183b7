// rbd.libsonnet: the subset of rbdc's lowering that bench/gen.sh's programs use, written
// in jsonnet so that `jsonnet -y` builds the same Kubernetes objects as `rbdc FILE -o -`
// (bench/compare.sh checks that). It covers: Namespace, VaultStaticSecret (with the
// rolloutRestartTargets rbdc derives from the apps that use each secret), per app a
// Service and a Deployment (migrate init container, probes, restricted pod security),
// and the one Ingress with its paths longest first. Defaults are rbdc's stdlib defaults.
// jsonnet emits JSON with sorted keys; only the key order and quoting differ from rbdc.
local defaults = {
  user: 10001, replicas: 1, cpu: '100m', memory: '128Mi', memoryLimit: '512Mi',
  probeDelay: 10, probePeriod: 10, probeTimeout: 3, probeFailures: 3, refresh: '1h',
};

// jsonnet 0.18's std.sort and std.slice (arr[a:b]) append one element at a time and its
// std.flattenArrays is a foldl of `+`: all quadratic. std.format is slow too. So the
// helpers below work on index ranges, build arrays with std.makeArray, and stay within
// O(N log N) or O(N log^2 N); the program uses no std.format.

// Concatenation of an array of arrays, divide and conquer: O(N log N).
local flatten(arrs) =
  local go(lo, hi) =
    if hi - lo == 1 then arrs[lo]
    else local mid = std.floor((lo + hi) / 2); go(lo, mid) + go(mid, hi);
  if std.length(arrs) == 0 then [] else go(0, std.length(arrs));

// The elements xs[lo], ..., xs[hi - 1], without std.slice.
local range(xs, lo, hi) = std.makeArray(hi - lo, function(i) xs[lo + i]);

// The first index in [lo, hi) of sorted pairs [[key, value], ...] whose key is >= key
// (strict: > key).
local bound(pairs, key, lo, hi, strict) =
  if lo >= hi then lo
  else
    local mid = std.floor((lo + hi) / 2);
    local k = pairs[mid][0];
    if (if strict then k <= key else k < key) then bound(pairs, key, mid + 1, hi, strict) tailstrict
    else bound(pairs, key, lo, mid, strict) tailstrict;

// How many of the sorted integers xs[lo:hi] are <= k.
local countLe(xs, k, lo, hi) =
  if lo >= hi then lo
  else
    local mid = std.floor((lo + hi) / 2);
    if xs[mid] <= k then countLe(xs, k, mid + 1, hi) tailstrict else countLe(xs, k, lo, mid) tailstrict;

// Stable merge sort of [key, value] pairs by key. Each merge places a's elements by binary
// search in b and fills the output with std.makeArray: O(N log^2 N), no quadratic appends.
local sortPairs(arr) =
  local go(lo, hi) =
    if hi - lo <= 1 then range(arr, lo, hi)
    else
      local mid = std.floor((lo + hi) / 2);
      local a = go(lo, mid), b = go(mid, hi);
      local la = mid - lo, lb = hi - mid;
      local posA = std.makeArray(la, function(i) i + bound(b, a[i][0], 0, lb, false));
      std.makeArray(hi - lo, function(k)
        local c = countLe(posA, k, 0, la);
        if c > 0 && posA[c - 1] == k then a[c - 1] else b[k - c]);
  go(0, std.length(arr));

local shellChars = { [c]: true for c in std.stringChars('|&;<>()$`\\"\'*?[]#~{}!\n') };
local commandArgv(cmd) =
  if std.length([c for c in std.stringChars(cmd) if std.objectHas(shellChars, c)]) > 0 then ['/bin/sh', '-c', cmd]
  else [w for w in std.split(std.strReplace(cmd, '\t', ' '), ' ') if w != ''];

{
  program(p)::
    local ns = if std.objectHas(p, 'namespace') then p.namespace else p.project;
    local labels(name) = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/part-of': p.project,
      'app.kubernetes.io/managed-by': 'rbdc',
    };
    local selector(name) = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': p.project };
    local object(apiVersion, kind, name) = {
      apiVersion: apiVersion,
      kind: kind,
      metadata: { name: name, namespace: ns, labels: labels(name) },
    };
    // secret name -> the apps that use it, in source order: sort the (secret, app) pairs once
    // and binary-search each secret's range, O(N log N) like a hash join.
    local uses = sortPairs(flatten([[[s, a.name] for s in std.get(a, 'secrets', [])] for a in p.apps]));
    local users(s) = [u[1] for u in range(uses, bound(uses, s, 0, std.length(uses), false), bound(uses, s, 0, std.length(uses), true))];
    local image(a) =
      if std.isString(a.image) then a.image
      else p.registry + '/' + p.project + '-' + a.name + ':' + p.tag;
    local envFrom(a) = [{ secretRef: { name: s } } for s in std.get(a, 'secrets', [])];
    local resources = {
      limits: { memory: defaults.memoryLimit },
      requests: { cpu: defaults.cpu, memory: defaults.memory },
    };
    local containerSecurity = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: defaults.user,
      runAsGroup: defaults.user,
      capabilities: { drop: ['ALL'] },
    };
    local tmpMount = [{ name: 'tmp', mountPath: '/tmp' }];
    local probe(a) = {
      httpGet: { path: a.health, port: 'http' },
      periodSeconds: defaults.probePeriod,
      timeoutSeconds: defaults.probeTimeout,
      failureThreshold: defaults.probeFailures,
    };
    local service(a) = object('v1', 'Service', a.name) {
      spec: {
        type: 'ClusterIP',
        selector: selector(a.name),
        ports: [{ name: 'http', port: a.port, targetPort: 'http', protocol: 'TCP' }],
      },
    };
    local deployment(a) = object('apps/v1', 'Deployment', a.name) {
      spec: {
        replicas: defaults.replicas,
        selector: { matchLabels: selector(a.name) },
        template: {
          metadata: { labels: labels(a.name) },
          spec: {
            enableServiceLinks: false,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: defaults.user,
              runAsGroup: defaults.user,
              fsGroup: defaults.user,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            [if std.objectHas(a, 'migrate') then 'initContainers']: [{
              name: 'migrate',
              image: image(a),
              command: commandArgv(a.migrate),
              [if std.length(envFrom(a)) > 0 then 'envFrom']: envFrom(a),
              resources: resources,
              securityContext: containerSecurity,
              volumeMounts: tmpMount,
            }],
            containers: [{
              name: a.name,
              image: image(a),
              ports: [{ name: 'http', containerPort: a.port, protocol: 'TCP' }],
              [if std.length(envFrom(a)) > 0 then 'envFrom']: envFrom(a),
              livenessProbe: probe(a) { initialDelaySeconds: defaults.probeDelay },
              readinessProbe: probe(a),
              resources: resources,
              securityContext: containerSecurity,
              volumeMounts: tmpMount,
            }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    };
    local vaultStaticSecret(s) = object('secrets.hashicorp.com/v1beta1', 'VaultStaticSecret', s.name) {
      spec: {
        vaultAuthRef: p.vault.auth,
        mount: p.vault.mount,
        type: 'kv-v2',
        path: s.path,
        refreshAfter: std.get(p.vault, 'refresh', defaults.refresh),
        hmacSecretData: true,
        destination: {
          name: s.name,
          create: true,
          transformation: { excludeRaw: true, includes: ['^' + k + '$' for k in s.keys] },
        },
        [if std.length(users(s.name)) > 0 then 'rolloutRestartTargets']:
          [{ kind: 'Deployment', name: n } for n in users(s.name)],
      },
    };
    // Longest path first, then byte order: the order ingress-nginx matches in.
    local routes = [r[1] for r in sortPairs(flatten([
      [[std.char(61440 - std.length(r)) + r, { path: r, app: a.name }] for r in std.get(a, 'routes', [])]
      for a in p.apps
    ]))];
    local ingress = object('networking.k8s.io/v1', 'Ingress', p.project) {
      metadata+: {
        annotations: {
          'cert-manager.io/cluster-issuer': p.ingress.tls,
          'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
          'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
        },
      },
      spec: {
        ingressClassName: std.get(p.ingress, 'class', 'nginx'),
        tls: [{ hosts: [p.domain], secretName: p.project + '-tls' }],
        rules: [{
          host: p.domain,
          http: {
            paths: [{
              path: r.path,
              pathType: 'Prefix',
              backend: { service: { name: r.app, port: { name: 'http' } } },
            } for r in routes],
          },
        }],
      },
    };
    [{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: labels(ns) {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    }]
    + [vaultStaticSecret(s) for s in p.secrets]
    + std.makeArray(2 * std.length(p.apps), function(k)
      if k % 2 == 0 then service(p.apps[k / 2]) else deployment(p.apps[(k - 1) / 2]))
    + (if std.length(routes) > 0 then [ingress] else []),
}
