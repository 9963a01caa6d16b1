import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/**
 * Zips for the tests, made by fflate (an independent writer) and, for the shapes fflate does not write, rewritten
 * here field by field after PKWARE's APPNOTE.TXT (sections 4.3.12 central directory, 4.3.14–4.3.16 ZIP64 end
 * records, 4.5.3 ZIP64 extra field).
 */

/**
 * A zip whose entries carry their sizes in data descriptors after the data (general purpose flag bit 3), as Go's
 * archive/zip writes OSV's exports: fflate's streaming Zip writes the same shape.
 */
export function dataDescriptorZip(files: { name: string; data: Uint8Array; stored?: boolean }[]): Buffer {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  for (const f of files) {
    const entry = f.stored ? new ZipPassThrough(f.name) : new ZipDeflate(f.name, { level: 6 });
    zip.add(entry);
    entry.push(f.data, true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

interface Layout {
  cdOffset: number;
  cdSize: number;
  count: number;
  /** offsets of the central directory entries */
  entries: number[];
}

/** Where the central directory of a zip without an archive comment is. */
export function layout(zip: Buffer): Layout {
  const eocd = zip.length - 22;
  if (zip.readUInt32LE(eocd) !== 0x06054b50) throw new Error('test zip: no end record at the end');
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const entries: number[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    entries.push(p);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return { cdOffset, cdSize, count, entries };
}

/** The same zip with a new central directory (a list of entry records) and a plain end record. */
export function withCentral(zip: Buffer, central: Buffer[]): Buffer {
  const { cdOffset } = layout(zip);
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([zip.subarray(0, cdOffset), cd, end]);
}

/** The central directory entry records of a zip, copied. */
export function centralRecords(zip: Buffer): Buffer[] {
  const { entries } = layout(zip);
  return entries.map((p) => Buffer.from(zip.subarray(p, p + 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32))));
}

/** The name of a central directory record. */
export function recordName(rec: Buffer): string {
  return rec.toString('utf8', 46, 46 + rec.readUInt16LE(28));
}

/**
 * The same zip in ZIP64 form, as Go writes it from 65,535 entries or 4 GiB on: every entry's sizes and offset moved
 * into a ZIP64 extra field (the 32-bit fields saturated), then a ZIP64 end record, its locator and a saturated
 * plain end record.
 */
export function toZip64(zip: Buffer): Buffer {
  const { cdOffset } = layout(zip);
  const records = centralRecords(zip).map((rec) => {
    const nameLen = rec.readUInt16LE(28);
    const extraLen = rec.readUInt16LE(30);
    const extra = Buffer.alloc(4 + 24);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(rec.readUInt32LE(24)), 4); // uncompressed
    extra.writeBigUInt64LE(BigInt(rec.readUInt32LE(20)), 12); // compressed
    extra.writeBigUInt64LE(BigInt(rec.readUInt32LE(42)), 20); // local header offset
    const head = Buffer.from(rec.subarray(0, 46 + nameLen + extraLen));
    head.writeUInt32LE(0xffffffff, 20);
    head.writeUInt32LE(0xffffffff, 24);
    head.writeUInt32LE(0xffffffff, 42);
    head.writeUInt16LE(extraLen + extra.length, 30);
    return Buffer.concat([head, extra, rec.subarray(46 + nameLen + extraLen)]);
  });
  const cd = Buffer.concat(records);
  const end64At = cdOffset + cd.length;
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE(45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(BigInt(records.length), 24);
  end64.writeBigUInt64LE(BigInt(records.length), 32);
  end64.writeBigUInt64LE(BigInt(cd.length), 40);
  end64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(end64At), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([zip.subarray(0, cdOffset), cd, end64, locator, end]);
}
