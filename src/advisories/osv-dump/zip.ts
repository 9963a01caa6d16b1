import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { TureenError } from '../../model/errors.js';
import type { DumpEntry } from '../store/entry.js';
import { documentEntries } from './document.js';

/**
 * Reading OSV's bulk exports (`<ecosystem>/all.zip`, one JSON file per advisory) without loading them whole.
 *
 * Why the central directory and not fflate's streaming Unzip: OSV's exporter writes its zips with Go's archive/zip,
 * which puts the sizes in data descriptors after each entry, so a front-to-back reader has to find where an entry
 * ends by looking for the next "PK" signature inside compressed data. In a few hundred MB of deflate output such a
 * 4-byte pattern turns up by chance (about once per 1.4 GB per signature), and a false one cuts an entry and
 * swallows the ones after it (the tests show fflate's Unzip losing entries that way). The central directory at the
 * end of the file gives every entry's exact offset and sizes instead. The entries are then read in file order
 * through a 1 MiB window and inflated one by one with node:zlib (native, several times faster than a JavaScript
 * inflate on OSV's many small entries), whose maxOutputLength stops a bomb as soon as it passes the entry cap.
 * Memory stays at about one entry. */

export interface ZipLimits {
  /** Entries in the archive (all of OSV's exports together hold under a million). */
  maxEntries: number;
  /** Bytes of one JSON entry once inflated (the largest OSV records, kernel and distribution ones, are a few MB). */
  maxEntryBytes: number;
  /** Bytes of all JSON entries once inflated. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2_000_000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 ** 3,
};

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
/** Largest central directory read (about 40 bytes + the name per entry; OSV's largest export has ~60 MB). */
const MAX_CENTRAL_BYTES = 512 * 1024 * 1024;
const WINDOW = 1024 * 1024;

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

function damaged(file: string, message: string): TureenError {
  return new TureenError({
    code: 'input.malformed',
    file,
    message: `not a readable ZIP archive: ${message}`,
    fix: 'Download the export again (an interrupted download leaves a truncated file), or unzip it and import the folder.',
  });
}

/** The file ended before a structure the archive describes (truncated while being read, or lying sizes). */
class ShortRead extends Error {}

/** Reads a file through a 1 MiB window: the entries are read in order, most reads hit the window. */
class Window {
  private buf: Buffer = Buffer.alloc(0);
  private start = 0;
  constructor(private readonly fh: FileHandle, readonly size: number) {}

  async read(pos: number, len: number): Promise<Buffer> {
    if (pos < 0 || len < 0 || pos + len > this.size) throw new ShortRead(`a read past the end of the file (${pos}+${len} > ${this.size})`);
    if (pos >= this.start && pos + len <= this.start + this.buf.length) return this.buf.subarray(pos - this.start, pos - this.start + len);
    const n = Math.min(Math.max(len, WINDOW), this.size - pos);
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const { bytesRead } = await this.fh.read(buf, got, n - got, pos + got);
      if (bytesRead === 0) throw new ShortRead('the file is shorter than it was');
      got += bytesRead;
    }
    this.buf = buf;
    this.start = pos;
    return buf.subarray(0, len);
  }
}

/** A little-endian 64-bit field, refused above 2^53 (no real file is that large). */
function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(v);
}

