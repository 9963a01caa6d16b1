import type { Component } from '../../model/component.js';
import type { LegacyItem } from '../../model/config.js';
import type { Finding } from '../../model/finding.js';
import { purlOf } from '../../util/purl.js';
import { component } from '../component.js';
import { entryLines } from '../declared/extract.js';
import type { ExtractResult } from '../source.js';
import type { FileSpan } from './git.js';

export const SOURCE_ID = 'legacy';

/** What the extractor asks of git; the index passes real git, so tests run against real repositories. */
export interface GitView {
  spans(): Map<string, FileSpan> | undefined;
  blame(file: string, before: number): { lines: number; older: number } | undefined;
  last(path: string): { hash: string; time: number } | undefined;
}

/** Source files: what can hold first-party code that ships (data, not branches). */
const CODE_EXT = new Set([
  'c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx', 'ino', 's', 'asm', 'py', 'js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'java', 'kt',
  'kts', 'scala', 'cs', 'fs', 'vb', 'go', 'rs', 'swift', 'm', 'mm', 'dart', 'rb', 'php', 'lua', 'pas', 'ada', 'adb', 'ads', 'f90', 'vhd', 'v', 'sv',
]);

/** Folders that group units rather than being one (src/alarms and src/pumping are two units). */
const CONTAINER_DIRS = new Set(['src', 'source', 'sources', 'lib', 'libs', 'app', 'apps', 'packages', 'modules', 'components', 'core', 'firmware', 'services', 'software', 'code']);

/** Folders whose code is not first-party code of the device: tests, docs, samples, CI, and third-party copies. */
const NOT_UNITS = new Set([
  'test', 'tests', '__tests__', 'spec', 'specs', 'testing', 'docs', 'doc', 'examples', 'example', 'samples', 'benchmarks', 'bench', '.github', '.gitlab', '.circleci',
  'third_party', 'thirdparty', 'third-party', '3rdparty', 'vendor', 'external', 'extern', 'deps', 'middlewares', 'drivers',
]);

const MAX_BLAME_FILES = 8;

/** The unit a first-party file belongs to, or undefined when it is not first-party code of the device. */
export function unitOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts.length < 2) return undefined; // files at the root are not a module
  const ext = (parts[parts.length - 1]!.split('.').pop() ?? '').toLowerCase();
  if (!CODE_EXT.has(ext)) return undefined;
  if (parts.slice(0, -1).some((p) => NOT_UNITS.has(p.toLowerCase()))) return undefined;
  if (CONTAINER_DIRS.has(parts[0]!.toLowerCase()) && parts.length >= 3) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

function isoDay(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 10);
}

function under(file: string, path: string): boolean {
  const p = path.replace(/\/+$/, '');
  return file === p || file.startsWith(`${p}/`);
}

/** Evenly spread sample of at most n items (deterministic). */
function sample<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(list[Math.floor((i * list.length) / n)]!);
  return out;
}

export interface LegacyInput {
  items: readonly LegacyItem[];
  effectiveDate?: string;
  configFile: string;
  configText?: string;
  files: readonly string[];
  git?: GitView;
}

/**
 * Branch 2 of SOUP, software without adequate records: the config's `legacy:` entries become items
 * (kind legacy-code, identified by the last commit that touched them), and, when `qms.effectiveDate` is set,
 * first-party folders whose code predates it in git history are proposed as candidates (findings, not items:
 * a person decides).
 */
