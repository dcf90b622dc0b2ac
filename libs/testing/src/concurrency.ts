/**
 * Calls `fn` for every item, at most `limit` at a time, and returns the results in the items' order. For test setup
 * and for requests that do not depend on each other: fewer round trips waited for one by one, and a bounded load on
 * the app under test (unlike Promise.all over hundreds).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After a failure no new call starts (the test is ending; its app is about to close).
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
