/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the input order in the
 * result. Written here rather than adding p-limit: it is a dozen lines and the bundle stays small.
 * `fn` must not throw for one item to leave the others running; callers catch per item.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}
