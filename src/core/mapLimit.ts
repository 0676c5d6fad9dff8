// Asynchronous work over a list, a few items at a time: file reads and stats that Node runs on its
// four libuv threads, where starting them all at once would queue thousands of requests (and their
// buffers) for no gain. Used by the store's reads outside the workers and by Git's folder count.

/** Runs `fn` on each item, at most `limit` at a time; resolves when all have. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
