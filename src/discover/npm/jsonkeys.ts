/**
 * Where each object key of a JSON text starts, so that evidence can point at the line of a lockfile entry.
 *
 * Hand-written: JSON.parse gives no positions, and Tureen has no JSON parser with source positions
 * among its dependencies (jsonc-parser would do it; a ~60-line scanner avoids a dependency for one use).
 * The text must already have passed JSON.parse: the scanner only follows strings and nesting, and
 * is a single linear pass with an explicit stack (no recursion, so deep nesting cannot overflow).
 *
 * Keys are addressed relative to the key that owns their object: `find(-1, 'packages')` is the
 * top-level "packages" key; `find(thatOffset, 'node_modules/ws')` a key inside its object. A
 * repeated key keeps its last occurrence, as JSON.parse does. Keys nested deeper than `maxDepth`
 * objects/arrays are not recorded (a hostile file cannot make the index grow past what is used).
 */
export class JsonKeys {
  private readonly offsets = new Map<string, number>();

  constructor(text: string, maxDepth = Number.POSITIVE_INFINITY) {
    // per open container: 'o' object / 'a' array, and the offset of the key whose value it is
    // (-1: the top-level object; below -1: an object inside an array)
    const kinds: Array<'o' | 'a'> = [];
    const owners: number[] = [];
    let expectKey = false;
    let lastKeyOffset = -1;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */) {
        let j = i + 1;
        let escaped = false;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === 0x5c /* \ */) {
            escaped = true;
            j++;
          } else if (d === 0x22) break;
        }
        if (expectKey && kinds[kinds.length - 1] === 'o' && kinds.length <= maxDepth) {
          const raw = text.slice(i, j + 1);
          let key: string;
          try {
            key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
          } catch {
            key = raw.slice(1, -1);
          }
          const owner = owners[owners.length - 1] ?? -1;
          this.offsets.set(`${owner}\u0000${key}`, i);
          lastKeyOffset = i;
          expectKey = false;
        }
        i = j;
      } else if (c === 0x7b /* { */) {
        // an object inside an array has no key: give it an owner no key offset can equal
        owners.push(kinds.length === 0 ? -1 : kinds[kinds.length - 1] === 'o' ? lastKeyOffset : -2 - i);
        kinds.push('o');
        expectKey = true;
      } else if (c === 0x5b /* [ */) {
        owners.push(-1);
        kinds.push('a');
        expectKey = false;
      } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
        kinds.pop();
        owners.pop();
        expectKey = false;
      } else if (c === 0x2c /* , */) {
        expectKey = kinds[kinds.length - 1] === 'o';
      }
    }
  }

  /** Offset of the opening quote of `key` in the object owned by the key at `parent` (-1: the top-level object). */
  find(parent: number | undefined, key: string): number | undefined {
    if (parent === undefined) return undefined;
    return this.offsets.get(`${parent}\u0000${key}`);
  }
}
