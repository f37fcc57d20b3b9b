import { expect, test } from 'vitest';
import { runSoak } from '../../src/bench/runSoak.js';

// Many runs in one process leave nothing behind: no open handle (timers,
// sockets) and no embedded keyspace beyond the one the runs take turns on.
// Memory is measured, not asserted (`etasim bench --soak 1000` prints it).
test('300 runs leave no open handle and reuse one embedded keyspace', async () => {
  const result = await runSoak(300, {
    heapBytes: () => process.memoryUsage().heapUsed,
    rssBytes: () => process.memoryUsage.rss(),
    handles: () => process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap'),
    collect: () => (globalThis as { gc?: () => void }).gc?.(),
  });
  expect(result.handles_after).toEqual(result.handles_before);
  expect(result.keyspaces).toBe(1);
  console.log(`soak: heap ${result.heap_mb_before} → ${result.heap_mb_after} MB, rss ${result.rss_mb_before} → ${result.rss_mb_after} MB`);
}, 180_000);
