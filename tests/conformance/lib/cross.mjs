// Checks across the objects of one directory: references between objects must resolve
// inside the directory, all objects share one namespace, and kustomization.yaml lists
// exactly the directory's manifests.
import path from 'node:path';
import { join, sub, asList, asMap, isMap } from './util.mjs';
import { podTemplateOf, containersOf } from './pss.mjs';
import { selectorMatches } from './objrules.mjs';
import { checkHttpRoutes } from './gateway.mjs';

export const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'IngressClass',
  'CustomResourceDefinition', 'PriorityClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'APIService',
  'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration', 'ComponentStatus', 'DeviceClass',
  'ClusterIssuer', 'ClusterTrustBundle', 'IPAddress', 'ServiceCIDR', 'VolumeAttributesClass',
]);

const RESTART_TARGET_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

// objects: [{ file, index, obj, add(path, msg) }] (obj: VSO objects with CRD defaults applied)
export function checkSet(objects, add0) {
  const byKind = new Map();
  const find = (kind, name) => (byKind.get(kind) || []).find((o) => o.obj.metadata.name === name);
  const all = (kind) => byKind.get(kind) || [];
  for (const o of objects) {
    if (!byKind.has(o.obj.kind)) byKind.set(o.obj.kind, []);
    byKind.get(o.obj.kind).push(o);
  }

  // FR-008: secret values come only from Vault. A Secret manifest with data would put them in git.
  for (const o of all('Secret')) {
    for (const f of ['data', 'stringData']) {
      if (isMap(o.obj[f]) && Object.keys(o.obj[f]).length) o.add(f, 'a Secret manifest carries secret values in plain text (base64 is not encryption); sync it from Vault with a VaultStaticSecret');
    }
  }

  // Duplicate objects.
  const seen = new Map();
  for (const o of objects) {
    const group = String(o.obj.apiVersion).includes('/') ? String(o.obj.apiVersion).split('/')[0] : '';
    const key = `${group}|${o.obj.kind}|${o.obj.metadata.namespace || ''}|${o.obj.metadata.name}`;
    if (seen.has(key)) o.add('metadata.name', `duplicate object: ${seen.get(key)} defines the same ${o.obj.kind}`);
    else seen.set(key, `${path.basename(o.file)}:${o.index}`);
  }

  // One namespace.
  const namespaces = all('Namespace').map((o) => o.obj.metadata.name);
  const counts = new Map();
  for (const o of objects) {
    const ns = o.obj.metadata.namespace;
    if (CLUSTER_SCOPED.has(o.obj.kind)) {
      if (ns !== undefined) o.add('metadata.namespace', `${o.obj.kind} is cluster-scoped: it has no namespace`);
    } else if (typeof ns !== 'string' || ns === '') {
      o.add('metadata.namespace', 'not set: the object would land in whatever namespace kubectl is pointed at');
    } else {
      counts.set(ns, (counts.get(ns) || 0) + 1);
    }
  }
  if (namespaces.length > 1) {
    for (const o of all('Namespace').slice(1)) o.add('metadata.name', `a second Namespace in one directory (${namespaces.join(', ')})`);
  }
  let expected = namespaces.length === 1 ? namespaces[0] : null;
  if (expected === null && counts.size > 1) {
    expected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  }
  if (expected !== null) {
    for (const o of objects) {
      const ns = o.obj.metadata.namespace;
      if (!CLUSTER_SCOPED.has(o.obj.kind) && typeof ns === 'string' && ns !== '' && ns !== expected) {
        o.add('metadata.namespace', `${ns} differs from the directory's namespace ${expected}`);
      }
    }
  }

  // Pod templates in the directory.
  const pods = [];
  for (const o of objects) {
    const tpl = podTemplateOf(o.obj);
    if (tpl) pods.push({ o, tpl });
  }

  // What creates Secrets: VaultStaticSecret destinations and Secret objects.
  const secretSources = new Map();
  for (const o of all('VaultStaticSecret')) {
    const d = asMap(asMap(o.obj.spec).destination);
    if (typeof d.name === 'string') secretSources.set(d.name, { vss: o, dest: d });
  }
  for (const o of all('Secret')) secretSources.set(o.obj.metadata.name, { secret: o });

  const checkSecretRef = (o, p, name, key, optional) => {
    if (optional === true || typeof name !== 'string') return;
    const src = secretSources.get(name);
    if (!src) {
      o.add(p, `Secret ${name} is not created by any VaultStaticSecret (spec.destination.name) in this directory`);
      return;
    }
    if (src.vss) {
      if (src.dest.create !== true) {
        o.add(p, `Secret ${name} comes from VaultStaticSecret ${src.vss.obj.metadata.name}, whose destination.create is not true: VSO will not create it`);
      }
      if (key !== undefined && !vssProvidesKey(src.vss.obj, key)) {
        o.add(p, `key ${key} is not among the keys VaultStaticSecret ${src.vss.obj.metadata.name} writes (destination.transformation)`);
      }
    } else if (key !== undefined) {
      const s = src.secret.obj;
      if (!(key in asMap(s.data)) && !(key in asMap(s.stringData))) o.add(p, `key ${key} is not in Secret ${name}`);
    }
  };
  const checkConfigMapRef = (o, p, name, key, optional) => {
    if (optional === true || typeof name !== 'string') return;
    const cm = find('ConfigMap', name);
    if (!cm) {
      o.add(p, `ConfigMap ${name} is not in this directory`);
      return;
    }
    if (key !== undefined && !(key in asMap(cm.obj.data)) && !(key in asMap(cm.obj.binaryData))) {
      o.add(p, `key ${key} is not in ConfigMap ${name}`);
    }
  };

  for (const { o, tpl } of pods) {
    const spec = tpl.spec;
    const volumes = new Map();
    asList(spec.volumes).forEach((v, i) => {
      if (!isMap(v)) return;
      volumes.set(v.name, v);
      const vp = join(join(tpl.path, 'volumes'), i);
      if (isMap(v.secret)) checkSecretRef(o, sub(vp, 'secret.secretName'), v.secret.secretName, undefined, v.secret.optional);
      if (isMap(v.configMap)) {
        checkConfigMapRef(o, sub(vp, 'configMap.name'), v.configMap.name, undefined, v.configMap.optional);
        asList(v.configMap.items).forEach((it, j) => checkConfigMapRef(o, join(sub(vp, 'configMap.items'), j), v.configMap.name, asMap(it).key, v.configMap.optional));
      }
      asList(asMap(v.projected).sources).forEach((s, j) => {
        const sp = join(sub(vp, 'projected.sources'), j);
        if (isMap(asMap(s).secret)) checkSecretRef(o, sub(sp, 'secret.name'), s.secret.name, undefined, s.secret.optional);
        if (isMap(asMap(s).configMap)) checkConfigMapRef(o, sub(sp, 'configMap.name'), s.configMap.name, undefined, s.configMap.optional);
      });
    });
    for (const { c, path: cp } of containersOf(spec, tpl.path)) {
      asList(c.envFrom).forEach((e, i) => {
        const ep = join(join(cp, 'envFrom'), i);
        if (isMap(asMap(e).secretRef)) checkSecretRef(o, sub(ep, 'secretRef.name'), e.secretRef.name, undefined, e.secretRef.optional);
        if (isMap(asMap(e).configMapRef)) checkConfigMapRef(o, sub(ep, 'configMapRef.name'), e.configMapRef.name, undefined, e.configMapRef.optional);
      });
      asList(c.env).forEach((e, i) => {
        const vf = asMap(asMap(e).valueFrom);
        const ep = join(join(cp, 'env'), i);
        if (isMap(vf.secretKeyRef)) checkSecretRef(o, sub(ep, 'valueFrom.secretKeyRef'), vf.secretKeyRef.name, vf.secretKeyRef.key, vf.secretKeyRef.optional);
        if (isMap(vf.configMapKeyRef)) checkConfigMapRef(o, sub(ep, 'valueFrom.configMapKeyRef'), vf.configMapKeyRef.name, vf.configMapKeyRef.key, vf.configMapKeyRef.optional);
      });
      // A subPath into a whole-ConfigMap volume must be one of its keys.
      asList(c.volumeMounts).forEach((m, i) => {
        const v = volumes.get(asMap(m).name);
        if (!v || !isMap(v.configMap) || v.configMap.items !== undefined || typeof m.subPath !== 'string') return;
        const cm = find('ConfigMap', v.configMap.name);
        if (cm && !(m.subPath in asMap(cm.obj.data)) && !(m.subPath in asMap(cm.obj.binaryData))) {
          o.add(sub(join(join(cp, 'volumeMounts'), i), 'subPath'), `${m.subPath} is not a key of ConfigMap ${v.configMap.name}`);
        }
      });
    }
  }

  // Services: selected pods carry the named target ports.
  for (const o of all('Service')) {
    const spec = asMap(o.obj.spec);
    const sel = spec.selector;
    if (!isMap(sel) || Object.keys(sel).length === 0) continue;
    const selected = pods.filter(({ o: w, tpl }) =>
      (w.obj.metadata.namespace || '') === (o.obj.metadata.namespace || '') && selectorMatches({ matchLabels: sel }, tpl.labels));
    if (!selected.length) {
      o.add('spec.selector', 'selects no pod template in this directory');
      continue;
    }
    asList(spec.ports).forEach((port, i) => {
      const tp = asMap(port).targetPort;
      if (typeof tp !== 'string') return;
      for (const { o: w, tpl } of selected) {
        const names = new Set();
        for (const { c, field } of containersOf(tpl.spec, tpl.path)) {
          if (field === 'containers' || (field === 'initContainers' && c.restartPolicy === 'Always')) {
            for (const cpt of asList(c.ports)) names.add(asMap(cpt).name);
          }
        }
        if (!names.has(tp)) o.add(sub(join('spec.ports', i), 'targetPort'), `named port ${tp} is not a container port of ${w.obj.kind}/${w.obj.metadata.name}, which this Service selects`);
      }
    });
  }

  // NetworkPolicies: a policy must select pod templates of the directory (one that selects nothing protects
  // nothing, usually a label typo); a pod peer of the same namespace must select some too; and each port of an
  // ingress rule must be a container port (number or name) of every pod the policy selects, or the rule opens nothing.
  for (const o of all('NetworkPolicy')) {
    const spec = asMap(o.obj.spec);
    const ns = o.obj.metadata.namespace || '';
    const local = pods.filter(({ o: w }) => (w.obj.metadata.namespace || '') === ns);
    const selected = local.filter(({ tpl }) => selectorMatches(spec.podSelector, tpl.labels));
    if (!selected.length) {
      o.add('spec.podSelector', 'selects no pod template in this directory');
      continue;
    }
    for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']]) {
      asList(spec[dir]).forEach((rule, i) => {
        const base = join(join('spec', dir), i);
        asList(asMap(rule)[peersKey]).forEach((peer, j) => {
          const pm = asMap(peer);
          // A namespaceSelector reaches other namespaces and an ipBlock addresses: neither is in this directory.
          if (pm.namespaceSelector !== undefined || pm.podSelector === undefined) return;
          if (!local.some(({ tpl }) => selectorMatches(pm.podSelector, tpl.labels))) {
            o.add(sub(join(join(base, peersKey), j), 'podSelector'), 'selects no pod template in this directory');
          }
        });
        if (dir !== 'ingress') return;
        asList(asMap(rule).ports).forEach((port, k) => {
          const want = asMap(port).port;
          const proto = asMap(port).protocol || 'TCP';
          if (want === undefined) return;
          for (const { o: w, tpl } of selected) {
            const served = containersOf(tpl.spec, tpl.path).flatMap(({ c }) => asList(c.ports)).map(asMap)
              .some((cp) => (cp.protocol || 'TCP') === proto && (typeof want === 'number' ? cp.containerPort === want : cp.name === want));
            if (!served) o.add(sub(join(join(base, 'ports'), k), 'port'), `${proto} port ${want} is not a container port of ${w.obj.kind}/${w.obj.metadata.name}, which this policy selects`);
          }
        });
      });
    }
  }

  // StatefulSet governing Service.
  for (const o of all('StatefulSet')) {
    const sn = asMap(o.obj.spec).serviceName;
    if (typeof sn !== 'string' || sn === '') continue;
    const svc = find('Service', sn);
    if (!svc) o.add('spec.serviceName', `Service ${sn} is not in this directory`);
    else if (asMap(svc.obj.spec).clusterIP !== 'None') o.add('spec.serviceName', `Service ${sn} is not headless (clusterIP: None)`);
  }

  // Ingress backends and TLS secrets.
  for (const o of all('Ingress')) {
    const spec = asMap(o.obj.spec);
    const backends = [];
    if (spec.defaultBackend !== undefined) backends.push(['spec.defaultBackend', spec.defaultBackend]);
    asList(spec.rules).forEach((r, i) => asList(asMap(asMap(r).http).paths).forEach((hp, j) => {
      backends.push([sub(join(sub(join('spec.rules', i), 'http.paths'), j), 'backend'), asMap(hp).backend]);
    }));
    for (const [p, b] of backends) {
      const s = asMap(asMap(b).service);
      if (typeof s.name !== 'string') continue;
      const svc = find('Service', s.name);
      if (!svc) {
        o.add(sub(p, 'service.name'), `Service ${s.name} is not in this directory`);
        continue;
      }
      const port = asMap(s.port);
      const ports = asList(asMap(svc.obj.spec).ports).map(asMap);
      if (port.name !== undefined && !ports.some((sp) => sp.name === port.name)) {
        o.add(sub(p, 'service.port.name'), `Service ${s.name} has no port named ${port.name}`);
      }
      if (port.number !== undefined && !ports.some((sp) => sp.port === port.number)) {
        o.add(sub(p, 'service.port.number'), `Service ${s.name} has no port ${port.number}`);
      }
    }
    const ann = asMap(o.obj.metadata.annotations);
    const shim = ann['cert-manager.io/cluster-issuer'] !== undefined || ann['cert-manager.io/issuer'] !== undefined;
    asList(spec.tls).forEach((t, i) => {
      const sn = asMap(t).secretName;
      const cert = all('Certificate').find((c) => asMap(c.obj.spec).secretName === sn);
      if (shim && cert) {
        o.add(sub(join('spec.tls', i), 'secretName'), `Secret ${sn} is managed twice: by this Ingress's cert-manager annotation and by Certificate ${cert.obj.metadata.name}; the ingress shim refuses to update a Certificate it does not own, so emit only one of them`);
      }
    });
    // Another Ingress whose cert-manager annotation makes a Certificate for the same secretName also creates it; two such
    // Ingresses would both ask, and the ingress shim refuses to update the Certificate the other one owns.
    const shimIngresses = (sn) => all('Ingress').filter((g) => g !== o && (asMap(g.obj.metadata.annotations)['cert-manager.io/cluster-issuer'] !== undefined ||
      asMap(g.obj.metadata.annotations)['cert-manager.io/issuer'] !== undefined) && asList(asMap(g.obj.spec).tls).some((x) => asMap(x).secretName === sn));
    asList(spec.tls).forEach((t, i) => {
      const sn = asMap(t).secretName;
      if (typeof sn !== 'string') return;
      const others = shimIngresses(sn);
      if (shim && others.length) o.add(sub(join('spec.tls', i), 'secretName'), `Secret ${sn} is asked of cert-manager by this Ingress and by Ingress ${others[0].obj.metadata.name}; the shim lets only one own the Certificate`);
      if (shim || secretSources.has(sn) || others.length) return;
      const cert = all('Certificate').some((c) => asMap(c.obj.spec).secretName === sn);
      if (!cert) o.add(sub(join('spec.tls', i), 'secretName'), `nothing in this directory creates Secret ${sn} (no cert-manager.io/cluster-issuer or issuer annotation, no Certificate)`);
    });
  }

  // Gateway API HTTPRoutes: backends and listeners.
  checkHttpRoutes(all('HTTPRoute'), find);

  // VSO wiring.
  for (const o of all('VaultStaticSecret')) {
    const spec = asMap(o.obj.spec);
    const ref = spec.vaultAuthRef;
    if (typeof ref === 'string' && ref !== '' && !ref.includes('/') && all('VaultAuth').length && !find('VaultAuth', ref)) {
      o.add('spec.vaultAuthRef', `VaultAuth ${ref} is not in this directory (which has ${all('VaultAuth').map((a) => a.obj.metadata.name).join(', ')})`);
    }
    asList(spec.rolloutRestartTargets).forEach((t, i) => {
      if (!isMap(t) || !RESTART_TARGET_KINDS.has(t.kind)) return;
      if (!find(t.kind, t.name)) o.add(join('spec.rolloutRestartTargets', i), `${t.kind} ${t.name} is not in this directory`);
    });
  }
  // A Secret read into environment variables changes in a running pod only after a restart:
  // every workload that does so must be a rolloutRestartTarget of the VaultStaticSecret.
  for (const { o, tpl } of pods) {
    if (!RESTART_TARGET_KINDS.has(o.obj.kind)) continue;
    const names = new Set();
    for (const { c } of containersOf(tpl.spec, tpl.path)) {
      for (const e of asList(c.envFrom)) if (isMap(asMap(e).secretRef)) names.add(e.secretRef.name);
      for (const e of asList(c.env)) {
        const r = asMap(asMap(asMap(e).valueFrom).secretKeyRef);
        if (typeof r.name === 'string') names.add(r.name);
      }
    }
    for (const n of names) {
      const src = secretSources.get(n);
      if (!src || !src.vss) continue;
      const vspec = asMap(src.vss.obj.spec);
      const targets = asList(vspec.rolloutRestartTargets).map(asMap);
      if (!targets.some((t) => t.kind === o.obj.kind && t.name === o.obj.metadata.name)) {
        src.vss.add('spec.rolloutRestartTargets', `${o.obj.kind}/${o.obj.metadata.name} reads Secret ${n} into environment variables but is not a rollout-restart target: it would keep the old values after Vault rotates them`);
      }
    }
  }

  for (const o of all('VaultAuth')) {
    const spec = asMap(o.obj.spec);
    const sa = asMap(spec.kubernetes).serviceAccount;
    if (spec.method === 'kubernetes' && typeof sa === 'string' && sa !== '' && !find('ServiceAccount', sa)) {
      o.add('spec.kubernetes.serviceAccount', `ServiceAccount ${sa} is not in this directory: VSO requests its token in the namespace of the secrets that use this VaultAuth`);
    }
    const cref = spec.vaultConnectionRef;
    if (typeof cref === 'string' && cref !== '' && !cref.includes('/') && all('VaultConnection').length && !find('VaultConnection', cref)) {
      o.add('spec.vaultConnectionRef', `VaultConnection ${cref} is not in this directory`);
    }
  }
}

