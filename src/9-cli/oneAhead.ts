/**
 * `work` of each item, in order, the next one started before this one has
 * ended: a report drawn on this thread is drawn while the one before it is
 * written (its files are flushed to disk on libuv's threads). When one
 * fails, the one under way ends before the failure is thrown, so that it
 * leaves no temporary file.
 */
export async function oneAhead<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = items.length > 0 ? work(items[0]!) : null;
  for (let i = 0; next !== null; i++) {
    const current = next;
    next = i + 1 < items.length ? work(items[i + 1]!) : null;
    next?.catch(() => undefined);
    try {
      out.push(await current);
    } catch (error) {
      await next?.catch(() => undefined);
      throw error;
    }
  }
  return out;
}
