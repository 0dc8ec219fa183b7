// rbd.libsonnet: the part of rbdc's lowering that bench/gen.sh's programs use, written the
// way a jsonnet user would: objects built with std.map / std.makeArray and `+`, one shared
// object per repeated block, no sorting and no string splitting per app. `jsonnet -y` over
// gen-jsonnet.sh N prints the same objects as `rbdc FILE -o -`, field for field and in the
// same order (bench/compare.sh checks it, `make bench` runs that check at several sizes).
// Values are rbdc's stdlib defaults (stdlib/*.rbd) for an app with image, port, migrate,
// health, secrets and route.
local d = {
  user: 10001, replicas: 1, cpu: '100m', memory: '128Mi', memoryLimit: '512Mi',
  ephemeral: '64Mi', ephemeralLimit: '1Gi', tmpSize: '512Mi', refresh: '1h',
};

local resources = {
  limits: { memory: d.memoryLimit, 'ephemeral-storage': d.ephemeralLimit },
  requests: { cpu: d.cpu, memory: d.memory, 'ephemeral-storage': d.ephemeral },
};
local containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: d.user,
  runAsGroup: d.user,
  capabilities: { drop: ['ALL'] },
};
local podSecurity = {
  runAsNonRoot: true,
  runAsUser: d.user,
  runAsGroup: d.user,
  fsGroup: d.user,
  seccompProfile: { type: 'RuntimeDefault' },
};
local tmpMount = [{ name: 'tmp', mountPath: '/tmp' }];
local tmpVolume = [{ name: 'tmp', emptyDir: { sizeLimit: d.tmpSize } }];

{
  program(p)::
    // Locals, not p.apps each time: jsonnet re-evaluates an object's field at every access (an array literal of
    // N apps rebuilt per lookup), while a local is evaluated once.
    local apps = p.apps, secrets = p.secrets;
    local ns = p.project;
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
    // Which app restarts when a secret changes: one comprehension keyed by secret name (the
    // bench gives each secret one app; jsonnet refuses a duplicate key rather than guess).
    local usedBy = { [s]: a.name for a in apps for s in a.secrets };

    local image(a) = p.registry + '/' + p.project + '-' + a.name + ':' + p.tag;
    local envFrom(a) = std.map(function(s) { secretRef: { name: s } }, a.secrets);
    local httpGet(a, port) = { httpGet: { path: a.health, port: port } };

    local service(a) = object('v1', 'Service', a.name) {
      spec: {
        type: 'ClusterIP',
        selector: selector(a.name),
        ports: [{ name: 'http', port: a.port, targetPort: 'http', protocol: 'TCP' }],
      },
    };
    local deployment(a) =
      local img = image(a), env = envFrom(a);
      object('apps/v1', 'Deployment', a.name) {
      spec: {
        replicas: d.replicas,
        selector: { matchLabels: selector(a.name) },
        template: {
          metadata: { labels: labels(a.name) },
          spec: {
            enableServiceLinks: false,
            automountServiceAccountToken: false,
            securityContext: podSecurity,
            initContainers: [{
              name: 'migrate',
              image: img,
              imagePullPolicy: 'Always',
              command: a.migrate, // written as its words, as a jsonnet user writes a command
              envFrom: env,
              resources: resources,
              securityContext: containerSecurity,
              volumeMounts: tmpMount,
            }],
            containers: [{
              name: a.name,
              image: img,
              imagePullPolicy: 'Always',
              ports: [{ name: 'http', containerPort: a.port, protocol: 'TCP' }],
              envFrom: env,
              livenessProbe: httpGet(a, a.port) { periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 6 },
              readinessProbe: httpGet(a, 'http') { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
              startupProbe: httpGet(a, 'http') {
                initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 30,
              },
              resources: resources,
              securityContext: containerSecurity,
              volumeMounts: tmpMount,
            }],
            volumes: tmpVolume,
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
        refreshAfter: d.refresh,
        hmacSecretData: true,
        destination: {
          name: s.name,
          create: true,
          transformation: { excludeRaw: true, includes: std.map(function(k) '^' + k + '$', s.keys) },
        },
        rolloutRestartTargets: [{ kind: 'Deployment', name: usedBy[s.name] }],
      },
    };
    // Ingress paths, longest first and in byte order within a length, as rbdc sorts them. App i
    // routes /appI, so that order is computed rather than sorted: the apps whose numbers have
    // the most digits first, each length in increasing order.
    local n = std.length(apps);
    local digits = std.length(std.toString(n));
    local route(i) = { path: apps[i - 1].route, app: apps[i - 1].name };
    local pathsOfLength(k) =
      local lo = std.pow(10, k - 1), hi = std.min(n, std.pow(10, k) - 1);
      std.makeArray(hi - lo + 1, function(j) route(lo + j));
    local routes = std.flattenArrays(std.makeArray(digits, function(j) pathsOfLength(digits - j)));
    local ingress = object('networking.k8s.io/v1', 'Ingress', p.project) {
      metadata+: {
        annotations: {
          'cert-manager.io/cluster-issuer': p.ingress.tls,
          'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
          'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
        },
      },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: [p.domain], secretName: p.project + '-tls' }],
        rules: [{
          host: p.domain,
          http: {
            paths: std.map(function(r) {
              path: r.path,
              pathType: 'Prefix',
              backend: { service: { name: r.app, port: { name: 'http' } } },
            }, routes),
          },
        }],
      },
    };
    local defaultDeny = object('networking.k8s.io/v1', 'NetworkPolicy', 'default-deny') {
      metadata+: { labels: labels(p.project) },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': p.project } }, policyTypes: ['Ingress'] },
    };
    local fromIngress(a) = object('networking.k8s.io/v1', 'NetworkPolicy', a.name) {
      spec: {
        podSelector: { matchLabels: selector(a.name) },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
          ports: [{ protocol: 'TCP', port: a.port }],
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
    + std.map(vaultStaticSecret, secrets)
    + std.makeArray(2 * n, function(k) if k % 2 == 0 then service(apps[k / 2]) else deployment(apps[(k - 1) / 2]))
    + (if n > 0 then [ingress] else [])
    + (if n > 0 then [defaultDeny] else [])
    + std.map(fromIngress, apps),
}
