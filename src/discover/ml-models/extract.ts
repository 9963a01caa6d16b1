import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Component, Property } from '../../model/component.js';
import type { Finding } from '../../model/finding.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import type { ExtractResult } from '../source.js';
import { checkMagic, formatOfName, lfsPointer, PICKLE_FORMATS, readGguf, readOnnx, safetensorsHeaderLength, type ModelFormat } from './formats.js';
import { SafetensorsHeader, SafetensorsMetadata } from './schema.js';

export const SOURCE_ID = 'ml-model';
export const ECOSYSTEM = 'ML';

/** What the model source needs from the repository; index.ts backs it with the disk (streaming the hashes). */
export interface ModelRepo {
  readonly files: readonly string[];
  /** The first `n` bytes of a file, or undefined when unreadable. */
  head(path: string, n: number): Uint8Array | undefined;
  size(path: string): number | undefined;
  /** Lower-case hex SHA-256 of the whole file, or undefined when it cannot be read. */
  sha256(path: string): string | undefined;
}

const HEAD = 1 << 20;
const MAX_SAFETENSORS_HEADER = 16 << 20;
/** Stems that say nothing about the model: the parent folder names it instead (models/bert-base/model.safetensors). */
const GENERIC_STEM = /^(?:model|pytorch_model|tf_model|flax_model|weights?|checkpoint|ckpt|best|last|final|saved_model|model\.fp16|(?:pytorch_)?model-\d+-of-\d+)$/i;
const SKIP_DIR = /(?:^|\/)(?:\.venv|venv|site-packages|\.tox|__pycache__|\.git)(?:\/|$)/;

/**
 * Every machine-learning model file in the repository (ONNX, PyTorch, safetensors, TFLite, Keras/HDF5, TensorFlow
 * SavedModel folders, GGUF, Core ML, pickles), identified by the SHA-256 of its content; Git LFS pointers by their oid.
 */
export function extractModels(repo: ModelRepo): ExtractResult & { files: string[] } {
  const components: Component[] = [];
  const findings: Finding[] = [];
  const read: string[] = [];
  const folders = new Map<string, { format: ModelFormat; marker: string }>();
  for (const f of repo.files) {
    if (SKIP_DIR.test(f)) continue;
    const pkg = /^(.*?\.mlpackage)\//i.exec(f);
    if (pkg) {
      if (!folders.has(pkg[1] as string)) folders.set(pkg[1] as string, { format: 'coreml-package', marker: f });
      continue;
    }
    const format = formatOfName(f);
    if (!format) continue;
    if (format === 'tf-savedmodel') {
      folders.set(posix.dirname(f) === '.' ? '' : posix.dirname(f), { format, marker: f });
      continue;
    }
    read.push(f);
    components.push(fileModel(f, format, repo, findings));
  }
  for (const [dir, { format, marker }] of [...folders].sort()) {
    const inside = repo.files.filter((f) => (dir ? f.startsWith(`${dir}/`) : true)).sort();
    read.push(...inside);
    components.push(folderModel(dir, format, marker, inside, repo, findings));
  }
  return { components, findings, files: read };
}

function nameOf(path: string, isFolder: boolean): { namespace?: string; name: string } {
  const base = posix.basename(path);
  const stem = isFolder ? base.replace(/\.mlpackage$/i, '') : base.replace(/\.[^.]+$/, '');
  const parent = posix.basename(posix.dirname(path));
  // eslint-disable-next-line no-control-regex -- control characters never reach a name
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'model';
  if ((GENERIC_STEM.test(stem) || !stem) && parent && parent !== '.') return { namespace: clean(parent), name: clean(stem || base) };
  return { name: clean(stem || base) };
}

function fileModel(path: string, format: ModelFormat, repo: ModelRepo, findings: Finding[]): Component {
  const size = repo.size(path) ?? 0;
  const properties: Property[] = [{ name: 'model:format', value: format }, { name: 'model:size', value: String(size) }];
  const { namespace, name } = nameOf(path, false);
  const display = namespace ? `${namespace}/${name}` : name;
  let sha: string | undefined;
  let version = '';
  const head = repo.head(path, size < 1024 ? 1024 : HEAD) ?? new Uint8Array();
  const lfs = size < 1024 ? lfsPointer(new TextDecoder().decode(head)) : undefined;
  if (lfs) {
    sha = lfs.oid;
    properties.push({ name: 'model:lfs-pointer', value: 'true' });
    if (lfs.size !== undefined) properties[1] = { name: 'model:size', value: String(lfs.size) };
    findings.push({
      rule: `${SOURCE_ID}.lfs-pointer`,
      severity: 'info',
      message: `${path} is a Git LFS pointer: the model itself is not checked out; it is identified by the LFS object id (sha256:${lfs.oid})`,
      file: path,
      fix: 'Run `git lfs pull` before scanning to check the model file itself, or keep the LFS oid as its identity.',
    });
  } else {
    const magic = checkMagic(format, head, size);
    if (magic.detail) properties.push({ name: 'model:container', value: magic.detail });
    if (!magic.ok) {
      findings.push({
        rule: `${SOURCE_ID}.format-mismatch`,
        severity: 'warning',
        message: `${path} is named as a ${format} model but its content does not start like one (${magic.seen})`,
        file: path,
        fix: 'Check what the file really is (a renamed or corrupt file, or a model saved in another format) and rename or replace it.',
      });
    } else {
      version = metadata(format, path, head, size, repo, properties);
    }
    sha = repo.sha256(path);
  }
  if (PICKLE_FORMATS.has(format)) {
    findings.push({
      rule: `${SOURCE_ID}.pickle`,
      severity: 'warning',
      message: `${path} is a pickled model (${format}): loading it can run any code stored in the file`,
      file: path,
      fix: 'Convert the model to safetensors (or ONNX), or load it only with a loader that refuses code (torch.load(weights_only=True)); record its source and SHA-256 in the SOUP record.',
    });
  }
  return modelComponent(path, display, namespace, name, version, sha, properties, findings);
}

