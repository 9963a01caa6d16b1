/**
 * Model file formats: what a file's name says it is, and whether its first bytes agree. Pure functions over bytes.
 * Magic numbers from each format's specification (see fixtures/README.md for the references).
 */

export type ModelFormat =
  | 'onnx' | 'pytorch' | 'safetensors' | 'tflite' | 'keras-h5' | 'keras' | 'tf-savedmodel' | 'tf-graphdef'
  | 'gguf' | 'coreml' | 'coreml-package' | 'pickle' | 'joblib';

/** Formats whose loading unpickles, i.e. can run arbitrary code from the file. */
export const PICKLE_FORMATS: ReadonlySet<ModelFormat> = new Set(['pytorch', 'pickle', 'joblib']);

const BY_EXT: Record<string, ModelFormat> = {
  '.onnx': 'onnx', '.pt': 'pytorch', '.pth': 'pytorch', '.safetensors': 'safetensors', '.tflite': 'tflite',
  '.h5': 'keras-h5', '.keras': 'keras', '.gguf': 'gguf', '.mlmodel': 'coreml', '.pkl': 'pickle', '.pickle': 'pickle',
  '.joblib': 'joblib',
};

/** The format a file name claims, or undefined when it is not a model file name. */
export function formatOfName(path: string): ModelFormat | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'saved_model.pb') return 'tf-savedmodel';
  if (/^pytorch_model(?:-\d+-of-\d+)?\.bin$/.test(base)) return 'pytorch';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const ext = base.slice(dot).toLowerCase();
  if (ext === '.pb') return /(?:frozen|graph|model)/i.test(base) ? 'tf-graphdef' : undefined;
  return BY_EXT[ext];
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
const u32 = (b: Uint8Array, o: number) => (o + 4 <= b.length ? ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16)) + (b[o + 3] as number) * 0x1000000 : undefined);
/** A little-endian u64 as a number, or undefined when it does not fit in 2^53 (never a real length here). */
const u64 = (b: Uint8Array, o: number) => {
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
  if (lo === undefined || hi === undefined || hi >= 0x200000) return undefined;
  return hi * 0x100000000 + lo;
};

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (b: Uint8Array, magic: readonly number[], at = 0) => magic.every((m, i) => b[at + i] === m);
const isZip = (b: Uint8Array) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]);

/** Name of the first entry of a zip file (its first local file header), if the head holds it. */
export function zipFirstEntry(b: Uint8Array): string | undefined {
  if (!isZip(b) || b.length < 30) return undefined;
  const n = (b[26] as number) | ((b[27] as number) << 8);
  if (30 + n > b.length) return undefined;
  return new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(30, 30 + n));
}

export interface MagicCheck {
  ok: boolean;
  /** What the bytes look like, in words, for the finding. */
  seen: string;
  /** A stronger format detected from the bytes (e.g. a legacy pickled torch file). */
  detail?: string;
}

/** Do the first bytes agree with the format the name claims? `size` is the whole file's size. */
export function checkMagic(format: ModelFormat, b: Uint8Array, size: number): MagicCheck {
  const seen = describeBytes(b);
  switch (format) {
    case 'safetensors': {
      const n = u64(b, 0);
      const ok = n !== undefined && n >= 2 && n <= size - 8 && b[8] === 0x7b; // '{'
      return { ok, seen };
    }
    case 'gguf':
      return { ok: ascii(b, 0, 4) === 'GGUF', seen };
    case 'tflite':
      return { ok: ascii(b, 4, 8) === 'TFL3', seen };
    case 'keras-h5':
      // the HDF5 superblock sits at 0 or at a power of two from 512 (after a user block)
      return { ok: [0, 512, 1024, 2048, 4096].some((at) => startsWith(b, HDF5_MAGIC, at)), seen };
    case 'keras':
      return { ok: isZip(b), seen };
    case 'pytorch': {
      const first = zipFirstEntry(b);
      if (first !== undefined) return { ok: /(?:^|\/)data\.pkl$/.test(first) || first.includes('/'), seen, detail: `zip archive, first entry ${first}` };
      if (b[0] === 0x80 && (b[1] ?? 0) >= 2 && (b[1] ?? 0) <= 5) return { ok: true, seen, detail: 'legacy torch.save pickle' };
      return { ok: false, seen };
    }
    case 'pickle':
      return { ok: (b[0] === 0x80 && (b[1] ?? 0) <= 5) || [0x28, 0x5d, 0x7d, 0x63, 0x58, 0x56].includes(b[0] ?? -1), seen };
    case 'joblib':
      // joblib writes a plain pickle, or a compressed one (zlib 0x78, "ZF" for its own zlib framing, gzip, xz, lz4, bz2)
      return { ok: b[0] === 0x80 || b[0] === 0x78 || ascii(b, 0, 2) === 'ZF' || startsWith(b, [0x1f, 0x8b]) || startsWith(b, [0xfd, 0x37, 0x7a, 0x58]) || startsWith(b, [0x04, 0x22, 0x4d, 0x18]) || ascii(b, 0, 3) === 'BZh', seen };
    case 'onnx':
      // ModelProto starts with field 1 (ir_version, varint): tag byte 0x08. Protobuf has no magic: a weak check.
      return { ok: b[0] === 0x08, seen };
    case 'tf-savedmodel':
    case 'tf-graphdef':
    case 'coreml':
    case 'coreml-package':
      return { ok: true, seen };
  }
}

