// Pod Security Standards, "restricted" profile (which includes "baseline"), checked on every
// pod template, as kubernetes/pod-security-admission policy/check_*.go does.
import { join, asList, asMap, isMap } from './util.mjs';

// Where each workload kind keeps its pod template: [path to PodSpec, path to template metadata].
const POD_SPEC_PATHS = {
  Pod: ['spec', 'metadata'],
  PodTemplate: ['template.spec', 'template.metadata'],
  Deployment: ['spec.template.spec', 'spec.template.metadata'],
  StatefulSet: ['spec.template.spec', 'spec.template.metadata'],
  DaemonSet: ['spec.template.spec', 'spec.template.metadata'],
  ReplicaSet: ['spec.template.spec', 'spec.template.metadata'],
  ReplicationController: ['spec.template.spec', 'spec.template.metadata'],
  Job: ['spec.template.spec', 'spec.template.metadata'],
  CronJob: ['spec.jobTemplate.spec.template.spec', 'spec.jobTemplate.spec.template.metadata'],
};

function get(obj, dotted) {
  return dotted.split('.').reduce((v, k) => (isMap(v) ? v[k] : undefined), obj);
}

// { spec, path, labels, metadataPath } or null for kinds without a pod template.
export function podTemplateOf(obj) {
  const where = POD_SPEC_PATHS[obj.kind];
  if (!where) return null;
  const spec = get(obj, where[0]);
  if (!isMap(spec)) return null;
  const meta = asMap(get(obj, where[1]));
  return { spec, path: where[0], labels: asMap(meta.labels), annotations: asMap(meta.annotations), metadataPath: where[1] };
}

// Every container of a pod spec with its field path: containers, initContainers, ephemeralContainers.
export function containersOf(spec, base) {
  const out = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    asList(spec[field]).forEach((c, i) => {
      if (isMap(c)) out.push({ c, field, path: join(join(base, field), i) });
    });
  }
  return out;
}