async function centralDirectory(file: string, win: Window, limits: ZipLimits): Promise<{ entries: CentralEntry[]; cdOffset: number }> {
  const size = win.size;
  if (size < 22) throw damaged(file, 'too short');
  const tailLen = Math.min(size, 22 + 0xffff + 20);
  const tail = Buffer.from(await win.read(size - tailLen, tailLen));
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_END && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged(file, 'no end-of-central-directory record (truncated, or not a zip)');
  const eocdAt = size - tailLen + eocd;
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) throw damaged(file, 'a multi-part (spanned) archive');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  let cdEnd = eocdAt;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64 (Go writes it from 65,535 entries on: OSV's npm export has more)
    if (eocdAt < 20) throw damaged(file, 'a ZIP64 field without its locator');
    const loc = await win.read(eocdAt - 20, 20);
    if (loc.readUInt32LE(0) === SIG_LOCATOR64) {
      const recAt = u64(loc, 8);
      if (!(recAt >= 0 && recAt + 56 <= eocdAt - 20)) throw damaged(file, 'the ZIP64 locator points outside the file');
      const rec = await win.read(recAt, 56);
      if (rec.readUInt32LE(0) !== SIG_END64) throw damaged(file, 'no ZIP64 end-of-central-directory record where the locator points');
      count = u64(rec, 32);
      cdSize = u64(rec, 40);
      cdOffset = u64(rec, 48);
      cdEnd = recAt;
    }
  }
  if (!Number.isFinite(count) || count > limits.maxEntries) {
    throw new TureenError({ code: 'input.too-large', file, message: `the archive lists ${count} entries, more than the ${limits.maxEntries} Tureen reads (a zip bomb?)`, fix: 'Check where the file came from; OSV exports are imported whole only when they fit.' });
  }
  if (!(cdOffset >= 0 && cdSize >= 0 && cdOffset + cdSize <= cdEnd)) throw damaged(file, 'the central directory lies outside the file');
  if (cdSize > MAX_CENTRAL_BYTES) throw new TureenError({ code: 'input.too-large', file, message: `the archive's central directory is ${cdSize} bytes, more than Tureen reads`, fix: 'Check where the file came from.' });
  const cd = Buffer.from(await win.read(cdOffset, cdSize));
  const entries: CentralEntry[] = [];
  let p = 0;
  // read to the end of the directory rather than `count` entries: writers without ZIP64 (fflate among them) wrap the
  // 16-bit count past 65,535 entries, and a reader that trusts it silently drops the rest
  while (p < cd.length) {
    const i = entries.length;
    if (i >= limits.maxEntries) {
      throw new TureenError({ code: 'input.too-large', file, message: `the archive holds more than the ${limits.maxEntries} entries Tureen reads (a zip bomb?)`, fix: 'Check where the file came from; OSV exports are imported whole only when they fit.' });
    }
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw damaged(file, `central directory entry ${i + 1} is missing`);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cd.length) throw damaged(file, `central directory entry ${i + 1} runs past the directory`);
    const e: CentralEntry = {
      // the UTF-8 flag (bit 11) is what Go and OSV write; an old CP437 name only affects the label in messages
      name: cd.toString('utf8', p + 46, p + 46 + nameLen),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      csize: cd.readUInt32LE(p + 20),
      usize: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
    };
    // ZIP64 extended information (header 0x0001): the saturated fields, in this order
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        const fEnd = Math.min(f + len, xEnd);
        const take = () => {
          if (f + 8 > fEnd) return Number.NaN;
          const v = u64(cd, f);
          f += 8;
          return v;
        };
        if (e.usize === 0xffffffff) e.usize = take();
        if (e.csize === 0xffffffff) e.csize = take();
        if (e.offset === 0xffffffff) e.offset = take();
      }
      x += 4 + len;
    }
    entries.push(e);
    p = next;
  }
  if (entries.length !== count && (entries.length - count) % 0x10000 !== 0) throw damaged(file, `the directory says ${count} entries and holds ${entries.length}`);
  return { entries, cdOffset };
}

function isJsonName(name: string): boolean {
  return !name.endsWith('/') && name.toLowerCase().endsWith('.json');
}

/**
 * Every OSV document in a zip: each `.json` entry parsed (a JSON array gives one document per element), in file
 * order. Entry names are labels, never paths: nothing is written to disk. An entry that cannot be read (not JSON,
 * not UTF-8, too large, damaged, encrypted, overlapping another) is yielded as a problem; an archive that is not a
 * zip, lists too many entries or inflates beyond maxTotalBytes throws a TureenError.
 */
