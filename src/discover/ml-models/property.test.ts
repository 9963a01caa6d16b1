import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryRepo } from '../source.js';
import { resultOrTureenError } from '../test-support/property.js';
import { extractModels } from './extract.js';
import { extractHubRefs } from './hub.js';
import { modelRepo } from './index.js';

const NAMES = ['m.onnx', 'm.safetensors', 'm.gguf', 'm.tflite', 'm.h5', 'm.keras', 'm.pt', 'model.pth', 'm.pkl', 'm.joblib', 'saved_model.pb', 'x.mlpackage/Manifest.json', '__proto__.onnx', 'frozen_graph.pb'];
const HEADS = [
  [0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0], // GGUF v3 then garbage
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7b], // safetensors length 2^64-1
  [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // ONNX with a huge varint
  [0x50, 0x4b, 0x03, 0x04], // truncated zip
];

describe('ml-model readers under arbitrary bytes', () => {
  it('return valid components for any bytes under any model name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...HEADS).chain((h) => fc.uint8Array({ maxLength: 200 }).map((t) => new Uint8Array([...h, ...t])))), (name, bytes) => {
        const r = resultOrTureenError(() => extractModels(modelRepo(memoryRepo({ [`d/${name}`]: bytes }))));
        if (!(r instanceof Error)) expect(r.components.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('a GGUF header that claims 2^60 key/values or a 1 GiB string stops cleanly', () => {
    const b = new Uint8Array(64);
    b.set([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0]);
    b.fill(0xff, 16, 24); // kv_count
    b.fill(0x0f, 24, 32); // first key length
    const r = resultOrTureenError(() => extractModels(modelRepo(memoryRepo({ 'a.gguf': b }))));
    expect(r instanceof Error).toBe(false);
  });
});

describe('ml-hub reader under arbitrary text', () => {
  const CALL = fc.constantFrom('AutoModel.from_pretrained(', 'hf_hub_download(', 'torch.hub.load(', 'pipeline(', 'SentenceTransformer(', 'timm.create_model(', 'snapshot_download(');
  const ARG = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('"__proto__"', "'../../etc/passwd'", '"a\\u0000b"', 'revision="main"', 'pretrained=True', '"o/r:v1"', '(((', '"""', "'", '#'));
  it('returns valid components or a TureenError for any Python-ish text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(CALL, fc.array(ARG, { maxLength: 4 })), { maxLength: 5 }), fc.boolean(), (calls, close) => {
        const src = calls.map(([c, a]) => `${c}${a.join(', ')}${close ? ')' : ''}`).join('\n');
        resultOrTureenError(() => extractHubRefs({ file: 'x.py', text: src }));
        resultOrTureenError(() => extractHubRefs({ file: 'x.ipynb', text: JSON.stringify({ cells: [{ cell_type: 'code', source: src }] }) }));
      }),
      { numRuns: 400 },
    );
  });
});
