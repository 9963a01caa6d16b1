/**
 * End-to-end: `tureen db import|update|status`, the built binary (dist/cli/main.js, built by `npm test` and by
 * `npm ci`'s prepare) run as a user runs it, each in a temporary folder with --db.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startReplayServer } from '../src/net/test-support/server.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus', 'advisories');
const tmp = mkdtempSync(join(tmpdir(), 'tureen-db-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Rec = { id: string; modified: string; affected: { package: { ecosystem: string; name: string } }[] };
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort();
const records = files.map((f) => JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as Rec);
/** advisories per ecosystem, counted from the files themselves */
const perEcosystem = new Map<string, number>();
for (const r of records) for (const eco of new Set(r.affected.map((a) => a.package.ecosystem))) perEcosystem.set(eco, (perEcosystem.get(eco) ?? 0) + 1);

/** Async, so that a replay server in this process can answer the child. */
function tureen(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp, env: { ...process.env, TUREEN_DEBUG: '', TUREEN_DB: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function corpusZip(extra: Zippable = {}): Zippable {
  const z: Zippable = {};
  for (const f of files) z[f] = new Uint8Array(readFileSync(join(CORPUS, f)));
  return { ...z, ...extra };
}

describe('tureen db import / status', () => {
  it('imports the corpus folder and reports what the store holds', async () => {
    const db = join(tmp, 'a.db');
    const imp = await tureen(['db', 'import', CORPUS, '--db', db]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(new RegExp(`^Imported ${files.length} JSON documents from 1 path into .*a\\.db in \\d+\\.\\d s: ${files.length} added, 0 updated, 0 withdrawn, 0 unchanged, 0 refused\\.\\n$`));
    const st = await tureen(['db', 'status', '--db', db, '--format', 'json']);
    expect(st.code).toBe(0);
    const s = JSON.parse(st.stdout) as { path: string; advisories: number; byEcosystem: Record<string, number>; sources: { name: string }[]; sizeBytes: number };
    expect(s.path).toBe(db);
    expect(s.advisories).toBe(records.length);
    expect(s.byEcosystem).toEqual(Object.fromEntries(perEcosystem));
    expect(s.sources.map((x) => x.name)).toEqual([`import:${CORPUS}`]);
    const text = await tureen(['db', 'status', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${records.length} advisories (0 withdrawn)`);
    expect(text.stdout).toContain(`npm ${perEcosystem.get('npm')}`);
    // a second import of the same data changes nothing
    const again = await tureen(['db', 'import', CORPUS, '--db', db]);
    expect(again.stdout).toContain(`0 added, 0 updated, 0 withdrawn, ${files.length} unchanged, 0 refused`);
  });

  it('imports a zip and lists what it refused, and where', async () => {
    const zip = join(tmp, 'export.zip');
    writeFileSync(zip, zipSync(corpusZip({ '../../evil.json': strToU8('{"id": "EVIL"}'), 'broken.json': strToU8('{"id": ') })));
    const db = join(tmp, 'z.db');
    const r = await tureen(['db', 'import', zip, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${files.length} added, 0 updated, 0 withdrawn, 0 unchanged, 2 refused`);
    expect(r.stdout).toMatch(/export\.zip!\.\.\/\.\.\/evil\.json \(EVIL\): modified: /);
    expect(r.stdout).toMatch(/export\.zip!broken\.json: \(file\): not valid JSON/);
    expect(existsSync(resolve(tmp, '..', '..', 'evil.json'))).toBe(false);
  });

  it('uses TUREEN_DB when --db is not given', async () => {
    const db = join(tmp, 'env.db');
    const r = await tureen(['db', 'import', join(CORPUS, files[0] as string)], { TUREEN_DB: db });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(db);
    expect(existsSync(db)).toBe(true);
  });

  it('exits 2 with a message, never a stack, for input it cannot read', async () => {
    const missing = await tureen(['db', 'import', join(tmp, 'no-such.zip'), '--db', join(tmp, 'm.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such\.zip: cannot read it/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const notZip = join(tmp, 'fake.zip');
    writeFileSync(notZip, 'this is not a zip file at all');
    const bad = await tureen(['db', 'import', notZip, '--db', join(tmp, 'm.db')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a readable ZIP archive');
    const status = await tureen(['db', 'status', '--db', join(tmp, 'never.db')]);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('there is no advisory store here yet');
    const newer = join(tmp, 'newer.db');
    await tureen(['db', 'import', join(CORPUS, files[0] as string), '--db', newer]);
    const raw = new Database(newer);
    raw.pragma('user_version = 7');
    raw.close();
    const refused = await tureen(['db', 'status', '--db', newer]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('written by a newer Tureen');
  });
});

describe('tureen db update', () => {
  it('downloads the named ecosystems, and without --ecosystem those already in the store', async () => {
    const exportOf = (eco: string) => {
      const z: Zippable = {};
      for (const r of records) if (r.affected.some((a) => a.package.ecosystem === eco)) z[`${r.id}.json`] = strToU8(JSON.stringify(r));
      return Buffer.from(zipSync(z));
    };
    const routes = new Map([...perEcosystem.keys()].map((eco) => [`/${eco}/all.zip`, { body: exportOf(eco), headers: { 'content-type': 'application/zip' } }]));
    const server = await startReplayServer(routes);
    try {
      const db = join(tmp, 'u.db');
      const r = await tureen(['db', 'update', '--ecosystem', 'npm', 'Nope', '--url', server.url, '--db', db]);
      // an ecosystem without an export is a usage error: exit 2, after the others were imported
      expect(r.code).toBe(2);
      expect(r.stdout).toMatch(new RegExp(`^npm: [\\d.]+ KB, ${perEcosystem.get('npm')} documents: ${perEcosystem.get('npm')} added`));
      expect(r.stderr).toContain(`Nope: no export at ${server.url}/Nope/all.zip`);
      expect(r.stdout).toContain('Updated 1 of 2 ecosystems');
      expect(existsSync(join(tmp, 'osv-exports', 'osv-npm-all.zip'))).toBe(true);

      server.requests.length = 0;
      const all = await tureen(['db', 'update', '--url', server.url, '--db', db]);
      expect(all.code).toBe(0);
      // the store held npm (imported) and nothing else yet; Nope was never stored
      expect(server.requests.map((q) => q.path)).toEqual(['/npm/all.zip']);
      expect(all.stdout).toContain(`0 added, 0 updated, 0 withdrawn, ${perEcosystem.get('npm')} unchanged`);

      await tureen(['db', 'import', CORPUS, '--db', db]);
      server.requests.length = 0;
      const every = await tureen(['db', 'update', '--url', server.url, '--db', db]);
      expect(every.code).toBe(0);
      expect(server.requests.map((q) => q.path).sort()).toEqual([...perEcosystem.keys()].map((e) => `/${e}/all.zip`).sort());
    } finally {
      await server.close();
    }
  });
});

describe('an import killed half-way', () => {
  it('leaves the store as the last committed batch left it, readable and whole', async () => {
    const db = join(tmp, 'killed.db');
    expect((await tureen(['db', 'import', CORPUS, '--db', db])).code).toBe(0);
    // a child that imports an endless stream of records and says when 2,500 were read (two batches of 1,000 committed)
    const script = `
      import { AdvisoryStore } from ${JSON.stringify(join(ROOT, 'dist/advisories/store/index.js'))};
      const store = AdvisoryStore.open(${JSON.stringify(db)});
      async function* endless() {
        for (let i = 0; ; i++) {
          if (i === 2500) process.stdout.write('ready\\n');
          yield { id: 'KILL-' + i, modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'pkg-' + i } }] };
          if (i >= 2500) await new Promise((r) => setTimeout(r, 5));
        }
      }
      await store.importOsv(endless(), 'endless');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && ready()));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    const raw = new Database(db, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const killed = (raw.prepare("SELECT COUNT(*) AS n FROM advisory WHERE id LIKE 'KILL-%'").get() as { n: number }).n;
    raw.close();
    // whole batches only, and at least the two committed before "ready"
    expect(killed % 1000).toBe(0);
    expect(killed).toBeGreaterThanOrEqual(2000);
    const st = await tureen(['db', 'status', '--db', db, '--format', 'json']);
    expect(st.code).toBe(0);
    const s = JSON.parse(st.stdout) as { advisories: number; byEcosystem: Record<string, number> };
    expect(s.advisories).toBe(records.length + killed);
    expect(s.byEcosystem.PyPI).toBe(perEcosystem.get('PyPI'));
  });
});