function describeBytes(b: Uint8Array): string {
  if (b.length === 0) return 'an empty file';
  const hex = [...b.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
  return `first bytes ${hex}`;
}

/** A Git LFS pointer file (the model is not checked out): its sha256 oid and size. */
export function lfsPointer(text: string): { oid: string; size?: number } | undefined {
  if (!text.startsWith('version https://git-lfs.github.com/spec/v1')) return undefined;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  if (!oid) return undefined;
  const size = /^size (\d{1,16})$/m.exec(text)?.[1];
  return { oid, ...(size ? { size: Number(size) } : {}) };
}

// ------------------------------------------------------------------------------------------- metadata readers

/** The safetensors header length (bytes after the 8-byte length field), when plausible. */
export function safetensorsHeaderLength(b: Uint8Array, size: number): number | undefined {
  const n = u64(b, 0);
  return n !== undefined && n >= 2 && n <= size - 8 ? n : undefined;
}

export interface GgufInfo {
  version: number;
  tensors?: number;
  /** The string key/values found before the head ran out (general.name, general.architecture …). */
  strings: Map<string, string>;
}

/** GGUF header: magic, version, counts, then key/value pairs; only string values are kept. */
export function readGguf(b: Uint8Array): GgufInfo | undefined {
  if (ascii(b, 0, 4) !== 'GGUF') return undefined;
  const version = u32(b, 4);
  if (version === undefined || version < 1 || version > 3) return undefined;
  const wide = version >= 2; // v1 used u32 counts and lengths
  let o = 8;
  const count = () => {
    const v = wide ? u64(b, o) : u32(b, o);
    o += wide ? 8 : 4;
    return v;
  };
  const tensors = count();
  const kvs = count();
  const strings = new Map<string, string>();
  const dec = new TextDecoder('utf-8', { fatal: false });
  const str = (): string | undefined => {
    const n = count();
    if (n === undefined || o + n > b.length || n > 1 << 20) return undefined;
    const s = dec.decode(b.subarray(o, o + n));
    o += n;
    return s;
  };
  const SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
  const skip = (type: number, depth: number): boolean => {
    if (type === 8) return str() !== undefined;
    if (type === 9) {
      if (depth > 2) return false;
      const t = u32(b, o);
      o += 4;
      const n = count();
      if (t === undefined || n === undefined) return false;
      if (t !== 8 && t !== 9 && SIZES[t] !== undefined) {
        o += n * (SIZES[t] as number);
        return o <= b.length;
      }
      for (let i = 0; i < n; i++) if (!skip(t, depth + 1)) return false;
      return true;
    }
    const s = SIZES[type];
    if (s === undefined) return false;
    o += s;
    return o <= b.length;
  };
  for (let i = 0; kvs !== undefined && i < kvs && i < 100_000; i++) {
    const key = str();
    if (key === undefined || o + 4 > b.length) break;
    const type = u32(b, o) as number;
    o += 4;
    if (type === 8) {
      const v = str();
      if (v === undefined) break;
      if (strings.size < 64) strings.set(key, v);
    } else if (!skip(type, 0)) break;
  }
  return { version, ...(tensors !== undefined ? { tensors } : {}), strings };
}

export interface OnnxInfo {
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
}

/** The scalar fields ModelProto writes before the graph (field order 1–6), read from the head. */
export function readOnnx(b: Uint8Array): OnnxInfo | undefined {
  const info: OnnxInfo = {};
  const dec = new TextDecoder('utf-8', { fatal: false });
  let o = 0;
  const varint = (): number | undefined => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10 && o < b.length; i++) {
      const byte = b[o++] as number;
      v += (byte & 0x7f) * mul;
      if (byte < 0x80) return v;
      mul *= 128;
    }
    return undefined;
  };
  for (let fields = 0; o < b.length && fields < 16; fields++) {
    const tag = varint();
    if (tag === undefined) return undefined;
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire === 0) {
      const v = varint();
      if (v === undefined) break;
      if (field === 1) info.irVersion = v;
      else if (field === 5) info.modelVersion = v;
    } else if (wire === 2) {
      const n = varint();
      if (n === undefined || o + n > b.length) break;
      if (field === 7) break; // the graph: the rest is weights
      const s = dec.decode(b.subarray(o, o + Math.min(n, 256)));
      if (field === 2) info.producerName = s;
      else if (field === 3) info.producerVersion = s;
      else if (field === 4) info.domain = s;
      o += n;
    } else return Object.keys(info).length ? info : undefined;
  }
  return Object.keys(info).length ? info : undefined;
}
