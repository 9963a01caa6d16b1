// Deterministic generator of OSV exports for the benchmark (part 6): N advisories in the real OSV schema
// (https://ossf.github.io/osv-schema/), written the way osv.dev publishes them — one `<ecosystem>/all.zip` per
// ecosystem, one JSON file per record — plus 10,000 components of a device to review against them.
// Hand-written: no library generates synthetic advisories, and the real exports cannot be fetched here.
//
// Shapes, after the real records (test/fixtures/corpus/advisories/ for GHSA; the other databases after their
// published records on osv.dev):
//   - GHSA (every language ecosystem): id GHSA-xxxx-xxxx-xxxx, modified, published, aliases [CVE] (most), summary,
//     details (GitHub's markdown sections), severity CVSS_V3 (some also CVSS_V4, a few none), one affected[] entry per
//     range (as GitHub writes several branches: ws, semver, log4j in the corpus) with package {ecosystem, name, purl},
//     ECOSYSTEM events introduced/fixed (sometimes last_affected, with database_specific
//     last_known_affected_version_range), sometimes a second package, references, database_specific {cwe_ids,
//     severity, github_reviewed…}; a few withdrawn;
//   - the ecosystems' own databases republishing a share of them, aliasing the GHSA and the CVE: PYSEC (one affected
//     with all events in one range and the enumerated `versions` list), GO (SEMVER ranges, ecosystem_specific
//     imports), RUSTSEC (SEMVER ranges, ecosystem_specific affects, database_specific categories);
//   - MAL (OpenSSF malicious packages, npm and PyPI): one record per typosquat package, introduced 0 and a versions list;
//   - Debian:12 (Debian's security tracker, DEBIAN-CVE-…): upstream [CVE], introduced 0 / fixed (or unfixed), often the
//     versions list, often a second affected entry for Debian:11, ecosystem_specific urgency; dpkg versions with epochs,
//     revisions and +deb12uN security updates.
// Advisories per package follow a bounded power law (P(k ≥ x) ≈ 1/x, capped per ecosystem): most vulnerable packages
// have one or two, a few have many, whatever N is — a larger database covers more packages, as OSV's does. A few
// "anchor" packages per ecosystem (the kernel, a big framework) get a fixed count at every N, and every device ships
// them. The components: 10% of packages with advisories (the anchors, then a uniform draw), each at a version of its
// release history (so some are affected, some not), the rest packages no advisory names. Since every range is built
// from positions in the package's release history, the generator knows which components each record affects: it
// returns the findings a correct matcher must report (`expected`), computed without any version ordering.
//
// Usage: node bench/gen-osv.mjs <out-dir> [records=250000] [seed=62304] [components=10000]
//   writes <out-dir>/<ecosystem>/all.zip and <out-dir>/components.json.
import { Buffer } from 'node:buffer';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { Zip } from 'fflate';
import { PackageURL } from 'packageurl-js';
import { prng } from './prng.mjs';


/**
 * The ecosystems, their share of the records and of the device's components. mal: share of the records that are
 * malicious-package reports; twin: the database that republishes GHSA's advisories (twinShare of them); cap: the most
 * advisories the power law gives one package; anchors: packages with a fixed number of advisories at every N.
 */
export const ECOSYSTEMS = [
  { ecosystem: 'npm', share: 0.32, components: 0.45, mal: 0.3, cap: 120, anchors: [80, 30] },
  { ecosystem: 'PyPI', share: 0.13, components: 0.12, mal: 0.15, twin: 'PYSEC', twinShare: 0.5, cap: 120, anchors: [120, 35] },
  { ecosystem: 'Maven', share: 0.11, components: 0.12, cap: 120, anchors: [150, 40] },
  { ecosystem: 'Go', share: 0.07, components: 0.08, twin: 'GO', twinShare: 0.6, cap: 60, anchors: [45] },
  { ecosystem: 'crates.io', share: 0.04, components: 0.04, twin: 'RUSTSEC', twinShare: 0.4, cap: 40, anchors: [15] },
  { ecosystem: 'NuGet', share: 0.03, components: 0.04, cap: 40, anchors: [30] },
  { ecosystem: 'RubyGems', share: 0.04, components: 0.03, cap: 60, anchors: [55] },
  { ecosystem: 'Debian:12', share: 0.26, components: 0.12, cap: 300, anchors: [600, 90, 45] },
];

