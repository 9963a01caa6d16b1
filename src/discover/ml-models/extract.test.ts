import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { memoryRepo } from '../source.js';
import { diskRepo, walk } from '../walk.js';
import { extractModels } from './extract.js';
import { modelRepo, repoSource } from './index.js';

const FIX = join(import.meta.dirname, 'fixtures');
const ROOT = join(FIX, 'repo');
/** `sha256sum` output for every fixture file (fixtures/SHA256SUMS, written by coreutils, see README). */
const SUMS = new Map(readFileSync(join(FIX, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => {
  const [hash, path] = l.split(/ {2}/) as [string, string];
  return [path, hash];
}));
const FOLDER_SUM = readFileSync(join(FIX, 'saved_model.sha256'), 'utf8').trim();
const GGUF = JSON.parse(readFileSync(join(FIX, 'gguf-parsed.json'), 'utf8')) as { metadata: Record<string, unknown> };
const ONNX = JSON.parse(readFileSync(join(FIX, 'onnx-decoded.json'), 'utf8')) as { irVersion: number; producerName: string; producerVersion: string; domain: string };
const LFS_OID = /oid sha256:([0-9a-f]{64})/.exec(readFileSync(join(ROOT, 'models/segmentation.onnx'), 'utf8'))?.[1];

const prop = (c: Component | undefined, name: string) => c?.properties?.find((p) => p.name === name)?.value;

function fromDisk() {
  return repoSource.extractRepo(diskRepo(ROOT, walk(ROOT)));
}
function fromMemory() {
  const files: Record<string, Uint8Array> = {};
  for (const f of walk(ROOT)) files[f] = readFileSync(join(ROOT, f));
  return extractModels(modelRepo(memoryRepo(files)));
}

describe('ml-model source on the fixture repository', () => {
  for (const [how, run] of [['on disk (streamed hashes)', fromDisk], ['in memory', fromMemory]] as const) {
    describe(how, () => {
      const r = run();
      const byFile = (f: string) => r.components.find((c) => c.evidence[0]?.file === f);

      it('lists every model file once, and the SavedModel folder as one model', () => {
        // 11 files under models/ plus export/saved_model (hand-counted from make_models.py and make_onnx.mjs)
        expect(r.components.map((c) => c.evidence[0]?.file).sort()).toEqual([
          'export/saved_model/saved_model.pb',
          ...['broken.gguf', 'classifier.safetensors', 'detector.tflite', 'ecg-net.pt', 'risk-score.pkl', 'scaler.joblib', 'seg.keras', 'segmentation.onnx', 'spo2.onnx', 'tiny-llm.gguf', 'unet.h5'].map((f) => `models/${f}`),
        ].sort());
        for (const c of r.components) {
          expect(Component.safeParse(c).success).toBe(true);
          expect(c).toMatchObject({ ecosystem: 'ML', kind: 'ml-model', scope: 'runtime', direct: true });
        }
      });

      it("identifies each file by the SHA-256 that sha256sum computed, in hashes and in the purl's checksum", () => {
        for (const c of r.components) {
          const file = c.evidence[0]?.file as string;
          if (file === 'models/segmentation.onnx' || file.startsWith('export/')) continue;
          const want = SUMS.get(file);
          expect(c.hashes).toEqual([{ alg: 'SHA-256', content: want }]);
          expect(PackageURL.fromString(c.purl).qualifiers?.checksum).toBe(`sha256:${want}`);
          expect(c.key).toBe(c.purl);
        }
        // packageurl-js percent-encodes the ':' of a qualifier value; the decoded purl is pkg:generic/classifier?checksum=sha256:<hex>
        expect(byFile('models/classifier.safetensors')?.purl).toBe(`pkg:generic/classifier?checksum=sha256%3A${SUMS.get('models/classifier.safetensors')}`);
      });

      it('hashes a SavedModel folder as the SHA-256 of its sha256sum listing', () => {
        const c = byFile('export/saved_model/saved_model.pb');
        expect(c).toMatchObject({ name: 'export/saved_model', origin: { type: 'vendored', ref: 'export/saved_model' } });
        expect(c?.hashes).toEqual([{ alg: 'SHA-256', content: FOLDER_SUM }]);
        expect(prop(c, 'model:files')).toBe('3');
      });

      it('reads GGUF key/values as the reference parser (@huggingface/gguf) does', () => {
        const c = byFile('models/tiny-llm.gguf');
        expect(prop(c, 'model:general.name')).toBe(GGUF.metadata['general.name']);
        expect(prop(c, 'model:general.architecture')).toBe(GGUF.metadata['general.architecture']);
        expect(c?.version).toBe(GGUF.metadata['general.version']);
      });

      it('reads the ONNX producer fields as onnx-proto decodes them', () => {
        const c = byFile('models/spo2.onnx');
        expect(prop(c, 'model:producer')).toBe(`${ONNX.producerName} ${ONNX.producerVersion}`);
        expect(prop(c, 'model:onnx-ir-version')).toBe(String(ONNX.irVersion));
        expect(prop(c, 'model:domain')).toBe(ONNX.domain);
      });

      it('reads the safetensors header: tensor count and __metadata__', () => {
        const c = byFile('models/classifier.safetensors');
        // make_models.py writes two tensors (weight, bias) and __metadata__ {format: pt, source: tureen fixture}
        expect(prop(c, 'model:tensors')).toBe('2');
        expect(prop(c, 'model:metadata:format')).toBe('pt');
        expect(prop(c, 'model:metadata:source')).toBe('tureen fixture');
      });

      it('a Git LFS pointer is identified by its oid, with an info finding', () => {
        const c = byFile('models/segmentation.onnx');
        expect(c?.hashes).toEqual([{ alg: 'SHA-256', content: LFS_OID }]);
        expect(prop(c, 'model:size')).toBe(String(1024 * 1024));
        expect(r.findings.filter((f) => f.rule === 'ml-model.lfs-pointer').map((f) => [f.severity, f.file])).toEqual([['info', 'models/segmentation.onnx']]);
      });

      it('warns about pickled models and about a file whose bytes are not its format', () => {
        const rules = r.findings.filter((f) => f.rule !== 'ml-model.lfs-pointer').map((f) => `${f.rule} ${f.file}`).sort();
        expect(rules).toEqual([
          'ml-model.format-mismatch models/broken.gguf',
          'ml-model.pickle models/ecg-net.pt',
          'ml-model.pickle models/risk-score.pkl',
          'ml-model.pickle models/scaler.joblib',
        ]);
        expect(prop(byFile('models/ecg-net.pt'), 'model:container')).toBe('zip archive, first entry ecg-net/data.pkl');
      });
    });
  }

  it('gives the same components from disk and from memory', () => {
    const key = (cs: Component[]) => cs.map((c) => c.key).sort();
    expect(key(fromDisk().components)).toEqual(key(fromMemory().components));
  });
});

describe('ml-model magic checks against files that claim the wrong format', () => {
  const run = (files: Record<string, string | Uint8Array>) => extractModels(modelRepo(memoryRepo(files)));
  it.each([
    ['a.safetensors', 'not a header'],
    ['a.tflite', 'xxxxNOPE'],
    ['a.h5', 'plain text'],
    ['a.keras', 'plain text'],
    ['a.pt', 'plain text'],
    ['a.pkl', 'plain text'],
    ['a.onnx', 'plain text'],
  ])('%s', (name, content) => {
    const r = run({ [`m/${name}`]: content });
    expect(r.findings.map((f) => f.rule)).toContain('ml-model.format-mismatch');
  });

  it('names a model by its folder when the file name is generic (model.safetensors)', () => {
    const r = run({ 'models/bert-tiny/model.safetensors': readFileSync(join(ROOT, 'models/classifier.safetensors')) });
    expect(r.components[0]?.name).toBe('bert-tiny/model');
    expect(r.components[0]?.purl).toMatch(/^pkg:generic\/bert-tiny\/model\?checksum=sha256%3A[0-9a-f]{64}$/);
  });

  it('a Core ML .mlpackage folder is one model; a .mlmodel file is one model', () => {
    const r = run({
      'ios/Detector.mlpackage/Manifest.json': '{"fileFormatVersion": "1.0.0"}',
      'ios/Detector.mlpackage/Data/com.apple.CoreML/model.mlmodel': '\u0008\u0004',
      'ios/Legacy.mlmodel': '\u0008\u0004',
    });
    expect(r.components.map((c) => [c.name, prop(c, 'model:format'), c.origin.ref]).sort()).toEqual([
      ['Detector', 'coreml-package', 'ios/Detector.mlpackage'],
      ['Legacy', 'coreml', 'ios/Legacy.mlmodel'],
    ]);
  });

  it('ignores virtual environments', () => {
    expect(run({ '.venv/lib/python3.11/site-packages/x/model.onnx': '\u0008\u0001' }).components).toEqual([]);
  });
});
