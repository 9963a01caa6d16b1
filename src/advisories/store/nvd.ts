import { z } from 'zod';

/**
 * The part of an NVD CVE API 2.0 record (`vulnerabilities[].cve`, https://nvd.nist.gov/developers/vulnerabilities,
 * schema cve_api_json_2.0) the store reads to index it: the id, the modification time and every cpeMatch criteria.
 * The rest is kept as NVD sent it, for the NVD client to read.
 */
const CpeMatch = z.looseObject({ criteria: z.string().max(2000) });
const Node = z.looseObject({ cpeMatch: z.array(CpeMatch).optional() });
const Configuration = z.looseObject({ nodes: z.array(Node) });

export const NvdCve = z.looseObject({
  id: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
  lastModified: z.string(),
  vulnStatus: z.string().optional(),
  configurations: z.array(Configuration).optional(),
});
export type NvdCve = z.infer<typeof NvdCve>;

/**
 * The fields of a CPE 2.3 formatted string ("cpe:2.3:a:vendor:product:…"): split on the colons that are not quoted
 * by a backslash, each field unquoted and lower-cased (CPE names compare case-insensitively), so that
 * "cpe:2.3:a:apple:swiftnio_http\/2:…" is vendor "apple", product "swiftnio_http/2".
 */
export function cpeFields(cpe: string): string[] | undefined {
  if (!/^cpe:2\.3:/i.test(cpe)) return undefined;
  const fields: string[] = [];
  let cur = '';
  for (let i = 'cpe:2.3:'.length; i < cpe.length; i++) {
    const ch = cpe[i] as string;
    if (ch === '\\' && i + 1 < cpe.length) {
      cur += cpe[++i];
      continue;
    }
    if (ch === ':') {
      fields.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  fields.push(cur);
  return fields.map((f) => f.toLowerCase());
}

/** A vendor or product as the index keeps it: unquoted, lower case (a caller may pass either spelling). */
export function cpeKey(value: string): string {
  return value.replace(/\\(.)/g, '$1').toLowerCase();
}

/** Every (vendor, product) that a CVE's configurations name, once each. */
export function cpeProducts(cve: NvdCve): { vendor: string; product: string }[] {
  const seen = new Map<string, { vendor: string; product: string }>();
  for (const conf of cve.configurations ?? []) {
    for (const node of conf.nodes) {
      for (const m of node.cpeMatch ?? []) {
        const f = cpeFields(m.criteria);
        const vendor = f?.[1];
        const product = f?.[2];
        if (!vendor || !product || vendor === '*' || product === '*') continue;
        seen.set(`${vendor}\u0000${product}`, { vendor, product });
      }
    }
  }
  return [...seen.values()];
}
