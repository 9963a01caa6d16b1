import type { Hash, HashAlgorithm } from '../model/component.js';

const SRI_ALGS: Record<string, HashAlgorithm> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const HEX_LEN: Record<HashAlgorithm, number | undefined> = {
  MD5: 32, 'SHA-1': 40, 'SHA-256': 64, 'SHA-384': 96, 'SHA-512': 128,
  'SHA3-256': 64, 'SHA3-512': 128, 'BLAKE2b-256': 64, 'BLAKE2b-512': 128, BLAKE3: 64,
};

/** Subresource-integrity strings ("sha512-<base64> sha1-<base64>") to hex hashes; unknown parts are skipped. */
export function sriToHashes(integrity: string | undefined): Hash[] {
  if (!integrity) return [];
  const out: Hash[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const dash = part.indexOf('-');
    if (dash <= 0) continue;
    const alg = SRI_ALGS[part.slice(0, dash).toLowerCase()];
    if (!alg) continue;
    const b64 = part.slice(dash + 1).split('?')[0] ?? '';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    const hex = Buffer.from(b64, 'base64').toString('hex');
    if (hex.length !== HEX_LEN[alg]) continue;
    out.push({ alg, content: hex });
  }
  return out;
}

/** A hex digest with a known algorithm, validated by length; undefined when it does not fit. */
export function hexHash(alg: HashAlgorithm, hex: string): Hash | undefined {
  const h = hex.toLowerCase();
  if (!/^[0-9a-f]+$/.test(h) || h.length !== HEX_LEN[alg]) return undefined;
  return { alg, content: h };
}

/** Union of hash lists, one per algorithm+content. */
export function mergeHashes(a: readonly Hash[], b: readonly Hash[]): Hash[] {
  const seen = new Set(a.map((h) => `${h.alg}:${h.content}`));
  const out = [...a];
  for (const h of b) {
    const k = `${h.alg}:${h.content}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(h);
    }
  }
  return out;
}