function folderModel(dir: string, format: ModelFormat, marker: string, inside: readonly string[], repo: ModelRepo, findings: Finding[]): Component {
  // The folder's identity: SHA-256 of its `sha256sum` listing (hex, two spaces, path relative to the folder, sorted).
  const lines: string[] = [];
  let complete = true;
  let total = 0;
  for (const f of inside) {
    const h = repo.sha256(f);
    if (!h) {
      complete = false;
      break;
    }
    total += repo.size(f) ?? 0;
    lines.push(`${h}  ${dir ? f.slice(dir.length + 1) : f}\n`);
  }
  const sha = complete ? sha256Text(lines.join('')) : undefined;
  const properties: Property[] = [
    { name: 'model:format', value: format },
    { name: 'model:size', value: String(total) },
    { name: 'model:files', value: String(inside.length) },
    { name: 'model:hash-method', value: 'sha256 of the folder\'s sha256sum listing (paths relative to the folder, sorted)' },
  ];
  const { namespace, name } = nameOf(dir || 'model', true);
  const display = namespace ? `${namespace}/${name}` : name;
  return modelComponent(dir || marker, display, namespace, name, '', sha, properties, findings, marker);
}

const sha256Text = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function modelComponent(where: string, display: string, namespace: string | undefined, name: string, version: string, sha: string | undefined, properties: Property[], findings: Finding[], evidenceFile = where): Component {
  const purl = purlOf('generic', namespace, name, version || undefined, sha ? { checksum: `sha256:${sha}` } : undefined);
  const key = sha ? purl : purlOf('generic', namespace, name, version || undefined, { vendored_path: where });
  if (!sha) {
    findings.push({
      rule: `${SOURCE_ID}.unhashed`,
      severity: 'warning',
      message: `${where} could not be read to compute its SHA-256: the model is listed without a content hash`,
      file: evidenceFile,
      item: key,
      fix: 'Make the file readable to the scan (permissions, size), or record its SHA-256 in the SOUP record by hand.',
    });
  }
  return component({
    key,
    ecosystem: ECOSYSTEM,
    name: display,
    version,
    purl,
    hashes: sha ? [{ alg: 'SHA-256', content: sha }] : [],
    scope: 'runtime',
    direct: true,
    origin: { type: 'vendored', ref: where },
    evidence: [{ file: evidenceFile, source: SOURCE_ID }],
    kind: 'ml-model',
    properties,
  });
}

// eslint-disable-next-line no-control-regex -- control characters never reach a property
const clip = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);

/** Cheap metadata from the header; returns a version when the format records one. */
function metadata(format: ModelFormat, path: string, head: Uint8Array, size: number, repo: ModelRepo, properties: Property[]): string {
  if (format === 'safetensors') {
    const n = safetensorsHeaderLength(head, size);
    if (n === undefined || n > MAX_SAFETENSORS_HEADER) return '';
    const bytes = n + 8 <= head.length ? head : repo.head(path, n + 8);
    if (!bytes || bytes.length < n + 8) return '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    } catch {
      return '';
    }
    const h = SafetensorsHeader.safeParse(parsed);
    if (!h.success) return '';
    properties.push({ name: 'model:tensors', value: String([...h.data.keys()].filter((k) => k !== '__metadata__').length) });
    const meta = SafetensorsMetadata.safeParse(h.data.get('__metadata__'));
    if (meta.success) for (const [k, v] of [...meta.data].slice(0, 16)) properties.push({ name: `model:metadata:${clip(k)}`, value: clip(v) });
    return '';
  }
  if (format === 'gguf') {
    const g = readGguf(head);
    if (!g) return '';
    properties.push({ name: 'model:gguf-version', value: String(g.version) });
    if (g.tensors !== undefined) properties.push({ name: 'model:tensors', value: String(g.tensors) });
    for (const k of ['general.name', 'general.architecture', 'general.version', 'general.license', 'general.organization', 'general.basename', 'general.size_label', 'general.file_type']) {
      const v = g.strings.get(k);
      if (v !== undefined) properties.push({ name: `model:${k}`, value: clip(v) });
    }
    const v = g.strings.get('general.version');
    return v && /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/.test(v) ? v : '';
  }
  if (format === 'onnx') {
    const o = readOnnx(head);
    if (!o) return '';
    if (o.irVersion !== undefined) properties.push({ name: 'model:onnx-ir-version', value: String(o.irVersion) });
    if (o.producerName) properties.push({ name: 'model:producer', value: clip(`${o.producerName}${o.producerVersion ? ` ${o.producerVersion}` : ''}`) });
    if (o.domain) properties.push({ name: 'model:domain', value: clip(o.domain) });
    if (o.modelVersion) properties.push({ name: 'model:model-version', value: String(o.modelVersion) });
    return '';
  }
  return '';
}
