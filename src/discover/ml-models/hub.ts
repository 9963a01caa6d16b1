import { TureenError } from '../../model/errors.js';
import type { Component, Property } from '../../model/component.js';
import type { Finding } from '../../model/finding.js';
import { parseJson } from '../../util/json.js';
import { LineIndex } from '../../util/lines.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import type { ExtractResult, Source } from '../source.js';
import { readText } from '../source.js';
import { Notebook } from './schema.js';

export const HUB_SOURCE_ID = 'ml-hub';

/** A call that downloads a pre-trained model, and where its arguments are. */
interface CallKind {
  re: RegExp;
  call: string;
  hub: 'hf' | 'torchhub' | 'timm' | 'sentence-transformers';
  /** positional index and keyword of the model id */
  idArg?: number;
  idKw: string;
  /** the call only downloads when this keyword is True (timm) */
  needsTrue?: string;
}

const CALLS: readonly CallKind[] = [
  { re: /\.from_pretrained\s*\(/g, call: 'from_pretrained', hub: 'hf', idArg: 0, idKw: 'pretrained_model_name_or_path' },
  { re: /\bhf_hub_download\s*\(/g, call: 'hf_hub_download', hub: 'hf', idArg: 0, idKw: 'repo_id' },
  { re: /\bsnapshot_download\s*\(/g, call: 'snapshot_download', hub: 'hf', idArg: 0, idKw: 'repo_id' },
  { re: /\bSentenceTransformer\s*\(/g, call: 'SentenceTransformer', hub: 'sentence-transformers', idArg: 0, idKw: 'model_name_or_path' },
  { re: /(?:(?<![\w.])|\btransformers\.)pipeline\s*\(/g, call: 'pipeline', hub: 'hf', idArg: 1, idKw: 'model' },
  { re: /\btorch\.hub\.load\s*\(/g, call: 'torch.hub.load', hub: 'torchhub', idArg: 0, idKw: 'repo_or_dir' },
  { re: /\btimm\.create_model\s*\(/g, call: 'timm.create_model', hub: 'timm', idArg: 0, idKw: 'model_name', needsTrue: 'pretrained' },
];
const QUICK = /from_pretrained|hf_hub_download|snapshot_download|SentenceTransformer|pipeline\s*\(|hub\.load|create_model/;

const HF_ID = /^[A-Za-z0-9][\w.-]{0,95}(?:\/[A-Za-z0-9][\w.-]{0,95})?$/;
const COMMIT = /^[0-9a-f]{40}$/;
/** Revisions that name a branch: never a version. A tag is kept as the version (and still warned: tags can move). */
const BRANCH = /^(?:main|master|dev|develop|development|trunk|HEAD|latest|refs\/heads\/.*)$/;
const MAX_ARGS = 4000;

interface Arg { kw?: string; value: string }

/** The text between the call's parentheses, split into top-level arguments (strings and nesting respected). */
function callArgs(text: string, open: number): Arg[] | undefined {
  const args: Arg[] = [];
  let depth = 0;
  let start = open + 1;
  let quote: string | undefined;
  for (let i = open + 1; i < text.length && i < open + MAX_ARGS; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    } else if (ch === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) {
        push(text.slice(start, i));
        return args;
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      push(text.slice(start, i));
      start = i + 1;
    }
  }
  return undefined;
  function push(raw: string) {
    const s = raw.trim();
    if (!s) return;
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*)$/.exec(s);
    args.push(kw ? { kw: kw[1] as string, value: (kw[2] as string).trim() } : { value: s });
  }
}

/** A plain string literal's value ('x', "x", r'x'); undefined for f-strings, concatenations and names. */
function literal(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m = /^[rRbBuU]{0,2}(['"])((?:(?!\1)[^\\\n]|\\.)*)\1$/.exec(v);
  return m ? (m[2] as string).replace(/\\(.)/g, '$1') : undefined;
}

/** Is this offset after a `#` on its line (outside the line's string literals)? */
function inComment(code: string, at: number): boolean {
  const start = code.lastIndexOf('\n', at - 1) + 1;
  return code.slice(start, at).replace(/(['"])(?:\\.|(?!\1).)*\1/g, '').includes('#');
}

/** Start/end offsets of the triple-quoted strings (docstrings, usage examples in them), skipping `#` comments. */
function tripleQuoted(code: string): [number, number][] {
  const out: [number, number][] = [];
  if (!code.includes('\'\'\'') && !code.includes('"""')) return out;
  let quote: string | undefined;
  let from = 0;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i] as string;
    if (quote) {
      if (ch === '\\') i++;
      else if (quote.length === 3 ? code.startsWith(quote, i) : ch === quote || ch === '\n') {
        if (quote.length === 3) {
          out.push([from, i + 3]);
          i += 2;
        }
        quote = undefined;
      }
    } else if (ch === '#') {
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl;
    } else if (ch === '"' || ch === "'") {
      quote = code.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      from = i;
      if (quote.length === 3) i += 2;
    }
  }
  if (quote?.length === 3) out.push([from, code.length]);
  return out;
}

interface Ref { hub: CallKind['hub']; call: string; id: string; revision?: string; filename?: string; offset: number }

/** Model references in one piece of Python source; offsets are into `code`. */
export function findHubRefs(code: string): { refs: Ref[]; defaults: { call: string; offset: number }[] } {
  const refs: Ref[] = [];
  const defaults: { call: string; offset: number }[] = [];
  if (!QUICK.test(code)) return { refs, defaults };
  const docs = tripleQuoted(code);
  const inDoc = (at: number) => docs.some(([a, b]) => at > a && at < b);
  for (const k of CALLS) {
    k.re.lastIndex = 0;
    for (let m = k.re.exec(code); m; m = k.re.exec(code)) {
      if (inComment(code, m.index) || inDoc(m.index)) continue;
      const open = m.index + m[0].length - 1;
      const args = callArgs(code, open);
      if (!args) continue;
      const positional = args.filter((a) => a.kw === undefined);
      const kw = (name: string) => args.find((a) => a.kw === name)?.value;
      if (k.needsTrue && kw(k.needsTrue) !== 'True') continue;
      if (k.hub === 'torchhub' && literal(kw('source')) === 'local') continue;
      if (args.some((a) => a.kw === 'repo_type') && literal(kw('repo_type')) !== 'model') continue;
      const rawId = kw(k.idKw) ?? (k.idArg !== undefined ? positional[k.idArg]?.value : undefined);
      const id = literal(rawId);
      if (k.call === 'pipeline' && rawId === undefined) {
        defaults.push({ call: k.call, offset: m.index });
        continue;
      }
      if (id === undefined) continue;
      const revision = literal(kw('revision'));
      const filename = literal(kw('filename')) ?? (k.call === 'hf_hub_download' ? literal(positional[1]?.value) : undefined);
      refs.push({ hub: k.hub, call: k.call, id, ...(revision !== undefined ? { revision } : {}), ...(filename !== undefined ? { filename } : {}), offset: m.index });
    }
  }
  refs.sort((a, b) => a.offset - b.offset);
  return { refs, defaults };
}

export interface HubInput {
  file: string;
  text: string;
  /** True when a repository folder of that path exists (a local model path, not a hub id). */
  isLocalDir?: (path: string) => boolean;
}

/**
 * Pre-trained models a Python file or Jupyter notebook downloads from a hub: Hugging Face (`from_pretrained`,
 * `hf_hub_download`, `snapshot_download`, `pipeline(model=…)`, `SentenceTransformer`), PyTorch Hub (`torch.hub.load`)
 * and timm (`create_model(…, pretrained=True)`). A reference without a commit pin gets a warning.
 */
export function extractHubRefs(input: HubInput): ExtractResult {
  const { file, text } = input;
  const pieces: { code: string; lineOf: (offset: number) => number | undefined }[] = [];
  if (file.endsWith('.ipynb')) {
    const nb = Notebook.safeParse(parseJson(text, file));
    if (!nb.success) throw new TureenError({ code: 'input.malformed', file, message: 'not a Jupyter notebook (nbformat 4): no "cells" list', fix: 'Check that the file is a notebook saved by Jupyter.' });
    const idx = new LineIndex(text);
    let cursor = 0;
    for (const cell of nb.data.cells) {
      const lines = typeof cell.source === 'string' ? cell.source.split(/(?<=\n)/) : cell.source;
      const starts: { at: number; line: number | undefined }[] = [];
      let at = 0;
      for (const l of lines) {
        const pos = text.indexOf(JSON.stringify(l), cursor);
        if (pos >= 0) cursor = pos + 1;
        starts.push({ at, line: pos >= 0 ? idx.lineAt(pos) : undefined });
        at += l.length;
      }
      if (cell.cell_type !== 'code') continue;
      const code = lines.join('');
      pieces.push({ code, lineOf: (o) => [...starts].reverse().find((s) => s.at <= o)?.line });
    }
  } else {
    const idx = new LineIndex(text);
    pieces.push({ code: text, lineOf: (o) => idx.lineAt(o) });
  }
  const components: Component[] = [];
  const findings: Finding[] = [];
  for (const piece of pieces) {
    const { refs, defaults } = findHubRefs(piece.code);
    for (const d of defaults) {
      const line = piece.lineOf(d.offset);
      findings.push({
        rule: `${HUB_SOURCE_ID}.default-model`,
        severity: 'warning',
        message: `pipeline(…) without model= downloads the default model transformers picks for the task, which changes between versions`,
        file,
        ...(line ? { line } : {}),
        fix: 'Name the model and pin it: pipeline(task, model="org/name", revision="<commit sha>").',
      });
    }
    for (const r of refs) {
      const c = refComponent(r, file, piece.lineOf(r.offset), input.isLocalDir, findings);
      if (c) components.push(c);
    }
  }
  return { components, findings };
}

function refComponent(r: Ref, file: string, line: number | undefined, isLocalDir: HubInput['isLocalDir'], findings: Finding[]): Component | undefined {
  const properties: Property[] = [{ name: 'ml:call', value: r.call }];
  let ecosystem: string;
  let name: string;
  let version = '';
  let purl: string;
  let pinHow: string;
  if (r.hub === 'torchhub') {
    const m = /^([A-Za-z0-9][\w.-]{0,99})\/([A-Za-z0-9][\w.-]{0,99})(?::([\w./-]{1,100}))?$/.exec(r.id);
    if (!m) return undefined;
    const [, owner, repo, ref] = m as unknown as [string, string, string, string | undefined];
    ecosystem = 'GIT';
    name = `${owner}/${repo}`;
    if (ref) properties.push({ name: 'torchhub:ref', value: ref });
    version = ref && !BRANCH.test(ref) ? ref : '';
    purl = purlOf('github', owner, repo, version || undefined);
    pinHow = `torch.hub.load("${owner}/${repo}:<commit sha>", …)`;
  } else {
    let id = r.id;
    if (r.hub === 'timm') id = id.startsWith('hf-hub:') ? id.slice(7) : `timm/${id}`;
    if (r.hub === 'sentence-transformers' && !id.includes('/')) id = `sentence-transformers/${id}`;
    if (!HF_ID.test(id) || /\.(?:bin|pt|pth|onnx|safetensors|json|h5|pkl)$/i.test(id) || isLocalDir?.(id)) return undefined;
    ecosystem = 'HuggingFace';
    name = id;
    const slash = id.indexOf('/');
    if (r.revision !== undefined) properties.push({ name: 'hf:revision', value: r.revision });
    if (r.filename !== undefined) properties.push({ name: 'hf:filename', value: r.filename.slice(0, 300) });
    version = r.revision !== undefined && !BRANCH.test(r.revision) && /^[\w.-]{1,100}$/.test(r.revision) ? r.revision : '';
    purl = purlOf('huggingface', slash > 0 ? id.slice(0, slash) : undefined, slash > 0 ? id.slice(slash + 1) : id, version || undefined);
    pinHow = `revision="<commit sha>" in the ${r.call}(…) call`;
  }
  const key = purl;
  // only a commit pins what ships: a tag can be moved, a branch moves
  const pinned = COMMIT.test(version);
  if (!pinned) {
    const declared = r.hub === 'torchhub' ? r.id.split(':')[1] : r.revision;
    findings.push({
      rule: 'ml-model.unpinned',
      severity: 'warning',
      message: declared
        ? `${name} is downloaded at "${declared}", a ${version ? 'tag' : 'branch'} that can move: the model that ships is not fixed`
        : `${name} is downloaded without a revision: the hub's default branch can change the model that ships`,
      file,
      ...(line ? { line } : {}),
      item: key,
      fix: `Pin the model to a commit: ${pinHow}, and record that commit in the SOUP record.`,
    });
  }
  return component({
    ecosystem,
    name,
    version,
    purl,
    key,
    scope: 'runtime',
    direct: true,
    origin: r.hub === 'torchhub'
      ? { type: 'git', url: `https://github.com/${name}`, ...(r.id.includes(':') ? { ref: r.id.split(':')[1] as string } : {}) }
      : { type: 'registry', url: `https://huggingface.co/${name}`, ...(r.revision ? { ref: r.revision } : {}) },
    evidence: [{ file, ...(line ? { line } : {}), source: HUB_SOURCE_ID }],
    kind: 'ml-model',
    properties,
  });
}

const inEnv = (p: string) => /(?:^|\/)(?:\.venv|venv|site-packages|node_modules|\.tox)\//.test(p);

export const source: Source = {
  id: HUB_SOURCE_ID,
  ecosystem: 'HuggingFace',
  description: 'pre-trained models that Python code and notebooks download from Hugging Face, PyTorch Hub or timm (from_pretrained, hf_hub_download, torch.hub.load …)',
  matches: (path) => (path.endsWith('.py') || path.endsWith('.ipynb')) && !inEnv(path),
  extract(path, repo) {
    const text = readText(repo, path);
    return extractHubRefs({ file: path, text, isLocalDir: (p) => repo.files.some((f) => f.startsWith(`${p}/`)) });
  },
};