// Does a VaultStaticSecret write Secret key `key`? Without a transformation every Vault key
// is written (and _raw unless excludeRaw); with includes/excludes only matching keys are.
// Templates add their own keys.
function vssProvidesKey(vss, key) {
  const tr = asMap(asMap(asMap(vss.spec).destination).transformation);
  if (key === '_raw') return tr.excludeRaw !== true;
  if (key in asMap(tr.templates)) return true;
  if (asList(tr.transformationRefs).length) return true; // cannot tell without the SecretTransformation
  const test = (re) => { try { return new RegExp(re).test(key); } catch { return false; } };
  if (asList(tr.excludes).some(test)) return false;
  const inc = asList(tr.includes);
  return inc.length === 0 || inc.some(test);
}

// ---- kustomization.yaml ----

const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion', 'kind', 'metadata', 'resources', 'components', 'namespace', 'namePrefix', 'nameSuffix',
  'commonLabels', 'labels', 'commonAnnotations', 'images', 'replicas', 'patches', 'patchesStrategicMerge',
  'patchesJson6902', 'configMapGenerator', 'secretGenerator', 'generatorOptions', 'crds', 'configurations',
  'openapi', 'replacements', 'vars', 'buildMetadata', 'sortOptions', 'helmCharts', 'helmGlobals',
  'transformers', 'generators', 'validators', 'bases',
]);
const IMAGE_FIELDS = new Set(['name', 'newName', 'newTag', 'digest', 'tagSuffix']);

