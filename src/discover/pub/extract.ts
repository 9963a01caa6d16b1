import { posix } from 'node:path';
import type { Component, Evidence, Hash, Origin, Property } from '../../model/component.js';
import { malformed } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import { firstIssue } from '../../util/dict.js';
import { hexHash } from '../../util/hash.js';
import { LineIndex } from '../../util/lines.js';
import { purlOf } from '../../util/purl.js';
import { parseYaml } from '../../util/yaml.js';
import { component } from '../component.js';
import type { ExtractResult } from '../source.js';
import { PubLock } from './schema.js';
import { clip } from '../../util/text.js';
import { insideRepo } from '../../util/path.js';

export const SOURCE_ID = 'pub';

/**
 * Read a pubspec.lock into components (ecosystem Pub, purl pkg:pub/<name>@<version>).
 *  - scope: "direct dev" → development; everything else runtime. pubspec.lock has no dependency graph, so a
 *    transitive package that only dev dependencies pull in cannot be told apart: it stays runtime (conservative).
 *  - direct: "direct main" / "direct dev" / "direct overridden".
 *  - sdk packages (flutter, flutter_test, sky_engine …) are parts of the Flutter SDK: kind framework, version ''
 *    (the lockfile's 0.0.0 is a placeholder), the SDK constraint as `declared-range`, and a `pub.unpinned` warning.
 *  - hosted: origin registry (description.url), description.sha256 → SHA-256; git: origin git url + resolved-ref;
 *    path: origin file; a relative path inside the repository is the project's own package (first-party).
 */
export function extractPubspecLock(file: string, text: string): ExtractResult {
  const data = parseYaml(text, file);
  if (data === null || data === undefined) return { components: [], findings: [] };
  const res = PubLock.safeParse(data);
  if (!res.success) {
    const { path, message } = firstIssue(res.error);
    throw malformed(file, `not a pubspec.lock: ${path ? `${path}: ` : ''}${message}`, path ? { key: path } : undefined);
  }
  const lines = new LineIndex(text);
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const flutterRange = res.data.sdks?.get('flutter');
  const components: Component[] = [];
  const findings: Finding[] = [];
  const packagesAt = text.search(/^packages:/m);

  for (const [name, p] of res.data.packages ?? new Map()) {
    const at = text.indexOf(`\n  ${name}:`, Math.max(0, packagesAt));
    const line = at === -1 ? undefined : lines.lineAt(at + 1);
    const place = line !== undefined ? { line } : {};
    const evidence: Evidence[] = [{ file, ...place, key: `packages.${clip(name)}`, source: SOURCE_ID }];
    const desc = typeof p.description === 'string' ? { name: p.description } : p.description;
    const direct = p.dependency.startsWith('direct');
    const scope = p.dependency === 'direct dev' ? 'development' : 'runtime';
    const props: Property[] = [{ name: 'pub:dependency', value: p.dependency }, { name: 'pub:source', value: p.source }];
    let version = p.version.trim();
    let origin: Origin = { type: 'registry' };
    const hashes: Hash[] = [];
    let firstParty = false;
    let kind: Component['kind'];

    switch (p.source) {
      case 'hosted': {
        if (desc.url) origin = { type: 'registry', url: desc.url };
        const h = desc.sha256 ? hexHash('SHA-256', desc.sha256) : undefined;
        if (h) hashes.push(h);
        break;
      }
      case 'git':
        origin = { type: 'git', ...(desc.url ? { url: desc.url } : {}), ...(desc['resolved-ref'] ?? desc.ref ? { ref: desc['resolved-ref'] ?? desc.ref } : {}) };
        if (desc.path && desc.path !== '.') props.push({ name: 'pub:git-path', value: desc.path });
        break;
      case 'path':
        origin = { type: 'file', ...(desc.path ? { ref: desc.path } : {}) };
        firstParty = desc.relative === true && desc.path !== undefined && insideRepo(dir, desc.path);
        break;
      case 'sdk':
        kind = 'framework';
        props.push({ name: 'pub:sdk', value: desc.name ?? '' });
        version = '';
        origin = { type: 'unknown' };
        if (flutterRange && desc.name === 'flutter') props.push({ name: 'declared-range', value: flutterRange });
        break;
      default:
        origin = { type: 'unknown' };
    }

    let purl: string;
    try {
      purl = purlOf('pub', undefined, name, version);
    } catch {
      throw malformed(file, `"${clip(name)}" is not a pub package name (lower-case letters, digits and "_")`, { ...place, key: `packages.${clip(name)}` });
    }
    components.push(component({
      ecosystem: 'Pub', name, version, purl, scope, direct, firstParty, origin, hashes, evidence, properties: props,
      ...(kind ? { kind } : {}),
    }));

    if (p.source === 'sdk' && scope !== 'development') {
      findings.push({
        rule: `${SOURCE_ID}.unpinned`,
        severity: 'warning',
        message: `${clip(name)} comes with the ${clip(desc.name ?? 'SDK')} SDK; pubspec.lock records only the SDK constraint${flutterRange ? ` "${clip(flutterRange)}"` : ''}, not the SDK version that builds the app`,
        file,
        ...place,
        item: purl,
        fix: 'Pin the Flutter SDK version the release is built with (e.g. an exact `environment: flutter:` in pubspec.yaml, FVM\'s .fvmrc, or the CI image) and record it in the SOUP list.',
      });
    }
  }
  return { components, findings };
}

