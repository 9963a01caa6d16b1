import { constants, crc32, deflateRawSync } from 'node:zlib';
import { Zip, ZipPassThrough } from 'fflate';

/**
 * The .docx package (a zip) written from chunks as they come. fflate writes the zip structure; the entries are
 * deflated by Node's zlib (native, several times faster than fflate's JavaScript deflate on the tens of megabytes of
 * XML a 1,000-item register makes), through the extension point fflate documents for custom compression (a
 * ZipPassThrough subclass whose process() emits the compressed data).
 */

/** Text is gathered to this size before it is deflated: fewer zlib calls, and a better ratio than per small chunk. */
const BATCH = 1 << 20;

/**
 * One zip entry deflated with zlib. Each batch is compressed on its own and ends with a sync flush (byte-aligned, not
 * the last block); the entry ends with an empty final block — together one valid raw deflate stream (RFC 1951).
 */
class NativeDeflate extends ZipPassThrough {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private sum = 0;

  constructor(filename: string) {
    super(filename);
    this.compression = 8;
  }

  override push(chunk: Uint8Array, final = false): void {
    // size and CRC-32 of the uncompressed data, as the zip's data descriptor needs them (zlib's native crc32)
    this.size += chunk.length;
    this.sum = crc32(chunk, this.sum);
    if (final) this.crc = this.sum;
    this.process(chunk, final);
  }

  override process(chunk: Uint8Array, final: boolean): void {
    if (chunk.length) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    }
    if (this.pendingBytes >= BATCH || final) {
      const input = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
      const out = deflateRawSync(input, { level: 6, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
      this.ondata(null, out, final);
    }
  }
}

/** The package, its entries in the order given, each deflated as its chunks come, all stamped with `mtime`. */
export function zip(entries: [string, Iterable<Uint8Array>][], mtime: Date): Uint8Array {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const z = new Zip((err, chunk) => {
    if (err) failure = err;
    else out.push(chunk);
  });
  for (const [name, chunks] of entries) {
    const f = new NativeDeflate(name);
    f.mtime = mtime;
    z.add(f);
    for (const c of chunks) f.push(c, false);
    f.push(new Uint8Array(0), true);
  }
  z.end();
  if (failure) throw failure;
  return Buffer.concat(out);
}