export async function* readOsvZip(file: string, limits: Partial<ZipLimits> = {}): AsyncGenerator<DumpEntry> {
  const lim: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const label = basename(file);
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw new TureenError({ code: 'input.unreadable', file, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check the path.', cause: e });
  }
  try {
    const win = new Window(fh, (await fh.stat()).size);
    const { entries, cdOffset } = await centralDirectory(file, win, lim);
    const json = entries.filter((e) => isJsonName(e.name)).sort((a, b) => a.offset - b.offset);
    let total = 0;
    let claimedTo = 0;
    for (const e of json) {
      const where = `${label}!${e.name}`;
      const problem = (message: string) => documentEntries(where, undefined, message);
      if (e.flags & 1) {
        yield* problem('the entry is encrypted');
        continue;
      }
      if (e.method !== 0 && e.method !== 8) {
        yield* problem(`compression method ${e.method} is not supported (only stored and deflate)`);
        continue;
      }
      if (!Number.isFinite(e.usize) || !Number.isFinite(e.csize) || !Number.isFinite(e.offset)) {
        yield* problem('the entry has damaged ZIP64 sizes');
        continue;
      }
      if (e.usize > lim.maxEntryBytes) {
        yield* problem(`the entry is ${e.usize} bytes, more than the ${lim.maxEntryBytes} Tureen reads`);
        continue;
      }
      if (e.offset < claimedTo) {
        // entries sharing compressed data are the shape of an overlapping zip bomb; no zip tool writes them
        yield* problem('the entry overlaps another entry');
        continue;
      }
      if (e.offset + 30 > cdOffset) {
        yield* problem('the entry lies outside the archive');
        continue;
      }
      const local = await win.read(e.offset, 30);
      if (local.readUInt32LE(0) !== SIG_LOCAL) {
        yield* problem('no local header where the directory says the entry starts');
        continue;
      }
      const dataAt = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (dataAt + e.csize > cdOffset) {
        yield* problem('the entry runs into the central directory');
        continue;
      }
      claimedTo = dataAt + e.csize;
      const body = await inflateEntry(win, e, dataAt, lim.maxEntryBytes);
      if (typeof body === 'string') {
        yield* problem(body);
        continue;
      }
      total += body.length;
      if (total > lim.maxTotalBytes) {
        throw new TureenError({ code: 'input.too-large', file, message: `the archive inflates to more than ${lim.maxTotalBytes} bytes; reading stopped at ${e.name}`, fix: 'Check where the file came from (a zip bomb?).' });
      }
      yield* documentEntries(where, body);
    }
  } catch (e) {
    if (e instanceof ShortRead) throw damaged(file, e.message);
    throw e;
  } finally {
    await fh.close();
  }
}

/** The inflated bytes of one entry, checked against its size and CRC-32; or why they could not be had. */
async function inflateEntry(win: Window, e: CentralEntry, dataAt: number, max: number): Promise<Buffer | string> {
  // deflate never makes a JSON text much larger: compressed data beyond the cap (plus stored-block overhead) is not an advisory
  if (e.csize > max + 64 * 1024) return `the entry's compressed data is ${e.csize} bytes, more than an entry of at most ${max} bytes needs`;
  const data = await win.read(dataAt, e.csize);
  let body: Buffer;
  if (e.method === 0) body = Buffer.from(data);
  else {
    try {
      // zlib stops as soon as the output passes maxOutputLength: a bomb costs at most `max` bytes and little time
      body = inflateRawSync(data, { maxOutputLength: max });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return `the entry inflates to more than ${max} bytes (a zip bomb?)`;
      return `the compressed data is damaged (${(err as Error).message})`;
    }
  }
  if (body.length !== e.usize) return `the entry inflates to ${body.length} bytes, the directory says ${e.usize} (damaged)`;
  if (crc32(body) >>> 0 !== e.crc >>> 0) return 'the entry fails its CRC-32 check (damaged)';
  return body;
}
