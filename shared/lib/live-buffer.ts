/**
 * The newest `limit` items of a live stream, oldest first, as an immutable value for the query cache. Items sit
 * in chunks of at most CHUNK, so appending one copies the last chunk and the short list of chunks, never the whole
 * buffer: a stream of a thousand items a second can be written one event at a time. `total` counts every item ever
 * appended, so an item's position (total before it) survives trimming.
 */
export interface LiveBuffer<T> {
  /** Oldest first. Every chunk but the first (trimmed) and the last (filling) holds exactly CHUNK items. */
  readonly chunks: readonly (readonly T[])[];
  readonly size: number;
  readonly total: number;
}

const CHUNK = 1024;

export const EMPTY_BUFFER: LiveBuffer<never> = { chunks: [], size: 0, total: 0 };

/** The item at `index` (0 is the oldest held). */
export function bufferAt<T>(buffer: LiveBuffer<T>, index: number): T | undefined {
  const first = buffer.chunks[0];
  if (!first || index < 0 || index >= buffer.size) return undefined;
  if (index < first.length) return first[index];
  const rest = index - first.length;
  return buffer.chunks[1 + Math.floor(rest / CHUNK)]?.[rest % CHUNK];
}

/** The items from `from` (an index) on, oldest first, as a plain array. */
export function bufferSlice<T>(buffer: LiveBuffer<T>, from = 0): T[] {
  const out: T[] = [];
  let index = 0;
  for (const chunk of buffer.chunks) {
    if (index + chunk.length > from) for (let i = Math.max(0, from - index); i < chunk.length; i += 1) out.push(chunk[i]!);
    index += chunk.length;
  }
  return out;
}

function chunked<T>(items: readonly T[], total: number): LiveBuffer<T> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
  return { chunks, size: items.length, total };
}

/**
 * Appends `items` and keeps the newest `limit`. With `compare`, the buffer stays in that order: items arriving
 * out of order (rare: streams arrive almost always in order) are sorted into place at the cost of one full copy.
 */
export function appendToBuffer<T>(buffer: LiveBuffer<T>, items: readonly T[], limit: number, compare?: (a: T, b: T) => number): LiveBuffer<T> {
  if (items.length === 0) return buffer;
  const total = buffer.total + items.length;
  if (compare) {
    let previous = bufferAt(buffer, buffer.size - 1);
    for (const item of items) {
      if (previous !== undefined && compare(previous, item) > 0) {
        const all = bufferSlice(buffer).concat(items).sort(compare);
        return chunked(all.slice(Math.max(0, all.length - limit)), total);
      }
      previous = item;
    }
  }
  const chunks = buffer.chunks.slice();
  let last = chunks.length > 0 ? chunks[chunks.length - 1]!.slice() : [];
  if (chunks.length > 0) chunks.pop();
  for (const item of items) {
    if (last.length === CHUNK) {
      chunks.push(last);
      last = [];
    }
    last.push(item);
  }
  chunks.push(last);
  let size = buffer.size + items.length;
  // Trim whole chunks from the front, then part of the first.
  while (size > limit && chunks[0]!.length <= size - limit) size -= chunks.shift()!.length;
  if (size > limit) {
    chunks[0] = chunks[0]!.slice(size - limit);
    size = limit;
  }
  return { chunks, size, total };
}
