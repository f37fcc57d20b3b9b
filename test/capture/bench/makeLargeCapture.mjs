#!/usr/bin/env node
// Writes a large redis-cli MONITOR capture for measuring `etasim check`'s
// time and memory (not committed: it is ~100 MB).
//
//   npx tsc -p tsconfig.build.json
//   node test/capture/bench/makeLargeCapture.mjs OUT.monitor [MB] [jobs|noise]
//   /usr/bin/time -v node bin/etasim.js check OUT.monitor --json > /dev/null
//
// "jobs": simulated pre-fix runs (each ~3,600 job events), replayed under
// new job ids, 8 at a time interleaved, one noise line per job line.
// "noise": one simulated run; the rest is other applications' traffic
// (SET/GET/HSET of unrelated keys, MULTI/EXEC, lua), spread over the run.
import { closeSync, openSync, writeSync } from 'node:fs';

const dist = new URL('../../../dist/', import.meta.url);
const { runScenario } = await import(new URL('sim/runScenario.js', dist).href);
const { defaultScenario } = await import(new URL('scenario/defaults.js', dist).href);
const { formatMonitorLine } = await import(new URL('capture/monitorFormat.js', dist).href);

const [out, mbText = '100', mode = 'jobs'] = process.argv.slice(2);
if (!out) {
  process.stderr.write('usage: node makeLargeCapture.mjs OUT.monitor [MB] [jobs|noise]\n');
  process.exit(2);
}
const bytesMax = Number(mbText) * 1024 * 1024;
const run = await runScenario(defaultScenario({ name: 'large', profile: 'pre-fix' }));
const trace = run.trace;
const t0 = trace[0].t;

const fd = openSync(out, 'w');
let pending = 'OK\n';
let written = 0;
const emit = (line) => {
  pending += line + '\n';
  if (pending.length > 1 << 20) flush();
};
const flush = () => {
  written += writeSync(fd, pending);
  pending = '';
};
const args = (e, jobId) => {
  const key = e.key.replace(run.jobId, jobId);
  const value = e.value == null ? null : e.value.replaceAll(run.jobId, jobId);
  switch (e.op) {
    case 'setex': return ['SETEX', key, String(e.ttl_s ?? 3600), value];
    case 'set': return ['SET', key, value];
    case 'publish': return ['PUBLISH', key, value];
    case 'del': return ['DEL', key];
    default: return ['GET', key];
  }
};
let noiseN = 0;
const noise = (t) => {
  const n = noiseN++;
  const kind = n % 5;
  const addr = `10.1.0.${n % 200}:${40000 + (n % 1000)}`;
  if (kind === 0) return formatMonitorLine(t, 0, addr, ['SET', `session:${n}`, JSON.stringify({ user: n, cart: [1, 2, 3], note: 'caf\u00e9 "quoted"' })]);
  if (kind === 1) return formatMonitorLine(t, 1, addr, ['GET', `cache:page:${n % 5000}`]);
  if (kind === 2) return formatMonitorLine(t, 0, addr, ['HSET', `user:${n % 999}`, 'last_seen', String(t)]);
  if (kind === 3) return formatMonitorLine(t, 0, 'lua', ['incr', `rate:${n % 77}`]);
  return formatMonitorLine(t, 2, addr, ['MULTI']);
};

let jobs = 0;
if (mode === 'noise') {
  const per = Math.max(1, Math.floor(bytesMax / (trace.length * 76)));
  for (const e of trace) {
    for (let k = 0; k < per; k++) emit(noise(e.t));
    emit(formatMonitorLine(e.t, 0, `127.0.0.1:${50000 + (e.conn?.length ?? 0)}`, args(e, run.jobId)));
  }
  jobs = 1;
} else {
  const concurrent = 8;
  while (written + pending.length < bytesMax) {
    const batch = Array.from({ length: concurrent }, (_, k) => ({ id: `job-${jobs + k}`, shift: (jobs + k) * 60, port: 20000 + ((jobs + k) % 400) * 100 }));
    jobs += concurrent;
    const merged = [];
    for (const b of batch) for (const e of trace) merged.push([e.t - t0 + b.shift, e, b]);
    merged.sort((x, y) => x[0] - y[0]);
    for (const [dt, e, b] of merged) {
      const t = t0 + dt;
      emit(noise(t));
      const conn = e.conn ?? e.writer;
      const addr = `127.0.0.1:${b.port + (conn === 'tracker' || conn === 'api' || conn === 'saga' ? 0 : 1 + (conn.length % 90))}`;
      emit(formatMonitorLine(t, 0, addr, args(e, b.id)));
    }
  }
}
flush();
closeSync(fd);
process.stderr.write(`${out}: ${(written / 1024 / 1024).toFixed(1)} MB, ${jobs} job(s), mode ${mode}\n`);
