import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../scan.js';
import { repoSource as vendored } from '../vendored/index.js';
import { source as hub } from './hub.js';
import { repoSource as models } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'tureen-ml-'));
const put = (rel: string, data: string | Uint8Array) => {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), data);
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan with the vendored, ml-model and ml-hub sources on a small device repository', () => {
  put('firmware/third_party/zlib/zlib.h', readFileSync(join(import.meta.dirname, '..', 'vendored', 'fixtures', 'lines', 'zlib.h.txt')));
  put('ai/models/spo2.onnx', readFileSync(join(FIX, 'repo', 'models', 'spo2.onnx')));
  put('ai/infer.py', readFileSync(join(FIX, 'hub', 'revisions.py')));
  put('ai/build/cache/model.onnx', '\u0008\u0001'); // build output: the walk skips build/

  it('lists the vendored library, the model file and the hub models, each SOUP with its kind', async () => {
    const inv = await scan(dir, { sources: [hub], repoSources: [vendored, models] });
    const rows = inv.components.map((c) => `${c.classification.soup} ${c.classification.kind} ${c.classification.rule} ${c.name}@${c.version}`).sort();
    // the classifier's rule for a kind the source recognised is <source>.<kind>
    // 1 zlib + 1 ONNX file + 4 hub items (the two unpinned bert-base-uncased references share one purl and merge)
    expect(rows).toEqual([
      'true ml-model ml-hub.ml-model bert-base-uncased@',
      'true ml-model ml-hub.ml-model bert-base-uncased@5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d',
      'true ml-model ml-hub.ml-model google/flan-t5-base@v1.0',
      'true ml-model ml-hub.ml-model private/model@',
      'true ml-model ml-model.ml-model spo2@',
      'true vendored-code vendored.vendored-code zlib@1.2.5.2-motley',
    ]);
    const bert = inv.components.find((c) => c.name === 'bert-base-uncased' && !c.version);
    expect(bert?.evidence.map((e) => e.line)).toEqual([5, 8]);
    expect(inv.findings.filter((f) => f.rule === 'ml-model.unpinned')).toHaveLength(4);
  });
});