const WORDS = ['access', 'agent', 'archive', 'array', 'async', 'auth', 'base', 'batch', 'bind', 'bit', 'blob', 'bridge',
  'buffer', 'build', 'bus', 'cache', 'canvas', 'cell', 'chain', 'chart', 'check', 'cipher', 'class', 'client', 'cloud',
  'code', 'color', 'config', 'core', 'crypt', 'csv', 'data', 'date', 'debug', 'deep', 'delta', 'diff', 'dom', 'draw',
  'edge', 'emit', 'engine', 'event', 'express', 'fast', 'fetch', 'field', 'file', 'filter', 'flag', 'flat', 'flow',
  'font', 'form', 'frame', 'gate', 'glob', 'graph', 'grid', 'hash', 'head', 'hook', 'html', 'http', 'icon', 'image',
  'index', 'ini', 'jwt', 'kit', 'lang', 'layer', 'lazy', 'link', 'lint', 'list', 'log', 'loop', 'lru', 'mail', 'map',
  'mark', 'math', 'media', 'merge', 'mesh', 'meta', 'mime', 'mock', 'model', 'net', 'node', 'note', 'oauth', 'object',
  'open', 'pack', 'page', 'parse', 'path', 'pdf', 'pipe', 'pixel', 'plot', 'pool', 'port', 'print', 'proto', 'proxy',
  'query', 'queue', 'rail', 'range', 'react', 'read', 'redis', 'regex', 'render', 'route', 'rpc', 'rule', 'safe',
  'scan', 'schema', 'scope', 'secure', 'serde', 'shell', 'sign', 'sql', 'stack', 'store', 'stream', 'string', 'style',
  'sync', 'table', 'task', 'tar', 'template', 'text', 'time', 'token', 'tree', 'type', 'unit', 'url', 'user', 'util',
  'vault', 'view', 'walk', 'web', 'wire', 'xml', 'yaml', 'zip', 'zlib'];
const SCOPES = ['babel', 'types', 'aws-sdk', 'angular', 'nestjs', 'vue', 'octokit', 'azure', 'sentry', 'grpc'];
const TLDS = ['org', 'com', 'io', 'net'];
const CWES = ['CWE-20', 'CWE-22', 'CWE-78', 'CWE-79', 'CWE-89', 'CWE-94', 'CWE-200', 'CWE-287', 'CWE-352', 'CWE-400',
  'CWE-502', 'CWE-601', 'CWE-611', 'CWE-770', 'CWE-787', 'CWE-918', 'CWE-1321', 'CWE-1333'];
const KINDS = ['Cross-site Scripting', 'Path Traversal', 'Prototype Pollution', 'Regular Expression Denial of Service',
  'Server-Side Request Forgery', 'Improper Input Validation', 'Deserialization of Untrusted Data', 'SQL Injection',
  'Uncontrolled Resource Consumption', 'Open Redirect', 'Improper Authentication', 'XML External Entity Reference',
  'Out-of-bounds Write', 'Command Injection', 'Information Exposure'];
const MTIME = new Date('2025-06-30T00:00:00Z');

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const pad = (n, w) => String(n).padStart(w, '0');
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const T0 = Date.parse('2016-01-01T00:00:00Z');
const T1 = Date.parse('2025-06-01T00:00:00Z');

/**
 * Write the exports and draw the components.
 * @param {string} dir  output folder: <dir>/<ecosystem>/all.zip
 * @param {{ records?: number, seed?: number, components?: number, hitShare?: number }} [opts]
 * @returns {{ zips: string[], bytes: number, records: number, byEcosystem: Record<string, number>, byKind: Record<string, number>,
 *   packages: number, maxPerPackage: number, components: object[], expected: { hits: number, affected: number, findings: number } }}
 */
