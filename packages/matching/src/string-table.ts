/**
 * Interned strings in flat typed arrays: UTF-8 bytes, offsets and an open-addressing hash from string to id.
 * Unlike a Map or a string[], an index made of these moves from a worker thread to the main thread by transferring
 * its buffers: no copy, and nothing to rebuild on the receiving thread (rebuilding 100 000-entry Maps took ~200 ms).
 */
export interface StringTable {
  readonly size: number;
  /** The UTF-8 of every string, concatenated in id order. */
  readonly bytes: Uint8Array;
  /** String `id` is `bytes[offsets[id], offsets[id + 1])`. */
  readonly offsets: Int32Array;
  /** Hash slots holding id + 1 (0 = empty), linear probing; length is a power of two ≥ 2 · size. */
  readonly slots: Int32Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Reused by `lookupString`: queries look up hundreds of tokens, so no allocation per lookup. */
let scratch = new Uint8Array(256);

/** FNV-1a over bytes (32-bit). */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash >>> 0;
}

function sameBytes(table: StringTable, id: number, key: Uint8Array, length: number): boolean {
  const from = table.offsets[id] as number;
  if ((table.offsets[id + 1] as number) - from !== length) return false;
  for (let i = 0; i < length; i++) if (table.bytes[from + i] !== key[i]) return false;
  return true;
}

/**
 * Ids are positions in `strings`. Strings are expected distinct; two that encode to the same bytes (only possible
 * with lone surrogates) keep the first one's id for lookups.
 */
export function createStringTable(strings: readonly string[]): StringTable {
  const encoded = strings.map((s) => encoder.encode(s));
  const offsets = new Int32Array(strings.length + 1);
  for (let id = 0; id < encoded.length; id++) {
    offsets[id + 1] = (offsets[id] as number) + (encoded[id] as Uint8Array).length;
  }
  const bytes = new Uint8Array(offsets[strings.length] as number);
  encoded.forEach((e, id) => {
    bytes.set(e, offsets[id] as number);
  });
  let capacity = 2;
  while (capacity < strings.length * 2) capacity *= 2;
  const slots = new Int32Array(capacity);
  const table: StringTable = { size: strings.length, bytes, offsets, slots };
  const mask = capacity - 1;
  for (let id = 0; id < strings.length; id++) {
    const from = offsets[id] as number;
    const to = offsets[id + 1] as number;
    let slot = hashBytes(bytes, from, to) & mask;
    let duplicate = false;
    for (let entry = slots[slot] as number; entry !== 0; entry = slots[slot] as number) {
      if (sameBytes(table, entry - 1, bytes.subarray(from, to), to - from)) {
        duplicate = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (!duplicate) slots[slot] = id + 1;
  }
  return table;
}

/** The id of `key`, -1 when absent. */
export function lookupString(table: StringTable, key: string): number {
  if (table.size === 0) return -1;
  if (scratch.length < key.length * 3) scratch = new Uint8Array(key.length * 3);
  const { written } = encoder.encodeInto(key, scratch);
  const mask = table.slots.length - 1;
  let slot = hashBytes(scratch, 0, written) & mask;
  for (let entry = table.slots[slot] as number; entry !== 0; entry = table.slots[slot] as number) {
    if (sameBytes(table, entry - 1, scratch, written)) return entry - 1;
    slot = (slot + 1) & mask;
  }
  return -1;
}

/** The string with id `id` (decoded on each call: callers read a handful per match). */
export function stringAt(table: StringTable, id: number): string {
  if (!(id >= 0 && id < table.size)) throw new RangeError(`No string ${id} in a table of ${table.size}`);
  return decoder.decode(table.bytes.subarray(table.offsets[id] as number, table.offsets[id + 1] as number));
}
