/** Compressed-sparse-row helpers: millions of (doc, key) entries stored in flat typed arrays, not objects. */

/** Returns the distinct values of `ids` ascending, with how often each occurred. */
export function countSorted(ids: Int32Array): { values: Int32Array; counts: Int32Array } {
  ids.sort();
  const values = new Int32Array(ids.length);
  const counts = new Int32Array(ids.length);
  let distinct = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (distinct > 0 && values[distinct - 1] === id) counts[distinct - 1] = (counts[distinct - 1] as number) + 1;
    else {
      values[distinct] = id;
      counts[distinct] = 1;
      distinct++;
    }
  }
  return { values: values.subarray(0, distinct), counts: counts.subarray(0, distinct) };
}

/** Inverts per-doc lists (CSR by doc) into postings (CSR by key); docs come out ascending. */
export function invert(
  size: number,
  keyCount: number,
  userStart: Int32Array,
  userKeys: Int32Array,
): { start: Int32Array; docs: Int32Array; slotOf: Int32Array } {
  const start = new Int32Array(keyCount + 1);
  for (const key of userKeys) start[key + 1] = (start[key + 1] as number) + 1;
  for (let k = 0; k < keyCount; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const cursor = start.slice(0, keyCount);
  const docs = new Int32Array(userKeys.length);
  // slotOf[i] = where entry i of the per-doc list landed, so aligned per-entry data can follow it.
  const slotOf = new Int32Array(userKeys.length);
  for (let d = 0; d < size; d++) {
    for (let i = userStart[d] as number; i < (userStart[d + 1] as number); i++) {
      const key = userKeys[i] as number;
      const slot = cursor[key] as number;
      cursor[key] = slot + 1;
      docs[slot] = d;
      slotOf[i] = slot;
    }
  }
  return { start, docs, slotOf };
}

/** Growable Int32 buffer: profiles × tokens is millions of entries, too many for boxed number[]. */
export class IntBuffer {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