export function writeOsvExports(dir, { records = 250_000, seed = 62304, components = 10_000, hitShare = 0.1 } = {}) {
  const rnd = prng(seed);
  const int = (n) => Math.floor(rnd() * n);
  const pick = (xs) => xs[int(xs.length)];
  const chance = (p) => rnd() < p;

  // ---- identifiers, unique across the run -------------------------------------------------------------------------
  const GHSA_CHARS = '23456789cfghjmpqrvwx';
  const ids = new Set();
  const ghsaId = () => {
    for (;;) {
      const part = () => Array.from({ length: 4 }, () => GHSA_CHARS[int(20)]).join('');
      const id = `GHSA-${part()}-${part()}-${part()}`;
      if (!ids.has(id)) { ids.add(id); return id; }
    }
  };
  const perYear = new Map();
  const serial = (prefix, year, start, width) => {
    const k = `${prefix}${year}`;
    const n = (perYear.get(k) ?? start) + 1 + int(3);
    perYear.set(k, n);
    return `${prefix}-${year}-${pad(n, width)}`;
  };

  // ---- names: unique per ecosystem in OSV's comparison (PEP 503 for PyPI, case-insensitive NuGet) ------------------
  const key = (eco, name) => eco === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : eco === 'NuGet' ? name.toLowerCase() : name;
  const taken = new Map(ECOSYSTEMS.map((e) => [e.ecosystem, new Set()]));
  const w = () => pick(WORDS);
  const rawName = (eco) => {
    const num = chance(0.25) ? String(1 + int(9)) : '';
    switch (eco) {
      case 'npm': { const b = `${w()}-${w()}${chance(0.5) ? `-${w()}` : ''}${num}`; return chance(0.15) ? `@${pick(SCOPES)}/${b}` : b; }
      case 'PyPI': { const a = w(); const b = w(); return chance(0.3) ? `${cap(a)}-${cap(b)}${num}` : chance(0.5) ? `${a}_${b}${num}` : `${a}-${b}${chance(0.4) ? `-${w()}` : ''}${num}`; }
      case 'Maven': { const a = w(); const b = w(); return `${pick(TLDS)}.${a}${num}.${b}:${b}-${w()}`; }
      case 'Go': return chance(0.1) ? `golang.org/x/${w()}${w()}${num}` : `github.com/${w()}${w()}${num}/${w()}${chance(0.3) ? `-${w()}` : ''}`;
      case 'crates.io': return chance(0.6) ? `${w()}_${w()}${num}` : `${w()}-${w()}${num}`;
      case 'NuGet': return `${cap(w())}.${cap(w())}${chance(0.5) ? `.${cap(w())}` : ''}${num}`;
      case 'RubyGems': return chance(0.5) ? `${w()}_${w()}${num}` : `${w()}-${w()}${num}`;
      default: return chance(0.3) ? `lib${w()}${num}` : `${w()}${w()}${num}`; // Debian source packages
    }
  };
  const freshName = (eco) => {
    for (;;) {
      const n = rawName(eco);
      const k = key(eco, n);
      if (!taken.get(eco).has(k)) { taken.get(eco).add(k); return n; }
    }
  };
  const purlOf = (eco, name) => {
    switch (eco) {
      case 'npm': { const at = name.startsWith('@') ? name.indexOf('/') : -1; return new PackageURL('npm', at > 0 ? name.slice(0, at) : null, at > 0 ? name.slice(at + 1) : name, null, null, null).toString(); }
      case 'PyPI': return new PackageURL('pypi', null, name, null, null, null).toString();
      case 'Maven': { const [g, a] = name.split(':'); return new PackageURL('maven', g, a, null, null, null).toString(); }
      case 'Go': { const i = name.lastIndexOf('/'); return new PackageURL('golang', name.slice(0, i), name.slice(i + 1), null, null, null).toString(); }
      case 'crates.io': return new PackageURL('cargo', null, name, null, null, null).toString();
      case 'NuGet': return new PackageURL('nuget', null, name, null, null, null).toString();
      case 'RubyGems': return new PackageURL('gem', null, name, null, null, null).toString();
      default: return new PackageURL('deb', 'debian', name, null, { arch: 'source' }, null).toString();
    }
  };

  // ---- release histories, strictly increasing in each ecosystem's own order (by construction) ----------------------
  const history = (eco, releases) => {
    let M = eco === 'Go' ? int(2) : chance(0.3) ? 0 : 1 + int(4);
    let m = int(6);
    let p = int(4);
    const pyShort = chance(0.5); // "2.1" rather than "2.1.0"
    const mvnFinal = chance(0.15); // "5.4.2.Final"
    const epoch = chance(0.15) ? '1:' : '';
    const out = [];
    const fmt = (pre) => {
      switch (eco) {
        case 'PyPI': return `${M}.${m}${p === 0 && pyShort && !pre ? '' : `.${p}`}${pre ? 'rc1' : ''}`;
        case 'Maven': return `${M}.${m}.${p}${pre ? '-RC1' : mvnFinal ? '.Final' : ''}`;
        case 'NuGet': return `${M}.${m}.${p}${pre ? '-beta1' : ''}`;
        case 'RubyGems': return `${M}.${m}.${p}${pre ? '.beta1' : ''}`;
        case 'Debian:12': return `${epoch}${M}.${m}.${p}${pre ? '~rc1' : ''}`;
        default: return `${M}.${m}.${p}${pre ? '-beta.1' : ''}`; // npm, Go (OSV writes Go versions without "v"), crates.io
      }
    };
    const push = (pre) => {
      if (eco !== 'Debian:12') { out.push(fmt(pre)); return; }
      // dpkg: a Debian revision per upload, and stable security updates after it
      const up = fmt(pre);
      let rev = 1;
      out.push(`${up}-${rev}`);
      if (chance(0.25)) out.push(`${up}-${++rev}`);
      if (!pre && chance(0.35)) {
        out.push(`${up}-${rev}+deb12u1`);
        if (chance(0.4)) out.push(`${up}-${rev}+deb12u2`);
      }
    };
    push(false);
    while (out.length < releases) {
      const r = rnd();
      if (r < 0.04 && eco !== 'Go') {
        M++; m = 0; p = 0;
        if (chance(0.5)) push(true);
      } else if (r < 0.3) {
        m++; p = 0;
      } else {
        p++;
      }
      push(false);
    }
    return out;
  };

  // ---- text --------------------------------------------------------------------------------------------------------
  const sentence = () => {
    const n = 6 + int(14);
    const ws = Array.from({ length: n }, () => (chance(0.1) ? `\`${w()}.${w()}()\`` : w()));
    return `${cap(ws.join(' '))}.`;
  };
  const prose = (chars) => {
    let s = '';
    while (s.length < chars) s += `${sentence()} `;
    return s.trim();
  };
  const ghsaDetails = (name) => {
    const chars = 250 + Math.floor(rnd() * rnd() * 3500);
    const parts = [`### Impact\n${prose(chars * 0.5)}`, `### Patches\nUpgrade \`${name}\` to the fixed version. ${prose(chars * 0.15)}`];
    if (chance(0.6)) parts.push(`### Workarounds\n${prose(chars * 0.2)}`);
    if (chance(0.5)) parts.push(`### References\n- https://github.com/${w()}/${w()}/issues/${1 + int(5000)}`);
    return parts.join('\n\n');
  };
  const cvss3 = () => `CVSS:3.1/AV:${pick(['N', 'N', 'N', 'A', 'L', 'P'])}/AC:${pick(['L', 'L', 'H'])}/PR:${pick(['N', 'N', 'L', 'H'])}/UI:${pick(['N', 'R'])}/S:${pick(['U', 'U', 'C'])}/C:${pick(['N', 'L', 'H'])}/I:${pick(['N', 'L', 'H'])}/A:${pick(['N', 'L', 'H'])}`;
  const cvss4 = () => `CVSS:4.0/AV:${pick(['N', 'A', 'L', 'P'])}/AC:${pick(['L', 'H'])}/AT:${pick(['N', 'P'])}/PR:${pick(['N', 'L', 'H'])}/UI:${pick(['N', 'P', 'A'])}/VC:${pick(['N', 'L', 'H'])}/VI:${pick(['N', 'L', 'H'])}/VA:${pick(['N', 'L', 'H'])}/SC:N/SI:N/SA:N`;
  const label = (vector) => {
    const high = (vector.match(/\/[CIA]:H/g) ?? []).length;
    return vector.includes('AV:N') && high >= 3 ? 'CRITICAL' : high >= 1 ? 'HIGH' : vector.includes(':L') ? 'MODERATE' : 'LOW';
  };

  // ---- ranges from positions in the history ------------------------------------------------------------------------
  // A range is { intro: -1 ("0") | index, end: { kind: 'fixed' | 'last_affected' | 'open', at } }; it affects the
  // versions at positions [intro, fixed), [intro, last_affected], [intro, end of history).
  const makeRanges = (L, debian) => {
    if (debian) {
      // the security tracker: always "introduced 0", a fix or none yet
      return [chance(0.12) ? { intro: -1, end: { kind: 'open' } } : { intro: -1, end: { kind: 'fixed', at: 1 + int(L - 1) } }];
    }
    let r = chance(0.7) ? 1 : chance(0.67) ? 2 : 3;
    while (r > 1 && L < 3 * r) r--;
    const out = [];
    for (let k = 0; k < r; k++) {
      const s = Math.round((k * L) / r);
      const e = Math.round(((k + 1) * L) / r);
      const intro = k === 0 && chance(0.5) ? -1 : s + int(Math.max(1, e - s - 1));
      const a = Math.max(intro, 0);
      const roll = rnd();
      if (k === r - 1 && roll < 0.05) out.push({ intro, end: { kind: 'open' } });
      else if (roll < 0.15 && a <= e - 1) out.push({ intro, end: { kind: 'last_affected', at: a + int(e - a) } });
      else if (a + 1 <= e - 1) out.push({ intro, end: { kind: 'fixed', at: a + 1 + int(e - 1 - a) } });
      else out.push({ intro, end: { kind: 'last_affected', at: a } });
    }
    return out;
  };
  const intervals = (ranges, L) => ranges.flatMap(({ intro, end }) => {
    const a = Math.max(intro, 0);
    return [[a, end.kind === 'fixed' ? end.at : end.kind === 'last_affected' ? end.at + 1 : L]];
  });
  const events = (range, H) => [
    { introduced: range.intro < 0 ? '0' : H[range.intro] },
    ...(range.end.kind === 'open' ? [] : [{ [range.end.kind]: H[range.end.at] }]),
  ];
  // the databases that write all of a package's events in one range (PYSEC, GO, RUSTSEC) — unless it would mix
  // fixed and last_affected, which the schema forbids within one range: then one range each
  const oneRange = (type, ranges, H) => (ranges.some((r) => r.end.kind === 'last_affected') && ranges.some((r) => r.end.kind === 'fixed')
    ? ranges.map((r) => ({ type, events: events(r, H) }))
    : [{ type, events: ranges.flatMap((r) => events(r, H)) }]);
  const listed = (ivs, H, max = 200) => {
    const out = [];
    for (const [a, b] of ivs) for (let i = a; i < b && out.length < max; i++) out.push(H[i]);
    return out;
  };

  // ---- the zips ----------------------------------------------------------------------------------------------------
  mkdirSync(dir, { recursive: true });
  const zips = [];
  let bytes = 0;
  const byEcosystem = {};
  const byKind = {};
  let written = 0;
  let openZip;
  const startZip = (eco) => {
    const file = join(dir, eco, 'all.zip');
    mkdirSync(join(dir, eco), { recursive: true });
    const fd = openSync(file, 'w');
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      writeSync(fd, chunk);
      bytes += chunk.length;
    });
    openZip = { zip, fd };
    zips.push(file);
  };
  const endZip = () => {
    openZip.zip.end();
    closeSync(openZip.fd);
  };
  const emit = (rec, kind) => {
    const data = Buffer.from(JSON.stringify(rec, null, 2));
    // compressed by node:zlib (Go's archive/zip also deflates at level 6); fflate lays out the archive with data
    // descriptors as Go does (flag bit 3). Past 65,535 entries it wraps the 16-bit entry count instead of writing
    // ZIP64 records, a shape the reader is built to accept.
    const file = { filename: `${rec.id}.json`, size: data.length, crc: crc32(data) >>> 0, compression: 8, mtime: MTIME };
    openZip.zip.add(file);
    file.ondata(null, deflateRawSync(data, { level: 6 }), true);
    written++;
    byEcosystem[rec.affected?.[0]?.package?.ecosystem ?? '?'] = (byEcosystem[rec.affected?.[0]?.package?.ecosystem ?? '?'] ?? 0) + 1;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  };

  /** Packages with advisories: { eco, name, H, anchor, vulns: [{ key, ivs }] } (vulns only those not withdrawn). */
  const vulnerable = [];
  let maxPerPackage = 0;
  const quota = ECOSYSTEMS.map((e) => Math.round(records * e.share));
  quota[quota.length - 1] += records - quota.reduce((a, b) => a + b, 0);

  ECOSYSTEMS.forEach((cfg, ei) => {
    const eco = cfg.ecosystem;
    const debian = eco === 'Debian:12';
    const left = () => quota[ei] - emittedHere;
    let emittedHere = 0;
    let malHere = 0;
    const pkgs = [];
    startZip(eco);
    const newPackage = (anchor, k) => {
      const releases = anchor ? Math.min(320, 40 + 2 * k) : Math.min(120, 4 + int(20) + 2 * k);
      const pkg = { eco, name: freshName(eco), H: null, anchor, vulns: [], records: 0 };
      pkg.H = history(eco, releases);
      pkgs.push(pkg);
      vulnerable.push(pkg);
      return pkg;
    };
    const dates = () => {
      const published = T0 + rnd() * (T1 - T0);
      return { published: iso(published), modified: iso(Math.min(T1 + 20 * 86400e3, published + rnd() * rnd() * 3 * 365 * 86400e3)) };
    };
    const cveOf = (year) => serial('CVE', year, 1000 + int(20), 4);

    const debianRecord = (pkg) => {
      const d = dates();
      const year = Number(d.published.slice(0, 4));
      const cve = cveOf(year);
      const ranges = makeRanges(pkg.H.length, true);
      const ivs = intervals(ranges, pkg.H.length);
      const affected = [{
        package: { ecosystem: eco, name: pkg.name, purl: purlOf(eco, pkg.name) },
        ranges: ranges.map((r) => ({ type: 'ECOSYSTEM', events: events(r, pkg.H) })),
        ...(chance(0.5) ? { versions: listed(ivs, pkg.H) } : {}),
        ecosystem_specific: { urgency: pick(['not yet assigned', 'low', 'medium', 'high', 'unimportant']) },
      }];
      if (chance(0.5)) {
        // Debian 11 carries its own, older versions of the package
        const fixed = pkg.H[int(pkg.H.length)].replace(/\+deb12u(\d)$/, '').replace(/-(\d+)$/, '-$1+deb11u1');
        affected.push({ package: { ecosystem: 'Debian:11', name: pkg.name, purl: purlOf(eco, pkg.name) }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }], ecosystem_specific: { urgency: 'not yet assigned' } });
      }
      emit({
        schema_version: '1.6.0', id: `DEBIAN-${cve}`, modified: d.modified, published: d.published, upstream: [cve],
        details: prose(150 + int(600)), affected,
        references: [{ type: 'ADVISORY', url: `https://security-tracker.debian.org/tracker/${cve}` }],
      }, 'DEBIAN-CVE');
      pkg.vulns.push({ key: cve, ivs });
      pkg.records++;
      emittedHere++;
    };

    const ghsaRecord = (pkg) => {
      const d = dates();
      const year = Number(d.published.slice(0, 4));
      const cve = chance(0.9) ? cveOf(year) : undefined;
      const id = ghsaId();
      const kind = pick(KINDS);
      const vector = chance(0.92) ? cvss3() : undefined;
      const ranges = makeRanges(pkg.H.length, false);
      const ivs = intervals(ranges, pkg.H.length);
      const affectedFor = (p, rs) => rs.map((r) => ({
        package: { ecosystem: eco, name: p.name, purl: purlOf(eco, p.name) },
        ranges: [{ type: 'ECOSYSTEM', events: events(r, p.H) }],
        ...(r.end.kind === 'last_affected' ? { database_specific: { last_known_affected_version_range: `<= ${p.H[r.end.at]}` } } : {}),
      }));
      const affected = affectedFor(pkg, ranges);
      // some advisories name a second package of the same project (log4j-core and log4j-api …)
      const other = pkgs.length > 1 && chance(0.1) ? pkgs[int(pkgs.length)] : undefined;
      const second = other && other !== pkg && !other.anchor ? { p: other, ranges: makeRanges(other.H.length, false) } : undefined;
      if (second) affected.push(...affectedFor(second.p, second.ranges));
      const withdrawn = !cfg.twin && chance(0.005);
      const modified = d.modified;
      emit({
        schema_version: '1.4.0', id, modified, published: d.published,
        ...(withdrawn ? { withdrawn: modified } : {}),
        aliases: cve ? [cve] : [],
        summary: `${kind} in ${pkg.name}`,
        details: ghsaDetails(pkg.name),
        ...(vector ? { severity: [{ type: 'CVSS_V3', score: vector }, ...(chance(0.2) ? [{ type: 'CVSS_V4', score: cvss4() }] : [])] } : {}),
        affected,
        references: [
          ...(cve ? [{ type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/${cve}` }] : []),
          { type: 'WEB', url: `https://github.com/${w()}/${w()}/security/advisories/${id}` },
          { type: 'WEB', url: `https://github.com/${w()}/${w()}/commit/${Array.from({ length: 40 }, () => '0123456789abcdef'[int(16)]).join('')}` },
          { type: 'PACKAGE', url: `https://github.com/${w()}/${w()}` },
        ],
        database_specific: {
          cwe_ids: [pick(CWES)], severity: vector ? label(vector) : pick(['LOW', 'MODERATE', 'HIGH']), github_reviewed: true,
          github_reviewed_at: modified, nvd_published_at: cve ? d.published : null,
        },
      }, 'GHSA');
      emittedHere++;
      pkg.records++;
      if (second) second.p.records++;
      if (withdrawn) return;
      const vkey = cve ?? id;
      pkg.vulns.push({ key: vkey, ivs });
      if (second) second.p.vulns.push({ key: vkey, ivs: intervals(second.ranges, second.p.H.length) });
      // the ecosystem's own database republishes it, aliasing GitHub's id and the CVE
      if (cfg.twin && left() > 0 && chance(cfg.twinShare)) {
        const base = { modified, published: d.published, aliases: cve ? [id, cve] : [id] };
        const pkgRef = { ecosystem: eco, name: pkg.name, purl: purlOf(eco, pkg.name) };
        let rec;
        if (cfg.twin === 'PYSEC') {
          rec = { id: serial('PYSEC', year, 0, 1), ...base, details: prose(200 + int(500)),
            affected: [{ package: pkgRef, ranges: oneRange('ECOSYSTEM', ranges, pkg.H), versions: listed(ivs, pkg.H) }],
            references: [{ type: 'ADVISORY', url: `https://github.com/advisories/${id}` }] };
        } else if (cfg.twin === 'GO') {
          const goId = serial('GO', year, 0, 4);
          rec = { schema_version: '1.3.1', id: goId, ...base, summary: `${kind} in ${pkg.name}`, details: prose(150 + int(400)),
            affected: [{ package: { ecosystem: eco, name: pkg.name }, ranges: oneRange('SEMVER', ranges, pkg.H),
              ecosystem_specific: { imports: [{ path: pkg.name, symbols: [`${cap(w())}${cap(w())}`, `${cap(w())}.${cap(w())}`] }] } }],
            references: [{ type: 'FIX', url: `https://go.dev/cl/${100000 + int(500000)}` }],
            database_specific: { url: `https://pkg.go.dev/vuln/${goId}`, review_status: 'REVIEWED' } };
        } else {
          rec = { id: serial('RUSTSEC', year, 0, 4), ...base, summary: `${kind} in ${pkg.name}`, details: prose(150 + int(600)),
            ...(vector ? { severity: [{ type: 'CVSS_V3', score: vector }] } : {}),
            affected: [{ package: pkgRef, ranges: oneRange('SEMVER', ranges, pkg.H),
              ecosystem_specific: { affects: { arch: [], os: [], functions: [`${pkg.name.replace(/-/g, '_')}::${w()}`] } },
              database_specific: { categories: [pick(['denial-of-service', 'memory-corruption', 'crypto-failure'])], cvss: vector ?? null, informational: null } }],
            references: [{ type: 'PACKAGE', url: `https://crates.io/crates/${pkg.name}` }] };
        }
        emit(rec, cfg.twin);
        emittedHere++;
        pkg.records++;
      }
    };

    const malRecord = () => {
      const name = freshName(eco);
      const d = dates();
      const year = Number(d.published.slice(0, 4));
      const versions = Array.from({ length: 1 + int(3) }, (_, i) => `${i}.0.${int(3)}`);
      emit({
        schema_version: '1.5.0', id: serial('MAL', year, 0, 1), modified: d.modified, published: d.published,
        summary: `Malicious code in ${name} (${eco})`,
        details: `\n---\n_-= Per source details. Do not edit below this line.=-_\n\n## Source: ossf-package-analysis (${Array.from({ length: 64 }, () => '0123456789abcdef'[int(16)]).join('')})\nThe OpenSSF Package Analysis project identified '${name}' @ ${versions[0]} (${eco}) as malicious.\n\nIt is considered malicious because:\n\n- The package communicates with a domain associated with malicious activity.\n`,
        affected: [{ package: { ecosystem: eco, name, purl: purlOf(eco, name) }, ranges: [{ type: eco === 'npm' ? 'SEMVER' : 'ECOSYSTEM', events: [{ introduced: '0' }] }], versions,
          database_specific: { source: `https://github.com/ossf/malicious-packages/blob/main/osv/malicious/${eco.toLowerCase()}/${name}/MAL.json` } }],
        database_specific: { 'malicious-packages-origins': [{ source: 'ossf-package-analysis', import_time: d.published, modified_time: d.modified, versions }] },
      }, 'MAL');
      emittedHere++;
    };

    const vulnsFor = (pkg, k) => {
      for (let i = 0; i < k && left() > 0; i++) (debian ? debianRecord : ghsaRecord)(pkg);
      maxPerPackage = Math.max(maxPerPackage, pkg.records);
    };
    for (const k of cfg.anchors) if (left() > 0) vulnsFor(newPackage(true, k), k);
    while (left() > 0) {
      // malicious-package reports keep their share of the records as they go
      if (cfg.mal && malHere < cfg.mal * emittedHere) { malRecord(); malHere++; continue; }
      const k = Math.min(cfg.cap, Math.floor(1 / (1 - rnd())));
      vulnsFor(newPackage(false, k), k);
    }
    for (const p of pkgs) maxPerPackage = Math.max(maxPerPackage, p.records);
    endZip();
  });

  // ---- the device's components -------------------------------------------------------------------------------------
  const items = [];
  const expectedOf = [];
  const versionOf = (eco, v) => (eco === 'Go' ? `v${v}` : v);
  const respell = (eco, name) => {
    // the same package as the component's own tool writes it (OSV compares PyPI names by PEP 503, NuGet ignoring case)
    if (eco === 'PyPI' && chance(0.3)) return name.toLowerCase().replace(/-/g, '_');
    if (eco === 'NuGet' && chance(0.3)) return name.toLowerCase();
    return name;
  };
  const itemOf = (eco, name, version, sourceName) => ({
    ecosystem: eco, name, version, purl: eco === 'Debian:12'
      ? new PackageURL('deb', 'debian', name, version, { distro: 'debian-12', ...(sourceName ? { upstream: sourceName } : {}) }, null).toString()
      : `${purlOf(eco, name)}@${encodeURIComponent(version)}`,
    ...(sourceName ? { sourceName } : {}), soup: true,
  });
  const binaryOf = (src) => {
    if (chance(0.4)) return src;
    for (;;) {
      const b = pick([`lib${src}${1 + int(4)}`, `${src}-common`, `${src}-utils`, `${src}-data`]);
      if (!taken.get('Debian:12').has(b)) { taken.get('Debian:12').add(b); return b; }
    }
  };
  const addHit = (pkg) => {
    const at = int(pkg.H.length);
    const version = versionOf(pkg.eco, pkg.H[at]);
    if (pkg.eco === 'Debian:12') {
      const bin = binaryOf(pkg.name);
      items.push(itemOf(pkg.eco, bin, version, bin === pkg.name ? undefined : pkg.name));
    } else {
      items.push(itemOf(pkg.eco, respell(pkg.eco, pkg.name), version));
    }
    const hitBy = new Set(pkg.vulns.filter((v) => v.ivs.some(([a, b]) => at >= a && at < b)).map((v) => v.key));
    expectedOf.push(hitBy.size);
  };
  const hits = Math.round(components * hitShare);
  const anchors = vulnerable.filter((p) => p.anchor);
  for (const p of anchors) if (items.length < hits) addHit(p);
  const rest = vulnerable.filter((p) => !p.anchor);
  for (let i = 0; i < rest.length && items.length < hits; i++) {
    // a partial Fisher–Yates shuffle: a uniform draw without replacement
    const j = i + int(rest.length - i);
    [rest[i], rest[j]] = [rest[j], rest[i]];
    addHit(rest[i]);
  }
  const weights = ECOSYSTEMS.map((e) => e.components);
  while (items.length < components) {
    let r = rnd();
    let ei = 0;
    while (ei < weights.length - 1 && r >= weights[ei]) r -= weights[ei++];
    const eco = ECOSYSTEMS[ei].ecosystem;
    const name = freshName(eco);
    const H = history(eco, 1 + int(12));
    const version = versionOf(eco, pick(H));
    items.push(eco === 'Debian:12' && chance(0.5) ? itemOf(eco, binaryOf(name), version, name) : itemOf(eco, name, version));
    expectedOf.push(0);
  }
  // shuffle, so that the order of lookups is not the order of generation
  const order = items.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const shuffled = order.map((i) => items[i]);
  const expected = { hits: Math.min(hits, items.length), affected: expectedOf.filter((n) => n > 0).length, findings: expectedOf.reduce((a, b) => a + b, 0), perComponent: order.map((i) => expectedOf[i]) };
  writeFileSync(join(dir, 'components.json'), JSON.stringify(shuffled));
  return { zips, bytes, records: written, byEcosystem, byKind, packages: vulnerable.length, maxPerPackage, components: shuffled, expected };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dir, n, seed, comps] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/gen-osv.mjs <out-dir> [records=250000] [seed=62304] [components=10000]');
    process.exit(2);
  }
  const t = performance.now();
  const g = writeOsvExports(dir, { records: n ? Number(n) : undefined, seed: seed ? Number(seed) : undefined, components: comps ? Number(comps) : undefined });
  const { zips, bytes, records, byEcosystem, byKind, packages, maxPerPackage, expected } = g;
  console.log({ zips, bytes, records, byEcosystem, byKind, packages, maxPerPackage, components: g.components.length,
    expected: { hits: expected.hits, affected: expected.affected, findings: expected.findings }, ms: Math.round(performance.now() - t) });
}