export const ALLOWED_VOLUME_TYPES = new Set([
  'configMap', 'downwardAPI', 'emptyDir', 'projected', 'secret', 'csi', 'persistentVolumeClaim', 'ephemeral', 'image',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const GOOD_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);
const GOOD_APPARMOR = new Set(['RuntimeDefault', 'Localhost']);

export function checkRestricted(tpl) {
  const out = [];
  const add = (p, msg) => out.push({ path: p, msg: `PSS restricted: ${msg}` });
  const spec = tpl.spec;
  const base = tpl.path;
  const psc = asMap(spec.securityContext);
  const pscPath = join(base, 'securityContext');

  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[f] === true) add(join(base, f), `${f} must not be true`);
  }
  asList(spec.volumes).forEach((v, i) => {
    if (!isMap(v)) return;
    const types = Object.keys(v).filter((k) => k !== 'name');
    for (const t of types) {
      if (!ALLOWED_VOLUME_TYPES.has(t)) add(join(join(join(base, 'volumes'), i), t), `volume type ${t} is not allowed (allowed: ${[...ALLOWED_VOLUME_TYPES].join(', ')})`);
    }
  });
  for (const s of asList(psc.sysctls)) {
    if (isMap(s) && !SAFE_SYSCTLS.has(s.name)) add(join(pscPath, 'sysctls'), `sysctl ${s.name} is not in the safe set`);
  }

  const hostUsersFalse = spec.hostUsers === false;
  const podNonRoot = psc.runAsNonRoot;
  if (podNonRoot === false && !hostUsersFalse) add(join(pscPath, 'runAsNonRoot'), 'runAsNonRoot must not be false');
  if (psc.runAsUser === 0 && !hostUsersFalse) add(join(pscPath, 'runAsUser'), 'runAsUser must not be 0 (root)');
  const podSeccomp = asMap(psc.seccompProfile).type;
  if (podSeccomp !== undefined && !GOOD_SECCOMP.has(podSeccomp)) add(join(join(pscPath, 'seccompProfile'), 'type'), `seccompProfile.type must be RuntimeDefault or Localhost, not ${podSeccomp}`);
  const podAppArmor = asMap(psc.appArmorProfile).type;
  if (podAppArmor !== undefined && !GOOD_APPARMOR.has(podAppArmor)) add(join(join(pscPath, 'appArmorProfile'), 'type'), `appArmorProfile.type ${podAppArmor} is not allowed`);
  checkSelinux(psc.seLinuxOptions, join(pscPath, 'seLinuxOptions'), add);
  for (const [k, v] of Object.entries(tpl.annotations)) {
    if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !String(v).startsWith('localhost/')) {
      add(join(join(tpl.metadataPath, 'annotations'), k), `AppArmor profile ${v} is not allowed`);
    }
  }

  for (const { c, path } of containersOf(spec, base)) {
    const sc = asMap(c.securityContext);
    const scPath = join(path, 'securityContext');
    const name = typeof c.name === 'string' ? c.name : '?';
    if (sc.privileged === true) add(join(scPath, 'privileged'), `container ${name}: privileged must not be true`);
    if (sc.allowPrivilegeEscalation !== false) {
      add(join(scPath, 'allowPrivilegeEscalation'), `container ${name}: allowPrivilegeEscalation must be set to false explicitly`);
    }
    if (!hostUsersFalse) {
      if (sc.runAsNonRoot === false) add(join(scPath, 'runAsNonRoot'), `container ${name}: runAsNonRoot must not be false`);
      else if (sc.runAsNonRoot !== true && podNonRoot !== true) add(join(scPath, 'runAsNonRoot'), `container ${name}: runAsNonRoot must be true (here or in the pod securityContext)`);
      if (sc.runAsUser === 0) add(join(scPath, 'runAsUser'), `container ${name}: runAsUser must not be 0 (root)`);
    }
    const cSeccomp = asMap(sc.seccompProfile).type;
    if (cSeccomp !== undefined && !GOOD_SECCOMP.has(cSeccomp)) add(join(join(scPath, 'seccompProfile'), 'type'), `container ${name}: seccompProfile.type must be RuntimeDefault or Localhost, not ${cSeccomp}`);
    else if (cSeccomp === undefined && !GOOD_SECCOMP.has(podSeccomp)) add(join(scPath, 'seccompProfile'), `container ${name}: seccompProfile.type must be RuntimeDefault or Localhost (here or in the pod securityContext)`);
    const caps = asMap(sc.capabilities);
    const drop = asList(caps.drop);
    if (!drop.includes('ALL')) add(join(join(scPath, 'capabilities'), 'drop'), `container ${name}: capabilities.drop must include ALL`);
    asList(caps.add).forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') add(join(join(join(scPath, 'capabilities'), 'add'), i), `container ${name}: capability ${cap} may not be added (only NET_BIND_SERVICE)`);
    });
    if (sc.procMount !== undefined && sc.procMount !== 'Default') add(join(scPath, 'procMount'), `container ${name}: procMount must be Default`);
    const cAppArmor = asMap(sc.appArmorProfile).type;
    if (cAppArmor !== undefined && !GOOD_APPARMOR.has(cAppArmor)) add(join(join(scPath, 'appArmorProfile'), 'type'), `container ${name}: appArmorProfile.type ${cAppArmor} is not allowed`);
    checkSelinux(sc.seLinuxOptions, join(scPath, 'seLinuxOptions'), add);
    asList(c.ports).forEach((port, i) => {
      if (isMap(port) && port.hostPort !== undefined && port.hostPort !== 0) add(join(join(join(path, 'ports'), i), 'hostPort'), `container ${name}: hostPort is not allowed`);
    });
  }
  return out;
}

function checkSelinux(opts, p, add) {
  if (!isMap(opts)) return;
  if (opts.type !== undefined && !SELINUX_TYPES.has(opts.type)) add(join(p, 'type'), `seLinuxOptions.type ${opts.type} is not allowed`);
  for (const f of ['user', 'role']) {
    if (opts[f] !== undefined && opts[f] !== '') add(join(p, f), `seLinuxOptions.${f} must not be set`);
  }
}
