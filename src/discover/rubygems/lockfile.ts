import { malformed } from '../../model/errors.js';
import type { LockDependency, LockSource, LockSpec, ParsedLockfile, SourceKind } from './schema.js';
import { clip } from '../../util/text.js';

const SOURCE_KINDS = new Set<string>(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
/** Bundler's NAME_VERSION: name, then "(version[-platform])"; the version has no "-". */
const NAME_VERSION = /^(\S+?)(?: \(([^-)]*)(?:-([^)]*))?\))?(!)?$/;

/** Parse Bundler's Gemfile.lock text into sources, specs, dependencies and checksums (no interpretation). */
export function parseGemfileLock(text: string, file: string): ParsedLockfile {
  const out: ParsedLockfile = { specs: [], dependencies: [], platforms: [], checksums: new Map() };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let section = '';
  let source: LockSource | undefined;
  let current: LockSpec | undefined;
  let inSpecs = false;
  let sawSection = false;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const lineNo = i + 1;
    if (raw.trim() === '') continue;
    if (!raw.startsWith(' ')) {
      section = raw.trim();
      sawSection = true;
      inSpecs = false;
      current = undefined;
      source = SOURCE_KINDS.has(section) ? { kind: section as SourceKind } : undefined;
      continue;
    }
    if (!sawSection) throw malformed(file, 'not a Gemfile.lock: indented line before any section header', { line: lineNo });
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();

    if (source) {
      if (indent === 2) {
        const kv = /^([a-z_]+):\s*(.*)$/.exec(body);
        if (!kv) throw malformed(file, `cannot read "${clip(body)}" in the ${section} section`, { line: lineNo });
        const [, key, value] = kv as unknown as [string, string, string];
        if (key === 'specs') inSpecs = true;
        else if (key === 'remote' || key === 'revision' || key === 'ref' || key === 'branch' || key === 'tag') source[key] = value;
        continue;
      }
      if (!inSpecs) throw malformed(file, `"${clip(body)}" comes before "specs:" in the ${section} section`, { line: lineNo });
      const m = NAME_VERSION.exec(body);
      if (indent === 4) {
        if (!m || m[2] === undefined) throw malformed(file, `cannot read the spec "${clip(body)}" (expected "name (version)")`, { line: lineNo });
        current = { name: m[1] as string, version: (m[2] as string).trim(), ...(m[3] ? { platform: m[3] } : {}), source, deps: [], line: lineNo };
        out.specs.push(current);
        continue;
      }
      if (indent === 6 && current && m) {
        current.deps.push(m[1] as string);
        continue;
      }
      throw malformed(file, `unexpected indentation in the ${section} section`, { line: lineNo });
    }

    switch (section) {
      case 'PLATFORMS':
        out.platforms.push(body);
        break;
      case 'DEPENDENCIES': {
        const m = /^(\S+?)(?: \(([^)]*)\))?(!)?$/.exec(body);
        if (!m) throw malformed(file, `cannot read the dependency "${clip(body)}"`, { line: lineNo });
        const dep: LockDependency = { name: m[1] as string, ...(m[2] ? { requirement: m[2] } : {}), pinned: m[3] === '!', line: lineNo };
        out.dependencies.push(dep);
        break;
      }
      case 'CHECKSUMS': {
        const m = /^(\S+ \([^)]*\))(?:\s+(.*))?$/.exec(body);
        if (!m) throw malformed(file, `cannot read the checksum line "${clip(body)}"`, { line: lineNo });
        out.checksums.set(m[1] as string, (m[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
        break;
      }
      case 'RUBY VERSION':
        out.rubyVersion = body.replace(/^ruby\s+/, '');
        break;
      case 'BUNDLED WITH':
        out.bundledWith = body;
        break;
      default:
        // an unknown section (a newer Bundler): its lines are skipped
        break;
    }
  }
  if (!sawSection) throw malformed(file, 'not a Gemfile.lock: no section (GEM, DEPENDENCIES …) found', { line: 1 });
  return out;
}