function imageRepo(ref) {
  let r = String(ref).split('@')[0];
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  if (colon > slash) r = r.slice(0, colon);
  return r;
}

// k: { file, index, obj, add }; yamlFiles: base names of the directory's other YAML files;
// objects: the directory's objects (for images:).
export function checkKustomization(k, yamlFiles, objects) {
  const obj = k.obj;
  if (!isMap(obj)) return k.add('.', 'kustomization is not a map');
  if (obj.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || obj.kind !== 'Kustomization') {
    k.add('.', 'expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization');
  }
  for (const f of Object.keys(obj)) {
    if (!KUSTOMIZATION_FIELDS.has(f)) k.add(f, `unknown kustomization field "${f}" (kustomize rejects it)`);
  }
  const listed = new Map();
  const notManifests = new Set();
  for (const p of asList(obj.patches)) if (typeof asMap(p).path === 'string') notManifests.add(p.path);
  for (const p of asList(obj.patchesStrategicMerge)) if (typeof p === 'string') notManifests.add(p);
  if (obj.resources !== undefined && !Array.isArray(obj.resources)) k.add('resources', 'must be a list');
  asList(obj.resources).forEach((r, i) => {
    const p = join('resources', i);
    if (typeof r !== 'string') return k.add(p, 'must be a string');
    if (/^[a-z]+:\/\//.test(r) || r.includes('?ref=')) return k.add(p, `remote resource ${r} cannot be verified`);
    const norm = path.posix.normalize(r);
    if (norm.includes('/')) return k.add(p, `${r} is outside this directory`);
    if (listed.has(norm)) k.add(p, `${r} is listed twice`);
    listed.set(norm, i);
    if (!yamlFiles.includes(norm)) k.add(p, `${r} does not exist in this directory`);
  });
  for (const f of yamlFiles) {
    if (!listed.has(f) && !notManifests.has(f)) k.add('resources', `${f} is in the directory but not listed: kubectl apply -k would skip it`);
  }
  const used = new Set();
  for (const o of objects) {
    const tpl = podTemplateOf(o.obj);
    if (tpl) for (const { c } of containersOf(tpl.spec, tpl.path)) if (typeof c.image === 'string') used.add(imageRepo(c.image));
  }
  asList(obj.images).forEach((im, i) => {
    const p = join('images', i);
    if (!isMap(im)) return k.add(p, 'must be a map');
    for (const f of Object.keys(im)) if (!IMAGE_FIELDS.has(f)) k.add(join(p, f), `unknown field "${f}"`);
    if (typeof im.name !== 'string') return k.add(join(p, 'name'), 'required field is missing');
    for (const f of ['newName', 'newTag', 'digest']) {
      if (im[f] !== undefined && typeof im[f] !== 'string') k.add(join(p, f), `wrong type: expected string, got ${typeof im[f]} ${JSON.stringify(im[f])}: quote it`);
    }
    if (!used.has(im.name)) k.add(join(p, 'name'), `${im.name} matches no container image in this directory: the override would do nothing`);
  });
  // A digest pin must survive rendering: kustomize's image filter (api/filters/imagetag/updater.go) drops an
  // image's digest when its entry sets newTag alone, so `kubectl apply -k` would deploy whatever the tag points at.
  for (const o of objects) {
    const tpl = podTemplateOf(o.obj);
    if (!tpl) continue;
    for (const { c } of containersOf(tpl.spec, tpl.path)) {
      if (typeof c.image !== 'string') continue;
      asList(obj.images).forEach((im, i) => {
        if (!isMap(im) || im.name !== imageRepo(c.image)) return;
        const rendered = kustomizeImage(c.image, im);
        if (c.image.includes('@') && !rendered.includes('@')) {
          k.add(join('images', i), `kubectl kustomize would turn ${c.image} into ${rendered}, dropping the digest pin`);
        }
      });
    }
  }
}

// The image kustomize renders for @image under the images: entry @im (same name).
function kustomizeImage(image, im) {
  const at = image.indexOf('@');
  let digest = at >= 0 ? image.slice(at + 1) : '';
  const rest = at >= 0 ? image.slice(0, at) : image;
  const repo = imageRepo(rest);
  let tag = rest.length > repo.length ? rest.slice(repo.length + 1) : '';
  if (im.newTag && im.digest) [tag, digest] = [String(im.newTag), String(im.digest)];
  else if (im.newTag) [tag, digest] = [String(im.newTag), ''];
  else if (im.digest) [tag, digest] = ['', String(im.digest)];
  return (im.newName || repo) + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '');
}
