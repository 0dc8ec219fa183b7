#!/usr/bin/env node
// review.mjs: the production review of issue 9, as meaning-level checks on rbdc's output (no linter needed).
//
//   node tests/conformance/review.mjs DIR...          every DIR must pass; exit 1 otherwise
//   node tests/conformance/review.mjs --bad DIR       every DIR/*.yaml must be rejected with the text of its
//                                                     first line `# expect: TEXT`
//
// The checks, per object set (one output directory):
//   - liveness is more tolerant than readiness (restarts only after a longer run of failures), and a
//     startupProbe holds both back while the container starts;
//   - every container requests and limits ephemeral-storage and pulls its image Always; every emptyDir has a
//     sizeLimit;
//   - each workload carries the app.kubernetes.io/* labels of its pods, and its pods carry its own;
//   - a workload that may run more than one pod (replicas, or a HorizontalPodAutoscaler's maxReplicas) has a
//     PodDisruptionBudget selecting its pods and a topology spread of its pods over kubernetes.io/hostname;
//   - a HorizontalPodAutoscaler targets a workload of the directory, which carries no spec.replicas of its own,
//     and whose containers request every resource it scales on by Utilization.
// Prints `ok   - ...` / `FAIL - ...` and finally `review: P passed, F failed`.
import fs from 'node:fs';
import path from 'node:path';
import { readDocuments } from './lib/yaml.mjs';
import { podTemplateOf, containersOf } from './lib/pss.mjs';
import { selectorMatches } from './lib/objrules.mjs';
import { asList, asMap, isMap } from './lib/util.mjs';

// How long a running container fails before the probe acts, with the API server's defaults (core/v1
// defaults.go SetDefaults_Probe); initialDelaySeconds counts only once, at the start, so not here.
const window = (p) => (p.failureThreshold ?? 3) * (p.periodSeconds ?? 10);
const appLabels = (labels) => Object.entries(asMap(labels)).filter(([k]) => k.startsWith('app.kubernetes.io/'));

export function review(objects) {
  const problems = [];
  const add = (o, msg) => problems.push(`${o.kind}/${o.metadata?.name}: ${msg}`);
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  const targets = (h, o) => h.spec?.scaleTargetRef?.kind === o.kind && h.spec?.scaleTargetRef?.name === o.metadata?.name;
  for (const h of hpas)
    if (!objects.some((o) => targets(h, o))) add(h, `scaleTargetRef ${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name} is no workload of the set`);
  for (const o of objects) {
    const tpl = podTemplateOf(o);
    if (!tpl) continue;
    for (const { c, field } of containersOf(tpl.spec, tpl.path)) {
      const who = `${field} ${c.name}`;
      const res = asMap(c.resources);
      if (!asMap(res.requests)['ephemeral-storage']) add(o, `${who}: no ephemeral-storage request`);
      if (!asMap(res.limits)['ephemeral-storage']) add(o, `${who}: no ephemeral-storage limit`);
      if (c.imagePullPolicy !== 'Always') add(o, `${who}: imagePullPolicy is ${c.imagePullPolicy ?? 'unset'}, not Always`);
      const live = c.livenessProbe, ready = c.readinessProbe;
      if (isMap(live) && isMap(ready)) {
        if (window(live) <= window(ready))
          add(o, `${who}: liveness restarts after ${window(live)}s of failures, no later than readiness takes the pod out (${window(ready)}s)`);
        if (!isMap(c.startupProbe)) add(o, `${who}: liveness without a startupProbe to hold it back while the container starts`);
      }
    }
    for (const v of asList(tpl.spec.volumes))
      if (isMap(v) && isMap(v.emptyDir) && !v.emptyDir.sizeLimit) add(o, `emptyDir ${v.name} has no sizeLimit`);
    const own = appLabels(o.metadata?.labels), pod = appLabels(tpl.labels);
    const differ = (a, b) => a.filter(([k, v]) => !b.some(([k2, v2]) => k === k2 && v === v2)).map(([k, v]) => `${k}=${v}`);
    if (differ(own, pod).length || differ(pod, own).length)
      add(o, `labels differ from its pods' (object only: ${differ(own, pod).join(', ') || '-'}; pods only: ${differ(pod, own).join(', ') || '-'})`);
    const hpa = hpas.find((h) => targets(h, o));
    if (hpa && o.spec?.replicas !== undefined)
      add(o, `spec.replicas ${o.spec.replicas} beside HorizontalPodAutoscaler ${hpa.metadata?.name}: every apply would reset the count it chose`);
    for (const m of asList(hpa?.spec?.metrics)) {
      const name = m?.resource?.name;
      if (m?.type !== 'Resource' || m.resource?.target?.type !== 'Utilization') continue;
      for (const c of asList(tpl.spec.containers))
        if (!asMap(asMap(c.resources).requests)[name]) add(o, `container ${c.name} requests no ${name}, which its autoscaler's Utilization target is a share of`);
    }
    const replicas = hpa ? hpa.spec?.maxReplicas ?? 1 : o.spec?.replicas ?? 1;
    if (replicas > 1 && o.kind !== 'Job') {
      if (!pdbs.some((p) => selectorMatches(p.spec?.selector, tpl.labels)))
        add(o, `${replicas} replicas but no PodDisruptionBudget selects its pods`);
      const spread = asList(tpl.spec.topologySpreadConstraints).some((c) => c?.topologyKey === 'kubernetes.io/hostname' && selectorMatches(c.labelSelector, tpl.labels));
      if (!spread) add(o, `${replicas} replicas but no topology spread over kubernetes.io/hostname selects its pods`);
    }
  }
  return problems;
}

function load(p) {
  const files = fs.statSync(p).isDirectory()
    ? fs.readdirSync(p).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml').map((f) => path.join(p, f))
    : [p];
  return files.flatMap((f) => readDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.obj).filter(isMap));
}

function main() {
  const argv = process.argv.slice(2);
  let passed = 0, failed = 0;
  const result = (good, what, lines = []) => {
    if (good) { passed++; console.log(`ok   - ${what}`); return; }
    failed++;
    console.log(`FAIL - ${what}`);
    for (const l of lines) console.log(`       ${l}`);
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--bad') {
      const dir = argv[++i];
      for (const f of fs.readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
        const p = path.join(dir, f);
        const expect = /^#\s*expect:\s*(.*\S)\s*$/.exec(fs.readFileSync(p, 'utf8').split('\n')[0])?.[1];
        const lines = review(load(p));
        result(expect && lines.some((l) => l.includes(expect)), `review rejects ${p}: ${expect}`, lines);
      }
    } else {
      const lines = review(load(argv[i]));
      result(!lines.length, `review: ${argv[i]}`, lines);
    }
  }
  console.log(`review: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