export function extractLegacy(input: LegacyInput): ExtractResult {
  const components: Component[] = [];
  const findings: Finding[] = [];
  const lines = entryLines(input.configText, 'legacy');
  input.items.forEach((item, i) => {
    const line = lines[i] || undefined;
    const at = { file: input.configFile, ...(line ? { line } : {}) };
    const path = item.path.replace(/^\.\/+/, '').replace(/\/+$/, '');
    const inside = input.files.filter((f) => under(f, path));
    const last = input.git?.last(path);
    const version = last ? last.hash.slice(0, 12) : '';
    const name = item.name ?? path;
    const purl = purlOf('generic', undefined, name, version || undefined);
    if (!inside.length) {
      findings.push({ rule: 'legacy.path-missing', severity: 'warning', message: `legacy entry "${path}": no file of the repository is there`, ...at, item: purl, fix: 'Correct the path (repository-relative folder or file), or remove the entry.' });
    }
    if (!last) {
      findings.push({ rule: 'legacy.no-commit', severity: 'info', message: `legacy entry "${path}": no git commit identifies this code, so its version is empty`, ...at, item: purl, fix: 'Commit the code (its last commit becomes its version), or give the version in the record.' });
    }
    const where = line ? `${input.configFile}:${line}` : input.configFile;
    components.push(component({
      ecosystem: 'generic',
      name,
      version,
      purl,
      scope: 'runtime',
      direct: true,
      firstParty: true,
      kind: 'legacy-code',
      origin: { type: 'workspace', ref: path },
      evidence: [{ file: input.configFile, ...(line ? { line } : {}), key: `legacy[${i}]`, source: SOURCE_ID }, ...inside.slice(0, 1).map((f) => ({ file: f, source: SOURCE_ID }))],
      properties: [
        { name: 'legacy:path', value: path },
        { name: 'legacy:files', value: String(inside.length) },
        ...(item.origin ? [{ name: 'legacy:origin', value: item.origin }] : []),
        ...(last ? [{ name: 'legacy:last-commit', value: `${last.hash} ${isoDay(last.time)}` }] : []),
      ],
      decision: {
        soup: true,
        branch: 'no-records',
        rule: item.origin ? 'legacy.ported' : 'legacy.declared',
        rationale: `SOUP (no adequate records): first-party code at ${path}${item.origin ? `, ported from ${item.origin}` : ''}, that was not developed under the current IEC 62304 process: ${item.reason.trim()} (declared at ${where}). Assess it like off-the-shelf software, at the version of its last commit.`,
      },
    }));
  });
  if (input.effectiveDate) findings.push(...candidates(input));
  return { components, findings };
}

function candidates(input: LegacyInput): Finding[] {
  const date = input.effectiveDate!;
  const before = Date.parse(`${date}T00:00:00Z`) / 1000;
  const spans = input.git?.spans();
  if (!spans) {
    return [{ rule: 'legacy.no-git', severity: 'info', message: `qms.effectiveDate is ${date}, but this folder is not a git work tree, so code older than it cannot be found`, file: input.configFile, fix: 'Scan a git clone with its history (not a shallow clone or an export) to see branch-2 candidates.' }];
  }
  const declared = input.items.map((i) => i.path.replace(/^\.\/+/, '').replace(/\/+$/, ''));
  const units = new Map<string, string[]>();
  for (const f of input.files) {
    if (!spans.has(f)) continue; // untracked: not in history
    if (declared.some((p) => under(f, p) || under(p, f))) continue;
    const u = unitOf(f);
    if (!u) continue;
    const list = units.get(u);
    if (list) list.push(f);
    else units.set(u, [f]);
  }
  const out: Finding[] = [];
  for (const [unit, files] of [...units].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    let first = Infinity;
    let last = 0;
    for (const f of files) {
      const s = spans.get(f)!;
      first = Math.min(first, s.first);
      last = Math.max(last, s.last);
    }
    if (first >= before) continue;
    let lines = 0;
    let older = 0;
    const sampled = sample(files, MAX_BLAME_FILES);
    for (const f of sampled) {
      const b = input.git!.blame(f, before);
      if (!b) continue;
      lines += b.lines;
      older += b.older;
    }
    if (older === 0) continue; // every line was rewritten since: developed under the process
    const share = lines ? older / lines : 0;
    const pct = Math.round(share * 100);
    out.push({
      rule: 'legacy.candidate',
      severity: share >= 0.5 ? 'warning' : 'info',
      message: `${unit}/ may be software without IEC 62304 records (branch 2): first commit ${isoDay(first)}, last ${isoDay(last)}; ${older} of ${lines} sampled lines (${pct}%, ${sampled.length} of ${files.length} files) were written before qms.effectiveDate ${date}`,
      file: unit,
      fix: `If this code was not developed under your IEC 62304 process, declare it in ${input.configFile} under legacy: (path: ${unit}, reason: …); if it was re-verified under the process since, record that and this note can be ignored.`,
    });
  }
  return out;
}
