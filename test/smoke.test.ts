import { test } from 'vitest';
import { runScenario } from '../src/sim/runScenario.js';
import { defaultScenario } from '../src/scenario/defaults.js';
test('smoke', async () => {
  for (const profile of ['intended', 'pre-fix'] as const) {
    const t0 = performance.now();
    const r = await runScenario(defaultScenario({ profile }));
    const ms = performance.now() - t0;
    console.log(profile, r.outcome, r.trace.length, r.received.length, r.endMs, ms.toFixed(1) + 'ms');
    const pub = r.trace.filter(e => e.op === 'publish' && e.key.startsWith('progress:')).map(e => { const m = JSON.parse(e.value!); return `${((e.t*1000-1733066000000)/1000).toFixed(1)} ${e.writer} p=${m.progress} eta=${m.time_remaining_seconds} ${m.stage}`; });
    console.log(pub.filter((_, i) => i % 40 === 0 || /direct|fallback/.test(_)).slice(0, 60).join('\n'));
  }
}, 60000);
