import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Component } from '../../model/component.js';
import { TureenError } from '../../model/errors.js';
import { memoryRepo } from '../source.js';
import { extractHubRefs, source } from './hub.js';

const HUB = join(import.meta.dirname, 'fixtures', 'hub');
const text = (f: string) => readFileSync(join(HUB, f), 'utf8');
/** 1-based line of the first line containing `needle`, counted independently of the parser. */
const lineOf = (t: string, needle: string, nth = 0) => {
  const lines = t.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if ((lines[i] as string).includes(needle) && seen++ === nth) return i + 1;
  return -1;
};
const run = (f: string) => extractHubRefs({ file: f, text: text(f) });

describe('ml-hub: Hugging Face references in Python', () => {
  const t = text('revisions.py');
  const r = run('revisions.py');

  it('finds the five hub models and skips the dataset and the local path', () => {
    // hand-read: lines 5, 8, 9, 12, 16 load from the hub; 13 is load_dataset, 19 is "./local_model"
    expect(r.components.map((c) => [c.name, c.version, c.evidence[0]?.line])).toEqual([
      ['bert-base-uncased', '', lineOf(t, 'unsafe_model')],
      ['bert-base-uncased', '', lineOf(t, 'partial_model')],
      ['google/flan-t5-base', 'v1.0', lineOf(t, 'partial_tokenizer')],
      ['bert-base-uncased', '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d', lineOf(t, 'revision="5d0f')],
      ['private/model', '', lineOf(t, 'auth_model')],
    ]);
    for (const c of r.components) expect(Component.safeParse(c).success).toBe(true);
  });

  it('uses the huggingface purl type; a commit or tag revision is the version, a branch is not', () => {
    expect(r.components.map((c) => c.purl)).toEqual([
      'pkg:huggingface/bert-base-uncased',
      'pkg:huggingface/bert-base-uncased',
      'pkg:huggingface/google/flan-t5-base@v1.0',
      'pkg:huggingface/bert-base-uncased@5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d',
      'pkg:huggingface/private/model',
    ]);
    expect(r.components[0]).toMatchObject({ ecosystem: 'HuggingFace', kind: 'ml-model', origin: { type: 'registry', url: 'https://huggingface.co/bert-base-uncased' } });
    expect(r.components[1]?.properties).toContainEqual({ name: 'hf:revision', value: 'main' });
  });

  it('warns for each reference that is not pinned to a commit (none, "main", "v1.0")', () => {
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([
      ['ml-model.unpinned', lineOf(t, 'unsafe_model')],
      ['ml-model.unpinned', lineOf(t, 'partial_model')],
      ['ml-model.unpinned', lineOf(t, 'partial_tokenizer')],
      ['ml-model.unpinned', lineOf(t, 'auth_model')],
    ]);
    expect(r.findings[1]?.message).toContain('"main"');
    expect(r.findings[0]?.fix).toContain('revision="<commit sha>"');
  });

  it('hf_hub_download: repo_id and filename', () => {
    const e = run('export_coreml.py');
    expect(e.components).toHaveLength(1);
    expect(e.components[0]).toMatchObject({ name: 'hantian/yolo-doclaynet', purl: 'pkg:huggingface/hantian/yolo-doclaynet', evidence: [{ line: lineOf(text('export_coreml.py'), 'hf_hub_download(') }] });
    expect(e.components[0]?.properties).toContainEqual({ name: 'hf:filename', value: 'yolov11s-doclaynet.pt' });
  });

  it('SentenceTransformer short names live under sentence-transformers/', () => {
    const e = run('embed_and_index.py');
    expect(e.components.map((c) => c.purl)).toEqual(['pkg:huggingface/sentence-transformers/all-MiniLM-L6-v2']);
  });

  it('timm.create_model(…, pretrained=True) downloads timm/<name> from the hub', () => {
    const e = run('backbone.py');
    expect(e.components.map((c) => [c.name, c.evidence[0]?.line])).toEqual([['timm/resnet50', lineOf(text('backbone.py'), 'create_model')]]);
  });
});

describe('ml-hub: PyTorch Hub', () => {
  it("torch.hub.load('owner/repo', …) is a GitHub repository at its default branch: unpinned", () => {
    const e = run('yolo_app.py');
    expect(e.components.map((c) => [c.ecosystem, c.name, c.purl, c.version])).toEqual([['GIT', 'ultralytics/yolov5', 'pkg:github/ultralytics/yolov5', '']]);
    expect(e.findings.map((f) => [f.rule, f.line])).toEqual([['ml-model.unpinned', lineOf(text('yolo_app.py'), 'torch.hub.load')]]);
    expect(e.findings[0]?.fix).toContain('ultralytics/yolov5:<commit sha>');
  });

  it('ignores calls in comments', () => {
    expect(run('yolo_commented.py').components).toEqual([]);
  });

  it('ignores usage examples in docstrings, but not a real call after one', () => {
    const src = 'def f():\n    """Example:\n        m = torch.hub.load(\'ultralytics/yolov5\', \'yolov5s\', pretrained=True)\n    """\n    return torch.hub.load(\'pytorch/vision:v0.10.0\', \'resnet18\', pretrained=True)\n';
    const e = extractHubRefs({ file: 'a.py', text: src });
    expect(e.components.map((c) => [c.purl, c.evidence[0]?.line])).toEqual([['pkg:github/pytorch/vision@v0.10.0', 5]]);
    expect(e.findings.map((f) => f.rule)).toEqual(['ml-model.unpinned']);
  });
});

describe('ml-hub: notebooks', () => {
  const nb = text('llm_workspace.ipynb');
  const r = run('llm_workspace.ipynb');

  it('reads the code cells and places each reference on its line of the .ipynb file', () => {
    expect(r.components.map((c) => [c.name, c.evidence[0]?.line])).toEqual([['distilgpt2', lineOf(nb, 'model=\\"distilgpt2')]]);
  });

  it('pipeline(task) without model= is a default model: a warning, not an item', () => {
    expect(r.findings.map((f) => [f.rule, f.line]).sort()).toEqual([
      ['ml-hub.default-model', lineOf(nb, 'pipeline(\\"sentiment-analysis')],
      ['ml-model.unpinned', lineOf(nb, 'model=\\"distilgpt2')],
    ].sort());
  });

  it('a notebook that is not nbformat is a TureenError', () => {
    expect(() => extractHubRefs({ file: 'x.ipynb', text: '{"cells": 3}' })).toThrow(TureenError);
    expect(() => extractHubRefs({ file: 'x.ipynb', text: '{ nope' })).toThrow(TureenError);
  });
});

describe('ml-hub source', () => {
  it('matches Python files and notebooks outside virtual environments', () => {
    expect(source.matches('app/infer.py')).toBe(true);
    expect(source.matches('nb/explore.ipynb')).toBe(true);
    expect(source.matches('.venv/lib/python3.11/site-packages/transformers/pipelines/__init__.py')).toBe(false);
    expect(source.matches('app/infer.pyc')).toBe(false);
  });

  it('a from_pretrained path that is a folder of the repository is a local model, not a hub id', () => {
    const repo = memoryRepo({ 'app/load.py': 'm = AutoModel.from_pretrained("models/bert")\n', 'models/bert/config.json': '{}' });
    expect(source.extract('app/load.py', repo).components).toEqual([]);
  });

  it('skips ids that are variables or f-strings', () => {
    const e = extractHubRefs({ file: 'a.py', text: 'm = AutoModel.from_pretrained(name)\nn = AutoModel.from_pretrained(f"org/{x}")\n' });
    expect(e.components).toEqual([]);
  });
});
