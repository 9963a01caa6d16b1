import { z } from 'zod';

/**
 * The OSV API's answers (https://google.github.io/osv.dev/api/), as far as Tureen reads them. A full vulnerability
 * record (GET /v1/vulns/{id}) is parsed with `parseOsv` of `../osv/schema.ts`; this file holds the batch query.
 */

/** An OSV id as it may appear in a URL path: GHSA-…, PYSEC-2021-1, RUSTSEC-…, GO-2022-…, ALSA-2023:1234, CVE-… */
export const OsvId = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:+-]*$/, 'not an OSV id');

/**
 * The purl-less query OSV expects for one package at one version: `{ package: { name, ecosystem }, version }`
 * (POST /v1/query and each entry of /v1/querybatch's `queries`). `page_token` asks for the next page of a query
 * whose previous answer carried `next_page_token`.
 */
export interface OsvVersionQuery {
  package: { name: string; ecosystem: string };
  version: string;
  page_token?: string;
}

/** One result of /v1/querybatch: ids and modification times only; `{}` when nothing matched. */
export const BatchResult = z.object({
  vulns: z.array(z.object({ id: OsvId, modified: z.string().optional() })).max(100_000).optional(),
  next_page_token: z.string().min(1).max(4096).optional(),
});

/** POST /v1/querybatch answer: one result per query, in the order of the queries. */
export const QueryBatchResponse = z.object({ results: z.array(BatchResult) });
export type QueryBatchResponse = z.infer<typeof QueryBatchResponse>;
